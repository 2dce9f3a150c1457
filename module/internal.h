/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - declarations shared between podwq's source files.  Not for
 * client modules: they include podwq.h only.
 *
 * The structures and globals below are also read from outside through
 * BTF and kallsyms (the wq_dump.py twin); Documentation/internals.rst
 * lists that "inspector contract": keep the names.
 *
 * Locking.  Each field carries the rule that protects it:
 *
 * I:  set up by the creator before anyone else sees the object; read-only
 *     afterwards.
 * L:  pool->lock (a raw spinlock taken with irqs off).
 * C:  pool->cm_lock, a raw spinlock nested inside pool->lock and inside
 *     the scheduler's runqueue lock; nothing is taken under it.  It
 *     protects the concurrency-management state that the preempt
 *     notifiers change (see pool.c).  Writers of worker->flags bits in
 *     PODWQ_WORKER_NOT_RUNNING hold it as well as pool->lock.
 * K:  changed only by the worker itself while holding pool->lock; readable
 *     by the worker without it.
 * S:  changed and read only by the worker itself.
 * A:  podwq_pool_attach_mutex.
 * PL: podwq_pool_mutex.
 * PR: podwq_pool_mutex for writes, RCU for reads.
 * PW: podwq_pool_mutex and wq->mutex for writes, either for reads.
 * WQ: wq->mutex.
 * WR: wq->mutex for writes, RCU for reads.
 * WO: wq->mutex for writes, READ_ONCE() for lockless reads.
 * LN: pool->lock and nna->lock for writes, either for reads.
 * MD: podwq_mayday_lock (rescuer.c), a raw spinlock nested inside
 *     pool->lock.
 *
 * Lock order: cpus_read_lock > podwq_pool_mutex > wq->mutex >
 * podwq_pool_attach_mutex > pool->lock > nna->lock, podwq_mayday_lock;
 * pool->lock >
 * scheduler locks (wake-ups) > pool->cm_lock.  Two pool locks nest only
 * through the trylock dance in pwq_dec_nr_active() (workqueue.c).
 */
#ifndef _PODWQ_INTERNAL_H
#define _PODWQ_INTERNAL_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/irq_work.h>
#include <linux/kobject.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>

#include "podwq.h"

/* main.c */
extern struct kobject *podwq_kobj;
extern struct dentry *podwq_debugfs_dir;	/* debugfs podwq/, or an error */

/* objects.c: live object counts, checked at exit */
enum podwq_obj_type {
	PODWQ_OBJ_WQ,			/* struct podwq_workqueue */
	PODWQ_OBJ_PWQ,			/* struct podwq_pool_workqueue */
	PODWQ_OBJ_POOL,			/* unbound struct podwq_worker_pool */
	PODWQ_OBJ_WORKER,		/* struct podwq_worker */
	PODWQ_OBJ_ATTRS,		/* struct podwq_attrs */
	PODWQ_OBJ_NNA,			/* struct podwq_node_nr_active */

	PODWQ_NR_OBJ_TYPES,
};

extern atomic_long_t podwq_nr_objs[PODWQ_NR_OBJ_TYPES];

static inline void podwq_obj_alloced(enum podwq_obj_type type)
{
	atomic_long_inc(&podwq_nr_objs[type]);
}

static inline void podwq_obj_freed(enum podwq_obj_type type)
{
	atomic_long_dec(&podwq_nr_objs[type]);
}

void podwq_objects_init(void);
long podwq_objects_check(void);

enum podwq_pool_flags {
	/*
	 * A per-CPU pool is either associated with its CPU, all its workers
	 * bound there and concurrency managed, or DISASSOCIATED: the CPU is
	 * (going) down, every worker has PODWQ_WORKER_UNBOUND and runs
	 * anywhere, and the pool behaves like an unbound one.  Flipped only
	 * under podwq_pool_attach_mutex.  Unbound pools are always
	 * DISASSOCIATED, and so are BH pools (bh.c): one per CPU and
	 * priority, run from that CPU's softirq, untouched by hotplug.
	 */
	PODWQ_POOL_BH			= 1 << 0,	/* a BH pool */
	PODWQ_POOL_MANAGER_ACTIVE	= 1 << 1,	/* being managed */
	PODWQ_POOL_DISASSOCIATED	= 1 << 2,	/* CPU can't serve */
	/* a dead CPU's BH pool, drained elsewhere */
	PODWQ_POOL_BH_DRAINING		= 1 << 3,
};

