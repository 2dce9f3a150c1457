// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_stats_test - a client of podwq that runs items whose per-pwq
 * statistics and trace events selftests/guest/25-engine-stats.sh and
 * 26-engine-trace.sh check, the statistics through podwq-dump's monitor.
 *
 * insmod podwq_stats_test.ko [only=SCENARIO] [cpu=N] [expect_hog=0|1]
 * runs the scenarios (all by default) while loading, on per-CPU pools of
 * CPU N (default 1), and keeps their workqueues, named t_st_<scenario>,
 * until rmmod so that their statistics can be read.  It logs one line per
 * assertion it can make itself ("podwq_stats_test: ok - ...", "not ok -
 * ..." or "# ..."), then "podwq_stats_test: done".
 *
 *   count      100 no-op items: started == completed == 100
 *   cputime    4 items burning 3 ms of CPU each: cpu_time counts them
 *   cm         an item of t_st_cm blocks with one of t_st_cm2 pending
 *              behind it on its CPU (both queued on the local CPU with
 *              preemption off, so that the worker finds both): a
 *              concurrency-management wake-up, credited to t_st_cm as in
 *              the kernel, and the other item runs while the first sleeps
 *              (it sleeps until then, 2 s at most)
 *   hog        an item spins 400 ms without sleeping (with detection on,
 *              on until the other started, 2 s at most), another is queued
 *              behind it on its CPU (both on the local CPU with preemption
 *              off, as for cm): with CPU-intensive detection on
 *              (expect_hog=1) it goes CPU-intensive and the other runs
 *              meanwhile; with it off (expect_hog=0) the other waits
 *   repatriate a worker of a non-strict per-CPU pod found outside its pod
 *              (an item moves it out) is repatriated for the next item
 *   trace      items for the trace events: t_st_trace (per-CPU,
 *              max_active 1) runs st_trace_fn and then st_trace2_fn,
 *              queued while the first runs and activated when it ends;
 *              t_st_trace_u (unbound) runs st_trace_u_fn
 *
 * Locking: the scenarios run one after the other in the insmod context;
 * work functions share state with them through atomics, completions and
 * READ_ONCE()/WRITE_ONCE() of plain flags and timestamps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "podwq.h"
#include "podwq_tap.h"

static char *only = "";
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run this scenario only (count, cputime, cm, hog, repatriate, trace)");

static int cpu = 1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU of the per-CPU scenarios (default 1)");

static bool expect_hog = true;
module_param(expect_hog, bool, 0444);
MODULE_PARM_DESC(expect_hog, "CPU-intensive detection is on (podwq's cpu_intensive_thresh_us)");

enum { WQ_COUNT, WQ_CPUTIME, WQ_CM, WQ_CM2, WQ_HOG, WQ_REPAT, WQ_TRACE, WQ_TRACE_U, NR_WQS };
static struct podwq_workqueue *wqs[NR_WQS];

/* spin for @us of wall time without sleeping, letting others preempt */
static void spin_us(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_ns() < end) {
		cpu_relax();
		cond_resched();
	}
}

static struct podwq_workqueue *alloc_wq(int idx, const char *name,
					unsigned int flags, int max_active)
{
	wqs[idx] = podwq_alloc_workqueue("%s", flags, max_active, name);
	if (!wqs[idx])
		pr_info("not ok - allocating workqueue %s\n", name);
	return wqs[idx];
}

/* count: started == completed == COUNT_ITEMS */
#define COUNT_ITEMS 100
static struct podwq_work count_works[COUNT_ITEMS];
static atomic_t count_runs;

static void count_fn(struct podwq_work *work)
{
	atomic_inc(&count_runs);
}

static void scenario_count(void)
{
	int i;

	if (!alloc_wq(WQ_COUNT, "t_st_count", PODWQ_PERCPU, 0))
		return;
	for (i = 0; i < COUNT_ITEMS; i++) {
		PODWQ_INIT_WORK(&count_works[i], count_fn);
		podwq_queue_work_on(cpu, wqs[WQ_COUNT], &count_works[i]);
	}
	podwq_flush_workqueue(wqs[WQ_COUNT]);
	CHECK(atomic_read(&count_runs) == COUNT_ITEMS, "count: %d items ran",
	      atomic_read(&count_runs));
}

