// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: "Workqueue -> rescuer": each WQ_MEM_RECLAIM workqueue with
 * its unbound CPUs and its rescuer's pid and CPUs, as wq_dump.py.  A
 * podwq from before rescuers (podwq_workqueue.rescuer NULL or absent)
 * shows pid "-" and no rescuer CPUs.
 */
#include "sections.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void sec_rescuer_text(const struct pw_snap *s, FILE *f)
{
	char *um = pw_cpumask_str(s->unbound, s->nbits);
	int mlen = um ? (int)strlen(um) : 0;
	int ulen = mlen > 12 ? mlen : 12, rlen = ulen;

	free(um);
	fputs("Workqueue -> rescuer\n", f);
	fputs("====================\n", f);
	fputc('[', f);
	pw_put_center(f, "workqueue", (int)s->name_len - 2);
	fprintf(f, "\\ %-*s    pid %-*s ]\n", ulen, "unbound_cpus", rlen, "rescuer_cpus");
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];
		char *m;

		if (!wq->mem_reclaim)
			continue;
		fprintf(f, "%-*s", (int)s->name_len, wq->name);
		m = wq->unbound_cpus ? pw_cpumask_str(wq->unbound_cpus, s->nbits) : NULL;
		fprintf(f, " %-*s", ulen, m ? m : "");
		free(m);
		if (wq->has_rescuer) {
			m = pw_cpumask_str(wq->rescuer_cpus, s->nbits);
			fprintf(f, " %6" PRId32 " %-*s", wq->rescuer_pid, rlen, m ? m : "");
			free(m);
		} else {
			fprintf(f, " %6s %-*s", "-", rlen, "");
		}
		fputc('\n', f);
	}
}

void sec_rescuer_json(const struct pw_snap *s, struct json *j)
{
	json_arr_begin(j, "rescuers");
	for (size_t i = 0; i < s->nwqs; i++) {
		const struct pw_wq *wq = &s->wqs[i];

		if (!wq->mem_reclaim)
			continue;
		json_obj_begin(j, NULL);
		json_str(j, "workqueue", wq->name);
		json_cpus(j, "unbound_cpus", wq->unbound_cpus, s->nbits);
		if (wq->has_rescuer) {
			json_int(j, "pid", wq->rescuer_pid);
			json_cpus(j, "rescuer_cpus", wq->rescuer_cpus, s->nbits);
		} else {
			json_null(j, "pid");
			json_null(j, "rescuer_cpus");
		}
		json_obj_end(j);
	}
	json_arr_end(j);
}
