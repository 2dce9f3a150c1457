// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - worker pools: the two per-CPU pools of every CPU and the shared
 * unbound pools, their kthread workers, the manager role, concurrency
 * management and CPU hotplug.
 *
 * Locking: fields follow the rules in internal.h.  In short: a pool's
 * worklist, idle list, busy hash and counters are under pool->lock;
 * attaching and detaching workers, and binding them to CPUs, under
 * podwq_pool_attach_mutex; the unbound pool hash, the pool IDR and pool
 * reference counts under podwq_pool_mutex.
 *
 * Concurrency management.  The kernel's own workqueue learns that a
 * running worker blocks from hooks in schedule() that modules cannot use.
 * podwq registers a preempt notifier on every per-CPU pool worker instead
 * (Documentation/design.rst discusses the choice and its cost):
 *
 * - sched_out runs under the runqueue lock with irqs off.  If the worker
 *   is blocking rather than being preempted, it takes it out of
 *   nr_running.  It must not wake anyone there (the waker would take a
 *   runqueue lock again) nor take pool->lock (pool->lock is held around
 *   wake-ups), so when nr_running drops to zero with work pending it
 *   queues the pool's cm_kick irq_work, which wakes an idle worker from
 *   hard irq context right after.  "Work pending" is read without
 *   pool->lock: a full barrier on each side (here and in
 *   podwq_kick_pool(), which queueing reaches after inserting) makes
 *   sure that either this side sees the new item or the queueing side
 *   sees nr_running at zero and wakes a worker itself.
 * - sched_in runs when the worker is switched back in and puts it back.
 *
 * That state lives under pool->cm_lock, which nests inside both pool->lock
 * and the runqueue lock.  A worker is counted in nr_running iff it has no
 * PODWQ_WORKER_NOT_RUNNING flag and isn't sleeping; worker_update_running()
 * is the only place that changes nr_running and keeps ->cm_counted in step,
 * so the count never drifts, whatever CPU the notifiers run on.
 */
#include "internal.h"

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/moduleparam.h>
#include <linux/rcuwait.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "compat.h"
#include "pods.h"
#include "podwq_trace.h"

/* the per-CPU pools: [0] nice 0, [1] nice -20 (PODWQ_HIGHPRI) */
DEFINE_PER_CPU_SHARED_ALIGNED(struct podwq_worker_pool [PODWQ_NR_STD_WORKER_POOLS],
			      podwq_cpu_worker_pools);

/* PR: every pool by ID, the ID recorded in off-queue work->data */
DEFINE_IDR(podwq_pool_idr);

/* protects worker attach/detach and CPU binding */
DEFINE_MUTEX(podwq_pool_attach_mutex);

/* PL: unbound pools by attributes */
DEFINE_HASHTABLE(podwq_unbound_pool_hash, PODWQ_UNBOUND_POOL_HASH_ORDER);

static unsigned int podwq_idle_timeout = 300;
module_param_named(idle_timeout, podwq_idle_timeout, uint, 0644);
MODULE_PARM_DESC(idle_timeout,
		 "Seconds before surplus idle workers exit (default 300, min 1)");

/* wait for the manager to go away in put_unbound_pool() */
static struct rcuwait podwq_manager_wait =
	__RCUWAIT_INITIALIZER(podwq_manager_wait);

static enum cpuhp_state podwq_cpuhp_state;

static int podwq_worker_thread(void *__worker);

static unsigned long idle_timeout_jiffies(void)
{
	return max(READ_ONCE(podwq_idle_timeout), 1U) * HZ;
}

/*
 * Policy functions, under pool->lock.  Unbound and disassociated pools
 * never count anyone in nr_running, so for them need_more_worker() is
 * simply "there is work".
 */

/* wake a worker?  Asked by anyone but a running worker */
static bool need_more_worker(struct podwq_worker_pool *pool)
{
	return !list_empty(&pool->worklist) && !READ_ONCE(pool->nr_running);
}

/* can I start working?  Asked by a worker leaving idle */
static bool may_start_working(struct podwq_worker_pool *pool)
{
	return pool->nr_idle;
}

/* should I keep working?  Asked by a running worker */
static bool keep_working(struct podwq_worker_pool *pool)
{
	return !list_empty(&pool->worklist) && READ_ONCE(pool->nr_running) <= 1;
}

/* must the manager create a worker? */
static bool need_to_create_worker(struct podwq_worker_pool *pool)
{
	return need_more_worker(pool) && !may_start_working(pool);
}

/* are there idle workers to spare? */
static bool too_many_workers(struct podwq_worker_pool *pool)
{
	bool managing = pool->flags & PODWQ_POOL_MANAGER_ACTIVE;
	int nr_idle = pool->nr_idle + managing; /* the manager counts as idle */
	int nr_busy = pool->nr_workers - nr_idle;

	return nr_idle > 2 &&
	       (nr_idle - 2) * PODWQ_MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

/*
 * Bring @worker->cm_counted, and so @pool->nr_running, in line with the
 * worker's flags and sleeping state.  Called with @pool->cm_lock held.
 */
static void worker_update_running(struct podwq_worker *worker,
				  struct podwq_worker_pool *pool)
{
	bool running = !(worker->flags & PODWQ_WORKER_NOT_RUNNING) &&
		       !worker->sleeping;

	lockdep_assert_held(&pool->cm_lock);

	if (running == worker->cm_counted)
		return;
	worker->cm_counted = running;
	WRITE_ONCE(pool->nr_running, pool->nr_running + (running ? 1 : -1));
}

/* set @flags on @worker (self), under pool->lock */
static void worker_set_flags(struct podwq_worker *worker, unsigned int flags)
{
	struct podwq_worker_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);

	if ((flags & PODWQ_WORKER_NOT_RUNNING) &&
	    !(worker->flags & PODWQ_WORKER_NOT_RUNNING)) {
		raw_spin_lock(&pool->cm_lock);
		WRITE_ONCE(worker->flags, worker->flags | flags);
		worker_update_running(worker, pool);
		raw_spin_unlock(&pool->cm_lock);
	} else {
		WRITE_ONCE(worker->flags, worker->flags | flags);
	}
}

/* clear @flags on @worker (self), under pool->lock */
static void worker_clr_flags(struct podwq_worker *worker, unsigned int flags)
{
	struct podwq_worker_pool *pool = worker->pool;
	unsigned int nflags = worker->flags & ~flags;

	lockdep_assert_held(&pool->lock);

	if ((worker->flags & PODWQ_WORKER_NOT_RUNNING) &&
	    !(nflags & PODWQ_WORKER_NOT_RUNNING)) {
		raw_spin_lock(&pool->cm_lock);
		WRITE_ONCE(worker->flags, nflags);
		worker_update_running(worker, pool);
		raw_spin_unlock(&pool->cm_lock);
	} else {
		WRITE_ONCE(worker->flags, nflags);
	}
}

/**
 * podwq_worker_set_cpu_intensive - take @worker out of CM for its item
 * @worker: a busy worker of a per-CPU pool, hogging the CPU
 *
 * For intensive.c's timer, which may interrupt @worker or run beside it:
 * NOT_RUNNING flags are set under pool->lock and cm_lock, and sched_out
 * looks at them again under cm_lock, so the count stays right.
 * process_one_work() clears the flag after the item.
 *
 * Context: pool->lock held.
 */
