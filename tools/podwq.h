/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: podwq's state as read from a kernel.
 *
 * layout.c resolves, once, every structure layout, enumerator and global
 * of podwq's inspector contract (Documentation/internals.rst) from BTF and
 * kallsyms; members that an older or newer podwq lacks are marked missing
 * instead of failing, and the sections print what wq_dump.py prints for an
 * absent object.  snapshot.c reads podwq's state into a struct pw_snap,
 * which the output sections (sec_*.c) print as text or JSON.  Nothing is
 * printed while reading, so a snapshot that fails half way (the live
 * kernel changed under us) is simply taken again.
 */
#ifndef PODWQ_DUMP_PODWQ_H
#define PODWQ_DUMP_PODWQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel.h"

/* A member of a structure: offset and size, or off < 0 if missing. */
struct pw_field {
	int64_t off;
	uint32_t size;
	bool sign;
};

struct pw_struct {
	const char *name;
	struct ktype t;
	uint64_t size;
};

/* Indices of podwq_pool_workqueue.stats[], as wq_monitor.py's columns. */
enum {
	PW_STAT_STARTED,
	PW_STAT_COMPLETED,
	PW_STAT_CPU_TIME,
	PW_STAT_CPU_INTENSIVE,
	PW_STAT_CM_WAKEUP,
	PW_STAT_REPATRIATED,
	PW_STAT_MAYDAY,
	PW_STAT_RESCUED,
	PW_NR_STATS,
};

#define PW_NR_SCOPES	6	/* CPU, SMT, CACHE, CACHE_SHARD, NUMA, SYSTEM */

struct pw_layout {
	/* struct podwq_pod_type */
	struct pw_struct podt;
	struct pw_field podt_nr_pods, podt_pod_cpus, podt_pod_node, podt_cpu_pod;
	/* struct podwq_worker_pool */
	struct pw_struct pool;
	struct pw_field pool_id, pool_cpu, pool_node, pool_flags, pool_refcnt,
			pool_attrs, pool_nr_workers, pool_nr_idle, pool_nr_running,
			pool_worklist, pool_busy_hash, pool_workers;
	uint32_t busy_hash_len;
	/* struct podwq_attrs */
	struct pw_struct attrs;
	struct pw_field attrs_nice, attrs_cpumask, attrs_pod_cpumask,
			attrs_strict;
	/* struct podwq_workqueue */
	struct pw_struct wq;
	struct pw_field wq_list, wq_pwqs, wq_name, wq_flags, wq_cpu_pwq,
			wq_dfl_pwq, wq_unbound_attrs, wq_max_active,
			wq_min_active, wq_node_nr_active, wq_rescuer;
	/* struct podwq_pool_workqueue */
	struct pw_struct pwq;
	struct pw_field pwq_pool, pwq_wq, pwq_refcnt, pwq_nr_active,
			pwq_inactive_works, pwq_pwqs_node, pwq_stats;
	uint32_t pwq_nr_stats;		/* length of stats[] */
	/* struct podwq_node_nr_active */
	struct pw_struct nna;
	struct pw_field nna_max, nna_nr;
	/* struct podwq_worker */
	struct pw_struct worker;
	struct pw_field worker_hentry, worker_current_work, worker_current_func,
			worker_current_pwq, worker_current_start, worker_task,
			worker_id, worker_flags, worker_sleeping;
	/* struct podwq_work */
	struct pw_struct work;
	struct pw_field work_data, work_entry, work_func;
	/* struct task_struct */
	struct pw_struct task;
	struct pw_field task_pid, task_comm, task_cpus_ptr;

	/* cpumask_var_t: a pointer (CPUMASK_OFFSTACK) or an inline array */
	bool cpumask_var_ptr;
	uint64_t cpumask_var_size;
	uint64_t nodemask_size;		/* sizeof(nodemask_t) */

	/* enumerators */
	int64_t name_len;			/* PODWQ_NAME_LEN */
	int64_t scope[PW_NR_SCOPES];		/* PODWQ_AFFN_CPU .. _SYSTEM */
	int64_t nr_scopes;			/* PODWQ_AFFN_NR_TYPES */
	uint64_t wq_bh, wq_unbound, wq_ordered, wq_mem_reclaim;	/* 0: none */
	uint64_t pool_bh;
	int64_t stat_idx[PW_NR_STATS];		/* -1: missing */
	int64_t pwq_shift;		/* PODWQ_WORK_STRUCT_PWQ_SHIFT */
	uint64_t work_pwq_bit;		/* PODWQ_WORK_STRUCT_PWQ */
	uint64_t work_inactive_bit;	/* PODWQ_WORK_STRUCT_INACTIVE */

	/* globals (0: missing) */
	uint64_t pod_types, affn_dfl, affn_names, unbound_cpumask, pool_idr,
		 workqueues, possible_mask, online_mask, node_to_cpumask_map,
		 node_states, nr_node_ids, jiffies, clocksource_jiffies;
	int64_t n_possible;		/* enum node_states N_POSSIBLE */
	uint64_t hz;			/* 0: unknown */
};

