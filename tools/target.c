// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: access to a kernel's memory (see target.h).
 *
 * Live: /proc/kcore is an ELF core whose PT_LOADs are kernel virtual ranges
 * (text, direct map, vmalloc, modules); a read is a pread at
 * p_offset + (addr - p_vaddr).
 *
 * Vmcore: PT_LOADs are physical ranges (p_paddr).  Virtual addresses are
 * translated as the kernel does:
 *   - direct map: page_offset_base <= va < page_offset_base + max RAM
 *     -> va - page_offset_base (once the caller knows page_offset_base);
 *   - kernel image: __START_KERNEL_map <= va < + KERNEL_IMAGE_SIZE
 *     -> va - __START_KERNEL_map + phys_base;
 *   - everything else (vmalloc, modules, per-CPU chunks): walk the kernel's
 *     page tables from init_top_pgt, 4 or 5 levels, 1G/2M/4K pages.
 */
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_SHIFT_4K	12
#define PTE_PRESENT	0x1ULL
#define PTE_PSE		0x80ULL
#define PTE_ADDR_MASK	0x000ffffffffff000ULL
#define MAX_NOTE_BYTES	(64u << 20)
#define VMCOREINFO_MAX	(1u << 16)

static int terr(struct target *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int terr(struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->err, sizeof(t->err), fmt, ap);
	va_end(ap);
	return -1;
}

const char *target_error(const struct target *t)
{
	return t->err[0] ? t->err : "unknown error";
}

/* ---- raw file access ---------------------------------------------------- */

static int src_pread(struct target *t, uint64_t off, void *buf, size_t len)
{
	/* a dump mapped whole: a copy costs less than a system call */
	if (t->map && off <= t->map_len && len <= t->map_len - off) {
		memcpy(buf, t->map + off, len);
		return 0;
	}
	if (t->fd < 0) {
		if (off > t->mem_len || len > t->mem_len - off)
			return terr(t, "offset %#" PRIx64 "+%zu beyond the end of the dump",
				    off, len);
		memcpy(buf, t->mem + off, len);
		return 0;
	}
	while (len) {
		ssize_t r;

		if (off > (uint64_t)INT64_MAX)
			return terr(t, "file offset %#" PRIx64 " out of range", off);
		r = pread(t->fd, buf, len, (off_t)off);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return terr(t, "%s: read at offset %#" PRIx64 ": %s",
				    t->path, off, strerror(errno));
		}
		if (r == 0)
			return terr(t, "%s: unexpected end of file at offset %#" PRIx64,
				    t->path, off);
		buf = (char *)buf + r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	return 0;
}

/* Find the segment containing @a (by start key); NULL if none.  Segments
 * may overlap (kcore; QEMU paging dumps map a page at every alias), so
 * search back from the last segment starting at or below @a while some
 * earlier segment still reaches past @a. */
static const struct target_segment *seg_find(const struct target *t, uint64_t a)
{
	size_t lo = 0, hi = t->nsegs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->segs[mid].start <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		const struct target_segment *s = &t->segs[i];

		if (t->seg_reach[i] < a)
			break;
		if (a - s->start < s->memsz)
			return s;
	}
	return NULL;
}

/* Read from the segment space (vaddr for kcore, paddr for a vmcore). */
static int seg_read(struct target *t, uint64_t a, void *buf, size_t len,
		    const char *space)
{
	while (len) {
		const struct target_segment *s = seg_find(t, a);
		uint64_t in, chunk;

		if (!s)
			return terr(t, "%s address %#" PRIx64 " is not in the %s",
				    space, a, t->kind == TARGET_LIVE ?
				    "kcore (not mapped)" : "dump");
		in = a - s->start;
		chunk = s->memsz - in;
		if (chunk > len)
			chunk = len;
		if (in < s->filesz) {
			uint64_t have = s->filesz - in;

			if (have > chunk)
				have = chunk;
			if (src_pread(t, s->offset + in, buf, have))
				return -1;
			if (have < chunk) {
				if (s->truncated)
					return terr(t, "%s address %#" PRIx64
						    " lies in a truncated part of the dump",
						    space, a + have);
				memset((char *)buf + have, 0, chunk - have);
			}
		} else {
			if (s->truncated)
				return terr(t, "%s address %#" PRIx64
					    " lies in a truncated part of the dump",
					    space, a);
			memset(buf, 0, chunk);	/* p_memsz > p_filesz: zeros */
		}
		buf = (char *)buf + chunk;
		a += chunk;
		len -= chunk;
		if (len && a == 0)
			return terr(t, "read wraps around the address space");
	}
	return 0;
}

