// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Pending work items" (--pending): per pool, the items on its
 * worklist (waiting for a worker) and the inactive items of the
 * pool_workqueues feeding it (parked beyond max_active), each with its
 * address, workqueue and function.
 */
#include "sections.h"

#include <inttypes.h>

static void counts(const struct pw_pool *p, size_t *pend, size_t *inact)
{
	*pend = *inact = 0;
	for (size_t i = 0; i < p->nitems; i++)
		(*(p->items[i].inactive ? inact : pend))++;
}

void sec_pending_text(const struct pw_snap *s, FILE *f)
{
	int idw = sec_pool_id_width(s);
	size_t any = 0;

	fputs("Pending work items\n", f);
	fputs("==================\n", f);
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];
		size_t pend, inact;

		if (!p->nitems)
			continue;
		counts(p, &pend, &inact);
		fprintf(f, "pool[%0*" PRId64 "] pending=%zu inactive=%zu\n", idw, p->id,
			pend, inact);
		for (size_t n = 0; n < p->nitems; n++) {
			const struct pw_item *it = &p->items[n];

			fprintf(f, "  %-8s 0x%016" PRIx64 " %-*s %s\n",
				it->inactive ? "inactive" : "pending", it->addr,
				(int)s->name_len, it->wq, it->func_name);
		}
		any++;
	}
	if (!any)
		fputs("no pending work items\n", f);
}

void sec_pending_json(const struct pw_snap *s, struct json *j)
{
	json_arr_begin(j, "pending");
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];
		size_t pend, inact;

		if (!p->nitems)
			continue;
		counts(p, &pend, &inact);
		json_obj_begin(j, NULL);
		json_int(j, "pool", p->id);
		json_uint(j, "nr_pending", pend);
		json_uint(j, "nr_inactive", inact);
		json_arr_begin(j, "items");
		for (size_t n = 0; n < p->nitems; n++) {
			const struct pw_item *it = &p->items[n];

			json_obj_begin(j, NULL);
			json_str(j, "state", it->inactive ? "inactive" : "pending");
			json_uint(j, "work", it->addr);
			json_str(j, "workqueue", it->wq);
			json_str(j, "function", it->func_name);
			json_uint(j, "function_addr", it->func);
			json_obj_end(j);
		}
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}