void podwq_worker_set_cpu_intensive(struct podwq_worker *worker)
{
	worker_set_flags(worker, PODWQ_WORKER_CPU_INTENSIVE);
}

/*
 * sched_out of a per-CPU pool worker: under the runqueue lock, irqs off,
 * @worker being switched out.  Only the worker clears its own NOT_RUNNING
 * flags, so seeing one set here, in its own context, means it isn't
 * counted and won't be before it runs again: nothing to do.
 */
static void podwq_worker_sched_out(struct preempt_notifier *pn,
				   struct task_struct *next)
{
	struct podwq_worker *worker = container_of(pn, struct podwq_worker, pn);
	struct podwq_worker_pool *pool = worker->pool;
	bool kick;

	if (READ_ONCE(worker->flags) & PODWQ_WORKER_NOT_RUNNING)
		return;

	/* preempted, not blocking: it still runs as far as CM is concerned */
	if (!podwq_compat_task_blocked(worker->task))
		return;

	raw_spin_lock(&pool->cm_lock);
	worker->sleeping = 1;
	worker_update_running(worker, pool);
	kick = !pool->nr_running;
	/* the wake-up is to the credit of the item that blocked */
	if (kick)
		pool->cm_kick_pwq = worker->current_pwq;
	raw_spin_unlock(&pool->cm_lock);

	/*
	 * Only pending work needs a worker woken.  Pairs with the smp_mb()
	 * in podwq_kick_pool(), which its callers reach after queueing:
	 * either we see their item here, or they see nr_running at zero.
	 */
	smp_mb();
	if (!kick || list_empty(&pool->worklist))
		return;

	/* can't wake anyone under the runqueue lock: bounce through irq_work */
	irq_work_queue(&pool->cm_kick);
}

/* sched_in of a per-CPU pool worker: preemption off, rq lock released */
static void podwq_worker_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct podwq_worker *worker = container_of(pn, struct podwq_worker, pn);
	struct podwq_worker_pool *pool = worker->pool;
	unsigned long irq_flags;

	/* ->sleeping is only written by this worker's own notifiers */
	if (!READ_ONCE(worker->sleeping))
		return;

	raw_spin_lock_irqsave(&pool->cm_lock, irq_flags);
	worker->sleeping = 0;
	/* CPU-intensive detection counts CPU time since the last wake-up */
	worker->current_wake_at = worker->task->se.sum_exec_runtime;
	worker_update_running(worker, pool);
	raw_spin_unlock_irqrestore(&pool->cm_lock, irq_flags);
}

static struct preempt_ops podwq_cm_ops = {
	.sched_in	= podwq_worker_sched_in,
	.sched_out	= podwq_worker_sched_out,
};

/*
 * The pwq to credit with a CM wake-up: that of the item whose blocking
 * queued the kick, as the kernel does, if a worker of @pool still runs an
 * item of it, which keeps it alive; else that of the first pending item.
 */
static struct podwq_pool_workqueue *cm_kick_pwq(struct podwq_worker_pool *pool,
						struct podwq_work *work)
{
	struct podwq_pool_workqueue *pwq;
	struct podwq_worker *worker;
	int bkt;

	raw_spin_lock(&pool->cm_lock);
	pwq = pool->cm_kick_pwq;
	pool->cm_kick_pwq = NULL;
	raw_spin_unlock(&pool->cm_lock);

	if (pwq)
		hash_for_each(pool->busy_hash, bkt, worker, hentry)
			if (worker->current_pwq == pwq)
				return pwq;
	return podwq_get_work_pwq(work);
}

/* hard irq: a running worker of @pool blocked and nr_running hit zero */
static void podwq_pool_cm_kick(struct irq_work *iw)
{
	struct podwq_worker_pool *pool =
		container_of(iw, struct podwq_worker_pool, cm_kick);
	struct podwq_work *work;
	unsigned long irq_flags;

	raw_spin_lock_irqsave(&pool->lock, irq_flags);
	work = list_first_entry_or_null(&pool->worklist, struct podwq_work,
					entry);
	if (work && podwq_kick_pool(pool))
		cm_kick_pwq(pool, work)->stats[PODWQ_PWQ_STAT_CM_WAKEUP]++;
	raw_spin_unlock_irqrestore(&pool->lock, irq_flags);
}

static struct podwq_worker *first_idle_worker(struct podwq_worker_pool *pool)
{
	return list_first_entry_or_null(&pool->idle_list, struct podwq_worker,
					entry);
}

/**
 * podwq_kick_pool - wake up an idle worker if @pool needs one
 * @pool: pool to kick
 *
 * An idle worker of a non-strict unbound pool may have drifted out of its
 * pod; waking it is the cheap moment to bring it back, through the task's
 * wake_cpu hint rather than set_cpus_allowed_ptr() (see design.rst).
 *
 * Context: pool->lock held.  Return: whether a worker was woken.
 */
bool podwq_kick_pool(struct podwq_worker_pool *pool)
{
	struct podwq_worker *worker = first_idle_worker(pool);
	struct task_struct *p;

	lockdep_assert_held(&pool->lock);

	/* order the caller's queueing before reading nr_running: sched_out */
	smp_mb();

	if (!need_more_worker(pool) || !worker)
		return false;

	/* a BH pool's pseudo worker runs from its CPU's softirq: raise it */
	if (pool->flags & PODWQ_POOL_BH) {
		podwq_bh_kick_pool(pool);
		return true;
	}

	p = worker->task;
#ifdef CONFIG_SMP
	if (!pool->attrs->affn_strict &&
	    !cpumask_test_cpu(p->wake_cpu, pool->attrs->__pod_cpumask)) {
		struct podwq_work *work = list_first_entry(&pool->worklist,
						struct podwq_work, entry);
		int wake_cpu = cpumask_any_and_distribute(
				pool->attrs->__pod_cpumask, cpu_online_mask);

		if (wake_cpu < nr_cpu_ids) {
			p->wake_cpu = wake_cpu;
			podwq_get_work_pwq(work)->stats[PODWQ_PWQ_STAT_REPATRIATED]++;
		}
	}
#endif
	wake_up_process(p);
	return true;
}

static void worker_enter_idle(struct podwq_worker *worker)
{
	struct podwq_worker_pool *pool = worker->pool;

	if (WARN_ON_ONCE(worker->flags & PODWQ_WORKER_IDLE) ||
	    WARN_ON_ONCE(!list_empty(&worker->entry) &&
			 (worker->hentry.next || worker->hentry.pprev)))
		return;

	/* IDLE isn't a NOT_RUNNING flag: no CM update */
	WRITE_ONCE(worker->flags, worker->flags | PODWQ_WORKER_IDLE);
	pool->nr_idle++;
	worker->last_active = jiffies;

	/* idle_list is LIFO */
	list_add(&worker->entry, &pool->idle_list);

	if (too_many_workers(pool) && !timer_pending(&pool->idle_timer))
		mod_timer(&pool->idle_timer, jiffies + idle_timeout_jiffies());

	/* every worker idle, so none can be counted running */
	WARN_ON_ONCE(pool->nr_workers == pool->nr_idle &&
		     READ_ONCE(pool->nr_running));
}

