/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - the modern Linux workqueue engine as an out-of-tree module.
 *
 * Public API for client modules.  Names follow <linux/workqueue.h> with a
 * podwq_ / PODWQ_ prefix; semantics follow Linux 7.2 unless
 * Documentation/podwq.rst says otherwise.
 */
#ifndef _PODWQ_H
#define _PODWQ_H

#define PODWQ_VERSION	"0.1.0"

#endif /* _PODWQ_H */
