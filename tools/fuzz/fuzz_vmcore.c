// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: an ELF vmcore in memory through every layer — ELF headers,
 * notes and VMCOREINFO, page tables, kallsyms tables, vmlinux BTF, the
 * modules and btf_modules lists — then a few reads.
 */
#include <stddef.h>
#include <stdint.h>

#include "../kernel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel k;
	uint64_t a, v;
	char buf[64];

	if (kernel_open_vmcore_mem(&k, data, size) == EXIT_OK) {
		if (!kernel_addr(&k, "jiffies", &a))
			target_read_u64(&k.t, a, &v);
		if (!kernel_addr(&k, "init_task", &a))
			kernel_read_str(&k, "struct task_struct", a, "comm", buf, sizeof(buf));
		if (!kernel_addr(&k, "this_cpu_off", &a) && !kernel_percpu(&k, a, 0, &a))
			target_read_u64(&k.t, a, &v);
		sym_by_addr(&k.syms, 0xffffffff81000000ULL, &v);
	}
	kernel_close(&k);
	return 0;
}