static void worker_leave_idle(struct podwq_worker *worker)
{
	struct podwq_worker_pool *pool = worker->pool;

	if (WARN_ON_ONCE(!(worker->flags & PODWQ_WORKER_IDLE)))
		return;
	worker_clr_flags(worker, PODWQ_WORKER_IDLE);
	pool->nr_idle--;
	list_del_init(&worker->entry);
}

/**
 * podwq_find_worker_executing_work - the worker of @pool running @work
 * @pool: pool of interest
 * @work: work item of interest
 *
 * Matches the function too, so that an item freed and recycled while its
 * last run is still going isn't taken for that run.
 *
 * Context: pool->lock held.  Return: the worker, or NULL.
 */
struct podwq_worker *podwq_find_worker_executing_work(
		struct podwq_worker_pool *pool, struct podwq_work *work)
{
	struct podwq_worker *worker;

	hash_for_each_possible(pool->busy_hash, worker, hentry,
			       (unsigned long)work)
		if (worker->current_work == work &&
		    worker->current_func == work->func)
			return worker;

	return NULL;
}

/*
 * Give @work and the items linked to it to @worker, or to the worker of
 * the pool already running @work: an item never runs twice at once.
 * Returns whether @worker got it.  See podwq_move_linked_works() for
 * @nextp.
 */
static bool assign_work(struct podwq_work *work, struct podwq_worker *worker,
			struct podwq_work **nextp)
{
	struct podwq_worker_pool *pool = worker->pool;
	struct podwq_worker *collision;

	lockdep_assert_held(&pool->lock);

	collision = podwq_find_worker_executing_work(pool, work);
	if (unlikely(collision)) {
		podwq_move_linked_works(work, &collision->scheduled, nextp);
		return false;
	}

	podwq_move_linked_works(work, &worker->scheduled, nextp);
	return true;
}

static struct podwq_worker *alloc_worker(int node)
{
	struct podwq_worker *worker;

	worker = kzalloc_node(sizeof(*worker), GFP_KERNEL, node);
	if (worker) {
		podwq_obj_alloced(PODWQ_OBJ_WORKER);
		INIT_LIST_HEAD(&worker->entry);
		INIT_LIST_HEAD(&worker->scheduled);
		INIT_LIST_HEAD(&worker->node);
		preempt_notifier_init(&worker->pn, &podwq_cm_ops);
		/* a new worker is neither idle nor running: PREP */
		worker->flags = PODWQ_WORKER_PREP;
	}
	return worker;
}

static void free_worker(struct podwq_worker *worker)
{
	kfree(worker);
	podwq_obj_freed(PODWQ_OBJ_WORKER);
}

static const struct cpumask *pool_allowed_cpus(struct podwq_worker_pool *pool)
{
	if (pool->cpu < 0 && pool->attrs->affn_strict)
		return pool->attrs->__pod_cpumask;
	return pool->attrs->cpumask;
}

/* let a worker of a disassociated or dying pool run on unbound CPUs */
static void unbind_worker(struct podwq_worker *worker)
{
	const struct cpumask *mask = cpu_possible_mask;

	lockdep_assert_held(&podwq_pool_attach_mutex);

	if (cpumask_intersects(podwq_unbound_cpumask, cpu_active_mask))
		mask = podwq_unbound_cpumask;
	if (set_cpus_allowed_ptr(worker->task, mask))
		pr_warn_once("could not unbind worker %s\n", worker->task->comm);
}

/*
 * Attach @worker to @pool.  From then on its binding follows the pool's
 * across CPU hotplug.
 */
static void worker_attach_to_pool(struct podwq_worker *worker,
				  struct podwq_worker_pool *pool)
{
	mutex_lock(&podwq_pool_attach_mutex);

	/*
	 * The attach mutex keeps DISASSOCIATED stable.  A per-CPU pool's
	 * worker was created bound to the pool's CPU; if that CPU is down,
	 * free it like its siblings.
	 */
	if (pool->flags & PODWQ_POOL_DISASSOCIATED) {
		worker->flags |= PODWQ_WORKER_UNBOUND;
		if (pool->cpu >= 0)
			unbind_worker(worker);
	}

	/*
	 * A rescuer comes from the unbound CPUs: give it the pool's (a
	 * per-CPU pool's CPU, an unbound pool's pod), unless the pool's CPU
	 * is down.  An unbound pool with no CPU up leaves it where it is.
	 */
	if (worker->rescue_wq &&
	    !(pool->cpu >= 0 && (pool->flags & PODWQ_POOL_DISASSOCIATED)))
		set_cpus_allowed_ptr(worker->task, pool_allowed_cpus(pool));

	list_add_tail(&worker->node, &pool->workers);
	worker->pool = pool;

	mutex_unlock(&podwq_pool_attach_mutex);
}

static void detach_worker(struct podwq_worker *worker)
{
	lockdep_assert_held(&podwq_pool_attach_mutex);

	unbind_worker(worker);
	list_del(&worker->node);
}

/*
 * Create and start a new worker attached to @pool.  Per-CPU pool workers
 * are bound to their CPU from birth (kthread_create_on_cpu()), unbound
 * ones get the pool's CPUs before they first run.  Either way the worker
 * has PF_NO_SETAFFINITY: only podwq moves it.
 *
 * Context: might sleep.  Return: the worker, or NULL.
 */
static struct podwq_worker *create_worker(struct podwq_worker_pool *pool)
{
	char id_buf[PODWQ_WORKER_ID_LEN];
	struct podwq_worker *worker;
	int id;

	/* fault.c's fail_create_worker: fail quietly, the caller retries */
	if (podwq_fault_create_worker())
		return NULL;

	id = ida_alloc(&pool->worker_ida, GFP_KERNEL);
	if (id < 0) {
		pr_err_once("failed to allocate a worker ID: %pe\n",
			    ERR_PTR(id));
		return NULL;
	}

	worker = alloc_worker(pool->node);
	if (!worker) {
		pr_err_once("failed to allocate a worker\n");
		goto fail;
	}
	worker->id = id;

	if (pool->cpu >= 0) {
		/* kthread_create_on_cpu() formats the CPU into "%u" */
		snprintf(id_buf, sizeof(id_buf), "podwq/%%u:%d%s", id,
			 pool->attrs->nice < 0 ? "H" : "");
		worker->task = kthread_create_on_cpu(podwq_worker_thread,
						     worker, pool->cpu, id_buf);
	} else {
		snprintf(id_buf, sizeof(id_buf), "podwq/u%d:%d", pool->id, id);
		worker->task = kthread_create_on_node(podwq_worker_thread,
						      worker, pool->node, "%s",
						      id_buf);
	}
	if (IS_ERR(worker->task)) {
		if (PTR_ERR(worker->task) != -EINTR)
			pr_err_once("failed to create a worker thread: %pe\n",
				    worker->task);
		goto fail;
	}