enum podwq_worker_flags {
	PODWQ_WORKER_DIE		= 1 << 1,	/* exit when woken */
	PODWQ_WORKER_IDLE		= 1 << 2,	/* on the idle list */
	PODWQ_WORKER_PREP		= 1 << 3,	/* between items */
	PODWQ_WORKER_CPU_INTENSIVE	= 1 << 6,	/* out of CM */
	PODWQ_WORKER_UNBOUND		= 1 << 7,	/* not on pool->cpu */
	PODWQ_WORKER_REBOUND		= 1 << 8,	/* just rebound */

	PODWQ_WORKER_NOT_RUNNING	= PODWQ_WORKER_PREP |
					  PODWQ_WORKER_CPU_INTENSIVE |
					  PODWQ_WORKER_UNBOUND |
					  PODWQ_WORKER_REBOUND,
};

enum podwq_internal_consts {
	PODWQ_NR_STD_WORKER_POOLS	= 2,	/* normal and highpri */
	PODWQ_UNBOUND_POOL_HASH_ORDER	= 6,	/* hashed by pool->attrs */
	PODWQ_BUSY_WORKER_HASH_ORDER	= 5,	/* busy workers by item */
	PODWQ_MAX_IDLE_WORKERS_RATIO	= 4,	/* 1/4 of busy can idle */
	PODWQ_CREATE_COOLDOWN		= HZ,	/* after a failed create */
	/* call the rescuers after 10 ms (two ticks at least), then 100 ms */
	PODWQ_MAYDAY_INITIAL_TIMEOUT	= HZ / 100 >= 2 ? HZ / 100 : 2,
	PODWQ_MAYDAY_INTERVAL		= HZ / 10,
	PODWQ_RESCUER_BATCH		= 16,	/* items per mayday turn */
	PODWQ_RESCUER_NICE_LEVEL	= MIN_NICE,
	PODWQ_HIGHPRI_NICE_LEVEL	= MIN_NICE,
	PODWQ_NAME_LEN			= 32,	/* as WQ_NAME_LEN */
	/* "podwq/u<pool>:<id>", "podwq/R-<wq name>" */
	PODWQ_WORKER_ID_LEN		= 24,
	PODWQ_WORKER_DESC_LEN		= 32,

	/* a BH pool's softirq pass: at most this many items or msecs */
	PODWQ_BH_WORKER_RESTARTS	= 10,
	PODWQ_BH_WORKER_MSECS		= 2,
};

/* cancel flags */
enum podwq_cancel_flags {
	PODWQ_CANCEL_DELAYED		= 1 << 0,	/* a delayed work */
	PODWQ_CANCEL_DISABLE		= 1 << 1,	/* and disable it */
};

struct podwq_worker_pool;
struct podwq_pool_workqueue;

struct podwq_worker {
	/* on the idle list while idle, in the busy hash while busy */
	union {
		struct list_head	entry;		/* L: while idle */
		struct hlist_node	hentry;		/* L: while busy */
	};

	struct podwq_work	*current_work;	/* K: the item running */
	podwq_work_func_t	current_func;	/* K: its function */
	struct podwq_pool_workqueue *current_pwq; /* K: its pwq */
	u64			current_at;	/* K: runtime at its start */
	/*
	 * Runtime at the item's start or its last wake-up, for CPU-intensive
	 * detection (intensive.c).  Written by the worker: at the start
	 * under pool->lock, on wake-up under cm_lock; read under both.
	 */
	u64			current_wake_at;
	unsigned long		current_start;	/* K: jiffies at its start */
	unsigned int		current_color;	/* K: its flush color */

