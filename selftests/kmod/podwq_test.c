// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_test - a client of podwq that tests its engine through podwq.h.
 *
 * insmod podwq_test.ko test=NAME runs one test while loading and logs one
 * line per assertion, "podwq_test: ok - ...", "podwq_test: not ok - ..."
 * or "podwq_test: # ...", then "podwq_test: done NAME".  The guest
 * scripts selftests/guest/20-engine-*.sh turn those lines into TAP.  The
 * load succeeds whatever the verdict; an unknown NAME fails it.
 *
 * Two tests span the module's lifetime: "sysfs" creates workqueues that
 * the script pokes through sysfs and that go at rmmod, and "hotplug"
 * starts queueing load at insmod, lets the script take CPUs down and up,
 * and checks at rmmod that every queued item ran exactly once.
 *
 * Locking: each test owns its state and runs in the insmod (or rmmod)
 * context, with helper kthreads it stops before returning; work functions
 * share state with the test through atomics and completions only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "podwq.h"
#include "podwq_tap.h"

static char *test = "";
module_param(test, charp, 0444);
MODULE_PARM_DESC(test,
		 "the test to run: reentrancy, flush, cancel, disable, cm, maxactive, delayed, attrs, node, repatriate, ordered, million, sysfs, hotplug, cull, bench");

static int nr_items = 1000000;
module_param(nr_items, int, 0444);
MODULE_PARM_DESC(nr_items, "items for the million test");

/* an item that records what happened to it */
struct probe {
	struct podwq_work	work;
	atomic_t		runs;		/* completed runs */
	atomic_t		running;	/* runs in progress */
	atomic_t		overlaps;	/* runs that found another */
	unsigned int		sleep_ms;	/* sleep this long per run */
	unsigned int		spin_us;	/* and spin this long */
	int			hold_for;	/* first wait for this many at once */
	int			requeue;	/* requeue itself this often */
	struct podwq_workqueue	*wq;
	int			last_cpu;
	atomic_t		cpus_seen;	/* bitmap of first 32 CPUs */
	u64			start_ns, end_ns;
	struct completion	started;
};

/* in-progress gauge shared by the items of one measurement */
static atomic_t gauge_now, gauge_max;

static void gauge_enter(void)
{
	int now = atomic_inc_return(&gauge_now);
	int max = atomic_read(&gauge_max);

	while (now > max && !atomic_try_cmpxchg(&gauge_max, &max, now))
		;
}

static void gauge_exit(void)
{
	atomic_dec(&gauge_now);
}

static void gauge_reset(void)
{
	atomic_set(&gauge_now, 0);
	atomic_set(&gauge_max, 0);
}

/*
 * Wait, sleeping or spinning, until @n items of the measurement have been
 * in at once, or 2 s.  A check that items can run side by side then does
 * not depend on how soon the pool's next worker gets going (a new worker
 * may take longer than an item's run under TCG on a busy host); a check
 * that at most @n run at once keeps its power, since each item still
 * sleeps or spins its own time after the wait.
 */
static void gauge_hold(int n, bool sleep)
{
	unsigned long end = jiffies + 2 * HZ;

	while (atomic_read(&gauge_max) < n && time_before(jiffies, end)) {
		if (sleep) {
			usleep_range(1000, 2000);
		} else {
			cpu_relax();
			cond_resched();
		}
	}
}

static u32 rand_below(u32 n)
{
	return n ? get_random_u32() % n : 0;
}

/* spin for @us without sleeping, but let the scheduler preempt us */
static void spin_us(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_ns() < end) {
		cpu_relax();
		cond_resched();
	}
}

static void probe_fn(struct podwq_work *work)
{
	struct probe *p = container_of(work, struct probe, work);
	int cpu = raw_smp_processor_id();

	if (atomic_inc_return(&p->running) != 1)
		atomic_inc(&p->overlaps);
	gauge_enter();
	WRITE_ONCE(p->start_ns, ktime_get_ns());
	WRITE_ONCE(p->last_cpu, cpu);
	if (cpu < 32)
		atomic_or(1 << cpu, &p->cpus_seen);
	complete(&p->started);

	if (p->hold_for)
		gauge_hold(p->hold_for, !p->spin_us);
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	if (p->spin_us)
		spin_us(p->spin_us);

	WRITE_ONCE(p->end_ns, ktime_get_ns());
	gauge_exit();
	atomic_dec(&p->running);
	atomic_inc(&p->runs);

	if (p->requeue && (p->requeue < 0 || atomic_read(&p->runs) < p->requeue))
		podwq_queue_work(p->wq, &p->work);
}

static void probe_init(struct probe *p, struct podwq_workqueue *wq)
{
	memset(p, 0, sizeof(*p));
	PODWQ_INIT_WORK(&p->work, probe_fn);
	init_completion(&p->started);
	p->wq = wq;
	p->last_cpu = -1;
}

static struct podwq_workqueue *alloc_wq(const char *name, unsigned int flags,
					int max_active)
{
	struct podwq_workqueue *wq;

	wq = podwq_alloc_workqueue("%s", flags, max_active, name);
	if (!wq)
		pr_info("not ok - allocating workqueue %s\n", name);
	return wq;
}

/* a CPU other than the first online one, if any */
static int other_cpu(void)
{
	int cpu = cpumask_next(cpumask_first(cpu_online_mask),
			       cpu_online_mask);

	return cpu < nr_cpu_ids ? cpu : cpumask_first(cpu_online_mask);
}

/*
 * Non-reentrancy: every online CPU queues the same few items on its own
 * CPU, over and over, while they run.  No item may ever run twice at once.
 */
#define RE_ITEMS 4

struct re_ctx {
	struct podwq_workqueue	*wq;
	struct probe		*items;
	atomic_t		queued;
};

static int re_thread(void *arg)
{
	struct re_ctx *ctx = arg;
	int cpu = raw_smp_processor_id();
	unsigned int i = 0;

	while (!kthread_should_stop()) {
		if (podwq_queue_work_on(cpu, ctx->wq,
					&ctx->items[i++ % RE_ITEMS].work))
			atomic_inc(&ctx->queued);
		if (!(i % 64))
			usleep_range(50, 100);
		else
			cond_resched();
	}
	return 0;
}

static void test_reentrancy_on(const char *what, struct podwq_workqueue *wq)
{
	struct probe *items = kcalloc(RE_ITEMS, sizeof(*items), GFP_KERNEL);
	struct task_struct **threads;
	struct re_ctx ctx = { .wq = wq, .items = items };
	int i, cpu, overlaps = 0, runs = 0, multi = 0, nthreads = 0;

	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!items || !threads)
		goto out;
	atomic_set(&ctx.queued, 0);
	for (i = 0; i < RE_ITEMS; i++) {
		probe_init(&items[i], wq);
		items[i].spin_us = 200;
	}

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		threads[cpu] = kthread_create_on_cpu(re_thread, &ctx, cpu,
						     "podwq_re/%u");
		if (!IS_ERR(threads[cpu])) {
			wake_up_process(threads[cpu]);
			nthreads++;
		} else {
			threads[cpu] = NULL;
		}
	}
	cpus_read_unlock();

	msleep(2000);

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (threads[cpu])
			kthread_stop(threads[cpu]);
	for (i = 0; i < RE_ITEMS; i++)
		podwq_flush_work(&items[i].work);

	for (i = 0; i < RE_ITEMS; i++) {
		overlaps += atomic_read(&items[i].overlaps);
		runs += atomic_read(&items[i].runs);
		if (hweight32(atomic_read(&items[i].cpus_seen)) > 1)
			multi++;
	}
	DIAG("%s: %d threads queued %d times, %d runs", what, nthreads,
	     atomic_read(&ctx.queued), runs);
	CHECK(runs > 0 && runs == atomic_read(&ctx.queued),
	      "%s: every successful queueing ran once (%d/%d)", what, runs,
	      atomic_read(&ctx.queued));
	CHECK(!overlaps, "%s: no item ran on two CPUs at once (%d overlaps)",
	      what, overlaps);
	if (num_online_cpus() > 1)
		CHECK(multi == RE_ITEMS,
		      "%s: each item ran on several CPUs (%d of %d)", what,
		      multi, RE_ITEMS);
out:
	kfree(threads);
	kfree(items);
}

static void test_reentrancy(void)
{
	struct podwq_workqueue *pcpu, *unbound;

	pcpu = alloc_wq("t_re_pcpu", PODWQ_PERCPU, 0);
	unbound = alloc_wq("t_re_unbound", PODWQ_UNBOUND, 0);
	if (pcpu)
		test_reentrancy_on("per-cpu", pcpu);
	if (unbound)
		test_reentrancy_on("unbound", unbound);
	if (pcpu)
		podwq_destroy_workqueue(pcpu);
	if (unbound)
		podwq_destroy_workqueue(unbound);
}

