// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_bh_test - a client of podwq that tests its BH workqueues through
 * podwq.h (selftests/guest/24-engine-bh.sh).
 *
 * insmod podwq_bh_test.ko test=NAME runs one test while loading and logs
 * "podwq_bh_test: ok - ...", "... not ok - ..." or "... # ..." lines, then
 * "podwq_bh_test: done NAME".  "hotplug" spans the module's lifetime: at
 * insmod it hooks the death of CPU hp_cpu, where it queues BH items on
 * the dead CPU's pools; the script takes the CPU down and up, and rmmod
 * checks that the items ran, once each, elsewhere, in softirq context.
 *
 * Locking: each test owns its state and runs in the insmod (or rmmod)
 * context, with helper kthreads it stops before returning; work functions
 * share state with the test through atomics, a spinlock-free log indexed
 * by an atomic, and completions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/workqueue.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "podwq.h"
#include "podwq_tap.h"

static char *test = "";
module_param(test, charp, 0444);
MODULE_PARM_DESC(test,
		 "the test to run: context, remote, budget, flush, cancel, highpri, flags, hotplug");

static int hp_cpu = 1;
module_param(hp_cpu, int, 0444);
MODULE_PARM_DESC(hp_cpu, "the CPU the hotplug test queues on once it is dead");

/* an item that records where and how it ran */
struct bh_probe {
	struct podwq_work	work;
	atomic_t		runs;
	int			want_cpu;	/* -1: don't care */
	atomic_t		bad_ctx;	/* runs not in serving softirq */
	atomic_t		bad_cpu;	/* runs off want_cpu */
	int			ran_cpu;
	int			seq;		/* order among probes */
	int			pass;		/* softirq pass it ran in */
	unsigned long		jif;		/* jiffies when it started */
	unsigned int		spin_us;
};

static atomic_t seq_now;

static void spin_us(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static void probe_record(struct bh_probe *p)
{
	if (!in_serving_softirq() || in_task() || in_hardirq())
		atomic_inc(&p->bad_ctx);
	p->ran_cpu = smp_processor_id();
	if (p->want_cpu >= 0 && p->ran_cpu != p->want_cpu)
		atomic_inc(&p->bad_cpu);
	p->seq = atomic_inc_return(&seq_now);
	if (p->spin_us)
		spin_us(p->spin_us);
	atomic_inc(&p->runs);
}

static void probe_fn(struct podwq_work *work)
{
	probe_record(container_of(work, struct bh_probe, work));
}

static void probe_init(struct bh_probe *p, int want_cpu)
{
	memset(p, 0, sizeof(*p));
	PODWQ_INIT_WORK(&p->work, probe_fn);
	p->want_cpu = want_cpu;
}

/* sum of a field over @n probes */
#define PROBES_SUM(p, n, field)						\
	({								\
		int __i, __s = 0;					\
		for (__i = 0; __i < (n); __i++)				\
			__s += atomic_read(&(p)[__i].field);		\
		__s;							\
	})

/* free probes, taking any that didn't run (a broken engine) off first */
static void probes_free(struct bh_probe *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i].work.func)
			podwq_cancel_work_sync(&p[i].work);
	kfree(p);
}

/* what to queue, and where, from a task or hard irq on some CPU */
struct on_cpu_arg {
	struct podwq_workqueue	*wq;
	struct bh_probe		*p;
	int			target;		/* -1: local */
};

static long queue_task_fn(void *data)
{
	struct on_cpu_arg *a = data;

	if (a->target < 0)
		return !podwq_queue_work(a->wq, &a->p->work);
	return !podwq_queue_work_on(a->target, a->wq, &a->p->work);
}

/* queue from a task bound to @cpu (a kworker of the kernel's): 0 if ok */
static long queue_from_cpu(int cpu, struct on_cpu_arg *a)
{
	return work_on_cpu(cpu, queue_task_fn, a);
}

/*
 * Queue from hard irq on a CPU: a task bound there raises a hard
 * irq_work (a self-IPI) that queues.  Not an smp_call_function handler:
 * on PREEMPT_RT raising a softirq from one is a warning, for the kernel's
 * own BH workqueues too.
 */
