// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - workqueues: allocation and destruction, pool_workqueues and
 * their max_active accounting, unbound attributes and pods, flushing a
 * whole workqueue, and the system workqueues.
 *
 * Locking: fields follow the rules in internal.h.  podwq_pool_mutex
 * protects the workqueue list, the unbound pools and the pod mapping of
 * every unbound workqueue; changes to that mapping also hold
 * cpus_read_lock() (or run in a hotplug callback), which keeps
 * podwq_online_cpumask and the update buffer stable.  wq->mutex protects a
 * workqueue's colors, flushers and pwq list.  A pwq's counters are under
 * its pool's lock; an unbound workqueue's per-node nr_active under
 * nna->lock, nested inside pool locks.
 */
#include "internal.h"

#include <linux/cpu.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/sched/isolation.h>
#include <linux/slab.h>

#include "pods.h"
#include "podwq_trace.h"

/* protects pools, the workqueue list and unbound pwq mappings */
DEFINE_MUTEX(podwq_pool_mutex);

/* PR: every workqueue */
LIST_HEAD(podwq_workqueues);

/* PL: the CPUs unbound workqueues may use (/sys/kernel/podwq/cpumask) */
cpumask_var_t podwq_unbound_cpumask;

/* PL: cpu_online_mask without the CPU being taken down */
cpumask_var_t podwq_online_cpumask;

/* releases pwqs and culls idle workers in process context */
struct kthread_worker *podwq_release_worker;

struct podwq_workqueue *podwq_system_wq;
EXPORT_SYMBOL_GPL(podwq_system_wq);
struct podwq_workqueue *podwq_system_highpri_wq;
EXPORT_SYMBOL_GPL(podwq_system_highpri_wq);
struct podwq_workqueue *podwq_system_unbound_wq;
EXPORT_SYMBOL_GPL(podwq_system_unbound_wq);
struct podwq_workqueue *podwq_system_bh_wq;
EXPORT_SYMBOL_GPL(podwq_system_bh_wq);
struct podwq_workqueue *podwq_system_bh_highpri_wq;
EXPORT_SYMBOL_GPL(podwq_system_bh_highpri_wq);

/* PL: podwq_affn_dfl_changed() may act (set after init, cleared at exit) */
static bool podwq_wq_online;

/* attributes of new unbound and ordered workqueues, [highpri] */
static struct podwq_attrs *unbound_std_wq_attrs[PODWQ_NR_STD_WORKER_POOLS];
static struct podwq_attrs *ordered_wq_attrs[PODWQ_NR_STD_WORKER_POOLS];

/* scratch attrs for unbound_wq_update_pod(), under podwq_pool_mutex */
static struct podwq_attrs *unbound_wq_update_pwq_attrs_buf;

/**
 * podwq_alloc_workqueue_attrs - allocate attributes with the defaults
 *
 * nice 0, every possible CPU, the default affinity scope, not strict.
 *
 * Context: sleeps.  Return: the attributes, or NULL.
 */
struct podwq_attrs *podwq_alloc_workqueue_attrs(void)
{
	struct podwq_attrs *attrs;

	attrs = kzalloc(sizeof(*attrs), GFP_KERNEL);
	if (!attrs)
		return NULL;
	podwq_obj_alloced(PODWQ_OBJ_ATTRS);
	if (!alloc_cpumask_var(&attrs->cpumask, GFP_KERNEL) ||
	    !alloc_cpumask_var(&attrs->__pod_cpumask, GFP_KERNEL)) {
		podwq_free_workqueue_attrs(attrs);
		return NULL;
	}
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	cpumask_copy(attrs->__pod_cpumask, cpu_possible_mask);
	attrs->affn_scope = PODWQ_AFFN_DFL;
	return attrs;
}
EXPORT_SYMBOL_GPL(podwq_alloc_workqueue_attrs);

/**
 * podwq_free_workqueue_attrs - free attributes
 * @attrs: attributes from podwq_alloc_workqueue_attrs(), or NULL
 */
void podwq_free_workqueue_attrs(struct podwq_attrs *attrs)
{
	if (attrs) {
		free_cpumask_var(attrs->cpumask);
		free_cpumask_var(attrs->__pod_cpumask);
		kfree(attrs);
		podwq_obj_freed(PODWQ_OBJ_ATTRS);
	}
}
EXPORT_SYMBOL_GPL(podwq_free_workqueue_attrs);

void podwq_copy_attrs(struct podwq_attrs *to, const struct podwq_attrs *from)
{
	to->nice = from->nice;
	cpumask_copy(to->cpumask, from->cpumask);
	cpumask_copy(to->__pod_cpumask, from->__pod_cpumask);
	to->affn_strict = from->affn_strict;
	to->affn_scope = from->affn_scope;
	to->ordered = from->ordered;
}

/*
 * affn_scope and ordered only steer how a workqueue picks pools; a pool
 * doesn't have them.  Nor does a strict pool have a cpumask beyond its pod.
 */
void podwq_attrs_clear_for_pool(struct podwq_attrs *attrs)
{
	attrs->affn_scope = PODWQ_AFFN_NR_TYPES;
	attrs->ordered = false;
	if (attrs->affn_strict)
		cpumask_copy(attrs->cpumask, cpu_possible_mask);
}

/* hash of what makes a pool a pool */
u32 podwq_attrs_hash(const struct podwq_attrs *attrs)
{
	u32 hash = 0;

	hash = jhash_1word(attrs->nice, hash);
	hash = jhash_1word(attrs->affn_strict, hash);
	hash = jhash(cpumask_bits(attrs->__pod_cpumask),
		     BITS_TO_LONGS(nr_cpumask_bits) * sizeof(long), hash);
	if (!attrs->affn_strict)
		hash = jhash(cpumask_bits(attrs->cpumask),
			     BITS_TO_LONGS(nr_cpumask_bits) * sizeof(long),
			     hash);
	return hash;
}

/* may pools of @a and @b be shared? */
bool podwq_attrs_equal(const struct podwq_attrs *a,
		       const struct podwq_attrs *b)
{
	if (a->nice != b->nice)
		return false;
	if (a->affn_strict != b->affn_strict)
		return false;
	if (!cpumask_equal(a->__pod_cpumask, b->__pod_cpumask))
		return false;
	if (!a->affn_strict && !cpumask_equal(a->cpumask, b->cpumask))
		return false;
	return true;
}

/* restrict @attrs to @unbound_cpumask, all of it if they don't overlap */
static void wqattrs_actualize_cpumask(struct podwq_attrs *attrs,
				      const struct cpumask *unbound_cpumask)
{
	cpumask_and(attrs->cpumask, attrs->cpumask, unbound_cpumask);
	if (unlikely(cpumask_empty(attrs->cpumask)))
		cpumask_copy(attrs->cpumask, unbound_cpumask);
}

/* the pod type @attrs use: their scope, or the module default */
static const struct podwq_pod_type *
wqattrs_pod_type(const struct podwq_attrs *attrs)
{
	enum podwq_affn_scope scope = attrs->affn_scope;
	const struct podwq_pod_type *pt;

	if (scope == PODWQ_AFFN_DFL)
		scope = READ_ONCE(podwq_affn_dfl);

	pt = &podwq_pod_types[scope];
	if (likely(scope > PODWQ_AFFN_DFL && scope < PODWQ_AFFN_NR_TYPES &&
		   pt->nr_pods))
		return pt;
	return &podwq_pod_types[PODWQ_AFFN_SYSTEM];
}

/*
 * The CPUs of @cpu's pod that @attrs want, in @attrs->__pod_cpumask; all
 * of @attrs->cpumask if none of those is online.
 */
static void wq_calc_pod_cpumask(struct podwq_attrs *attrs,
				const struct podwq_pod_type *pt, int cpu)
{
	int pod = pt->cpu_pod[cpu];

	cpumask_and(attrs->__pod_cpumask, pt->pod_cpus[pod], attrs->cpumask);
	if (!cpumask_intersects(attrs->__pod_cpumask, podwq_online_cpumask))
		cpumask_copy(attrs->__pod_cpumask, attrs->cpumask);
}

static struct podwq_node_nr_active *
wq_node_nr_active(struct podwq_workqueue *wq, int node)
{
	if (!(wq->flags & PODWQ_UNBOUND))
		return NULL;
	if (node == NUMA_NO_NODE)
		node = nr_node_ids;
	return wq->node_nr_active[node];
}

static struct podwq_pool_workqueue *unbound_pwq(struct podwq_workqueue *wq,
						int cpu)
{
	struct podwq_pool_workqueue __rcu **slot =
		cpu >= 0 ? per_cpu_ptr(wq->cpu_pwq, cpu) : &wq->dfl_pwq;

	return rcu_dereference_check(*slot,
				     lockdep_is_held(&podwq_pool_mutex) ||
				     lockdep_is_held(&wq->mutex));
}

