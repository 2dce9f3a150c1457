// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: an ELF vmcore in memory through every layer — ELF headers,
 * notes and VMCOREINFO, page tables, kallsyms tables, vmlinux BTF, the
 * modules and btf_modules lists — then a few reads, and podwq's state
 * (the seeds carry mkcore.py's synthetic engine) through every section.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../kernel.h"
#include "../podwq.h"
#include "../sections.h"

static void sections(struct kernel *k)
{
	struct pw p;
	struct pw_snap s;
	struct json j;
	FILE *f;

	if (pw_open(&p, k) ||
	    pw_snapshot(&p, PW_SNAP_LAYOUT | PW_SNAP_BUSY | PW_SNAP_PENDING | PW_SNAP_STATS, &s))
		return;
	f = fopen("/dev/null", "w");
	if (f) {
		sec_pods_text(&s, f);
		sec_pools_text(&s, f);
		sec_wq_text(&s, f);
		sec_rescuer_text(&s, f);
		sec_nodes_text(&s, f);
		sec_busy_text(&s, f);
		sec_pending_text(&s, f);
		json_init(&j, f, 2);
		json_obj_begin(&j, NULL);
		sec_pods_json(&s, &j);
		sec_pools_json(&s, &j);
		sec_wq_json(&s, &j);
		sec_rescuer_json(&s, &j);
		sec_nodes_json(&s, &j);
		sec_busy_json(&s, &j);
		sec_pending_json(&s, &j);
		json_obj_end(&j);
		json_end(&j);
		fclose(f);
	}
	pw_snap_free(&s);
}

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
		sections(&k);
	}
	kernel_close(&k);
	return 0;
}