struct hardirq_arg {
	struct irq_work		iw;
	struct on_cpu_arg	*a;
};

static void queue_hardirq_fn(struct irq_work *iw)
{
	struct hardirq_arg *h = container_of(iw, struct hardirq_arg, iw);

	podwq_queue_work(h->a->wq, &h->a->p->work);
}

static long queue_hardirq_task(void *data)
{
	struct hardirq_arg *h = data;

	h->iw = IRQ_WORK_INIT_HARD(queue_hardirq_fn);
	irq_work_queue(&h->iw);
	irq_work_sync(&h->iw);
	return 0;
}

static void test_context(void)
{
	struct podwq_workqueue *wqs[2] = {
		podwq_system_bh_wq, podwq_system_bh_highpri_wq
	};
	int ncpu = num_online_cpus(), n = 0, bad_queue = 0, cpu, w;
	struct hardirq_arg h;
	struct bh_probe *p;

	p = kcalloc(4 * nr_cpu_ids, sizeof(*p), GFP_KERNEL);
	if (!p) {
		CHECK(0, "context: memory");
		return;
	}
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		for (w = 0; w < 2; w++) {
			struct on_cpu_arg a = { .wq = wqs[w], .target = -1 };

			/* from a task on @cpu */
			probe_init(&p[n], cpu);
			a.p = &p[n++];
			if (queue_from_cpu(cpu, &a))
				bad_queue++;
			/* from hard irq on @cpu */
			probe_init(&p[n], cpu);
			a.p = &p[n++];
			h.a = &a;
			work_on_cpu(cpu, queue_hardirq_task, &h);
		}
	}
	cpus_read_unlock();

	CHECK(!bad_queue && WAIT_FOR(PROBES_SUM(p, n, runs) == n, 5000),
	      "context: %d BH items queued from tasks and hard irqs on %d CPUs ran",
	      n, ncpu);
	CHECK(PROBES_SUM(p, n, runs) == n, "context: each ran once (%d runs)",
	      PROBES_SUM(p, n, runs));
	CHECK(!PROBES_SUM(p, n, bad_ctx),
	      "context: all ran with in_serving_softirq() (%d did not)",
	      PROBES_SUM(p, n, bad_ctx));
	CHECK(!PROBES_SUM(p, n, bad_cpu),
	      "context: all ran on the CPU they were queued on (%d did not)",
	      PROBES_SUM(p, n, bad_cpu));
	probes_free(p, n);
}

/* queue_work_on() a remote CPU, from every CPU to every other one */
static void test_remote(void)
{
	int ncpu = num_online_cpus(), n = 0, bad_queue = 0, from, to;
	struct bh_probe *p;

	if (ncpu < 2) {
		pr_info("ok - remote # SKIP needs 2 CPUs\n");
		return;
	}
	p = kcalloc(nr_cpu_ids * nr_cpu_ids * 2, sizeof(*p), GFP_KERNEL);
	if (!p) {
		CHECK(0, "remote: memory");
		return;
	}
	cpus_read_lock();
	for_each_online_cpu(from) {
		for_each_online_cpu(to) {
			struct on_cpu_arg a = { .target = to };
			int hi;

			if (from == to)
				continue;
			for (hi = 0; hi < 2; hi++) {
				a.wq = hi ? podwq_system_bh_highpri_wq :
					    podwq_system_bh_wq;
				probe_init(&p[n], to);
				a.p = &p[n++];
				if (queue_from_cpu(from, &a))
					bad_queue++;
			}
		}
	}
	cpus_read_unlock();

	CHECK(!bad_queue && WAIT_FOR(PROBES_SUM(p, n, runs) == n, 5000),
	      "remote: %d items queued on other CPUs ran (%d runs)", n,
	      PROBES_SUM(p, n, runs));
	CHECK(!PROBES_SUM(p, n, bad_cpu),
	      "remote: each ran on its target CPU, not the queueing one (%d did not)",
	      PROBES_SUM(p, n, bad_cpu));
	CHECK(!PROBES_SUM(p, n, bad_ctx),
	      "remote: each ran with in_serving_softirq() (%d did not)",
	      PROBES_SUM(p, n, bad_ctx));
	probes_free(p, n);
}

