/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: kernel symbols.
 *
 * The kallsyms tables decoded from memory, located through VMCOREINFO (a
 * vmcore's note, or the one /proc/kcore carries), in both the base-relative
 * encoding with absolute per-CPU symbols of 6.1/6.12 and the PC-relative
 * one of 7.0+, plus each loaded module's own symbol table (struct module
 * -> kallsyms), found by walking the `modules` list with layouts from BTF.
 * Or a /proc/kallsyms-format file (vmlinux and module symbols, module
 * statics tagged "[module]"): a running kernel without usable tables, or
 * one given with --kallsyms.
 */
#ifndef PODWQ_DUMP_SYMBOLS_H
#define PODWQ_DUMP_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct target;
struct kbtf;

struct ksym {
	uint64_t addr;
	/* in symtab storage; NULL until sym_name() decodes it (a vmcore's
	 * vmlinux symbols are named on demand: decoding 150,000 names
	 * costs more than the rest of a dump) */
	const char *name;
	char type;		/* nm-style type letter */
	uint32_t mod;		/* 0: vmlinux, else index into symtab.mods */
	uint32_t hash;		/* of the name, for the lookup table */
	uint32_t name_pos;	/* lazily named: its entry in kallsyms_names */
};

struct kallsyms_tables;

struct kmodule {
	char *name;
	uint64_t addr;		/* struct module address (vmcore; 0 live) */
	uint64_t text_base;	/* start of the module's text (0 unknown) */
	uint64_t text_size;
};

struct vm_lazy;

struct symtab {
	/* sorted by address: every symbol, or, when vm is set, the modules'
	 * (a vmcore's vmlinux symbols are then read in place, see vm) */
	struct ksym *syms;
	size_t n, cap;
	struct kallsyms_tables *kt;	/* vmcore: kept for sym_name() */
	/* a vmcore's vmlinux kallsyms, looked up in place rather than
	 * copied: names are found by hash in one pass for all the names
	 * asked for at once, addresses by binary search */
	struct vm_lazy *vm;
	char **blocks;		/* name storage, freed together */
	size_t nblocks, block_used, block_size;
	uint32_t *hash_head;	/* name hash buckets: 1 + index into syms, 0 ends */
	uint32_t *hash_next;	/* per symbol: 1 + the next in its bucket */
	uint32_t hash_mask;
	struct kmodule *mods;	/* mods[0] is vmlinux (name NULL) */
	size_t nmods;
	char err[512];
};

void symtab_init(struct symtab *st);
void symtab_free(struct symtab *st);
const char *symtab_error(const struct symtab *st);

/* Parse a /proc/kallsyms-format file.  Fails if every address is zero
 * (kptr_restrict hides them from this user). */
int symtab_load_kallsyms(struct symtab *st, const char *path);
/* Same, from a buffer (tests, fuzzing). */
int symtab_load_kallsyms_buf(struct symtab *st, const char *buf, size_t len);

/* Decode vmlinux's kallsyms tables from memory (a vmcore or /proc/kcore,
 * located by the target's VMCOREINFO).  Names given
 * to symtab_want() first are looked up in the same pass. */
int symtab_load_vmcore_vmlinux(struct symtab *st, struct target *t);
/* Names about to be looked up in vmlinux (NULL-terminated list); with a
 * vmcore each name not asked for beforehand costs a pass over kallsyms. */
void symtab_want(struct symtab *st, const char *const *names);
/* Add every loaded module's symbols (vmcore; needs vmlinux BTF for the
 * struct module layout).  A module whose tables cannot be read is skipped
 * with a warning on stderr. */
int symtab_load_vmcore_modules(struct symtab *st, struct target *t,
			       struct kbtf *kb);

/* Build the lookup indexes; call once after loading. */
int symtab_finish(struct symtab *st);

/* Every symbol, vmlinux's and the modules', and each in address order
 * (@cb's ksym and its name may live only during the call); stops at a
 * non-zero return. */
size_t symtab_count(const struct symtab *st);
int symtab_for_each(const struct symtab *st,
		    int (*cb)(const struct ksym *s, void *arg), void *arg);

/*
 * Look a symbol up by name.  @module: NULL searches everything (vmlinux
 * first, then modules in load order, global symbols before local ones),
 * "vmlinux" or "" only vmlinux, else only that module.
 */
const struct ksym *sym_lookup(const struct symtab *st, const char *name,
			      const char *module);
/* The symbol at or below @addr within vmlinux's or a module's range;
 * @off receives addr - sym->addr.  Only text and data symbols count. */
const struct ksym *sym_by_addr(const struct symtab *st, uint64_t addr,
			       uint64_t *off);
const char *sym_module_name(const struct symtab *st, const struct ksym *s);
/* The symbol's name ("?" if it cannot be decoded). */
const char *sym_name(const struct symtab *st, const struct ksym *s);
/* Index of module @name in st->mods, or -1. */
int sym_module_index(const struct symtab *st, const char *name);

#endif
