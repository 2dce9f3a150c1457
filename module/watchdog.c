// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - the stall watchdog: report pools that have work pending and
 * make no progress, as Linux 7.2's workqueue watchdog does.
 *
 * A timer runs every watchdog_thresh seconds.  A pool whose worklist is
 * not empty and whose last_progress_ts (a worker started taking items off
 * it) is older than watchdog_thresh is reported, with every pass while
 * the stall lasts:
 *
 *   podwq: pool 12 stalled for 31s: cpus=0-7 node=-1 nice=0 workers=2 idle=0 manager=yes pending=3
 *   podwq:   pool 12: worker 345 (podwq/u12:0) runs my_fn [my_mod] from my_wq for 31012 ms
 *   podwq:   pool 12: pending my_other_fn [my_mod] from my_wq
 *
 * up to PODWQ_WD_MAX_BUSY busy workers and PODWQ_WD_MAX_PENDING pending
 * items.  The lines carry none of the kernel's panic markers ("BUG:",
 * "WARNING:"): a stall of podwq is not a kernel lockup, and the kernel's
 * own watchdogs still report those.  Unlike the kernel, podwq has no
 * touch points in the scheduler or the console code: a stall is judged
 * from the pool's timestamp only (so a guest paused by its host, or a
 * console flood, may get reported).
 *
 * /sys/module/podwq/parameters/watchdog_thresh: seconds, default 30, 0
 * turns the watchdog off; writable at run time (1..3600, or 0; anything
 * else -EINVAL, and the old value stays).
 *
 * Locking: podwq_wd_mutex serialises changes of the threshold and the
 * timer's arming; the timer reads the threshold with READ_ONCE().  Pools
 * are found in podwq_pool_idr under RCU (they are freed after a grace
 * period) and looked at under their pool->lock; the report is printed
 * after the lock is dropped.
 */
#include "internal.h"

#include <linux/moduleparam.h>
#include <linux/sched.h>

enum {
	PODWQ_WD_MAX_THRESH	= 3600,	/* seconds */
	PODWQ_WD_MAX_BUSY	= 8,	/* busy workers shown per pool */
	PODWQ_WD_MAX_PENDING	= 4,	/* pending items shown per pool */
};

static DEFINE_MUTEX(podwq_wd_mutex);
static unsigned int podwq_wd_thresh = 30;	/* WO under podwq_wd_mutex */
static bool podwq_wd_ready;			/* podwq_wd_mutex */
static struct timer_list podwq_wd_timer;

/* what a report shows of a pool, copied under pool->lock */
struct podwq_wd_report {
	int			nr_busy, nr_pending;
	int			nr_workers, nr_idle;
	bool			manager;
	struct {
		pid_t			pid;
		char			comm[TASK_COMM_LEN];
		podwq_work_func_t	func;
		char			desc[PODWQ_WORKER_DESC_LEN];
		unsigned long		start;
	} busy[PODWQ_WD_MAX_BUSY];
	struct {
		podwq_work_func_t	func;
		char			wq[PODWQ_NAME_LEN];
	} pending[PODWQ_WD_MAX_PENDING];
};

static void wd_snapshot(struct podwq_worker_pool *pool,
			struct podwq_wd_report *r)
{
	struct podwq_worker *worker;
	struct podwq_work *work;
	int bkt;

	lockdep_assert_held(&pool->lock);

	memset(r, 0, sizeof(*r));
	r->nr_workers = pool->nr_workers;
	r->nr_idle = pool->nr_idle;
	r->manager = pool->flags & PODWQ_POOL_MANAGER_ACTIVE;

	hash_for_each(pool->busy_hash, bkt, worker, hentry) {
		int i = r->nr_busy++;

		if (i >= PODWQ_WD_MAX_BUSY)
			continue;
		if (worker->task) {
			r->busy[i].pid = task_pid_nr(worker->task);
			get_task_comm(r->busy[i].comm, worker->task);
		} else {
			/* a BH pool's pseudo worker runs in softirq */
			strscpy(r->busy[i].comm, "softirq", sizeof(r->busy[i].comm));
		}
		r->busy[i].func = worker->current_func;
		strscpy(r->busy[i].desc, worker->desc, sizeof(r->busy[i].desc));
		r->busy[i].start = worker->current_start;
	}

	list_for_each_entry(work, &pool->worklist, entry) {
		struct podwq_pool_workqueue *pwq = podwq_get_work_pwq(work);
		int i = r->nr_pending++;

		if (i >= PODWQ_WD_MAX_PENDING)
			continue;
		r->pending[i].func = work->func;
		strscpy(r->pending[i].wq, pwq ? pwq->wq->name : "?",
			sizeof(r->pending[i].wq));
	}
}

static void wd_report(struct podwq_worker_pool *pool,
		      struct podwq_wd_report *r, unsigned int stall_s)
{
	unsigned long now = jiffies;
	int i;

