// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Workqueue CPU -> pool": every workqueue, oldest first, with
 * its type (percpu, unbound, "unbound,S" for a strict scope, ordered, bh)
 * and the pool each possible CPU queues to, then the default pool of an
 * unbound workqueue, as wq_dump.py.
 */
#include "sections.h"

#include <inttypes.h>

#define WQ_TYPE_LEN 9

const char *sec_wq_type(const struct pw_wq *wq)
{
	if (wq->bh)
		return "bh";
	if (wq->unbound)
		return wq->ordered ? "ordered" : wq->strict ? "unbound,S" : "unbound";
	return "percpu";
}

void sec_wq_text(const struct pw_snap *s, FILE *f)
{
	int idw = sec_pool_id_width(s);

	fputs("Workqueue CPU -> pool\n", f);
	fputs("=====================\n", f);
	fputc('[', f);
	pw_put_center(f, "workqueue", (int)s->name_len - 2);
	fprintf(f, "\\ %-*s", WQ_TYPE_LEN, "type   CPU");
	for (uint32_t cpu = 0; cpu < s->nbits; cpu++)
		if (pw_test_cpu(s->possible, cpu))
			fprintf(f, " %*" PRIu32, idw, cpu);
	fputs(" dfl]\n", f);
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];

		fprintf(f, "%-*s %-10s", (int)s->name_len, wq->name, sec_wq_type(wq));
		for (uint32_t cpu = 0; cpu < s->nbits; cpu++) {
			int w;

			if (!pw_test_cpu(s->possible, cpu))
				continue;
			w = snprintf(NULL, 0, "%" PRIu32, cpu);
			fprintf(f, " %*" PRId64, w > idw ? w : idw, wq->cpu_pool[cpu]);
		}
		if (wq->unbound)
			fprintf(f, " %*" PRId64, idw, wq->dfl_pool);
		fputc('\n', f);
	}
}

void sec_wq_json(const struct pw_snap *s, struct json *j)
{
	json_arr_begin(j, "workqueues");
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];

		json_obj_begin(j, NULL);
		json_str(j, "name", wq->name);
		json_str(j, "type", sec_wq_type(wq));
		json_uint(j, "flags", wq->flags);
		json_bool(j, "strict", wq->strict);
		json_bool(j, "mem_reclaim", wq->mem_reclaim);
		json_int(j, "min_active", wq->min_active);
		json_int(j, "max_active", wq->max_active);
		json_obj_begin(j, "cpu_pool");
		for (uint32_t cpu = 0; cpu < s->nbits; cpu++)
			if (pw_test_cpu(s->possible, cpu)) {
				char k[16];

				snprintf(k, sizeof(k), "%" PRIu32, cpu);
				json_int(j, k, wq->cpu_pool[cpu]);
			}
		json_obj_end(j);
		if (wq->unbound)
			json_int(j, "dfl_pool", wq->dfl_pool);
		else
			json_null(j, "dfl_pool");
		json_obj_end(j);
	}
	json_arr_end(j);
}
