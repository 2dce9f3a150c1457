// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Busy workers" (--busy): every worker running an item, from
 * each pool's busy hash: its pid and comm, the workqueue and function of
 * the item, and how long it has been running (jiffies since the item
 * started, in seconds; HZ is taken from the jiffies clocksource).
 */
#include "sections.h"

#include <inttypes.h>

void sec_busy_text(const struct pw_snap *s, FILE *f)
{
	int idw = sec_pool_id_width(s);
	size_t n = 0;

	fputs("Busy workers\n", f);
	fputs("============\n", f);
	fprintf(f, "[%-*s %7s %-16s %-*s %8s  function]\n", idw + 6, "pool", "pid", "comm",
		(int)s->name_len, "workqueue", "running");
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];

		for (size_t b = 0; b < p->nbusy; b++) {
			const struct pw_busy *w = &p->busy[b];
			uint64_t dj = s->jiffies - w->start;

			fprintf(f, "pool[%0*" PRId64 "] %7" PRId32 " %-16s %-*s ", idw, p->id,
				w->pid, w->comm, (int)s->name_len, w->wq);
			if (s->hz)
				fprintf(f, "%6.1f s", (double)dj / (double)s->hz);
			else
				fprintf(f, "%6" PRIu64 " j", dj);
			fprintf(f, "  %s\n", w->func_name);
			n++;
		}
	}
	if (!n)
		fputs("no busy workers\n", f);
}

void sec_busy_json(const struct pw_snap *s, struct json *j)
{
	json_arr_begin(j, "busy");
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];

		for (size_t b = 0; b < p->nbusy; b++) {
			const struct pw_busy *w = &p->busy[b];
			uint64_t dj = s->jiffies - w->start;

			json_obj_begin(j, NULL);
			json_int(j, "pool", p->id);
			json_int(j, "pid", w->pid);
			json_str(j, "comm", w->comm);
			json_str(j, "workqueue", w->wq);
			json_str(j, "function", w->func_name);
			json_uint(j, "function_addr", w->func);
			json_uint(j, "work", w->work);
			json_uint(j, "running_jiffies", dj);
			if (s->hz)
				json_double(j, "running_s", (double)dj / (double)s->hz, 3);
			else
				json_null(j, "running_s");
			json_obj_end(j);
		}
	}
	json_arr_end(j);
}
