// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: a small streaming JSON writer (see json.h).
 */
#include "json.h"

#include <inttypes.h>
#include <math.h>

void json_init(struct json *j, FILE *f, int indent)
{
	j->f = f;
	j->indent = indent;
	j->depth = 0;
	j->first[0] = true;
}

static void newline(struct json *j)
{
	if (!j->indent)
		return;
	fputc('\n', j->f);
	for (int i = 0; i < j->depth * j->indent; i++)
		fputc(' ', j->f);
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*c < 0x20 || *c >= 0x7f)
				fprintf(f, "\\u%04x", *c);
			else
				fputc(*c, f);
		}
	}
	fputc('"', f);
}

/* the separator and key before a value */
static void pre(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fputc(',', j->f);
		j->first[j->depth] = false;
		newline(j);
	}
	if (key) {
		put_string(j->f, key);
		fputs(j->indent ? ": " : ":", j->f);
	}
}

static void jopen(struct json *j, const char *key, char c)
{
	pre(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

static void jclose(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		newline(j);
	fputc(c, j->f);
}

void json_obj_begin(struct json *j, const char *key) { jopen(j, key, '{'); }
void json_obj_end(struct json *j) { jclose(j, '}'); }
void json_arr_begin(struct json *j, const char *key) { jopen(j, key, '['); }
void json_arr_end(struct json *j) { jclose(j, ']'); }

void json_str(struct json *j, const char *key, const char *v)
{
	pre(j, key);
	put_string(j->f, v ? v : "");
}

void json_int(struct json *j, const char *key, int64_t v)
{
	pre(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	pre(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	pre(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	pre(j, key);
	fputs("null", j->f);
}

void json_double(struct json *j, const char *key, double v, int prec)
{
	pre(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.*f", prec, v);
	else
		fputs("null", j->f);
}

void json_cpus(struct json *j, const char *key, const uint64_t *bits,
	       uint32_t nbits)
{
	bool first = true;

	if (!bits) {
		json_null(j, key);
		return;
	}
	/* CPU lists stay on one line */
	pre(j, key);
	fputc('[', j->f);
	for (uint32_t cpu = 0; cpu < nbits; cpu++)
		if (bits[cpu / 64] >> (cpu % 64) & 1) {
			fprintf(j->f, "%s%" PRIu32, first ? "" : ", ", cpu);
			first = false;
		}
	fputc(']', j->f);
}

void json_end(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}