	set_user_nice(worker->task, pool->attrs->nice);
	if (pool->cpu < 0) {
		/*
		 * kthread_bind() sets PF_NO_SETAFFINITY, which keeps the
		 * kthread core (7.x re-affines new kthreads when they start)
		 * and users off the worker's CPUs; then widen them to the
		 * pool's.  kthread_bind_mask() would do both, but isn't
		 * exported.
		 */
		kthread_bind(worker->task,
			     cpumask_first(pool_allowed_cpus(pool)));
		if (set_cpus_allowed_ptr(worker->task, pool_allowed_cpus(pool)))
			pr_debug("%s: pool %d has no online CPU yet\n",
				 worker->task->comm, pool->id);
	}

	worker_attach_to_pool(worker, pool);

	raw_spin_lock_irq(&pool->lock);
	pool->nr_workers++;
	worker_enter_idle(worker);
	/* kick_pool() wakes nobody on an empty pool: start it explicitly */
	wake_up_process(worker->task);
	raw_spin_unlock_irq(&pool->lock);

	return worker;

fail:
	ida_free(&pool->worker_ida, id);
	free_worker(worker);
	return NULL;
}

/*
 * Tag idle @worker for destruction and move it to @list.  The caller
 * detaches it and then reaps it with reap_dying_workers().
 */
static void set_worker_dying(struct podwq_worker *worker,
			     struct list_head *list)
{
	struct podwq_worker_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);
	lockdep_assert_held(&podwq_pool_attach_mutex);

	if (WARN_ON(worker->current_work) ||
	    WARN_ON(!list_empty(&worker->scheduled)) ||
	    WARN_ON(!(worker->flags & PODWQ_WORKER_IDLE)))
		return;

	pool->nr_workers--;
	pool->nr_idle--;

	WRITE_ONCE(worker->flags, worker->flags | PODWQ_WORKER_DIE);
	list_move(&worker->entry, list);

	/* for the kthread_stop() in reap_dying_workers() */
	get_task_struct(worker->task);
}

static void detach_dying_workers(struct list_head *cull_list)
{
	struct podwq_worker *worker;

	list_for_each_entry(worker, cull_list, entry)
		detach_worker(worker);
}

/*
 * Wait for each dying worker to leave podwq_worker_thread() and free it.
 * kthread_stop() returns only once the thread is in do_exit(), out of
 * podwq's text: that is what makes unloading safe.  Sleeps.
 */
static void reap_dying_workers(struct podwq_worker_pool *pool,
			       struct list_head *cull_list)
{
	struct podwq_worker *worker, *tmp;

	list_for_each_entry_safe(worker, tmp, cull_list, entry) {
		list_del_init(&worker->entry);
		kthread_stop(worker->task);
		put_task_struct(worker->task);
		ida_free(&pool->worker_ida, worker->id);
		free_worker(worker);
	}
}

static void idle_worker_timeout(struct timer_list *t)
{
	struct podwq_worker_pool *pool =
		container_of(t, struct podwq_worker_pool, idle_timer);
	bool do_cull = false;

	raw_spin_lock_irq(&pool->lock);
	if (too_many_workers(pool)) {
		struct podwq_worker *worker;
		unsigned long expires;

		/* idle_list is LIFO: the last one has idled longest */
		worker = list_last_entry(&pool->idle_list, struct podwq_worker,
					 entry);
		expires = worker->last_active + idle_timeout_jiffies();
		do_cull = !time_before(jiffies, expires);
		if (!do_cull)
			mod_timer(&pool->idle_timer, expires);
	}
	raw_spin_unlock_irq(&pool->lock);

	/* stopping kthreads sleeps: do it from podwq_release_worker */
	if (do_cull)
		kthread_queue_work(podwq_release_worker, &pool->idle_cull_work);
}

static void idle_cull_fn(struct kthread_work *work)
{
	struct podwq_worker_pool *pool =
		container_of(work, struct podwq_worker_pool, idle_cull_work);
	LIST_HEAD(cull_list);

	mutex_lock(&podwq_pool_attach_mutex);
	raw_spin_lock_irq(&pool->lock);

	while (too_many_workers(pool)) {
		struct podwq_worker *worker;
		unsigned long expires;

		worker = list_last_entry(&pool->idle_list, struct podwq_worker,
					 entry);
		expires = worker->last_active + idle_timeout_jiffies();
		if (time_before(jiffies, expires)) {
			mod_timer(&pool->idle_timer, expires);
			break;
		}
		set_worker_dying(worker, &cull_list);
	}

	raw_spin_unlock_irq(&pool->lock);
	detach_dying_workers(&cull_list);
	mutex_unlock(&podwq_pool_attach_mutex);

	reap_dying_workers(pool, &cull_list);
}

/*
 * Called by the manager with pool->lock held, which it drops and retakes.
 * On return there is an idle worker or no need for one.  A pool that can't
 * create a worker retries every second; if it hasn't got one after
 * PODWQ_MAYDAY_INITIAL_TIMEOUT, the mayday timer calls the rescuers of
 * the workqueues with work pending here (rescuer.c).
 */
static void maybe_create_worker(struct podwq_worker_pool *pool)
__releases(&pool->lock)
__acquires(&pool->lock)
{
restart:
	raw_spin_unlock_irq(&pool->lock);

	mod_timer(&pool->mayday_timer, jiffies + PODWQ_MAYDAY_INITIAL_TIMEOUT);

	while (true) {
		if (create_worker(pool) || !need_to_create_worker(pool))
			break;

		schedule_timeout_interruptible(PODWQ_CREATE_COOLDOWN);

		if (!need_to_create_worker(pool))
			break;
	}

	timer_delete_sync(&pool->mayday_timer);
	raw_spin_lock_irq(&pool->lock);
	/* the new worker may already be busy: check again */
	if (need_to_create_worker(pool))
		goto restart;
}

/*
 * Become @worker's pool's manager, if nobody is, and make sure an idle
 * worker exists.  Returns %false if someone else manages (the caller may
 * start working), %true if we managed and pool->lock was dropped.
 */
static bool manage_workers(struct podwq_worker *worker)
{
	struct podwq_worker_pool *pool = worker->pool;

	if (pool->flags & PODWQ_POOL_MANAGER_ACTIVE)
		return false;

	pool->flags |= PODWQ_POOL_MANAGER_ACTIVE;
	pool->manager = worker;

	maybe_create_worker(pool);

	pool->manager = NULL;
	pool->flags &= ~PODWQ_POOL_MANAGER_ACTIVE;
	rcuwait_wake_up(&podwq_manager_wait);
	return true;
}

/*
 * Run one item.  Called with pool->lock held, which is dropped around the
 * work function.
 */
static void process_one_work(struct podwq_worker *worker,
			     struct podwq_work *work)
