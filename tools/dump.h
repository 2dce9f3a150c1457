/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: the two main commands, the dump (dump.c) and the monitor
 * (monitor.c).  Both return an EXIT_* code and print their own errors.
 */
#ifndef PODWQ_DUMP_DUMP_H
#define PODWQ_DUMP_DUMP_H

#include <stdbool.h>

#include "kernel.h"

struct dump_opts {
	bool json;
	bool busy;		/* only the busy workers section */
	bool pending;		/* only the pending items section */
};

int dump_run(struct kernel *k, const struct dump_opts *o);

/* podwq-dump monitor [-i SECS] [-j] [REGEX...]: argv[0] is "monitor" */
int monitor_main(struct kernel *k, int argc, char **argv, bool json);

#endif