	int			sleeping;	/* C: blocked in an item */
	bool			cm_counted;	/* C: counted in nr_running */

	podwq_work_func_t	last_func;	/* K: last item's function */

	struct list_head	scheduled;	/* L: items assigned to us */

	struct task_struct	*task;		/* I: the kthread */
	struct podwq_worker_pool *pool;		/* A: our pool */
	struct list_head	node;		/* A: on pool->workers */

	unsigned long		last_active;	/* K: went idle at */
	unsigned int		flags;		/* L (and C): PODWQ_WORKER_* */
	int			id;		/* I: ID within the pool */

	char			desc[PODWQ_WORKER_DESC_LEN]; /* K: wq name */

	/* I: the workqueue a rescuer serves; NULL for pool workers */
	struct podwq_workqueue	*rescue_wq;

	/* I: concurrency-management hooks of per-CPU pool workers */
	struct preempt_notifier	pn;
	bool			pn_registered;	/* S */
};

struct podwq_worker_pool {
	raw_spinlock_t		lock;		/* the pool lock */
	int			cpu;		/* I: CPU, -1 if unbound */
	int			node;		/* I: NUMA node */
	int			id;		/* I: ID in podwq_pool_idr */
	unsigned int		flags;		/* L: PODWQ_POOL_* */

	unsigned long		last_progress_ts; /* L: worklist moved */

	/*
	 * Workers of this per-CPU pool that are running an item and neither
	 * sleeping nor out of concurrency management.  Written under
	 * cm_lock only (see pool.c); readers under pool->lock see a value
	 * that a kick through cm_kick will re-examine if it drops to zero.
	 */
	int			nr_running;	/* C */

	struct list_head	worklist;	/* L: pending items */

	int			nr_workers;	/* L: all workers */
	int			nr_idle;	/* L: idle workers */

	struct list_head	idle_list;	/* L: idle workers, LIFO */
	struct timer_list	idle_timer;	/* L: idle timeout */
	struct kthread_work	idle_cull_work;	/* L: culls idle workers */
	/* L: calls the rescuers while the manager can't create a worker */
	struct timer_list	mayday_timer;

	/* a worker is either in busy_hash, on idle_list, or the manager */
	DECLARE_HASHTABLE(busy_hash, PODWQ_BUSY_WORKER_HASH_ORDER); /* L */

	struct podwq_worker	*manager;	/* L: informational */
	struct list_head	workers;	/* A: attached workers */

	struct ida		worker_ida;	/* worker IDs */

	struct podwq_attrs	*attrs;		/* I: worker attributes */
	struct hlist_node	hash_node;	/* PL: in unbound_pool_hash */
	int			refcnt;		/* PL: pwqs of unbound pools */

	raw_spinlock_t		cm_lock;	/* see the C rule above */
	/* wakes a worker after a running one blocked */
	struct irq_work		cm_kick;
	/* C: the pwq of the item whose blocking queued cm_kick */
	struct podwq_pool_workqueue *cm_kick_pwq;

	/*
	 * Per-CPU pools: looks for items hogging the CPU (intensive.c).
	 * Armed while a worker runs an item in concurrency management.
	 */
	struct hrtimer		hog_timer;
	bool			hog_armed;	/* L: hog_timer is armed */

	/* freed after an RCU grace period for podwq_get_work_pool() */
	struct rcu_head		rcu;
};

/* per-pwq statistics, as enum pool_workqueue_stats */
enum podwq_pwq_stats {
	PODWQ_PWQ_STAT_STARTED,		/* items started */
	PODWQ_PWQ_STAT_COMPLETED,	/* items completed */
	PODWQ_PWQ_STAT_CPU_TIME,	/* CPU time of items, in usecs */
	PODWQ_PWQ_STAT_CPU_INTENSIVE,	/* items found hogging the CPU */
	PODWQ_PWQ_STAT_CM_WAKEUP,	/* concurrency-management wake-ups */
	PODWQ_PWQ_STAT_REPATRIATED,	/* idle workers sent back to pod */
	PODWQ_PWQ_STAT_MAYDAY,		/* maydays sent to the rescuer */
	PODWQ_PWQ_STAT_RESCUED,		/* items the rescuer ran */