__releases(&pool->lock)
__acquires(&pool->lock)
{
	struct podwq_pool_workqueue *pwq = podwq_get_work_pwq(work);
	struct podwq_worker_pool *pool = worker->pool;
	unsigned long work_data;
	u64 runtime;

	/* claim and dequeue */
	hash_add(pool->busy_hash, &worker->hentry, (unsigned long)work);
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;
	if (worker->task)	/* BH pseudo workers have none */
		worker->current_at = worker->task->se.sum_exec_runtime;
	worker->current_wake_at = worker->current_at;
	worker->current_start = jiffies;
	work_data = *podwq_work_data_bits(work);
	worker->current_color = podwq_get_work_color(work_data);

	strscpy(worker->desc, pwq->wq->name, sizeof(worker->desc));

	list_del_init(&work->entry);

	/* CPU-intensive items are the scheduler's business, not CM's */
	if (unlikely(pwq->wq->flags & PODWQ_CPU_INTENSIVE))
		worker_set_flags(worker, PODWQ_WORKER_CPU_INTENSIVE);

	/* or, if it hogs the CPU for too long, the hog timer's */
	podwq_hog_watch(worker);

	/*
	 * A no-op for a counted worker (nr_running >= 1 now); chains
	 * execution for NOT_RUNNING ones (unbound, CPU-intensive).
	 */
	podwq_kick_pool(pool);

	/*
	 * Record the pool and clear PENDING: the last change to @work, done
	 * under pool->lock so that queued state and PENDING change together.
	 */
	podwq_set_work_pool_and_clear_pending(work, pool->id,
					      podwq_pool_offq_flags(pool));

	pwq->stats[PODWQ_PWQ_STAT_STARTED]++;
	raw_spin_unlock_irq(&pool->lock);

	trace_podwq_execute_start(work);
	worker->current_func(work);
	/* @work may be gone now: the event records its address only */
	trace_podwq_execute_end(work, worker->current_func);

	if (worker->task) {
		/* a work function must not return with preemption off */
		if (unlikely(preempt_count()))
			pr_err("%ps returned in atomic context: preempt_count %#x\n",
			       worker->current_func, preempt_count());

		/* don't hog the CPU between items on !PREEMPTION kernels */
		cond_resched();
	}

	raw_spin_lock_irq(&pool->lock);

	if (worker->task) {
		runtime = worker->task->se.sum_exec_runtime - worker->current_at;
		pwq->stats[PODWQ_PWQ_STAT_CPU_TIME] +=
			div_u64(runtime, NSEC_PER_USEC);
	}
	pwq->stats[PODWQ_PWQ_STAT_COMPLETED]++;

	worker_clr_flags(worker, PODWQ_WORKER_CPU_INTENSIVE);

	worker->last_func = worker->current_func;

	hash_del(&worker->hentry);
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	worker->current_color = INT_MAX;

	/* must be last: it may drop pool->lock */
	podwq_pwq_dec_nr_in_flight(pwq, work_data);
}

/* run what's on @worker->scheduled, which can grow meanwhile */
static void process_scheduled_works(struct podwq_worker *worker)
{
	struct podwq_work *work;
	bool first = true;

	while ((work = list_first_entry_or_null(&worker->scheduled,
						struct podwq_work, entry))) {
		if (first) {
			worker->pool->last_progress_ts = jiffies;
			first = false;
		}
		process_one_work(worker, work);
	}
}

static void worker_register_cm(struct podwq_worker *worker)
{
	if (worker->pool->cpu < 0)
		return;
	preempt_disable();
	preempt_notifier_register(&worker->pn);
	preempt_enable();
	worker->pn_registered = true;
}

static void worker_unregister_cm(struct podwq_worker *worker)
{
	if (!worker->pn_registered)
		return;
	preempt_disable();
	preempt_notifier_unregister(&worker->pn);
	preempt_enable();
	worker->pn_registered = false;
}

/*
 * The worker thread.  It sleeps on its pool's idle list; woken, it takes
 * items off the worklist until it is told to stop (nr_running) or the
 * list is empty.  It never sets PF_WQ_WORKER: the scheduler's workqueue
 * hooks belong to the kernel's workqueue.
 */
static int podwq_worker_thread(void *__worker)
{
	struct podwq_worker *worker = __worker;
	struct podwq_worker_pool *pool = worker->pool;

	/* preempt notifiers hang off current: register from here */
	worker_register_cm(worker);
woke_up:
	raw_spin_lock_irq(&pool->lock);

	if (unlikely(worker->flags & PODWQ_WORKER_DIE)) {
		raw_spin_unlock_irq(&pool->lock);
		worker_unregister_cm(worker);
		/* reap_dying_workers() frees us after kthread_stop() */
		return 0;
	}

	worker_leave_idle(worker);
recheck:
	if (!need_more_worker(pool))
		goto sleep;

	/* the last idle worker must manage: keep one in reserve */
	if (unlikely(!may_start_working(pool)) && manage_workers(worker))
		goto recheck;

	WARN_ON_ONCE(!list_empty(&worker->scheduled));

	/*
	 * Leave PREP: from here the worker counts in nr_running (per-CPU
	 * pools), or starts to again after a rebind.
	 */
	worker_clr_flags(worker, PODWQ_WORKER_PREP | PODWQ_WORKER_REBOUND);

	do {
		struct podwq_work *work =
			list_first_entry(&pool->worklist, struct podwq_work,
					 entry);

		if (assign_work(work, worker, NULL))
			process_scheduled_works(worker);
	} while (keep_working(pool));

	worker_set_flags(worker, PODWQ_WORKER_PREP);
sleep:
	/*
	 * Workers are woken under pool->lock, so setting the state before
	 * dropping it loses no wake-up.
	 */
	worker_enter_idle(worker);
	__set_current_state(TASK_IDLE);
	raw_spin_unlock_irq(&pool->lock);
	schedule();
	goto woke_up;
}

/**
 * podwq_current_worker - the podwq worker %current is, if any
 *
 * podwq workers don't carry PF_WQ_WORKER; they are recognised by their
 * thread function.
 */
struct podwq_worker *podwq_current_worker(void)
{
	if (in_task() && (current->flags & PF_KTHREAD) &&
	    (kthread_func(current) == (void *)podwq_worker_thread ||
	     kthread_func(current) == (void *)podwq_rescuer_thread))
		return kthread_data(current);
	return NULL;
}

/**
 * podwq_bh_worker - one softirq pass of a BH pool's pseudo worker
 * @pool: the BH pool, of the CPU we are on (or of a dead CPU being drained)
 *
 * worker_thread()'s loop, bounded: at most %PODWQ_BH_WORKER_RESTARTS
 * items or %PODWQ_BH_WORKER_MSECS, as kernel/softirq.c bounds a softirq
 * pass.  What is left raises the softirq again (podwq_kick_pool()).
 *
 * Context: softirq (bh.c's tasklets); takes pool->lock.
 */
void podwq_bh_worker(struct podwq_worker_pool *pool)
{
	unsigned long end = jiffies + msecs_to_jiffies(PODWQ_BH_WORKER_MSECS);
	int nr_restarts = PODWQ_BH_WORKER_RESTARTS;
	struct podwq_worker *worker;

	raw_spin_lock_irq(&pool->lock);
	worker = list_first_entry(&pool->workers, struct podwq_worker, node);
	/* a drain elsewhere or a stray call may find it busy: leave it */
	if (!(worker->flags & PODWQ_WORKER_IDLE) || !need_more_worker(pool))
		goto out_unlock;

	worker_leave_idle(worker);
	WARN_ON_ONCE(!list_empty(&worker->scheduled));
	worker_clr_flags(worker, PODWQ_WORKER_PREP | PODWQ_WORKER_REBOUND);

	do {
		struct podwq_work *work =
			list_first_entry(&pool->worklist, struct podwq_work,
					 entry);

		if (assign_work(work, worker, NULL))
			process_scheduled_works(worker);
	} while (keep_working(pool) && --nr_restarts &&
		 time_before(jiffies, end));

	worker_set_flags(worker, PODWQ_WORKER_PREP);
	worker_enter_idle(worker);
	/* over budget with work left: raise the softirq again */
	podwq_kick_pool(pool);
out_unlock:
	raw_spin_unlock_irq(&pool->lock);
}

