/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - the modern Linux workqueue engine as an out-of-tree module.
 *
 * Public API for client modules.  Names follow <linux/workqueue.h> with a
 * podwq_ / PODWQ_ prefix; semantics follow Linux 7.2 unless
 * Documentation/podwq.rst says otherwise.
 *
 * Locking: a client owns a work item until it is queued and again once its
 * function has started; podwq owns it in between and serialises every
 * change of podwq_work->data on the PENDING bit and the lock of the pool
 * it is queued on.  Clients never take podwq's locks.  The contexts each
 * call may be used from are documented at the function in work.c and
 * workqueue.c: queueing, cancel (not _sync), disable and enable work from
 * any context including hard irq; flush, *_sync, alloc, destroy and attrs
 * calls sleep.
 */
#ifndef _PODWQ_H
#define _PODWQ_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/threads.h>
#include <linux/timer.h>
#include <linux/types.h>

#define PODWQ_VERSION	"0.1.0"

/*
 * Affinity scopes of unbound workqueues, as enum wq_affn_scope in Linux
 * 7.2: which CPUs share a pod, and so a pool of workers.  PODWQ_AFFN_DFL
 * stands for the module-wide default (parameter default_affinity_scope).
 */
enum podwq_affn_scope {
	PODWQ_AFFN_DFL = 0,		/* use the module default */
	PODWQ_AFFN_CPU,			/* one pod per CPU */
	PODWQ_AFFN_SMT,			/* one pod per SMT sibling group */
	PODWQ_AFFN_CACHE,		/* one pod per last-level cache */
	PODWQ_AFFN_CACHE_SHARD,		/* LLCs cut into shards of cores */
	PODWQ_AFFN_NUMA,		/* one pod per NUMA node */
	PODWQ_AFFN_SYSTEM,		/* one pod for the whole system */

	PODWQ_AFFN_NR_TYPES,
};

struct podwq_work;
struct podwq_workqueue;		/* opaque to clients */

typedef void (*podwq_work_func_t)(struct podwq_work *work);

/*
 * podwq_work->data holds the PENDING bit and friends in its low bits.  While
 * the item is queued, the rest points to the pool_workqueue it is queued on
 * (so those are aligned to 1 << PODWQ_WORK_STRUCT_PWQ_SHIFT); once it is off
 * the queue, the rest records its disable depth and the ID of the pool it
 * last ran on, which is what keeps a work item from running on two CPUs at
 * once.
 */
enum podwq_work_bits {
	PODWQ_WORK_STRUCT_PENDING_BIT	= 0,	/* queued or about to be */
	PODWQ_WORK_STRUCT_INACTIVE_BIT,		/* over max_active, parked */
	PODWQ_WORK_STRUCT_PWQ_BIT,		/* data points to a pwq */
	PODWQ_WORK_STRUCT_LINKED_BIT,		/* next item is linked to us */
	PODWQ_WORK_STRUCT_FLAG_BITS,

	/* flush color, see podwq_flush_workqueue() */
	PODWQ_WORK_STRUCT_COLOR_SHIFT	= PODWQ_WORK_STRUCT_FLAG_BITS,
	PODWQ_WORK_STRUCT_COLOR_BITS	= 4,

	/* [ pwq pointer ] [ flush color ] [ STRUCT flags ] */
	PODWQ_WORK_STRUCT_PWQ_SHIFT	= PODWQ_WORK_STRUCT_COLOR_SHIFT +
					  PODWQ_WORK_STRUCT_COLOR_BITS,

	/* [ pool ID ] [ disable depth ] [ OFFQ flags ] [ STRUCT flags ] */
	PODWQ_WORK_OFFQ_FLAG_SHIFT	= PODWQ_WORK_STRUCT_FLAG_BITS,
	PODWQ_WORK_OFFQ_BH_BIT		= PODWQ_WORK_OFFQ_FLAG_SHIFT,
	PODWQ_WORK_OFFQ_FLAG_END,
	PODWQ_WORK_OFFQ_FLAG_BITS	= PODWQ_WORK_OFFQ_FLAG_END -
					  PODWQ_WORK_OFFQ_FLAG_SHIFT,

