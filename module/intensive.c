// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - CPU-intensive detection: an item that runs on a concurrency-
 * managed per-CPU pool for more than cpu_intensive_thresh_us of CPU time
 * without sleeping is taken out of concurrency management, as if its
 * workqueue were PODWQ_CPU_INTENSIVE, so that the items queued behind it
 * on its CPU get a worker.
 *
 * The kernel checks from its scheduler tick (wq_worker_tick()), which
 * modules can't hook.  podwq gives each per-CPU pool an hrtimer instead,
 * armed when a worker starts an item under concurrency management and
 * only while the pool has such items: each expiry scans the pool's busy
 * workers and re-arms for the earliest moment one of them could cross
 * the threshold.  Items streaming through a pool thus pay one flag test
 * each, and a busy pool one timer expiry per threshold period (see
 * Documentation/design.rst).
 *
 * Locking: pool->hog_armed and the re-arming decision are under
 * pool->lock; a worker's CPU time since its item started or it last woke
 * (worker->current_wake_at) and its cm_counted state are read under
 * pool->cm_lock too.  The timer runs in hard irq context on the pool's
 * CPU (elsewhere only after that CPU went down, when the pool's workers
 * are out of concurrency management anyway).
 */
#include "internal.h"

#include <linux/jiffies.h>
#include <linux/moduleparam.h>

#include "compat.h"

/* the threshold's bounds; 0 turns detection off */
#define PODWQ_THRESH_MIN_US	100UL
#define PODWQ_THRESH_MAX_US	(60UL * USEC_PER_SEC)

/* as the kernel's workqueue.cpu_intensive_thresh_us */
unsigned long podwq_cpu_intensive_thresh_us = 10 * USEC_PER_MSEC;

static int thresh_set(const char *val, const struct kernel_param *kp)
{
	unsigned long us;

	/* kstrtoul() takes one trailing newline and nothing else */
	if (kstrtoul(val, 10, &us))
		return -EINVAL;
	if (us && (us < PODWQ_THRESH_MIN_US || us > PODWQ_THRESH_MAX_US))
		return -EINVAL;
	WRITE_ONCE(podwq_cpu_intensive_thresh_us, us);
	return 0;
}

static const struct kernel_param_ops thresh_ops = {
	.set	= thresh_set,
	.get	= param_get_ulong,
};
module_param_cb(cpu_intensive_thresh_us, &thresh_ops,
		&podwq_cpu_intensive_thresh_us, 0644);
MODULE_PARM_DESC(cpu_intensive_thresh_us,
		 "CPU time (us) before a per-CPU item that doesn't sleep leaves concurrency management (default 10000, 0 off, else 100..60000000)");

/*
 * Take hogging @worker out of concurrency management and let the next
 * item run, counting both in its pwq, as wq_worker_tick() does.
 */
static void hog_found(struct podwq_worker_pool *pool,
		      struct podwq_worker *worker)
{
	struct podwq_pool_workqueue *pwq = worker->current_pwq;

	podwq_worker_set_cpu_intensive(worker);
	pwq->stats[PODWQ_PWQ_STAT_CPU_INTENSIVE]++;
	if (podwq_kick_pool(pool))
		pwq->stats[PODWQ_PWQ_STAT_CM_WAKEUP]++;
}

static enum hrtimer_restart hog_timer_fn(struct hrtimer *timer)
{
	struct podwq_worker_pool *pool =
		container_of(timer, struct podwq_worker_pool, hog_timer);
	u64 thresh = READ_ONCE(podwq_cpu_intensive_thresh_us) * NSEC_PER_USEC;
	struct podwq_worker *worker;
	unsigned long irq_flags;
	u64 next = 0;		/* ns to the next check, 0 for none */
	int bkt;

	raw_spin_lock_irqsave(&pool->lock, irq_flags);

	hash_for_each(pool->busy_hash, bkt, worker, hentry) {
		bool counted;
		u64 ran;

		/* out of CM for this item: nothing to watch until the next */
		if (!thresh || (worker->flags & PODWQ_WORKER_NOT_RUNNING) ||
		    !worker->task)
			continue;

		raw_spin_lock(&pool->cm_lock);
		counted = worker->cm_counted;
		ran = worker->task->se.sum_exec_runtime -
		      worker->current_wake_at;
		raw_spin_unlock(&pool->cm_lock);

		/* sleeping: it needs a whole threshold once it wakes */
		if (!counted) {
			next = next ? min(next, thresh) : thresh;
			continue;
		}
		if (ran < thresh) {
			next = next ? min(next, thresh - ran) : thresh - ran;
			continue;
		}
		hog_found(pool, worker);
	}

	/*
	 * The runtime of a running task is brought up to date at ticks:
	 * checking again sooner than a tick would find nothing new.
	 */
	if (next)
		hrtimer_forward_now(timer, ns_to_ktime(max_t(u64, next,
				min_t(u64, thresh, TICK_NSEC))));
	else
		pool->hog_armed = false;

	raw_spin_unlock_irqrestore(&pool->lock, irq_flags);

	return next ? HRTIMER_RESTART : HRTIMER_NORESTART;
}

/* set up @pool's timer; only per-CPU pools ever arm it */
void podwq_hog_timer_init(struct podwq_worker_pool *pool)
{
	podwq_compat_hrtimer_setup(&pool->hog_timer, hog_timer_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
}

/**
 * podwq_hog_timer_arm - start watching @pool for items hogging the CPU
 * @pool: a per-CPU pool whose worker, on its CPU, starts an item under
 *	  concurrency management
 *
 * Called through podwq_hog_watch() when the timer isn't armed.  Once
 * armed it re-arms itself for as long as the pool has such items.  If it
 * is just returning after deciding to stop, starting it again is fine:
 * hrtimer_start() enqueues it, and the NORESTART then leaves it queued.
 *
 * Context: pool->lock held.
 */
void podwq_hog_timer_arm(struct podwq_worker_pool *pool)
{
	unsigned long us = READ_ONCE(podwq_cpu_intensive_thresh_us);

	lockdep_assert_held(&pool->lock);

	if (!us)
		return;
	pool->hog_armed = true;
	hrtimer_start(&pool->hog_timer, ns_to_ktime((u64)us * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
}
