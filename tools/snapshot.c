// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: read podwq's state into a struct pw_snap (see podwq.h).
 *
 * Objects are read whole (one read per structure, sizes from BTF) and
 * their members picked out by the offsets layout.c resolved.  Every count
 * and index read from the target is checked before it sizes a read or an
 * allocation, so a corrupt dump ends in an error, not a crash.
 */
#include "podwq.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xarray.h"

#define MAX_POOLS	(1u << 20)
#define MAX_NODES	1024

static int serr(struct pw *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int serr(struct pw *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void *salloc(struct pw_snap *s, size_t n, size_t size)
{
	void *v;

	if (s->nallocs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		void **a = realloc(s->allocs, cap * sizeof(*a));

		if (!a)
			return NULL;
		s->allocs = a;
		s->cap = cap;
	}
	v = calloc(n ? n : 1, size ? size : 1);
	if (v)
		s->allocs[s->nallocs++] = v;
	return v;
}

void pw_snap_free(struct pw_snap *s)
{
	for (size_t i = 0; i < s->nallocs; i++)
		free(s->allocs[i]);
	free(s->allocs);
	memset(s, 0, sizeof(*s));
}

bool pw_test_cpu(const uint64_t *bits, uint32_t cpu)
{
	return bits && (bits[cpu / 64] >> (cpu % 64) & 1);
}

const struct pw_pool *pw_pool_by_id(const struct pw_snap *s, int64_t id)
{
	for (size_t i = 0; i < s->npools; i++)
		if (s->pools[i].id == id)
			return &s->pools[i];
	return NULL;
}

void pw_func_name(struct kernel *k, uint64_t addr, char *buf, size_t size)
{
	const struct ksym *sym;
	const char *mod;
	uint64_t off;

	sym = addr ? sym_by_addr(&k->syms, addr, &off) : NULL;
	if (!sym) {
		snprintf(buf, size, "%#" PRIx64, addr);
		return;
	}
	mod = sym_module_name(&k->syms, sym);
	if (off)
		snprintf(buf, size, "%s+%#" PRIx64 "%s%s%s", sym_name(&k->syms, sym), off,
			 mod ? " [" : "", mod ? mod : "", mod ? "]" : "");
	else
		snprintf(buf, size, "%s%s%s%s", sym_name(&k->syms, sym),
			 mod ? " [" : "", mod ? mod : "", mod ? "]" : "");
}

/* ---- raw access ---------------------------------------------------------- */

static int rd(struct pw *p, uint64_t addr, void *buf, size_t len, const char *what)
{
	if (target_read(&p->k->t, addr, buf, len))
		return serr(p, "%s at %#" PRIx64 ": %s", what, addr, target_error(&p->k->t));
	return 0;
}

static int rd64(struct pw *p, uint64_t addr, uint64_t *v, const char *what)
{
	return rd(p, addr, v, 8, what);
}

/* A member of an object read whole; 0 for a missing member. */
static uint64_t fv(const uint8_t *obj, const struct pw_field *f)
{
	uint64_t v = 0;

	if (f->off < 0 || !f->size || f->size > 8)
		return 0;
	memcpy(&v, obj + f->off, f->size);
	if (f->sign && f->size < 8 && (v >> (f->size * 8 - 1) & 1))
		v |= ~0ULL << (f->size * 8);
	return v;
}

/* A NUL-terminated char array member. */
static void fstr(const uint8_t *obj, const struct pw_field *f, char *buf, size_t size)
{
	size_t n = 0;

	if (f->off >= 0)
		while (n + 1 < size && n < f->size && obj[f->off + n]) {
			buf[n] = (char)obj[f->off + n];
			n++;
		}
	buf[n] = '\0';
}

/* One object of @st at @addr, into a buffer owned by the caller. */
static uint8_t *robj(struct pw *p, const struct pw_struct *st, uint64_t addr)
{
	uint8_t *b;

	if (!addr) {
		serr(p, "NULL struct %s pointer", st->name);
		return NULL;
	}
	b = malloc(st->size);
	if (!b) {
		serr(p, "out of memory");
		return NULL;
	}
	if (target_read(&p->k->t, addr, b, st->size)) {
		serr(p, "struct %s at %#" PRIx64 ": %s", st->name, addr,
		     target_error(&p->k->t));
		free(b);
		return NULL;
	}
	return b;
}

/* A mask of nr_cpu_ids bits at @addr (a struct cpumask), or NULL. */
static uint64_t *rmask(struct pw *p, struct pw_snap *s, uint64_t addr)
{
	uint64_t *bits = salloc(s, p->words, 8);

	if (!bits) {
		serr(p, "out of memory");
		return NULL;
	}
	if (kernel_read_cpumask(p->k, addr, p->nbits, bits)) {
		serr(p, "%s", p->k->err);
		return NULL;
	}
	return bits;
}

/* The cpumask_var_t at @addr: a pointer to the mask or the mask. */
static uint64_t *rmask_var(struct pw *p, struct pw_snap *s, uint64_t addr)
{
	uint64_t ptr = addr;

	if (p->l.cpumask_var_ptr) {
		if (rd64(p, addr, &ptr, "cpumask_var_t"))
			return NULL;
		if (!ptr) {
			uint64_t *bits = salloc(s, p->words, 8);

			if (!bits)
				serr(p, "out of memory");
			return bits;	/* not allocated: empty */
		}
	}
	return rmask(p, s, ptr);
}

static int rstr_upper(struct pw *p, uint64_t ptr, char *buf, size_t size)
{
	if (!ptr || target_read_string(&p->k->t, ptr, buf, size))
		return -1;
	for (char *c = buf; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	(void)p;
	return 0;
}

/* ---- affinity scopes ------------------------------------------------------ */

static int read_scopes(struct pw *p, struct pw_snap *s)
{
	static const char *const names[PW_NR_SCOPES] = {
		"CPU", "SMT", "CACHE", "CACHE_SHARD", "NUMA", "SYSTEM",
	};
	const struct pw_layout *l = &p->l;
	uint64_t v;

	if (rd(p, l->affn_dfl, &v, 4, "podwq_affn_dfl"))
		return -1;
	s->affn_dfl = (int32_t)(uint32_t)v;
	for (int i = 0; i < PW_NR_SCOPES; i++) {
		struct pw_scope *sc = &s->scopes[i];
		uint64_t at, pod_cpus, pod_node, cpu_pod, np;
		uint8_t *pt;
		int32_t *ints;

		sc->value = l->scope[i];
		if (sc->value < 0)
			continue;	/* absent in this podwq: not printed */
		sc->is_default = sc->value == s->affn_dfl;
		/* the names podwq itself uses, as wq_dump.py does; else
		 * the enumerator's */
		if (!l->affn_names || rd64(p, l->affn_names + 8 * (uint64_t)sc->value, &v, "podwq_affn_names") ||
		    rstr_upper(p, v, sc->name, sizeof(sc->name)))
			snprintf(sc->name, sizeof(sc->name), "%s", names[i]);
		at = l->pod_types + (uint64_t)sc->value * l->podt.size;
		if (!(pt = robj(p, &l->podt, at)))
			return -1;
		np = fv(pt, &l->podt_nr_pods);
		pod_cpus = fv(pt, &l->podt_pod_cpus);
		pod_node = fv(pt, &l->podt_pod_node);
		cpu_pod = fv(pt, &l->podt_cpu_pod);
		free(pt);
		if ((int64_t)np < 0 || np > p->nbits)
			return serr(p, "podwq_pod_types[%s]: bad nr_pods %" PRId64, sc->name, (int64_t)np);
		sc->nr_pods = (int32_t)np;
		sc->pod_cpus = salloc(s, np, sizeof(*sc->pod_cpus));
		sc->pod_node = salloc(s, np, sizeof(*sc->pod_node));
		sc->cpu_pod = salloc(s, p->nbits, sizeof(*sc->cpu_pod));
		if (!sc->pod_cpus || !sc->pod_node || !sc->cpu_pod)
			return serr(p, "out of memory");
		for (uint64_t pod = 0; pod < np; pod++) {
			sc->pod_cpus[pod] = rmask_var(p, s, pod_cpus + pod * l->cpumask_var_size);
			if (!sc->pod_cpus[pod])
				return -1;
		}
		if (np && rd(p, pod_node, sc->pod_node, np * 4, "pod_node"))
			return -1;
		ints = sc->cpu_pod;
		if (rd(p, cpu_pod, ints, p->nbits * 4ULL, "cpu_pod"))
			return -1;
	}
	return 0;
}

/* ---- pools ------------------------------------------------------------- */

struct pool_walk {
	struct pw *p;
	struct pw_snap *s;
	size_t cap;
};

static int read_busy(struct pw *p, struct pw_snap *s, struct pw_pool *pool);
static int read_worklist(struct pw *p, struct pw_snap *s, struct pw_pool *pool);

static int pool_cb(struct kernel *k, uint64_t index, uint64_t entry, void *arg)
{
	struct pool_walk *w = arg;
	struct pw *p = w->p;
	struct pw_snap *s = w->s;
	const struct pw_layout *l = &p->l;
	struct pw_pool *pool;
	uint8_t *po, *at;
	uint64_t attrs;
	int rc = 0;

	(void)k;
	if (s->npools == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct pw_pool *n = salloc(s, cap, sizeof(*n));

		if (!n || cap > MAX_POOLS)
			return serr(p, n ? "too many pools" : "out of memory");
		if (s->npools)
			memcpy(n, s->pools, s->npools * sizeof(*n));
		s->pools = n;
		w->cap = cap;
	}
	pool = &s->pools[s->npools];
	memset(pool, 0, sizeof(*pool));
	if (!(po = robj(p, &l->pool, entry)))
		return -1;
	pool->addr = entry;
	pool->id = (int64_t)index;
	pool->flags = (uint32_t)fv(po, &l->pool_flags);
	pool->bh = l->pool_bh && (pool->flags & l->pool_bh);
	pool->refcnt = (int32_t)fv(po, &l->pool_refcnt);
	pool->nr_idle = (int32_t)fv(po, &l->pool_nr_idle);
	pool->nr_workers = (int32_t)fv(po, &l->pool_nr_workers);
	pool->nr_running = (int32_t)fv(po, &l->pool_nr_running);
	pool->cpu = (int32_t)fv(po, &l->pool_cpu);
	pool->node = l->pool_node.off >= 0 ? (int32_t)fv(po, &l->pool_node) : -1;
	attrs = fv(po, &l->pool_attrs);
	if (!(at = robj(p, &l->attrs, attrs))) {
		free(po);
		return -1;
	}
	pool->nice = (int32_t)fv(at, &l->attrs_nice);
	pool->strict = fv(at, &l->attrs_strict) != 0;
	if (pool->cpu < 0) {
		pool->cpus = rmask_var(p, s, attrs + (uint64_t)l->attrs_cpumask.off);
		pool->pod_cpus = rmask_var(p, s, attrs + (uint64_t)l->attrs_pod_cpumask.off);
		if (!pool->cpus || !pool->pod_cpus)
			rc = -1;
	}
	free(at);
	if (!rc && (s->what & PW_SNAP_BUSY))
		rc = read_busy(p, s, pool);
	free(po);
	if (!rc && (s->what & PW_SNAP_PENDING))
		rc = read_worklist(p, s, pool);
	if (!rc)
		s->npools++;
	return rc;
}

/* The name of the workqueue of the pwq at @pwq. */
static void pwq_wq_name(struct pw *p, uint64_t pwq, char *buf, size_t size)
{
	const struct pw_layout *l = &p->l;
	uint64_t wq;

	buf[0] = '\0';
	if (!pwq || l->pwq_wq.off < 0 ||
	    target_read_u64(&p->k->t, pwq + (uint64_t)l->pwq_wq.off, &wq) || !wq)
		return;
	if (target_read_string(&p->k->t, wq + (uint64_t)l->wq_name.off, buf,
			       size < l->wq_name.size + 1 ? size : l->wq_name.size + 1))
		buf[0] = '\0';
}

struct busy_walk {
	struct pw *p;
	struct pw_snap *s;
	struct pw_pool *pool;
	size_t cap;
};

static int busy_cb(struct kernel *k, uint64_t node, void *arg)
{
	struct busy_walk *w = arg;
	struct pw *p = w->p;
	const struct pw_layout *l = &p->l;
	struct pw_busy *b;
	uint8_t *wo;
	uint64_t task, v;

	(void)k;
	if (w->pool->nbusy == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		struct pw_busy *n = salloc(w->s, cap, sizeof(*n));

		if (!n || cap > MAX_POOLS)
			return serr(p, n ? "too many busy workers" : "out of memory");
		if (w->pool->nbusy)
			memcpy(n, w->pool->busy, w->pool->nbusy * sizeof(*n));
		w->pool->busy = n;
		w->cap = cap;
	}
	b = &w->pool->busy[w->pool->nbusy];
	memset(b, 0, sizeof(*b));
	b->addr = node - (uint64_t)l->worker_hentry.off;
	if (!(wo = robj(p, &l->worker, b->addr)))
		return -1;
	b->work = fv(wo, &l->worker_current_work);
	b->func = fv(wo, &l->worker_current_func);
	b->start = fv(wo, &l->worker_current_start);
	b->id = (int32_t)fv(wo, &l->worker_id);
	task = fv(wo, &l->worker_task);
	pwq_wq_name(p, fv(wo, &l->worker_current_pwq), b->wq, sizeof(b->wq));
	free(wo);
	pw_func_name(p->k, b->func, b->func_name, sizeof(b->func_name));
	b->pid = -1;
	if (task && l->task_pid.off >= 0 &&
	    !rd(p, task + (uint64_t)l->task_pid.off, &v, 4, "task_struct.pid"))
		b->pid = (int32_t)v;
	if (task && l->task_comm.off >= 0)
		target_read_string(&p->k->t, task + (uint64_t)l->task_comm.off, b->comm,
				   l->task_comm.size + 1 < sizeof(b->comm) ?
				   l->task_comm.size + 1 : sizeof(b->comm));
	w->pool->nbusy++;
	return 0;
}

static int read_busy(struct pw *p, struct pw_snap *s, struct pw_pool *pool)
{
	const struct pw_layout *l = &p->l;
	struct busy_walk w = { p, s, pool, 0 };

	if (l->pool_busy_hash.off < 0 || !l->busy_hash_len || !l->worker.size ||
	    l->worker_hentry.off < 0)
		return 0;	/* no busy hash in this podwq */
	for (uint32_t i = 0; i < l->busy_hash_len; i++) {
		uint64_t head = pool->addr + (uint64_t)l->pool_busy_hash.off +
				(uint64_t)i * (l->pool_busy_hash.size / l->busy_hash_len);

		if (kernel_hlist_for_each(p->k, head, busy_cb, &w))
			return p->err[0] ? -1 : serr(p, "%s", p->k->err);
	}
	return 0;
}

/* Append the work items of the list at @head to @pool. */
static int read_items(struct pw *p, struct pw_snap *s, struct pw_pool *pool,
		      uint64_t head, bool inactive)
{
	const struct pw_layout *l = &p->l;
	uint64_t *v;
	size_t n;
	struct pw_item *items;

	if (!l->work.size || l->work_entry.off < 0)
		return 0;
	if (kernel_list_collect(p->k, head, (uint64_t)l->work_entry.off, &v, &n))
		return serr(p, "%s", p->k->err);
	if (!n) {
		free(v);
		return 0;
	}
	items = salloc(s, pool->nitems + n, sizeof(*items));
	if (!items) {
		free(v);
		return serr(p, "out of memory");
	}
	if (pool->nitems)
		memcpy(items, pool->items, pool->nitems * sizeof(*items));
	pool->items = items;
	for (size_t i = 0; i < n; i++) {
		struct pw_item *it = &items[pool->nitems + i];
		uint8_t *wo = robj(p, &l->work, v[i]);

		if (!wo) {
			free(v);
			return -1;
		}
		it->addr = v[i];
		it->data = fv(wo, &l->work_data);
		it->func = fv(wo, &l->work_func);
		it->inactive = inactive;
		free(wo);
		pw_func_name(p->k, it->func, it->func_name, sizeof(it->func_name));
		if (l->work_pwq_bit && (it->data & l->work_pwq_bit) &&
		    l->pwq_shift > 0 && l->pwq_shift < 64)
			pwq_wq_name(p, it->data & ~((1ULL << l->pwq_shift) - 1),
				    it->wq, sizeof(it->wq));
	}
	pool->nitems += n;
	free(v);
	return 0;
}

static int read_worklist(struct pw *p, struct pw_snap *s, struct pw_pool *pool)
{
	if (p->l.pool_worklist.off < 0)
		return 0;
	return read_items(p, s, pool, pool->addr + (uint64_t)p->l.pool_worklist.off, false);
}

static int read_pools(struct pw *p, struct pw_snap *s)
{
	struct pool_walk w = { p, s, 0 };

	if (kernel_idr_for_each(p->k, p->l.pool_idr, pool_cb, &w))
		return p->err[0] ? -1 : serr(p, "podwq_pool_idr: %s", p->k->err);
	return 0;
}

/* ---- workqueues ------------------------------------------------------- */

static struct pw_pool *pool_by_addr(struct pw_snap *s, uint64_t addr)
{
	for (size_t i = 0; i < s->npools; i++)
		if (s->pools[i].addr == addr)
			return &s->pools[i];
	return NULL;
}

/* The pool ID of the pwq at @pwq, -1 for none. */
static int pwq_pool_id(struct pw *p, struct pw_snap *s, uint64_t pwq, int64_t *id)
{
	const struct pw_layout *l = &p->l;
	const struct pw_pool *pool;
	uint64_t pa, v;

	*id = -1;
	if (!pwq)
		return 0;
	if (rd64(p, pwq + (uint64_t)l->pwq_pool.off, &pa, "pool_workqueue.pool"))
		return -1;
	if (!pa)
		return 0;
	pool = pool_by_addr(s, pa);
	if (pool) {
		*id = pool->id;
		return 0;
	}
	if (rd(p, pa + (uint64_t)l->pool_id.off, &v, 4, "worker_pool.id"))
		return -1;
	*id = (int32_t)v;
	return 0;
}

static int read_pwqs(struct pw *p, struct pw_snap *s, struct pw_wq *wq)
{
	const struct pw_layout *l = &p->l;
	uint64_t *v;
	size_t n;
	int rc = 0;

	if (l->wq_pwqs.off < 0 || l->pwq_pwqs_node.off < 0)
		return 0;
	if (kernel_list_collect(p->k, wq->addr + (uint64_t)l->wq_pwqs.off,
				(uint64_t)l->pwq_pwqs_node.off, &v, &n))
		return serr(p, "%s", p->k->err);
	for (size_t i = 0; i < n && !rc; i++) {
		uint8_t *po = robj(p, &l->pwq, v[i]);
		struct pw_pool *pool;

		if (!po) {
			rc = -1;
			break;
		}
		if ((s->what & PW_SNAP_STATS) && l->pwq_stats.off >= 0)
			for (int st = 0; st < PW_NR_STATS; st++) {
				uint64_t x = 0;

				if (l->stat_idx[st] < 0)
					continue;
				memcpy(&x, po + l->pwq_stats.off + 8 * l->stat_idx[st], 8);
				wq->stats[st] += x;
			}
		pool = pool_by_addr(s, fv(po, &l->pwq_pool));
		free(po);
		if ((s->what & PW_SNAP_PENDING) && pool && l->pwq_inactive_works.off >= 0)
			rc = read_items(p, s, pool, v[i] + (uint64_t)l->pwq_inactive_works.off, true);
	}
	free(v);
	return rc;
}

static int read_wq(struct pw *p, struct pw_snap *s, struct pw_wq *wq)
{
	const struct pw_layout *l = &p->l;
	uint8_t *wo, *at;
	uint64_t attrs, cpu_pwq, resc;
	int rc = 0;

	if (!(wo = robj(p, &l->wq, wq->addr)))
		return -1;
	fstr(wo, &l->wq_name, wq->name, sizeof(wq->name));
	wq->flags = fv(wo, &l->wq_flags);
	wq->unbound = l->wq_unbound && (wq->flags & l->wq_unbound);
	wq->ordered = l->wq_ordered && (wq->flags & l->wq_ordered);
	wq->bh = l->wq_bh && (wq->flags & l->wq_bh);
	wq->mem_reclaim = l->wq_mem_reclaim && (wq->flags & l->wq_mem_reclaim);
	wq->min_active = (int32_t)fv(wo, &l->wq_min_active);
	wq->max_active = (int32_t)fv(wo, &l->wq_max_active);
	attrs = fv(wo, &l->wq_unbound_attrs);
	cpu_pwq = fv(wo, &l->wq_cpu_pwq);
	resc = fv(wo, &l->wq_rescuer);
	wq->dfl_pool = -1;

	if (s->what & PW_SNAP_LAYOUT) {
		if (attrs) {
			if (!(at = robj(p, &l->attrs, attrs))) {
				free(wo);
				return -1;
			}
			wq->strict = fv(at, &l->attrs_strict) != 0;
			free(at);
			wq->unbound_cpus = rmask_var(p, s, attrs + (uint64_t)l->attrs_cpumask.off);
			if (!wq->unbound_cpus)
				goto fail;
		}
		wq->cpu_pool = salloc(s, p->nbits, sizeof(*wq->cpu_pool));
		if (!wq->cpu_pool) {
			serr(p, "out of memory");
			goto fail;
		}
		for (uint32_t cpu = 0; cpu < p->nbits; cpu++) {
			uint64_t slot, pwq;

			wq->cpu_pool[cpu] = -1;
			if (!pw_test_cpu(s->possible, cpu) || !cpu_pwq)
				continue;
			if (kernel_percpu(p->k, cpu_pwq, cpu, &slot)) {
				serr(p, "%s", p->k->err);
				goto fail;
			}
			if (rd64(p, slot, &pwq, "cpu_pwq slot") ||
			    pwq_pool_id(p, s, pwq, &wq->cpu_pool[cpu]))
				goto fail;
		}
		if (wq->unbound && pwq_pool_id(p, s, fv(wo, &l->wq_dfl_pwq), &wq->dfl_pool))
			goto fail;

		/* rescuer: absent member or NULL until podwq has rescuers */
		if (resc && l->worker_task.off >= 0) {
			uint64_t task, v;

			if (rd64(p, resc + (uint64_t)l->worker_task.off, &task, "rescuer task"))
				goto fail;
			if (task && l->task_pid.off >= 0) {
				wq->has_rescuer = true;
				if (rd(p, task + (uint64_t)l->task_pid.off, &v, 4, "rescuer pid"))
					goto fail;
				wq->rescuer_pid = (int32_t)v;
				if (l->task_cpus_ptr.off >= 0) {
					if (rd64(p, task + (uint64_t)l->task_cpus_ptr.off, &v, "cpus_ptr") ||
					    !(wq->rescuer_cpus = rmask(p, s, v)))
						goto fail;
				}
			}
		}

		if (wq->unbound && s->have_numa && l->wq_node_nr_active.off >= 0 &&
		    l->nna.size) {
			wq->nna = salloc(s, s->nr_node_ids + 1, sizeof(*wq->nna));
			if (!wq->nna) {
				serr(p, "out of memory");
				goto fail;
			}
			for (uint32_t node = 0; node <= s->nr_node_ids; node++) {
				uint64_t nna;
				uint8_t *no;

				if (rd64(p, wq->addr + (uint64_t)l->wq_node_nr_active.off + 8ULL * node,
					 &nna, "node_nr_active"))
					goto fail;
				if (!nna)
					continue;
				if (!(no = robj(p, &l->nna, nna)))
					goto fail;
				wq->nna[node].max = (int32_t)fv(no, &l->nna_max);
				wq->nna[node].nr = (int32_t)fv(no, &l->nna_nr);
				wq->nna[node].valid = true;
				free(no);
			}
		}
	}
	free(wo);
	if (s->what & (PW_SNAP_STATS | PW_SNAP_PENDING))
		rc = read_pwqs(p, s, wq);
	return rc;
fail:
	free(wo);
	return -1;
}

static int read_wqs(struct pw *p, struct pw_snap *s)
{
	uint64_t *v;
	size_t n;

	if (kernel_list_collect(p->k, p->l.workqueues, (uint64_t)p->l.wq_list.off, &v, &n))
		return serr(p, "podwq_workqueues: %s", p->k->err);
	s->wqs = salloc(s, n, sizeof(*s->wqs));
	if (!s->wqs) {
		free(v);
		return serr(p, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		s->wqs[i].addr = v[i];
		if (read_wq(p, s, &s->wqs[i])) {
			free(v);
			return -1;
		}
		s->nwqs++;
	}
	free(v);
	return 0;
}

/* ---- nodes --------------------------------------------------------------- */

static int read_nodes(struct pw *p, struct pw_snap *s)
{
	const struct pw_layout *l = &p->l;
	uint64_t v, *mask;
	uint32_t nbits;

	if (!l->node_to_cpumask_map || !l->node_states || !l->nr_node_ids ||
	    l->n_possible < 0 || !l->nodemask_size || l->nodemask_size > 1024)
		return 0;
	if (rd(p, l->nr_node_ids, &v, 4, "nr_node_ids"))
		return -1;
	v = (uint32_t)v;
	if (!v || v > MAX_NODES)
		return serr(p, "bad nr_node_ids %" PRIu64, v);
	s->nr_node_ids = (uint32_t)v;
	nbits = (uint32_t)l->nodemask_size * 8;
	mask = salloc(s, l->nodemask_size / 8 + 1, 8);
	s->nodes = salloc(s, nbits, sizeof(*s->nodes));
	s->node_cpus = salloc(s, nbits, sizeof(*s->node_cpus));
	if (!mask || !s->nodes || !s->node_cpus)
		return serr(p, "out of memory");
	if (rd(p, l->node_states + (uint64_t)l->n_possible * l->nodemask_size, mask,
	       l->nodemask_size, "node_states[N_POSSIBLE]"))
		return -1;
	/* as for_each_node(): the possible nodes below nr_node_ids */
	for (uint32_t node = 0; node < nbits && node < s->nr_node_ids; node++) {
		if (!(mask[node / 64] >> (node % 64) & 1))
			continue;
		s->node_cpus[s->nnodes] = rmask_var(p, s, l->node_to_cpumask_map +
						    node * l->cpumask_var_size);
		if (!s->node_cpus[s->nnodes])
			return -1;
		s->nodes[s->nnodes++] = (int32_t)node;
	}
	s->have_numa = true;
	return 0;
}

/* ---- the snapshot -------------------------------------------------------- */

static int snapshot_once(struct pw *p, unsigned int what, struct pw_snap *s)
{
	const struct pw_layout *l = &p->l;

	memset(s, 0, sizeof(*s));
	s->what = what;
	s->nbits = p->nbits;
	s->name_len = l->name_len;
	s->hz = l->hz;
	p->err[0] = '\0';
	if (!(s->possible = rmask(p, s, l->possible_mask)))
		return -1;
	if (l->online_mask && !(s->online = rmask(p, s, l->online_mask)))
		return -1;
	if (l->jiffies && rd64(p, l->jiffies, &s->jiffies, "jiffies"))
		return -1;
	if (what & PW_SNAP_LAYOUT) {
		if (!(s->unbound = rmask_var(p, s, l->unbound_cpumask)))
			return -1;
		if (read_scopes(p, s) || read_nodes(p, s))
			return -1;
	}
	if ((what & (PW_SNAP_LAYOUT | PW_SNAP_BUSY | PW_SNAP_PENDING)) && read_pools(p, s))
		return -1;
	if ((what & (PW_SNAP_LAYOUT | PW_SNAP_STATS | PW_SNAP_PENDING)) && read_wqs(p, s))
		return -1;
	return 0;
}

int pw_snapshot(struct pw *p, unsigned int what, struct pw_snap *s)
{
	int tries = p->k->live ? 3 : 1;

	for (int i = 0; i < tries; i++) {
		if (!snapshot_once(p, what, s))
			return EXIT_OK;
		pw_snap_free(s);
	}
	return EXIT_ERROR;
}