	PODWQ_PWQ_NR_STATS,
};

/*
 * The link between a workqueue and a pool.  While an item is queued its
 * data points here, so the structure is aligned to leave the low bits of
 * the pointer free.
 */
struct podwq_pool_workqueue {
	struct podwq_worker_pool *pool;		/* I: the pool */
	struct podwq_workqueue	*wq;		/* I: the workqueue */
	int			work_color;	/* L: color of new items */
	int			flush_color;	/* L: color being flushed */
	int			refcnt;		/* L: references */
	int			nr_in_flight[PODWQ_WORK_NR_COLORS];
						/* L: items in flight */
	bool			plugged;	/* L: execution suspended */

	/*
	 * Items beyond max_active wait on inactive_works, marked INACTIVE,
	 * and don't count in nr_active.  Flush barriers are INACTIVE too but
	 * sit on the worklist or a worker's scheduled list.
	 */
	int			nr_active;	/* L: active items */
	struct list_head	inactive_works;	/* L: parked items */
	struct list_head	pending_node;	/* LN: on nna->pending_pwqs */
	struct list_head	pwqs_node;	/* WR: on wq->pwqs */
	struct list_head	mayday_node;	/* MD: on wq->maydays */

	u64			stats[PODWQ_PWQ_NR_STATS]; /* L */

	/* released in process context by podwq_release_worker */
	struct kthread_work	release_work;
	struct rcu_head		rcu;
} __aligned(1 << PODWQ_WORK_STRUCT_PWQ_SHIFT);

/* a podwq_flush_workqueue() caller waiting for its color */
struct podwq_flusher {
	struct list_head	list;		/* WQ: on a flusher list */
	int			flush_color;	/* WQ: color waited for */
	struct completion	done;		/* flush completion */
};

/*
 * max_active of an unbound workqueue applies to the whole system; it is
 * counted per NUMA node (entry nr_node_ids is for NUMA_NO_NODE) and split
 * among nodes by their share of the workqueue's online CPUs.
 */
struct podwq_node_nr_active {
	int			max;		/* per-node max_active */
	atomic_t		nr;		/* per-node nr_active */
	raw_spinlock_t		lock;		/* nests inside pool locks */
	struct list_head	pending_pwqs;	/* LN: pwqs waiting for nr */
};

struct podwq_wq_sysfs;

struct podwq_workqueue {
	struct list_head	pwqs;		/* WR: all pwqs */
	struct list_head	list;		/* PR: on podwq_workqueues */

	struct mutex		mutex;		/* protects this wq */
	int			work_color;	/* WQ: color of new items */
	int			flush_color;	/* WQ: color being flushed */
	atomic_t		nr_pwqs_to_flush; /* flush in progress */
	struct podwq_flusher	*first_flusher;	/* WQ: first flusher */
	struct list_head	flusher_queue;	/* WQ: flush waiters */
	struct list_head	flusher_overflow; /* WQ: waiting for a color */

	struct list_head	maydays;	/* MD: pwqs asking for rescue */
	/* MEM_RECLAIM only; PL and MD to write, either to read */
	struct podwq_worker	*rescuer;

	int			nr_drainers;	/* WQ: drains in progress */

	int			max_active;	/* WO: max active items */
	int			min_active;	/* WO: min active items */
	int			saved_max_active; /* WQ: requested max */
	int			saved_min_active; /* WQ: requested min */

	struct podwq_attrs	*unbound_attrs;	/* PW: unbound wqs only */
	struct podwq_pool_workqueue __rcu *dfl_pwq; /* PW: unbound only */

	struct podwq_wq_sysfs	*wq_dev;	/* PL: sysfs directory */

	char			name[PODWQ_NAME_LEN]; /* I: its name */

