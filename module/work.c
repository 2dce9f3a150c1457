// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - work items: queueing, delayed work, flushing an item, cancelling,
 * disabling and enabling.
 *
 * Locking: whoever sets a work item's PENDING bit owns the item until it
 * is on a queue or PENDING is cleared again, and changes work->data only
 * meanwhile.  Queueing and dequeueing happen under the pool lock with irqs
 * off; work->data points to the pwq exactly while the item is queued on
 * it, so a pool lock plus a pwq pointer into that pool means "queued
 * there" (try_to_grab_pending()).  PENDING is taken and the item queued
 * with irqs off, so that a thief spinning on PENDING waits a bounded time.
 * Pools and pwqs are RCU-freed: looking one up from work->data happens
 * under rcu_read_lock().
 */
#include "internal.h"

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/topology.h>

#include "compat.h"
#include "podwq_trace.h"

/* CPU where unbound work was last round-robined from this CPU */
static DEFINE_PER_CPU(int, podwq_rr_cpu_last);

/**
 * podwq_move_linked_works - move @work and the items linked to it
 * @work: first item of the series
 * @head: where to append them
 * @nextp: if not NULL, set to the item after the series, for callers in
 *	   the middle of a safe list walk
 *
 * An item with PODWQ_WORK_STRUCT_LINKED is followed by one that must stay
 * with it (a flush barrier).
 *
 * Context: pool->lock held.
 */
void podwq_move_linked_works(struct podwq_work *work, struct list_head *head,
			     struct podwq_work **nextp)
{
	struct podwq_work *n;

	/* a linked series always ends before the list does: NULL head */
	list_for_each_entry_safe_from(work, n, NULL, entry) {
		list_move_tail(&work->entry, head);
		if (!(*podwq_work_data_bits(work) & PODWQ_WORK_STRUCT_LINKED))
			break;
	}

	if (nextp)
		*nextp = n;
}

/**
 * podwq_insert_work - queue @work on @pwq after @head
 * @pwq: its pwq
 * @work: the item, PENDING owned by the caller
 * @head: insertion point
 * @extra_flags: PODWQ_WORK_STRUCT_* flags to set
 *
 * Context: pool->lock held.
 */
void podwq_insert_work(struct podwq_pool_workqueue *pwq,
		       struct podwq_work *work, struct list_head *head,
		       unsigned int extra_flags)
{
	podwq_set_work_pwq(work, pwq, extra_flags);
	list_add_tail(&work->entry, head);
	podwq_get_pwq(pwq);
}

/* is %current running an item of @wq? */
static bool is_chained_work(struct podwq_workqueue *wq)
{
	struct podwq_worker *worker = podwq_current_worker();

	/* if I am @worker, reading it needs no lock */
	return worker && worker->current_pwq && worker->current_pwq->wq == wq;
}

/*
 * Unbound items go to the local CPU's pod if the unbound cpumask allows
 * that CPU; else round robin over the allowed online CPUs.
 */
static int wq_select_unbound_cpu(int cpu)
{
	int new_cpu;

	if (likely(cpumask_test_cpu(cpu, podwq_unbound_cpumask)))
		return cpu;

	new_cpu = __this_cpu_read(podwq_rr_cpu_last);
	new_cpu = cpumask_next_and(new_cpu, podwq_unbound_cpumask,
				   cpu_online_mask);
	if (new_cpu >= nr_cpu_ids)
		new_cpu = cpumask_first_and(podwq_unbound_cpumask,
					    cpu_online_mask);
	if (unlikely(new_cpu >= nr_cpu_ids))
		return cpu;
	__this_cpu_write(podwq_rr_cpu_last, new_cpu);
	return new_cpu;
}

/* give up a PENDING we own without queueing, keeping the rest of data */
static void clear_pending_keep_offq(struct podwq_work *work)
{
	struct podwq_work_offq_data offqd;

	podwq_work_offqd_unpack(&offqd, *podwq_work_data_bits(work));
	podwq_set_work_pool_and_clear_pending(work, offqd.pool_id,
					      podwq_work_offqd_pack_flags(&offqd));
}

/*
 * Queue @work, whose PENDING we own, on @wq for @cpu.  Irqs off.
 */
