// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - BH workqueues: the per-CPU BH pools, whose items run in softirq
 * context on the CPU they were queued on, and their softirq plumbing.
 *
 * Linux 7.2 runs its BH pools straight from the TASKLET and HI softirq
 * actions and raises those softirqs itself.  A module can neither open a
 * softirq vector nor raise one (open_softirq() and raise_softirq() are
 * not exported), but it can schedule tasklets, which are run by those two
 * softirqs.  So each BH pool has a tasklet of its own, scheduled only on
 * the pool's CPU: tasklet_schedule() for the normal pool (TASKLET
 * softirq), tasklet_hi_schedule() for the highpri one (HI softirq).  An
 * item queued from another CPU reaches the pool's CPU through an IPI,
 * smp_call_function_single_async(), whose handler schedules the tasklet
 * there (7.2 uses irq_work_queue_on(), which modules can't).  On
 * PREEMPT_RT, a softirq raised from an smp_call_function handler is a
 * warning (the handler may run from the idle loop's flush, where nothing
 * runs softirqs), so there the handler queues a local irq_work instead,
 * which RT runs in its irq_work thread, and that schedules the tasklet:
 * the path 7.2's own irq_work takes on RT.  The tasklet
 * runs one pass of podwq_bh_worker() (pool.c): at most
 * PODWQ_BH_WORKER_RESTARTS items or PODWQ_BH_WORKER_MSECS, then it
 * schedules itself again if work is left, so the softirq core's own
 * limits and ksoftirqd take over between passes.
 *
 * On PREEMPT_RT, softirqs and so tasklets run in threads, still with
 * in_serving_softirq() true.  A pass holds its hook's cb_lock there, a
 * sleeping lock, so that podwq_cancel_work_sync() of a running BH item
 * can block on it (priority inheritance) instead of spinning against a
 * preempted softirq thread, as 7.2's worker_lock_callback() does.
 *
 * CPU hotplug: a BH pool is never bound or unbound.  When a CPU is dead,
 * podwq_bh_cpu_dead() runs what its BH pools still hold from a BH item on
 * the current CPU, as 7.2's workqueue_softirq_dead() does.
 *
 * Locking: a hook's fields are set up at init (I) and read-only after;
 * the tasklet, csd and irq_work (T) are the kernel's, with its own rules
 * (one scheduling at a time, taken atomically), and are only ever
 * scheduled for their pool's CPU; cb_lock is taken by a pass around
 * podwq_bh_worker() and by cancellers waiting for it, on PREEMPT_RT only.
 * The pools follow internal.h.  podwq_bh_cpuhp_state is set and cleared
 * by module init and exit only.
 */
#include "internal.h"

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/smp.h>

/* [0] the TASKLET softirq's pool, [1] the HI softirq's (PODWQ_HIGHPRI) */
DEFINE_PER_CPU_SHARED_ALIGNED(struct podwq_worker_pool [PODWQ_NR_STD_WORKER_POOLS],
			      podwq_bh_worker_pools);

/* how a BH pool is run from its CPU's softirq */
struct podwq_bh_hook {
	struct podwq_worker_pool *pool;		/* I: the pool it runs */
	struct tasklet_struct	tasklet;	/* T: runs one pass */
	call_single_data_t	csd;		/* T: schedules it from afar */
	struct irq_work		rt_iw;		/* T: PREEMPT_RT: csd's next hop */
	spinlock_t		cb_lock;	/* PREEMPT_RT: held by a pass */
	bool			ready;		/* I: set up */
};

static DEFINE_PER_CPU_SHARED_ALIGNED(struct podwq_bh_hook [PODWQ_NR_STD_WORKER_POOLS],
				     podwq_bh_hooks);

static int podwq_bh_cpuhp_state;

static bool bh_pool_highpri(struct podwq_worker_pool *pool)
{
	return pool != &per_cpu(podwq_bh_worker_pools, pool->cpu)[0];
}

static struct podwq_bh_hook *bh_pool_hook(struct podwq_worker_pool *pool)
{
	return &per_cpu(podwq_bh_hooks, pool->cpu)[bh_pool_highpri(pool)];
}

/* schedule @hook's tasklet on this CPU, which must be its pool's */
static void bh_hook_schedule(struct podwq_bh_hook *hook)
{
	if (bh_pool_highpri(hook->pool))
		tasklet_hi_schedule(&hook->tasklet);
	else
		tasklet_schedule(&hook->tasklet);
}

/* PREEMPT_RT: the irq_work thread of the pool's CPU */
static void podwq_bh_rt_iw(struct irq_work *iw)
{
	bh_hook_schedule(container_of(iw, struct podwq_bh_hook, rt_iw));
}

/* IPI handler on the pool's CPU, hard irq or the idle loop's flush */
static void podwq_bh_ipi(void *info)
{
	struct podwq_bh_hook *hook = info;

	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		irq_work_queue(&hook->rt_iw);
	else
		bh_hook_schedule(hook);
}

/**
 * podwq_bh_kick_pool - have a BH pool's CPU run a pass soon
 * @pool: the BH pool, with pending work and its pseudo worker idle
 *
 * Locally the tasklet is scheduled at once; for another CPU an IPI does
 * it there.  If that IPI is still on its way (-EBUSY), its handler has
 * not run yet and the pass it starts will find our item; if the CPU is
 * offline (-ENXIO), its pools are drained when it is dead, and a caller
 * that queues on an offline CPU afterwards waits for it to come back, as
 * with 7.2.  A pool being drained elsewhere is not kicked: the drain item
 * requeues itself.
 *
 * Context: pool->lock held, irqs off.
 */
void podwq_bh_kick_pool(struct podwq_worker_pool *pool)
{
	struct podwq_bh_hook *hook = bh_pool_hook(pool);

	lockdep_assert_held(&pool->lock);

	if (unlikely(pool->flags & PODWQ_POOL_BH_DRAINING))
		return;
	if (pool->cpu != smp_processor_id()) {
		smp_call_function_single_async(pool->cpu, &hook->csd);
		return;
	}
	bh_hook_schedule(hook);
}

static void bh_pass(struct podwq_bh_hook *hook, int subclass)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		spin_lock_nested(&hook->cb_lock, subclass);
	podwq_bh_worker(hook->pool);
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		spin_unlock(&hook->cb_lock);
}

