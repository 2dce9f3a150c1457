/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - the modern Linux workqueue engine as an out-of-tree module.
 *
 * Public API for client modules.  Names follow <linux/workqueue.h> with a
 * podwq_ / PODWQ_ prefix; semantics follow Linux 7.2 unless
 * Documentation/podwq.rst says otherwise.
 */
#ifndef _PODWQ_H
#define _PODWQ_H

#define PODWQ_VERSION	"0.1.0"

/*
 * Affinity scopes of unbound workqueues, as enum wq_affn_scope in Linux
 * 7.2: which CPUs share a pod, and so a pool of workers.  PODWQ_AFFN_DFL
 * stands for the module-wide default (parameter default_affinity_scope).
 */
enum podwq_affn_scope {
	PODWQ_AFFN_DFL = 0,		/* use the module default */
	PODWQ_AFFN_CPU,			/* one pod per CPU */
	PODWQ_AFFN_SMT,			/* one pod per SMT sibling group */
	PODWQ_AFFN_CACHE,		/* one pod per last-level cache */
	PODWQ_AFFN_CACHE_SHARD,		/* LLCs cut into shards of cores */
	PODWQ_AFFN_NUMA,		/* one pod per NUMA node */
	PODWQ_AFFN_SYSTEM,		/* one pod for the whole system */

	PODWQ_AFFN_NR_TYPES,
};

#endif /* _PODWQ_H */