/* flush_work, flush_workqueue, drain, ordered, flush_delayed_work */
static atomic_t order_next, order_bad;

struct ordered_item {
	struct podwq_work	work;
	int			seq;
};

static void ordered_fn(struct podwq_work *work)
{
	struct ordered_item *it = container_of(work, struct ordered_item, work);

	gauge_enter();
	if (atomic_read(&order_next) != it->seq)
		atomic_inc(&order_bad);
	udelay(20);
	atomic_inc(&order_next);
	gauge_exit();
}

static struct probe dprobe_target;
static bool dprobe_slow;		/* sleep 50 ms before counting */
static void dprobe_fn(struct podwq_work *work)
{
	if (READ_ONCE(dprobe_slow))
		msleep(50);
	atomic_inc(&dprobe_target.runs);
}

static void test_flush(void)
{
	struct podwq_workqueue *wq, *uwq, *owq;
	struct podwq_delayed_work dwork;
	struct ordered_item *oitems;
	struct probe *p, *many;
	unsigned long t0;
	int i, total;

	wq = alloc_wq("t_flush", PODWQ_PERCPU, 0);
	uwq = alloc_wq("t_flush_u", PODWQ_UNBOUND, 0);
	owq = podwq_alloc_ordered_workqueue("t_flush_o", 0);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	many = kcalloc(64, sizeof(*many), GFP_KERNEL);
	oitems = kcalloc(200, sizeof(*oitems), GFP_KERNEL);
	CHECK(owq, "ordered workqueue allocated");
	if (!wq || !uwq || !owq || !p || !many || !oitems)
		goto out;

	probe_init(p, wq);
	CHECK(!podwq_flush_work(&p->work), "flush_work on a never-queued item returns false");

	p->sleep_ms = 100;
	podwq_queue_work(wq, &p->work);
	CHECK(podwq_flush_work(&p->work), "flush_work on a queued item returns true");
	CHECK(atomic_read(&p->runs) == 1, "flush_work returned after the item finished (runs %d)",
	      atomic_read(&p->runs));
	CHECK(!podwq_flush_work(&p->work), "flush_work on an idle item returns false");

	/* queued again while running: flush waits for the second run */
	probe_init(p, wq);
	p->sleep_ms = 100;
	podwq_queue_work_on(other_cpu(), wq, &p->work);
	wait_for_completion(&p->started);
	CHECK(podwq_queue_work(wq, &p->work), "an item can be queued while it runs");
	podwq_flush_work(&p->work);
	CHECK(atomic_read(&p->runs) == 2, "flush_work waited for the last queueing (runs %d)",
	      atomic_read(&p->runs));
	CHECK(!atomic_read(&p->overlaps), "the requeued item didn't overlap its running self");

	/* flush_workqueue on both kinds */
	for (i = 0; i < 64; i++) {
		probe_init(&many[i], i % 2 ? wq : uwq);
		many[i].sleep_ms = 10;
		podwq_queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask),
				    many[i].wq, &many[i].work);
	}
	podwq_flush_workqueue(wq);
	podwq_flush_workqueue(uwq);
	for (total = 0, i = 0; i < 64; i++)
		total += atomic_read(&many[i].runs);
	CHECK(total == 64, "flush_workqueue waited for all 64 items (%d ran)", total);

	/* flush_workqueue isn't held up by a self-requeueing item */
	probe_init(p, wq);
	p->sleep_ms = 5;
	p->requeue = 400;
	podwq_queue_work(wq, &p->work);
	t0 = jiffies;
	podwq_flush_workqueue(wq);
	i = atomic_read(&p->runs);
	DIAG("flush_workqueue returned after %u ms, %d runs of the chain",
	     jiffies_to_msecs(jiffies - t0), i);
	CHECK(i < 400, "flush_workqueue doesn't wait for items queued after it (%d runs)", i);
	podwq_cancel_work_sync(&p->work);

	/* drain_workqueue waits for the whole chain */
	probe_init(p, uwq);
	p->requeue = 20;
	p->sleep_ms = 2;
	podwq_queue_work(uwq, &p->work);
	podwq_drain_workqueue(uwq);
	CHECK(atomic_read(&p->runs) == 20, "drain_workqueue ran the whole chain (%d of 20)",
	      atomic_read(&p->runs));
	CHECK(podwq_queue_work(uwq, &p->work), "queueing works again after the drain");
	podwq_flush_work(&p->work);

	/* ordered: one at a time, in queueing order */
	gauge_reset();
	atomic_set(&order_next, 0);
	atomic_set(&order_bad, 0);
	for (i = 0; i < 200; i++) {
		PODWQ_INIT_WORK(&oitems[i].work, ordered_fn);
		oitems[i].seq = i;
		podwq_queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask),
				    owq, &oitems[i].work);
	}
	podwq_flush_workqueue(owq);
	CHECK(atomic_read(&order_next) == 200 && !atomic_read(&order_bad),
	      "ordered workqueue ran 200 items in queueing order (%d ran, %d out of order)",
	      atomic_read(&order_next), atomic_read(&order_bad));
	CHECK(atomic_read(&gauge_max) == 1, "ordered workqueue ran one item at a time (max %d)",
	      atomic_read(&gauge_max));

	/* flush_delayed_work cuts the timer short (a slow item: still busy) */
	probe_init(&dprobe_target, wq);
	PODWQ_INIT_DELAYED_WORK(&dwork, dprobe_fn);
	WRITE_ONCE(dprobe_slow, true);
	podwq_queue_delayed_work(wq, &dwork, 60 * HZ);
	t0 = jiffies;
	CHECK(podwq_flush_delayed_work(&dwork), "flush_delayed_work on an armed item returns true");
	CHECK(atomic_read(&dprobe_target.runs) == 1 && time_before(jiffies, t0 + 30 * HZ),
	      "flush_delayed_work ran the item at once (runs %d)",
	      atomic_read(&dprobe_target.runs));
	WRITE_ONCE(dprobe_slow, false);

	/* destroy_workqueue runs what is queued first */
	for (i = 0; i < 64; i++) {
		probe_init(&many[i], owq);
		many[i].sleep_ms = 2;
		podwq_queue_work(owq, &many[i].work);
	}
	podwq_destroy_workqueue(owq);
	owq = NULL;
	for (total = 0, i = 0; i < 64; i++)
		total += atomic_read(&many[i].runs);
	CHECK(total == 64, "destroy_workqueue drained 64 queued items first (%d ran)", total);
out:
	kfree(oitems);
	kfree(many);
	kfree(p);
	if (wq)
		podwq_destroy_workqueue(wq);
	if (uwq)
		podwq_destroy_workqueue(uwq);
	if (owq)
		podwq_destroy_workqueue(owq);
}

/* cancel semantics, also against running items */
static void blocker_fn(struct podwq_work *work)
{
	msleep(300);
}