/* cputime: items that burn CPU */
#define CPUTIME_ITEMS 4
#define CPUTIME_US 3000
static struct podwq_work cputime_works[CPUTIME_ITEMS];

static void cputime_fn(struct podwq_work *work)
{
	spin_us(CPUTIME_US);
}

static void scenario_cputime(void)
{
	int i;

	if (!alloc_wq(WQ_CPUTIME, "t_st_cputime", PODWQ_PERCPU, 0))
		return;
	for (i = 0; i < CPUTIME_ITEMS; i++) {
		PODWQ_INIT_WORK(&cputime_works[i], cputime_fn);
		podwq_queue_work_on(cpu, wqs[WQ_CPUTIME], &cputime_works[i]);
	}
	podwq_flush_workqueue(wqs[WQ_CPUTIME]);
	DIAG("cputime: %d items spun %d us each", CPUTIME_ITEMS, CPUTIME_US);
}

/* a timed item: when it started and ended, and whether it finished */
struct timed {
	struct podwq_work	work;
	struct completion	started;
	u64			start_ns, end_ns;
	int			cpu;
};

static void timed_init(struct timed *t, podwq_work_func_t fn)
{
	PODWQ_INIT_WORK(&t->work, fn);
	init_completion(&t->started);
	t->start_ns = t->end_ns = 0;
	t->cpu = -1;
}

static void timed_start(struct timed *t)
{
	WRITE_ONCE(t->start_ns, ktime_get_ns());
	WRITE_ONCE(t->cpu, raw_smp_processor_id());
	complete(&t->started);
}

static void timed_end(struct timed *t)
{
	WRITE_ONCE(t->end_ns, ktime_get_ns());
}

/*
 * cm: A and B are queued on the local CPU with preemption off: its worker
 * can't run before both are, so B is pending when A blocks, and A's
 * blocking must wake a worker for B.  Neither spins: no CPU-intensive
 * detection gets in the way.
 */
static struct timed cm_a, cm_b;

static void cm_a_fn(struct podwq_work *work)
{
	unsigned long end = jiffies + 2 * HZ;

	timed_start(&cm_a);
	/* sleep until B has run (2 s at most): a new worker may be slow */
	do {
		msleep(20);
	} while (!READ_ONCE(cm_b.end_ns) && time_before(jiffies, end));
	timed_end(&cm_a);
}

static void cm_b_fn(struct podwq_work *work)
{
	timed_start(&cm_b);
	timed_end(&cm_b);
}

static void scenario_cm(void)
{
	int c;

	if (!alloc_wq(WQ_CM, "t_st_cm", PODWQ_PERCPU, 0) ||
	    !alloc_wq(WQ_CM2, "t_st_cm2", PODWQ_PERCPU, 0))
		return;
	timed_init(&cm_a, cm_a_fn);
	timed_init(&cm_b, cm_b_fn);
	c = get_cpu();
	podwq_queue_work_on(c, wqs[WQ_CM], &cm_a.work);
	podwq_queue_work_on(c, wqs[WQ_CM2], &cm_b.work);
	put_cpu();
	/* flush_work() would count its barrier items in the statistics */
	podwq_flush_workqueue(wqs[WQ_CM]);
	podwq_flush_workqueue(wqs[WQ_CM2]);
	CHECK(cm_a.cpu == c && cm_b.cpu == c, "cm: both items ran on CPU %d (%d, %d)",
	      c, cm_a.cpu, cm_b.cpu);
	CHECK(cm_b.end_ns && cm_b.end_ns < cm_a.end_ns,
	      "cm: the pending item ran while the first one slept");
}

/* hog: H spins without sleeping, J waits behind it on the same CPU */
#define HOG_US 400000
static struct timed hog_h, hog_j;