static int init_worker_pool(struct podwq_worker_pool *pool)
{
	raw_spin_lock_init(&pool->lock);
	raw_spin_lock_init(&pool->cm_lock);
	pool->id = -1;
	pool->cpu = -1;
	pool->node = NUMA_NO_NODE;
	pool->flags |= PODWQ_POOL_DISASSOCIATED;
	pool->last_progress_ts = jiffies;
	INIT_LIST_HEAD(&pool->worklist);
	INIT_LIST_HEAD(&pool->idle_list);
	hash_init(pool->busy_hash);

	timer_setup(&pool->idle_timer, idle_worker_timeout, TIMER_DEFERRABLE);
	kthread_init_work(&pool->idle_cull_work, idle_cull_fn);
	timer_setup(&pool->mayday_timer, podwq_pool_mayday_timeout, 0);
	pool->cm_kick = IRQ_WORK_INIT_HARD(podwq_pool_cm_kick);
	podwq_hog_timer_init(pool);

	INIT_LIST_HEAD(&pool->workers);
	ida_init(&pool->worker_ida);
	INIT_HLIST_NODE(&pool->hash_node);
	pool->refcnt = 1;

	pool->attrs = podwq_alloc_workqueue_attrs();
	if (!pool->attrs)
		return -ENOMEM;
	podwq_attrs_clear_for_pool(pool->attrs);
	return 0;
}

static int pool_assign_id(struct podwq_worker_pool *pool)
{
	int ret;

	lockdep_assert_held(&podwq_pool_mutex);

	ret = idr_alloc(&podwq_pool_idr, pool, 0, PODWQ_WORK_OFFQ_POOL_NONE,
			GFP_KERNEL);
	if (ret < 0)
		return ret;
	pool->id = ret;
	return 0;
}

/*
 * Give back what a per-CPU or BH pool (static, never freed) took at init:
 * its ID, its worker IDs and its attributes.  Its workers are gone.
 */
static void release_static_pool(struct podwq_worker_pool *pool)
{
	mutex_lock(&podwq_pool_mutex);
	if (pool->id >= 0)
		idr_remove(&podwq_pool_idr, pool->id);
	mutex_unlock(&podwq_pool_mutex);
	ida_destroy(&pool->worker_ida);
	podwq_free_workqueue_attrs(pool->attrs);
	pool->attrs = NULL;
}

/**
 * podwq_init_bh_pool - set up a BH pool and its pseudo worker
 * @pool: one of bh.c's per-CPU BH pools
 * @cpu: its CPU
 * @highpri: the HI softirq pool (nice -20 in its attrs, as 7.2 marks it)
 *
 * A BH pool has a single worker with no task: the CPU's softirq context
 * runs its items (bh.c).  The pool is per-CPU but always DISASSOCIATED,
 * so the worker carries PODWQ_WORKER_UNBOUND and never counts in
 * nr_running, and CPU hotplug leaves it alone.
 *
 * Context: sleeps.  Return: 0 or -errno; podwq_exit_bh_pool() undoes a
 * partial setup.
 */
int podwq_init_bh_pool(struct podwq_worker_pool *pool, int cpu, bool highpri)
{
	struct podwq_worker *worker;
	int ret;

	ret = init_worker_pool(pool);
	if (ret)
		return ret;
	pool->cpu = cpu;
	pool->node = cpu_to_node(cpu);
	pool->flags |= PODWQ_POOL_BH;
	cpumask_copy(pool->attrs->cpumask, cpumask_of(cpu));
	cpumask_copy(pool->attrs->__pod_cpumask, cpumask_of(cpu));
	pool->attrs->nice = highpri ? PODWQ_HIGHPRI_NICE_LEVEL : 0;
	pool->attrs->affn_strict = true;

	mutex_lock(&podwq_pool_mutex);
	ret = pool_assign_id(pool);
	mutex_unlock(&podwq_pool_mutex);
	if (ret)
		return ret;

	worker = alloc_worker(pool->node);
	if (!worker)
		return -ENOMEM;
	worker->flags |= PODWQ_WORKER_UNBOUND;

	mutex_lock(&podwq_pool_attach_mutex);
	list_add_tail(&worker->node, &pool->workers);
	worker->pool = pool;
	mutex_unlock(&podwq_pool_attach_mutex);

	raw_spin_lock_irq(&pool->lock);
	pool->nr_workers++;
	worker_enter_idle(worker);
	raw_spin_unlock_irq(&pool->lock);
	return 0;
}

/**
 * podwq_exit_bh_pool - free a BH pool's pseudo worker and its ID
 * @pool: the BH pool, idle: no workqueue uses it and its softirq hooks
 *	  are gone (bh.c)
 *
 * Context: sleeps.
 */
void podwq_exit_bh_pool(struct podwq_worker_pool *pool)
{
	struct podwq_worker *worker;

	if (!pool->attrs)
		return;		/* never set up */

	mutex_lock(&podwq_pool_attach_mutex);
	raw_spin_lock_irq(&pool->lock);
	worker = list_first_entry_or_null(&pool->workers,
					  struct podwq_worker, node);
	if (worker) {
		list_del_init(&worker->entry);
		list_del(&worker->node);
		pool->nr_workers--;
		pool->nr_idle--;
	}
	raw_spin_unlock_irq(&pool->lock);
	mutex_unlock(&podwq_pool_attach_mutex);
	if (worker)
		free_worker(worker);

	timer_delete_sync(&pool->idle_timer);
	release_static_pool(pool);
}

/*
 * Kill every worker of @pool, which must have no work left, and stop its
 * timers.  Becomes the last manager so no worker is being created.
 */
static void destroy_pool_workers(struct podwq_worker_pool *pool)
{
	struct podwq_worker *worker;
	LIST_HEAD(cull_list);

	while (true) {
		rcuwait_wait_event(&podwq_manager_wait,
				   !(READ_ONCE(pool->flags) &
				     PODWQ_POOL_MANAGER_ACTIVE),
				   TASK_UNINTERRUPTIBLE);

		mutex_lock(&podwq_pool_attach_mutex);
		raw_spin_lock_irq(&pool->lock);
		if (!(pool->flags & PODWQ_POOL_MANAGER_ACTIVE)) {
			pool->flags |= PODWQ_POOL_MANAGER_ACTIVE;
			break;
		}
		raw_spin_unlock_irq(&pool->lock);
		mutex_unlock(&podwq_pool_attach_mutex);
	}

	while ((worker = first_idle_worker(pool)))
		set_worker_dying(worker, &cull_list);
	WARN_ON(pool->nr_workers || pool->nr_idle);
	raw_spin_unlock_irq(&pool->lock);

	detach_dying_workers(&cull_list);
	mutex_unlock(&podwq_pool_attach_mutex);

	reap_dying_workers(pool, &cull_list);

	/* with no worker left, neither can re-arm the other */
	timer_delete_sync(&pool->idle_timer);
	timer_delete_sync(&pool->mayday_timer);
	kthread_cancel_work_sync(&pool->idle_cull_work);
	irq_work_sync(&pool->cm_kick);
	hrtimer_cancel(&pool->hog_timer);
}