static void test_cancel(void)
{
	struct podwq_workqueue *wq, *owq;
	struct podwq_work blocker;
	struct podwq_delayed_work dwork;
	struct probe *p;
	int i, bad = 0;

	wq = alloc_wq("t_cancel", PODWQ_PERCPU, 0);
	owq = podwq_alloc_ordered_workqueue("t_cancel_o", 0);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!wq || !owq || !p)
		goto out;

	/* pending behind a blocker on an ordered wq: cancel takes it off */
	PODWQ_INIT_WORK(&blocker, blocker_fn);
	probe_init(p, owq);
	podwq_queue_work(owq, &blocker);
	podwq_queue_work(owq, &p->work);
	CHECK(podwq_work_busy(&p->work) & PODWQ_WORK_BUSY_PENDING,
	      "an item queued behind a blocker is pending");
	CHECK(podwq_cancel_work(&p->work), "cancel_work on a pending item returns true");
	CHECK(!podwq_work_pending(&p->work), "a cancelled item is not pending");
	podwq_flush_workqueue(owq);
	CHECK(!atomic_read(&p->runs), "a cancelled item never ran");
	CHECK(!podwq_cancel_work(&p->work), "cancel_work on an idle item returns false");

	/* cancel_work_sync waits for the running instance */
	probe_init(p, wq);
	p->sleep_ms = 200;
	podwq_queue_work_on(other_cpu(), wq, &p->work);
	wait_for_completion(&p->started);
	CHECK(podwq_work_busy(&p->work) & PODWQ_WORK_BUSY_RUNNING, "work_busy sees the item running");
	CHECK(!podwq_cancel_work_sync(&p->work),
	      "cancel_work_sync on a running, not pending, item returns false");
	CHECK(atomic_read(&p->runs) == 1 && !atomic_read(&p->running),
	      "cancel_work_sync returned after the running instance finished");
	CHECK(!podwq_work_busy(&p->work),
	      "after cancel_work_sync the item is neither pending nor running");
	CHECK(podwq_queue_work(wq, &p->work), "the item can be queued again after cancel_work_sync");
	podwq_flush_work(&p->work);

	/* a self-requeueing item stops */
	probe_init(p, wq);
	p->sleep_ms = 3;
	p->requeue = -1;
	podwq_queue_work(wq, &p->work);
	WAIT_FOR(atomic_read(&p->runs) >= 5, 5000);
	podwq_cancel_work_sync(&p->work);
	i = atomic_read(&p->runs);
	msleep(100);
	CHECK(i >= 5 && atomic_read(&p->runs) == i && !podwq_work_busy(&p->work),
	      "cancel_work_sync stops a self-requeueing item (%d runs, then %d)", i,
	      atomic_read(&p->runs));

	/* races with running items, at random points */
	for (i = 0; i < 300; i++) {
		probe_init(p, wq);
		p->spin_us = rand_below(500);
		p->requeue = (i % 3 == 0) ? -1 : 0;
		podwq_queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask),
				    wq, &p->work);
		udelay(rand_below(600));
		podwq_cancel_work_sync(&p->work);
		if (podwq_work_busy(&p->work) || atomic_read(&p->running))
			bad++;
		if (i % 50 == 0)
			cond_resched();
	}
	CHECK(!bad, "300 cancel_work_sync races: none left the item pending or running (%d bad)",
	      bad);

	/* delayed */
	probe_init(&dprobe_target, wq);
	PODWQ_INIT_DELAYED_WORK(&dwork, dprobe_fn);
	podwq_queue_delayed_work(wq, &dwork, HZ / 5);
	CHECK(podwq_cancel_delayed_work(&dwork), "cancel_delayed_work on an armed timer returns true");
	msleep(400);
	CHECK(!atomic_read(&dprobe_target.runs), "the cancelled delayed item never ran");
	podwq_queue_delayed_work(wq, &dwork, 1);
	WAIT_FOR(atomic_read(&dprobe_target.runs) == 1, 5000);
	CHECK(!podwq_cancel_delayed_work_sync(&dwork) &&
	      atomic_read(&dprobe_target.runs) == 1,
	      "cancel_delayed_work_sync after the item ran returns false");
out:
	kfree(p);
	if (wq)
		podwq_destroy_workqueue(wq);
	if (owq)
		podwq_destroy_workqueue(owq);
}

static void test_disable(void)
{
	struct podwq_workqueue *wq;
	struct podwq_delayed_work dwork;
	struct probe *p;

	wq = alloc_wq("t_disable", PODWQ_UNBOUND, 0);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!wq || !p)
		goto out;

	probe_init(p, wq);
	CHECK(!podwq_disable_work(&p->work), "disable_work on an idle item returns false");
	CHECK(!podwq_queue_work(wq, &p->work), "a disabled item can't be queued");
	CHECK(!podwq_work_pending(&p->work), "a refused queueing leaves the item not pending");
	CHECK(!podwq_disable_work(&p->work), "disable_work nests");
	CHECK(!podwq_enable_work(&p->work), "enable_work with one disable left returns false");
	CHECK(!podwq_queue_work(wq, &p->work), "still disabled after one of two enables");
	CHECK(podwq_enable_work(&p->work), "enable_work returns true when the count reaches zero");
	CHECK(podwq_queue_work(wq, &p->work), "an enabled item queues again");
	podwq_flush_work(&p->work);
	CHECK(atomic_read(&p->runs) == 1, "and runs (%d)", atomic_read(&p->runs));

	/* disable_work_sync on a running, self-requeueing item */
	probe_init(p, wq);
	p->sleep_ms = 100;
	p->requeue = -1;
	podwq_queue_work(wq, &p->work);
	wait_for_completion(&p->started);
	podwq_disable_work_sync(&p->work);
	CHECK(!podwq_work_busy(&p->work) && !atomic_read(&p->running),
	      "disable_work_sync waited for the running instance");
	CHECK(!podwq_queue_work(wq, &p->work), "after disable_work_sync the item can't be queued");
	msleep(150);
	CHECK(atomic_read(&p->runs) == 1, "a disabled self-requeueing item stays stopped (%d runs)",
	      atomic_read(&p->runs));
	CHECK(podwq_enable_work(&p->work), "enable_work after disable_work_sync");
	p->requeue = 0;
	CHECK(podwq_queue_work(wq, &p->work), "queueing works after enabling");
	podwq_flush_work(&p->work);

	/* disable a queued item */
	probe_init(p, wq);
	p->sleep_ms = 100;
	podwq_queue_work(wq, &p->work);
	wait_for_completion(&p->started);
	podwq_queue_work(wq, &p->work);		/* pending behind itself */
	CHECK(podwq_disable_work(&p->work), "disable_work on a pending item returns true");
	podwq_flush_work(&p->work);
	msleep(50);
	CHECK(atomic_read(&p->runs) == 1, "the pending instance was cancelled (%d runs)",
	      atomic_read(&p->runs));
	podwq_enable_work(&p->work);

	/* delayed */
	probe_init(&dprobe_target, wq);
	PODWQ_INIT_DELAYED_WORK(&dwork, dprobe_fn);
	podwq_queue_delayed_work(wq, &dwork, HZ / 5);
	CHECK(podwq_disable_delayed_work(&dwork), "disable_delayed_work on an armed timer returns true");
	CHECK(!podwq_queue_delayed_work(wq, &dwork, 1), "a disabled delayed item can't be queued");
	CHECK(!podwq_mod_delayed_work(wq, &dwork, 1) && !podwq_delayed_work_pending(&dwork),
	      "mod_delayed_work leaves a disabled item alone");
	msleep(400);
	CHECK(!atomic_read(&dprobe_target.runs), "the disabled delayed item never ran");
	CHECK(podwq_enable_delayed_work(&dwork), "enable_delayed_work");
	podwq_queue_delayed_work(wq, &dwork, 2);
	podwq_disable_delayed_work_sync(&dwork);
	CHECK(!podwq_delayed_work_pending(&dwork) && !podwq_work_busy(&dwork.work),
	      "disable_delayed_work_sync leaves a delayed item neither pending nor running");
	CHECK(!podwq_queue_delayed_work(wq, &dwork, 1),
	      "and it can't be queued until enabled");
	podwq_enable_delayed_work(&dwork);
out:
	kfree(p);
	if (wq)
		podwq_destroy_workqueue(wq);
}

/*
 * Concurrency management on a per-CPU pool: a sleeping item lets the next
 * one run, but items that don't sleep run one at a time.
 */
static int cm_cpu;

static void test_cm(void)
{
	struct podwq_workqueue *wq, *iwq;
	struct probe *a, *b, *busy;
	int i, cpu = other_cpu(), bad_cpu = 0;

	cm_cpu = cpu;
	wq = alloc_wq("t_cm", PODWQ_PERCPU, 0);
	iwq = alloc_wq("t_cm_int", PODWQ_PERCPU | PODWQ_CPU_INTENSIVE, 0);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	busy = kcalloc(4, sizeof(*busy), GFP_KERNEL);
	if (!wq || !iwq || !a || !b || !busy)
		goto out;

	/*
	 * A sleeps until B is in too (2 s at most), then 1 s; B, queued
	 * behind it on the same CPU, must run meanwhile
	 */
	probe_init(a, wq);
	probe_init(b, wq);
	gauge_reset();
	a->hold_for = 2;
	a->sleep_ms = 1000;
	podwq_queue_work_on(cpu, wq, &a->work);
	wait_for_completion(&a->started);
	podwq_queue_work_on(cpu, wq, &b->work);
	podwq_flush_work(&b->work);
	CHECK(atomic_read(&b->runs) == 1 && atomic_read(&a->running),
	      "an item queued behind a sleeping one on CPU %d ran while it slept", cpu);
	podwq_flush_work(&a->work);
	CHECK(a->last_cpu == cpu && b->last_cpu == cpu, "both ran on CPU %d (%d, %d)", cpu,
	      a->last_cpu, b->last_cpu);

	/* busy items that never sleep run one after the other */
	gauge_reset();
	for (i = 0; i < 4; i++) {
		probe_init(&busy[i], wq);
		busy[i].spin_us = 20000;
	}
	for (i = 0; i < 4; i++)
		podwq_queue_work_on(cpu, wq, &busy[i].work);
	for (i = 0; i < 4; i++) {
		podwq_flush_work(&busy[i].work);
		if (busy[i].last_cpu != cpu)
			bad_cpu++;
	}
	CHECK(atomic_read(&gauge_max) == 1,
	      "4 busy items on one CPU ran one at a time (max %d at once)",
	      atomic_read(&gauge_max));
	CHECK(!bad_cpu, "busy items stayed on CPU %d", cpu);

	/* CPU_INTENSIVE items are out of concurrency management */
	gauge_reset();
	for (i = 0; i < 2; i++) {
		probe_init(&busy[i], iwq);
		busy[i].hold_for = 2;
		busy[i].spin_us = 20000;
	}
	for (i = 0; i < 2; i++)
		podwq_queue_work_on(cpu, iwq, &busy[i].work);
	for (i = 0; i < 2; i++)
		podwq_flush_work(&busy[i].work);
	CHECK(atomic_read(&gauge_max) == 2,
	      "2 busy items of a CPU_INTENSIVE workqueue ran side by side (max %d)",
	      atomic_read(&gauge_max));
out:
	kfree(busy);
	kfree(a);
	kfree(b);
	if (wq)
		podwq_destroy_workqueue(wq);
	if (iwq)
		podwq_destroy_workqueue(iwq);
}