static void __queue_work(int cpu, struct podwq_workqueue *wq,
			 struct podwq_work *work)
{
	struct podwq_worker_pool *last_pool, *pool;
	struct podwq_pool_workqueue *pwq;
	unsigned int req_cpu = cpu;
	unsigned int work_flags;

	lockdep_assert_irqs_disabled();

	/*
	 * While draining or being destroyed, only items of @wq itself may
	 * queue on it.  Refuse others, giving PENDING back.
	 */
	if (unlikely(wq->flags & (__PODWQ_DESTROYING | __PODWQ_DRAINING)) &&
	    !is_chained_work(wq)) {
		pr_warn_ratelimited("cannot queue %ps on workqueue %s: draining or destroyed\n",
				    work->func, wq->name);
		clear_pending_keep_offq(work);
		return;
	}

	rcu_read_lock();
retry:
	/* the pwq to use unless @work is still running elsewhere */
	if (req_cpu == PODWQ_WORK_CPU_UNBOUND) {
		if (wq->flags & PODWQ_UNBOUND)
			cpu = wq_select_unbound_cpu(raw_smp_processor_id());
		else
			cpu = raw_smp_processor_id();
	}

	pwq = rcu_dereference(*per_cpu_ptr(wq->cpu_pwq, cpu));
	pool = pwq->pool;

	/*
	 * Non-reentrancy: if @work last ran on another pool, it may still be
	 * running there, and must then queue there.  Ordered workqueues queue
	 * on their newest pwq, whose order already guarantees it.
	 */
	last_pool = podwq_get_work_pool(work);
	if (last_pool && last_pool != pool &&
	    !(wq->flags & __PODWQ_ORDERED)) {
		struct podwq_worker *worker;

		raw_spin_lock(&last_pool->lock);

		worker = podwq_find_worker_executing_work(last_pool, work);

		if (worker && worker->current_pwq->wq == wq) {
			pwq = worker->current_pwq;
			pool = pwq->pool;
			WARN_ON_ONCE(pool != last_pool);
		} else {
			/* not running there: queue here */
			raw_spin_unlock(&last_pool->lock);
			raw_spin_lock(&pool->lock);
		}
	} else {
		raw_spin_lock(&pool->lock);
	}

	/*
	 * An unbound pwq may have been released meanwhile; one replaced it
	 * in cpu_pwq, so retrying makes progress.
	 */
	if (unlikely(!pwq->refcnt)) {
		if (wq->flags & PODWQ_UNBOUND) {
			raw_spin_unlock(&pool->lock);
			cpu_relax();
			goto retry;
		}
		WARN_ONCE(true, "podwq: per-cpu pwq for %s on cpu%d has 0 refcnt",
			  wq->name, cpu);
	}

	/* the pwq is settled: queue */
	trace_podwq_queue_work(req_cpu, pwq, work);

	if (WARN_ON(!list_empty(&work->entry)))
		goto out;

	pwq->nr_in_flight[pwq->work_color]++;
	work_flags = podwq_work_color_to_flags(pwq->work_color);

	/*
	 * Over max_active, or with items already waiting (order must hold
	 * when max_active changes), the item waits inactive.
	 */
	if (list_empty(&pwq->inactive_works) &&
	    podwq_pwq_tryinc_nr_active(pwq, false)) {
		if (list_empty(&pool->worklist))
			pool->last_progress_ts = jiffies;
		trace_podwq_activate_work(work);
		podwq_insert_work(pwq, work, &pool->worklist, work_flags);
		podwq_kick_pool(pool);
	} else {
		work_flags |= PODWQ_WORK_STRUCT_INACTIVE;
		podwq_insert_work(pwq, work, &pwq->inactive_works, work_flags);
	}

out:
	raw_spin_unlock(&pool->lock);
	rcu_read_unlock();
}

/* @work, PENDING just taken, is disabled: give PENDING back */
static bool clear_pending_if_disabled(struct podwq_work *work)
{
	unsigned long data = *podwq_work_data_bits(work);

	if (likely((data & PODWQ_WORK_STRUCT_PWQ) ||
		   !(data & PODWQ_WORK_OFFQ_DISABLE_MASK)))
		return false;

	clear_pending_keep_offq(work);
	return true;
}