/*
 * Softirq passes, seen from inside the items: the first item of a pass
 * schedules a marker tasklet on the same vector.  It runs once podwq's
 * tasklet returns, and before the pass after it, which podwq's tasklet
 * re-schedules behind it; it bumps the pass count.
 */
static atomic_t pass_now;
static bool marker_hi;

static void marker_fn(struct tasklet_struct *t)
{
	atomic_inc(&pass_now);
}

static DECLARE_TASKLET(marker, marker_fn);

static void pass_fn(struct podwq_work *work)
{
	struct bh_probe *p = container_of(work, struct bh_probe, work);

	p->pass = atomic_read(&pass_now);
	p->jif = jiffies;
	if (marker_hi)
		tasklet_hi_schedule(&marker);
	else
		tasklet_schedule(&marker);
	probe_record(p);
}

#define BUDGET_ITEMS	100
#define PODWQ_TEST_BH_MSECS	2	/* podwq's pass time limit */

/*
 * Queue BUDGET_ITEMS items at once on this CPU and report items per
 * pass.  With @spin, also check the time limit from the items' start
 * jiffies: a pass starts an item only while jiffies is before its own
 * start plus msecs_to_jiffies(2), so no item starts later than that
 * after the first one of its pass.
 */
static void budget_run(const char *what, bool hi, unsigned int spin,
		       int max_per_pass, int min_passes)
{
	struct podwq_workqueue *wq = hi ? podwq_system_bh_highpri_wq :
					  podwq_system_bh_wq;
	int i, cpu, per[BUDGET_ITEMS + 1] = { 0 }, maxp = 0, passes = 0;
	int order[BUDGET_ITEMS], base = atomic_read(&seq_now), bad_seq = 0;
	unsigned long span = 0, first = 0;
	struct bh_probe *p;
	bool ran;

	p = kcalloc(BUDGET_ITEMS, sizeof(*p), GFP_KERNEL);
	if (!p) {
		CHECK(0, "budget: memory");
		return;
	}
	marker_hi = hi;
	atomic_set(&pass_now, 0);

	/* all queued before the softirq runs, from one CPU */
	local_bh_disable();
	cpu = smp_processor_id();
	for (i = 0; i < BUDGET_ITEMS; i++) {
		probe_init(&p[i], cpu);
		p[i].work.func = pass_fn;
		p[i].spin_us = spin;
		podwq_queue_work(wq, &p[i].work);
	}
	local_bh_enable();

	ran = WAIT_FOR(PROBES_SUM(p, BUDGET_ITEMS, runs) == BUDGET_ITEMS, 10000);
	tasklet_kill(&marker);
	CHECK(ran, "budget %s: %d items queued at once on CPU %d ran", what,
	      BUDGET_ITEMS, cpu);
	for (i = 0; i < BUDGET_ITEMS; i++) {
		int pi = clamp(p[i].pass, 0, BUDGET_ITEMS);

		if (!per[pi]++)
			passes++;
		maxp = max(maxp, per[pi]);
	}
	DIAG("budget %s: %d passes, at most %d items in one", what, passes,
	     maxp);
	if (spin && ran) {
		for (i = 0; i < BUDGET_ITEMS; i++) {
			int s = p[i].seq - base - 1;

			if (s < 0 || s >= BUDGET_ITEMS)
				bad_seq++;
			else
				order[s] = i;
		}
		for (i = 0; i < BUDGET_ITEMS && !bad_seq; i++) {
			struct bh_probe *q = &p[order[i]];

			if (!i || q->pass != p[order[i - 1]].pass)
				first = q->jif;
			span = max(span, q->jif - first);
		}
		DIAG("budget %s: items started up to %lu jiffies after their pass's first",
		     what, span);
		CHECK(!bad_seq && span <= msecs_to_jiffies(PODWQ_TEST_BH_MSECS),
		      "budget %s: no item started later than %u ms (%lu jiffies) into its pass",
		      what, PODWQ_TEST_BH_MSECS,
		      msecs_to_jiffies(PODWQ_TEST_BH_MSECS));
	}
	CHECK(maxp <= max_per_pass,
	      "budget %s: at most %d items per softirq pass (saw %d)", what,
	      max_per_pass, maxp);
	CHECK(passes >= min_passes,
	      "budget %s: the %d items took at least %d passes (%d)", what,
	      BUDGET_ITEMS, min_passes, passes);
	CHECK(!PROBES_SUM(p, BUDGET_ITEMS, bad_ctx) &&
	      !PROBES_SUM(p, BUDGET_ITEMS, bad_cpu),
	      "budget %s: all ran in softirq on CPU %d", what, cpu);
	probes_free(p, BUDGET_ITEMS);
}