/* max_active limits, and changing them */
static void test_maxactive(void)
{
	struct podwq_workqueue *wq, *uwq;
	struct probe *items;
	int i, cpu = other_cpu();

	wq = alloc_wq("t_max_pcpu", PODWQ_PERCPU, 2);
	uwq = alloc_wq("t_max_unbound", PODWQ_UNBOUND, 3);
	items = kcalloc(12, sizeof(*items), GFP_KERNEL);
	if (!wq || !uwq || !items)
		goto out;

	gauge_reset();
	for (i = 0; i < 6; i++) {
		probe_init(&items[i], wq);
		items[i].hold_for = 2;
		items[i].sleep_ms = 50;
		podwq_queue_work_on(cpu, wq, &items[i].work);
	}
	podwq_flush_workqueue(wq);
	CHECK(atomic_read(&gauge_max) == 2,
	      "per-cpu max_active 2: at most 2 sleeping items at once on a CPU (max %d)",
	      atomic_read(&gauge_max));

	gauge_reset();
	for (i = 0; i < 12; i++) {
		probe_init(&items[i], uwq);
		items[i].hold_for = 3 * num_online_nodes();
		items[i].sleep_ms = 50;
		podwq_queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask),
				    uwq, &items[i].work);
	}
	podwq_flush_workqueue(uwq);
	/* each NUMA node is guaranteed min_active (3 here) */
	CHECK(atomic_read(&gauge_max) == 3 * num_online_nodes(),
	      "unbound max_active 3: at most 3 items at once per node (max %d, %d nodes)",
	      atomic_read(&gauge_max), num_online_nodes());

	podwq_workqueue_set_max_active(uwq, 6);
	gauge_reset();
	for (i = 0; i < 12; i++) {
		probe_init(&items[i], uwq);
		items[i].hold_for = 4;
		items[i].sleep_ms = 50;
		podwq_queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask),
				    uwq, &items[i].work);
	}
	podwq_flush_workqueue(uwq);
	CHECK(atomic_read(&gauge_max) > 3 &&
	      atomic_read(&gauge_max) <= 6 * num_online_nodes(),
	      "after set_max_active(6), more items run at once (max %d)",
	      atomic_read(&gauge_max));
out:
	kfree(items);
	if (wq)
		podwq_destroy_workqueue(wq);
	if (uwq)
		podwq_destroy_workqueue(uwq);
}

/* delayed items fire no earlier than asked */
struct dprobe {
	struct podwq_delayed_work dwork;
	unsigned long		queued, ran;
	unsigned long		delay;
	atomic_t		runs;
};

static void dfn(struct podwq_work *work)
{
	struct dprobe *d = container_of(to_podwq_delayed_work(work),
					struct dprobe, dwork);

	WRITE_ONCE(d->ran, jiffies);
	atomic_inc(&d->runs);
}

static void dstatic_fn(struct podwq_work *work);
static DECLARE_PODWQ_DELAYED_WORK(dstatic, dstatic_fn);
static DECLARE_PODWQ_WORK(wstatic, dstatic_fn);
static atomic_t dstatic_runs;
static void dstatic_fn(struct podwq_work *work)
{
	atomic_inc(&dstatic_runs);
}

static void test_delayed(void)
{
	static const unsigned long delays[] = { 1, 2, 5, 13, 50, 100, 250 };
	const int nd = ARRAY_SIZE(delays);
	struct podwq_workqueue *wq, *uwq;
	struct dprobe *d;
	int i, early = 0, missing = 0;
	unsigned long t;

	wq = alloc_wq("t_delayed", PODWQ_PERCPU, 0);
	uwq = alloc_wq("t_delayed_u", PODWQ_UNBOUND, 0);
	d = kcalloc(2 * nd, sizeof(*d), GFP_KERNEL);
	if (!wq || !uwq || !d)
		goto out;

	for (i = 0; i < 2 * nd; i++) {
		PODWQ_INIT_DELAYED_WORK(&d[i].dwork, dfn);
		atomic_set(&d[i].runs, 0);
		d[i].delay = delays[i % nd];
		d[i].queued = jiffies;
		if (i < nd)
			podwq_queue_delayed_work_on(cpumask_nth(i % num_online_cpus(),
								cpu_online_mask),
						    wq, &d[i].dwork, d[i].delay);
		else
			podwq_queue_delayed_work(uwq, &d[i].dwork, d[i].delay);
	}
	/* until all ran: a timer may fire late on a busy host */
	for (i = 0; i < 2 * nd; i++)
		WAIT_FOR(atomic_read(&d[i].runs), jiffies_to_msecs(300) + 10000);
	podwq_flush_workqueue(wq);
	podwq_flush_workqueue(uwq);
	for (i = 0; i < 2 * nd; i++) {
		if (atomic_read(&d[i].runs) != 1)
			missing++;
		else if (time_before(d[i].ran, d[i].queued + d[i].delay))
			early++;
	}
	CHECK(!missing, "%d delayed items each ran once (%d did not)", 2 * nd, missing);
	CHECK(!early, "no delayed item ran before its delay (%d early)", early);

	/* zero delay queues at once */
	PODWQ_INIT_DELAYED_WORK(&d[0].dwork, dfn);
	atomic_set(&d[0].runs, 0);
	CHECK(podwq_queue_delayed_work(wq, &d[0].dwork, 0), "queue_delayed_work with delay 0");
	podwq_flush_work(&d[0].dwork.work);
	CHECK(atomic_read(&d[0].runs) == 1, "a zero delay runs without a timer");

	/* mod_delayed_work: shorten, and queue an idle item */
	atomic_set(&d[0].runs, 0);
	podwq_queue_delayed_work(wq, &d[0].dwork, 100 * HZ);
	t = jiffies;
	CHECK(podwq_mod_delayed_work(wq, &d[0].dwork, 10),
	      "mod_delayed_work on an armed item returns true");
	d[0].queued = t;
	WAIT_FOR(atomic_read(&d[0].runs), 5000);
	CHECK(atomic_read(&d[0].runs) == 1 && !time_before(d[0].ran, t + 10),
	      "mod_delayed_work shortened the delay, not below the new one");
	CHECK(!podwq_mod_delayed_work(uwq, &d[0].dwork, 5),
	      "mod_delayed_work on an idle item queues it and returns false");
	podwq_flush_delayed_work(&d[0].dwork);
	CHECK(atomic_read(&d[0].runs) == 2, "which then ran");

	/* pending while the timer is armed */
	podwq_queue_delayed_work(wq, &d[1].dwork, HZ);
	CHECK(podwq_delayed_work_pending(&d[1].dwork), "an armed delayed item is pending");
	CHECK(!podwq_queue_delayed_work(wq, &d[1].dwork, 1),
	      "queueing a pending delayed item again returns false");
	podwq_cancel_delayed_work_sync(&d[1].dwork);

	/* statically initialised items */
	podwq_queue_delayed_work(wq, &dstatic, 3);
	podwq_queue_work(uwq, &wstatic);
	podwq_flush_delayed_work(&dstatic);
	podwq_flush_work(&wstatic);
	CHECK(atomic_read(&dstatic_runs) == 2,
	      "DECLARE_PODWQ_WORK and DECLARE_PODWQ_DELAYED_WORK items run");
out:
	kfree(d);
	if (wq)
		podwq_destroy_workqueue(wq);
	if (uwq)
		podwq_destroy_workqueue(uwq);
}

