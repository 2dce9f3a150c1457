// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_rescue_test - a client of podwq that tests rescuers, the stall
 * watchdog and min_active through podwq.h, with podwq's fault injection
 * (/sys/module/podwq/parameters/fail_create_worker) driven by the guest
 * scripts selftests/guest/21-engine-rescuer.sh, 22-engine-watchdog.sh and
 * 23-engine-minactive.sh.
 *
 * insmod podwq_rescue_test.ko test=NAME sets test NAME up (or, for
 * "minactive", runs it whole); the script then writes the names of the
 * test's steps to /sys/module/podwq_rescue_test/parameters/step, changing
 * podwq's knobs in between, and rmmod tears everything down.  Each step
 * logs "podwq_rescue_test: ok - ...", "not ok - ..." or "# ..." lines and
 * then "podwq_rescue_test: done STEP".
 *
 * Locking: steps run one at a time in the writer's context (the param
 * lock serialises them) and share state with work functions through
 * atomics and completions only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "podwq.h"
#include "podwq_tap.h"

static char *test = "";
module_param(test, charp, 0444);
MODULE_PARM_DESC(test, "the test to set up: rescuer, watchdog, minactive");

static int cpu = 1;
module_param(cpu, int, 0644);
MODULE_PARM_DESC(cpu, "the CPU of the rescuer test's percpu step");

enum { NR_ITEMS = 8, NR_BLOCKERS = 128 };

struct item {
	struct podwq_work	work;
	bool			by_rescuer;	/* ran on a rescuer */
	int			ran_cpu;
};

static atomic_t done_reclaim, done_plain, started_blockers, done_blockers;
static DECLARE_COMPLETION(release);

static struct podwq_workqueue *wq_reclaim, *wq_plain;
static struct item items_reclaim[NR_ITEMS], items_plain[NR_ITEMS];
static struct item *blockers;

static bool on_rescuer(void)
{
	return !strncmp(current->comm, "podwq/R-", 8);
}

static void reclaim_fn(struct podwq_work *work)
{
	struct item *it = container_of(work, struct item, work);

	it->by_rescuer = on_rescuer();
	it->ran_cpu = raw_smp_processor_id();
	atomic_inc(&done_reclaim);
}

static void plain_fn(struct podwq_work *work)
{
	struct item *it = container_of(work, struct item, work);

	it->by_rescuer = on_rescuer();
	atomic_inc(&done_plain);
}

/* holds its worker until the test releases it (a minute at most) */
static void blocker_fn(struct podwq_work *work)
{
	atomic_inc(&started_blockers);
	wait_for_completion_timeout(&release, 60 * HZ);
	atomic_inc(&done_blockers);
}

static int count_rescued(struct item *items, int n)
{
	int i, r = 0;

	for (i = 0; i < n; i++)
		r += items[i].by_rescuer;
	return r;
}

/*
 * Two unbound workqueues, one PODWQ_MEM_RECLAIM, on one fresh pool of
 * their own (nice 7, a single pod): created while worker creation works,
 * that pool has exactly one worker, idle.
 */
static int unbound_pair(const char *rname, const char *pname, int nice)
{
	struct podwq_attrs *attrs;
	int ret = -ENOMEM;

	wq_reclaim = podwq_alloc_workqueue("%s", PODWQ_UNBOUND |
					   PODWQ_MEM_RECLAIM, 0,
					   rname);
	wq_plain = podwq_alloc_workqueue("%s", PODWQ_UNBOUND, 0,
					 pname);
	attrs = podwq_alloc_workqueue_attrs();
	if (!wq_reclaim || !wq_plain || !attrs)
		goto out;
	attrs->nice = nice;
	attrs->affn_scope = PODWQ_AFFN_SYSTEM;
	ret = podwq_apply_workqueue_attrs(wq_reclaim, attrs);
	if (!ret)
		ret = podwq_apply_workqueue_attrs(wq_plain, attrs);
out:
	podwq_free_workqueue_attrs(attrs);
	return ret;
}

static void queue_items(void)
{
	int i;

	atomic_set(&done_reclaim, 0);
	atomic_set(&done_plain, 0);
	for (i = 0; i < NR_ITEMS; i++) {
		memset(&items_reclaim[i], 0, sizeof(items_reclaim[i]));
		memset(&items_plain[i], 0, sizeof(items_plain[i]));
		PODWQ_INIT_WORK(&items_reclaim[i].work, reclaim_fn);
		PODWQ_INIT_WORK(&items_plain[i].work, plain_fn);
	}
	/* plain ones first: the rescuer must pick its own from behind them */
	for (i = 0; i < NR_ITEMS; i++)
		podwq_queue_work(wq_plain, &items_plain[i].work);
	for (i = 0; i < NR_ITEMS; i++)
		podwq_queue_work(wq_reclaim, &items_reclaim[i].work);
}