	pr_info("pool %d stalled for %us: cpus=%*pbl node=%d nice=%d workers=%d idle=%d manager=%s pending=%d\n",
		pool->id, stall_s, cpumask_pr_args(pool->attrs->cpumask),
		pool->node, pool->attrs->nice, r->nr_workers, r->nr_idle,
		r->manager ? "yes" : "no", r->nr_pending);

	for (i = 0; i < min_t(int, r->nr_busy, PODWQ_WD_MAX_BUSY); i++)
		pr_info("  pool %d: worker %d (%s) runs %ps from %s for %u ms\n",
			pool->id, r->busy[i].pid, r->busy[i].comm,
			r->busy[i].func, r->busy[i].desc,
			jiffies_to_msecs(now - r->busy[i].start));
	if (r->nr_busy > PODWQ_WD_MAX_BUSY)
		pr_info("  pool %d: and %d more busy workers\n", pool->id,
			r->nr_busy - PODWQ_WD_MAX_BUSY);

	for (i = 0; i < min_t(int, r->nr_pending, PODWQ_WD_MAX_PENDING); i++)
		pr_info("  pool %d: pending %ps from %s\n", pool->id,
			r->pending[i].func, r->pending[i].wq);
	if (r->nr_pending > PODWQ_WD_MAX_PENDING)
		pr_info("  pool %d: and %d more pending items\n", pool->id,
			r->nr_pending - PODWQ_WD_MAX_PENDING);
}

static void podwq_wd_timer_fn(struct timer_list *unused)
{
	unsigned long thresh = READ_ONCE(podwq_wd_thresh) * HZ;
	static struct podwq_wd_report report;	/* only this timer uses it */
	struct podwq_worker_pool *pool;
	unsigned long flags;
	int pi;

	if (!thresh)
		return;

	rcu_read_lock();
	idr_for_each_entry(&podwq_pool_idr, pool, pi) {
		unsigned long now = jiffies, ts;
		bool stalled;

		/* lockless first: most pools are idle or moving */
		if (list_empty(&pool->worklist) ||
		    !time_after(now, READ_ONCE(pool->last_progress_ts) + thresh))
			continue;

		/* again under the lock, which orders the worklist and ts */
		raw_spin_lock_irqsave(&pool->lock, flags);
		ts = pool->last_progress_ts;
		stalled = !list_empty(&pool->worklist) &&
			  time_after(now, ts + thresh);
		if (stalled)
			wd_snapshot(pool, &report);
		raw_spin_unlock_irqrestore(&pool->lock, flags);

		if (stalled)
			wd_report(pool, &report,
				  jiffies_to_msecs(now - ts) / MSEC_PER_SEC);
	}
	rcu_read_unlock();

	mod_timer(&podwq_wd_timer, jiffies + thresh);
}

/* (re)start the timer for podwq_wd_thresh; podwq_wd_mutex held */
static void wd_arm(void)
{
	lockdep_assert_held(&podwq_wd_mutex);

	/* a value given at insmod is set before the timer exists */
	if (!podwq_wd_ready)
		return;
	timer_delete_sync(&podwq_wd_timer);
	if (podwq_wd_thresh)
		mod_timer(&podwq_wd_timer, jiffies + podwq_wd_thresh * HZ);
}

static int wd_thresh_set(const char *val, const struct kernel_param *kp)
{
	unsigned int thresh;
	int ret;

	ret = kstrtouint(val, 0, &thresh);
	if (ret)
		return ret;
	if (thresh > PODWQ_WD_MAX_THRESH)
		return -EINVAL;

	mutex_lock(&podwq_wd_mutex);
	WRITE_ONCE(podwq_wd_thresh, thresh);
	wd_arm();
	mutex_unlock(&podwq_wd_mutex);
	return 0;
}

static int wd_thresh_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(podwq_wd_thresh));
}

static const struct kernel_param_ops wd_thresh_ops = {
	.set	= wd_thresh_set,
	.get	= wd_thresh_get,
};

module_param_cb(watchdog_thresh, &wd_thresh_ops, NULL, 0644);
MODULE_PARM_DESC(watchdog_thresh,
		 "Report pools stalled this many seconds (default 30, 0: off, max 3600)");

/* start the watchdog; the pools exist */
void podwq_watchdog_init(void)
{
	timer_setup(&podwq_wd_timer, podwq_wd_timer_fn, TIMER_DEFERRABLE);

	mutex_lock(&podwq_wd_mutex);
	podwq_wd_ready = true;
	wd_arm();
	mutex_unlock(&podwq_wd_mutex);
}

void podwq_watchdog_exit(void)
{
	mutex_lock(&podwq_wd_mutex);
	podwq_wd_ready = false;
	timer_delete_sync(&podwq_wd_timer);
	mutex_unlock(&podwq_wd_mutex);
}