static void test_budget(void)
{
	/* short items: the 10-item limit; 1 ms ones: the 2 ms limit */
	budget_run("normal", false, 0, 10, BUDGET_ITEMS / 10);
	budget_run("highpri", true, 0, 10, BUDGET_ITEMS / 10);
	/*
	 * 1 ms items: the 2 ms limit ends passes before the 10-item one
	 * (under TCG ticks may come late, so the count is only bounded by
	 * 10), which takes more than 10 passes for the 100 items.
	 */
	budget_run("1ms items", false, 1000, 10, 11);
}

/*
 * An item that spins in softirq until a timer on another CPU releases it
 * (at most 2 s), and may requeue itself.  The test arms the timer right
 * before it flushes or cancels, so the item is still running then.
 */
static struct {
	struct podwq_work	work;
	atomic_t		started;
	atomic_t		runs;
	atomic_t		done;
	atomic_t		release;
	bool			requeue;
	struct podwq_workqueue	*wq;
} slow;

static void slow_fn(struct podwq_work *work)
{
	u64 end = ktime_get_ns() + 2 * NSEC_PER_SEC;

	atomic_inc(&slow.started);
	while (!atomic_read(&slow.release) && ktime_get_ns() < end)
		cpu_relax();
	atomic_inc(&slow.runs);
	atomic_set(&slow.done, 1);
	if (slow.requeue)
		podwq_queue_work(slow.wq, &slow.work);
}

static void slow_release_fn(struct timer_list *t)
{
	atomic_set(&slow.release, 1);
}

static DEFINE_TIMER(slow_release, slow_release_fn);

static void slow_init(struct podwq_workqueue *wq, bool requeue)
{
	PODWQ_INIT_WORK(&slow.work, slow_fn);
	atomic_set(&slow.started, 0);
	atomic_set(&slow.runs, 0);
	atomic_set(&slow.done, 0);
	atomic_set(&slow.release, 0);
	slow.requeue = requeue;
	slow.wq = wq;
}

/* release the slow item in 50 ms, from @cpu's timer */
static void slow_release_in(int cpu)
{
	slow_release.expires = jiffies + msecs_to_jiffies(50);
	add_timer_on(&slow_release, cpu);
}

/* an online CPU other than @me, or -1 */
static int other_cpu(int me)
{
	int cpu;

	for_each_online_cpu(cpu)
		if (cpu != me)
			return cpu;
	return -1;
}

