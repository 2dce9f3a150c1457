/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq-dump: access to a kernel's memory.
 *
 * A target is either the running kernel (/proc/kcore, an ELF core whose
 * PT_LOAD segments are keyed by kernel virtual address) or a crash dump (an
 * ELF vmcore from QEMU dump-guest-memory or kdump, whose PT_LOAD segments are
 * keyed by physical address).  target_read() takes kernel virtual addresses
 * in both cases; on a vmcore they are translated with the VMCOREINFO values
 * and the kernel's own page tables (x86-64, 4 and 5 levels).
 *
 * Every function that can fail returns -1 and leaves a message in
 * target_error(); nothing here aborts on bad input.
 */
#ifndef PODWQ_DUMP_TARGET_H
#define PODWQ_DUMP_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libelf.h>

enum target_kind {
	TARGET_LIVE,	/* /proc/kcore: segments keyed by virtual address */
	TARGET_VMCORE,	/* ELF vmcore: segments keyed by physical address */
};

/* Why opening failed, for the caller's exit code. */
enum target_open_error {
	TARGET_OK = 0,
	TARGET_ENOENT,	/* file missing */
	TARGET_EACCES,	/* not allowed to read it */
	TARGET_EBADF,	/* not a usable x86-64 ELF core / truncated / corrupt */
	TARGET_ENOMEM,
};

#define X86_START_KERNEL_MAP	0xffffffff80000000ULL

struct vmcoreinfo {
	char *raw;		/* NUL-terminated copy of the note text */
	size_t raw_len;
	char osrelease[65];
	uint64_t page_size;
	uint64_t phys_base;
	bool have_phys_base;
	uint64_t kerneloffset;
	uint64_t init_top_pgt;	/* SYMBOL(init_top_pgt), else swapper_pg_dir */
	uint64_t kernel_image_size;
	uint64_t sme_mask;
	uint64_t page_offset;	/* NUMBER(page_offset_base) where exported */
	bool pgtable_l5;
	bool from_scan;		/* found by scanning memory, not a note */
};

struct target_segment {
	uint64_t start;		/* vaddr (live) or paddr (vmcore) */
	uint64_t memsz;
	uint64_t offset;	/* file offset of start */
	uint64_t filesz;	/* bytes present in the file (clamped) */
	bool truncated;		/* the file ends inside this segment */
};

#define TARGET_TLB_SIZE 64

struct target {
	enum target_kind kind;
	char *path;
	int fd;			/* -1 for a memory-backed target */
	const unsigned char *mem;
	uint64_t mem_len;
	/* a vmcore file mapped read-only, for target_ptr() (NULL: none) */
	const unsigned char *map;
	uint64_t map_len;
	uint64_t file_size;	/* 0: unknown (kcore) */
	Elf *elf;

	struct target_segment *segs;	/* sorted by start */
	uint64_t *seg_reach;		/* max last byte of segs[0..i] */
	size_t nsegs;
	uint64_t max_paddr;		/* vmcore: end of the highest segment */

	struct vmcoreinfo vi;
	bool have_vi;

	/* vmcore translation state */
	int levels;			/* 4 or 5 */
	uint64_t pgd_phys;
	uint64_t page_offset;		/* direct map base, when known */
	bool have_page_offset;
	struct {
		uint64_t vpage, ppage, mask;	/* mask: page size - 1 */
		bool valid;
	} tlb[TARGET_TLB_SIZE];

	char err[512];
};

/* Open the running kernel through @kcore (NULL: /proc/kcore). */
enum target_open_error target_open_live(struct target *t, const char *kcore);
/* Open an ELF vmcore file. */
enum target_open_error target_open_vmcore(struct target *t, const char *path);
/* Open an ELF vmcore held in memory (tests, fuzzing); @buf must outlive @t. */
enum target_open_error target_open_vmcore_mem(struct target *t,
					      const void *buf, size_t len);
void target_close(struct target *t);

const char *target_error(const struct target *t);

/*
 * A pointer to @len bytes of kernel virtual memory at @addr inside the
 * dump itself (a vmcore file is mapped read-only, a memory-backed target
 * is memory), when they lie contiguously in one segment; NULL otherwise,
 * and always for a live kernel: the caller copies with target_read().
 * Valid until target_close().  Saves copying megabytes of BTF and
 * kallsyms.
 */
const void *target_ptr(struct target *t, uint64_t addr, size_t len);

/* Read @len bytes of kernel virtual memory at @addr. */
int target_read(struct target *t, uint64_t addr, void *buf, size_t len);
int target_read_u64(struct target *t, uint64_t addr, uint64_t *val);
int target_read_u32(struct target *t, uint64_t addr, uint32_t *val);
/* Read a NUL-terminated string of at most @size - 1 bytes; always
 * NUL-terminates @buf.  Stops quietly at an unreadable page once at least
 * one byte was read. */
int target_read_string(struct target *t, uint64_t addr, char *buf,
		       size_t size);
/* Read physical memory (vmcore only). */
int target_read_phys(struct target *t, uint64_t paddr, void *buf, size_t len);
/* Translate a kernel virtual address (vmcore only); @page_size may be NULL. */
int target_translate(struct target *t, uint64_t vaddr, uint64_t *paddr,
		     uint64_t *page_size);

/* Tell a vmcore target where the direct map starts (page_offset_base). */
void target_set_page_offset(struct target *t, uint64_t page_offset);

/* Look up "KEY=value" in VMCOREINFO; SYMBOL(x) and KERNELOFFSET are hex,
 * NUMBER(x) and the rest decimal.  Returns 0 if found. */
int vmcoreinfo_lookup(const struct vmcoreinfo *vi, const char *key,
		      uint64_t *val);
/* Look up the address of SYMBOL(@name). */
int vmcoreinfo_symbol(const struct vmcoreinfo *vi, const char *name,
		      uint64_t *val);
/* Parse a VMCOREINFO text into @vi (exposed for fuzzing). */
int vmcoreinfo_parse(struct vmcoreinfo *vi, const char *text, size_t len,
		     char *err, size_t errlen);
void vmcoreinfo_free(struct vmcoreinfo *vi);

#endif
