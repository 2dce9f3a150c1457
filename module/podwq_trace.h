/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - trace events, the counterparts of the kernel's workqueue events
 * (include/trace/events/workqueue.h) with the same fields and formats,
 * under tracefs events/podwq/: podwq_queue_work, podwq_activate_work,
 * podwq_execute_start and podwq_execute_end.  perf and bpftrace see them
 * as podwq:<event>.  trace.c instantiates them (CREATE_TRACE_POINTS); the
 * engine fires them where the kernel fires its own: in __queue_work()
 * (work.c), when an item becomes active (work.c, workqueue.c), and around
 * the work function in process_one_work() (pool.c).
 *
 * Locking: the events only read their arguments.  podwq_queue_work runs
 * under the pool lock of the pwq it reads; the others read the item,
 * which may be freed by the time podwq_execute_end runs: only its
 * address is recorded then.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM podwq

#if !defined(_PODWQ_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _PODWQ_TRACE_H

#include <linux/tracepoint.h>

#include "compat.h"
#include "internal.h"

/* an item is queued, at once or when its delay expires */
TRACE_EVENT(podwq_queue_work,

	TP_PROTO(int req_cpu, struct podwq_pool_workqueue *pwq,
		 struct podwq_work *work),

	TP_ARGS(req_cpu, pwq, work),

	TP_STRUCT__entry(
		__field(void *,		work)
		__field(void *,		function)
		__string(workqueue,	pwq->wq->name)
		__field(int,		req_cpu)
		__field(int,		cpu)
	),

	TP_fast_assign(
		__entry->work		= work;
		__entry->function	= work->func;
		podwq_compat_assign_str(workqueue, pwq->wq->name);
		__entry->req_cpu	= req_cpu;
		__entry->cpu		= pwq->pool->cpu;
	),

	TP_printk("work struct=%p function=%ps workqueue=%s req_cpu=%d cpu=%d",
		  __entry->work, __entry->function, __get_str(workqueue),
		  __entry->req_cpu, __entry->cpu)
);

/* an item goes on its pool's worklist: at once, or past max_active */
TRACE_EVENT(podwq_activate_work,

	TP_PROTO(struct podwq_work *work),

	TP_ARGS(work),

	TP_STRUCT__entry(
		__field(void *,		work)
		__field(void *,		function)
	),

	TP_fast_assign(
		__entry->work		= work;
		__entry->function	= work->func;
	),

	TP_printk("work struct %p function=%ps ", __entry->work,
		  __entry->function)
);

/* a worker is about to call the item's function */
TRACE_EVENT(podwq_execute_start,

	TP_PROTO(struct podwq_work *work),

	TP_ARGS(work),

	TP_STRUCT__entry(
		__field(void *,		work)
		__field(void *,		function)
	),

	TP_fast_assign(
		__entry->work		= work;
		__entry->function	= work->func;
	),

	TP_printk("work struct %p: function %ps", __entry->work,
		  __entry->function)
);

/* the function returned; @work may be freed, only its address is kept */
TRACE_EVENT(podwq_execute_end,

	TP_PROTO(struct podwq_work *work, podwq_work_func_t function),

	TP_ARGS(work, function),

	TP_STRUCT__entry(
		__field(void *,		work)
		__field(void *,		function)
	),

	TP_fast_assign(
		__entry->work		= work;
		__entry->function	= function;
	),

	TP_printk("work struct %p: function %ps", __entry->work,
		  __entry->function)
);

#endif /* _PODWQ_TRACE_H */

/* out-of-tree: define_trace.h finds this header through -I$(src) */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE podwq_trace

/* outside the include guard: define_trace.h reads the events again */
#include <trace/define_trace.h>
