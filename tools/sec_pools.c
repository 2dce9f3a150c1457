// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Worker Pools": every pool by ID with its flags, references,
 * nice, idle and total workers, and its CPU (per-CPU pools) or its CPUs
 * and pod (unbound pools), as wq_dump.py.  A pool with PODWQ_POOL_BH,
 * one of podwq's per-CPU BH pools, gets the " bh" mark after its CPU.
 */
#include "sections.h"

#include <inttypes.h>
#include <stdlib.h>

int sec_pool_id_width(const struct pw_snap *s)
{
	int w = 0;

	for (size_t i = 0; i < s->npools; i++) {
		int n = snprintf(NULL, 0, "%" PRId64, s->pools[i].id);

		if (n > w)
			w = n;
	}
	return w;
}

void sec_pools_text(const struct pw_snap *s, FILE *f)
{
	int idw = sec_pool_id_width(s), refw = 0;

	for (size_t i = 0; i < s->npools; i++) {
		int n = snprintf(NULL, 0, "%" PRId32, s->pools[i].refcnt);

		if (n > refw)
			refw = n;
	}
	fputs("Worker Pools\n", f);
	fputs("============\n", f);
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];

		fprintf(f, "pool[%0*" PRId64 "] flags=0x%02" PRIx32 " ref=%*" PRId32
			" nice=%3" PRId32 " ", idw, p->id, p->flags, refw, p->refcnt, p->nice);
		fprintf(f, "idle/workers=%3" PRId32 "/%3" PRId32 " ", p->nr_idle, p->nr_workers);
		if (p->cpu >= 0) {
			fprintf(f, "cpu=%3" PRId32, p->cpu);
			if (p->bh)
				fputs(" bh", f);
		} else {
			char *c = pw_cpumask_str(p->cpus, s->nbits);
			char *pc = pw_cpumask_str(p->pod_cpus, s->nbits);

			fprintf(f, "cpus=%s pod_cpus=%s", c ? c : "", pc ? pc : "");
			free(c);
			free(pc);
			if (p->strict)
				fputs(" strict", f);
		}
		fputc('\n', f);
	}
}

void sec_pools_json(const struct pw_snap *s, struct json *j)
{
	json_arr_begin(j, "pools");
	for (size_t i = 0; i < s->npools; i++) {
		const struct pw_pool *p = &s->pools[i];

		json_obj_begin(j, NULL);
		json_int(j, "id", p->id);
		json_uint(j, "flags", p->flags);
		json_int(j, "ref", p->refcnt);
		json_int(j, "nice", p->nice);
		json_int(j, "idle", p->nr_idle);
		json_int(j, "workers", p->nr_workers);
		if (p->cpu >= 0) {
			json_int(j, "cpu", p->cpu);
			json_bool(j, "bh", p->bh);
		} else {
			json_null(j, "cpu");
			json_cpus(j, "cpus", p->cpus, s->nbits);
			json_cpus(j, "pod_cpus", p->pod_cpus, s->nbits);
			json_bool(j, "strict", p->strict);
		}
		json_int(j, "node", p->node);
		json_obj_end(j);
	}
	json_arr_end(j);
}