/**
 * podwq_queue_work_on - queue work on a CPU
 * @cpu: the CPU, or PODWQ_WORK_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the item
 *
 * On a per-CPU workqueue the item runs on @cpu (the caller keeps @cpu
 * online, or the item runs wherever the disassociated pool's workers do);
 * on an unbound one, on the pod of @cpu.  If the item is still running
 * from an earlier queueing on another pool, it queues behind that run.
 *
 * Stores before a %true return are visible to the work function.
 *
 * Context: any.  Return: %false if @work was already pending (or is
 * disabled), %true if it was queued.
 */
bool podwq_queue_work_on(int cpu, struct podwq_workqueue *wq,
			 struct podwq_work *work)
{
	unsigned long irq_flags;
	bool ret = false;

	local_irq_save(irq_flags);

	if (!test_and_set_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
			      podwq_work_data_bits(work)) &&
	    !clear_pending_if_disabled(work)) {
		__queue_work(cpu, wq, work);
		ret = true;
	}

	local_irq_restore(irq_flags);
	return ret;
}
EXPORT_SYMBOL_GPL(podwq_queue_work_on);

/* a CPU of @node: the local one if it is there, else the first online */
static int select_numa_node_cpu(int node)
{
	int cpu;

	if (node < 0 || node >= MAX_NUMNODES || !node_online(node))
		return PODWQ_WORK_CPU_UNBOUND;

	cpu = raw_smp_processor_id();
	if (node == cpu_to_node(cpu))
		return cpu;

	cpu = cpumask_any_and(cpumask_of_node(node), cpu_online_mask);
	return cpu < nr_cpu_ids ? cpu : PODWQ_WORK_CPU_UNBOUND;
}

/**
 * podwq_queue_work_node - queue work on a CPU of a NUMA node
 * @node: the node; an invalid or offline one means "anywhere"
 * @wq: the workqueue, meant to be unbound
 * @work: the item
 *
 * Best effort: the local CPU if it is on @node, else @node's first online
 * CPU.
 *
 * Context: any.  Return: as podwq_queue_work_on().
 */
bool podwq_queue_work_node(int node, struct podwq_workqueue *wq,
			   struct podwq_work *work)
{
	unsigned long irq_flags;
	bool ret = false;

	local_irq_save(irq_flags);

	if (!test_and_set_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
			      podwq_work_data_bits(work)) &&
	    !clear_pending_if_disabled(work)) {
		__queue_work(select_numa_node_cpu(node), wq, work);
		ret = true;
	}

	local_irq_restore(irq_flags);
	return ret;
}
EXPORT_SYMBOL_GPL(podwq_queue_work_node);

/* the timer of every delayed item; TIMER_IRQSAFE, so irqs are off */
void podwq_delayed_work_timer_fn(struct timer_list *t)
{
	struct podwq_delayed_work *dwork =
		container_of(t, struct podwq_delayed_work, timer);

	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}
EXPORT_SYMBOL_GPL(podwq_delayed_work_timer_fn);

static void __queue_delayed_work(int cpu, struct podwq_workqueue *wq,
				 struct podwq_delayed_work *dwork,
				 unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct podwq_work *work = &dwork->work;

	WARN_ON_ONCE(timer->function != podwq_delayed_work_timer_fn);
	WARN_ON_ONCE(timer_pending(timer));
	WARN_ON_ONCE(!list_empty(&work->entry));

	/*
	 * No delay queues now: a timer can't fire before the next tick, and
	 * callers rely on 0 meaning "immediately".
	 */
	if (!delay) {
		__queue_work(cpu, wq, work);
		return;
	}

	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;

	if (likely(cpu == PODWQ_WORK_CPU_UNBOUND))
		podwq_compat_add_timer_global(timer);
	else
		add_timer_on(timer, cpu);
}

/**
 * podwq_queue_delayed_work_on - queue work on a CPU after a delay
 * @cpu: the CPU (kept online by the caller for a non-zero delay), or
 *	 PODWQ_WORK_CPU_UNBOUND
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies to wait; the item is queued no earlier than that
 *
 * Context: any.  Return: %false if @dwork was already pending, %true if it
 * was queued (or its timer armed).
 */
bool podwq_queue_delayed_work_on(int cpu, struct podwq_workqueue *wq,
				 struct podwq_delayed_work *dwork,
				 unsigned long delay)
{
	struct podwq_work *work = &dwork->work;
	unsigned long irq_flags;
	bool ret = false;

	local_irq_save(irq_flags);

	if (!test_and_set_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
			      podwq_work_data_bits(work)) &&
	    !clear_pending_if_disabled(work)) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		ret = true;
	}

	local_irq_restore(irq_flags);
	return ret;
}
EXPORT_SYMBOL_GPL(podwq_queue_delayed_work_on);

