/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq_tap.h - the TAP lines of podwq's selftest client modules.
 *
 * Each assertion is one kernel log line, "<module>: ok - ...",
 * "<module>: not ok - ..." or "<module>: # ..." (pr_fmt adds the module
 * name); the guest scripts turn them into their own TAP lines.
 *
 * Locking: none; the macros only print, WAIT_FOR() sleeps.
 */
#ifndef _PODWQ_TAP_H
#define _PODWQ_TAP_H

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/printk.h>

#define OK(fmt, ...)	pr_info("ok - " fmt "\n", ##__VA_ARGS__)
#define DIAG(fmt, ...)	pr_info("# " fmt "\n", ##__VA_ARGS__)
#define CHECK(cond, fmt, ...)						\
	pr_info("%s - " fmt "\n", (cond) ? "ok" : "not ok", ##__VA_ARGS__)

/* wait for @cond, a few ms at a time, at most @ms; true if it held */
#define WAIT_FOR(cond, ms)						\
	({								\
		unsigned long __end = jiffies + msecs_to_jiffies(ms);	\
		bool __ok;						\
		while (!(__ok = (cond)) && time_before(jiffies, __end))	\
			usleep_range(2000, 3000);			\
		__ok;							\
	})

#endif /* _PODWQ_TAP_H */
