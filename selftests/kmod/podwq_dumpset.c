// SPDX-License-Identifier: GPL-2.0
/*
 * podwq_dumpset - a fixed set of podwq workqueues for podwq-dump's tests
 * (selftests/guest/3x-dump-*.sh, selftests/host/40-dump-vmcore.sh).
 *
 * insmod podwq_dumpset.ko creates, in this order:
 *
 *   dumpset_percpu       per-CPU
 *   dumpset_highpri      per-CPU, HIGHPRI (the nice -20 pools)
 *   dumpset_intensive    per-CPU, CPU_INTENSIVE
 *   dumpset_reclaim      per-CPU, MEM_RECLAIM (a rescuer, podwq/R-...)
 *   dumpset_max1         per-CPU, max_active 1
 *   dumpset_unbound      unbound, the default affinity scope
 *   dumpset_u_cpu .. dumpset_u_system
 *                        unbound, one per affinity scope (cpu, smt, cache,
 *                        cache_shard, numa, system)
 *   dumpset_u_strict     unbound, cache scope, strict
 *   dumpset_u_highpri    unbound, HIGHPRI
 *   dumpset_u_nice5      unbound, nice 5
 *   dumpset_u_cpus01     unbound, CPUs 0-1 only
 *   dumpset_u_reclaim    unbound, MEM_RECLAIM (a rescuer too)
 *   dumpset_ordered      ordered
 *   dumpset_bh           per-CPU, BH (the BH pools, run from softirq)
 *   dumpset_bh_highpri   per-CPU, BH and HIGHPRI
 *
 * and logs "podwq_dumpset: ready" when done.  With block=1 it also queues,
 * on dumpset_max1 on CPU block_cpu, dumpset_block_fn (which sleeps until
 * rmmod, at most 10 minutes) and behind it two dumpset_inactive_fn items
 * (inactive: beyond max_active), and logs "podwq_dumpset: blocked" once
 * the blocker runs.  With spin=1 it queues, on dumpset_percpu on CPU
 * spin_cpu, dumpset_spin_fn (which stays runnable, yielding, for at most
 * spin_secs, so that concurrency management starts no other worker) and
 * behind it dumpset_pending_fn (pending on the pool's worklist), and logs
 * "podwq_dumpset: spinning".  rmmod releases both and destroys the set.
 *
 * Locking: the work functions share only the atomics below with the init
 * and exit paths.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "podwq.h"

static bool block;
module_param(block, bool, 0444);
MODULE_PARM_DESC(block, "queue a blocked item and two inactive ones");
static int block_cpu = 1;
module_param(block_cpu, int, 0444);
MODULE_PARM_DESC(block_cpu, "CPU of the blocked item (default 1)");
static bool spin;
module_param(spin, bool, 0444);
MODULE_PARM_DESC(spin, "queue a spinning item and a pending one behind it");
static int spin_cpu = 2;
module_param(spin_cpu, int, 0444);
MODULE_PARM_DESC(spin_cpu, "CPU of the spinning item (default 2)");
static int spin_secs = 60;
module_param(spin_secs, int, 0444);
MODULE_PARM_DESC(spin_secs, "the spinning item gives up after this long");

struct dumpset_wq {
	const char *name;
	unsigned int flags;
	int max_active;
	int scope;		/* -1: no attrs applied */
	bool strict;
	int nice;
	bool cpus01;
	struct podwq_workqueue *wq;
};

#define PERCPU(n, f, m)	{ .name = n, .flags = PODWQ_PERCPU | (f), .max_active = m, .scope = -1 }
#define UNBOUND(n, f, s, st, ni, c) \
	{ .name = n, .flags = PODWQ_UNBOUND | (f), .scope = s, .strict = st, .nice = ni, .cpus01 = c }

static struct dumpset_wq set[] = {
	PERCPU("dumpset_percpu", 0, 0),
	PERCPU("dumpset_highpri", PODWQ_HIGHPRI, 0),
	PERCPU("dumpset_intensive", PODWQ_CPU_INTENSIVE, 0),
	PERCPU("dumpset_reclaim", PODWQ_MEM_RECLAIM, 0),
	PERCPU("dumpset_max1", 0, 1),
	UNBOUND("dumpset_unbound", 0, -1, false, 0, false),
	UNBOUND("dumpset_u_cpu", 0, PODWQ_AFFN_CPU, false, 0, false),
	UNBOUND("dumpset_u_smt", 0, PODWQ_AFFN_SMT, false, 0, false),
	UNBOUND("dumpset_u_cache", 0, PODWQ_AFFN_CACHE, false, 0, false),
	UNBOUND("dumpset_u_cache_shard", 0, PODWQ_AFFN_CACHE_SHARD, false, 0, false),
	UNBOUND("dumpset_u_numa", 0, PODWQ_AFFN_NUMA, false, 0, false),
	UNBOUND("dumpset_u_system", 0, PODWQ_AFFN_SYSTEM, false, 0, false),
	UNBOUND("dumpset_u_strict", 0, PODWQ_AFFN_CACHE, true, 0, false),
	UNBOUND("dumpset_u_highpri", PODWQ_HIGHPRI, -1, false, 0, false),
	UNBOUND("dumpset_u_nice5", 0, PODWQ_AFFN_DFL, false, 5, false),
	UNBOUND("dumpset_u_cpus01", 0, PODWQ_AFFN_DFL, false, 0, true),
	UNBOUND("dumpset_u_reclaim", PODWQ_MEM_RECLAIM, -1, false, 0, false),
	{ .name = "dumpset_ordered", .scope = -2 },
	PERCPU("dumpset_bh", PODWQ_BH, 0),
	PERCPU("dumpset_bh_highpri", PODWQ_BH | PODWQ_HIGHPRI, 0),
};

