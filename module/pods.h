/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - affinity pods: how the possible CPUs are grouped for each
 * affinity scope (enum podwq_affn_scope in podwq.h).
 *
 * The tables mirror Linux 7.2's wq_pod_types[]: for every scope, nr_pods
 * pods numbered in the order of their lowest CPU, each with its CPUs
 * (pod_cpus) and the NUMA node to allocate from (pod_node), and for every
 * possible CPU its pod (cpu_pod, nr_cpu_ids long).  PODWQ_AFFN_DFL's entry
 * stays empty; PODWQ_AFFN_SYSTEM has one pod with pod_node NUMA_NO_NODE.
 * Documentation/pods.rst describes how each scope is derived.
 *
 * Locking: podwq_pods_init() builds the tables before anything else in
 * podwq runs and podwq_pods_exit() frees them after everything else has
 * stopped; in between they are read-only and need no lock.  The names of
 * podwq_pod_types and struct podwq_pod_type are read through BTF by the
 * inspector: keep them.
 *
 * podwq_affn_dfl changes at run time through the default_affinity_scope
 * module parameter (under kernel_param_lock(THIS_MODULE)); readers use
 * READ_ONCE().  After each change pods.c calls podwq_affn_dfl_changed(),
 * which the workqueue core provides.  It is called from process context
 * with kernel_param_lock(THIS_MODULE) held (so it must not take that lock)
 * and only between podwq_pods_init() returning and podwq_pods_exit()
 * starting.  That window includes the core's own teardown at rmmod if the
 * core exits first (module parameters stay writable while the module's
 * exit function runs), so the core must guard against that.
 */
#ifndef _PODWQ_PODS_H
#define _PODWQ_PODS_H

#include <linux/cpumask.h>

#include "podwq.h"

struct podwq_pod_type {
	int			nr_pods;	/* number of pods */
	cpumask_var_t		*pod_cpus;	/* pod -> cpus */
	int			*pod_node;	/* pod -> node */
	int			*cpu_pod;	/* cpu -> pod */
};

extern struct podwq_pod_type podwq_pod_types[PODWQ_AFFN_NR_TYPES];

/* module parameter default_affinity_scope: 0644, default cache_shard */
extern enum podwq_affn_scope podwq_affn_dfl;

/* module parameter cache_shard_size: 0444, default 8, always >= 1 */
extern unsigned int podwq_cache_shard_size;

int podwq_pods_init(void);
void podwq_pods_exit(void);

/* "default", "cpu", "smt", "cache", "cache_shard", "numa", "system" */
const char *podwq_affn_scope_name(enum podwq_affn_scope scope);

/* a scope's name, a trailing newline allowed, to its value; -EINVAL */
int podwq_affn_scope_parse(const char *buf);

/* provided by the workqueue core; pods.c has a weak no-op fallback */
void podwq_affn_dfl_changed(void);

#endif /* _PODWQ_PODS_H */