	/* freed after an RCU grace period */
	struct rcu_head		rcu;

	/* hot fields used when queueing */
	unsigned int		flags ____cacheline_aligned; /* WQ */
	struct podwq_pool_workqueue __rcu * __percpu *cpu_pwq; /* I */
	struct podwq_node_nr_active *node_nr_active[]; /* I: unbound only */
};

/* workqueue.c */
extern struct mutex podwq_pool_mutex;
extern struct list_head podwq_workqueues;
extern cpumask_var_t podwq_unbound_cpumask;
extern cpumask_var_t podwq_online_cpumask;
extern struct kthread_worker *podwq_release_worker;

void podwq_get_pwq(struct podwq_pool_workqueue *pwq);
void podwq_put_pwq(struct podwq_pool_workqueue *pwq);
void podwq_put_pwq_unlocked(struct podwq_pool_workqueue *pwq);
bool podwq_pwq_tryinc_nr_active(struct podwq_pool_workqueue *pwq, bool fill);
void podwq_pwq_dec_nr_in_flight(struct podwq_pool_workqueue *pwq,
				unsigned long work_data);
void podwq_copy_attrs(struct podwq_attrs *to, const struct podwq_attrs *from);
u32 podwq_attrs_hash(const struct podwq_attrs *attrs);
bool podwq_attrs_equal(const struct podwq_attrs *a,
		       const struct podwq_attrs *b);
void podwq_attrs_clear_for_pool(struct podwq_attrs *attrs);
void podwq_unbound_wqs_cpu_changed(unsigned int cpu, bool online);
int podwq_apply_workqueue_attrs_locked(struct podwq_workqueue *wq,
				       const struct podwq_attrs *attrs);
int podwq_set_unbound_cpumask(cpumask_var_t cpumask);
int podwq_workqueue_init(void);
void podwq_workqueue_exit(void);

#define for_each_pwq(pwq, wq)						\
	list_for_each_entry_rcu((pwq), &(wq)->pwqs, pwqs_node,		\
				lockdep_is_held(&(wq)->mutex))

/* pool.c */
DECLARE_PER_CPU(struct podwq_worker_pool [PODWQ_NR_STD_WORKER_POOLS],
		podwq_cpu_worker_pools);
extern struct idr podwq_pool_idr;
extern struct mutex podwq_pool_attach_mutex;
extern DECLARE_HASHTABLE(podwq_unbound_pool_hash,
			 PODWQ_UNBOUND_POOL_HASH_ORDER);

bool podwq_kick_pool(struct podwq_worker_pool *pool);
void podwq_worker_set_cpu_intensive(struct podwq_worker *worker);
struct podwq_worker *podwq_find_worker_executing_work(
		struct podwq_worker_pool *pool, struct podwq_work *work);
struct podwq_worker *podwq_current_worker(void);
struct podwq_worker_pool *podwq_get_unbound_pool(
		const struct podwq_attrs *attrs);
void podwq_put_unbound_pool(struct podwq_worker_pool *pool);
void podwq_unbind_disassociated_workers(void);
void podwq_bh_worker(struct podwq_worker_pool *pool);
int podwq_init_bh_pool(struct podwq_worker_pool *pool, int cpu, bool highpri);
void podwq_exit_bh_pool(struct podwq_worker_pool *pool);
int podwq_pool_init(void);
void podwq_pool_exit(void);

#define for_each_cpu_worker_pool(pool, cpu)				\
	for ((pool) = &per_cpu(podwq_cpu_worker_pools, cpu)[0];		\
	     (pool) < &per_cpu(podwq_cpu_worker_pools, cpu)[PODWQ_NR_STD_WORKER_POOLS]; \
	     (pool)++)

bool podwq_need_to_create_worker(struct podwq_worker_pool *pool);
struct podwq_worker *podwq_alloc_worker(int node);
void podwq_free_worker(struct podwq_worker *worker);
bool podwq_assign_work(struct podwq_work *work, struct podwq_worker *worker,
		       struct podwq_work **nextp);