/* the CPUs an unbound workqueue really uses: its default pool's */
static struct cpumask *unbound_effective_cpumask(struct podwq_workqueue *wq)
{
	return unbound_pwq(wq, -1)->pool->attrs->__pod_cpumask;
}

/*
 * Split max_active of unbound @wq among NUMA nodes by their share of its
 * online CPUs, each between min_active and max_active.  @off_cpu is going
 * down, or -1.
 */
static void wq_update_node_max_active(struct podwq_workqueue *wq, int off_cpu)
{
	struct cpumask *effective = unbound_effective_cpumask(wq);
	int min_active = READ_ONCE(wq->min_active);
	int max_active = READ_ONCE(wq->max_active);
	int total_cpus, node;

	lockdep_assert_held(&wq->mutex);

	if (off_cpu >= 0 && !cpumask_test_cpu(off_cpu, effective))
		off_cpu = -1;

	total_cpus = cpumask_weight_and(effective, cpu_online_mask);
	if (off_cpu >= 0)
		total_cpus--;

	if (unlikely(!total_cpus)) {
		for_each_node(node)
			wq_node_nr_active(wq, node)->max = min_active;
		wq_node_nr_active(wq, NUMA_NO_NODE)->max = max_active;
		return;
	}

	for_each_node(node) {
		int node_cpus;

		node_cpus = cpumask_weight_and(effective, cpumask_of_node(node));
		if (off_cpu >= 0 && cpu_to_node(off_cpu) == node)
			node_cpus--;

		wq_node_nr_active(wq, node)->max =
			clamp(DIV_ROUND_UP(max_active * node_cpus, total_cpus),
			      min_active, max_active);
	}

	wq_node_nr_active(wq, NUMA_NO_NODE)->max = max_active;
}

/* take a reference; @pwq must have one already and its pool be locked */
void podwq_get_pwq(struct podwq_pool_workqueue *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	WARN_ON_ONCE(pwq->refcnt <= 0);
	pwq->refcnt++;
}

/* drop a reference under the pool lock; the last one releases @pwq */
void podwq_put_pwq(struct podwq_pool_workqueue *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	if (likely(--pwq->refcnt))
		return;
	/* can't release under pool->lock: bounce to process context */
	kthread_queue_work(podwq_release_worker, &pwq->release_work);
}

