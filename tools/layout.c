// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: resolve podwq's inspector contract (Documentation/
 * internals.rst) once: structure layouts and enumerators from BTF, globals
 * from kallsyms.  Nothing here knows an offset; a member missing from BTF
 * is either required (the dump cannot be made: EXIT_NOBTF) or optional
 * (marked missing, and the sections print what wq_dump.py prints for an
 * absent object).
 */
#include "podwq.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int perr(struct pw *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct pw *p, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return code;
}

static int find_struct(struct pw *p, struct pw_struct *s, const char *name,
		       const char *module)
{
	char full[128];
	int64_t sz;

	snprintf(full, sizeof(full), "struct %s", name);
	s->name = name;
	if (kbtf_find_type(&p->k->btf, full, module, &s->t))
		return perr(p, EXIT_NOBTF, "no BTF for %s%s%s (podwq too old or too new for this podwq-dump?)",
			    full, module ? " in module " : "", module ? module : "");
	sz = ktype_size(s->t);
	if (sz <= 0 || sz > (1 << 20))
		return perr(p, EXIT_NOBTF, "%s has a bad size in BTF", full);
	s->size = (uint64_t)sz;
	return 0;
}

/* An optional member: off -1 when missing or not a plain member. */
static void opt(const struct pw_struct *s, struct pw_field *f, const char *path)
{
	struct kmember m;
	char e[256];

	f->off = -1;
	f->size = 0;
	f->sign = false;
	if (ktype_member(s->t, path, &m, e, sizeof(e)) || m.bitfield_size ||
	    m.bit_offset % 8 || m.bit_offset / 8 + m.size > s->size)
		return;
	f->off = (int64_t)(m.bit_offset / 8);
	f->size = (uint32_t)m.size;
	f->sign = ktype_is_signed(m.type);
}

static int req(struct pw *p, const struct pw_struct *s, struct pw_field *f,
	       const char *path)
{
	opt(s, f, path);
	if (f->off < 0)
		return perr(p, EXIT_NOBTF, "struct %s has no usable member '%s' in BTF (podwq too old or too new for this podwq-dump?)",
			    s->name, path);
	return 0;
}

/* Length of the array member @path of @s, 0 if it is not an array. */
static uint32_t array_len(const struct pw_struct *s, const char *path)
{
	struct kmember m;
	uint32_t len;
	char e[256];

	if (ktype_member(s->t, path, &m, e, sizeof(e)) ||
	    ktype_array(m.type, &len, NULL))
		return 0;
	return len;
}

static int64_t enum_or(struct pw *p, const char *name, int64_t dfl)
{
	int64_t v;

	if (kbtf_module_enum_value(&p->k->btf, name, "podwq", &v))
		return dfl;
	return v;
}

static uint64_t sym(struct pw *p, const char *name, const char *module)
{
	const struct ksym *s = sym_lookup(&p->k->syms, name, module);

	return s ? s->addr : 0;
}

/* HZ from the jiffies clocksource: its mult is TICK_NSEC << shift. */
static uint64_t find_hz(struct pw *p)
{
	struct kernel *k = p->k;
	uint64_t mult, shift, tick;

	if (!p->l.clocksource_jiffies ||
	    kernel_read_uint(k, "struct clocksource", p->l.clocksource_jiffies, "mult", &mult) ||
	    kernel_read_uint(k, "struct clocksource", p->l.clocksource_jiffies, "shift", &shift) ||
	    shift >= 32)
		return 0;
	tick = mult >> shift;
	if (!tick || tick > 1000000000ULL)
		return 0;
	return (1000000000ULL + tick / 2) / tick;
}