/*
 * Try to take @work's PENDING bit, stealing the item from its timer or
 * queue.  Returns 1 if it was pending and is now ours, 0 if it was idle
 * and we took PENDING, -EAGAIN if it is in a transient state (being
 * queued, or just being started): busy-retry.  On >= 0, irqs are left
 * disabled, saved in *@irq_flags; a delayed item's timer being irqsafe is
 * what bounds the -EAGAIN window.
 */
static int try_to_grab_pending(struct podwq_work *work, u32 cflags,
			       unsigned long *irq_flags)
{
	struct podwq_worker_pool *pool;
	struct podwq_pool_workqueue *pwq;

	local_irq_save(*irq_flags);

	/* an inactive timer can't be running on this CPU: irqsafe */
	if (cflags & PODWQ_CANCEL_DELAYED) {
		struct podwq_delayed_work *dwork = to_podwq_delayed_work(work);

		if (likely(timer_delete(&dwork->timer)))
			return 1;
	}

	if (!test_and_set_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
			      podwq_work_data_bits(work)))
		return 0;

	rcu_read_lock();
	/* being queued, or queued: try to take it off the queue */
	pool = podwq_get_work_pool(work);
	if (!pool)
		goto fail;

	raw_spin_lock(&pool->lock);
	/*
	 * data points to a pwq only while the item is queued there, and
	 * changes only under that pool's lock: a pwq of the locked pool
	 * means queued on it.
	 */
	pwq = podwq_get_work_pwq(work);
	if (pwq && pwq->pool == pool) {
		unsigned long work_data = *podwq_work_data_bits(work);

		/*
		 * An inactive item may have flush barriers linked after it:
		 * move them to the worklist rather than strand them, and
		 * keep INACTIVE in the stashed data so nr_active isn't
		 * touched below.
		 */
		if (work_data & PODWQ_WORK_STRUCT_INACTIVE)
			podwq_move_linked_works(work, &pwq->pool->worklist,
						NULL);

		list_del_init(&work->entry);

		/* data pointed to the pwq; point it to the pool */
		podwq_set_work_pool_and_keep_pending(work, pool->id,
						     podwq_pool_offq_flags(pool));

		/* last: may drop pool->lock */
		podwq_pwq_dec_nr_in_flight(pwq, work_data);

		raw_spin_unlock(&pool->lock);
		rcu_read_unlock();
		return 1;
	}
	raw_spin_unlock(&pool->lock);
fail:
	rcu_read_unlock();
	local_irq_restore(*irq_flags);
	return -EAGAIN;
}

/* take PENDING, whatever state @work is in; irqs left off */
static bool work_grab_pending(struct podwq_work *work, u32 cflags,
			      unsigned long *irq_flags)
{
	int ret;

	while (true) {
		ret = try_to_grab_pending(work, cflags, irq_flags);
		if (ret >= 0)
			return ret;
		cpu_relax();
	}
}

/**
 * podwq_mod_delayed_work_on - change the delay of a delayed item, or queue it
 * @cpu: the CPU, or PODWQ_WORK_CPU_UNBOUND
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies from now; 0 queues it at once, whatever it was doing
 *
 * Context: any.  Return: %true if @dwork was pending and got the new
 * delay, %false if it was idle and is now queued.
 */
bool podwq_mod_delayed_work_on(int cpu, struct podwq_workqueue *wq,
			       struct podwq_delayed_work *dwork,
			       unsigned long delay)
{
	unsigned long irq_flags;
	bool ret;

	ret = work_grab_pending(&dwork->work, PODWQ_CANCEL_DELAYED, &irq_flags);

	if (!clear_pending_if_disabled(&dwork->work))
		__queue_delayed_work(cpu, wq, dwork, delay);

	local_irq_restore(irq_flags);
	return ret;
}
EXPORT_SYMBOL_GPL(podwq_mod_delayed_work_on);

/* a flush barrier, queued right after the item being flushed */
struct podwq_barrier {
	struct podwq_work	work;
	struct completion	done;
	struct task_struct	*task;	/* informational */
};

