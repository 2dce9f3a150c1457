/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: a small streaming JSON writer.  Values inside an object take
 * a key, values inside an array or at the top take NULL.  Strings are
 * escaped per RFC 8259 (bytes >= 0x80 pass through: kernel names are
 * ASCII, anything else is at worst not UTF-8, which is escaped as \u00XX).
 */
#ifndef PODWQ_DUMP_JSON_H
#define PODWQ_DUMP_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json {
	FILE *f;
	int indent;		/* spaces per level; 0: one line */
	int depth;
	bool first[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, int indent);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v);
void json_int(struct json *j, const char *key, int64_t v);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* a number with @prec decimals */
void json_double(struct json *j, const char *key, double v, int prec);
/* a cpumask as an array of CPU numbers */
void json_cpus(struct json *j, const char *key, const uint64_t *bits,
	       uint32_t nbits);
/* end the top-level value with a newline */
void json_end(struct json *j);

#endif
