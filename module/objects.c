// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - live object accounting.
 *
 * Every allocation and free of an engine object (workqueue, pwq, unbound
 * pool, worker, attrs, per-node nr_active) moves a counter here.  The
 * counts are shown in debugfs as podwq/objects, and podwq's exit checks
 * that all of them are back to zero: anything left is a leak, reported as
 * "podwq: leaked N <type>" (an error line that the selftests' log check
 * treats as a failure).  The kernel's own leak detectors (kmemleak, slab
 * cache destruction checks) are not enabled in the distribution kernels
 * podwq targets, so podwq keeps its own books.
 *
 * Locking: the counters are atomics changed at each allocation and free;
 * they need no lock.  A read is a snapshot, exact only while nothing
 * allocates.  podwq_debugfs_dir is made in main.c before any part that
 * uses it and removed after all of them.
 */
#include "internal.h"

#include <linux/debugfs.h>
#include <linux/seq_file.h>

atomic_long_t podwq_nr_objs[PODWQ_NR_OBJ_TYPES];

static const char *const podwq_obj_names[PODWQ_NR_OBJ_TYPES] = {
	[PODWQ_OBJ_WQ]		= "workqueues",
	[PODWQ_OBJ_PWQ]		= "pwqs",
	[PODWQ_OBJ_POOL]	= "unbound_pools",
	[PODWQ_OBJ_WORKER]	= "workers",
	[PODWQ_OBJ_ATTRS]	= "attrs",
	[PODWQ_OBJ_NNA]		= "node_nr_active",
};

/* debugfs podwq/objects: one "<type> <count>" line per object type */
static int objects_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < PODWQ_NR_OBJ_TYPES; i++)
		seq_printf(m, "%s %ld\n", podwq_obj_names[i],
			   atomic_long_read(&podwq_nr_objs[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(objects);

void podwq_objects_init(void)
{
	int i;

	for (i = 0; i < PODWQ_NR_OBJ_TYPES; i++)
		atomic_long_set(&podwq_nr_objs[i], 0);
	debugfs_create_file("objects", 0444, podwq_debugfs_dir, NULL,
			    &objects_fops);
}

/**
 * podwq_objects_check - report objects still counted
 *
 * Called at exit once the engine is down and every RCU callback ran.
 *
 * Return: the number of leaked objects, 0 when all were freed.
 */
long podwq_objects_check(void)
{
	long n, total = 0;
	int i;

	for (i = 0; i < PODWQ_NR_OBJ_TYPES; i++) {
		n = atomic_long_read(&podwq_nr_objs[i]);
		if (n)
			pr_err("leaked %ld %s\n", n, podwq_obj_names[i]);
		total += n;
	}
	return total;
}