/* ---- VMCOREINFO ----------------------------------------------------------- */

void vmcoreinfo_free(struct vmcoreinfo *vi)
{
	free(vi->raw);
	memset(vi, 0, sizeof(*vi));
}

static const char *vi_find(const struct vmcoreinfo *vi, const char *key,
			   size_t *vlen)
{
	size_t klen = strlen(key);
	const char *p = vi->raw, *end;

	if (!p)
		return NULL;
	end = p + vi->raw_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if ((size_t)(le - p) > klen && !memcmp(p, key, klen) &&
		    p[klen] == '=') {
			*vlen = (size_t)(le - (p + klen + 1));
			return p + klen + 1;
		}
		p = le + 1;
	}
	return NULL;
}

static int parse_num(const char *s, size_t len, int base, uint64_t *val)
{
	char tmp[32], *end;
	bool neg = false;
	unsigned long long v;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (base == 10 && tmp[0] == '-')
		neg = true;
	errno = 0;
	v = strtoull(tmp + neg, &end, base);
	if (errno || end == tmp + neg || *end)
		return -1;
	*val = neg ? (uint64_t)0 - v : v;
	return 0;
}

int vmcoreinfo_lookup(const struct vmcoreinfo *vi, const char *key,
		      uint64_t *val)
{
	size_t vlen;
	const char *v = vi_find(vi, key, &vlen);
	int base = 10;

	if (!v)
		return -1;
	if (!strncmp(key, "SYMBOL(", 7) || !strcmp(key, "KERNELOFFSET") ||
	    !strcmp(key, "KERNELOFFPHYS"))
		base = 16;
	return parse_num(v, vlen, base, val);
}

int vmcoreinfo_symbol(const struct vmcoreinfo *vi, const char *name,
		      uint64_t *val)
{
	char key[128];

	if (snprintf(key, sizeof(key), "SYMBOL(%s)", name) >= (int)sizeof(key))
		return -1;
	return vmcoreinfo_lookup(vi, key, val);
}

int vmcoreinfo_parse(struct vmcoreinfo *vi, const char *text, size_t len,
		     char *err, size_t errlen)
{
	const char *v;
	size_t vlen;
	uint64_t x;

	memset(vi, 0, sizeof(*vi));
	/* The note's text ends at the first NUL. */
	{
		const char *nul = memchr(text, '\0', len);

		if (nul)
			len = (size_t)(nul - text);
	}
	if (len > VMCOREINFO_MAX) {
		snprintf(err, errlen, "VMCOREINFO is implausibly large (%zu bytes)", len);
		return -1;
	}
	vi->raw = malloc(len + 1);
	if (!vi->raw) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(vi->raw, text, len);
	vi->raw[len] = '\0';
	vi->raw_len = len;

	v = vi_find(vi, "OSRELEASE", &vlen);
	if (!v || vlen == 0 || vlen >= sizeof(vi->osrelease)) {
		snprintf(err, errlen, "VMCOREINFO has no valid OSRELEASE");
		goto fail;
	}
	memcpy(vi->osrelease, v, vlen);
	vi->osrelease[vlen] = '\0';
	if (vmcoreinfo_lookup(vi, "PAGESIZE", &vi->page_size) ||
	    vi->page_size != 4096) {
		snprintf(err, errlen, "VMCOREINFO has no PAGESIZE=4096 (only x86-64 is supported)");
		goto fail;
	}
	if (!vmcoreinfo_lookup(vi, "NUMBER(phys_base)", &vi->phys_base))
		vi->have_phys_base = true;
	vmcoreinfo_lookup(vi, "KERNELOFFSET", &vi->kerneloffset);
	if (vmcoreinfo_symbol(vi, "init_top_pgt", &vi->init_top_pgt) &&
	    vmcoreinfo_symbol(vi, "swapper_pg_dir", &vi->init_top_pgt))
		vi->init_top_pgt = 0;
	if (!vmcoreinfo_lookup(vi, "NUMBER(pgtable_l5_enabled)", &x))
		vi->pgtable_l5 = x != 0;
	if (vmcoreinfo_lookup(vi, "NUMBER(KERNEL_IMAGE_SIZE)",
			      &vi->kernel_image_size) ||
	    vi->kernel_image_size == 0 || vi->kernel_image_size > (1ULL << 30))
		vi->kernel_image_size = 512ULL << 20;
	vmcoreinfo_lookup(vi, "NUMBER(sme_mask)", &vi->sme_mask);
	if (vmcoreinfo_lookup(vi, "NUMBER(page_offset_base)", &vi->page_offset))
		vi->page_offset = 0;
	return 0;
fail:
	vmcoreinfo_free(vi);
	return -1;
}