/* the tasklet: one pass of its pool, in softirq context */
static void podwq_bh_tasklet(struct tasklet_struct *t)
{
	struct podwq_bh_hook *hook = from_tasklet(hook, t, tasklet);
	struct podwq_worker_pool *pool = hook->pool;
	unsigned long irq_flags;

	/*
	 * A dead CPU's scheduled tasklets are moved to another CPU
	 * (takeover_tasklets()).  Its items are drained separately; if the
	 * CPU is back already, hand the pass over to it.
	 */
	if (unlikely(pool->cpu != smp_processor_id())) {
		raw_spin_lock_irqsave(&pool->lock, irq_flags);
		if (cpu_online(pool->cpu))
			podwq_kick_pool(pool);
		raw_spin_unlock_irqrestore(&pool->lock, irq_flags);
		return;
	}

	bh_pass(hook, 0);
}

/**
 * podwq_bh_cancel_wait_running - wait a little for a running BH item
 * @pool: the BH pool it runs on
 *
 * podwq_cancel_work_sync() spins until a running BH item is done.  On
 * PREEMPT_RT the softirq thread running it may be preempted by the
 * spinner: block on the pass's cb_lock instead, which boosts it.
 *
 * Context: any but hard irq; RCU read lock held (for @pool).
 */
void podwq_bh_cancel_wait_running(struct podwq_worker_pool *pool)
{
	struct podwq_bh_hook *hook;

	if (!IS_ENABLED(CONFIG_PREEMPT_RT)) {
		cpu_relax();
		return;
	}
	hook = bh_pool_hook(pool);
	spin_lock(&hook->cb_lock);
	spin_unlock(&hook->cb_lock);
}

/* a dead CPU's BH pool being drained from a BH item elsewhere */
struct podwq_bh_drain {
	struct podwq_work	work;
	struct podwq_worker_pool *pool;
	struct completion	done;
};

static struct podwq_workqueue *bh_system_wq(struct podwq_worker_pool *pool)
{
	return bh_pool_highpri(pool) ? podwq_system_bh_highpri_wq :
				       podwq_system_bh_wq;
}

/*
 * Run passes of the dead pool from a BH item of a live one, one pass per
 * item so that this CPU's softirq isn't hogged: requeue while work is
 * left.  DRAINING keeps the pass from kicking the dead CPU.
 */
