// SPDX-License-Identifier: GPL-2.0
/* Fuzz target: the VMCOREINFO text parser and its lookups. */
#include <stddef.h>
#include <stdint.h>

#include "../target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmcoreinfo vi;
	char err[256];
	uint64_t v;

	if (vmcoreinfo_parse(&vi, (const char *)data, size, err, sizeof(err)))
		return 0;
	vmcoreinfo_symbol(&vi, "kallsyms_names", &v);
	vmcoreinfo_lookup(&vi, "NUMBER(phys_base)", &v);
	vmcoreinfo_lookup(&vi, "KERNELOFFSET", &v);
	vmcoreinfo_lookup(&vi, "CRASHTIME", &v);
	vmcoreinfo_free(&vi);
	return 0;
}
