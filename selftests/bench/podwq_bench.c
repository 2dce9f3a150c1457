// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_bench - run identical loads through podwq and through the kernel's
 * own workqueue, in the same boot, so the two can be compared as ratios.
 *
 * Driven through debugfs podwq_bench/run: write "TEST ENGINE [key=value...]"
 * (ENGINE is podwq or kernel), then read the file for the result, one line
 * of key=value pairs.  scripts/bench.sh and selftests/guest/bench.sh drive
 * it; Documentation/performance.rst explains the loads.
 *
 * Tests:
 *   percpu   no-op items on a per-CPU workqueue, one producer kthread per
 *            CPU queueing to its own CPU: items/s
 *   unbound  no-op items on an unbound workqueue (WQ_SYSFS, so the caller
 *            can pick the affinity scope), one producer per CPU: items/s
 *            and queue-to-start latency percentiles
 *   sleep    items that sleep 1 ms on a per-CPU workqueue: items/s
 *   bh       no-op items on a BH workqueue (podwq_system_bh_wq against the
 *            kernel's system_bh_wq, or a tasklet per item where the kernel
 *            has no BH workqueues: 6.1), one producer per CPU queueing to
 *            its own CPU: items/s and queue-to-start latency percentiles
 *   flush    queue then flush_work, in a loop: ns per round trip
 *   cancel   queue then cancel_work_sync, in a loop: ns per round trip
 *   mkwq     create N workqueues (kind=percpu|unbound|distinct) and keep
 *            them, for memory accounting from /proc/meminfo; rmwq frees
 *
 * Locking: bench_mutex serialises commands; a run's producers and items are
 * private to it, and the run waits for every item (flush_workqueue) before
 * freeing them.
 */
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/workqueue.h>

#include "podwq.h"
#include "compat.h"

enum bench_engine { BENCH_PODWQ, BENCH_KERNEL };

static const char * const engine_names[] = { "podwq", "kernel" };

struct bench_producer;

struct bench_item {
	union {
		struct work_struct kw;
		struct podwq_work pw;
		struct tasklet_struct tl;	/* "bh" on kernels before 6.9 */
	};
	struct bench_producer *prod;
	u64 t_queue;
};

struct bench_run {
	enum bench_engine eng;
	void *wq;
	bool unbound;
	bool bh;		/* the "bh" test */
	bool tasklet;		/* kernel engine, no BH workqueue: tasklets */
	unsigned int items;	/* per producer */
	unsigned int batch;
	unsigned int sleep_us;
	bool latency;
	atomic_t producers_left;
	struct completion start;
	struct completion all_done;
};

struct bench_producer {
	struct bench_run *run;
	int cpu;
	struct bench_item *item;
	atomic_t outstanding;
	struct completion batch_done;
	u64 *lat;
	atomic_t nr_lat;
	struct task_struct *task;
};

/* The long-lived workqueues: sysfs-visible, so scopes can be set. */
static struct podwq_workqueue *p_percpu, *p_unbound;
static struct workqueue_struct *k_percpu, *k_unbound;

/* Workqueues made by mkwq, freed by rmwq or at unload. */
static void **mk_wqs;
static unsigned int mk_nr;
static enum bench_engine mk_eng;

static DEFINE_MUTEX(bench_mutex);
static char result[512];

static void item_done(struct bench_item *it)
{
	struct bench_producer *prod = it->prod;
	struct bench_run *run = prod->run;

	if (run->latency) {
		unsigned int i = atomic_inc_return(&prod->nr_lat) - 1;

		if (i < run->items)
			prod->lat[i] = ktime_get_ns() - it->t_queue;
	}
	if (run->sleep_us)
		usleep_range(run->sleep_us, run->sleep_us + 50);
	if (atomic_dec_and_test(&prod->outstanding))
		complete(&prod->batch_done);
}

static void bench_podwq_fn(struct podwq_work *w)
{
	item_done(container_of(w, struct bench_item, pw));
}

