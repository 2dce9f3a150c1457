// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: xarray, IDR and hlist walkers (see xarray.h).
 *
 * An xarray's xa_head is NULL, a single entry (index 0) or an internal
 * pointer to a struct xa_node: ((unsigned long)node | 2).  A node's
 * slots[] hold entries, NULL, or internal entries: other nodes (one level
 * down, shift smaller by the chunk shift), siblings (< 256), retry and
 * zero entries (256, 257).  Only node pointers are above 4096.
 */
#include "xarray.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_DEPTH	12
#define MAX_HLIST	(1u << 22)

struct xa_ctx {
	struct kernel *k;
	uint64_t off_shift, off_slots;
	uint32_t nslots, chunk_shift;
	xa_cb cb;
	void *arg;
	uint64_t base;		/* added to every index (idr_base) */
};

static int xerr(struct kernel *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int xerr(struct kernel *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->err, sizeof(k->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int is_internal(uint64_t e)
{
	return (e & 3) == 2;
}

static int is_node(uint64_t e)
{
	return is_internal(e) && e > 4096;
}

static int walk_node(struct xa_ctx *x, uint64_t entry, uint64_t index,
		     int want_shift, int depth)
{
	uint64_t node = entry - 2, *slots;
	uint8_t shift;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return xerr(x->k, "xarray too deep at node %#" PRIx64, node);
	if (target_read(&x->k->t, node + x->off_shift, &shift, 1))
		return xerr(x->k, "xa_node %#" PRIx64 ": %s", node, target_error(&x->k->t));
	if (shift % x->chunk_shift || shift >= 64 ||
	    (want_shift >= 0 && shift != want_shift))
		return xerr(x->k, "xa_node %#" PRIx64 ": bad shift %u", node, shift);
	slots = malloc(x->nslots * sizeof(*slots));
	if (!slots)
		return xerr(x->k, "out of memory");
	if (target_read(&x->k->t, node + x->off_slots, slots, x->nslots * sizeof(*slots))) {
		free(slots);
		return xerr(x->k, "xa_node %#" PRIx64 ": %s", node, target_error(&x->k->t));
	}
	for (uint32_t i = 0; i < x->nslots && !rc; i++) {
		uint64_t e = slots[i], idx = index + ((uint64_t)i << shift);

		if (!e)
			continue;
		if (is_node(e)) {
			if (!shift) {
				rc = xerr(x->k, "xa_node %#" PRIx64 ": node below a leaf", node);
				break;
			}
			rc = walk_node(x, e, idx, shift - x->chunk_shift, depth + 1);
		} else if (!is_internal(e)) {
			rc = x->cb(x->k, x->base + idx, e, x->arg);
		}
	}
	free(slots);
	return rc;
}

static int xa_walk(struct kernel *k, uint64_t xa, uint64_t base, xa_cb cb,
		   void *arg)
{
	struct xa_ctx x = { .k = k, .cb = cb, .arg = arg, .base = base };
	struct kmember m;
	struct ktype node;
	uint64_t head;

	if (kernel_read_uint(k, "struct xarray", xa, "xa_head", &head))
		return -1;
	if (!head)
		return 0;
	if (!is_node(head))
		return is_internal(head) ? 0 : cb(k, base, head, arg);
	if (kbtf_find_type(&k->btf, "struct xa_node", NULL, &node))
		return xerr(k, "%s", kbtf_error(&k->btf));
	if (kernel_member(k, "struct xa_node", "shift", &m))
		return -1;
	x.off_shift = m.bit_offset / 8;
	if (kernel_member(k, "struct xa_node", "slots", &m) ||
	    ktype_array(m.type, &x.nslots, NULL))
		return xerr(k, "struct xa_node has no slots array");
	x.off_slots = m.bit_offset / 8;
	if (!x.nslots || x.nslots > 4096 || (x.nslots & (x.nslots - 1)))
		return xerr(k, "struct xa_node: bad slot count %u", x.nslots);
	while ((1u << x.chunk_shift) < x.nslots)
		x.chunk_shift++;
	return walk_node(&x, head, 0, -1, 0);
}

int kernel_xa_for_each(struct kernel *k, uint64_t xa, xa_cb cb, void *arg)
{
	return xa_walk(k, xa, 0, cb, arg);
}

int kernel_idr_for_each(struct kernel *k, uint64_t idr, xa_cb cb, void *arg)
{
	struct kmember m;
	uint64_t base = 0;

	if (kernel_member(k, "struct idr", "idr_rt", &m))
		return -1;
	/* idr_base is 4.16+; without it IDs start at 0 */
	if (kernel_read_uint(k, "struct idr", idr, "idr_base", &base))
		base = 0;
	return xa_walk(k, idr + m.bit_offset / 8, base, cb, arg);
}

int kernel_hlist_for_each(struct kernel *k, uint64_t head,
			  int (*cb)(struct kernel *k, uint64_t node, void *arg),
			  void *arg)
{
	struct kmember first, next;
	uint64_t node;
	uint32_t n = 0;

	if (kernel_member(k, "struct hlist_head", "first", &first) ||
	    kernel_member(k, "struct hlist_node", "next", &next))
		return -1;
	if (target_read_u64(&k->t, head + first.bit_offset / 8, &node))
		return xerr(k, "hlist head %#" PRIx64 ": %s", head, target_error(&k->t));
	while (node) {
		uint64_t at = node;
		int rc;

		if (++n > MAX_HLIST)
			return xerr(k, "hlist at %#" PRIx64 " does not end", head);
		rc = cb(k, node, arg);
		if (rc)
			return rc;
		if (target_read_u64(&k->t, at + next.bit_offset / 8, &node))
			return xerr(k, "hlist node %#" PRIx64 ": %s", at, target_error(&k->t));
	}
	return 0;
}
