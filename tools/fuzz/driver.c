// SPDX-License-Identifier: GPL-2.0
/*
 * A deterministic stand-in for libFuzzer, for machines without clang: runs
 * a fuzz target on each FILE and on N mutated copies of it (byte
 * overwrites, bit flips, truncations, from a fixed seed), so a run is
 * reproducible: the same file, count and seed give the same inputs.
 *
 * Usage: fuzz_X-replay [-n N] [-s SEED] FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			uint8_t *nb = realloc(buf, cap = cap * 2 + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	unsigned long count = 200, seed = 1;
	int i = 1;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-n"))
			count = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "-s"))
			seed = strtoul(argv[i + 1], NULL, 0);
	}
	for (; i < argc; i++) {
		size_t len;
		uint8_t *orig = slurp(argv[i], &len), *m;

		if (!orig) {
			perror(argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput(orig, len);
		m = malloc(len ? len : 1);
		if (!m)
			return 1;
		rng = seed * 0x9e3779b97f4a7c15ULL + 1;
		for (unsigned long c = 0; c < count; c++) {
			size_t n = len;
			unsigned int edits = 1 + next() % 8;

			memcpy(m, orig, len);
			for (unsigned int e = 0; e < edits && len; e++) {
				/* bias towards the start: headers, notes, tables */
				size_t at = (next() & 1) ? next() % (len < 8192 ? len : 8192) : next() % len;

				switch (next() % 4) {
				case 0: m[at] ^= (uint8_t)(1u << (next() % 8)); break;
				case 1: m[at] = (uint8_t)next(); break;
				case 2: m[at] = (next() & 1) ? 0xff : 0; break;
				default: n = at; break;
				}
			}
			LLVMFuzzerTestOneInput(m, n);
		}
		printf("%s: %lu inputs ok\n", argv[i], count + 1);
		free(m);
		free(orig);
	}
	return 0;
}