struct pw {
	struct kernel *k;
	struct pw_layout l;
	uint32_t nbits;			/* nr_cpu_ids */
	uint32_t words;			/* (nbits + 63) / 64 */
	char err[1024];
};

/* ---- the snapshot ---------------------------------------------------- */

struct pw_scope {
	char name[32];			/* upper case, as wq_dump.py prints */
	int64_t value;			/* enum podwq_affn_scope */
	bool is_default;
	int32_t nr_pods;
	uint64_t **pod_cpus;		/* [nr_pods] masks */
	int32_t *pod_node;		/* [nr_pods] */
	int32_t *cpu_pod;		/* [nbits], possible CPUs only */
};

struct pw_item {			/* a work item */
	uint64_t addr, func, data;
	char func_name[160];		/* pw_func_name() */
	char wq[64];			/* its workqueue's name, "" unknown */
	bool inactive;
};

struct pw_busy {			/* a busy worker */
	uint64_t addr, work, func;
	int32_t pid, id;
	char func_name[160];
	char comm[32];
	char wq[64];
	uint64_t start;			/* jiffies */
};

struct pw_pool {
	uint64_t addr;
	int64_t id;
	uint32_t flags;
	int32_t refcnt, nice, nr_idle, nr_workers, nr_running, cpu, node;
	bool strict, bh;
	uint64_t *cpus, *pod_cpus;	/* unbound pools */
	struct pw_busy *busy;
	size_t nbusy;
	struct pw_item *items;		/* pending, then inactive */
	size_t nitems;
};

struct pw_nna {
	int32_t nr, max;
	bool valid;
};

struct pw_wq {
	uint64_t addr;
	char name[64];
	uint64_t flags;
	bool unbound, ordered, bh, strict, mem_reclaim;
	int64_t *cpu_pool;		/* [nbits]: pool ID per CPU, -1 none */
	int64_t dfl_pool;		/* -1 none */
	uint64_t *unbound_cpus;		/* NULL: no unbound_attrs */
	bool has_rescuer;
	int32_t rescuer_pid;
	uint64_t *rescuer_cpus;
	int32_t min_active, max_active;
	struct pw_nna *nna;		/* [nr_node_ids + 1], unbound only */
	uint64_t stats[PW_NR_STATS];
};

enum {
	PW_SNAP_LAYOUT	= 1 << 0,	/* the wq_dump.py sections */
	PW_SNAP_BUSY	= 1 << 1,	/* busy workers */
	PW_SNAP_PENDING	= 1 << 2,	/* pending and inactive items */
	PW_SNAP_STATS	= 1 << 3,	/* per-wq stats (monitor) */
};

struct pw_snap {
	unsigned int what;
	uint32_t nbits;
	uint64_t *possible, *online, *unbound;
	int64_t affn_dfl;
	struct pw_scope scopes[PW_NR_SCOPES];
	struct pw_pool *pools;		/* by ID */
	size_t npools;
	struct pw_wq *wqs;		/* oldest first */
	size_t nwqs;
	int64_t name_len;
	/* nodes */
	bool have_numa;
	uint32_t nr_node_ids;
	int32_t *nodes;			/* possible nodes */
	size_t nnodes;
	uint64_t **node_cpus;		/* [nnodes] */
	uint64_t jiffies, hz;		/* hz 0: unknown */

	/* every allocation above, freed together */
	void **allocs;
	size_t nallocs, cap;
};

/* The vmlinux symbols, types and enumerators pw_open() and the snapshot
 * look up (kernel_opts.want_*). */
extern const char *const pw_vmlinux_syms[];
extern const char *const pw_vmlinux_types[];
extern const char *const pw_vmlinux_enums[];

/* Resolve layouts; an EXIT_* code (EXIT_NOPODWQ, EXIT_NOBTF), p->err. */
int pw_open(struct pw *p, struct kernel *k);

/* Read podwq's state; EXIT_OK or EXIT_ERROR (p->err).  A live target is
 * read up to three times when a read fails (it changed under us). */
int pw_snapshot(struct pw *p, unsigned int what, struct pw_snap *s);
void pw_snap_free(struct pw_snap *s);

/* Helpers of snapshot.c shared with the sections. */
bool pw_test_cpu(const uint64_t *bits, uint32_t cpu);
const struct pw_pool *pw_pool_by_id(const struct pw_snap *s, int64_t id);

/* Resolve a function address: "name", "name+0x10" and " [module]". */
void pw_func_name(struct kernel *k, uint64_t addr, char *buf, size_t size);

/* ---- formatting (fmt.c) -------------------------------------------- */

/* wq_dump.py's cpumask_str(): 32-bit words, the full ones as Python's
 * hex() with a space after, the last as %08x; "" for an empty mask. */
char *pw_cpumask_str(const uint64_t *bits, uint32_t nbits);
/* The CPU list ("0-3,6"); malloc'ed. */
char *pw_cpulist(const uint64_t *bits, uint32_t nbits);
/* Python's f'{s:^{width}}': extra space on the right. */
void pw_put_center(FILE *f, const char *s, int width);

#endif