static int resolve_structs(struct pw *p)
{
	struct pw_layout *l = &p->l;
	int rc;

	if ((rc = find_struct(p, &l->podt, "podwq_pod_type", "podwq")) ||
	    (rc = req(p, &l->podt, &l->podt_nr_pods, "nr_pods")) ||
	    (rc = req(p, &l->podt, &l->podt_pod_cpus, "pod_cpus")) ||
	    (rc = req(p, &l->podt, &l->podt_pod_node, "pod_node")) ||
	    (rc = req(p, &l->podt, &l->podt_cpu_pod, "cpu_pod")))
		return rc;

	if ((rc = find_struct(p, &l->pool, "podwq_worker_pool", "podwq")) ||
	    (rc = req(p, &l->pool, &l->pool_id, "id")) ||
	    (rc = req(p, &l->pool, &l->pool_cpu, "cpu")) ||
	    (rc = req(p, &l->pool, &l->pool_flags, "flags")) ||
	    (rc = req(p, &l->pool, &l->pool_refcnt, "refcnt")) ||
	    (rc = req(p, &l->pool, &l->pool_attrs, "attrs")) ||
	    (rc = req(p, &l->pool, &l->pool_nr_workers, "nr_workers")) ||
	    (rc = req(p, &l->pool, &l->pool_nr_idle, "nr_idle")))
		return rc;
	opt(&l->pool, &l->pool_node, "node");
	opt(&l->pool, &l->pool_nr_running, "nr_running");
	opt(&l->pool, &l->pool_worklist, "worklist");
	opt(&l->pool, &l->pool_busy_hash, "busy_hash");
	opt(&l->pool, &l->pool_workers, "workers");
	l->busy_hash_len = array_len(&l->pool, "busy_hash");

	if ((rc = find_struct(p, &l->attrs, "podwq_attrs", "podwq")) ||
	    (rc = req(p, &l->attrs, &l->attrs_nice, "nice")) ||
	    (rc = req(p, &l->attrs, &l->attrs_cpumask, "cpumask")) ||
	    (rc = req(p, &l->attrs, &l->attrs_pod_cpumask, "__pod_cpumask")))
		return rc;
	opt(&l->attrs, &l->attrs_strict, "affn_strict");

	if ((rc = find_struct(p, &l->wq, "podwq_workqueue", "podwq")) ||
	    (rc = req(p, &l->wq, &l->wq_list, "list")) ||
	    (rc = req(p, &l->wq, &l->wq_name, "name")) ||
	    (rc = req(p, &l->wq, &l->wq_flags, "flags")) ||
	    (rc = req(p, &l->wq, &l->wq_cpu_pwq, "cpu_pwq")))
		return rc;
	opt(&l->wq, &l->wq_pwqs, "pwqs");
	opt(&l->wq, &l->wq_dfl_pwq, "dfl_pwq");
	opt(&l->wq, &l->wq_unbound_attrs, "unbound_attrs");
	opt(&l->wq, &l->wq_max_active, "max_active");
	opt(&l->wq, &l->wq_min_active, "min_active");
	opt(&l->wq, &l->wq_node_nr_active, "node_nr_active");
	opt(&l->wq, &l->wq_rescuer, "rescuer");
	/* node_nr_active is a flexible array: its size in BTF is 0 */
	{
		struct kmember m;
		char e[256];

		if (!ktype_member(l->wq.t, "node_nr_active", &m, e, sizeof(e)) &&
		    !(m.bit_offset % 8)) {
			l->wq_node_nr_active.off = (int64_t)(m.bit_offset / 8);
			l->wq_node_nr_active.size = 8;
		}
	}

	if ((rc = find_struct(p, &l->pwq, "podwq_pool_workqueue", "podwq")) ||
	    (rc = req(p, &l->pwq, &l->pwq_pool, "pool")))
		return rc;
	opt(&l->pwq, &l->pwq_wq, "wq");
	opt(&l->pwq, &l->pwq_refcnt, "refcnt");
	opt(&l->pwq, &l->pwq_nr_active, "nr_active");
	opt(&l->pwq, &l->pwq_inactive_works, "inactive_works");
	opt(&l->pwq, &l->pwq_pwqs_node, "pwqs_node");
	opt(&l->pwq, &l->pwq_stats, "stats");
	l->pwq_nr_stats = array_len(&l->pwq, "stats");

	if (find_struct(p, &l->nna, "podwq_node_nr_active", "podwq")) {
		l->nna_max.off = l->nna_nr.off = -1;
	} else {
		opt(&l->nna, &l->nna_max, "max");
		opt(&l->nna, &l->nna_nr, "nr.counter");
	}

	if (find_struct(p, &l->worker, "podwq_worker", "podwq")) {
		memset(&l->worker, 0, sizeof(l->worker));
	} else {
		opt(&l->worker, &l->worker_hentry, "hentry");
		opt(&l->worker, &l->worker_current_work, "current_work");
		opt(&l->worker, &l->worker_current_func, "current_func");
		opt(&l->worker, &l->worker_current_pwq, "current_pwq");
		opt(&l->worker, &l->worker_current_start, "current_start");
		opt(&l->worker, &l->worker_task, "task");
		opt(&l->worker, &l->worker_id, "id");
		opt(&l->worker, &l->worker_flags, "flags");
		opt(&l->worker, &l->worker_sleeping, "sleeping");
	}

	if (find_struct(p, &l->work, "podwq_work", "podwq")) {
		memset(&l->work, 0, sizeof(l->work));
	} else {
		opt(&l->work, &l->work_data, "data");
		opt(&l->work, &l->work_entry, "entry");
		opt(&l->work, &l->work_func, "func");
	}

	if ((rc = find_struct(p, &l->task, "task_struct", NULL)))
		return rc;
	opt(&l->task, &l->task_pid, "pid");
	opt(&l->task, &l->task_comm, "comm");
	opt(&l->task, &l->task_cpus_ptr, "cpus_ptr");
	return 0;
}

