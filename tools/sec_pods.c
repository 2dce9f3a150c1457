// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Affinity Scopes": the CPUs unbound workqueues may use and,
 * for each affinity scope, its pods (nr_pods, pod_cpus, pod_node) and each
 * possible CPU's pod, with the default scope marked, as wq_dump.py.
 */
#include "sections.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void put_mask(FILE *f, const uint64_t *bits, uint32_t nbits)
{
	char *m = pw_cpumask_str(bits, nbits);

	fputs(m ? m : "", f);
	free(m);
}

void sec_pods_text(const struct pw_snap *s, FILE *f)
{
	fputs("Affinity Scopes\n", f);
	fputs("===============\n", f);
	fputs("wq_unbound_cpumask=", f);
	put_mask(f, s->unbound, s->nbits);
	fputc('\n', f);
	for (int i = 0; i < PW_NR_SCOPES; i++) {
		const struct pw_scope *sc = &s->scopes[i];

		if (sc->value < 0)
			continue;
		fprintf(f, "\n%s%s\n", sc->name, sc->is_default ? " (default)" : "");
		fprintf(f, "  nr_pods  %" PRId32 "\n", sc->nr_pods);
		fputs("  pod_cpus", f);
		for (int32_t pod = 0; pod < sc->nr_pods; pod++) {
			fprintf(f, " [%" PRId32 "]=", pod);
			put_mask(f, sc->pod_cpus[pod], s->nbits);
		}
		fputs("\n  pod_node", f);
		for (int32_t pod = 0; pod < sc->nr_pods; pod++)
			fprintf(f, " [%" PRId32 "]=%" PRId32, pod, sc->pod_node[pod]);
		fputs("\n  cpu_pod ", f);
		for (uint32_t cpu = 0; cpu < s->nbits; cpu++)
			if (pw_test_cpu(s->possible, cpu))
				fprintf(f, " [%" PRIu32 "]=%" PRId32, cpu, sc->cpu_pod[cpu]);
		fputc('\n', f);
	}
}

void sec_pods_json(const struct pw_snap *s, struct json *j)
{
	json_obj_begin(j, "affinity_scopes");
	json_cpus(j, "unbound_cpus", s->unbound, s->nbits);
	json_arr_begin(j, "scopes");
	for (int i = 0; i < PW_NR_SCOPES; i++) {
		const struct pw_scope *sc = &s->scopes[i];
		char lower[32];

		if (sc->value < 0)
			continue;
		for (size_t c = 0; c < sizeof(lower); c++) {
			lower[c] = sc->name[c] >= 'A' && sc->name[c] <= 'Z' ?
				   (char)(sc->name[c] - 'A' + 'a') : sc->name[c];
			if (!sc->name[c])
				break;
		}
		lower[sizeof(lower) - 1] = '\0';
		json_obj_begin(j, NULL);
		json_str(j, "name", lower);
		json_bool(j, "default", sc->is_default);
		json_int(j, "nr_pods", sc->nr_pods);
		json_arr_begin(j, "pods");
		for (int32_t pod = 0; pod < sc->nr_pods; pod++) {
			json_obj_begin(j, NULL);
			json_int(j, "pod", pod);
			json_cpus(j, "cpus", sc->pod_cpus[pod], s->nbits);
			json_int(j, "node", sc->pod_node[pod]);
			json_obj_end(j);
		}
		json_arr_end(j);
		json_obj_begin(j, "cpu_pod");
		for (uint32_t cpu = 0; cpu < s->nbits; cpu++)
			if (pw_test_cpu(s->possible, cpu)) {
				char k[16];

				snprintf(k, sizeof(k), "%" PRIu32, cpu);
				json_int(j, k, sc->cpu_pod[cpu]);
			}
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