static void podwq_bh_drain_fn(struct podwq_work *work)
{
	struct podwq_bh_drain *drain =
		container_of(work, struct podwq_bh_drain, work);
	struct podwq_worker_pool *pool = drain->pool;
	bool repeat;

	raw_spin_lock_irq(&pool->lock);
	pool->flags |= PODWQ_POOL_BH_DRAINING;
	raw_spin_unlock_irq(&pool->lock);

	/* nested inside this CPU's own pass, which holds its cb_lock */
	bh_pass(bh_pool_hook(pool), SINGLE_DEPTH_NESTING);

	raw_spin_lock_irq(&pool->lock);
	pool->flags &= ~PODWQ_POOL_BH_DRAINING;
	repeat = !list_empty(&pool->worklist);
	raw_spin_unlock_irq(&pool->lock);

	if (repeat)
		podwq_queue_work(bh_system_wq(pool), work);
	else
		complete(&drain->done);
}

/* CPUHP_BP_PREPARE_DYN teardown: @cpu is dead, on a control CPU */
static int podwq_bh_cpu_dead(unsigned int cpu)
{
	struct podwq_worker_pool *pool;

	for_each_bh_worker_pool(pool, cpu) {
		struct podwq_bh_drain drain;
		bool pending;

		raw_spin_lock_irq(&pool->lock);
		pending = !list_empty(&pool->worklist);
		raw_spin_unlock_irq(&pool->lock);
		if (!pending)
			continue;

		PODWQ_INIT_WORK(&drain.work, podwq_bh_drain_fn);
		drain.pool = pool;
		init_completion(&drain.done);
		podwq_queue_work(bh_system_wq(pool), &drain.work);
		wait_for_completion(&drain.done);
	}
	return 0;
}

/**
 * podwq_bh_hotplug_init - drain dead CPUs' BH pools from now on
 *
 * Needs podwq_system_bh_wq and podwq_system_bh_highpri_wq.
 *
 * Return: 0 or -errno.
 */
int podwq_bh_hotplug_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "podwq/bh:dead",
					NULL, podwq_bh_cpu_dead);
	if (ret < 0)
		return ret;
	podwq_bh_cpuhp_state = ret;
	return 0;
}

void podwq_bh_hotplug_exit(void)
{
	if (podwq_bh_cpuhp_state > 0)
		cpuhp_remove_state_nocalls(podwq_bh_cpuhp_state);
	podwq_bh_cpuhp_state = 0;
}

static void bh_noop(void *info)
{
}

/**
 * podwq_bh_exit - take the BH pools and their softirq hooks down
 *
 * Every workqueue is gone, so nothing kicks a pool any more; but an IPI
 * sent for an item that has run since may still be on its way, and a
 * tasklet still scheduled.  An IPI queued to a CPU is handled no later
 * than a synchronous one sent after it, in the same irqs-off section at
 * worst, which the RCU grace period then waits for; irq_work_sync() and
 * tasklet_kill() wait for the rest.
 */
void podwq_bh_exit(void)
{
	struct podwq_worker_pool *pool;
	int cpu, i;

	on_each_cpu(bh_noop, NULL, 1);
	synchronize_rcu();

	for_each_possible_cpu(cpu) {
		for (i = 0; i < PODWQ_NR_STD_WORKER_POOLS; i++) {
			struct podwq_bh_hook *hook =
				&per_cpu(podwq_bh_hooks, cpu)[i];

			if (hook->ready) {
				irq_work_sync(&hook->rt_iw);
				tasklet_kill(&hook->tasklet);
			}
			hook->ready = false;
		}
		for_each_bh_worker_pool(pool, cpu)
			podwq_exit_bh_pool(pool);
	}
}

/**
 * podwq_bh_init - set up every possible CPU's BH pools and hooks
 *
 * Return: 0 or -errno, with everything undone.
 */
int podwq_bh_init(void)
{
	int cpu, i, ret;

	for_each_possible_cpu(cpu) {
		for (i = 0; i < PODWQ_NR_STD_WORKER_POOLS; i++) {
			struct podwq_worker_pool *pool =
				&per_cpu(podwq_bh_worker_pools, cpu)[i];
			struct podwq_bh_hook *hook =
				&per_cpu(podwq_bh_hooks, cpu)[i];

			ret = podwq_init_bh_pool(pool, cpu, i);
			if (ret) {
				podwq_bh_exit();
				return ret;
			}
			hook->pool = pool;
			tasklet_setup(&hook->tasklet, podwq_bh_tasklet);
			INIT_CSD(&hook->csd, podwq_bh_ipi, hook);
			init_irq_work(&hook->rt_iw, podwq_bh_rt_iw);
			spin_lock_init(&hook->cb_lock);
			hook->ready = true;
		}
	}
	return 0;
}