static void podwq_barrier_func(struct podwq_work *work)
{
	struct podwq_barrier *barr = container_of(work, struct podwq_barrier,
						  work);

	complete(&barr->done);
}

/*
 * Queue @barr to run right after @target: first on @worker's scheduled
 * list if @worker is running @target, else linked behind @target on its
 * queue.  Barriers are INACTIVE (they don't count in nr_active) and carry
 * the target's color.  A queued barrier can't be cancelled, which is why
 * try_to_grab_pending() carries linked items along.
 *
 * Context: pool->lock held.
 */
static void insert_wq_barrier(struct podwq_pool_workqueue *pwq,
			      struct podwq_barrier *barr,
			      struct podwq_work *target,
			      struct podwq_worker *worker)
{
	unsigned int work_flags = PODWQ_WORK_STRUCT_INACTIVE;
	unsigned int work_color;
	struct list_head *head;

	PODWQ_INIT_WORK(&barr->work, podwq_barrier_func);
	__set_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
		  podwq_work_data_bits(&barr->work));
	init_completion(&barr->done);
	barr->task = current;

	if (worker) {
		head = worker->scheduled.next;
		work_color = worker->current_color;
	} else {
		unsigned long *bits = podwq_work_data_bits(target);

		head = target->entry.next;
		/* other items may be linked already: inherit, then link */
		work_flags |= *bits & PODWQ_WORK_STRUCT_LINKED;
		work_color = podwq_get_work_color(*bits);
		__set_bit(PODWQ_WORK_STRUCT_LINKED_BIT, bits);
	}

	pwq->nr_in_flight[work_color]++;
	work_flags |= podwq_work_color_to_flags(work_color);

	podwq_insert_work(pwq, &barr->work, head, work_flags);
}

/* queue a barrier behind @work if it is queued or running */
static bool start_flush_work(struct podwq_work *work,
			     struct podwq_barrier *barr)
{
	struct podwq_worker *worker = NULL;
	struct podwq_worker_pool *pool;
	struct podwq_pool_workqueue *pwq;

	rcu_read_lock();
	pool = podwq_get_work_pool(work);
	if (!pool) {
		rcu_read_unlock();
		return false;
	}

	raw_spin_lock_irq(&pool->lock);
	/* see try_to_grab_pending() */
	pwq = podwq_get_work_pwq(work);
	if (pwq) {
		if (unlikely(pwq->pool != pool))
			goto already_gone;
	} else {
		worker = podwq_find_worker_executing_work(pool, work);
		if (!worker)
			goto already_gone;
		pwq = worker->current_pwq;
	}

	insert_wq_barrier(pwq, barr, work, worker);
	raw_spin_unlock_irq(&pool->lock);
	rcu_read_unlock();
	return true;

already_gone:
	raw_spin_unlock_irq(&pool->lock);
	rcu_read_unlock();
	return false;
}

/*
 * With @from_cancel, @work was running when the barrier went in and can't
 * be queued again (it is disabled): if it ran on a BH pool, it runs in
 * softirq context, which is not preempted by us, so spin for it as 7.2
 * does.  That lets podwq_cancel_work_sync() of BH items be called from
 * atomic context too.
 */
static bool __flush_work(struct podwq_work *work, bool from_cancel)
{
	struct podwq_barrier barr;
	unsigned long data;

	if (WARN_ON(!work->func))
		return false;

	if (!start_flush_work(work, &barr))
		return false;

	data = *podwq_work_data_bits(work);
	if (from_cancel && !(data & PODWQ_WORK_STRUCT_PWQ) &&
	    (data & (1UL << PODWQ_WORK_OFFQ_BH_BIT))) {
		while (!try_wait_for_completion(&barr.done)) {
			struct podwq_worker_pool *pool;

			rcu_read_lock();
			pool = podwq_get_work_pool(work);
			if (pool)
				podwq_bh_cancel_wait_running(pool);
			else
				cpu_relax();
			rcu_read_unlock();
		}
		return true;
	}

	wait_for_completion(&barr.done);
	return true;
}

/**
 * podwq_flush_work - wait for the last queueing of an item to finish
 * @work: the item
 *
 * On return @work is idle unless it was queued again meanwhile.
 *
 * Context: sleeps.  Return: %true if it waited, %false if @work was idle.
 */
