/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: one inspected kernel (target + symbols + BTF) and the
 * general helpers built on the three layers: read a struct member by name,
 * walk a list_head, read a cpumask, per-CPU addresses.
 */
#ifndef PODWQ_DUMP_KERNEL_H
#define PODWQ_DUMP_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf.h"
#include "symbols.h"
#include "target.h"

/* Exit codes (documented in Documentation/podwq-dump.rst). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,		/* runtime error while reading the target */
	EXIT_USAGE = 2,
	EXIT_PERM = 3,		/* not root / not allowed to read the target */
	EXIT_TARGET = 4,	/* target missing, not a usable core, corrupt */
	EXIT_NOPODWQ = 5,	/* podwq is not loaded in the target */
	EXIT_NOBTF = 6,		/* no usable BTF */
	EXIT_NOSYMS = 7,	/* no usable symbols */
};

struct kernel_opts {
	const char *vmcore;		/* NULL: live */
	const char *kcore;		/* live: default /proc/kcore */
	const char *kallsyms;		/* live: default /proc/kallsyms */
	const char *btf_dir;		/* live: default /sys/kernel/btf */
	const char *const *ko;		/* -s MODULE.ko files */
	size_t nko;
	bool need_root;			/* live: insist on euid 0 */
	/* vmlinux symbols the caller will look up (NULL-terminated): a
	 * vmcore finds them all in the pass that loads its kallsyms */
	const char *const *want_syms;
	/* vmlinux types and enumerators the caller will look up (NULL-
	 * terminated): found in one pass over the BTF */
	const char *const *want_types, *const *want_enums;
};

struct kernel {
	struct target t;
	struct symtab syms;
	struct kbtf btf;
	bool live;
	const char *kallsyms_file;	/* symbols from this file, not memory */
	uint32_t nr_cpu_ids;
	uint64_t per_cpu_offset;	/* &__per_cpu_offset[0], 0 if none */
	char err[768];
};

/* Returns an EXIT_* code; on failure k->err says why. */
int kernel_open(struct kernel *k, const struct kernel_opts *o);
/* Open an ELF vmcore held in memory (tests, fuzzing). */
int kernel_open_vmcore_mem(struct kernel *k, const void *buf, size_t len);
void kernel_close(struct kernel *k);

/* Resolve a symbol name, or a number (0x... / decimal), to an address. */
int kernel_addr(struct kernel *k, const char *s, uint64_t *addr);

/* Member @path of the struct named @type (a BTF type name). */
int kernel_member(struct kernel *k, const char *type, const char *path,
		  struct kmember *m);
/* Read a member's bytes (not for bitfields). */
int kernel_read_member(struct kernel *k, const char *type, uint64_t addr,
		       const char *path, void *buf, size_t size);
/* Read an integer, enum, bool or pointer member, bitfields included;
 * signed values are sign-extended. */
int kernel_read_uint(struct kernel *k, const char *type, uint64_t addr,
		     const char *path, uint64_t *val);
/* Read a char-array or char-pointer member as a string. */
int kernel_read_str(struct kernel *k, const char *type, uint64_t addr,
		    const char *path, char *buf, size_t size);

/* Address of a per-CPU variable or alloc_percpu() pointer on @cpu. */
int kernel_percpu(struct kernel *k, uint64_t ptr, uint32_t cpu, uint64_t *addr);

/*
 * Walk the list_head at @head; @cb gets each node's address (not the
 * containing struct's: subtract kernel_member()'s offset, or use
 * kernel_list_entries()).  Stops at @cb's non-zero return (returned),
 * at a broken or unending list (-1, k->err set).
 */
int kernel_list_for_each(struct kernel *k, uint64_t head,
			 int (*cb)(struct kernel *k, uint64_t node, void *arg),
			 void *arg);
/* Collect container addresses of a list of @type linked through @member. */
int kernel_list_entries(struct kernel *k, uint64_t head, const char *type,
			const char *member, uint64_t **out, size_t *n);

/* The same with the list_head member's offset in the container. */
int kernel_list_collect(struct kernel *k, uint64_t head, uint64_t off,
			uint64_t **out, size_t *n);

/* Read a cpumask (struct cpumask or bitmap) of @nbits bits; @bits must hold
 * (nbits + 63) / 64 words. */
int kernel_read_cpumask(struct kernel *k, uint64_t addr, uint32_t nbits,
			uint64_t *bits);
/* Format a bitmap as a CPU list ("0-3,6"). */
void cpulist_str(const uint64_t *bits, uint32_t nbits, char *buf, size_t size);

#endif
