// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: the dump: wq_dump.py's five sections by default, or the
 * busy workers and pending items with --busy and --pending; text or one
 * JSON document.
 */
#include "dump.h"

#include <stdio.h>

#include "podwq.h"
#include "sections.h"

struct section {
	unsigned int what;
	void (*text)(const struct pw_snap *s, FILE *f);
	void (*json)(const struct pw_snap *s, struct json *j);
};

static const struct section sections[] = {
	{ PW_SNAP_LAYOUT, sec_pods_text, sec_pods_json },
	{ PW_SNAP_LAYOUT, sec_pools_text, sec_pools_json },
	{ PW_SNAP_LAYOUT, sec_wq_text, sec_wq_json },
	{ PW_SNAP_LAYOUT, sec_rescuer_text, sec_rescuer_json },
	{ PW_SNAP_LAYOUT, sec_nodes_text, sec_nodes_json },
	{ PW_SNAP_BUSY, sec_busy_text, sec_busy_json },
	{ PW_SNAP_PENDING, sec_pending_text, sec_pending_json },
};

static void json_head(struct kernel *k, const struct pw_snap *s, struct json *j)
{
	json_obj_begin(j, "target");
	json_str(j, "kind", k->live ? "live" : "vmcore");
	if (k->t.have_vi)
		json_str(j, "osrelease", k->t.vi.osrelease);
	json_uint(j, "nr_cpu_ids", s->nbits);
	json_cpus(j, "possible_cpus", s->possible, s->nbits);
	json_cpus(j, "online_cpus", s->online, s->nbits);
	json_uint(j, "jiffies", s->jiffies);
	if (s->hz)
		json_uint(j, "hz", s->hz);
	else
		json_null(j, "hz");
	json_obj_end(j);
}

int dump_run(struct kernel *k, const struct dump_opts *o)
{
	struct pw p;
	struct pw_snap s;
	unsigned int what = 0;
	int rc;
	bool first = true;

	if (o->busy)
		what |= PW_SNAP_BUSY;
	if (o->pending)
		what |= PW_SNAP_PENDING;
	if (!what)
		what = PW_SNAP_LAYOUT;
	rc = pw_open(&p, k);
	if (rc) {
		fprintf(stderr, "podwq-dump: %s\n", p.err);
		return rc;
	}
	rc = pw_snapshot(&p, what, &s);
	if (rc) {
		fprintf(stderr, "podwq-dump: %s\n", p.err);
		return rc;
	}
	if (o->json) {
		struct json j;

		json_init(&j, stdout, 2);
		json_obj_begin(&j, NULL);
		json_head(k, &s, &j);
		for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
			if (sections[i].what & what)
				sections[i].json(&s, &j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
			if (!(sections[i].what & what))
				continue;
			if (!first)
				putchar('\n');
			sections[i].text(&s, stdout);
			first = false;
		}
	}
	pw_snap_free(&s);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "podwq-dump: write error on standard output\n");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}
