/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: walk the kernel's xarrays (and so IDRs, whose radix tree is
 * an xarray since 4.20) and hlists, with layouts from BTF.
 */
#ifndef PODWQ_DUMP_XARRAY_H
#define PODWQ_DUMP_XARRAY_H

#include <stdint.h>

#include "kernel.h"

typedef int (*xa_cb)(struct kernel *k, uint64_t index, uint64_t entry,
		     void *arg);

/*
 * Call @cb for every normal entry of the xarray at @xa in index order
 * (internal entries, siblings, retry and zero entries are skipped).  Stops
 * at @cb's non-zero return (returned); -1 with k->err on a broken tree.
 */
int kernel_xa_for_each(struct kernel *k, uint64_t xa, xa_cb cb, void *arg);

/* The same for the IDR at @idr; indices include idr_base. */
int kernel_idr_for_each(struct kernel *k, uint64_t idr, xa_cb cb, void *arg);

/* Call @cb(k, node, arg) for every hlist_node on the hlist_head at @head. */
int kernel_hlist_for_each(struct kernel *k, uint64_t head,
			  int (*cb)(struct kernel *k, uint64_t node, void *arg),
			  void *arg);

#endif
