/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - kernel API drift between Linux 6.1 and the newest kernels.
 *
 * Every version test in podwq lives in this header: the rest of the module
 * calls the podwq_compat_*() wrappers and never looks at LINUX_VERSION_CODE.
 * Each wrapper names the kernel release that changed the API it hides.
 *
 * Locking: none; these are thin wrappers with the locking rules of the
 * kernel functions they call.
 */
#ifndef _PODWQ_COMPAT_H
#define _PODWQ_COMPAT_H

#include <linux/version.h>
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

/*
 * Concurrency management hangs off preempt notifiers (pool.c); every
 * Debian kernel podwq targets has them through KVM.
 */
#ifndef CONFIG_PREEMPT_NOTIFIERS
#error "podwq needs CONFIG_PREEMPT_NOTIFIERS"
#endif

/*
 * cpuid_count() and cpuid_ebx() came with <asm/processor.h> until 6.16
 * moved them to <asm/cpuid/api.h>, which <asm/processor.h> no longer
 * pulls in.  Test for the header rather than the version, as
 * distributions backport.
 */
#ifdef CONFIG_X86
#include <asm/processor.h>
#if __has_include("asm/cpuid/api.h")
#include <asm/cpuid/api.h>
#endif
#endif

/* hrtimer_setup() replaced hrtimer_init() + ->function assignment in 6.15. */
static inline void podwq_compat_hrtimer_setup(struct hrtimer *timer,
		enum hrtimer_restart (*fn)(struct hrtimer *),
		clockid_t clock_id, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	hrtimer_setup(timer, fn, clock_id, mode);
#else
	hrtimer_init(timer, clock_id, mode);
	timer->function = fn;
#endif
}

/*
 * Is @p, which is switching out, blocking rather than being preempted?
 * Linux 6.12 added delayed dequeue: a task that blocks may stay on its
 * runqueue, marked sched_delayed, until it is picked again;
 * task_is_runnable() came with it.  Before, blocking cleared ->on_rq in
 * __schedule() before the switch.  Called from a preempt notifier's
 * sched_out, under the runqueue lock.
 */
static inline bool podwq_compat_task_blocked(struct task_struct *p)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return !task_is_runnable(p);
#else
	return !READ_ONCE(p->on_rq);
#endif
}

/*
 * Arm @timer on whatever CPU the timer core prefers.  Since 6.9 add_timer()
 * pins the timer to the local CPU and add_timer_global() doesn't; before,
 * add_timer() left the choice to timer migration.
 */
static inline void podwq_compat_add_timer_global(struct timer_list *timer)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	add_timer_global(timer);
#else
	add_timer(timer);
#endif
}

/*
 * Trace events (podwq_trace.h): since 6.10 __assign_str() takes only the
 * field and copies what __string() named; before, the source came again.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define podwq_compat_assign_str(field, src)	__assign_str(field)
#else
#define podwq_compat_assign_str(field, src)	__assign_str(field, src)
#endif

/*
 * For code that creates the kernel's own workqueues (the benchmark):
 * WQ_PERCPU (6.17) marks per-CPU workqueues, and 7.2 warns when neither it
 * nor WQ_UNBOUND is given.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define PODWQ_COMPAT_WQ_PERCPU	WQ_PERCPU
#else
#define PODWQ_COMPAT_WQ_PERCPU	0
#endif

/*
 * For the benchmark: the kernel's BH workqueues (WQ_BH, system_bh_wq) came
 * with 6.9.  Before, NULL: the benchmark compares with a tasklet instead.
 */
static inline struct workqueue_struct *podwq_compat_system_bh_wq(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	return system_bh_wq;
#else
	return NULL;
#endif
}

#endif /* _PODWQ_COMPAT_H */
