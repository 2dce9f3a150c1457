// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: a vmlinux BTF blob through libbpf and our queries — type
 * lookup, names, sizes, dotted member paths through anonymous members,
 * arrays, enumerators — for every type in the blob.
 */
#include <stddef.h>
#include <stdint.h>

#include "../btf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
	"struct module", "task_struct", "struct list_head", "union x", "enum mod_mem_type",
	"typedef u64", "btf_module", "cpumask",
};
static const char *const paths[] = {
	"list", "name", "mem[0].base", "mem[6].size", "core_layout.text_size", "comm",
	"pid", "tasks.next", "kallsyms", "a.b.c", "[3]", "x[", "bits[0]", "data_size",
	"list.next.prev", ".", "in_iowait",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kbtf kb;
	int64_t v;
	char buf[256], err[256];

	kbtf_init(&kb);
	if (kbtf_load_vmlinux_buf(&kb, data, size))
		goto out;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct ktype t;
		struct kmember m;

		if (kbtf_find_type(&kb, types[i], NULL, &t))
			continue;
		ktype_size(t);
		ktype_name(t, buf, sizeof(buf));
		for (size_t j = 0; j < sizeof(paths) / sizeof(paths[0]); j++)
			if (!ktype_member(t, paths[j], &m, err, sizeof(err))) {
				ktype_name(m.type, buf, sizeof(buf));
				ktype_is_signed(m.type);
			}
	}
	/* every type id: names, sizes, strip, arrays, pointers */
	for (uint32_t id = 0; id < btf__type_cnt(kb.vmlinux) && id < 4096; id++) {
		struct ktype t = { kb.vmlinux, id }, e;
		uint32_t len;

		ktype_name(t, buf, sizeof(buf));
		ktype_size(t);
		ktype_kind(t);
		ktype_array(t, &len, &e);
		ktype_deref(t, &e);
	}
	kbtf_enum_value(&kb, "WQ_UNBOUND", NULL, &v);
	kbtf_enum_value(&kb, "MOD_TEXT", NULL, &v);
out:
	kbtf_free(&kb);
	return 0;
}