/* Parse an ELF note segment's bytes; picks up VMCOREINFO. */
static int parse_notes(struct target *t, const unsigned char *p, size_t len)
{
	size_t off = 0;

	while (len - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t name_off, desc_off, next;

		memcpy(&nh, p + off, sizeof(nh));
		name_off = off + sizeof(nh);
		if (nh.n_namesz > len - name_off)
			break;
		desc_off = name_off + (((size_t)nh.n_namesz + 3) & ~(size_t)3);
		if (desc_off > len || nh.n_descsz > len - desc_off)
			break;
		next = desc_off + (((size_t)nh.n_descsz + 3) & ~(size_t)3);
		if (nh.n_namesz >= 10 && !memcmp(p + name_off, "VMCOREINFO", 10) &&
		    (nh.n_namesz == 10 || p[name_off + 10] == '\0') && !t->have_vi) {
			char e[256];

			if (vmcoreinfo_parse(&t->vi, (const char *)p + desc_off,
					     nh.n_descsz, e, sizeof(e)))
				return terr(t, "%s: bad VMCOREINFO note: %s",
					    t->path, e);
			t->have_vi = true;
		}
		if (next <= off || next > len)
			break;
		off = next;
	}
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct target_segment *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* ---- vmcore page tables --------------------------------------------------- */

int target_read_phys(struct target *t, uint64_t paddr, void *buf, size_t len)
{
	if (t->kind != TARGET_VMCORE)
		return terr(t, "physical reads need a vmcore");
	return seg_read(t, paddr, buf, len, "physical");
}

static int pt_walk(struct target *t, uint64_t va, uint64_t *pa, uint64_t *mask)
{
	uint64_t table = t->pgd_phys;
	int vbits = t->levels == 5 ? 57 : 48;
	int64_t sva = (int64_t)va;

	/* canonical: bits vbits-1..63 all equal */
	if ((sva >> (vbits - 1)) != 0 && (sva >> (vbits - 1)) != -1)
		return terr(t, "address %#" PRIx64 " is not canonical", va);
	for (int level = t->levels; level >= 1; level--) {
		int shift = PAGE_SHIFT_4K + 9 * (level - 1);
		uint64_t idx = (va >> shift) & 511, e;

		if (target_read_phys(t, table + idx * 8, &e, sizeof(e)))
			return terr(t, "address %#" PRIx64 ": page table at %#" PRIx64
				    " (level %d) is not in the dump", va, table, level);
		if (!(e & PTE_PRESENT))
			return terr(t, "address %#" PRIx64 " is not mapped", va);
		e &= ~t->vi.sme_mask;
		if (level == 1 || ((level == 2 || level == 3) && (e & PTE_PSE))) {
			uint64_t m = (1ULL << shift) - 1;

			*pa = ((e & PTE_ADDR_MASK) & ~m) | (va & m);
			*mask = m;
			return 0;
		}
		table = e & PTE_ADDR_MASK;
	}
	return terr(t, "address %#" PRIx64 ": page table walk failed", va);
}

int target_translate(struct target *t, uint64_t va, uint64_t *pa,
		     uint64_t *page_size)
{
	unsigned int slot = (unsigned int)((va >> PAGE_SHIFT_4K) % TARGET_TLB_SIZE);
	uint64_t p, m;

	if (t->kind != TARGET_VMCORE)
		return terr(t, "address translation needs a vmcore");
	if (t->tlb[slot].valid && (va & ~t->tlb[slot].mask) == t->tlb[slot].vpage) {
		p = t->tlb[slot].ppage | (va & t->tlb[slot].mask);
		m = t->tlb[slot].mask;
	} else if (t->have_page_offset && va >= t->page_offset &&
		   va - t->page_offset < t->max_paddr) {
		p = va - t->page_offset;
		m = (1ULL << PAGE_SHIFT_4K) - 1;
	} else if (va >= X86_START_KERNEL_MAP &&
		   va - X86_START_KERNEL_MAP < t->vi.kernel_image_size) {
		p = va - X86_START_KERNEL_MAP + t->vi.phys_base;
		m = (1ULL << PAGE_SHIFT_4K) - 1;
	} else {
		if (pt_walk(t, va, &p, &m))
			return -1;
		t->tlb[slot].vpage = va & ~m;
		t->tlb[slot].ppage = p & ~m;
		t->tlb[slot].mask = m;
		t->tlb[slot].valid = true;
	}
	*pa = p;
	if (page_size)
		*page_size = m + 1;
	return 0;
}

void target_set_page_offset(struct target *t, uint64_t page_offset)
{
	t->page_offset = page_offset;
	t->have_page_offset = page_offset != 0;
}

/* ---- public reads ------------------------------------------------------- */

int target_read(struct target *t, uint64_t addr, void *buf, size_t len)
{
	if (len && addr + len - 1 < addr)
		return terr(t, "read at %#" PRIx64 "+%zu wraps around", addr, len);
	if (t->kind == TARGET_LIVE)
		return seg_read(t, addr, buf, len, "kernel");
	while (len) {
		uint64_t pa, psz, chunk;

		if (target_translate(t, addr, &pa, &psz))
			return -1;
		chunk = psz - (addr & (psz - 1));
		if (chunk > len)
			chunk = len;
		/* one read for physically contiguous pages (the kernel image,
		 * the direct map): BTF and kallsyms are megabytes */
		while (chunk < len) {
			uint64_t npa, npsz, more;

			if (target_translate(t, addr + chunk, &npa, &npsz) ||
			    npa != pa + chunk)
				break;
			more = npsz - ((addr + chunk) & (npsz - 1));
			chunk += more < len - chunk ? more : len - chunk;
		}
		if (target_read_phys(t, pa, buf, chunk)) {
			char e[sizeof(t->err)];

			memcpy(e, t->err, sizeof(e));
			return terr(t, "reading %#" PRIx64 " (physical %#" PRIx64 "): %s",
				    addr, pa, e);
		}
		buf = (char *)buf + chunk;
		addr += chunk;
		len -= chunk;
	}
	return 0;
}

const void *target_ptr(struct target *t, uint64_t addr, size_t len)
{
	const unsigned char *base = t->map ? t->map : t->mem;
	uint64_t blen = t->map ? t->map_len : t->mem_len;
	const struct target_segment *s;
	uint64_t pa, psz, have, in;

	if (t->kind != TARGET_VMCORE || !base || !len || addr + len - 1 < addr ||
	    target_translate(t, addr, &pa, &psz))
		return NULL;
	have = psz - (addr & (psz - 1));
	while (have < len) {
		uint64_t npa, npsz;

		if (target_translate(t, addr + have, &npa, &npsz) || npa != pa + have)
			return NULL;
		have += npsz - ((addr + have) & (npsz - 1));
	}
	s = seg_find(t, pa);
	if (!s)
		return NULL;
	in = pa - s->start;
	if (in > s->filesz || len > s->filesz - in || s->offset + in > blen ||
	    len > blen - (s->offset + in))
		return NULL;
	return base + s->offset + in;
}

int target_read_u64(struct target *t, uint64_t addr, uint64_t *val)
{
	return target_read(t, addr, val, sizeof(*val));
}

int target_read_u32(struct target *t, uint64_t addr, uint32_t *val)
{
	return target_read(t, addr, val, sizeof(*val));
}

int target_read_string(struct target *t, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0;

	if (!size)
		return terr(t, "empty string buffer");
	while (got + 1 < size) {
		size_t chunk = 4096 - ((addr + got) & 4095);
		char *nul;

		if (chunk > size - 1 - got)
			chunk = size - 1 - got;
		if (target_read(t, addr + got, buf + got, chunk)) {
			buf[got] = '\0';
			return got ? 0 : -1;
		}
		nul = memchr(buf + got, '\0', chunk);
		if (nul)
			return 0;
		got += chunk;
	}
	buf[got] = '\0';
	return 0;
}

/* ---- opening ------------------------------------------------------------ */

static void target_init(struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}

void target_close(struct target *t)
{
	if (t->elf)
		elf_end(t->elf);
	if (t->fd >= 0)
		close(t->fd);
	if (t->map)
		munmap((void *)t->map, (size_t)t->map_len);
	free(t->segs);
	free(t->seg_reach);
	free(t->path);
	vmcoreinfo_free(&t->vi);
	target_init(t);
}

/* Search the dump's memory for the VMCOREINFO text (QEMU dumps made without
 * -device vmcoreinfo have no note, but the kernel's copy is in RAM). */
static int scan_vmcoreinfo(struct target *t)
{
	static const char pat[] = "OSRELEASE=";
	const size_t chunk = 1u << 20, keep = 4096;
	unsigned char *buf = malloc(chunk + keep);

	if (!buf)
		return -1;
	for (size_t i = 0; i < t->nsegs; i++) {
		const struct target_segment *s = &t->segs[i];

		for (uint64_t in = 0; in < s->filesz; in += chunk) {
			size_t n = s->filesz - in > chunk + keep ?
				   chunk + keep : (size_t)(s->filesz - in);
			unsigned char *p = buf, *end = buf + n;

			if (src_pread(t, s->offset + in, buf, n))
				break;
			while ((p = memmem(p, (size_t)(end - p), pat, sizeof(pat) - 1))) {
				struct vmcoreinfo vi;
				char e[128];
				size_t avail = (size_t)(end - p);
				uint64_t pa, m;

				if (avail > keep)
					avail = keep;
				if (!vmcoreinfo_parse(&vi, (const char *)p, avail, e, sizeof(e))) {
					if (vi.init_top_pgt && vi.have_phys_base) {
						struct vmcoreinfo save = t->vi;

						t->vi = vi;
						t->levels = vi.pgtable_l5 ? 5 : 4;
						t->pgd_phys = vi.init_top_pgt -
							X86_START_KERNEL_MAP + vi.phys_base;
						/* the tables must map init_top_pgt to itself */
						if (!pt_walk(t, vi.init_top_pgt, &pa, &m) &&
						    pa == t->pgd_phys) {
							t->vi.from_scan = true;
							t->have_vi = true;
							free(buf);
							return 0;
						}
						t->vi = save;
					}
					vmcoreinfo_free(&vi);
				}
				p++;
			}
		}
	}
	free(buf);
	return -1;
}

static enum target_open_error open_elf(struct target *t, enum target_kind kind)
{
	GElf_Ehdr eh;
	size_t phnum;

	t->kind = kind;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		terr(t, "libelf initialisation failed");
		return TARGET_EBADF;
	}
	if (t->fd >= 0)
		t->elf = elf_begin(t->fd, ELF_C_READ, NULL);
	else
		t->elf = elf_memory((char *)t->mem, t->mem_len);
	if (!t->elf || elf_kind(t->elf) != ELF_K_ELF) {
		terr(t, "%s: not an ELF file", t->path);
		return TARGET_EBADF;
	}
	if (!gelf_getehdr(t->elf, &eh)) {
		terr(t, "%s: bad ELF header: %s", t->path, elf_errmsg(-1));
		return TARGET_EBADF;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_X86_64) {
		terr(t, "%s: not a little-endian x86-64 ELF file", t->path);
		return TARGET_EBADF;
	}
	if (eh.e_type != ET_CORE) {
		terr(t, "%s: not an ELF core dump (e_type %u)", t->path, eh.e_type);
		return TARGET_EBADF;
	}
	if (elf_getphdrnum(t->elf, &phnum)) {
		terr(t, "%s: bad program headers: %s", t->path, elf_errmsg(-1));
		return TARGET_EBADF;
	}
	if (phnum > (1u << 20)) {
		terr(t, "%s: implausible number of program headers (%zu)", t->path, phnum);
		return TARGET_EBADF;
	}
	t->segs = calloc(phnum ? phnum : 1, sizeof(*t->segs));
	if (!t->segs) {
		terr(t, "out of memory");
		return TARGET_ENOMEM;
	}
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(t->elf, (int)i, &ph)) {
			terr(t, "%s: bad program header %zu: %s", t->path, i,
			     elf_errmsg(-1));
			return TARGET_EBADF;
		}
		if (ph.p_type == PT_NOTE) {
			unsigned char *nb;
			size_t n = ph.p_filesz;

			if (n > MAX_NOTE_BYTES) {
				terr(t, "%s: note segment too large", t->path);
				return TARGET_EBADF;
			}
			if (t->file_size && (ph.p_offset > t->file_size ||
					     n > t->file_size - ph.p_offset)) {
				terr(t, "%s: note segment beyond the end of the file (truncated?)",
				     t->path);
				return TARGET_EBADF;
			}
			nb = malloc(n ? n : 1);
			if (!nb) {
				terr(t, "out of memory");
				return TARGET_ENOMEM;
			}
			if (src_pread(t, ph.p_offset, nb, n) || parse_notes(t, nb, n)) {
				free(nb);
				return TARGET_EBADF;
			}
			free(nb);
		} else if (ph.p_type == PT_LOAD) {
			struct target_segment *s = &t->segs[t->nsegs];

			s->start = kind == TARGET_LIVE ? ph.p_vaddr : ph.p_paddr;
			s->memsz = ph.p_memsz;
			s->offset = ph.p_offset;
			s->filesz = ph.p_filesz < ph.p_memsz ? ph.p_filesz : ph.p_memsz;
			if (!s->memsz)
				continue;
			if (s->start + s->memsz - 1 < s->start) {
				terr(t, "%s: segment %zu wraps around the address space",
				     t->path, i);
				return TARGET_EBADF;
			}
			if (t->file_size) {
				if (s->offset >= t->file_size) {
					s->filesz = 0;
					s->truncated = ph.p_filesz != 0;
				} else if (s->filesz > t->file_size - s->offset) {
					s->filesz = t->file_size - s->offset;
					s->truncated = true;
				}
			}
			if (kind == TARGET_VMCORE && s->start + s->memsz > t->max_paddr)
				t->max_paddr = s->start + s->memsz;
			t->nsegs++;
		}
	}
	if (!t->nsegs) {
		terr(t, "%s: core file has no memory (PT_LOAD) segments", t->path);
		return TARGET_EBADF;
	}
	qsort(t->segs, t->nsegs, sizeof(*t->segs), seg_cmp);
	t->seg_reach = malloc(t->nsegs * sizeof(*t->seg_reach));
	if (!t->seg_reach) {
		terr(t, "out of memory");
		return TARGET_ENOMEM;
	}
	for (size_t i = 0; i < t->nsegs; i++) {
		/* inclusive: a segment may end at the top of the address space */
		uint64_t last = t->segs[i].start + t->segs[i].memsz - 1;

		t->seg_reach[i] = i && t->seg_reach[i - 1] > last ? t->seg_reach[i - 1] : last;
	}
	return TARGET_OK;
}

