// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - rescuers: forward progress for PODWQ_MEM_RECLAIM workqueues.
 *
 * A pool runs items only while it has a worker to spare, and makes new
 * workers with GFP_KERNEL allocations and kthread_create().  Under memory
 * pressure that may wait for reclaim, and reclaim may wait for an item
 * queued behind it on the same pool.  Every PODWQ_MEM_RECLAIM workqueue
 * therefore owns a rescuer, a kthread made with the workqueue
 * ("podwq/R-<name>") and kept in wq->rescuer.  When a pool's manager has
 * not got a new worker within PODWQ_MAYDAY_INITIAL_TIMEOUT, the pool's
 * mayday timer (armed by maybe_create_worker() in pool.c) puts every pwq
 * with an item pending there, whose workqueue has a rescuer, on that
 * workqueue's maydays list and wakes the rescuer; it fires again every
 * PODWQ_MAYDAY_INTERVAL until the manager succeeds.  The rescuer attaches
 * to the pool (bound like its workers, or unbound if the pool's CPU is
 * down), runs that pwq's items one at a time while the pool still needs
 * a worker, and detaches.
 *
 * Locking: podwq_mayday_lock protects wq->maydays and pwq->mayday_node
 * (MD in internal.h); it nests inside pool->lock.  wq->rescuer changes
 * under both podwq_pool_mutex and podwq_mayday_lock, and either is enough
 * to read it.  A pwq on a
 * maydays list holds a reference, dropped by the rescuer when it is done
 * with it, so neither the pwq nor its pool goes away under the rescuer.
 */
#include "internal.h"

#include <linux/sched.h>
#include <linux/slab.h>

/* MD: every workqueue's maydays list and pwq->mayday_node */
DEFINE_RAW_SPINLOCK(podwq_mayday_lock);

/* ask @pwq's workqueue's rescuer for help; pool->lock and MD held */
static void send_mayday(struct podwq_pool_workqueue *pwq)
{
	struct podwq_workqueue *wq = pwq->wq;

	lockdep_assert_held(&podwq_mayday_lock);

	if (!wq->rescuer || !list_empty(&pwq->mayday_node))
		return;

	/* an unbound pwq may lose its base reference any time: pin it */
	podwq_get_pwq(pwq);
	list_add_tail(&pwq->mayday_node, &wq->maydays);
	wake_up_process(wq->rescuer->task);
	pwq->stats[PODWQ_PWQ_STAT_MAYDAY]++;
}

/**
 * podwq_pool_mayday_timeout - the manager still has no new worker
 * @t: the pool's mayday_timer
 *
 * Armed by the manager while it tries to create a worker: if the pool
 * still needs one, every pending item's workqueue gets a mayday.  Re-arms
 * itself every PODWQ_MAYDAY_INTERVAL; the manager deletes it when done.
 */
void podwq_pool_mayday_timeout(struct timer_list *t)
{
	struct podwq_worker_pool *pool =
		container_of(t, struct podwq_worker_pool, mayday_timer);
	struct podwq_work *work;

	raw_spin_lock_irq(&pool->lock);
	raw_spin_lock(&podwq_mayday_lock);

	if (podwq_need_to_create_worker(pool)) {
		list_for_each_entry(work, &pool->worklist, entry)
			send_mayday(podwq_get_work_pwq(work));
	}

	raw_spin_unlock(&podwq_mayday_lock);
	raw_spin_unlock_irq(&pool->lock);

	mod_timer(&pool->mayday_timer, jiffies + PODWQ_MAYDAY_INTERVAL);
}

/*
 * Give the rescuer the next item of @pwq pending on its pool, if the pool
 * still needs help.  Linux 7.2 keeps a cursor on the worklist so that it
 * never walks the same items twice; podwq scans from the head each time
 * (rescues are rare, and the cursor would be an item every worker must
 * know to skip).  Context: pool->lock held.
 */
static bool assign_rescuer_work(struct podwq_pool_workqueue *pwq,
				struct podwq_worker *rescuer)
{
	struct podwq_worker_pool *pool = pwq->pool;
	struct podwq_work *work, *n;

	if (!pwq->nr_active)
		return false;

	/*
	 * Idle workers are back, but while the manager is still at work the
	 * memory pressure may well be too: keep going unless other pwqs of
	 * this workqueue wait for us.
	 */
	if (!podwq_need_to_create_worker(pool) &&
	    (!(pool->flags & PODWQ_POOL_MANAGER_ACTIVE) ||
	     !list_empty(&pwq->wq->maydays)))
		return false;

	list_for_each_entry_safe(work, n, &pool->worklist, entry) {
		if (podwq_get_work_pwq(work) == pwq &&
		    podwq_assign_work(work, rescuer, &n)) {
			pwq->stats[PODWQ_PWQ_STAT_RESCUED]++;
			return true;
		}
	}
	return false;
}

/* help @pwq's pool with @pwq's items; drops the mayday's reference */
static void rescue_pwq(struct podwq_worker *rescuer,
		       struct podwq_pool_workqueue *pwq)
{
	struct podwq_worker_pool *pool = pwq->pool;
	unsigned int count = 0;

	podwq_worker_attach_to_pool(rescuer, pool);

	raw_spin_lock_irq(&pool->lock);

	WARN_ON_ONCE(!list_empty(&rescuer->scheduled));