/*
 * rescuer, step "queue": worker creation fails (fail_create_worker=-1),
 * so the pool's only worker becomes the manager and never gets a second
 * one.  The MEM_RECLAIM items must all complete, on the rescuer; the
 * plain ones must wait.
 */
static void step_rescuer_queue(void)
{
	bool all;

	queue_items();
	all = WAIT_FOR(atomic_read(&done_reclaim) == NR_ITEMS, 5000);
	CHECK(all, "rescuer: all %d MEM_RECLAIM items ran without new workers (%d did)",
	      NR_ITEMS, atomic_read(&done_reclaim));
	CHECK(count_rescued(items_reclaim, NR_ITEMS) == NR_ITEMS,
	      "rescuer: the rescuer ran them all (%d of %d)",
	      count_rescued(items_reclaim, NR_ITEMS), NR_ITEMS);
	msleep(500);
	CHECK(atomic_read(&done_plain) == 0,
	      "rescuer: the plain workqueue's items wait for a worker (%d ran)",
	      atomic_read(&done_plain));
}

/* rescuer, step "finish": creation works again, the plain items run */
static void step_rescuer_finish(void)
{
	bool all = WAIT_FOR(atomic_read(&done_plain) == NR_ITEMS, 5000);

	CHECK(all, "rescuer: the plain items ran once workers could be created (%d of %d)",
	      atomic_read(&done_plain), NR_ITEMS);
	CHECK(count_rescued(items_plain, NR_ITEMS) == 0,
	      "rescuer: no plain item ran on a rescuer");
}

/*
 * rescuer, step "percpu": per-CPU workqueues on CPU @cpu (online, or
 * taken down by the script: then its pool is disassociated).  Blockers
 * on the plain workqueue take every worker of the pool while creation
 * fails; the MEM_RECLAIM items must still run, on the rescuer, and on
 * @cpu if it is up.
 */
static struct podwq_workqueue *pc_reclaim, *pc_plain;

static void step_rescuer_percpu(void)
{
	bool online = cpu_online(cpu);
	int i, started, on_cpu = 0;
	bool all;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		CHECK(0, "percpu: cpu=%d is a possible CPU", cpu);
		return;
	}
	pc_reclaim = podwq_alloc_workqueue("rt_pcpu_reclaim",
					   PODWQ_PERCPU | PODWQ_MEM_RECLAIM, 0);
	pc_plain = podwq_alloc_workqueue("rt_pcpu_plain", PODWQ_PERCPU, 0);
	blockers = kcalloc(NR_BLOCKERS, sizeof(*blockers), GFP_KERNEL);
	if (!pc_reclaim || !pc_plain || !blockers) {
		CHECK(0, "percpu: set up");
		return;
	}

	reinit_completion(&release);
	atomic_set(&started_blockers, 0);
	atomic_set(&done_blockers, 0);
	for (i = 0; i < NR_BLOCKERS; i++) {
		PODWQ_INIT_WORK(&blockers[i].work, blocker_fn);
		podwq_queue_work_on(cpu, pc_plain, &blockers[i].work);
	}
	/* wait until the pool is out of workers: the count stops moving */
	do {
		started = atomic_read(&started_blockers);
		msleep(300);
	} while (started != atomic_read(&started_blockers));
	CHECK(started < NR_BLOCKERS,
	      "percpu: cpu %d (%s): its pool is out of workers (%d of %d blockers started)",
	      cpu, online ? "online" : "offline", started, NR_BLOCKERS);

	atomic_set(&done_reclaim, 0);
	for (i = 0; i < NR_ITEMS; i++) {
		memset(&items_reclaim[i], 0, sizeof(items_reclaim[i]));
		PODWQ_INIT_WORK(&items_reclaim[i].work, reclaim_fn);
		podwq_queue_work_on(cpu, pc_reclaim, &items_reclaim[i].work);
	}
	all = WAIT_FOR(atomic_read(&done_reclaim) == NR_ITEMS, 5000);
	CHECK(all, "percpu: cpu %d: all %d MEM_RECLAIM items ran (%d did)",
	      cpu, NR_ITEMS, atomic_read(&done_reclaim));
	CHECK(count_rescued(items_reclaim, NR_ITEMS) == NR_ITEMS,
	      "percpu: cpu %d: on the rescuer (%d of %d)", cpu,
	      count_rescued(items_reclaim, NR_ITEMS), NR_ITEMS);
	for (i = 0; i < NR_ITEMS; i++)
		on_cpu += items_reclaim[i].ran_cpu == cpu;
	if (online)
		CHECK(on_cpu == NR_ITEMS,
		      "percpu: the rescuer ran them on cpu %d (%d of %d)", cpu,
		      on_cpu, NR_ITEMS);
	else
		CHECK(on_cpu == 0,
		      "percpu: the rescuer ran them off the dead cpu %d", cpu);
}