static void test_flush(void)
{
	struct podwq_workqueue *wq;
	struct bh_probe *p;
	int i, n = 200, cpu, me, c = 0;
	bool ret;

	wq = podwq_alloc_workqueue("bh_test", PODWQ_BH | PODWQ_PERCPU, 0);
	CHECK(wq, "flush: a BH workqueue is created");
	if (!wq)
		return;
	p = kcalloc(n, sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out;

	/* flush_work of a queued item waits for it */
	probe_init(&p[0], -1);
	p[0].spin_us = 20000;
	podwq_queue_work(wq, &p[0].work);
	ret = podwq_flush_work(&p[0].work);
	CHECK(ret && atomic_read(&p[0].runs) == 1,
	      "flush: flush_work of a queued BH item waits for its run (ret %d, runs %d)",
	      ret, atomic_read(&p[0].runs));
	CHECK(!podwq_flush_work(&p[0].work),
	      "flush: flush_work of an idle BH item returns false");

	/* flush_work of a running item, from another CPU */
	me = raw_smp_processor_id();
	cpu = other_cpu(me);
	if (cpu >= 0) {
		slow_init(wq, false);
		podwq_queue_work_on(cpu, wq, &slow.work);
		WAIT_FOR(atomic_read(&slow.started), 2000);
		slow_release_in(me);
		ret = podwq_flush_work(&slow.work);
		timer_delete_sync(&slow_release);
		CHECK(ret && atomic_read(&slow.done),
		      "flush: flush_work of a running BH item returns after it ended (ret %d)",
		      ret);
	}

	/* flush_workqueue waits for everything queued before it */
	cpus_read_lock();
	for (i = 0; i < n; i++) {
		c = cpumask_next(c, cpu_online_mask);
		if (c >= nr_cpu_ids)
			c = cpumask_first(cpu_online_mask);
		probe_init(&p[i], c);
		p[i].spin_us = 100;
		podwq_queue_work_on(c, wq, &p[i].work);
	}
	cpus_read_unlock();
	podwq_flush_workqueue(wq);
	CHECK(PROBES_SUM(p, n, runs) == n,
	      "flush: flush_workqueue waited for %d BH items on every CPU (%d ran)",
	      n, PROBES_SUM(p, n, runs));
	probes_free(p, n);
out:
	podwq_destroy_workqueue(wq);
}

static void test_cancel(void)
{
	struct bh_probe p;
	int cpu, me;
	u64 t0, dt;
	bool ret;

	/* pending items, cancelled with BHs off so they can't run first */
	probe_init(&p, -1);
	local_bh_disable();
	podwq_queue_work(podwq_system_bh_wq, &p.work);
	ret = podwq_cancel_work(&p.work);
	local_bh_enable();
	msleep(20);
	CHECK(ret && !atomic_read(&p.runs),
	      "cancel: cancel_work of a pending BH item takes it off (ret %d, runs %d)",
	      ret, atomic_read(&p.runs));

	probe_init(&p, -1);
	local_bh_disable();
	podwq_queue_work(podwq_system_bh_highpri_wq, &p.work);
	/* cancel_work_sync of BH items may be called with BHs off */
	ret = podwq_cancel_work_sync(&p.work);
	local_bh_enable();
	msleep(20);
	CHECK(ret && !atomic_read(&p.runs) && !podwq_work_pending(&p.work),
	      "cancel: cancel_work_sync of a pending BH item, BHs off, takes it off (ret %d, runs %d)",
	      ret, atomic_read(&p.runs));
	CHECK(podwq_queue_work(podwq_system_bh_wq, &p.work) &&
	      WAIT_FOR(atomic_read(&p.runs) == 1, 2000),
	      "cancel: the item queues and runs again afterwards");

	/* a running item that requeues itself, cancelled from another CPU */
	me = raw_smp_processor_id();
	cpu = other_cpu(me);
	if (cpu < 0) {
		pr_info("ok - cancel running # SKIP needs 2 CPUs\n");
		return;
	}
	slow_init(podwq_system_bh_wq, true);
	podwq_queue_work_on(cpu, podwq_system_bh_wq, &slow.work);
	if (!WAIT_FOR(atomic_read(&slow.started) == 1, 2000)) {
		CHECK(0, "cancel: the slow BH item started");
		podwq_cancel_work_sync(&slow.work);
		return;
	}
	t0 = ktime_get_ns();
	slow_release_in(me);
	ret = podwq_cancel_work_sync(&slow.work);
	dt = ktime_get_ns() - t0;
	timer_delete_sync(&slow_release);
	CHECK(atomic_read(&slow.done) && atomic_read(&slow.runs) == 1,
	      "cancel: cancel_work_sync of a running BH item returns after its run ended (runs %d)",
	      atomic_read(&slow.runs));
	DIAG("cancel: it waited %llu us for the running item", dt / 1000);
	CHECK(!podwq_work_pending(&slow.work) && !ret,
	      "cancel: its requeue was refused while cancelling: not pending (ret %d)",
	      ret);
	msleep(60);
	CHECK(atomic_read(&slow.runs) == 1,
	      "cancel: it did not run again (runs %d)", atomic_read(&slow.runs));
	CHECK(!(podwq_work_busy(&slow.work) & PODWQ_WORK_BUSY_RUNNING),
	      "cancel: work_busy says it is not running");
}

/*
 * Raised together, HI (vector 0) runs before TASKLET (vector 6): the first
 * item queued on a highpri BH pool runs before a normal BH item queued
 * before it.  (Later highpri items may not: a tick during the HI pass can
 * end it, and the TASKLET pass runs before the next HI one.)
 */
static void highpri_round(struct podwq_workqueue *hwq, const char *what)
{
	struct bh_probe lo, hi;

	local_bh_disable();
	probe_init(&lo, smp_processor_id());
	probe_init(&hi, smp_processor_id());
	podwq_queue_work(podwq_system_bh_wq, &lo.work);
	podwq_queue_work(hwq, &hi.work);
	local_bh_enable();

	CHECK(WAIT_FOR(atomic_read(&lo.runs) && atomic_read(&hi.runs), 2000),
	      "highpri: a normal item and one on %s ran", what);
	CHECK(hi.seq < lo.seq,
	      "highpri: the item on %s, queued after a normal one, ran first (HI softirq) (%d < %d)",
	      what, hi.seq, lo.seq);
	CHECK(!atomic_read(&hi.bad_ctx) && !atomic_read(&hi.bad_cpu),
	      "highpri: the item on %s ran in softirq on the queueing CPU", what);
	podwq_cancel_work_sync(&lo.work);
	podwq_cancel_work_sync(&hi.work);
}

static void test_highpri(void)
{
	struct podwq_workqueue *wq;

	highpri_round(podwq_system_bh_highpri_wq, "podwq_system_bh_highpri_wq");
	wq = podwq_alloc_workqueue("bh_test_hi", PODWQ_BH | PODWQ_HIGHPRI, 0);
	CHECK(wq, "highpri: a BH|HIGHPRI workqueue is created");
	if (!wq)
		return;
	highpri_round(wq, "a BH|HIGHPRI workqueue");
	podwq_destroy_workqueue(wq);
}

static void test_flags(void)
{
	static const struct {
		unsigned int flags;
		int max_active;
		const char *what;
	} bad[] = {
		{ PODWQ_BH | PODWQ_UNBOUND, 0, "BH|UNBOUND" },
		{ PODWQ_BH | PODWQ_MEM_RECLAIM, 0, "BH|MEM_RECLAIM" },
		{ PODWQ_BH | PODWQ_CPU_INTENSIVE, 0, "BH|CPU_INTENSIVE" },
		{ PODWQ_BH | PODWQ_FREEZABLE, 0, "BH|FREEZABLE" },
		{ PODWQ_BH | PODWQ_SYSFS, 0, "BH|SYSFS" },
		{ PODWQ_BH, 1, "BH with max_active 1" },
		{ PODWQ_BH | PODWQ_HIGHPRI, 16, "BH|HIGHPRI with max_active 16" },
	};
	struct podwq_workqueue *wq;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		wq = podwq_alloc_workqueue("bh_bad%d", bad[i].flags,
					   bad[i].max_active, i);
		CHECK(!wq, "flags: %s is refused", bad[i].what);
		if (wq)
			podwq_destroy_workqueue(wq);
	}
	wq = podwq_alloc_ordered_workqueue("bh_bad_ordered", PODWQ_BH);
	CHECK(!wq, "flags: an ordered BH workqueue is refused");
	if (wq)
		podwq_destroy_workqueue(wq);

	wq = podwq_alloc_workqueue("bh_ok", PODWQ_BH | PODWQ_HIGHPRI |
				   PODWQ_PERCPU, 0);
	CHECK(wq, "flags: BH|HIGHPRI|PERCPU with max_active 0 is accepted");
	if (wq) {
		/* refused with a message, nothing changes */
		podwq_workqueue_set_max_active(wq, 4);
		podwq_destroy_workqueue(wq);
	}
}