void podwq_process_scheduled_works(struct podwq_worker *worker);
void podwq_worker_attach_to_pool(struct podwq_worker *worker,
				 struct podwq_worker_pool *pool);
void podwq_worker_detach_from_pool(struct podwq_worker *worker);

/* rescuer.c */
extern raw_spinlock_t podwq_mayday_lock;

int podwq_init_rescuer(struct podwq_workqueue *wq);
void podwq_destroy_rescuer(struct podwq_workqueue *wq);
void podwq_pool_mayday_timeout(struct timer_list *t);
int podwq_rescuer_thread(void *__rescuer);

/* fault.c */
bool podwq_fault_create_worker(void);

/* watchdog.c */
void podwq_watchdog_init(void);
void podwq_watchdog_exit(void);

/* bh.c */
DECLARE_PER_CPU(struct podwq_worker_pool [PODWQ_NR_STD_WORKER_POOLS],
		podwq_bh_worker_pools);

void podwq_bh_kick_pool(struct podwq_worker_pool *pool);
void podwq_bh_cancel_wait_running(struct podwq_worker_pool *pool);
int podwq_bh_init(void);
void podwq_bh_exit(void);
int podwq_bh_hotplug_init(void);
void podwq_bh_hotplug_exit(void);

#define for_each_bh_worker_pool(pool, cpu)				\
	for ((pool) = &per_cpu(podwq_bh_worker_pools, cpu)[0];		\
	     (pool) < &per_cpu(podwq_bh_worker_pools, cpu)[PODWQ_NR_STD_WORKER_POOLS]; \
	     (pool)++)

/* work.c */
void podwq_insert_work(struct podwq_pool_workqueue *pwq,
		       struct podwq_work *work, struct list_head *head,
		       unsigned int extra_flags);
void podwq_move_linked_works(struct podwq_work *work, struct list_head *head,
			     struct podwq_work **nextp);

/* intensive.c */
extern unsigned long podwq_cpu_intensive_thresh_us;
void podwq_hog_timer_init(struct podwq_worker_pool *pool);
void podwq_hog_timer_arm(struct podwq_worker_pool *pool);

/*
 * @worker starts an item: watch it for hogging the CPU if it runs under
 * concurrency management (never on BH pools, whose items the kernel's
 * tick doesn't watch either).  Context: pool->lock held, by the worker.
 */
static inline void podwq_hog_watch(struct podwq_worker *worker)
{
	struct podwq_worker_pool *pool = worker->pool;

	if (pool->cpu >= 0 && !pool->hog_armed &&
	    !(pool->flags & PODWQ_POOL_BH) &&
	    !(worker->flags & PODWQ_WORKER_NOT_RUNNING))
		podwq_hog_timer_arm(pool);
}

/* sysfs.c */
int podwq_sysfs_register(struct podwq_workqueue *wq);
void podwq_sysfs_unregister(struct podwq_workqueue *wq);
int podwq_sysfs_init(void);
void podwq_sysfs_exit(void);

/*
 * work->data accessors.  They change data only while the caller owns the
 * PENDING bit; see podwq.h for the layout.
 */
static inline unsigned long *podwq_work_data_bits(struct podwq_work *work)
{
	return (unsigned long *)&work->data;
}

static inline void podwq_set_work_data(struct podwq_work *work,
				       unsigned long data)
{
	atomic_long_set(&work->data, data);
}

static inline void podwq_set_work_pwq(struct podwq_work *work,
				      struct podwq_pool_workqueue *pwq,
				      unsigned long flags)
{
	podwq_set_work_data(work, (unsigned long)pwq |
			    PODWQ_WORK_STRUCT_PENDING | PODWQ_WORK_STRUCT_PWQ |
			    flags);
}

static inline void podwq_set_work_pool_and_keep_pending(struct podwq_work *work,
							int pool_id,
							unsigned long flags)
{
	podwq_set_work_data(work, ((unsigned long)pool_id <<
				   PODWQ_WORK_OFFQ_POOL_SHIFT) |
			    PODWQ_WORK_STRUCT_PENDING | flags);
}