static void rcu_free_pool(struct rcu_head *rcu)
{
	struct podwq_worker_pool *pool =
		container_of(rcu, struct podwq_worker_pool, rcu);

	ida_destroy(&pool->worker_ida);
	podwq_free_workqueue_attrs(pool->attrs);
	kfree(pool);
	podwq_obj_freed(PODWQ_OBJ_POOL);
}

/**
 * podwq_put_unbound_pool - drop a reference to an unbound pool
 * @pool: the pool
 *
 * The last reference destroys the pool, its workers first; the memory
 * goes after an RCU grace period for podwq_get_work_pool().  Also
 * releases pools that failed half-way through podwq_get_unbound_pool().
 *
 * Context: podwq_pool_mutex held; sleeps.
 */
void podwq_put_unbound_pool(struct podwq_worker_pool *pool)
{
	lockdep_assert_held(&podwq_pool_mutex);

	if (--pool->refcnt)
		return;

	if (WARN_ON(pool->cpu >= 0) || WARN_ON(!list_empty(&pool->worklist)))
		return;

	if (pool->id >= 0)
		idr_remove(&podwq_pool_idr, pool->id);
	hash_del(&pool->hash_node);

	destroy_pool_workers(pool);

	call_rcu(&pool->rcu, rcu_free_pool);
}

/**
 * podwq_get_unbound_pool - find or create the unbound pool for @attrs
 * @attrs: the pool attributes wanted
 *
 * Pools with equal attributes (podwq_attrs_equal()) are shared and
 * reference counted.  A new pool gets its first worker right away.
 *
 * Context: podwq_pool_mutex held; sleeps.  Return: the pool, or NULL.
 */
struct podwq_worker_pool *podwq_get_unbound_pool(
		const struct podwq_attrs *attrs)
{
	struct podwq_pod_type *pt = &podwq_pod_types[PODWQ_AFFN_NUMA];
	u32 hash = podwq_attrs_hash(attrs);
	struct podwq_worker_pool *pool;
	int pod, node = NUMA_NO_NODE;

	lockdep_assert_held(&podwq_pool_mutex);

	hash_for_each_possible(podwq_unbound_pool_hash, pool, hash_node,
			       hash) {
		if (podwq_attrs_equal(pool->attrs, attrs)) {
			pool->refcnt++;
			return pool;
		}
	}

	/* a pod within one NUMA node allocates there */
	for (pod = 0; pod < pt->nr_pods; pod++) {
		if (cpumask_subset(attrs->__pod_cpumask, pt->pod_cpus[pod])) {
			node = pt->pod_node[pod];
			break;
		}
	}

	pool = kzalloc_node(sizeof(*pool), GFP_KERNEL, node);
	if (!pool)
		return NULL;
	podwq_obj_alloced(PODWQ_OBJ_POOL);
	if (init_worker_pool(pool) < 0)
		goto fail;

	pool->node = node;
	podwq_copy_attrs(pool->attrs, attrs);
	podwq_attrs_clear_for_pool(pool->attrs);

	if (pool_assign_id(pool) < 0)
		goto fail;

	if (!create_worker(pool))
		goto fail;

	hash_add(podwq_unbound_pool_hash, &pool->hash_node, hash);
	return pool;
fail:
	podwq_put_unbound_pool(pool);
	return NULL;
}

/*
 * CPU hotplug.  A per-CPU pool whose CPU goes down is DISASSOCIATED: its
 * workers lose their binding and concurrency management and finish what
 * is queued wherever they run.  When the CPU comes back they are bound to
 * it again.  Unbound pools get their workers' CPUs back, and unbound
 * workqueues their pod mapping (podwq_unbound_wqs_cpu_changed()).
 *
 * The callbacks run in a dynamic AP state, on the CPU coming or going.
 * The scheduler's balance_push may move a bound worker off a dying CPU
 * before our teardown runs (modules can't mark kthreads per-CPU); the
 * pool then briefly has a worker elsewhere, which CM tolerates since
 * cm_lock, not CPU locality, serialises nr_running.
 */
static void unbind_workers(int cpu)
{
	struct podwq_worker_pool *pool;
	struct podwq_worker *worker;

	for_each_cpu_worker_pool(pool, cpu) {
		mutex_lock(&podwq_pool_attach_mutex);
		raw_spin_lock_irq(&pool->lock);

		/* out of CM: nr_running ends at zero with every worker out */
		raw_spin_lock(&pool->cm_lock);
		list_for_each_entry(worker, &pool->workers, node) {
			WRITE_ONCE(worker->flags,
				   worker->flags | PODWQ_WORKER_UNBOUND);
			worker_update_running(worker, pool);
		}
		raw_spin_unlock(&pool->cm_lock);

		pool->flags |= PODWQ_POOL_DISASSOCIATED;

		/* a blocked worker could stall the rest: start a chain */
		podwq_kick_pool(pool);

		raw_spin_unlock_irq(&pool->lock);

		list_for_each_entry(worker, &pool->workers, node)
			unbind_worker(worker);

		mutex_unlock(&podwq_pool_attach_mutex);
	}
}

static void rebind_workers(struct podwq_worker_pool *pool)
{
	struct podwq_worker *worker;

	lockdep_assert_held(&podwq_pool_attach_mutex);

	/* bind everyone first, so local CM wake-ups find them on the CPU */
	list_for_each_entry(worker, &pool->workers, node)
		if (set_cpus_allowed_ptr(worker->task, pool_allowed_cpus(pool)))
			pr_warn_once("could not rebind %s\n",
				     worker->task->comm);

	raw_spin_lock_irq(&pool->lock);

	pool->flags &= ~PODWQ_POOL_DISASSOCIATED;

	list_for_each_entry(worker, &pool->workers, node) {
		unsigned int flags = worker->flags;

		/*
		 * Swap UNBOUND for REBOUND, another NOT_RUNNING flag: the
		 * worker clears it itself when it starts its next cycle,
		 * and only then counts in nr_running again.
		 */
		flags |= PODWQ_WORKER_REBOUND;
		flags &= ~PODWQ_WORKER_UNBOUND;
		WRITE_ONCE(worker->flags, flags);
	}

	raw_spin_unlock_irq(&pool->lock);
}

/* @cpu is up: give unbound @pool's workers their CPUs back */
static void restore_unbound_workers_cpumask(struct podwq_worker_pool *pool,
					    int cpu)
{
	static cpumask_t cpumask;	/* A */
	struct podwq_worker *worker;

	lockdep_assert_held(&podwq_pool_attach_mutex);

	if (!cpumask_test_cpu(cpu, pool_allowed_cpus(pool)))
		return;

	cpumask_and(&cpumask, pool_allowed_cpus(pool), cpu_online_mask);

	list_for_each_entry(worker, &pool->workers, node)
		set_cpus_allowed_ptr(worker->task, &cpumask);
}

