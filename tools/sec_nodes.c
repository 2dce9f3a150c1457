// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Unbound workqueue -> node_nr/max_active": the online CPUs,
 * each possible NUMA node's CPUs, then every unbound workqueue's min and
 * max active and, per node and for the default (NUMA_NO_NODE) slot, its
 * active items over its share of max_active, as wq_dump.py.
 */
#include "sections.h"

#include <inttypes.h>
#include <stdlib.h>

static void put_nna(FILE *f, const struct pw_wq *wq, uint32_t slot)
{
	char b[32];

	if (wq->nna && wq->nna[slot].valid)
		snprintf(b, sizeof(b), "%" PRId32 "/%" PRId32, wq->nna[slot].nr,
			 wq->nna[slot].max);
	else
		snprintf(b, sizeof(b), "-");
	fprintf(f, " %9s", b);
}

void sec_nodes_text(const struct pw_snap *s, FILE *f)
{
	char *m;

	fputs("Unbound workqueue -> node_nr/max_active\n", f);
	fputs("=======================================\n", f);
	if (!s->have_numa) {
		fputs("node_to_cpumask_map not present, is NUMA enabled?\n", f);
		return;
	}
	m = pw_cpumask_str(s->online, s->nbits);
	fprintf(f, "online_cpus=%s\n", m ? m : "");
	free(m);
	for (size_t n = 0; n < s->nnodes; n++) {
		m = pw_cpumask_str(s->node_cpus[n], s->nbits);
		fprintf(f, "NODE[%02" PRId32 "]=%s\n", s->nodes[n], m ? m : "");
		free(m);
	}
	fputc('\n', f);
	fputc('[', f);
	pw_put_center(f, "workqueue", (int)s->name_len - 1);
	fprintf(f, " %4s %4s", "min", "max");
	for (size_t n = 0; n < s->nnodes; n++) {
		char b[32];

		snprintf(b, sizeof(b), "NODE %" PRId32, s->nodes[n]);
		fprintf(f, " %9s", b);
	}
	fprintf(f, " %9s ]\n\n", "dfl");
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];

		if (!wq->unbound)
			continue;
		fprintf(f, "%-*s ", (int)s->name_len, wq->name);
		fprintf(f, "%4" PRId32 " %4" PRId32, wq->min_active, wq->max_active);
		for (size_t n = 0; n < s->nnodes; n++)
			put_nna(f, wq, (uint32_t)s->nodes[n]);
		put_nna(f, wq, s->nr_node_ids);
		fputc('\n', f);
	}
}

static void json_nna(struct json *j, const struct pw_wq *wq, uint32_t slot)
{
	if (!wq->nna || !wq->nna[slot].valid) {
		json_null(j, "nr");
		json_null(j, "max");
		return;
	}
	json_int(j, "nr", wq->nna[slot].nr);
	json_int(j, "max", wq->nna[slot].max);
}

void sec_nodes_json(const struct pw_snap *s, struct json *j)
{
	json_obj_begin(j, "node_nr_active");
	if (!s->have_numa) {
		json_null(j, "online_cpus");
		json_obj_end(j);
		return;
	}
	json_cpus(j, "online_cpus", s->online, s->nbits);
	json_arr_begin(j, "nodes");
	for (size_t n = 0; n < s->nnodes; n++) {
		json_obj_begin(j, NULL);
		json_int(j, "node", s->nodes[n]);
		json_cpus(j, "cpus", s->node_cpus[n], s->nbits);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_arr_begin(j, "workqueues");
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];

		if (!wq->unbound)
			continue;
		json_obj_begin(j, NULL);
		json_str(j, "name", wq->name);
		json_int(j, "min_active", wq->min_active);
		json_int(j, "max_active", wq->max_active);
		json_arr_begin(j, "nodes");
		for (size_t n = 0; n < s->nnodes; n++) {
			json_obj_begin(j, NULL);
			json_int(j, "node", s->nodes[n]);
			json_nna(j, wq, (uint32_t)s->nodes[n]);
			json_obj_end(j);
		}
		json_arr_end(j);
		json_obj_begin(j, "dfl");
		json_nna(j, wq, s->nr_node_ids);
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