static void bench_kernel_fn(struct work_struct *w)
{
	item_done(container_of(w, struct bench_item, kw));
}

static void bench_tasklet_fn(struct tasklet_struct *t)
{
	item_done(container_of(t, struct bench_item, tl));
}

static void init_item(struct bench_run *run, struct bench_item *it)
{
	enum bench_engine eng = run->eng;

	if (run->tasklet)
		tasklet_setup(&it->tl, bench_tasklet_fn);
	else if (eng == BENCH_PODWQ)
		PODWQ_INIT_WORK(&it->pw, bench_podwq_fn);
	else
		INIT_WORK(&it->kw, bench_kernel_fn);
}

static bool queue_item(struct bench_run *run, int cpu, struct bench_item *it)
{
	/* producers are bound to @cpu: a tasklet is scheduled there */
	if (run->tasklet) {
		tasklet_schedule(&it->tl);
		return true;
	}
	if (run->eng == BENCH_PODWQ)
		return run->unbound ? podwq_queue_work(run->wq, &it->pw) :
			podwq_queue_work_on(cpu, run->wq, &it->pw);
	return run->unbound ? queue_work(run->wq, &it->kw) :
		queue_work_on(cpu, run->wq, &it->kw);
}

static void flush_wq(enum bench_engine eng, void *wq)
{
	if (eng == BENCH_PODWQ)
		podwq_flush_workqueue(wq);
	else
		flush_workqueue(wq);
}