	PODWQ_WORK_OFFQ_DISABLE_SHIFT	= PODWQ_WORK_OFFQ_FLAG_SHIFT +
					  PODWQ_WORK_OFFQ_FLAG_BITS,
	PODWQ_WORK_OFFQ_DISABLE_BITS	= 16,

	PODWQ_WORK_OFFQ_POOL_SHIFT	= PODWQ_WORK_OFFQ_DISABLE_SHIFT +
					  PODWQ_WORK_OFFQ_DISABLE_BITS,
	PODWQ_WORK_OFFQ_LEFT		= BITS_PER_LONG -
					  PODWQ_WORK_OFFQ_POOL_SHIFT,
	PODWQ_WORK_OFFQ_POOL_BITS	= PODWQ_WORK_OFFQ_LEFT <= 31 ?
					  PODWQ_WORK_OFFQ_LEFT : 31,
};

enum podwq_misc_consts {
	PODWQ_WORK_NR_COLORS	= 1 << PODWQ_WORK_STRUCT_COLOR_BITS,

	/* not bound to a CPU: the local one, or one the wq allows */
	PODWQ_WORK_CPU_UNBOUND	= NR_CPUS,

	/* podwq_work_busy() bits */
	PODWQ_WORK_BUSY_PENDING	= 1 << 0,
	PODWQ_WORK_BUSY_RUNNING	= 1 << 1,
};

#define PODWQ_WORK_STRUCT_PENDING	(1UL << PODWQ_WORK_STRUCT_PENDING_BIT)
#define PODWQ_WORK_STRUCT_INACTIVE	(1UL << PODWQ_WORK_STRUCT_INACTIVE_BIT)
#define PODWQ_WORK_STRUCT_PWQ		(1UL << PODWQ_WORK_STRUCT_PWQ_BIT)
#define PODWQ_WORK_STRUCT_LINKED	(1UL << PODWQ_WORK_STRUCT_LINKED_BIT)
#define PODWQ_WORK_OFFQ_FLAG_MASK	\
	(((1UL << PODWQ_WORK_OFFQ_FLAG_BITS) - 1) << PODWQ_WORK_OFFQ_FLAG_SHIFT)
#define PODWQ_WORK_OFFQ_DISABLE_MASK	\
	(((1UL << PODWQ_WORK_OFFQ_DISABLE_BITS) - 1) << \
	 PODWQ_WORK_OFFQ_DISABLE_SHIFT)
#define PODWQ_WORK_OFFQ_POOL_NONE	((1UL << PODWQ_WORK_OFFQ_POOL_BITS) - 1)
#define PODWQ_WORK_STRUCT_NO_POOL	\
	(PODWQ_WORK_OFFQ_POOL_NONE << PODWQ_WORK_OFFQ_POOL_SHIFT)
#define PODWQ_WORK_STRUCT_PWQ_MASK	\
	(~((1UL << PODWQ_WORK_STRUCT_PWQ_SHIFT) - 1))

#define PODWQ_WORK_DATA_INIT()	\
	ATOMIC_LONG_INIT((unsigned long)PODWQ_WORK_STRUCT_NO_POOL)

struct podwq_work {
	atomic_long_t		data;
	struct list_head	entry;
	podwq_work_func_t	func;
};

struct podwq_delayed_work {
	struct podwq_work	work;
	struct timer_list	timer;

	/* target workqueue and CPU ->timer queues ->work on */
	struct podwq_workqueue	*wq;
	int			cpu;
};

/* the timer function of every podwq_delayed_work; not for direct calls */
void podwq_delayed_work_timer_fn(struct timer_list *t);

#define __PODWQ_WORK_INITIALIZER(n, f) {				\
	.data	= PODWQ_WORK_DATA_INIT(),				\
	.entry	= { &(n).entry, &(n).entry },				\
	.func	= (f),							\
}