/* podwq_put_pwq() taking the pool lock; @pwq may be NULL */
void podwq_put_pwq_unlocked(struct podwq_pool_workqueue *pwq)
{
	if (pwq) {
		/* pwqs and pools are RCU-freed: the lock is safe to take */
		raw_spin_lock_irq(&pwq->pool->lock);
		podwq_put_pwq(pwq);
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
}

static bool pwq_is_empty(struct podwq_pool_workqueue *pwq)
{
	return !pwq->nr_active && list_empty(&pwq->inactive_works);
}

static void __pwq_activate_work(struct podwq_pool_workqueue *pwq,
				struct podwq_work *work)
{
	unsigned long *wdb = podwq_work_data_bits(work);

	WARN_ON_ONCE(!(*wdb & PODWQ_WORK_STRUCT_INACTIVE));
	trace_podwq_activate_work(work);
	if (list_empty(&pwq->pool->worklist))
		pwq->pool->last_progress_ts = jiffies;
	podwq_move_linked_works(work, &pwq->pool->worklist, NULL);
	__clear_bit(PODWQ_WORK_STRUCT_INACTIVE_BIT, wdb);
}

static bool tryinc_node_nr_active(struct podwq_node_nr_active *nna)
{
	int max = READ_ONCE(nna->max);
	int old = atomic_read(&nna->nr);

	do {
		if (old >= max)
			return false;
	} while (!atomic_try_cmpxchg_relaxed(&nna->nr, &old, old + 1));

	return true;
}

/**
 * podwq_pwq_tryinc_nr_active - try to take an active slot for @pwq
 * @pwq: pool_workqueue of interest
 * @fill: max_active may have grown: don't wait behind other pwqs
 *
 * A per-CPU workqueue's limit is per pwq.  An unbound one's is per node
 * and shared by its pwqs there: a pwq that can't get a slot queues on the
 * node's pending_pwqs and is activated when one frees up.
 *
 * Context: pool->lock held.  Return: whether a slot was taken.
 */
bool podwq_pwq_tryinc_nr_active(struct podwq_pool_workqueue *pwq, bool fill)
{
	struct podwq_workqueue *wq = pwq->wq;
	struct podwq_worker_pool *pool = pwq->pool;
	struct podwq_node_nr_active *nna = wq_node_nr_active(wq, pool->node);
	bool obtained = false;

	lockdep_assert_held(&pool->lock);

	if (!nna) {
		obtained = pwq->nr_active < READ_ONCE(wq->max_active);
		goto out;
	}

	if (unlikely(pwq->plugged))
		return false;

	/* already waiting: pwq_dec_nr_active() keeps our turn; don't cut in */
	if (!list_empty(&pwq->pending_node) && likely(!fill))
		goto out;

	obtained = tryinc_node_nr_active(nna);
	if (obtained)
		goto out;

	/*
	 * Queue up and try again.  The smp_mb() pairs with the barrier of
	 * atomic_dec_return() in pwq_dec_nr_active(): either we see the
	 * freed slot or it sees us on pending_pwqs.
	 */
	raw_spin_lock(&nna->lock);

	if (list_empty(&pwq->pending_node))
		list_add_tail(&pwq->pending_node, &nna->pending_pwqs);
	else if (likely(!fill))
		goto out_unlock;

	/* on pending_pwqs before looking again: see above */
	smp_mb();

	obtained = tryinc_node_nr_active(nna);

	/* with @fill we may stay spuriously pending: harmless */
	if (obtained && likely(!fill))
		list_del_init(&pwq->pending_node);

out_unlock:
	raw_spin_unlock(&nna->lock);
out:
	if (obtained)
		pwq->nr_active++;
	return obtained;
}

/* activate @pwq's first inactive item if max_active allows */
static bool pwq_activate_first_inactive(struct podwq_pool_workqueue *pwq,
					bool fill)
{
	struct podwq_work *work =
		list_first_entry_or_null(&pwq->inactive_works,
					 struct podwq_work, entry);

	if (work && podwq_pwq_tryinc_nr_active(pwq, fill)) {
		__pwq_activate_work(pwq, work);
		return true;
	}
	return false;
}

/*
 * Ordered workqueues keep only their oldest pwq running and the newer
 * ones plugged until it drains: unplug the oldest, which is first on
 * wq->pwqs.
 */
static void unplug_oldest_pwq(struct podwq_workqueue *wq)
{
	struct podwq_pool_workqueue *pwq;

	lockdep_assert_held(&wq->mutex);

	pwq = list_first_entry_or_null(&wq->pwqs, struct podwq_pool_workqueue,
				       pwqs_node);
	if (!pwq)
		return;

	raw_spin_lock_irq(&pwq->pool->lock);
	if (pwq->plugged) {
		pwq->plugged = false;
		if (pwq_activate_first_inactive(pwq, true)) {
			/*
			 * Plugged queueing skipped the nr_active bump and the
			 * pending_pwqs entry: the first call redoes the one,
			 * the second, if more is inactive, the other.
			 */
			pwq_activate_first_inactive(pwq, false);
			podwq_kick_pool(pwq->pool);
		}
	}
	raw_spin_unlock_irq(&pwq->pool->lock);
}

/*
 * Activate a pwq waiting on @nna.  Called with @caller_pool locked; may
 * drop it to lock another pool.
 */
static void node_activate_pending_pwq(struct podwq_node_nr_active *nna,
				      struct podwq_worker_pool *caller_pool)
{
	struct podwq_worker_pool *locked_pool = caller_pool;
	struct podwq_pool_workqueue *pwq;
	struct podwq_work *work;

	lockdep_assert_held(&caller_pool->lock);

	raw_spin_lock(&nna->lock);
retry:
	pwq = list_first_entry_or_null(&nna->pending_pwqs,
				       struct podwq_pool_workqueue,
				       pending_node);
	if (!pwq)
		goto out_unlock;

	/*
	 * Another pool's pwq needs that pool's lock: trylock, or drop
	 * nna->lock (it nests inside pool locks) and take them in order.
	 */
	if (pwq->pool != locked_pool) {
		raw_spin_unlock(&locked_pool->lock);
		locked_pool = pwq->pool;
		if (!raw_spin_trylock(&locked_pool->lock)) {
			raw_spin_unlock(&nna->lock);
			raw_spin_lock(&locked_pool->lock);
			raw_spin_lock(&nna->lock);
			goto retry;
		}
	}

	/* cancelled items may have left it with nothing inactive */
	work = list_first_entry_or_null(&pwq->inactive_works,
					struct podwq_work, entry);
	if (!work) {
		list_del_init(&pwq->pending_node);
		goto retry;
	}

	/* activate one and rotate the pwq to the end: round robin */
	if (likely(tryinc_node_nr_active(nna))) {
		pwq->nr_active++;
		__pwq_activate_work(pwq, work);

		if (list_empty(&pwq->inactive_works))
			list_del_init(&pwq->pending_node);
		else
			list_move_tail(&pwq->pending_node, &nna->pending_pwqs);

		if (pwq->pool != caller_pool)
			podwq_kick_pool(pwq->pool);
	}

out_unlock:
	raw_spin_unlock(&nna->lock);
	if (locked_pool != caller_pool) {
		raw_spin_unlock(&locked_pool->lock);
		raw_spin_lock(&caller_pool->lock);
	}
}

/* retire an active slot of @pwq and hand it on; may drop pool->lock */
static void pwq_dec_nr_active(struct podwq_pool_workqueue *pwq)
{
	struct podwq_worker_pool *pool = pwq->pool;
	struct podwq_node_nr_active *nna = wq_node_nr_active(pwq->wq,
							     pool->node);

	lockdep_assert_held(&pool->lock);

	pwq->nr_active--;

	if (!nna) {
		pwq_activate_first_inactive(pwq, false);
		return;
	}

	/*
	 * The barrier of atomic_dec_return() pairs with the smp_mb() in
	 * podwq_pwq_tryinc_nr_active().  nna->max is at least min_active,
	 * and at least 1 on every node with CPUs of the workqueue (the
	 * DIV_ROUND_UP() in wq_update_node_max_active(), as max_active >= 1),
	 * which keeps every node that can run items making progress.
	 */
	if (atomic_dec_return(&nna->nr) >= READ_ONCE(nna->max))
		return;

	if (!list_empty(&nna->pending_pwqs))
		node_activate_pending_pwq(nna, pool);
}

/**
 * podwq_pwq_dec_nr_in_flight - an item left @pwq
 * @pwq: its pwq
 * @work_data: its work->data from when it was queued
 *
 * The item completed or was taken off the queue: retire its active slot
 * and its flush color, and drop its reference on @pwq.  May drop
 * pool->lock, so call it last.
 *
 * Context: pool->lock held.
 */
void podwq_pwq_dec_nr_in_flight(struct podwq_pool_workqueue *pwq,
				unsigned long work_data)
{
	int color = podwq_get_work_color(work_data);

	if (!(work_data & PODWQ_WORK_STRUCT_INACTIVE))
		pwq_dec_nr_active(pwq);

	pwq->nr_in_flight[color]--;

	/* a flush waits for this color and we were its last item here? */
	if (likely(pwq->flush_color != color))
		goto out_put;
	if (pwq->nr_in_flight[color])
		goto out_put;

	pwq->flush_color = -1;

	/* the last pwq wakes the first flusher, which does the rest */
	if (atomic_dec_and_test(&pwq->wq->nr_pwqs_to_flush))
		complete(&pwq->wq->first_flusher->done);
out_put:
	podwq_put_pwq(pwq);
}

static void free_node_nr_active(struct podwq_node_nr_active *nna)
{
	if (!nna)
		return;
	kfree(nna);
	podwq_obj_freed(PODWQ_OBJ_NNA);
}

/* free @wq and what hangs off it; its pwqs are gone */
static void free_wq(struct podwq_workqueue *wq)
{
	int node;

	if (wq->flags & PODWQ_UNBOUND) {
		for_each_node(node)
			free_node_nr_active(wq->node_nr_active[node]);
		free_node_nr_active(wq->node_nr_active[nr_node_ids]);
	}
	free_percpu(wq->cpu_pwq);
	podwq_free_workqueue_attrs(wq->unbound_attrs);
	kfree(wq);
	podwq_obj_freed(PODWQ_OBJ_WQ);
}

static void rcu_free_wq(struct rcu_head *rcu)
{
	free_wq(container_of(rcu, struct podwq_workqueue, rcu));
}

/*
 * A pwq's last reference is gone: unlink it, drop its pool and free it; if
 * it was its workqueue's last pwq, free the workqueue.  Runs on
 * podwq_release_worker.
 */
static void pwq_release_workfn(struct kthread_work *work)
{
	struct podwq_pool_workqueue *pwq =
		container_of(work, struct podwq_pool_workqueue, release_work);
	struct podwq_workqueue *wq = pwq->wq;
	struct podwq_worker_pool *pool = pwq->pool;
	bool is_last = false;

	/* an unlinked pwq holds no reference on @wq */
	if (!list_empty(&pwq->pwqs_node)) {
		mutex_lock(&wq->mutex);
		list_del_rcu(&pwq->pwqs_node);
		is_last = list_empty(&wq->pwqs);

		/* an ordered wq's next pwq may run now */
		if (!is_last && (wq->flags & __PODWQ_ORDERED))
			unplug_oldest_pwq(wq);

		mutex_unlock(&wq->mutex);
	}

	if (!list_empty(&pwq->pending_node)) {
		struct podwq_node_nr_active *nna =
			wq_node_nr_active(wq, pool->node);

		raw_spin_lock_irq(&nna->lock);
		list_del_init(&pwq->pending_node);
		raw_spin_unlock_irq(&nna->lock);
	}

	if (wq->flags & PODWQ_UNBOUND) {
		mutex_lock(&podwq_pool_mutex);
		podwq_put_unbound_pool(pool);
		mutex_unlock(&podwq_pool_mutex);
	}

	kfree_rcu(pwq, rcu);
	podwq_obj_freed(PODWQ_OBJ_PWQ);

	if (is_last)
		call_rcu(&wq->rcu, rcu_free_wq);
}

/*
 * pwqs are kmalloc'ed with a power-of-two size, which kmalloc aligns
 * naturally: that leaves the low PODWQ_WORK_STRUCT_PWQ_SHIFT bits of a
 * pwq pointer free for work->data flags.
 */
static struct podwq_pool_workqueue *alloc_pwq(int node)
{
	struct podwq_pool_workqueue *pwq;

	BUILD_BUG_ON(sizeof(struct podwq_pool_workqueue) %
		     (1 << PODWQ_WORK_STRUCT_PWQ_SHIFT));

	pwq = kzalloc_node(roundup_pow_of_two(
				sizeof(struct podwq_pool_workqueue)),
			   GFP_KERNEL, node);
	if (pwq)
		podwq_obj_alloced(PODWQ_OBJ_PWQ);
	return pwq;
}

static void init_pwq(struct podwq_pool_workqueue *pwq,
		     struct podwq_workqueue *wq, struct podwq_worker_pool *pool)
{
	BUG_ON((unsigned long)pwq & ~PODWQ_WORK_STRUCT_PWQ_MASK);

	memset(pwq, 0, sizeof(*pwq));

	pwq->pool = pool;
	pwq->wq = wq;
	pwq->flush_color = -1;
	pwq->refcnt = 1;
	INIT_LIST_HEAD(&pwq->inactive_works);
	INIT_LIST_HEAD(&pwq->pending_node);
	INIT_LIST_HEAD(&pwq->pwqs_node);
	INIT_LIST_HEAD(&pwq->mayday_node);
	kthread_init_work(&pwq->release_work, pwq_release_workfn);
}

/* put @pwq on its workqueue's list, with the current work color */
static void link_pwq(struct podwq_pool_workqueue *pwq)
{
	struct podwq_workqueue *wq = pwq->wq;

	lockdep_assert_held(&wq->mutex);

	/* may be called more than once */
	if (!list_empty(&pwq->pwqs_node))
		return;

	pwq->work_color = wq->work_color;
	list_add_tail_rcu(&pwq->pwqs_node, &wq->pwqs);
}

/* a new pwq of @wq on the pool for @attrs */
static struct podwq_pool_workqueue *
alloc_unbound_pwq(struct podwq_workqueue *wq, const struct podwq_attrs *attrs)
{
	struct podwq_worker_pool *pool;
	struct podwq_pool_workqueue *pwq;

	lockdep_assert_held(&podwq_pool_mutex);

	pool = podwq_get_unbound_pool(attrs);
	if (!pool)
		return NULL;

	pwq = alloc_pwq(pool->node);
	if (!pwq) {
		podwq_put_unbound_pool(pool);
		return NULL;
	}

	init_pwq(pwq, wq, pool);
	return pwq;
}

/* install @pwq for @cpu (-1: dfl_pwq) and return the old one */
static struct podwq_pool_workqueue *
install_unbound_pwq(struct podwq_workqueue *wq, int cpu,
		    struct podwq_pool_workqueue *pwq)
{
	struct podwq_pool_workqueue __rcu **slot =
		cpu >= 0 ? per_cpu_ptr(wq->cpu_pwq, cpu) : &wq->dfl_pwq;
	struct podwq_pool_workqueue *old_pwq;

	lockdep_assert_held(&podwq_pool_mutex);
	lockdep_assert_held(&wq->mutex);

	link_pwq(pwq);

	old_pwq = rcu_access_pointer(*slot);
	rcu_assign_pointer(*slot, pwq);
	return old_pwq;
}

/* attributes and pwqs prepared for a workqueue, before they go live */
struct apply_wqattrs_ctx {
	struct podwq_workqueue	*wq;		/* the workqueue */
	struct podwq_attrs	*attrs;		/* attributes to apply */
	struct list_head	list;		/* for batched commits */
	struct podwq_pool_workqueue *dfl_pwq;
	struct podwq_pool_workqueue *pwq_tbl[];	/* one per CPU */
};

/* drop what @ctx holds: the new pwqs if aborted, the old after commit */
static void apply_wqattrs_cleanup(struct apply_wqattrs_ctx *ctx)
{
	int cpu;

	if (!ctx)
		return;

	for_each_possible_cpu(cpu)
		podwq_put_pwq_unlocked(ctx->pwq_tbl[cpu]);
	podwq_put_pwq_unlocked(ctx->dfl_pwq);
	podwq_free_workqueue_attrs(ctx->attrs);
	kfree(ctx);
}

/*
 * Get the pools and pwqs @attrs need on @wq: a default pwq over all of
 * the workqueue's CPUs (the fallback, and the only one of an ordered
 * workqueue) and one pwq per pod, which the pod's CPUs share.
 */
static struct apply_wqattrs_ctx *
apply_wqattrs_prepare(struct podwq_workqueue *wq,
		      const struct podwq_attrs *attrs,
		      const struct cpumask *unbound_cpumask)
{
	const struct podwq_pod_type *pt;
	struct apply_wqattrs_ctx *ctx;
	struct podwq_attrs *new_attrs;
	int cpu;

	lockdep_assert_held(&podwq_pool_mutex);

	if (attrs->affn_scope < PODWQ_AFFN_DFL ||
	    attrs->affn_scope >= PODWQ_AFFN_NR_TYPES)
		return ERR_PTR(-EINVAL);

	ctx = kzalloc(struct_size(ctx, pwq_tbl, nr_cpu_ids), GFP_KERNEL);
	new_attrs = podwq_alloc_workqueue_attrs();
	if (!ctx || !new_attrs)
		goto out_free;

	podwq_copy_attrs(new_attrs, attrs);
	/*
	 * Ordering is the workqueue's, not the caller's attributes': a client
	 * that fills in fresh attributes for an ordered workqueue must not
	 * turn it into per-pod pwqs (7.2 trusts attrs->ordered here).
	 */
	new_attrs->ordered = !!(wq->flags & __PODWQ_ORDERED);
	wqattrs_actualize_cpumask(new_attrs, unbound_cpumask);
	cpumask_copy(new_attrs->__pod_cpumask, new_attrs->cpumask);
	ctx->dfl_pwq = alloc_unbound_pwq(wq, new_attrs);
	if (!ctx->dfl_pwq)
		goto out_free;

	pt = wqattrs_pod_type(new_attrs);
	for_each_possible_cpu(cpu) {
		int first = cpumask_first(pt->pod_cpus[pt->cpu_pod[cpu]]);
		struct podwq_pool_workqueue *pwq;

		if (new_attrs->ordered) {
			pwq = ctx->dfl_pwq;
		} else if (first < cpu && ctx->pwq_tbl[first]) {
			/* a pod's CPUs share its pwq */
			pwq = ctx->pwq_tbl[first];
		} else {
			wq_calc_pod_cpumask(new_attrs, pt, cpu);
			ctx->pwq_tbl[cpu] = alloc_unbound_pwq(wq, new_attrs);
			if (!ctx->pwq_tbl[cpu])
				goto out_free;
			continue;
		}
		/* not visible to anyone yet: no lock needed */
		pwq->refcnt++;
		ctx->pwq_tbl[cpu] = pwq;
	}

	/* what the user asked for, within the possible CPUs */
	podwq_copy_attrs(new_attrs, attrs);
	new_attrs->ordered = !!(wq->flags & __PODWQ_ORDERED);
	cpumask_and(new_attrs->cpumask, new_attrs->cpumask, cpu_possible_mask);
	cpumask_copy(new_attrs->__pod_cpumask, new_attrs->cpumask);
	ctx->attrs = new_attrs;

	/*
	 * An ordered workqueue that already has a pwq keeps the new one
	 * plugged until the old ones drain, so that order holds across.
	 */
	if ((wq->flags & __PODWQ_ORDERED) && !list_empty(&wq->pwqs))
		ctx->dfl_pwq->plugged = true;

	ctx->wq = wq;
	return ctx;

out_free:
	podwq_free_workqueue_attrs(new_attrs);
	apply_wqattrs_cleanup(ctx);
	return ERR_PTR(-ENOMEM);
}

/* install @ctx's pwqs; @ctx then holds the old ones for cleanup */
static void apply_wqattrs_commit(struct apply_wqattrs_ctx *ctx)
{
	int cpu;

	mutex_lock(&ctx->wq->mutex);

	podwq_copy_attrs(ctx->wq->unbound_attrs, ctx->attrs);

	for_each_possible_cpu(cpu)
		ctx->pwq_tbl[cpu] = install_unbound_pwq(ctx->wq, cpu,
							ctx->pwq_tbl[cpu]);
	ctx->dfl_pwq = install_unbound_pwq(ctx->wq, -1, ctx->dfl_pwq);

	wq_update_node_max_active(ctx->wq, -1);

	mutex_unlock(&ctx->wq->mutex);
}

/**
 * podwq_apply_workqueue_attrs_locked - podwq_apply_workqueue_attrs() body
 * @wq: the unbound workqueue
 * @attrs: attributes to apply
 *
 * Context: cpus_read_lock() and podwq_pool_mutex held.
 * Return: 0, -EINVAL or -ENOMEM; on error nothing changed.
 */
int podwq_apply_workqueue_attrs_locked(struct podwq_workqueue *wq,
				       const struct podwq_attrs *attrs)
{
	struct apply_wqattrs_ctx *ctx;

	lockdep_assert_held(&podwq_pool_mutex);

	if (!(wq->flags & PODWQ_UNBOUND))
		return -EINVAL;

	ctx = apply_wqattrs_prepare(wq, attrs, podwq_unbound_cpumask);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);

	apply_wqattrs_commit(ctx);
	apply_wqattrs_cleanup(ctx);
	return 0;
}