static int producer_fn(void *data)
{
	struct bench_producer *prod = data;
	struct bench_run *run = prod->run;
	unsigned int done, i, n;

	wait_for_completion(&run->start);
	for (done = 0; done < run->items && !kthread_should_stop(); done += n) {
		n = min(run->batch, run->items - done);
		atomic_set(&prod->outstanding, n);
		reinit_completion(&prod->batch_done);
		for (i = 0; i < n; i++) {
			prod->item[i].t_queue = ktime_get_ns();
			queue_item(run, prod->cpu, &prod->item[i]);
		}
		wait_for_completion(&prod->batch_done);
	}
	if (atomic_dec_and_test(&run->producers_left))
		complete(&run->all_done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* One producer per online CPU, each queueing run->items in batches. */
static int run_producers(struct bench_run *run)
{
	unsigned int nr = num_online_cpus(), i = 0, j, total;
	struct bench_producer *prods;
	u64 *all = NULL, start_ns, elapsed_ns;
	int cpu, ret = 0;

	prods = kcalloc(nr, sizeof(*prods), GFP_KERNEL);
	if (!prods)
		return -ENOMEM;
	init_completion(&run->start);
	init_completion(&run->all_done);
	atomic_set(&run->producers_left, nr);

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct bench_producer *prod = &prods[i];

		if (i == nr)
			break;
		prod->run = run;
		prod->cpu = cpu;
		init_completion(&prod->batch_done);
		prod->item = kcalloc(run->batch, sizeof(*prod->item), GFP_KERNEL);
		if (run->latency)
			prod->lat = kvmalloc_array(run->items, sizeof(u64), GFP_KERNEL);
		if (!prod->item || (run->latency && !prod->lat)) {
			ret = -ENOMEM;
			break;
		}
		for (j = 0; j < run->batch; j++) {
			init_item(run, &prod->item[j]);
			prod->item[j].prod = prod;
		}
		prod->task = kthread_create_on_cpu(producer_fn, prod, cpu,
						   "podwq_bench/%u");
		if (IS_ERR(prod->task)) {
			ret = PTR_ERR(prod->task);
			prod->task = NULL;
			break;
		}
		wake_up_process(prod->task);
		i++;
	}
	cpus_read_unlock();

	if (ret) {
		/* Producers that started must not wait for the others. */
		atomic_sub(nr - i, &run->producers_left);
		run->items = 0;
	}
	start_ns = ktime_get_ns();
	complete_all(&run->start);
	if (i)
		wait_for_completion(&run->all_done);
	elapsed_ns = ktime_get_ns() - start_ns;
	/* every item has run; the system BH workqueues aren't ours to flush */
	if (run->wq && !run->bh)
		flush_wq(run->eng, run->wq);

	for (j = 0; j < nr; j++) {
		if (prods[j].task)
			kthread_stop(prods[j].task);
		if (run->tasklet && prods[j].item)
			for (i = 0; i < run->batch; i++)
				tasklet_kill(&prods[j].item[i].tl);
	}
	if (ret)
		goto out;

	total = nr * run->items;
	j = scnprintf(result, sizeof(result), "items=%u elapsed_us=%llu items_per_sec=%llu",
		      total, elapsed_ns / 1000,
		      elapsed_ns ? div64_u64((u64)total * NSEC_PER_SEC, elapsed_ns) : 0);
	if (run->bh)
		j += scnprintf(result + j, sizeof(result) - j, " via=%s",
			       run->tasklet ? "tasklet" :
			       run->eng == BENCH_PODWQ ? "podwq_system_bh_wq" :
			       "system_bh_wq");
	if (run->latency) {
		all = kvmalloc_array(total, sizeof(u64), GFP_KERNEL);
		if (!all) {
			ret = -ENOMEM;
			goto out;
		}
		for (i = 0; i < nr; i++)
			memcpy(all + (size_t)i * run->items, prods[i].lat,
			       run->items * sizeof(u64));
		sort(all, total, sizeof(u64), cmp_u64, NULL);
		scnprintf(result + j, sizeof(result) - j,
			  " p50_ns=%llu p90_ns=%llu p95_ns=%llu p99_ns=%llu",
			  all[total * 50 / 100], all[total * 90 / 100],
			  all[total * 95 / 100], all[total * 99 / 100]);
		kvfree(all);
	}
out:
	for (j = 0; j < nr; j++) {
		kfree(prods[j].item);
		kvfree(prods[j].lat);
	}
	kfree(prods);
	return ret;
}

/*
 * queue + flush_work (or cancel_work_sync) round trips, from a kthread
 * bound to the CPU the item is queued on: an unbound caller may migrate
 * away from the worker mid-run, which turns every round trip into two
 * cross-CPU wake-ups for whichever engine it happens to (the scheduler
 * stacks a waker on a per-CPU kthread's CPU only while they share it).
 */
struct round_trips {
	struct bench_run	run;
	struct bench_producer	prod;
	struct bench_item	it;
	bool			cancel;
	unsigned int		n;
	u64			dt;
	struct completion	done;
};

static int round_trips_fn(void *arg)
{
	struct round_trips *rt = arg;
	unsigned int i;
	int cpu = raw_smp_processor_id();
	u64 t0;

	t0 = ktime_get_ns();
	for (i = 0; i < rt->n; i++) {
		atomic_set(&rt->prod.outstanding, 1);
		queue_item(&rt->run, cpu, &rt->it);
		if (rt->run.eng == BENCH_PODWQ) {
			if (rt->cancel)
				podwq_cancel_work_sync(&rt->it.pw);
			else
				podwq_flush_work(&rt->it.pw);
		} else {
			if (rt->cancel)
				cancel_work_sync(&rt->it.kw);
			else
				flush_work(&rt->it.kw);
		}
	}
	rt->dt = ktime_get_ns() - t0;
	complete(&rt->done);
	/* stay until kthread_stop(): out of this module's text before rmmod */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int run_round_trips(enum bench_engine eng, bool cancel, unsigned int n)
{
	struct round_trips *rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	struct task_struct *task;
	int cpu, ret = 0;

	if (!rt)
		return -ENOMEM;
	rt->run.eng = eng;
	rt->run.items = n;
	rt->run.batch = 1;
	rt->run.wq = eng == BENCH_PODWQ ? (void *)p_percpu : (void *)k_percpu;
	rt->prod.run = &rt->run;
	init_completion(&rt->prod.batch_done);
	rt->it.prod = &rt->prod;
	init_item(&rt->run, &rt->it);
	rt->cancel = cancel;
	rt->n = n;
	init_completion(&rt->done);

	cpus_read_lock();
	cpu = cpumask_first(cpu_online_mask);
	task = kthread_create_on_cpu(round_trips_fn, rt, cpu, "podwq_rt/%u");
	cpus_read_unlock();
	if (IS_ERR(task)) {
		ret = PTR_ERR(task);
		goto out;
	}
	wake_up_process(task);
	wait_for_completion(&rt->done);
	kthread_stop(task);
	flush_wq(eng, rt->run.wq);
	scnprintf(result, sizeof(result), "ops=%u ns_per_op=%llu cpu=%d", n,
		  div_u64(rt->dt, n), cpu);
out:
	kfree(rt);
	return ret;
}

static void free_mk_wqs(void)
{
	unsigned int i;

	for (i = 0; i < mk_nr; i++) {
		if (mk_eng == BENCH_PODWQ)
			podwq_destroy_workqueue(mk_wqs[i]);
		else
			destroy_workqueue(mk_wqs[i]);
	}
	kfree(mk_wqs);
	mk_wqs = NULL;
	mk_nr = 0;
}

/*
 * mkwq: N workqueues of one kind.  "distinct" ones are sysfs-visible
 * (pbench_mkN under /sys/kernel/podwq, kbench_mkN under
 * /sys/devices/virtual/workqueue) so the caller can give each its own nice
 * value, and so its own unbound pools; "unbound" ones share the default
 * pools.
 */
static int make_wqs(enum bench_engine eng, unsigned int n, const char *kind)
{
	bool distinct = !strcmp(kind, "distinct");
	bool unbound = distinct || !strcmp(kind, "unbound");
	unsigned int i;

	if (!unbound && strcmp(kind, "percpu"))
		return -EINVAL;
	/* distinct ones take the 40 nice values */
	if (!n || n > (distinct ? 40 : 1024))
		return -EINVAL;
	free_mk_wqs();
	mk_wqs = kcalloc(n, sizeof(*mk_wqs), GFP_KERNEL);
	if (!mk_wqs)
		return -ENOMEM;
	mk_eng = eng;
	for (i = 0; i < n; i++) {
		void *wq;

		if (eng == BENCH_PODWQ)
			wq = podwq_alloc_workqueue("pbench_mk%u",
				(unbound ? PODWQ_UNBOUND : PODWQ_PERCPU) |
				(distinct ? PODWQ_SYSFS : 0), 0, i);
		else
			wq = alloc_workqueue("kbench_mk%u",
				(unbound ? WQ_UNBOUND : PODWQ_COMPAT_WQ_PERCPU) |
				(distinct ? WQ_SYSFS : 0), 0, i);
		if (!wq)
			return -ENOMEM;
		mk_wqs[mk_nr++] = wq;
	}
	scnprintf(result, sizeof(result), "workqueues=%u kind=%s", n, kind);
	return 0;
}

/* the value of "key=N" among @args (left as they are), if present */
static int parse_uint(const char *args, const char *key, unsigned int *val)
{
	char copy[128], *p = copy, *tok;
	size_t len = strlen(key);

	strscpy(copy, args, sizeof(copy));

	while ((tok = strsep(&p, " \t\n"))) {
		if (!strncmp(tok, key, len) && tok[len] == '=')
			return kstrtouint(tok + len + 1, 0, val);
	}
	return 0;
}

static ssize_t run_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char buf[128], *p = buf, *test, *engine, args[128];
	struct bench_run run = { .batch = 16, .items = 20000 };
	unsigned int n = 20000;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	test = strsep(&p, " \t\n");
	engine = p ? strsep(&p, " \t\n") : NULL;
	strscpy(args, p ? p : "", sizeof(args));
	if (!strcmp(test, "rmwq")) {
		mutex_lock(&bench_mutex);
		free_mk_wqs();
		mutex_unlock(&bench_mutex);
		return count;
	}
	if (!engine)
		return -EINVAL;
	if (!strcmp(engine, "podwq"))
		run.eng = BENCH_PODWQ;
	else if (!strcmp(engine, "kernel"))
		run.eng = BENCH_KERNEL;
	else
		return -EINVAL;

	mutex_lock(&bench_mutex);
	result[0] = 0;
	if (!strcmp(test, "percpu") || !strcmp(test, "unbound") ||
	    !strcmp(test, "sleep") || !strcmp(test, "bh")) {
		run.unbound = !strcmp(test, "unbound");
		run.bh = !strcmp(test, "bh");
		run.latency = run.unbound || run.bh;
		if (!strcmp(test, "sleep")) {
			run.sleep_us = 1000;
			run.batch = 32;
			run.items = 256;
		}
		ret = parse_uint(args, "items", &run.items) ?:
		      parse_uint(args, "batch", &run.batch);
		if (!ret && (!run.items || !run.batch || run.batch > 1024 ||
			     run.items > 1000000))
			ret = -EINVAL;
		if (run.bh) {
			run.wq = run.eng == BENCH_PODWQ ?
				(void *)podwq_system_bh_wq :
				(void *)podwq_compat_system_bh_wq();
			run.tasklet = !run.wq;
		} else if (run.eng == BENCH_PODWQ) {
			run.wq = run.unbound ? (void *)p_unbound : (void *)p_percpu;
		} else {
			run.wq = run.unbound ? (void *)k_unbound : (void *)k_percpu;
		}
		if (!ret)
			ret = run_producers(&run);
	} else if (!strcmp(test, "flush") || !strcmp(test, "cancel")) {
		ret = parse_uint(args, "n", &n);
		if (!ret && (!n || n > 10000000))
			ret = -EINVAL;
		if (!ret)
			ret = run_round_trips(run.eng, !strcmp(test, "cancel"), n);
	} else if (!strcmp(test, "mkwq")) {
		char *q = args, *num = strsep(&q, " \t\n");

		ret = kstrtouint(num ? num : "", 0, &n);
		if (!ret)
			ret = make_wqs(run.eng, n, q ? strim(q) : "percpu");
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&bench_mutex);
	return ret ? ret : count;
}

static ssize_t run_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	char line[sizeof(result) + 1];
	int len;

	mutex_lock(&bench_mutex);
	len = scnprintf(line, sizeof(line), "%s\n", result);
	mutex_unlock(&bench_mutex);
	return simple_read_from_buffer(ubuf, count, ppos, line, len);
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.read = run_read,
	.llseek = default_llseek,
};