#define __PODWQ_DELAYED_WORK_INITIALIZER(n, f, tflags) {		\
	.work	= __PODWQ_WORK_INITIALIZER((n).work, (f)),		\
	.timer	= __TIMER_INITIALIZER(podwq_delayed_work_timer_fn,	\
				      (tflags) | TIMER_IRQSAFE),	\
}

#define DECLARE_PODWQ_WORK(n, f)					\
	struct podwq_work n = __PODWQ_WORK_INITIALIZER(n, f)

#define DECLARE_PODWQ_DELAYED_WORK(n, f)				\
	struct podwq_delayed_work n = __PODWQ_DELAYED_WORK_INITIALIZER(n, f, 0)

#define PODWQ_INIT_WORK(_work, _func)					\
	do {								\
		atomic_long_set(&(_work)->data,				\
				(long)PODWQ_WORK_STRUCT_NO_POOL);	\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
	} while (0)

#define PODWQ_INIT_DELAYED_WORK(_work, _func)				\
	do {								\
		PODWQ_INIT_WORK(&(_work)->work, (_func));		\
		timer_setup(&(_work)->timer,				\
			    podwq_delayed_work_timer_fn, TIMER_IRQSAFE);\
	} while (0)

static inline struct podwq_delayed_work *
to_podwq_delayed_work(struct podwq_work *work)
{
	return container_of(work, struct podwq_delayed_work, work);
}

/* whether @work is pending (queued, or its timer armed); a hint only */
static inline bool podwq_work_pending(struct podwq_work *work)
{
	return test_bit(PODWQ_WORK_STRUCT_PENDING_BIT,
			(unsigned long *)&work->data);
}

static inline bool podwq_delayed_work_pending(struct podwq_delayed_work *dwork)
{
	return podwq_work_pending(&dwork->work);
}

/* workqueue flags, the values of Linux 7.2's WQ_* */
enum podwq_wq_flags {
	PODWQ_BH		= 1 << 0,  /* run in softirq context (bh.c) */
	PODWQ_UNBOUND		= 1 << 1,  /* not bound to any CPU */
	PODWQ_FREEZABLE		= 1 << 2,  /* accepted, no effect: design.rst */
	PODWQ_MEM_RECLAIM	= 1 << 3,  /* has a rescuer */
	PODWQ_HIGHPRI		= 1 << 4,  /* nice -20 workers */
	PODWQ_CPU_INTENSIVE	= 1 << 5,  /* out of concurrency management */
	PODWQ_SYSFS		= 1 << 6,  /* /sys/kernel/podwq/<name>/ */
	PODWQ_PERCPU		= 1 << 8,  /* bound to CPUs (the default) */

	__PODWQ_DESTROYING	= 1 << 15, /* internal: being destroyed */
	__PODWQ_DRAINING	= 1 << 16, /* internal: being drained */
	__PODWQ_ORDERED		= 1 << 17, /* internal: ordered */
};

enum podwq_wq_consts {
	PODWQ_MAX_ACTIVE	= 2048,
	PODWQ_UNBOUND_MAX_ACTIVE = PODWQ_MAX_ACTIVE,
	PODWQ_DFL_ACTIVE	= PODWQ_MAX_ACTIVE / 2,
	PODWQ_DFL_MIN_ACTIVE	= 8,
};

/*
 * Attributes of an unbound workqueue, as struct workqueue_attrs: allocate
 * with podwq_alloc_workqueue_attrs(), fill in nice, cpumask, affn_scope
 * and affn_strict, and hand to podwq_apply_workqueue_attrs().
 * __pod_cpumask and ordered are podwq's own.
 */
struct podwq_attrs {
	int			nice;		/* nice of the workers */
	cpumask_var_t		cpumask;	/* CPUs work may run on */
	cpumask_var_t		__pod_cpumask;	/* internal: a pool's pod */
	bool			affn_strict;	/* keep workers in the pod */
	enum podwq_affn_scope	affn_scope;	/* how CPUs group in pods */
	bool			ordered;	/* internal: one at a time */
};