/* attributes: strict CPU pods keep items on the queueing CPU */
struct attrs_ctx {
	struct podwq_workqueue	*wq;
	struct probe		*items;	/* one per CPU */
};

static int attrs_thread(void *arg)
{
	struct attrs_ctx *ctx = arg;
	int cpu = raw_smp_processor_id();

	podwq_queue_work(ctx->wq, &ctx->items[cpu].work);
	podwq_flush_work(&ctx->items[cpu].work);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

static void test_attrs(void)
{
	struct attrs_ctx ctx = { };
	struct task_struct **threads = NULL;
	struct podwq_attrs *attrs;
	struct podwq_workqueue *pwq_percpu;
	int cpu, wrong = 0, ran = 0;

	ctx.wq = alloc_wq("t_attrs", PODWQ_UNBOUND, 0);
	pwq_percpu = alloc_wq("t_attrs_pcpu", PODWQ_PERCPU, 0);
	attrs = podwq_alloc_workqueue_attrs();
	ctx.items = kcalloc(nr_cpu_ids, sizeof(*ctx.items), GFP_KERNEL);
	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!ctx.wq || !pwq_percpu || !attrs || !ctx.items || !threads)
		goto out;

	CHECK(podwq_apply_workqueue_attrs(pwq_percpu, attrs) == -EINVAL,
	      "apply_workqueue_attrs refuses a per-cpu workqueue");
	attrs->affn_scope = PODWQ_AFFN_NR_TYPES;
	CHECK(podwq_apply_workqueue_attrs(ctx.wq, attrs) == -EINVAL,
	      "apply_workqueue_attrs refuses a bad scope");

	attrs->affn_scope = PODWQ_AFFN_CPU;
	attrs->affn_strict = true;
	CHECK(!podwq_apply_workqueue_attrs(ctx.wq, attrs),
	      "apply_workqueue_attrs: scope cpu, strict");

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		probe_init(&ctx.items[cpu], ctx.wq);
		threads[cpu] = kthread_create_on_cpu(attrs_thread, &ctx, cpu,
						     "podwq_at/%u");
		if (IS_ERR(threads[cpu]))
			threads[cpu] = NULL;
		else
			wake_up_process(threads[cpu]);
	}
	cpus_read_unlock();
	msleep(500);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!threads[cpu])
			continue;
		kthread_stop(threads[cpu]);
		podwq_flush_work(&ctx.items[cpu].work);
		if (atomic_read(&ctx.items[cpu].runs) == 1)
			ran++;
		if (ctx.items[cpu].last_cpu != cpu)
			wrong++;
	}
	CHECK(ran == num_online_cpus(), "an item queued from each CPU ran (%d)", ran);
	CHECK(!wrong, "strict cpu scope: each item ran on the CPU it was queued from (%d elsewhere)",
	      wrong);

	attrs->affn_scope = PODWQ_AFFN_SYSTEM;
	attrs->affn_strict = false;
	attrs->nice = -5;
	CHECK(!podwq_apply_workqueue_attrs(ctx.wq, attrs),
	      "apply_workqueue_attrs: scope system, nice -5");
	probe_init(&ctx.items[0], ctx.wq);
	podwq_queue_work(ctx.wq, &ctx.items[0].work);
	podwq_flush_work(&ctx.items[0].work);
	CHECK(atomic_read(&ctx.items[0].runs) == 1, "items run after attributes changed");
out:
	kfree(threads);
	kfree(ctx.items);
	podwq_free_workqueue_attrs(attrs);
	if (ctx.wq)
		podwq_destroy_workqueue(ctx.wq);
	if (pwq_percpu)
		podwq_destroy_workqueue(pwq_percpu);
}

/*
 * podwq_queue_work_node: on a strict NUMA-scoped workqueue an item queued
 * for a node runs on a CPU of that node, whichever CPU queues it; a node
 * that is not online means "anywhere".
 */
#define NODE_ROUNDS 8

static void test_node(void)
{
	struct podwq_workqueue *wq = alloc_wq("t_node", PODWQ_UNBOUND, 0);
	struct podwq_attrs *attrs = podwq_alloc_workqueue_attrs();
	struct probe *p = kzalloc(sizeof(*p), GFP_KERNEL);
	int node, i, nodes = 0, wrong = 0, ran = 0;

	if (!wq || !attrs || !p)
		goto out;
	attrs->affn_scope = PODWQ_AFFN_NUMA;
	attrs->affn_strict = true;
	CHECK(!podwq_apply_workqueue_attrs(wq, attrs),
	      "apply_workqueue_attrs: scope numa, strict");

	for_each_online_node(node) {
		if (!nr_cpus_node(node))
			continue;
		nodes++;
		for (i = 0; i < NODE_ROUNDS; i++) {
			probe_init(p, wq);
			if (!podwq_queue_work_node(node, wq, &p->work))
				continue;
			podwq_flush_work(&p->work);
			ran += atomic_read(&p->runs);
			if (p->last_cpu < 0 || cpu_to_node(p->last_cpu) != node)
				wrong++;
			/* queue from elsewhere next time */
			schedule_timeout_uninterruptible(1);
		}
	}
	CHECK(ran == nodes * NODE_ROUNDS, "queue_work_node: %d of %d items ran on %d node(s)",
	      ran, nodes * NODE_ROUNDS, nodes);
	CHECK(!wrong, "queue_work_node: every item ran on its node (%d elsewhere)", wrong);

	probe_init(p, wq);
	CHECK(podwq_queue_work_node(NUMA_NO_NODE, wq, &p->work),
	      "queue_work_node(NUMA_NO_NODE) queues");
	podwq_flush_work(&p->work);
	CHECK(atomic_read(&p->runs) == 1, "queue_work_node(NUMA_NO_NODE): the item ran");
	probe_init(p, wq);
	CHECK(podwq_queue_work_node(MAX_NUMNODES + 3, wq, &p->work),
	      "queue_work_node(an impossible node) queues");
	podwq_flush_work(&p->work);
	CHECK(atomic_read(&p->runs) == 1, "queue_work_node(an impossible node): the item ran once");
out:
	kfree(p);
	podwq_free_workqueue_attrs(attrs);
	if (wq)
		podwq_destroy_workqueue(wq);
}

/*
 * Non-strict repatriation.  On a non-strict cpu-scoped workqueue the
 * workers of CPU X's pod may run anywhere.  While an RT hog holds X, an
 * item queued for X's pod runs elsewhere and its worker goes idle there;
 * once X is free again, the next item for X's pod brings the worker back
 * (podwq_kick_pool() points its wake-up at the pod) and runs on X, or one
 * of the next few if X is still busy.  The queueing is done from another
 * CPU so that the waker's CPU is not X.
 */
#define REPAT_TRIES	3

struct repat_ctx {
	struct podwq_workqueue	*wq;
	struct probe		item;
	int			cpu;		/* X */
	atomic_t		hog_stop;
	int			drifted;	/* rounds whose first item left X */
	int			back;		/* of those, worker back on X */
	int			back_first;	/* ... with the first next item */
	int			rounds;
	struct completion	done;
};