static struct dentry *bench_dir;

static void bench_free_wqs(void)
{
	if (p_percpu)
		podwq_destroy_workqueue(p_percpu);
	if (p_unbound)
		podwq_destroy_workqueue(p_unbound);
	if (k_percpu)
		destroy_workqueue(k_percpu);
	if (k_unbound)
		destroy_workqueue(k_unbound);
}

static int __init podwq_bench_init(void)
{
	p_percpu = podwq_alloc_workqueue("podwq_bench_percpu", PODWQ_PERCPU, 0);
	p_unbound = podwq_alloc_workqueue("podwq_bench_unbound",
					  PODWQ_UNBOUND | PODWQ_SYSFS, 0);
	k_percpu = alloc_workqueue("kernel_bench_percpu", PODWQ_COMPAT_WQ_PERCPU, 0);
	k_unbound = alloc_workqueue("kernel_bench_unbound", WQ_UNBOUND | WQ_SYSFS, 0);
	if (!p_percpu || !p_unbound || !k_percpu || !k_unbound) {
		bench_free_wqs();
		return -ENOMEM;
	}
	bench_dir = debugfs_create_dir("podwq_bench", NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &run_fops);
	return 0;
}

static void __exit podwq_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	free_mk_wqs();
	bench_free_wqs();
}

module_init(podwq_bench_init);
module_exit(podwq_bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq benchmark: podwq against the kernel's workqueue");