static int resolve_types(struct pw *p)
{
	struct pw_layout *l = &p->l;
	struct ktype t;
	int64_t sz;

	if (kbtf_find_type(&p->k->btf, "typedef cpumask_var_t", NULL, &t))
		return perr(p, EXIT_NOBTF, "no BTF for cpumask_var_t");
	switch (ktype_kind(t)) {
	case BTF_KIND_PTR:
		l->cpumask_var_ptr = true;
		l->cpumask_var_size = 8;
		break;
	case BTF_KIND_ARRAY:
		sz = ktype_size(t);
		if (sz <= 0)
			return perr(p, EXIT_NOBTF, "cpumask_var_t has a bad size");
		l->cpumask_var_size = (uint64_t)sz;
		break;
	default:
		return perr(p, EXIT_NOBTF, "cpumask_var_t is neither a pointer nor an array");
	}
	if (!kbtf_find_type(&p->k->btf, "typedef nodemask_t", NULL, &t) &&
	    (sz = ktype_size(t)) > 0)
		l->nodemask_size = (uint64_t)sz;
	return 0;
}

static void resolve_enums(struct pw *p)
{
	static const char *const scopes[PW_NR_SCOPES] = {
		"PODWQ_AFFN_CPU", "PODWQ_AFFN_SMT", "PODWQ_AFFN_CACHE",
		"PODWQ_AFFN_CACHE_SHARD", "PODWQ_AFFN_NUMA", "PODWQ_AFFN_SYSTEM",
	};
	static const char *const stats[PW_NR_STATS] = {
		"PODWQ_PWQ_STAT_STARTED", "PODWQ_PWQ_STAT_COMPLETED",
		"PODWQ_PWQ_STAT_CPU_TIME", "PODWQ_PWQ_STAT_CPU_INTENSIVE",
		"PODWQ_PWQ_STAT_CM_WAKEUP", "PODWQ_PWQ_STAT_REPATRIATED",
		"PODWQ_PWQ_STAT_MAYDAY", "PODWQ_PWQ_STAT_RESCUED",
	};
	struct pw_layout *l = &p->l;
	int64_t v;

	for (int i = 0; i < PW_NR_SCOPES; i++)
		l->scope[i] = enum_or(p, scopes[i], -1);
	l->nr_scopes = enum_or(p, "PODWQ_AFFN_NR_TYPES", -1);
	/* the name array's size is the name's length */
	l->name_len = enum_or(p, "PODWQ_NAME_LEN", (int64_t)l->wq_name.size);
	if (l->name_len <= 0 || l->name_len > 256)
		l->name_len = l->wq_name.size;
	v = enum_or(p, "PODWQ_BH", 0);
	l->wq_bh = (uint64_t)v;
	l->wq_unbound = (uint64_t)enum_or(p, "PODWQ_UNBOUND", 0);
	l->wq_ordered = (uint64_t)enum_or(p, "__PODWQ_ORDERED", 0);
	l->wq_mem_reclaim = (uint64_t)enum_or(p, "PODWQ_MEM_RECLAIM", 0);
	l->pool_bh = (uint64_t)enum_or(p, "PODWQ_POOL_BH", 0);
	for (int i = 0; i < PW_NR_STATS; i++) {
		v = enum_or(p, stats[i], -1);
		l->stat_idx[i] = v >= 0 && (uint64_t)v < l->pwq_nr_stats ? v : -1;
	}
	l->pwq_shift = enum_or(p, "PODWQ_WORK_STRUCT_PWQ_SHIFT", -1);
	l->work_pwq_bit = (uint64_t)enum_or(p, "PODWQ_WORK_STRUCT_PWQ", 0);
	if (!l->work_pwq_bit) {
		v = enum_or(p, "PODWQ_WORK_STRUCT_PWQ_BIT", -1);
		l->work_pwq_bit = v >= 0 && v < 64 ? 1ULL << v : 0;
	}
	v = enum_or(p, "PODWQ_WORK_STRUCT_INACTIVE_BIT", -1);
	l->work_inactive_bit = v >= 0 && v < 64 ? 1ULL << v : 0;
	if (kbtf_enum_value(&p->k->btf, "N_POSSIBLE", NULL, &l->n_possible))
		l->n_possible = -1;
}

