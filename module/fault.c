// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - fault injection: make worker creation fail, to test what a pool
 * does without new workers (the rescuers, the manager's retries, the
 * stall watchdog).
 *
 * /sys/module/podwq/parameters/fail_create_worker (root, 0644):
 *   0   create workers normally (the default);
 *   N   make the next N worker creations fail, then recover;
 *  -1   make every worker creation fail until 0 (or N) is written.
 * Anything else is refused with -EINVAL and changes nothing.  Reading it
 * shows what is left: -1, the failures still to come, or 0.
 *
 * An injected failure happens before create_worker() allocates anything,
 * so it leaks nothing and prints nothing; the caller handles it as any
 * other failure (the manager retries after PODWQ_CREATE_COOLDOWN).  It
 * applies to every worker creation, including a new unbound pool's first
 * worker and a CPU's first workers at hotplug, which then fail as they
 * would when out of memory.  Rescuers are not workers: they are created
 * with their workqueue and are not affected.
 *
 * Locking: the counter is an atomic, read and decremented locklessly.
 */
#include "internal.h"

#include <linux/moduleparam.h>

/* -1: fail all; N > 0: fail the next N; 0: off */
static atomic_t podwq_fail_create = ATOMIC_INIT(0);

static int fail_create_set(const char *val, const struct kernel_param *kp)
{
	int n, ret;

	ret = kstrtoint(val, 0, &n);
	if (ret)
		return ret;
	if (n < -1)
		return -EINVAL;
	atomic_set(&podwq_fail_create, n);
	return 0;
}

static int fail_create_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&podwq_fail_create));
}

static const struct kernel_param_ops fail_create_ops = {
	.set	= fail_create_set,
	.get	= fail_create_get,
};

module_param_cb(fail_create_worker, &fail_create_ops, NULL, 0644);
MODULE_PARM_DESC(fail_create_worker,
		 "Fault injection: make the next N worker creations fail (-1: all, 0: none)");

/**
 * podwq_fault_create_worker - should this worker creation fail?
 *
 * Return: true if an injected failure is due; it is consumed.
 */
bool podwq_fault_create_worker(void)
{
	int n = atomic_read(&podwq_fail_create);

	while (n) {
		if (n < 0)
			return true;
		if (atomic_try_cmpxchg(&podwq_fail_create, &n, n - 1))
			return true;
	}
	return false;
}