bool podwq_flush_work(struct podwq_work *work)
{
	might_sleep();
	return __flush_work(work, false);
}
EXPORT_SYMBOL_GPL(podwq_flush_work);

/**
 * podwq_flush_delayed_work - queue a delayed item now and wait for it
 * @dwork: the delayed item
 *
 * A pending timer is cut short: the item is queued at once.  Then as
 * podwq_flush_work().
 *
 * Context: sleeps.  Return: as podwq_flush_work().
 */
bool podwq_flush_delayed_work(struct podwq_delayed_work *dwork)
{
	local_irq_disable();
	if (timer_delete_sync(&dwork->timer))
		__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	local_irq_enable();
	return podwq_flush_work(&dwork->work);
}
EXPORT_SYMBOL_GPL(podwq_flush_delayed_work);

static void work_offqd_disable(struct podwq_work_offq_data *offqd)
{
	const unsigned long max = (1UL << PODWQ_WORK_OFFQ_DISABLE_BITS) - 1;

	if (likely(offqd->disable < max))
		offqd->disable++;
	else
		pr_warn_once("work disable count overflowed\n");
}

static void work_offqd_enable(struct podwq_work_offq_data *offqd)
{
	if (likely(offqd->disable > 0))
		offqd->disable--;
	else
		pr_warn_once("work disable count underflowed\n");
}

static bool __cancel_work(struct podwq_work *work, u32 cflags)
{
	struct podwq_work_offq_data offqd;
	unsigned long irq_flags;
	int ret;

	ret = work_grab_pending(work, cflags, &irq_flags);

	podwq_work_offqd_unpack(&offqd, *podwq_work_data_bits(work));

	if (cflags & PODWQ_CANCEL_DISABLE)
		work_offqd_disable(&offqd);

	podwq_set_work_pool_and_clear_pending(work, offqd.pool_id,
					      podwq_work_offqd_pack_flags(&offqd));
	local_irq_restore(irq_flags);
	return ret;
}

/*
 * Cancel and wait.  The item is disabled while we wait for a running
 * instance, so that it can't requeue itself behind our back, and enabled
 * again afterwards unless disabling was asked for.
 */
static bool __cancel_work_sync(struct podwq_work *work, u32 cflags)
{
	bool ret;

	ret = __cancel_work(work, cflags | PODWQ_CANCEL_DISABLE);

	/* a BH item is waited for by spinning: any context but hard irq */
	if (!(*podwq_work_data_bits(work) & (1UL << PODWQ_WORK_OFFQ_BH_BIT)))
		might_sleep();

	__flush_work(work, true);

	if (!(cflags & PODWQ_CANCEL_DISABLE))
		podwq_enable_work(work);

	return ret;
}

/**
 * podwq_cancel_work - cancel a pending item
 * @work: the item
 *
 * A running instance isn't waited for.
 *
 * Context: any.  Return: %true if @work was pending.
 */
bool podwq_cancel_work(struct podwq_work *work)
{
	return __cancel_work(work, 0);
}
EXPORT_SYMBOL_GPL(podwq_cancel_work);

/**
 * podwq_cancel_work_sync - cancel an item and wait for it to finish
 * @work: the item, not a delayed one's
 *
 * On return @work is neither pending nor running anywhere, unless someone
 * queued it again meanwhile.  Works on items that requeue themselves.
 *
 * Context: sleeps; if @work was last queued on a BH workqueue, any context
 * but hard irq (a running BH item is spun for).  Return: %true if @work
 * was pending.
 */
bool podwq_cancel_work_sync(struct podwq_work *work)
{
	return __cancel_work_sync(work, 0);
}
EXPORT_SYMBOL_GPL(podwq_cancel_work_sync);

/**
 * podwq_cancel_delayed_work - cancel a pending delayed item
 * @dwork: the delayed item
 *
 * Context: any.  Return: %true if @dwork was pending (timer or queue).
 */
bool podwq_cancel_delayed_work(struct podwq_delayed_work *dwork)
{
	return __cancel_work(&dwork->work, PODWQ_CANCEL_DELAYED);
}
EXPORT_SYMBOL_GPL(podwq_cancel_delayed_work);

/**
 * podwq_cancel_delayed_work_sync - cancel a delayed item and wait for it
 * @dwork: the delayed item
 *
 * Context: sleeps.  Return: %true if @dwork was pending.
 */