/**
 * podwq_apply_workqueue_attrs - apply new attributes to an unbound wq
 * @wq: the unbound workqueue
 * @attrs: attributes from podwq_alloc_workqueue_attrs(); the caller keeps
 *	   them
 *
 * New items go to pwqs on pools matching @attrs, one per pod of the CPUs
 * in @attrs->cpumask; older pwqs go away as their items finish.  Nothing
 * changes on failure.
 *
 * Context: sleeps.  Return: 0, -EINVAL (not unbound, bad scope) or
 * -ENOMEM.
 */
int podwq_apply_workqueue_attrs(struct podwq_workqueue *wq,
				const struct podwq_attrs *attrs)
{
	int ret;

	cpus_read_lock();
	mutex_lock(&podwq_pool_mutex);
	ret = podwq_apply_workqueue_attrs_locked(wq, attrs);
	mutex_unlock(&podwq_pool_mutex);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(podwq_apply_workqueue_attrs);

/*
 * Point the CPUs of @cpu's pod at a pwq for the pod as it is now (which
 * CPUs are online, the default scope).  Falls back to the default pwq if
 * memory is short.
 *
 * Context: podwq_pool_mutex held, CPU hotplug excluded.
 */
static void unbound_wq_update_pod(struct podwq_workqueue *wq, int cpu)
{
	struct podwq_attrs *target_attrs = unbound_wq_update_pwq_attrs_buf;
	struct podwq_pool_workqueue *pwq;
	const struct podwq_pod_type *pt;
	const struct cpumask *pod_cpus;
	int tcpu;

	lockdep_assert_held(&podwq_pool_mutex);

	if (!(wq->flags & PODWQ_UNBOUND) || wq->unbound_attrs->ordered ||
	    (wq->flags & __PODWQ_DESTROYING))
		return;

	podwq_copy_attrs(target_attrs, wq->unbound_attrs);
	wqattrs_actualize_cpumask(target_attrs, podwq_unbound_cpumask);
	pt = wqattrs_pod_type(target_attrs);
	pod_cpus = pt->pod_cpus[pt->cpu_pod[cpu]];

	wq_calc_pod_cpumask(target_attrs, pt, cpu);
	if (podwq_attrs_equal(target_attrs, unbound_pwq(wq, cpu)->pool->attrs))
		return;

	pwq = alloc_unbound_pwq(wq, target_attrs);
	if (pwq) {
		/* one reference per CPU of the pod; not visible yet */
		pwq->refcnt = cpumask_weight(pod_cpus);
	} else {
		pr_warn("allocation failed updating the pods of \"%s\"\n",
			wq->name);
		pwq = unbound_pwq(wq, -1);
		raw_spin_lock_irq(&pwq->pool->lock);
		pwq->refcnt += cpumask_weight(pod_cpus);
		raw_spin_unlock_irq(&pwq->pool->lock);
	}

	mutex_lock(&wq->mutex);
	for_each_cpu(tcpu, pod_cpus)
		podwq_put_pwq_unlocked(install_unbound_pwq(wq, tcpu, pwq));
	mutex_unlock(&wq->mutex);
}

/**
 * podwq_unbound_wqs_cpu_changed - remap unbound workqueues around @cpu
 * @cpu: the CPU that came up or is going down
 * @online: which
 *
 * Context: CPU hotplug callback, podwq_pool_mutex held.
 */
void podwq_unbound_wqs_cpu_changed(unsigned int cpu, bool online)
{
	struct podwq_workqueue *wq;

	lockdep_assert_held(&podwq_pool_mutex);

	list_for_each_entry(wq, &podwq_workqueues, list) {
		if (!wq->unbound_attrs || (wq->flags & __PODWQ_DESTROYING))
			continue;

		unbound_wq_update_pod(wq, cpu);

		mutex_lock(&wq->mutex);
		wq_update_node_max_active(wq, online ? -1 : cpu);
		mutex_unlock(&wq->mutex);
	}
}

/**
 * podwq_affn_dfl_changed - the default affinity scope changed
 *
 * Called by pods.c after a write to default_affinity_scope: remap every
 * unbound workqueue on the default scope.  A no-op before podwq is up and
 * once its teardown started.
 *
 * Context: process context, sleeps.
 */
void podwq_affn_dfl_changed(void)
{
	struct podwq_workqueue *wq;
	int cpu;

	cpus_read_lock();
	mutex_lock(&podwq_pool_mutex);
	if (podwq_wq_online) {
		list_for_each_entry(wq, &podwq_workqueues, list)
			for_each_possible_cpu(cpu)
				unbound_wq_update_pod(wq, cpu);
	}
	mutex_unlock(&podwq_pool_mutex);
	cpus_read_unlock();
}

/**
 * podwq_set_unbound_cpumask - restrict all unbound workqueues to @cpumask
 * @cpumask: the new podwq_unbound_cpumask, already checked
 *
 * All workqueues switch or none does.
 *
 * Context: cpus_read_lock() and podwq_pool_mutex held.
 * Return: 0 or -ENOMEM.
 */
int podwq_set_unbound_cpumask(cpumask_var_t cpumask)
{
	struct apply_wqattrs_ctx *ctx, *n;
	struct podwq_workqueue *wq;
	LIST_HEAD(ctxs);
	int ret = 0;

	lockdep_assert_held(&podwq_pool_mutex);

	if (cpumask_equal(cpumask, podwq_unbound_cpumask))
		return 0;

	list_for_each_entry(wq, &podwq_workqueues, list) {
		if (!(wq->flags & PODWQ_UNBOUND) ||
		    (wq->flags & __PODWQ_DESTROYING))
			continue;

		ctx = apply_wqattrs_prepare(wq, wq->unbound_attrs, cpumask);
		if (IS_ERR(ctx)) {
			ret = PTR_ERR(ctx);
			break;
		}
		list_add_tail(&ctx->list, &ctxs);
	}

	list_for_each_entry_safe(ctx, n, &ctxs, list) {
		if (!ret)
			apply_wqattrs_commit(ctx);
		apply_wqattrs_cleanup(ctx);
	}

	if (!ret) {
		mutex_lock(&podwq_pool_attach_mutex);
		cpumask_copy(podwq_unbound_cpumask, cpumask);
		mutex_unlock(&podwq_pool_attach_mutex);
		podwq_unbind_disassociated_workers();
	}
	return ret;
}

static int alloc_and_link_pwqs(struct podwq_workqueue *wq)
{
	bool highpri = wq->flags & PODWQ_HIGHPRI;
	int cpu, ret;

	lockdep_assert_held(&podwq_pool_mutex);

	wq->cpu_pwq = alloc_percpu(struct podwq_pool_workqueue *);
	if (!wq->cpu_pwq)
		return -ENOMEM;

	if (!(wq->flags & PODWQ_UNBOUND)) {
		for_each_possible_cpu(cpu) {
			struct podwq_pool_workqueue **pwq_p;
			struct podwq_worker_pool *pool;

			if (wq->flags & PODWQ_BH)
				pool = &per_cpu(podwq_bh_worker_pools, cpu)[highpri];
			else
				pool = &per_cpu(podwq_cpu_worker_pools, cpu)[highpri];
			pwq_p = per_cpu_ptr(wq->cpu_pwq, cpu);

			*pwq_p = alloc_pwq(pool->node);
			if (!*pwq_p)
				goto enomem;

			init_pwq(*pwq_p, wq, pool);

			mutex_lock(&wq->mutex);
			link_pwq(*pwq_p);
			mutex_unlock(&wq->mutex);
		}
		return 0;
	}

	if (wq->flags & __PODWQ_ORDERED)
		ret = podwq_apply_workqueue_attrs_locked(wq,
						ordered_wq_attrs[highpri]);
	else
		ret = podwq_apply_workqueue_attrs_locked(wq,
						unbound_std_wq_attrs[highpri]);
	if (ret)
		goto enomem;
	return 0;

enomem:
	if (!(wq->flags & PODWQ_UNBOUND)) {
		for_each_possible_cpu(cpu) {
			struct podwq_pool_workqueue *pwq =
				*per_cpu_ptr(wq->cpu_pwq, cpu);

			/* not published: unlink without wq->mutex */
			if (pwq) {
				if (!list_empty(&pwq->pwqs_node))
					list_del_rcu(&pwq->pwqs_node);
				kfree(pwq);
				podwq_obj_freed(PODWQ_OBJ_PWQ);
			}
		}
	}
	free_percpu(wq->cpu_pwq);
	wq->cpu_pwq = NULL;
	return -ENOMEM;
}

static int wq_clamp_max_active(int max_active, const char *name)
{
	if (max_active < 1 || max_active > PODWQ_MAX_ACTIVE)
		pr_warn("max_active %d requested for %s is out of range, clamping between %d and %d\n",
			max_active, name, 1, PODWQ_MAX_ACTIVE);

	return clamp_val(max_active, 1, PODWQ_MAX_ACTIVE);
}

/*
 * Set @wq's max/min_active to the saved values and activate inactive items
 * the new limit allows, round robin over the pwqs.
 */
static void wq_adjust_max_active(struct podwq_workqueue *wq)
{
	bool activated;
	int new_max = wq->saved_max_active;
	int new_min = wq->saved_min_active;

	lockdep_assert_held(&wq->mutex);

	if (wq->max_active == new_max && wq->min_active == new_min)
		return;

	/* new items queue behind inactive ones: order holds */
	WRITE_ONCE(wq->max_active, new_max);
	WRITE_ONCE(wq->min_active, new_min);

	if (wq->flags & PODWQ_UNBOUND)
		wq_update_node_max_active(wq, -1);

	do {
		struct podwq_pool_workqueue *pwq;

		activated = false;
		for_each_pwq(pwq, wq) {
			raw_spin_lock_irq(&pwq->pool->lock);
			if (pwq_activate_first_inactive(pwq, true)) {
				activated = true;
				podwq_kick_pool(pwq->pool);
			}
			raw_spin_unlock_irq(&pwq->pool->lock);
		}
	} while (activated);
}

static int alloc_node_nr_active(struct podwq_workqueue *wq)
{
	int node;

	for (node = 0; node <= nr_node_ids; node++) {
		struct podwq_node_nr_active *nna;

		if (node < nr_node_ids && !node_possible(node))
			continue;
		nna = kzalloc_node(sizeof(*nna), GFP_KERNEL,
				   node < nr_node_ids ? node : NUMA_NO_NODE);
		if (!nna)
			return -ENOMEM;	/* rcu_free_wq() frees the rest */
		podwq_obj_alloced(PODWQ_OBJ_NNA);
		nna->max = PODWQ_DFL_MIN_ACTIVE;
		atomic_set(&nna->nr, 0);
		raw_spin_lock_init(&nna->lock);
		INIT_LIST_HEAD(&nna->pending_pwqs);
		wq->node_nr_active[node] = nna;
	}
	return 0;
}

static struct podwq_workqueue *alloc_workqueue_va(const char *fmt,
						  unsigned int flags,
						  int max_active, va_list args)
{
	struct podwq_workqueue *wq;
	size_t wq_size;
	int name_len;

	/* as 7.2's __WQ_BH_ALLOWS, and BH has no max_active to set */
	if (flags & PODWQ_BH) {
		unsigned int bad = flags & ~(PODWQ_BH | PODWQ_HIGHPRI |
					     PODWQ_PERCPU);

		if (bad) {
			pr_err("workqueue \"%s\": PODWQ_BH allows only PODWQ_HIGHPRI and PODWQ_PERCPU, not flags %#x\n",
			       fmt, bad);
			return NULL;
		}
		if (max_active) {
			pr_err("workqueue \"%s\": PODWQ_BH takes max_active 0, not %d\n",
			       fmt, max_active);
			return NULL;
		}
	}

	/* exactly one of PERCPU and UNBOUND; per-CPU if neither */
	if (flags & PODWQ_UNBOUND)
		flags &= ~PODWQ_PERCPU;
	else
		flags |= PODWQ_PERCPU;

	if (flags & PODWQ_UNBOUND)
		wq_size = struct_size(wq, node_nr_active, nr_node_ids + 1);
	else
		wq_size = sizeof(*wq);

	wq = kzalloc(wq_size, GFP_KERNEL);
	if (!wq)
		return NULL;
	podwq_obj_alloced(PODWQ_OBJ_WQ);

	if (flags & PODWQ_UNBOUND) {
		wq->unbound_attrs = podwq_alloc_workqueue_attrs();
		if (!wq->unbound_attrs)
			goto err_free_wq;
	}

	name_len = vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	if (name_len >= PODWQ_NAME_LEN)
		pr_warn_once("workqueue name exceeds %d characters, truncated to %s\n",
			     PODWQ_NAME_LEN - 1, wq->name);

	if (flags & PODWQ_BH) {
		/* one execution context per CPU: no limit to impose */
		max_active = INT_MAX;
	} else {
		max_active = max_active ?: PODWQ_DFL_ACTIVE;
		max_active = wq_clamp_max_active(max_active, wq->name);
	}

	wq->flags = flags;
	wq->max_active = max_active;
	wq->min_active = min(max_active, PODWQ_DFL_MIN_ACTIVE);
	wq->saved_max_active = wq->max_active;
	wq->saved_min_active = wq->min_active;
	mutex_init(&wq->mutex);
	atomic_set(&wq->nr_pwqs_to_flush, 0);
	INIT_LIST_HEAD(&wq->pwqs);
	INIT_LIST_HEAD(&wq->flusher_queue);
	INIT_LIST_HEAD(&wq->flusher_overflow);
	INIT_LIST_HEAD(&wq->maydays);
	INIT_LIST_HEAD(&wq->list);

	if ((flags & PODWQ_UNBOUND) && alloc_node_nr_active(wq) < 0)
		goto err_free_wq;

	cpus_read_lock();
	mutex_lock(&podwq_pool_mutex);

	if (alloc_and_link_pwqs(wq) < 0)
		goto err_unlock_free;

	mutex_lock(&wq->mutex);
	wq_adjust_max_active(wq);
	mutex_unlock(&wq->mutex);

	list_add_tail_rcu(&wq->list, &podwq_workqueues);

	if (podwq_init_rescuer(wq) < 0) {
		mutex_unlock(&podwq_pool_mutex);
		cpus_read_unlock();
		podwq_destroy_workqueue(wq);
		return NULL;
	}

	mutex_unlock(&podwq_pool_mutex);
	cpus_read_unlock();

	if ((wq->flags & PODWQ_SYSFS) && podwq_sysfs_register(wq)) {
		podwq_destroy_workqueue(wq);
		return NULL;
	}

	return wq;

err_unlock_free:
	mutex_unlock(&podwq_pool_mutex);
	cpus_read_unlock();
	/* a failed apply may have queued pwq releases referring to @wq */
	kthread_flush_worker(podwq_release_worker);
err_free_wq:
	/* what rcu_free_wq() does, without the grace period */
	free_wq(wq);
	return NULL;
}

/**
 * podwq_alloc_workqueue - allocate a workqueue
 * @fmt: printf format for its name
 * @flags: PODWQ_* flags
 * @max_active: items in flight at once, per CPU for a per-CPU workqueue,
 *		in all for an unbound one (split among NUMA nodes, each
 *		guaranteed min(@max_active, PODWQ_DFL_MIN_ACTIVE)); 0 for the
 *		default
 * @...: arguments for @fmt
 *
 * A workqueue is per-CPU unless PODWQ_UNBOUND is given.  A PODWQ_BH one
 * runs its items in softirq context on the CPU they were queued on; it
 * takes only PODWQ_HIGHPRI (the HI softirq) and PODWQ_PERCPU besides, and
 * max_active 0.  PODWQ_FREEZABLE is accepted but has no effect (no
 * freezing).  A PODWQ_MEM_RECLAIM workqueue gets a rescuer (rescuer.c),
 * which runs its items when a pool can't create workers in time.
 * PODWQ_SYSFS shows it under /sys/kernel/podwq/, and fails if that name
 * is taken there.
 *
 * Context: sleeps.  Return: the workqueue, or NULL.
 */
struct podwq_workqueue *podwq_alloc_workqueue(const char *fmt,
					      unsigned int flags,
					      int max_active, ...)
{
	struct podwq_workqueue *wq;
	va_list args;

	va_start(args, max_active);
	wq = alloc_workqueue_va(fmt, flags, max_active, args);
	va_end(args);
	return wq;
}
EXPORT_SYMBOL_GPL(podwq_alloc_workqueue);

/*
 * Flushing a workqueue.  Each item is queued with its pwq's work color;
 * a flush advances the workqueue's work color and waits until no item of
 * the old colors is in flight.  Flushes overlap: they queue on
 * flusher_queue by color, the first one does the cascading, and when all
 * colors are taken the rest wait on flusher_overflow.
 */

/*
 * Arm the pwqs of @wq: if @flush_color >= 0, each pwq with items of that
 * color in flight counts in nr_pwqs_to_flush and will complete the first
 * flusher; if @work_color >= 0, it becomes every pwq's color for new
 * items.  Returns whether there is anything to wait for.
 */
static bool flush_workqueue_prep_pwqs(struct podwq_workqueue *wq,
				      int flush_color, int work_color)
{
	struct podwq_worker_pool *current_pool = NULL;
	struct podwq_pool_workqueue *pwq;
	bool wait = false;

	if (flush_color >= 0) {
		WARN_ON_ONCE(atomic_read(&wq->nr_pwqs_to_flush));
		atomic_set(&wq->nr_pwqs_to_flush, 1);
	}

	/* pwqs of one pool tend to be adjacent: lock each pool once */
	for_each_pwq(pwq, wq) {
		if (current_pool != pwq->pool) {
			if (likely(current_pool))
				raw_spin_unlock_irq(&current_pool->lock);
			current_pool = pwq->pool;
			raw_spin_lock_irq(&current_pool->lock);
		}

		if (flush_color >= 0) {
			WARN_ON_ONCE(pwq->flush_color != -1);

			if (pwq->nr_in_flight[flush_color]) {
				pwq->flush_color = flush_color;
				atomic_inc(&wq->nr_pwqs_to_flush);
				wait = true;
			}
		}

		if (work_color >= 0) {
			WARN_ON_ONCE(work_color !=
				     podwq_work_next_color(pwq->work_color));
			pwq->work_color = work_color;
		}
	}

	if (current_pool)
		raw_spin_unlock_irq(&current_pool->lock);

	if (flush_color >= 0 && atomic_dec_and_test(&wq->nr_pwqs_to_flush))
		complete(&wq->first_flusher->done);

	return wait;
}

/**
 * podwq_flush_workqueue - wait for the items queued so far to finish
 * @wq: the workqueue
 *
 * Waits for every item queued on @wq before the call; items queued later
 * don't make it wait longer.
 *
 * Context: sleeps.
 */
void podwq_flush_workqueue(struct podwq_workqueue *wq)
{
	struct podwq_flusher this_flusher = {
		.list = LIST_HEAD_INIT(this_flusher.list),
		.flush_color = -1,
	};
	int next_color;

	init_completion(&this_flusher.done);

	mutex_lock(&wq->mutex);

	/* start-to-wait phase */
	next_color = podwq_work_next_color(wq->work_color);

	if (next_color != wq->flush_color) {
		/* a color is free: ours is the current one, advance */
		WARN_ON_ONCE(!list_empty(&wq->flusher_overflow));
		this_flusher.flush_color = wq->work_color;
		wq->work_color = next_color;

		if (!wq->first_flusher) {
			/* no flush in progress: we are the first flusher */
			WARN_ON_ONCE(wq->flush_color !=
				     this_flusher.flush_color);

			wq->first_flusher = &this_flusher;

			if (!flush_workqueue_prep_pwqs(wq, wq->flush_color,
						       wq->work_color)) {
				/* nothing to flush */
				wq->flush_color = next_color;
				wq->first_flusher = NULL;
				goto out_unlock;
			}
		} else {
			/* wait behind the flushes in progress */
			WARN_ON_ONCE(wq->flush_color ==
				     this_flusher.flush_color);
			list_add_tail(&this_flusher.list, &wq->flusher_queue);
			flush_workqueue_prep_pwqs(wq, -1, wq->work_color);
		}
	} else {
		/* every color taken: the next completion gives us one */
		list_add_tail(&this_flusher.list, &wq->flusher_overflow);
	}

	mutex_unlock(&wq->mutex);

	wait_for_completion(&this_flusher.done);

	/* wake-up-and-cascade phase: the first flusher's job */
	if (READ_ONCE(wq->first_flusher) != &this_flusher)
		return;

	mutex_lock(&wq->mutex);

	/* we might have raced: check again under the mutex */
	if (wq->first_flusher != &this_flusher)
		goto out_unlock;

	WRITE_ONCE(wq->first_flusher, NULL);

	WARN_ON_ONCE(!list_empty(&this_flusher.list));
	WARN_ON_ONCE(wq->flush_color != this_flusher.flush_color);

	while (true) {
		struct podwq_flusher *next, *tmp;

		/* complete the flushers of the color just done */
		list_for_each_entry_safe(next, tmp, &wq->flusher_queue, list) {
			if (next->flush_color != wq->flush_color)
				break;
			list_del_init(&next->list);
			complete(&next->done);
		}

		WARN_ON_ONCE(!list_empty(&wq->flusher_overflow) &&
			     wq->flush_color !=
			     podwq_work_next_color(wq->work_color));

		/* this color is done: advance */
		wq->flush_color = podwq_work_next_color(wq->flush_color);

		/* a color is free: give it to the overflowed flushers */
		if (!list_empty(&wq->flusher_overflow)) {
			list_for_each_entry(tmp, &wq->flusher_overflow, list)
				tmp->flush_color = wq->work_color;

			wq->work_color = podwq_work_next_color(wq->work_color);

			list_splice_tail_init(&wq->flusher_overflow,
					      &wq->flusher_queue);
			flush_workqueue_prep_pwqs(wq, -1, wq->work_color);
		}

		if (list_empty(&wq->flusher_queue)) {
			WARN_ON_ONCE(wq->flush_color != wq->work_color);
			break;
		}

		/* more colors to flush: the next flusher leads */
		WARN_ON_ONCE(wq->flush_color == wq->work_color);
		WARN_ON_ONCE(wq->flush_color != next->flush_color);

		list_del_init(&next->list);
		wq->first_flusher = next;

		if (flush_workqueue_prep_pwqs(wq, wq->flush_color, -1))
			break;

		/* that color was done already: clear and cascade on */
		wq->first_flusher = NULL;
	}

out_unlock:
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(podwq_flush_workqueue);

/**
 * podwq_drain_workqueue - wait until a workqueue is empty
 * @wq: the workqueue
 *
 * Flushes until nothing is left.  Meanwhile only items running on @wq may
 * queue more items on it ("chained"); other queueing is refused.
 *
 * Context: sleeps.
 */
void podwq_drain_workqueue(struct podwq_workqueue *wq)
{
	struct podwq_pool_workqueue *pwq;
	unsigned int flush_cnt = 0;

	mutex_lock(&wq->mutex);
	if (!wq->nr_drainers++)
		wq->flags |= __PODWQ_DRAINING;
	mutex_unlock(&wq->mutex);
reflush:
	podwq_flush_workqueue(wq);

	mutex_lock(&wq->mutex);

	for_each_pwq(pwq, wq) {
		bool drained;

		raw_spin_lock_irq(&pwq->pool->lock);
		drained = pwq_is_empty(pwq);
		raw_spin_unlock_irq(&pwq->pool->lock);

		if (drained)
			continue;

		if (++flush_cnt == 10 ||
		    (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("%s: %s() isn't complete after %u tries\n",
				wq->name, __func__, flush_cnt);

		mutex_unlock(&wq->mutex);
		goto reflush;
	}

	if (!--wq->nr_drainers)
		wq->flags &= ~__PODWQ_DRAINING;
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(podwq_drain_workqueue);

/*
 * Does @pwq still have work, or references beyond the base ones its
 * workqueue's slots hold (one per CPU of its pod, plus dfl_pwq's)?
 */
static bool pwq_busy(struct podwq_pool_workqueue *pwq)
{
	struct podwq_workqueue *wq = pwq->wq;
	int i, cpu, slots = 0;

	for (i = 0; i < PODWQ_WORK_NR_COLORS; i++)
		if (pwq->nr_in_flight[i])
			return true;

	for_each_possible_cpu(cpu)
		if (rcu_access_pointer(*per_cpu_ptr(wq->cpu_pwq, cpu)) == pwq)
			slots++;
	if (rcu_access_pointer(wq->dfl_pwq) == pwq)
		slots++;

	return pwq->refcnt > slots || !pwq_is_empty(pwq);
}

/**
 * podwq_destroy_workqueue - drain and destroy a workqueue
 * @wq: the workqueue
 *
 * Everything queued runs first.  Delayed items whose timer hasn't fired
 * aren't queued yet: cancel them before calling this.
 *
 * Context: sleeps.
 */
void podwq_destroy_workqueue(struct podwq_workqueue *wq)
{
	struct podwq_pool_workqueue *pwq;
	int cpu;

	/* out of sysfs first: its writers apply attributes */
	podwq_sysfs_unregister(wq);

	mutex_lock(&wq->mutex);
	wq->flags |= __PODWQ_DESTROYING;
	mutex_unlock(&wq->mutex);

	podwq_drain_workqueue(wq);

	/* the rescuer empties wq->maydays before it exits */
	podwq_destroy_rescuer(wq);

	/* take every lock that in-flight put_pwq()s could hold */
	mutex_lock(&podwq_pool_mutex);
	mutex_lock(&wq->mutex);
	for_each_pwq(pwq, wq) {
		raw_spin_lock_irq(&pwq->pool->lock);
		if (WARN_ON(pwq_busy(pwq))) {
			pr_warn("%s: %s has a busy pwq (refcnt %d, active %d), leaking it\n",
				__func__, wq->name, pwq->refcnt,
				pwq->nr_active);
			raw_spin_unlock_irq(&pwq->pool->lock);
			mutex_unlock(&wq->mutex);
			mutex_unlock(&podwq_pool_mutex);
			return;
		}
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	mutex_unlock(&wq->mutex);

	list_del_rcu(&wq->list);
	mutex_unlock(&podwq_pool_mutex);

	/*
	 * Only we use @wq now.  Put the base references; the last pwq
	 * release frees @wq.  RCU keeps @wq alive meanwhile.
	 */
	rcu_read_lock();

	for_each_possible_cpu(cpu) {
		struct podwq_pool_workqueue __rcu **slot =
			per_cpu_ptr(wq->cpu_pwq, cpu);

		podwq_put_pwq_unlocked(rcu_dereference(*slot));
		RCU_INIT_POINTER(*slot, NULL);
	}

	podwq_put_pwq_unlocked(rcu_dereference(wq->dfl_pwq));
	RCU_INIT_POINTER(wq->dfl_pwq, NULL);

	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(podwq_destroy_workqueue);

/**
 * podwq_workqueue_set_max_active - change a workqueue's max_active
 * @wq: the workqueue, not ordered
 * @max_active: the new limit, clamped to 1..PODWQ_MAX_ACTIVE
 *
 * Context: sleeps.
 */
void podwq_workqueue_set_max_active(struct podwq_workqueue *wq,
				    int max_active)
{
	/* ordering depends on max_active 1 */
	if (WARN_ON(wq->flags & __PODWQ_ORDERED))
		return;
	if (wq->flags & PODWQ_BH) {
		pr_err("%s: BH workqueues have no max_active to set\n",
		       wq->name);
		return;
	}

	max_active = wq_clamp_max_active(max_active, wq->name);

	mutex_lock(&wq->mutex);

	wq->saved_max_active = max_active;
	if (wq->flags & PODWQ_UNBOUND)
		wq->saved_min_active = min(wq->saved_min_active, max_active);

	wq_adjust_max_active(wq);

	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(podwq_workqueue_set_max_active);

/**
 * podwq_workqueue_set_min_active - change an unbound workqueue's min_active
 * @wq: the workqueue, unbound and not ordered
 * @min_active: the new guarantee, clamped to 0..max_active
 *
 * An unbound workqueue's max_active is shared among NUMA nodes; each node
 * may still run min_active items at once, even where its share is lower.
 * That is what an unbound workqueue guarantees for interdependent items
 * (PODWQ_DFL_MIN_ACTIVE by default), not max_active.
 *
 * Context: sleeps.
 */
void podwq_workqueue_set_min_active(struct podwq_workqueue *wq,
				    int min_active)
{
	/* per-CPU workqueues have no per-node limits; ordered ones run one */
	if (WARN_ON((wq->flags & (PODWQ_BH | PODWQ_UNBOUND | __PODWQ_ORDERED)) !=
		    PODWQ_UNBOUND))
		return;

	mutex_lock(&wq->mutex);
	wq->saved_min_active = clamp(min_active, 0, wq->saved_max_active);
	wq_adjust_max_active(wq);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(podwq_workqueue_set_min_active);

static void free_std_attrs(void)
{
	int i;

	for (i = 0; i < PODWQ_NR_STD_WORKER_POOLS; i++) {
		podwq_free_workqueue_attrs(unbound_std_wq_attrs[i]);
		podwq_free_workqueue_attrs(ordered_wq_attrs[i]);
		unbound_std_wq_attrs[i] = NULL;
		ordered_wq_attrs[i] = NULL;
	}
	podwq_free_workqueue_attrs(unbound_wq_update_pwq_attrs_buf);
	unbound_wq_update_pwq_attrs_buf = NULL;
}

static int alloc_std_attrs(void)
{
	static const int std_nice[PODWQ_NR_STD_WORKER_POOLS] = {
		0, PODWQ_HIGHPRI_NICE_LEVEL
	};
	int i;

	unbound_wq_update_pwq_attrs_buf = podwq_alloc_workqueue_attrs();
	if (!unbound_wq_update_pwq_attrs_buf)
		return -ENOMEM;

	for (i = 0; i < PODWQ_NR_STD_WORKER_POOLS; i++) {
		unbound_std_wq_attrs[i] = podwq_alloc_workqueue_attrs();
		ordered_wq_attrs[i] = podwq_alloc_workqueue_attrs();
		if (!unbound_std_wq_attrs[i] || !ordered_wq_attrs[i])
			return -ENOMEM;
		unbound_std_wq_attrs[i]->nice = std_nice[i];
		ordered_wq_attrs[i]->nice = std_nice[i];
		/* one pwq is what keeps an ordered workqueue in order */
		ordered_wq_attrs[i]->ordered = true;
	}
	return 0;
}

/* destroy the workqueues still there at exit: ours, and leaked ones */
static void destroy_all_workqueues(void)
{
	struct podwq_workqueue *wq;

	podwq_destroy_workqueue(podwq_system_bh_highpri_wq);
	podwq_destroy_workqueue(podwq_system_bh_wq);
	podwq_destroy_workqueue(podwq_system_unbound_wq);
	podwq_destroy_workqueue(podwq_system_highpri_wq);
	podwq_destroy_workqueue(podwq_system_wq);

	while (true) {
		mutex_lock(&podwq_pool_mutex);
		wq = list_first_entry_or_null(&podwq_workqueues,
					      struct podwq_workqueue, list);
		mutex_unlock(&podwq_pool_mutex);
		if (!wq)
			break;
		pr_err("workqueue %s was never destroyed, destroying it\n",
		       wq->name);
		podwq_destroy_workqueue(wq);

		/* a destroy that found it busy leaves it: leak it, go on */
		mutex_lock(&podwq_pool_mutex);
		if (list_first_entry_or_null(&podwq_workqueues,
					     struct podwq_workqueue, list) == wq)
			list_del_rcu(&wq->list);
		mutex_unlock(&podwq_pool_mutex);
	}
}

/**
 * podwq_workqueue_init - bring the workqueue engine up
 *
 * Needs the pod tables (podwq_pods_init()).  Sets up the unbound cpumask,
 * the release kthread, the per-CPU pools and the system workqueues.
 *
 * Return: 0 or -errno, with everything undone.
 */
int podwq_workqueue_init(void)
{
	int ret = -ENOMEM;

	if (!alloc_cpumask_var(&podwq_unbound_cpumask, GFP_KERNEL))
		return -ENOMEM;
	if (!alloc_cpumask_var(&podwq_online_cpumask, GFP_KERNEL))
		goto err_free_unbound;

	/* like the kernel's workqueue: stay off isolated CPUs */
	if (!cpumask_and(podwq_unbound_cpumask, cpu_possible_mask,
			 housekeeping_cpumask(HK_TYPE_DOMAIN)))
		cpumask_copy(podwq_unbound_cpumask, cpu_possible_mask);

	if (alloc_std_attrs())
		goto err_free_attrs;

	podwq_release_worker = kthread_create_worker(0, "podwq_release");
	if (IS_ERR(podwq_release_worker)) {
		ret = PTR_ERR(podwq_release_worker);
		goto err_free_attrs;
	}

	cpus_read_lock();
	cpumask_copy(podwq_online_cpumask, cpu_online_mask);
	cpus_read_unlock();

	ret = podwq_pool_init();
	if (ret)
		goto err_release_worker;

	ret = podwq_bh_init();
	if (ret)
		goto err_pools;

	podwq_system_wq = podwq_alloc_workqueue("events", PODWQ_PERCPU, 0);
	podwq_system_highpri_wq = podwq_alloc_workqueue("events_highpri",
							PODWQ_PERCPU |
							PODWQ_HIGHPRI, 0);
	podwq_system_unbound_wq = podwq_alloc_workqueue("events_unbound",
							PODWQ_UNBOUND,
							PODWQ_UNBOUND_MAX_ACTIVE);
	podwq_system_bh_wq = podwq_alloc_workqueue("events_bh",
						   PODWQ_BH | PODWQ_PERCPU, 0);
	podwq_system_bh_highpri_wq = podwq_alloc_workqueue("events_bh_highpri",
							   PODWQ_BH |
							   PODWQ_HIGHPRI |
							   PODWQ_PERCPU, 0);
	if (!podwq_system_wq || !podwq_system_highpri_wq ||
	    !podwq_system_unbound_wq || !podwq_system_bh_wq ||
	    !podwq_system_bh_highpri_wq) {
		ret = -ENOMEM;
		goto err_wqs;
	}

	ret = podwq_bh_hotplug_init();
	if (ret)
		goto err_wqs;

	mutex_lock(&podwq_pool_mutex);
	podwq_wq_online = true;
	mutex_unlock(&podwq_pool_mutex);
	return 0;

err_wqs:
	if (podwq_system_bh_highpri_wq)
		podwq_destroy_workqueue(podwq_system_bh_highpri_wq);
	if (podwq_system_bh_wq)
		podwq_destroy_workqueue(podwq_system_bh_wq);
	if (podwq_system_unbound_wq)
		podwq_destroy_workqueue(podwq_system_unbound_wq);
	if (podwq_system_highpri_wq)
		podwq_destroy_workqueue(podwq_system_highpri_wq);
	if (podwq_system_wq)
		podwq_destroy_workqueue(podwq_system_wq);
	kthread_flush_worker(podwq_release_worker);
	rcu_barrier();
	podwq_bh_exit();
err_pools:
	podwq_pool_exit();
err_release_worker:
	kthread_destroy_worker(podwq_release_worker);
err_free_attrs:
	free_std_attrs();
	free_cpumask_var(podwq_online_cpumask);
err_free_unbound:
	free_cpumask_var(podwq_unbound_cpumask);
	return ret;
}

/*
 * Tear the engine down.  Client modules hold a reference on podwq while
 * they are loaded, so only workqueues they leaked can be left.
 */
void podwq_workqueue_exit(void)
{
	mutex_lock(&podwq_pool_mutex);
	podwq_wq_online = false;
	mutex_unlock(&podwq_pool_mutex);

	/* the drain of a dead CPU's BH pools needs the system BH wqs */
	podwq_bh_hotplug_exit();

	destroy_all_workqueues();

	/* let pwq releases, and the RCU frees they queue, finish */
	kthread_flush_worker(podwq_release_worker);
	rcu_barrier();

	podwq_bh_exit();
	podwq_pool_exit();

	kthread_destroy_worker(podwq_release_worker);
	free_std_attrs();
	free_cpumask_var(podwq_online_cpumask);
	free_cpumask_var(podwq_unbound_cpumask);
}