	while (assign_rescuer_work(pwq, rescuer)) {
		podwq_process_scheduled_works(rescuer);

		/*
		 * Enough for one turn if other pwqs of this workqueue wait:
		 * ask again and serve them first.
		 */
		if (++count > PODWQ_RESCUER_BATCH &&
		    !list_empty(&pwq->wq->maydays) && pwq->nr_active &&
		    podwq_need_to_create_worker(pool)) {
			raw_spin_lock(&podwq_mayday_lock);
			send_mayday(pwq);
			raw_spin_unlock(&podwq_mayday_lock);
			break;
		}
	}

	/* we leave: wake a worker, or the pool may sit with work pending */
	podwq_kick_pool(pool);

	raw_spin_unlock_irq(&pool->lock);

	podwq_worker_detach_from_pool(rescuer);

	/* send_mayday()'s reference; the pool may go right after */
	podwq_put_pwq_unlocked(pwq);
}

/**
 * podwq_rescuer_thread - a PODWQ_MEM_RECLAIM workqueue's rescuer
 * @__rescuer: its podwq_worker
 *
 * Sleeps until a mayday arrives, serves the maydays, sleeps again.  It
 * always has PODWQ_WORKER_PREP set, so it never counts in nr_running, and
 * registers no preempt notifier.  On kthread_stop() it serves what is
 * left on the maydays list first, so the list is empty when it exits.
 */
int podwq_rescuer_thread(void *__rescuer)
{
	struct podwq_worker *rescuer = __rescuer;
	struct podwq_workqueue *wq = rescuer->rescue_wq;
	bool should_stop;

	set_user_nice(current, PODWQ_RESCUER_NICE_LEVEL);
repeat:
	set_current_state(TASK_IDLE);

	should_stop = kthread_should_stop();

	raw_spin_lock_irq(&podwq_mayday_lock);
	while (!list_empty(&wq->maydays)) {
		struct podwq_pool_workqueue *pwq =
			list_first_entry(&wq->maydays,
					 struct podwq_pool_workqueue,
					 mayday_node);

		__set_current_state(TASK_RUNNING);
		list_del_init(&pwq->mayday_node);
		raw_spin_unlock_irq(&podwq_mayday_lock);

		rescue_pwq(rescuer, pwq);

		raw_spin_lock_irq(&podwq_mayday_lock);
	}
	raw_spin_unlock_irq(&podwq_mayday_lock);

	if (should_stop) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}

	WARN_ON_ONCE(!(rescuer->flags & PODWQ_WORKER_NOT_RUNNING));
	schedule();
	goto repeat;
}

/**
 * podwq_init_rescuer - give a PODWQ_MEM_RECLAIM workqueue its rescuer
 * @wq: the workqueue, not visible to users yet
 *
 * The rescuer starts on the unbound CPUs and sleeps.  Like a worker it
 * has PF_NO_SETAFFINITY: only podwq moves it.
 *
 * Context: podwq_pool_mutex held; sleeps.  Return: 0 or -errno.
 */
int podwq_init_rescuer(struct podwq_workqueue *wq)
{
	const struct cpumask *mask = cpu_possible_mask;
	struct podwq_worker *rescuer;
	int ret;

	lockdep_assert_held(&podwq_pool_mutex);

	if (!(wq->flags & PODWQ_MEM_RECLAIM))
		return 0;

	rescuer = podwq_alloc_worker(NUMA_NO_NODE);
	if (!rescuer) {
		pr_err("failed to allocate a rescuer for workqueue \"%s\"\n",
		       wq->name);
		return -ENOMEM;
	}
	rescuer->rescue_wq = wq;

	/* the kthread core truncates the name to the comm length */
	rescuer->task = kthread_create(podwq_rescuer_thread, rescuer,
				       "podwq/R-%s", wq->name);
	if (IS_ERR(rescuer->task)) {
		ret = PTR_ERR(rescuer->task);
		pr_err("failed to create a rescuer for workqueue \"%s\": %pe\n",
		       wq->name, ERR_PTR(ret));
		podwq_free_worker(rescuer);
		return ret;
	}

	/* as create_worker(): kthread_bind() for PF_NO_SETAFFINITY, then widen */
	if (cpumask_intersects(podwq_unbound_cpumask, cpu_active_mask))
		mask = podwq_unbound_cpumask;
	kthread_bind(rescuer->task, cpumask_first_and(mask, cpu_online_mask));
	set_cpus_allowed_ptr(rescuer->task, mask);

	raw_spin_lock_irq(&podwq_mayday_lock);
	wq->rescuer = rescuer;
	raw_spin_unlock_irq(&podwq_mayday_lock);

	wake_up_process(rescuer->task);
	return 0;
}

/**
 * podwq_destroy_rescuer - stop a drained workqueue's rescuer
 * @wq: the workqueue
 *
 * Nothing can send it a mayday any more; it serves those already queued
 * before it exits.
 *
 * Context: sleeps.
 */
void podwq_destroy_rescuer(struct podwq_workqueue *wq)
{
	struct podwq_worker *rescuer = wq->rescuer;

	if (!rescuer)
		return;

	/* no more maydays for it; those already queued are served */
	mutex_lock(&podwq_pool_mutex);
	raw_spin_lock_irq(&podwq_mayday_lock);
	wq->rescuer = NULL;
	raw_spin_unlock_irq(&podwq_mayday_lock);
	mutex_unlock(&podwq_pool_mutex);

	kthread_stop(rescuer->task);
	podwq_free_worker(rescuer);
}