static inline void podwq_set_work_pool_and_clear_pending(
		struct podwq_work *work, int pool_id, unsigned long flags)
{
	/*
	 * The write barrier pairs with the barrier implied by the next
	 * owner's test_and_set_bit(PENDING): all our updates to @work are
	 * visible to it.  The full barrier after it orders the clearing of
	 * PENDING before whatever the work function loads, so that a
	 * concurrent queuer who saw PENDING still set can rely on this run
	 * seeing its stores.
	 */
	smp_wmb();
	podwq_set_work_data(work, ((unsigned long)pool_id <<
				   PODWQ_WORK_OFFQ_POOL_SHIFT) | flags);
	/* PENDING clear before the work function's loads: see above */
	smp_mb();
}

static inline struct podwq_pool_workqueue *podwq_work_struct_pwq(
		unsigned long data)
{
	return (struct podwq_pool_workqueue *)(data & PODWQ_WORK_STRUCT_PWQ_MASK);
}

static inline struct podwq_pool_workqueue *podwq_get_work_pwq(
		struct podwq_work *work)
{
	unsigned long data = atomic_long_read(&work->data);

	if (data & PODWQ_WORK_STRUCT_PWQ)
		return podwq_work_struct_pwq(data);
	return NULL;
}

/*
 * The pool @work was queued on or last ran on, NULL if none.  Pools are
 * freed after an RCU grace period: call under rcu_read_lock() or
 * podwq_pool_mutex.
 */
static inline struct podwq_worker_pool *podwq_get_work_pool(
		struct podwq_work *work)
{
	unsigned long data = atomic_long_read(&work->data);
	unsigned long pool_id;

	if (data & PODWQ_WORK_STRUCT_PWQ)
		return podwq_work_struct_pwq(data)->pool;

	pool_id = data >> PODWQ_WORK_OFFQ_POOL_SHIFT;
	if (pool_id == PODWQ_WORK_OFFQ_POOL_NONE)
		return NULL;

	return idr_find(&podwq_pool_idr, pool_id);
}

/* the OFFQ flags an item gets when it leaves @pool: BH or not */
static inline unsigned long podwq_pool_offq_flags(struct podwq_worker_pool *pool)
{
	return (pool->flags & PODWQ_POOL_BH) ? 1UL << PODWQ_WORK_OFFQ_BH_BIT : 0;
}

static inline unsigned int podwq_work_color_to_flags(int color)
{
	return color << PODWQ_WORK_STRUCT_COLOR_SHIFT;
}

static inline int podwq_get_work_color(unsigned long work_data)
{
	return (work_data >> PODWQ_WORK_STRUCT_COLOR_SHIFT) &
		((1 << PODWQ_WORK_STRUCT_COLOR_BITS) - 1);
}

static inline int podwq_work_next_color(int color)
{
	return (color + 1) % PODWQ_WORK_NR_COLORS;
}

/* the off-queue fields of work->data, unpacked */
struct podwq_work_offq_data {
	u32			pool_id;
	u32			disable;
	u32			flags;
};

static inline void podwq_work_offqd_unpack(struct podwq_work_offq_data *offqd,
					   unsigned long data)
{
	offqd->pool_id = (data >> PODWQ_WORK_OFFQ_POOL_SHIFT) &
			 PODWQ_WORK_OFFQ_POOL_NONE;
	offqd->disable = (data >> PODWQ_WORK_OFFQ_DISABLE_SHIFT) &
			 ((1UL << PODWQ_WORK_OFFQ_DISABLE_BITS) - 1);
	offqd->flags = data & PODWQ_WORK_OFFQ_FLAG_MASK;
}

static inline unsigned long podwq_work_offqd_pack_flags(
		struct podwq_work_offq_data *offqd)
{
	return ((unsigned long)offqd->disable <<
		PODWQ_WORK_OFFQ_DISABLE_SHIFT) | offqd->flags;
}

#endif /* _PODWQ_INTERNAL_H */
