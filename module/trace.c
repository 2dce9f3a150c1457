// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - instantiates the trace events declared in podwq_trace.h; the
 * engine's other files include that header to fire them.
 *
 * Locking: none here; see podwq_trace.h.
 */
#include "internal.h"

#define CREATE_TRACE_POINTS
#include "podwq_trace.h"