static void hog_h_fn(struct podwq_work *work)
{
	u64 end;

	timed_start(&hog_h);
	spin_us(HOG_US);
	/* with detection on, go on until J started (2 s at most) */
	end = ktime_get_ns() + 2 * NSEC_PER_SEC;
	while (expect_hog && !READ_ONCE(hog_j.start_ns) && ktime_get_ns() < end) {
		cpu_relax();
		cond_resched();
	}
	timed_end(&hog_h);
}

static void hog_j_fn(struct podwq_work *work)
{
	timed_start(&hog_j);
	timed_end(&hog_j);
}

static void scenario_hog(void)
{
	bool during;
	int c;

	if (!alloc_wq(WQ_HOG, "t_st_hog", PODWQ_PERCPU, 0))
		return;
	timed_init(&hog_h, hog_h_fn);
	timed_init(&hog_j, hog_j_fn);
	/* J is pending before H starts: H's detection must wake a worker */
	c = get_cpu();
	podwq_queue_work_on(c, wqs[WQ_HOG], &hog_h.work);
	podwq_queue_work_on(c, wqs[WQ_HOG], &hog_j.work);
	put_cpu();
	podwq_flush_workqueue(wqs[WQ_HOG]);
	during = hog_j.start_ns < hog_h.end_ns;
	DIAG("hog: the spinner ran %llu us, the other started %lld us after it began",
	     (hog_h.end_ns - hog_h.start_ns) / NSEC_PER_USEC,
	     (s64)(hog_j.start_ns - hog_h.start_ns) / (s64)NSEC_PER_USEC);
	CHECK(hog_h.cpu == c && hog_j.cpu == c, "hog: both items ran on CPU %d (%d, %d)",
	      c, hog_h.cpu, hog_j.cpu);
	if (expect_hog)
		CHECK(during, "hog: the item behind a %d ms spinner started while it spun",
		      HOG_US / 1000);
	else
		CHECK(!during, "hog: without detection the item behind the spinner waited");
}

/*
 * repatriate: on a non-strict unbound workqueue with one pod per CPU, an
 * item of CPU @cpu's pod moves its worker to another CPU (where the
 * scheduler could have put it: the pool's workers may run anywhere).  The
 * worker idles there, held by its affinity until it sleeps (else the
 * scheduler may move it home before it does, on a busy host), then gets
 * the pool's CPUs back; the next item of the pod wakes it and must send
 * it home.
 */
static struct timed repat_a, repat_b;
static int repat_away = -1;
static struct task_struct *repat_worker;
static cpumask_t repat_saved;

static void repat_a_fn(struct podwq_work *work)
{
	timed_start(&repat_a);
	cpumask_copy(&repat_saved, current->cpus_ptr);
	if (!set_cpus_allowed_ptr(current, cpumask_of(repat_away))) {
		get_task_struct(current);
		repat_worker = current;
	}
	WRITE_ONCE(repat_a.cpu, raw_smp_processor_id());
	timed_end(&repat_a);
}

static void repat_b_fn(struct podwq_work *work)
{
	timed_start(&repat_b);
	timed_end(&repat_b);
}