static int repat_hog(void *arg)
{
	struct repat_ctx *ctx = arg;
	unsigned long end = jiffies + msecs_to_jiffies(500);

	sched_set_fifo(current);
	while (!atomic_read(&ctx->hog_stop) && time_before(jiffies, end))
		cpu_relax();
	sched_set_normal(current, 0);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int repat_thread(void *arg)
{
	struct repat_ctx *ctx = arg;
	struct task_struct *hog;
	int round, try;

	for (round = 0; round < ctx->rounds; round++) {
		hog = kthread_create_on_cpu(repat_hog, ctx, ctx->cpu, "podwq_hog/%u");
		if (IS_ERR(hog))
			break;
		atomic_set(&ctx->hog_stop, 0);
		wake_up_process(hog);
		msleep(20);		/* let the hog take X */

		probe_init(&ctx->item, ctx->wq);
		podwq_queue_work_on(ctx->cpu, ctx->wq, &ctx->item.work);
		podwq_flush_work(&ctx->item.work);
		atomic_set(&ctx->hog_stop, 1);
		kthread_stop(hog);
		if (ctx->item.last_cpu == ctx->cpu)
			continue;	/* the scheduler kept it on X */
		ctx->drifted++;

		/*
		 * The wake-up target is a hint the scheduler takes when X is
		 * idle.  Right after the hog, X may still be busy with what
		 * the hog held off (on PREEMPT_RT: its timer and RCU
		 * threads), so give each drifted round a few items.
		 */
		for (try = 1; try <= REPAT_TRIES; try++) {
			msleep(50);	/* the worker is idle off X */
			probe_init(&ctx->item, ctx->wq);
			podwq_queue_work_on(ctx->cpu, ctx->wq, &ctx->item.work);
			podwq_flush_work(&ctx->item.work);
			if (ctx->item.last_cpu == ctx->cpu)
				break;
		}
		if (try == 1)
			ctx->back_first++;
		if (try <= REPAT_TRIES)
			ctx->back++;
	}
	complete(&ctx->done);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

static void test_repatriate(void)
{
	struct repat_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct podwq_attrs *attrs = podwq_alloc_workqueue_attrs();
	struct task_struct *t;
	int waker;

	if (num_online_cpus() < 2) {
		OK("repatriation # SKIP needs two CPUs");
		goto out;
	}
	if (!ctx || !attrs)
		goto out;
	ctx->wq = alloc_wq("t_repat", PODWQ_UNBOUND, 0);
	if (!ctx->wq)
		goto out;
	attrs->affn_scope = PODWQ_AFFN_CPU;
	attrs->affn_strict = false;
	CHECK(!podwq_apply_workqueue_attrs(ctx->wq, attrs),
	      "apply_workqueue_attrs: scope cpu, not strict");
	ctx->cpu = other_cpu();
	ctx->rounds = 5;
	init_completion(&ctx->done);
	waker = cpumask_first(cpu_online_mask);

	t = kthread_create_on_cpu(repat_thread, ctx, waker, "podwq_rp/%u");
	if (IS_ERR(t))
		goto out;
	wake_up_process(t);
	if (!wait_for_completion_timeout(&ctx->done, 30 * HZ))
		pr_info("not ok - repatriation: the rounds finish in 30 s\n");
	kthread_stop(t);

	DIAG("repatriation: %d of %d rounds drifted off CPU %d, %d came back (%d with the first item)",
	     ctx->drifted, ctx->rounds, ctx->cpu, ctx->back, ctx->back_first);
	CHECK(ctx->drifted > 0, "non-strict: an item for a busy pod CPU ran outside the pod");
	/*
	 * Without the hint an idle worker wakes where it last ran, off X,
	 * and rounds rarely come back (0-1 of 5 with the hint taken out);
	 * allow one round where it wasn't taken.
	 */
	CHECK(ctx->drifted && ctx->back >= ctx->drifted - 1 && ctx->back,
	      "non-strict: the next items brought its worker back into the pod");
out:
	podwq_free_workqueue_attrs(attrs);
	if (ctx && ctx->wq)
		podwq_destroy_workqueue(ctx->wq);
	kfree(ctx);
}

/*
 * Ordered workqueues under load: a producer on every CPU queues its own
 * numbered items while another thread keeps changing the workqueue's
 * attributes (cpumask, nice).  Items run one at a time, each producer's
 * in its queueing order, every one exactly once.
 */
#define ORD_PER_PRODUCER 400

struct ord_item {
	struct podwq_work	work;
	int			producer;
	int			seq;
	atomic_t		runs;
};

struct ord_ctx {
	struct podwq_workqueue	*wq;
	struct ord_item		*items;		/* [producer][seq] */
	int			*next;		/* per producer, items' view */
	atomic_t		bad_order;
	atomic_t		producers_left;
	struct completion	produced;
	bool			stop_attrs;
	int			applied;
};

static struct ord_ctx *ord;

static void ord_fn(struct podwq_work *work)
{
	struct ord_item *it = container_of(work, struct ord_item, work);

	gauge_enter();
	if (ord->next[it->producer] != it->seq)
		atomic_inc(&ord->bad_order);
	ord->next[it->producer] = it->seq + 1;
	atomic_inc(&it->runs);
	if (!(it->seq % 16))
		udelay(50);
	gauge_exit();
}

static int ord_producer(void *arg)
{
	int p = (long)arg, i;

	for (i = 0; i < ORD_PER_PRODUCER; i++) {
		podwq_queue_work(ord->wq, &ord->items[p * ORD_PER_PRODUCER + i].work);
		if (!(i % 32))
			usleep_range(100, 200);
	}
	if (atomic_dec_and_test(&ord->producers_left))
		complete(&ord->produced);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int ord_attrs_thread(void *arg)
{
	struct podwq_attrs *attrs = arg;
	int round = 0;

	while (!READ_ONCE(ord->stop_attrs)) {
		cpumask_copy(attrs->cpumask, cpu_possible_mask);
		if (round & 1)
			cpumask_copy(attrs->cpumask, cpumask_of(cpumask_first(cpu_online_mask)));
		attrs->nice = (round & 2) ? -5 : 0;
		if (!podwq_apply_workqueue_attrs(ord->wq, attrs))
			ord->applied++;
		round++;
		usleep_range(500, 1000);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void test_ordered(void)
{
	int nprod = num_online_cpus(), p, i, cpu, once = 0;
	struct task_struct **threads, *attrs_task = NULL;
	struct podwq_attrs *attrs = podwq_alloc_workqueue_attrs();

	ord = kzalloc(sizeof(*ord), GFP_KERNEL);
	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!ord || !threads || !attrs)
		goto out;
	ord->items = vzalloc(array_size(nprod * ORD_PER_PRODUCER, sizeof(*ord->items)));
	ord->next = kcalloc(nprod, sizeof(*ord->next), GFP_KERNEL);
	ord->wq = podwq_alloc_ordered_workqueue("t_ordered", 0);
	if (!ord->items || !ord->next || !ord->wq)
		goto out;
	for (p = 0; p < nprod; p++)
		for (i = 0; i < ORD_PER_PRODUCER; i++) {
			struct ord_item *it = &ord->items[p * ORD_PER_PRODUCER + i];

			PODWQ_INIT_WORK(&it->work, ord_fn);
			it->producer = p;
			it->seq = i;
		}
	init_completion(&ord->produced);
	atomic_set(&ord->producers_left, nprod);
	gauge_reset();

	attrs_task = kthread_run(ord_attrs_thread, attrs, "podwq_ordattr");
	if (IS_ERR(attrs_task))
		attrs_task = NULL;
	p = 0;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		threads[cpu] = kthread_create_on_cpu(ord_producer, (void *)(long)p++, cpu,
						     "podwq_ord/%u");
		if (IS_ERR(threads[cpu])) {
			threads[cpu] = NULL;
			atomic_dec(&ord->producers_left);
		} else {
			wake_up_process(threads[cpu]);
		}
	}
	cpus_read_unlock();
	if (!wait_for_completion_timeout(&ord->produced, 60 * HZ))
		pr_info("not ok - ordered: the producers finish in 60 s\n");
	WRITE_ONCE(ord->stop_attrs, true);
	if (attrs_task)
		kthread_stop(attrs_task);
	podwq_flush_workqueue(ord->wq);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (threads[cpu])
			kthread_stop(threads[cpu]);

	for (i = 0; i < nprod * ORD_PER_PRODUCER; i++)
		once += atomic_read(&ord->items[i].runs) == 1;
	DIAG("ordered: %d producers, %d attribute changes meanwhile", nprod, ord->applied);
	CHECK(ord->applied > 0, "ordered: attributes changed while items were queued (%d)",
	      ord->applied);
	CHECK(once == nprod * ORD_PER_PRODUCER, "ordered: %d of %d items ran exactly once",
	      once, nprod * ORD_PER_PRODUCER);
	CHECK(!atomic_read(&ord->bad_order),
	      "ordered: each producer's items ran in queueing order (%d out of order)",
	      atomic_read(&ord->bad_order));
	CHECK(atomic_read(&gauge_max) == 1, "ordered: one item at a time under load (max %d)",
	      atomic_read(&gauge_max));
out:
	if (ord && ord->wq)
		podwq_destroy_workqueue(ord->wq);
	if (ord) {
		vfree(ord->items);
		kfree(ord->next);
	}
	kfree(ord);
	ord = NULL;
	kfree(threads);
	podwq_free_workqueue_attrs(attrs);
}

/* a million items, each running exactly once */
struct mitem {
	struct podwq_work	work;
	u32			idx;
};

static atomic_t *m_runs;
static atomic_t m_total;

static void mfn(struct podwq_work *work)
{
	struct mitem *m = container_of(work, struct mitem, work);

	atomic_inc(&m_runs[m->idx]);
	atomic_inc(&m_total);
}

struct m_ctx {
	struct mitem		*items;
	struct podwq_workqueue	*wq[2];
	int			nthreads;
	atomic_t		refused;
	struct completion	done;
	atomic_t		left;
};

struct m_thread {
	struct m_ctx		*ctx;
	struct task_struct	*task;
	int			id;
};

static int m_thread_fn(void *arg)
{
	struct m_thread *t = arg;
	struct m_ctx *ctx = t->ctx;
	int i;

	for (i = t->id; i < nr_items; i += ctx->nthreads) {
		struct mitem *m = &ctx->items[i];
		bool ok;

		if (i % 4 == 3)
			ok = podwq_queue_work(ctx->wq[1], &m->work);
		else
			ok = podwq_queue_work_on(i % 4 == 1 ?
						 raw_smp_processor_id() :
						 cpumask_nth(i % num_online_cpus(),
							     cpu_online_mask),
						 ctx->wq[i % 2], &m->work);
		if (!ok)
			atomic_inc(&ctx->refused);
		if (!(i % 1024))
			cond_resched();
	}
	if (atomic_dec_and_test(&ctx->left))
		complete(&ctx->done);
	/* stay until kthread_stop(): out of this module's text before rmmod */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void test_million(void)
{
	struct m_ctx ctx = { };
	struct m_thread *threads = NULL;
	int i, cpu, n = 0, wrong = 0;
	u64 t0;

	ctx.wq[0] = alloc_wq("t_million", PODWQ_PERCPU, 0);
	ctx.wq[1] = alloc_wq("t_million_u", PODWQ_UNBOUND, 0);
	ctx.items = vzalloc(array_size(nr_items, sizeof(*ctx.items)));
	m_runs = vzalloc(array_size(nr_items, sizeof(*m_runs)));
	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!ctx.wq[0] || !ctx.wq[1] || !ctx.items || !m_runs || !threads) {
		pr_info("not ok - million: setup failed\n");
		goto out;
	}

	for (i = 0; i < nr_items; i++) {
		PODWQ_INIT_WORK(&ctx.items[i].work, mfn);
		ctx.items[i].idx = i;
	}
	atomic_set(&m_total, 0);
	atomic_set(&ctx.refused, 0);
	init_completion(&ctx.done);

	t0 = ktime_get_ns();
	cpus_read_lock();
	ctx.nthreads = num_online_cpus();
	atomic_set(&ctx.left, ctx.nthreads);
	for_each_online_cpu(cpu) {
		struct task_struct *k;

		threads[n].ctx = &ctx;
		threads[n].id = n;
		k = kthread_create_on_cpu(m_thread_fn, &threads[n], cpu,
					  "podwq_m/%u");
		if (IS_ERR(k)) {
			pr_info("not ok - million: creating a queueing thread\n");
			atomic_dec(&ctx.left);
		} else {
			threads[n].task = k;
			wake_up_process(k);
		}
		n++;
	}
	cpus_read_unlock();

	if (atomic_read(&ctx.left))
		wait_for_completion(&ctx.done);
	for (i = 0; i < n; i++)
		if (threads[i].task)
			kthread_stop(threads[i].task);
	podwq_flush_workqueue(ctx.wq[0]);
	podwq_flush_workqueue(ctx.wq[1]);

	for (i = 0; i < nr_items; i++)
		if (atomic_read(&m_runs[i]) != 1)
			wrong++;
	DIAG("million: %d items through %d threads in %llu ms", nr_items, n,
	     div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC));
	CHECK(!atomic_read(&ctx.refused), "million: every queueing was accepted (%d refused)",
	      atomic_read(&ctx.refused));
	CHECK(!wrong && atomic_read(&m_total) == nr_items,
	      "million: each of %d items ran exactly once (%d wrong, %d runs)",
	      nr_items, wrong, atomic_read(&m_total));
out:
	kfree(threads);
	vfree(m_runs);
	vfree(ctx.items);
	if (ctx.wq[0])
		podwq_destroy_workqueue(ctx.wq[0]);
	if (ctx.wq[1])
		podwq_destroy_workqueue(ctx.wq[1]);
}

/* workqueues for the sysfs script, kept until rmmod */
static struct podwq_workqueue *sysfs_wqs[3];

static void test_sysfs(void)
{
	struct podwq_workqueue *dup;

	sysfs_wqs[0] = alloc_wq("podwq_test_unbound", PODWQ_UNBOUND | PODWQ_SYSFS, 0);
	sysfs_wqs[1] = alloc_wq("podwq_test_percpu", PODWQ_PERCPU | PODWQ_SYSFS, 16);
	sysfs_wqs[2] = podwq_alloc_ordered_workqueue("podwq_test_ordered", PODWQ_SYSFS);
	CHECK(sysfs_wqs[2], "ordered workqueue with PODWQ_SYSFS allocated");

	dup = podwq_alloc_workqueue("podwq_test_unbound", PODWQ_UNBOUND | PODWQ_SYSFS, 0);
	CHECK(!dup, "a second PODWQ_SYSFS workqueue with the same name is refused");
	if (dup)
		podwq_destroy_workqueue(dup);
	dup = podwq_alloc_workqueue("cpumask", PODWQ_UNBOUND | PODWQ_SYSFS, 0);
	CHECK(!dup, "a PODWQ_SYSFS workqueue named after a podwq file is refused");
	if (dup)
		podwq_destroy_workqueue(dup);
	dup = podwq_alloc_workqueue("podwq_test_unbound", PODWQ_UNBOUND, 0);
	CHECK(dup, "the same name without PODWQ_SYSFS is fine");
	if (dup)
		podwq_destroy_workqueue(dup);
	dup = podwq_alloc_workqueue("t_bh", PODWQ_BH | PODWQ_SYSFS, 0);
	CHECK(!dup, "PODWQ_BH with PODWQ_SYSFS is refused: BH workqueues have no attributes");
	if (dup)
		podwq_destroy_workqueue(dup);
}

/* load for the CPU hotplug script: runs from insmod to rmmod */
#define HP_ITEMS 64

struct hp_item {
	struct probe		p;
	atomic_t		queued;
};

static struct hp_state {
	struct podwq_workqueue	*wq[2];
	struct hp_item		*items;
	struct task_struct	*threads[2];
	atomic_t		sleeps;
} hp;

static int hp_thread(void *arg)
{
	unsigned int n = 0, i = (long)arg;

	while (!kthread_should_stop()) {
		struct hp_item *it = &hp.items[i % HP_ITEMS];
		int cpu = cpumask_nth(rand_below(num_online_cpus()),
				      cpu_online_mask);

		if (cpu >= nr_cpu_ids)
			cpu = PODWQ_WORK_CPU_UNBOUND;
		if (podwq_queue_work_on(cpu, hp.wq[n % 2], &it->p.work))
			atomic_inc(&it->queued);
		i += 2;
		/* let stop_machine in on voluntary-preemption kernels */
		if (!(++n % 16))
			usleep_range(1000, 2000);
		else
			cond_resched();
	}
	return 0;
}

static void hp_fn(struct podwq_work *work)
{
	struct probe *p = container_of(work, struct probe, work);

	if (atomic_inc_return(&p->running) != 1)
		atomic_inc(&p->overlaps);
	/* some sleep, some spin: exercise CM across the hotplug too */
	if (rand_below(4) == 0) {
		usleep_range(100, 300);
		atomic_inc(&hp.sleeps);
	} else {
		udelay(rand_below(100));
	}
	atomic_dec(&p->running);
	atomic_inc(&p->runs);
}

static int hotplug_start(void)
{
	long i;

	hp.wq[0] = alloc_wq("t_hotplug", PODWQ_PERCPU, 0);
	hp.wq[1] = alloc_wq("t_hotplug_u", PODWQ_UNBOUND, 0);
	hp.items = kcalloc(HP_ITEMS, sizeof(*hp.items), GFP_KERNEL);
	if (!hp.wq[0] || !hp.wq[1] || !hp.items)
		return -ENOMEM;
	for (i = 0; i < HP_ITEMS; i++) {
		probe_init(&hp.items[i].p, NULL);
		PODWQ_INIT_WORK(&hp.items[i].p.work, hp_fn);
	}
	for (i = 0; i < 2; i++) {
		hp.threads[i] = kthread_run(hp_thread, (void *)i, "podwq_hp/%ld", i);
		if (IS_ERR(hp.threads[i])) {
			hp.threads[i] = NULL;
			return -ENOMEM;
		}
	}
	OK("hotplug: load started on %u CPUs", num_online_cpus());
	return 0;
}

static void hotplug_stop(void)
{
	int i, queued = 0, runs = 0, overlaps = 0;

	for (i = 0; i < 2; i++)
		if (hp.threads[i])
			kthread_stop(hp.threads[i]);
	if (hp.items) {
		for (i = 0; i < HP_ITEMS; i++)
			podwq_flush_work(&hp.items[i].p.work);
		for (i = 0; i < HP_ITEMS; i++) {
			queued += atomic_read(&hp.items[i].queued);
			runs += atomic_read(&hp.items[i].p.runs);
			overlaps += atomic_read(&hp.items[i].p.overlaps);
		}
		DIAG("hotplug: %d queued, %d ran, %d slept", queued, runs,
		     atomic_read(&hp.sleeps));
		CHECK(queued > 0 && queued == runs,
		      "hotplug: every item queued under hotplug ran exactly once (%d/%d)",
		      runs, queued);
		CHECK(!overlaps, "hotplug: no item ran on two CPUs at once (%d)",
		      overlaps);
	}
	for (i = 0; i < 2; i++)
		if (hp.wq[i])
			podwq_destroy_workqueue(hp.wq[i]);
	kfree(hp.items);
}

/*
 * Idle culling: a burst of sleeping items on one CPU leaves its pool with
 * many idle workers; a keep-alive item then cycles one of them (and keeps
 * the CPU's deferrable idle timer going) until rmmod, while the script
 * watches the surplus exit after podwq's idle_timeout.
 */
static int cull_cpu = -1;
module_param(cull_cpu, int, 0444);
MODULE_PARM_DESC(cull_cpu, "the CPU of the cull test");

#define CULL_BURST 8

static struct cull_state {
	struct podwq_workqueue	*wq;
	struct probe		*items;
	struct podwq_work	tick;
	struct task_struct	*thread;
	int			cpu;
} cull;

static void cull_tick_fn(struct podwq_work *work)
{
}

static int cull_thread(void *arg)
{
	while (!kthread_should_stop()) {
		podwq_queue_work_on(cull.cpu, cull.wq, &cull.tick);
		msleep(100);
	}
	return 0;
}

static int cull_start(void)
{
	int i;

	cull.cpu = cull_cpu >= 0 && cull_cpu < nr_cpu_ids &&
		   cpu_online(cull_cpu) ? cull_cpu : other_cpu();
	cull.wq = alloc_wq("t_cull", PODWQ_PERCPU, 0);
	cull.items = kcalloc(CULL_BURST, sizeof(*cull.items), GFP_KERNEL);
	if (!cull.wq || !cull.items)
		return -ENOMEM;
	PODWQ_INIT_WORK(&cull.tick, cull_tick_fn);

	gauge_reset();
	for (i = 0; i < CULL_BURST; i++) {
		probe_init(&cull.items[i], cull.wq);
		cull.items[i].hold_for = CULL_BURST;
		cull.items[i].sleep_ms = 100;
		podwq_queue_work_on(cull.cpu, cull.wq, &cull.items[i].work);
	}
	for (i = 0; i < CULL_BURST; i++)
		podwq_flush_work(&cull.items[i].work);
	CHECK(atomic_read(&gauge_max) == CULL_BURST,
	      "cull: %d sleeping items ran side by side on CPU %d (max %d)",
	      CULL_BURST, cull.cpu, atomic_read(&gauge_max));

	cull.thread = kthread_run(cull_thread, NULL, "podwq_cull");
	if (IS_ERR(cull.thread)) {
		cull.thread = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void cull_stop(void)
{
	if (cull.thread)
		kthread_stop(cull.thread);
	if (cull.wq) {
		podwq_cancel_work_sync(&cull.tick);
		podwq_destroy_workqueue(cull.wq);
	}
	kfree(cull.items);
}

/*
 * Cost of concurrency management: a ping-pong between a sleeper and a
 * kthread on the same CPU, the sleeper being a plain kthread, a counted
 * podwq item (each block and wake-up goes through the preempt notifiers,
 * the cm_lock and the cm_kick irq_work), or a CPU_INTENSIVE podwq item
 * (the notifiers return at once).  Reports nanoseconds per round trip.
 */
#define BENCH_ROUNDS 20000

static struct bench_state {
	struct completion	ping, pong;
	struct podwq_work	work;
	u64			ns;
} bench;

static void bench_pinger(void)
{
	u64 t0 = ktime_get_ns();
	int i;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		complete(&bench.ping);
		wait_for_completion(&bench.pong);
	}
	bench.ns = ktime_get_ns() - t0;
}

static void bench_work_fn(struct podwq_work *work)
{
	bench_pinger();
}

static int bench_pinger_thread(void *arg)
{
	bench_pinger();
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int bench_ponger(void *arg)
{
	int i;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		wait_for_completion(&bench.ping);
		complete(&bench.pong);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* one run: @wq NULL for a plain kthread pinger; returns ns per round */
static u64 bench_run(struct podwq_workqueue *wq, int cpu)
{
	struct task_struct *ponger, *pinger = NULL;

	init_completion(&bench.ping);
	init_completion(&bench.pong);
	bench.ns = 0;
	ponger = kthread_create_on_cpu(bench_ponger, NULL, cpu, "podwq_pong/%u");
	if (IS_ERR(ponger))
		return 0;
	wake_up_process(ponger);
	if (wq) {
		PODWQ_INIT_WORK(&bench.work, bench_work_fn);
		podwq_queue_work_on(cpu, wq, &bench.work);
		podwq_flush_work(&bench.work);
	} else {
		pinger = kthread_create_on_cpu(bench_pinger_thread, NULL, cpu,
					       "podwq_ping/%u");
		if (!IS_ERR(pinger)) {
			wake_up_process(pinger);
			while (!READ_ONCE(bench.ns))
				usleep_range(10000, 11000);
			kthread_stop(pinger);
		}
	}
	kthread_stop(ponger);
	return div_u64(bench.ns, BENCH_ROUNDS);
}

static void test_bench(void)
{
	struct podwq_workqueue *wq, *iwq;
	int cpu = other_cpu(), i;
	u64 plain = U64_MAX, cm = U64_MAX, intensive = U64_MAX;

	wq = alloc_wq("t_bench", PODWQ_PERCPU, 0);
	iwq = alloc_wq("t_bench_int", PODWQ_PERCPU | PODWQ_CPU_INTENSIVE, 0);
	if (!wq || !iwq)
		goto out;
	/* best of three, interleaved */
	for (i = 0; i < 3; i++) {
		plain = min(plain, bench_run(NULL, cpu));
		cm = min(cm, bench_run(wq, cpu));
		intensive = min(intensive, bench_run(iwq, cpu));
	}
	DIAG("bench: round trip on CPU %d: kthread %llu ns, item %llu ns, intensive item %llu ns",
	     cpu, plain, cm, intensive);
	DIAG("bench: concurrency management adds %lld ns per block+wake (%lld%%)",
	     (s64)(cm - plain), plain ? div64_s64((s64)(cm - plain) * 100, plain) : 0);
	CHECK(plain && cm && intensive, "bench: ping-pong ran %d rounds each way", BENCH_ROUNDS);
out:
	if (wq)
		podwq_destroy_workqueue(wq);
	if (iwq)
		podwq_destroy_workqueue(iwq);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "bench",	test_bench },
	{ "reentrancy",	test_reentrancy },
	{ "flush",	test_flush },
	{ "cancel",	test_cancel },
	{ "disable",	test_disable },
	{ "cm",		test_cm },
	{ "maxactive",	test_maxactive },
	{ "delayed",	test_delayed },
	{ "attrs",	test_attrs },
	{ "node",	test_node },
	{ "repatriate",	test_repatriate },
	{ "ordered",	test_ordered },
	{ "million",	test_million },
	{ "sysfs",	test_sysfs },
};

static int __init podwq_test_init(void)
{
	int i;

	if (!strcmp(test, "hotplug")) {
		int ret = hotplug_start();

		if (ret)
			hotplug_stop();
		return ret;
	}
	if (!strcmp(test, "cull")) {
		int ret = cull_start();

		if (ret)
			cull_stop();
		return ret;
	}

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		if (!strcmp(test, tests[i].name)) {
			tests[i].fn();
			pr_info("done %s\n", test);
			return 0;
		}
	}
	pr_err("unknown test '%s'\n", test);
	return -EINVAL;
}

static void __exit podwq_test_exit(void)
{
	int i;

	if (!strcmp(test, "hotplug")) {
		hotplug_stop();
		pr_info("done hotplug\n");
	}
	if (!strcmp(test, "cull")) {
		cull_stop();
		pr_info("done cull\n");
	}
	for (i = 0; i < ARRAY_SIZE(sysfs_wqs); i++)
		if (sysfs_wqs[i])
			podwq_destroy_workqueue(sysfs_wqs[i]);
}

module_init(podwq_test_init);
module_exit(podwq_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq engine selftests");