static enum target_open_error open_file(struct target *t, const char *path)
{
	struct stat st;

	t->path = strdup(path);
	if (!t->path) {
		terr(t, "out of memory");
		return TARGET_ENOMEM;
	}
	t->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (t->fd < 0) {
		int e = errno;

		terr(t, "%s: %s", path, strerror(e));
		return e == ENOENT ? TARGET_ENOENT :
		       (e == EACCES || e == EPERM) ? TARGET_EACCES : TARGET_EBADF;
	}
	if (fstat(t->fd, &st) || !S_ISREG(st.st_mode)) {
		terr(t, "%s: not a regular file", path);
		return TARGET_EBADF;
	}
	t->file_size = (uint64_t)st.st_size;
	return TARGET_OK;
}

enum target_open_error target_open_live(struct target *t, const char *kcore)
{
	enum target_open_error r;

	target_init(t);
	if (!kcore)
		kcore = "/proc/kcore";
	r = open_file(t, kcore);
	if (r == TARGET_OK) {
		t->file_size = 0;	/* kcore's st_size is not its length */
		r = open_elf(t, TARGET_LIVE);
	}
	return r;
}

static enum target_open_error vmcore_setup(struct target *t)
{
	uint64_t x;

	if (!t->have_vi) {
		if (scan_vmcoreinfo(t)) {
			terr(t, "%s: no VMCOREINFO note, and none found in memory "
			     "(QEMU: add -device vmcoreinfo and load qemu_fw_cfg in the guest)",
			     t->path);
			return TARGET_EBADF;
		}
		return TARGET_OK;
	}
	if (!t->vi.init_top_pgt || !t->vi.have_phys_base) {
		terr(t, "%s: VMCOREINFO lacks %s", t->path,
		     t->vi.init_top_pgt ? "NUMBER(phys_base)" : "SYMBOL(init_top_pgt)");
		return TARGET_EBADF;
	}
	t->levels = t->vi.pgtable_l5 ? 5 : 4;
	t->pgd_phys = t->vi.init_top_pgt - X86_START_KERNEL_MAP + t->vi.phys_base;
	if (target_read_phys(t, t->pgd_phys, &x, sizeof(x))) {
		char e[sizeof(t->err)];

		memcpy(e, t->err, sizeof(e));
		terr(t, "%s: kernel page tables not in the dump: %s", t->path, e);
		return TARGET_EBADF;
	}
	if (t->vi.page_offset)
		target_set_page_offset(t, t->vi.page_offset);
	return TARGET_OK;
}

enum target_open_error target_open_vmcore(struct target *t, const char *path)
{
	enum target_open_error r;

	target_init(t);
	r = open_file(t, path);
	if (r == TARGET_OK && t->file_size) {
		void *m = mmap(NULL, (size_t)t->file_size, PROT_READ, MAP_PRIVATE,
			       t->fd, 0);

		/* optional: without it everything is read with pread() */
		if (m != MAP_FAILED) {
			t->map = m;
			t->map_len = t->file_size;
		}
	}
	if (r == TARGET_OK)
		r = open_elf(t, TARGET_VMCORE);
	if (r == TARGET_OK)
		r = vmcore_setup(t);
	return r;
}

enum target_open_error target_open_vmcore_mem(struct target *t,
					      const void *buf, size_t len)
{
	enum target_open_error r;

	target_init(t);
	t->path = strdup("<memory>");
	if (!t->path)
		return TARGET_ENOMEM;
	t->mem = buf;
	t->mem_len = len;
	t->file_size = len;
	r = open_elf(t, TARGET_VMCORE);
	if (r == TARGET_OK)
		r = vmcore_setup(t);
	return r;
}
