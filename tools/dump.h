/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: the dump (dump.c).  It returns an EXIT_* code and prints its
 * own errors.
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

#endif