bool podwq_cancel_delayed_work_sync(struct podwq_delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, PODWQ_CANCEL_DELAYED);
}
EXPORT_SYMBOL_GPL(podwq_cancel_delayed_work_sync);

/**
 * podwq_disable_work - disable and cancel an item
 * @work: the item
 *
 * Increments @work's disable count (up to 65535); while it isn't zero,
 * queueing @work fails.  A running instance isn't waited for.
 *
 * Context: any.  Return: %true if @work was pending.
 */
bool podwq_disable_work(struct podwq_work *work)
{
	return __cancel_work(work, PODWQ_CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(podwq_disable_work);

/**
 * podwq_disable_work_sync - disable, cancel and wait for an item
 * @work: the item
 *
 * Context: sleeps.  Return: %true if @work was pending.
 */
bool podwq_disable_work_sync(struct podwq_work *work)
{
	return __cancel_work_sync(work, PODWQ_CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(podwq_disable_work_sync);

/**
 * podwq_enable_work - undo one podwq_disable_work()
 * @work: the item
 *
 * Context: any.  Return: %true if the disable count is now zero.
 */
bool podwq_enable_work(struct podwq_work *work)
{
	struct podwq_work_offq_data offqd;
	unsigned long irq_flags;

	work_grab_pending(work, 0, &irq_flags);

	podwq_work_offqd_unpack(&offqd, *podwq_work_data_bits(work));
	work_offqd_enable(&offqd);
	podwq_set_work_pool_and_clear_pending(work, offqd.pool_id,
					      podwq_work_offqd_pack_flags(&offqd));
	local_irq_restore(irq_flags);

	return !offqd.disable;
}
EXPORT_SYMBOL_GPL(podwq_enable_work);

/**
 * podwq_disable_delayed_work - podwq_disable_work() for a delayed item
 * @dwork: the delayed item
 *
 * Context: any.  Return: %true if @dwork was pending.
 */
bool podwq_disable_delayed_work(struct podwq_delayed_work *dwork)
{
	return __cancel_work(&dwork->work,
			     PODWQ_CANCEL_DELAYED | PODWQ_CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(podwq_disable_delayed_work);

/**
 * podwq_disable_delayed_work_sync - podwq_disable_work_sync() for a
 * delayed item
 * @dwork: the delayed item
 *
 * Context: sleeps.  Return: %true if @dwork was pending.
 */
bool podwq_disable_delayed_work_sync(struct podwq_delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work,
				  PODWQ_CANCEL_DELAYED | PODWQ_CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(podwq_disable_delayed_work_sync);

/**
 * podwq_enable_delayed_work - podwq_enable_work() for a delayed item
 * @dwork: the delayed item
 *
 * Context: any.  Return: %true if the disable count is now zero.
 */
bool podwq_enable_delayed_work(struct podwq_delayed_work *dwork)
{
	return podwq_enable_work(&dwork->work);
}
EXPORT_SYMBOL_GPL(podwq_enable_delayed_work);

/**
 * podwq_work_busy - is an item pending or running?
 * @work: the item
 *
 * Unsynchronised: a hint for debugging and heuristics only.
 *
 * Context: any.  Return: PODWQ_WORK_BUSY_PENDING and/or _RUNNING.
 */
unsigned int podwq_work_busy(struct podwq_work *work)
{
	struct podwq_worker_pool *pool;
	unsigned long irq_flags;
	unsigned int ret = 0;

	if (podwq_work_pending(work))
		ret |= PODWQ_WORK_BUSY_PENDING;

	rcu_read_lock();
	pool = podwq_get_work_pool(work);
	if (pool) {
		raw_spin_lock_irqsave(&pool->lock, irq_flags);
		if (podwq_find_worker_executing_work(pool, work))
			ret |= PODWQ_WORK_BUSY_RUNNING;
		raw_spin_unlock_irqrestore(&pool->lock, irq_flags);
	}
	rcu_read_unlock();

	return ret;
}
EXPORT_SYMBOL_GPL(podwq_work_busy);

/**
 * podwq_current_work - the item %current is running, if it is a podwq
 * worker
 *
 * Return: the item, or NULL.
 */
struct podwq_work *podwq_current_work(void)
{
	struct podwq_worker *worker = podwq_current_worker();

	return worker ? worker->current_work : NULL;
}
EXPORT_SYMBOL_GPL(podwq_current_work);