extern struct podwq_workqueue *podwq_system_wq;
extern struct podwq_workqueue *podwq_system_highpri_wq;
extern struct podwq_workqueue *podwq_system_unbound_wq;
/* BH: items run in the TASKLET (normal) or HI (highpri) softirq */
extern struct podwq_workqueue *podwq_system_bh_wq;
extern struct podwq_workqueue *podwq_system_bh_highpri_wq;

__printf(1, 4) struct podwq_workqueue *
podwq_alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);

#define podwq_alloc_ordered_workqueue(fmt, flags, args...)		\
	podwq_alloc_workqueue(fmt, PODWQ_UNBOUND | __PODWQ_ORDERED | (flags), \
			      1, ##args)

void podwq_destroy_workqueue(struct podwq_workqueue *wq);

struct podwq_attrs *podwq_alloc_workqueue_attrs(void);
void podwq_free_workqueue_attrs(struct podwq_attrs *attrs);
int podwq_apply_workqueue_attrs(struct podwq_workqueue *wq,
				const struct podwq_attrs *attrs);
void podwq_workqueue_set_max_active(struct podwq_workqueue *wq,
				    int max_active);
void podwq_workqueue_set_min_active(struct podwq_workqueue *wq,
				    int min_active);

bool podwq_queue_work_on(int cpu, struct podwq_workqueue *wq,
			 struct podwq_work *work);
bool podwq_queue_work_node(int node, struct podwq_workqueue *wq,
			   struct podwq_work *work);
bool podwq_queue_delayed_work_on(int cpu, struct podwq_workqueue *wq,
				 struct podwq_delayed_work *dwork,
				 unsigned long delay);
bool podwq_mod_delayed_work_on(int cpu, struct podwq_workqueue *wq,
			       struct podwq_delayed_work *dwork,
			       unsigned long delay);

void podwq_flush_workqueue(struct podwq_workqueue *wq);
void podwq_drain_workqueue(struct podwq_workqueue *wq);

bool podwq_flush_work(struct podwq_work *work);
bool podwq_flush_delayed_work(struct podwq_delayed_work *dwork);
bool podwq_cancel_work(struct podwq_work *work);
bool podwq_cancel_work_sync(struct podwq_work *work);
bool podwq_cancel_delayed_work(struct podwq_delayed_work *dwork);
bool podwq_cancel_delayed_work_sync(struct podwq_delayed_work *dwork);
bool podwq_disable_work(struct podwq_work *work);
bool podwq_disable_work_sync(struct podwq_work *work);
bool podwq_enable_work(struct podwq_work *work);
bool podwq_disable_delayed_work(struct podwq_delayed_work *dwork);
bool podwq_disable_delayed_work_sync(struct podwq_delayed_work *dwork);
bool podwq_enable_delayed_work(struct podwq_delayed_work *dwork);

unsigned int podwq_work_busy(struct podwq_work *work);
struct podwq_work *podwq_current_work(void);

/* queue @work on the local CPU (per-CPU wq) or the local pod (unbound) */
static inline bool podwq_queue_work(struct podwq_workqueue *wq,
				    struct podwq_work *work)
{
	return podwq_queue_work_on(PODWQ_WORK_CPU_UNBOUND, wq, work);
}

static inline bool podwq_queue_delayed_work(struct podwq_workqueue *wq,
					    struct podwq_delayed_work *dwork,
					    unsigned long delay)
{
	return podwq_queue_delayed_work_on(PODWQ_WORK_CPU_UNBOUND, wq, dwork,
					   delay);
}

static inline bool podwq_mod_delayed_work(struct podwq_workqueue *wq,
					  struct podwq_delayed_work *dwork,
					  unsigned long delay)
{
	return podwq_mod_delayed_work_on(PODWQ_WORK_CPU_UNBOUND, wq, dwork,
					 delay);
}

#endif /* _PODWQ_H */