/*
 * hotplug: when hp_cpu is dead (a BP teardown callback, on the control
 * CPU, before podwq's own drain, whose state was set up earlier), queue
 * items on its BH pools.  podwq must run them elsewhere before the CPU
 * comes back.
 */
#define HP_ITEMS	40

static struct bh_probe *hp_probes;
static atomic_t hp_queued;
static int hp_state = -1;

static void hp_fn(struct podwq_work *work)
{
	struct bh_probe *p = container_of(work, struct bh_probe, work);

	/* ran on hp_cpu (not want_cpu) or while it was online: bad_cpu */
	p->want_cpu = -1;
	if (smp_processor_id() == hp_cpu || cpu_online(hp_cpu))
		atomic_inc(&p->bad_cpu);
	probe_record(p);
}

static int hp_dead(unsigned int cpu)
{
	int i;

	if (cpu != hp_cpu || atomic_read(&hp_queued))
		return 0;
	for (i = 0; i < HP_ITEMS; i++) {
		probe_init(&hp_probes[i], -1);
		hp_probes[i].work.func = hp_fn;
		podwq_queue_work_on(cpu, i % 2 ? podwq_system_bh_highpri_wq :
				    podwq_system_bh_wq, &hp_probes[i].work);
	}
	atomic_set(&hp_queued, HP_ITEMS);
	return 0;
}