/* rescuer, step "percpu_finish": creation works again; release all */
static void step_rescuer_percpu_finish(void)
{
	bool all;

	complete_all(&release);
	if (!pc_plain)
		return;
	all = WAIT_FOR(atomic_read(&done_blockers) == NR_BLOCKERS, 10000);
	CHECK(all, "percpu: every blocker ran once creation worked (%d of %d)",
	      atomic_read(&done_blockers), NR_BLOCKERS);
	podwq_destroy_workqueue(pc_plain);
	podwq_destroy_workqueue(pc_reclaim);
	pc_plain = pc_reclaim = NULL;
	kfree(blockers);
	blockers = NULL;
}

/*
 * watchdog: one unbound workqueue on a fresh pool.  "stick" runs a
 * blocker (its pool gets a second worker while creation works); the
 * script then makes creation fail and "queue" queues an item that the
 * second worker can't start without a third: the pool stalls, with the
 * blocker's function on its busy worker.  "release" lets it all go.
 */
static struct podwq_workqueue *wq_stall;
static struct item stuck, behind;

static void podwq_rt_stuck_fn(struct podwq_work *work)
{
	blocker_fn(work);
}

static void step_watchdog_stick(void)
{
	reinit_completion(&release);
	atomic_set(&started_blockers, 0);
	atomic_set(&done_blockers, 0);
	PODWQ_INIT_WORK(&stuck.work, podwq_rt_stuck_fn);
	podwq_queue_work(wq_stall, &stuck.work);
	CHECK(WAIT_FOR(atomic_read(&started_blockers) == 1, 5000),
	      "watchdog: the stuck item runs");
}

static void step_watchdog_queue(void)
{
	atomic_set(&done_plain, 0);
	PODWQ_INIT_WORK(&behind.work, plain_fn);
	podwq_queue_work(wq_stall, &behind.work);
	msleep(300);
	CHECK(atomic_read(&done_plain) == 0,
	      "watchdog: the item behind it waits for a worker");
}

static void step_watchdog_release(void)
{
	complete_all(&release);
	CHECK(WAIT_FOR(atomic_read(&done_plain) == 1 &&
		       atomic_read(&done_blockers) == 1, 5000),
	      "watchdog: both items ran after the release");
}

/*
 * minactive: an unbound workqueue with max_active 4 on two nodes of four
 * CPUs each: a node's share is 2, but each node may run min_active.
 * Items queued on node 0 only show what node 0 may run at once.
 */
static atomic_t gauge_now, gauge_max;
static int gauge_expect;

static void gauge_fn(struct podwq_work *work)
{
	int now = atomic_inc_return(&gauge_now);
	int max = atomic_read(&gauge_max);
	unsigned long end = jiffies + 2 * HZ;

	while (now > max && !atomic_try_cmpxchg(&gauge_max, &max, now))
		;
	/*
	 * Wait until as many as expected have been in at once (2 s at most)
	 * so that a slow worker start can't keep them apart, then hold: more
	 * than allowed would show in the gauge meanwhile.
	 */
	while (atomic_read(&gauge_max) < gauge_expect && time_before(jiffies, end))
		usleep_range(1000, 2000);
	msleep(150);
	atomic_dec(&gauge_now);
}

/* how many items queued on node 0 ran at once; @expect: how many should */
static int node0_concurrency(struct podwq_workqueue *wq, int expect)
{
	static struct podwq_work works[12];
	int i;

	atomic_set(&gauge_now, 0);
	atomic_set(&gauge_max, 0);
	gauge_expect = expect;
	for (i = 0; i < ARRAY_SIZE(works); i++) {
		PODWQ_INIT_WORK(&works[i], gauge_fn);
		podwq_queue_work_node(0, wq, &works[i]);
	}
	podwq_flush_workqueue(wq);
	return atomic_read(&gauge_max);
}