static atomic_t release = ATOMIC_INIT(0);
static atomic_t blocked = ATOMIC_INIT(0);
static atomic_t spinning = ATOMIC_INIT(0);

static struct podwq_work block_work, spin_work, pending_work;
static struct podwq_work inactive_work[2];

static noinline void dumpset_block_fn(struct podwq_work *work)
{
	unsigned long end = jiffies + 600 * HZ;

	atomic_set(&blocked, 1);
	/* interruptible sleeps: a long wait here is no hung task */
	while (!atomic_read(&release) && time_before(jiffies, end))
		msleep_interruptible(20);
}

static noinline void dumpset_inactive_fn(struct podwq_work *work)
{
}

static noinline void dumpset_spin_fn(struct podwq_work *work)
{
	unsigned long end = jiffies + spin_secs * HZ;

	atomic_set(&spinning, 1);
	/* runnable all along: concurrency management wakes no one else */
	while (!atomic_read(&release) && time_before(jiffies, end)) {
		cond_resched();
		cpu_relax();
	}
}

static noinline void dumpset_pending_fn(struct podwq_work *work)
{
}

static struct podwq_workqueue *find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(set); i++)
		if (!strcmp(set[i].name, name))
			return set[i].wq;
	return NULL;
}

static int create(struct dumpset_wq *d)
{
	struct podwq_attrs *attrs;
	int ret;

	if (d->scope == -2)
		d->wq = podwq_alloc_ordered_workqueue("%s", 0, d->name);
	else
		d->wq = podwq_alloc_workqueue("%s", d->flags, d->max_active, d->name);
	if (!d->wq)
		return -ENOMEM;
	if (d->scope < 0 || !(d->flags & PODWQ_UNBOUND))
		return 0;
	attrs = podwq_alloc_workqueue_attrs();
	if (!attrs)
		return -ENOMEM;
	attrs->affn_scope = d->scope;
	attrs->affn_strict = d->strict;
	attrs->nice = d->nice;
	if (d->cpus01) {
		cpumask_clear(attrs->cpumask);
		cpumask_set_cpu(0, attrs->cpumask);
		if (cpu_possible(1))
			cpumask_set_cpu(1, attrs->cpumask);
	}
	ret = podwq_apply_workqueue_attrs(d->wq, attrs);
	podwq_free_workqueue_attrs(attrs);
	return ret;
}

static void destroy_all(void)
{
	for (size_t i = ARRAY_SIZE(set); i-- > 0;) {
		if (set[i].wq)
			podwq_destroy_workqueue(set[i].wq);
		set[i].wq = NULL;
	}
}

static int wait_flag(atomic_t *flag)
{
	for (int i = 0; i < 1000 && !atomic_read(flag); i++)
		usleep_range(10000, 11000);
	return atomic_read(flag) ? 0 : -ETIMEDOUT;
}

static int __init dumpset_init(void)
{
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(set); i++) {
		ret = create(&set[i]);
		if (ret) {
			pr_err("creating %s failed: %d\n", set[i].name, ret);
			destroy_all();
			return ret;
		}
	}
	if (block) {
		int cpu = cpu_online(block_cpu) ? block_cpu : 0;

		PODWQ_INIT_WORK(&block_work, dumpset_block_fn);
		PODWQ_INIT_WORK(&inactive_work[0], dumpset_inactive_fn);
		PODWQ_INIT_WORK(&inactive_work[1], dumpset_inactive_fn);
		podwq_queue_work_on(cpu, find("dumpset_max1"), &block_work);
		if (wait_flag(&blocked))
			pr_warn("the blocker did not start\n");
		podwq_queue_work_on(cpu, find("dumpset_max1"), &inactive_work[0]);
		podwq_queue_work_on(cpu, find("dumpset_max1"), &inactive_work[1]);
		pr_info("blocked\n");
	}
	if (spin) {
		int cpu = cpu_online(spin_cpu) ? spin_cpu : 0;

		PODWQ_INIT_WORK(&spin_work, dumpset_spin_fn);
		PODWQ_INIT_WORK(&pending_work, dumpset_pending_fn);
		podwq_queue_work_on(cpu, find("dumpset_percpu"), &spin_work);
		if (wait_flag(&spinning))
			pr_warn("the spinner did not start\n");
		podwq_queue_work_on(cpu, find("dumpset_percpu"), &pending_work);
		pr_info("spinning\n");
	}
	pr_info("ready\n");
	return 0;
}

static void __exit dumpset_exit(void)
{
	atomic_set(&release, 1);
	destroy_all();
	pr_info("gone\n");
}

module_init(dumpset_init);
module_exit(dumpset_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq-dump's test set of podwq workqueues");
