/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: kernel type information from BTF (through libbpf).
 *
 * vmlinux BTF comes from /sys/kernel/btf/vmlinux (live) or from the
 * __start_BTF..__stop_BTF section in a dump's memory; module BTF is split
 * BTF on top of it, from /sys/kernel/btf/<module> (live), from the
 * kernel's btf_modules list (vmcore: struct btf's data copy, since
 * module->btf_data is freed after init), or from a .ko given by the user.
 *
 * Nothing about kernel layouts is hard-coded: callers name a type and a
 * dotted member path ("mem[0].base", "kallsyms", "list.next"), and members
 * of anonymous structs and unions are found as if they were direct ones.
 */
#ifndef PODWQ_DUMP_BTF_H
#define PODWQ_DUMP_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/btf.h>

struct target;
struct symtab;

struct kbtf_module {
	char *name;
	struct btf *btf;
	bool from_user;		/* given with -s: memory copy is ignored */
};

/* A type: a BTF object and an id in it (id 0 is void). */
struct ktype {
	const struct btf *btf;
	uint32_t id;
};

#define KBTF_CACHE 64

struct kbtf {
	struct btf *vmlinux;
	struct kbtf_module *mods;
	size_t nmods;
	/* kbtf_find_type() results: a search scans every vmlinux type */
	struct {
		char name[64], module[64];
		struct ktype t;
	} cache[KBTF_CACHE];
	unsigned int ncache, next;
	/* kbtf_enum_value(name, NULL) results, from kbtf_prefetch(): the
	 * value, or that vmlinux has no such enumerator */
	struct {
		char name[64];
		int64_t val;
		bool found;
	} ecache[KBTF_CACHE];
	unsigned int necache;
	char err[512];
};


struct kmember {
	struct ktype type;	/* the member's type, as declared */
	uint64_t bit_offset;	/* from the start of the outer type */
	uint32_t bitfield_size;	/* 0: not a bitfield */
	uint64_t size;		/* bytes (bitfields: their storage type's) */
};

void kbtf_init(struct kbtf *kb);
void kbtf_free(struct kbtf *kb);
const char *kbtf_error(const struct kbtf *kb);

int kbtf_load_vmlinux_file(struct kbtf *kb, const char *path);
int kbtf_load_vmlinux_buf(struct kbtf *kb, const void *data, size_t size);
/* Split BTF for @name from a raw BTF file or an ELF object (.ko). */
int kbtf_add_module_file(struct kbtf *kb, const char *name, const char *path,
			 bool from_user);
int kbtf_add_module_buf(struct kbtf *kb, const char *name, const void *data,
			size_t size);
struct btf *kbtf_module(const struct kbtf *kb, const char *name);

/* Vmcore: vmlinux BTF from __start_BTF..__stop_BTF. */
int kbtf_load_vmcore_vmlinux(struct kbtf *kb, struct target *t,
			     const struct symtab *st);
/* Vmcore: split BTF of every module on the btf_modules list.  Modules
 * whose BTF cannot be read are skipped with a warning on stderr. */
int kbtf_load_vmcore_modules(struct kbtf *kb, struct target *t,
			     const struct symtab *st);

/*
 * Find a named type.  @name may carry a "struct ", "union ", "enum " or
 * "typedef " prefix; without one any named struct, union, enum or typedef
 * matches (in that order of preference).  @module: NULL searches vmlinux
 * and then every module; otherwise that module's BTF (and vmlinux under it).
 */
int kbtf_find_type(struct kbtf *kb, const char *name, const char *module,
		   struct ktype *out);

/*
 * Look types (as kbtf_find_type() names them) and enumerators up in
 * vmlinux BTF, all in one pass, and keep the results for
 * kbtf_find_type(name, NULL, ...) and kbtf_enum_value(name, NULL, ...):
 * each lookup otherwise scans all of the 100,000-odd vmlinux types.  Both
 * lists are NULL-terminated (or NULL); names already known are skipped.
 */
void kbtf_prefetch(struct kbtf *kb, const char *const *types,
		   const char *const *enumerators);

/* Skip typedefs and qualifiers. */
struct ktype ktype_strip(struct ktype t);
/* Size in bytes (-1: no size, e.g. void or a function). */
int64_t ktype_size(struct ktype t);
/* BTF_KIND_* of the stripped type. */
int ktype_kind(struct ktype t);
bool ktype_is_signed(struct ktype t);
/* Render a C-ish name ("struct module *", "char [56]") into @buf. */
void ktype_name(struct ktype t, char *buf, size_t size);
/* Member by dotted path, e.g. "core_layout.base" or "mem[1].size". */
int ktype_member(struct ktype t, const char *path, struct kmember *out,
		 char *err, size_t errlen);
/* Array length and element type (stripped type must be an array). */
int ktype_array(struct ktype t, uint32_t *len, struct ktype *elem);
/* Pointed-to type of a pointer. */
int ktype_deref(struct ktype t, struct ktype *out);

/* Value of an enumerator anywhere in vmlinux (or @module's) BTF. */
int kbtf_enum_value(struct kbtf *kb, const char *enumerator,
		    const char *module, int64_t *val);
/* Value of an enumerator of @module's own types only (quick). */
int kbtf_module_enum_value(struct kbtf *kb, const char *enumerator,
			   const char *module, int64_t *val);

/* Convenience: byte offset and size of @path in type @type. */
int kbtf_offsetof(struct kbtf *kb, const char *type, const char *path,
		  uint64_t *off, uint64_t *size);

#endif
