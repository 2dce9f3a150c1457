/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: the output sections, one file each.  The first five are
 * wq_dump.py's, in its order and format; busy and pending are podwq-dump's
 * own.  Each prints a snapshot as text or as one member of the JSON
 * document.
 */
#ifndef PODWQ_DUMP_SECTIONS_H
#define PODWQ_DUMP_SECTIONS_H

#include <stdio.h>

#include "json.h"
#include "podwq.h"

/* sec_pods.c: "Affinity Scopes" */
void sec_pods_text(const struct pw_snap *s, FILE *f);
void sec_pods_json(const struct pw_snap *s, struct json *j);
/* sec_pools.c: "Worker Pools" */
void sec_pools_text(const struct pw_snap *s, FILE *f);
void sec_pools_json(const struct pw_snap *s, struct json *j);
/* sec_wq.c: "Workqueue CPU -> pool" */
void sec_wq_text(const struct pw_snap *s, FILE *f);
void sec_wq_json(const struct pw_snap *s, struct json *j);
/* sec_rescuer.c: "Workqueue -> rescuer" */
void sec_rescuer_text(const struct pw_snap *s, FILE *f);
void sec_rescuer_json(const struct pw_snap *s, struct json *j);
/* sec_nodes.c: "Unbound workqueue -> node_nr/max_active" */
void sec_nodes_text(const struct pw_snap *s, FILE *f);
void sec_nodes_json(const struct pw_snap *s, struct json *j);
/* sec_busy.c: "Busy workers" */
void sec_busy_text(const struct pw_snap *s, FILE *f);
void sec_busy_json(const struct pw_snap *s, struct json *j);
/* sec_pending.c: "Pending work items" */
void sec_pending_text(const struct pw_snap *s, FILE *f);
void sec_pending_json(const struct pw_snap *s, struct json *j);

/* wq_dump.py's max_pool_id_len: digits of the longest pool ID */
int sec_pool_id_width(const struct pw_snap *s);
/* wq_dump.py's wq_type_str(), unpadded */
const char *sec_wq_type(const struct pw_wq *wq);

#endif