static void run_minactive(void)
{
	struct podwq_workqueue *wq;
	int n;

	if (num_online_nodes() < 2 || nr_cpus_node(0) * 2 != num_online_cpus()) {
		DIAG("minactive: needs two nodes of equal size, skipped");
		return;
	}
	wq = podwq_alloc_workqueue("rt_minactive", PODWQ_UNBOUND, 4);
	if (!wq) {
		CHECK(0, "minactive: workqueue allocated");
		return;
	}

	n = node0_concurrency(wq, 4);
	CHECK(n == 4, "minactive: default min_active 4 (= max_active) on node 0, share 2: %d at once",
	      n);

	podwq_workqueue_set_min_active(wq, 1);
	n = node0_concurrency(wq, 2);
	CHECK(n == 2, "minactive: min_active 1 below the node's share 2: %d at once", n);

	podwq_workqueue_set_min_active(wq, 3);
	n = node0_concurrency(wq, 3);
	CHECK(n == 3, "minactive: min_active 3 above the node's share 2: %d at once", n);

	podwq_workqueue_set_min_active(wq, 100);
	n = node0_concurrency(wq, 4);
	CHECK(n == 4, "minactive: min_active 100 is clamped to max_active 4: %d at once", n);

	podwq_workqueue_set_max_active(wq, 2);
	n = node0_concurrency(wq, 2);
	CHECK(n == 2, "minactive: max_active 2 lowers min_active with it: %d at once", n);

	podwq_workqueue_set_max_active(wq, 8);
	n = node0_concurrency(wq, 4);
	CHECK(n == 4, "minactive: max_active 8, min_active stays 2, node share 4: %d at once",
	      n);

	podwq_destroy_workqueue(wq);
}

static const struct {
	const char *test, *step;
	void (*fn)(void);
} steps[] = {
	{ "rescuer", "queue", step_rescuer_queue },
	{ "rescuer", "finish", step_rescuer_finish },
	{ "rescuer", "percpu", step_rescuer_percpu },
	{ "rescuer", "percpu_finish", step_rescuer_percpu_finish },
	{ "watchdog", "stick", step_watchdog_stick },
	{ "watchdog", "queue", step_watchdog_queue },
	{ "watchdog", "release", step_watchdog_release },
};

static int step_set(const char *val, const struct kernel_param *kp)
{
	char name[32];
	int i;

	strscpy(name, val, sizeof(name));
	strim(name);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		if (!strcmp(steps[i].test, test) &&
		    !strcmp(steps[i].step, name)) {
			steps[i].fn();
			pr_info("done %s\n", name);
			return 0;
		}
	}
	return -EINVAL;
}

static const struct kernel_param_ops step_ops = {
	.set	= step_set,
};
module_param_cb(step, &step_ops, NULL, 0200);
MODULE_PARM_DESC(step, "run a step of the test set up at insmod");

static int __init podwq_rescue_test_init(void)
{
	if (!strcmp(test, "rescuer")) {
		if (unbound_pair("rt_reclaim", "rt_plain", 7)) {
			pr_err("rescuer: set up failed\n");
			goto fail;
		}
	} else if (!strcmp(test, "watchdog")) {
		struct podwq_attrs *attrs = podwq_alloc_workqueue_attrs();

		wq_stall = podwq_alloc_workqueue("rt_stall", PODWQ_UNBOUND, 0);
		if (!attrs || !wq_stall)
			goto fail_attrs;
		attrs->nice = 6;
		attrs->affn_scope = PODWQ_AFFN_SYSTEM;
		if (podwq_apply_workqueue_attrs(wq_stall, attrs))
			goto fail_attrs;
		podwq_free_workqueue_attrs(attrs);
		goto out;
fail_attrs:
		podwq_free_workqueue_attrs(attrs);
		goto fail;
	} else if (!strcmp(test, "minactive")) {
		run_minactive();
	} else {
		pr_err("unknown test \"%s\"\n", test);
		return -EINVAL;
	}
out:
	pr_info("done %s\n", test);
	return 0;
fail:
	if (wq_stall)
		podwq_destroy_workqueue(wq_stall);
	if (wq_reclaim)
		podwq_destroy_workqueue(wq_reclaim);
	if (wq_plain)
		podwq_destroy_workqueue(wq_plain);
	return -ENOMEM;
}

static void __exit podwq_rescue_test_exit(void)
{
	/* nothing may be left blocked behind a step that was never run */
	complete_all(&release);
	if (pc_plain)
		step_rescuer_percpu_finish();
	if (wq_stall)
		podwq_destroy_workqueue(wq_stall);
	if (wq_reclaim)
		podwq_destroy_workqueue(wq_reclaim);
	if (wq_plain)
		podwq_destroy_workqueue(wq_plain);
}

module_init(podwq_rescue_test_init);
module_exit(podwq_rescue_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq rescuer, watchdog and min_active tests");