static void scenario_repatriate(void)
{
	struct podwq_attrs *attrs;
	int ret;

	repat_away = cpumask_any_but(cpu_online_mask, cpu);
	if (repat_away >= nr_cpu_ids) {
		DIAG("repatriate: needs two CPUs");
		return;
	}
	if (!alloc_wq(WQ_REPAT, "t_st_repatriate", PODWQ_UNBOUND, 0))
		return;
	attrs = podwq_alloc_workqueue_attrs();
	if (!attrs) {
		pr_info("not ok - repatriate: allocating attributes\n");
		return;
	}
	attrs->affn_scope = PODWQ_AFFN_CPU;
	attrs->affn_strict = false;
	ret = podwq_apply_workqueue_attrs(wqs[WQ_REPAT], attrs);
	podwq_free_workqueue_attrs(attrs);
	CHECK(!ret, "repatriate: scope cpu, not strict (%d)", ret);
	if (ret)
		return;

	timed_init(&repat_a, repat_a_fn);
	timed_init(&repat_b, repat_b_fn);
	podwq_queue_work_on(cpu, wqs[WQ_REPAT], &repat_a.work);
	podwq_flush_workqueue(wqs[WQ_REPAT]);
	CHECK(repat_a.cpu == repat_away, "repatriate: the worker left its pod for CPU %d (%d)",
	      repat_away, repat_a.cpu);
	/* let it go idle there, then give it back the pool's CPUs */
	if (repat_worker) {
		CHECK(WAIT_FOR(!task_is_running(repat_worker), 2000),
		      "repatriate: the worker went idle on CPU %d", repat_away);
		msleep(20);
		set_cpus_allowed_ptr(repat_worker, &repat_saved);
		put_task_struct(repat_worker);
		repat_worker = NULL;
	}
	podwq_queue_work_on(cpu, wqs[WQ_REPAT], &repat_b.work);
	podwq_flush_workqueue(wqs[WQ_REPAT]);
	DIAG("repatriate: the next item ran on CPU %d", repat_b.cpu);
}

/* trace: see the comment at the top */
static struct timed trace_1, trace_2, trace_u;

static void st_trace_fn(struct podwq_work *work)
{
	timed_start(&trace_1);
	/* st_trace2_fn is queued, inactive, by now */
	msleep(100);
	timed_end(&trace_1);
}

static void st_trace2_fn(struct podwq_work *work)
{
	timed_start(&trace_2);
	timed_end(&trace_2);
}

static void st_trace_u_fn(struct podwq_work *work)
{
	timed_start(&trace_u);
	timed_end(&trace_u);
}

static void scenario_trace(void)
{
	if (!alloc_wq(WQ_TRACE, "t_st_trace", PODWQ_PERCPU, 1) ||
	    !alloc_wq(WQ_TRACE_U, "t_st_trace_u", PODWQ_UNBOUND, 0))
		return;
	timed_init(&trace_1, st_trace_fn);
	timed_init(&trace_2, st_trace2_fn);
	timed_init(&trace_u, st_trace_u_fn);
	podwq_queue_work_on(cpu, wqs[WQ_TRACE], &trace_1.work);
	wait_for_completion(&trace_1.started);
	podwq_queue_work_on(cpu, wqs[WQ_TRACE], &trace_2.work);
	podwq_flush_workqueue(wqs[WQ_TRACE]);
	CHECK(trace_2.start_ns >= trace_1.end_ns,
	      "trace: max_active 1 held the second item until the first ended");
	podwq_queue_work(wqs[WQ_TRACE_U], &trace_u.work);
	podwq_flush_workqueue(wqs[WQ_TRACE_U]);
	DIAG("trace: unbound req_cpu %d", PODWQ_WORK_CPU_UNBOUND);
}

static const struct {
	const char *name;
	void (*fn)(void);
} scenarios[] = {
	{ "count",	scenario_count },
	{ "cputime",	scenario_cputime },
	{ "cm",		scenario_cm },
	{ "hog",	scenario_hog },
	{ "repatriate",	scenario_repatriate },
	{ "trace",	scenario_trace },
};

static int __init podwq_stats_test_init(void)
{
	bool found = false;
	int i;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		cpu = cpumask_first(cpu_online_mask);
	for (i = 0; i < ARRAY_SIZE(scenarios); i++) {
		if (*only && strcmp(only, scenarios[i].name))
			continue;
		found = true;
		scenarios[i].fn();
	}
	if (!found) {
		pr_err("unknown scenario '%s'\n", only);
		return -EINVAL;
	}
	pr_info("done\n");
	return 0;
}

static void __exit podwq_stats_test_exit(void)
{
	int i;

	for (i = 0; i < NR_WQS; i++)
		if (wqs[i])
			podwq_destroy_workqueue(wqs[i]);
}

module_init(podwq_stats_test_init);
module_exit(podwq_stats_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq per-pwq statistics and trace event selftests");
