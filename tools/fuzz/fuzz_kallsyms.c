// SPDX-License-Identifier: GPL-2.0
/* Fuzz target: the /proc/kallsyms parser and symbol lookups. */
#include <stddef.h>
#include <stdint.h>

#include "../symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct symtab st;
	uint64_t off;

	symtab_init(&st);
	if (!symtab_load_kallsyms_buf(&st, (const char *)data, size) && !symtab_finish(&st)) {
		sym_lookup(&st, "jiffies", NULL);
		sym_lookup(&st, "fake_fn", "podwq");
		sym_lookup(&st, "_text", "vmlinux");
		sym_by_addr(&st, 0xffffffff81000010ULL, &off);
		sym_by_addr(&st, 0, &off);
		for (size_t i = 0; i < st.n && i < 64; i++)
			sym_module_name(&st, &st.syms[i]);
	}
	symtab_free(&st);
	return 0;
}