const char *const pw_vmlinux_syms[] = {
	"__cpu_possible_mask", "__cpu_online_mask", "node_to_cpumask_map",
	"node_states", "nr_node_ids", "jiffies_64", "jiffies", "clocksource_jiffies",
	NULL,
};

const char *const pw_vmlinux_types[] = {
	"typedef cpumask_var_t", "typedef nodemask_t", "struct clocksource",
	"struct task_struct", "struct xarray", "struct xa_node", "struct idr",
	"struct hlist_head", "struct hlist_node", NULL,
};

const char *const pw_vmlinux_enums[] = { "N_POSSIBLE", NULL };

int pw_open(struct pw *p, struct kernel *k)
{
	struct pw_layout *l = &p->l;
	int rc;

	memset(p, 0, sizeof(*p));
	p->k = k;
	l->pod_types = sym(p, "podwq_pod_types", "podwq");
	if (!l->pod_types && sym_module_index(&k->syms, "podwq") > 0)
		return perr(p, EXIT_NOPODWQ, "the podwq module in the %s has no podwq_pod_types symbol (an older podwq?)",
			    k->live ? "running kernel" : "dump");
	if (!l->pod_types)
		return perr(p, EXIT_NOPODWQ, "podwq is not loaded in the %s (no podwq_pod_types symbol)",
			    k->live ? "running kernel" : "dump");
	if (!kbtf_module(&k->btf, "podwq"))
		return perr(p, EXIT_NOBTF, "no BTF for module podwq (give it with -s podwq.ko)");
	l->workqueues = sym(p, "podwq_workqueues", "podwq");
	l->pool_idr = sym(p, "podwq_pool_idr", "podwq");
	l->unbound_cpumask = sym(p, "podwq_unbound_cpumask", "podwq");
	l->affn_dfl = sym(p, "podwq_affn_dfl", "podwq");
	if (!l->workqueues || !l->pool_idr || !l->unbound_cpumask || !l->affn_dfl)
		return perr(p, EXIT_NOPODWQ, "the podwq module in the %s has no workqueue engine (no %s symbol)",
			    k->live ? "running kernel" : "dump",
			    !l->workqueues ? "podwq_workqueues" :
			    !l->pool_idr ? "podwq_pool_idr" :
			    !l->unbound_cpumask ? "podwq_unbound_cpumask" : "podwq_affn_dfl");
	l->affn_names = sym(p, "podwq_affn_names", "podwq");
	l->possible_mask = sym(p, "__cpu_possible_mask", "vmlinux");
	l->online_mask = sym(p, "__cpu_online_mask", "vmlinux");
	l->node_to_cpumask_map = sym(p, "node_to_cpumask_map", "vmlinux");
	l->node_states = sym(p, "node_states", "vmlinux");
	l->nr_node_ids = sym(p, "nr_node_ids", "vmlinux");
	l->jiffies = sym(p, "jiffies_64", "vmlinux");
	if (!l->jiffies)
		l->jiffies = sym(p, "jiffies", "vmlinux");
	l->clocksource_jiffies = sym(p, "clocksource_jiffies", "vmlinux");
	if (!l->possible_mask)
		return perr(p, EXIT_NOSYMS, "no __cpu_possible_mask symbol");
	if (!k->nr_cpu_ids || !k->per_cpu_offset)
		return perr(p, EXIT_NOSYMS, "nr_cpu_ids or __per_cpu_offset unknown");
	p->nbits = k->nr_cpu_ids;
	p->words = (p->nbits + 63) / 64;

	kbtf_prefetch(&k->btf, pw_vmlinux_types, pw_vmlinux_enums);
	if ((rc = resolve_structs(p)) || (rc = resolve_types(p)))
		return rc;
	resolve_enums(p);
	if (l->nr_scopes <= 0 || l->nr_scopes > 64)
		return perr(p, EXIT_NOBTF, "no usable PODWQ_AFFN_NR_TYPES in podwq's BTF");
	for (int i = 0; i < PW_NR_SCOPES; i++)
		if (l->scope[i] >= l->nr_scopes)
			l->scope[i] = -1;
	l->hz = find_hz(p);
	return EXIT_OK;
}
