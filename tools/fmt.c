// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: the formatting quirks of wq_dump.py, reproduced exactly, so
 * that podwq-dump's sections read like the kernel tool's.
 */
#include "podwq.h"

#include <stdlib.h>
#include <string.h>

char *pw_cpumask_str(const uint64_t *bits, uint32_t nbits)
{
	/* each 32-bit word takes at most "0xffffffff " */
	size_t size = ((size_t)nbits / 32 + 2) * 11 + 1, o = 0;
	char *out = malloc(size);
	uint32_t base = 0, v = 0;

	if (!out)
		return NULL;
	out[0] = '\0';
	for (uint32_t cpu = 0; cpu < nbits; cpu++) {
		if (!pw_test_cpu(bits, cpu))
			continue;
		while (cpu - base >= 32) {
			/* Python's hex(): no padding, "0x0" for zero */
			o += (size_t)snprintf(out + o, size - o, "0x%x ", v);
			base += 32;
			v = 0;
		}
		v |= 1u << (cpu - base);
	}
	if (v > 0)
		o += (size_t)snprintf(out + o, size - o, "%08x", v);
	/* .strip(): only a trailing space can be left */
	while (o && out[o - 1] == ' ')
		out[--o] = '\0';
	return out;
}

char *pw_cpulist(const uint64_t *bits, uint32_t nbits)
{
	size_t size = (size_t)nbits * 12 + 1;
	char *out = malloc(size);

	if (out)
		cpulist_str(bits, nbits, out, size);
	return out;
}

void pw_put_center(FILE *f, const char *s, int width)
{
	int len = (int)strlen(s), pad = width > len ? width - len : 0;

	fprintf(f, "%*s%s%*s", pad / 2, "", s, pad - pad / 2, "");
}