static int hotplug_start(void)
{
	int ret;

	hp_probes = kcalloc(HP_ITEMS, sizeof(*hp_probes), GFP_KERNEL);
	if (!hp_probes)
		return -ENOMEM;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN,
					"podwq_bh_test:dead", NULL, hp_dead);
	if (ret < 0) {
		kfree(hp_probes);
		return ret;
	}
	hp_state = ret;
	return 0;
}

static void hotplug_stop(void)
{
	int n = atomic_read(&hp_queued);

	cpuhp_remove_state_nocalls(hp_state);
	CHECK(n == HP_ITEMS, "hotplug: %d BH items were queued on dead CPU %d",
	      n, hp_cpu);
	if (n) {
		CHECK(WAIT_FOR(PROBES_SUM(hp_probes, n, runs) == n, 2000) &&
		      PROBES_SUM(hp_probes, n, runs) == n,
		      "hotplug: each ran once (%d runs)",
		      PROBES_SUM(hp_probes, n, runs));
		CHECK(!PROBES_SUM(hp_probes, n, bad_cpu),
		      "hotplug: all ran on another CPU while CPU %d was down (%d did not)",
		      hp_cpu, PROBES_SUM(hp_probes, n, bad_cpu));
		CHECK(!PROBES_SUM(hp_probes, n, bad_ctx),
		      "hotplug: all ran with in_serving_softirq() (%d did not)",
		      PROBES_SUM(hp_probes, n, bad_ctx));
	}
	probes_free(hp_probes, HP_ITEMS);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "context",	test_context },
	{ "remote",	test_remote },
	{ "budget",	test_budget },
	{ "flush",	test_flush },
	{ "cancel",	test_cancel },
	{ "highpri",	test_highpri },
	{ "flags",	test_flags },
};

static int __init podwq_bh_test_init(void)
{
	int i;

	if (!strcmp(test, "hotplug"))
		return hotplug_start();

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

static void __exit podwq_bh_test_exit(void)
{
	if (!strcmp(test, "hotplug")) {
		hotplug_stop();
		pr_info("done hotplug\n");
	}
}

module_init(podwq_bh_test_init);
module_exit(podwq_bh_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq BH workqueue selftests");