static int podwq_cpu_online(unsigned int cpu)
{
	struct podwq_worker_pool *pool;
	int pi;

	/* a CPU offline since podwq loaded has no workers yet */
	for_each_cpu_worker_pool(pool, cpu) {
		if (!READ_ONCE(pool->nr_workers) && !create_worker(pool))
			return -ENOMEM;
	}

	mutex_lock(&podwq_pool_mutex);

	cpumask_set_cpu(cpu, podwq_online_cpumask);

	idr_for_each_entry(&podwq_pool_idr, pool, pi) {
		/* BH pools are always disassociated: hotplug leaves them */
		if (pool->flags & PODWQ_POOL_BH)
			continue;
		mutex_lock(&podwq_pool_attach_mutex);
		if (pool->cpu == cpu)
			rebind_workers(pool);
		else if (pool->cpu < 0)
			restore_unbound_workers_cpumask(pool, cpu);
		mutex_unlock(&podwq_pool_attach_mutex);
	}

	podwq_unbound_wqs_cpu_changed(cpu, true);

	mutex_unlock(&podwq_pool_mutex);
	return 0;
}

static int podwq_cpu_offline(unsigned int cpu)
{
	unbind_workers(cpu);

	mutex_lock(&podwq_pool_mutex);
	cpumask_clear_cpu(cpu, podwq_online_cpumask);
	podwq_unbound_wqs_cpu_changed(cpu, false);
	mutex_unlock(&podwq_pool_mutex);
	return 0;
}

/**
 * podwq_unbind_disassociated_workers - follow a new unbound cpumask
 *
 * Workers of per-CPU pools whose CPU is down run on the unbound CPUs, and
 * so do rescuers attached to no pool.
 *
 * Context: podwq_pool_mutex held.
 */
void podwq_unbind_disassociated_workers(void)
{
	struct podwq_worker_pool *pool;
	struct podwq_worker *worker;
	struct podwq_workqueue *wq;
	int cpu;

	lockdep_assert_held(&podwq_pool_mutex);

	mutex_lock(&podwq_pool_attach_mutex);
	list_for_each_entry(wq, &podwq_workqueues, list)
		if (wq->rescuer && !wq->rescuer->pool)
			unbind_worker(wq->rescuer);
	for_each_possible_cpu(cpu) {
		for_each_cpu_worker_pool(pool, cpu) {
			if (!(pool->flags & PODWQ_POOL_DISASSOCIATED))
				continue;
			list_for_each_entry(worker, &pool->workers, node)
				unbind_worker(worker);
		}
	}
	mutex_unlock(&podwq_pool_attach_mutex);
}

static void exit_cpu_pools(void)
{
	struct podwq_worker_pool *pool;
	int cpu;

	for_each_possible_cpu(cpu) {
		for_each_cpu_worker_pool(pool, cpu) {
			if (!pool->attrs)
				continue;	/* init failed before it */
			destroy_pool_workers(pool);
			release_static_pool(pool);
		}
	}
}

/**
 * podwq_pool_init - set up the per-CPU pools and CPU hotplug
 *
 * Every possible CPU gets its two pools, with IDs; the online ones are
 * associated and get a first worker each, the others get theirs when
 * they come up.
 *
 * Return: 0 or -errno, with everything undone.
 */
int podwq_pool_init(void)
{
	static const int std_nice[PODWQ_NR_STD_WORKER_POOLS] = {
		0, PODWQ_HIGHPRI_NICE_LEVEL
	};
	struct podwq_worker_pool *pool;
	int cpu, i, ret;

	for_each_possible_cpu(cpu) {
		i = 0;
		for_each_cpu_worker_pool(pool, cpu) {
			ret = init_worker_pool(pool);
			if (ret)
				goto err_pools;
			pool->cpu = cpu;
			cpumask_copy(pool->attrs->cpumask, cpumask_of(cpu));
			cpumask_copy(pool->attrs->__pod_cpumask,
				     cpumask_of(cpu));
			pool->attrs->nice = std_nice[i++];
			pool->attrs->affn_strict = true;
			pool->node = cpu_to_node(cpu);

			mutex_lock(&podwq_pool_mutex);
			ret = pool_assign_id(pool);
			mutex_unlock(&podwq_pool_mutex);
			if (ret)
				goto err_pools;
		}
	}

	/* the static key under every preempt notifier; undone at exit */
	preempt_notifier_inc();

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		for_each_cpu_worker_pool(pool, cpu) {
			pool->flags &= ~PODWQ_POOL_DISASSOCIATED;
			if (!create_worker(pool)) {
				ret = -ENOMEM;
				goto err_cpus;
			}
		}
	}

	ret = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "podwq:online",
						   podwq_cpu_online,
						   podwq_cpu_offline);
	if (ret < 0)
		goto err_cpus;
	podwq_cpuhp_state = ret;
	cpus_read_unlock();
	return 0;

err_cpus:
	cpus_read_unlock();
	exit_cpu_pools();
	preempt_notifier_dec();
	return ret;
err_pools:
	exit_cpu_pools();
	return ret;
}

/*
 * Undo podwq_pool_init().  Every workqueue, and so every unbound pool,
 * is gone by now; only the idle workers of the per-CPU pools remain.
 */
void podwq_pool_exit(void)
{
	cpuhp_remove_state_nocalls(podwq_cpuhp_state);
	exit_cpu_pools();
	/* every worker has unregistered its notifier and exited */
	preempt_notifier_dec();
	WARN_ON(!hash_empty(podwq_unbound_pool_hash));
	idr_destroy(&podwq_pool_idr);
}

/*
 * What the rescuers (rescuer.c) use of the pool machinery, under the same
 * rules as within this file.
 */

/* context: pool->lock held */
bool podwq_need_to_create_worker(struct podwq_worker_pool *pool)
{
	return need_to_create_worker(pool);
}

struct podwq_worker *podwq_alloc_worker(int node)
{
	return alloc_worker(node);
}

void podwq_free_worker(struct podwq_worker *worker)
{
	free_worker(worker);
}

/* context: pool->lock held */
bool podwq_assign_work(struct podwq_work *work, struct podwq_worker *worker,
		       struct podwq_work **nextp)
{
	return assign_work(work, worker, nextp);
}

/* context: pool->lock held, dropped around each item */
void podwq_process_scheduled_works(struct podwq_worker *worker)
{
	process_scheduled_works(worker);
}

void podwq_worker_attach_to_pool(struct podwq_worker *worker,
				 struct podwq_worker_pool *pool)
{
	worker_attach_to_pool(worker, pool);
}

/*
 * Detach a rescuer from the pool it helped: it goes back to the unbound
 * CPUs and drops the flags hotplug may have left on it.
 */
void podwq_worker_detach_from_pool(struct podwq_worker *worker)
{
	mutex_lock(&podwq_pool_attach_mutex);
	detach_worker(worker);
	worker->pool = NULL;
	mutex_unlock(&podwq_pool_attach_mutex);

	worker->flags &= ~(PODWQ_WORKER_UNBOUND | PODWQ_WORKER_REBOUND);
}
