// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: one inspected kernel and the general helpers (see kernel.h).
 */
#include "kernel.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LIST_NODES	(1u << 22)
#define MAX_CPUS	(1u << 16)

static int kerrf(struct kernel *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int kerrf(struct kernel *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->err, sizeof(k->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int open_fail(struct kernel *k, enum target_open_error r)
{
	snprintf(k->err, sizeof(k->err), "%s", target_error(&k->t));
	switch (r) {
	case TARGET_EACCES:
		return EXIT_PERM;
	case TARGET_ENOMEM:
		return EXIT_ERROR;
	default:
		return EXIT_TARGET;
	}
}

static void module_name_of(const char *path, char *name, size_t size)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strcspn(b, ".");
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		name[i] = b[i] == '-' ? '_' : b[i];
	name[n] = '\0';
}

static int load_ko(struct kernel *k, const struct kernel_opts *o)
{
	for (size_t i = 0; i < o->nko; i++) {
		char name[64];

		module_name_of(o->ko[i], name, sizeof(name));
		if (kbtf_add_module_file(&k->btf, name, o->ko[i], true)) {
			kerrf(k, "%s", kbtf_error(&k->btf));
			return EXIT_NOBTF;
		}
	}
	return EXIT_OK;
}

static void find_cpus(struct kernel *k)
{
	const struct ksym *s = sym_lookup(&k->syms, "__per_cpu_offset", "vmlinux");
	uint32_t n;

	k->per_cpu_offset = s ? s->addr : 0;
	s = sym_lookup(&k->syms, "nr_cpu_ids", "vmlinux");
	if (s && !target_read_u32(&k->t, s->addr, &n) && n && n <= MAX_CPUS) {
		k->nr_cpu_ids = n;
		return;
	}
	if (k->live) {
		FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
		char line[256];

		if (f) {
			if (fgets(line, sizeof(line), f)) {
				char *p = strrchr(line, '-');
				char *q = strrchr(line, ',');
				unsigned long v;

				if (q && (!p || q > p))
					p = q;
				v = strtoul(p ? p + 1 : line, NULL, 10);
				if (v < MAX_CPUS)
					k->nr_cpu_ids = (uint32_t)v + 1;
			}
			fclose(f);
		}
	}
}

/* The vmlinux types and enumerators the layers (and the caller) look up:
 * one BTF pass for all of them. */
static void prefetch_types(struct kernel *k, const struct kernel_opts *o)
{
	static const char *const types[] = {
		"struct module", "struct mod_kallsyms", "struct btf", "struct btf_module",
		"struct xarray", "struct xa_node", "struct idr", "struct hlist_head",
		"struct hlist_node", "struct list_head", "struct task_struct",
		"struct kernel_symbol", NULL,
	};
	static const char *const enums[] = { "MOD_TEXT", NULL };
	const char *t[64], *e[64];
	size_t nt = 0, ne = 0;

	for (size_t i = 0; types[i]; i++)
		t[nt++] = types[i];
	for (size_t i = 0; o->want_types && o->want_types[i] && nt < 63; i++)
		t[nt++] = o->want_types[i];
	t[nt] = NULL;
	for (size_t i = 0; enums[i]; i++)
		e[ne++] = enums[i];
	for (size_t i = 0; o->want_enums && o->want_enums[i] && ne < 63; i++)
		e[ne++] = o->want_enums[i];
	e[ne] = NULL;
	kbtf_prefetch(&k->btf, t, e);
}

/* Every loaded module's symbols from memory (needs vmlinux BTF); a module
 * that can't be read only warns.  Returns -1 with k->err set on failure. */
static int module_syms(struct kernel *k)
{
	if (symtab_load_vmcore_modules(&k->syms, &k->t, &k->btf))
		fprintf(stderr, "podwq-dump: warning: module symbols: %s\n",
			symtab_error(&k->syms));
	if (symtab_finish(&k->syms)) {
		kerrf(k, "%s", symtab_error(&k->syms));
		return -1;
	}
	return 0;
}

/* The vmlinux symbols the layers look up. */
static const char *const layer_syms[] = {
	"page_offset_base", "__start_BTF", "__stop_BTF", "modules", "btf_modules",
	"__per_cpu_offset", "nr_cpu_ids", NULL,
};

/*
 * A running kernel's vmlinux symbols from its kallsyms tables, read through
 * /proc/kcore and located by the VMCOREINFO note kcore carries (6.0+), as
 * for a vmcore: far cheaper than having the kernel format /proc/kallsyms
 * (a second in a TCG guest).  Not with --kallsyms; false when the note or
 * its kallsyms symbols are missing or the tables don't decode, and the
 * caller reads /proc/kallsyms instead.
 */
static bool live_mem_syms(struct kernel *k, const struct kernel_opts *o)
{
	uint64_t a;

	if (o->kallsyms || !k->t.have_vi ||
	    vmcoreinfo_symbol(&k->t.vi, "kallsyms_names", &a))
		return false;
	symtab_want(&k->syms, layer_syms);
	symtab_want(&k->syms, o->want_syms);
	if (!symtab_load_vmcore_vmlinux(&k->syms, &k->t) && !symtab_finish(&k->syms))
		return true;
	fprintf(stderr, "podwq-dump: warning: kallsyms tables in memory: %s; reading /proc/kallsyms\n",
		symtab_error(&k->syms));
	symtab_free(&k->syms);
	symtab_init(&k->syms);
	return false;
}

static int open_live(struct kernel *k, const struct kernel_opts *o)
{
	const char *btfdir = o->btf_dir ? o->btf_dir : "/sys/kernel/btf";
	char path[4096];
	enum target_open_error r;
	DIR *d;
	struct dirent *de;
	bool mem;

	k->live = true;
	if (o->need_root && geteuid() != 0) {
		kerrf(k, "must be run as root to read the running kernel (/proc/kcore, /proc/kallsyms)");
		return EXIT_PERM;
	}
	r = target_open_live(&k->t, o->kcore);
	if (r == TARGET_ENOENT) {
		kerrf(k, "%s (kernel built without CONFIG_PROC_KCORE?)", target_error(&k->t));
		return EXIT_TARGET;
	}
	if (r)
		return open_fail(k, r);
	mem = live_mem_syms(k, o);
	if (!mem) {
		k->kallsyms_file = o->kallsyms ? o->kallsyms : "/proc/kallsyms";
		if (symtab_load_kallsyms(&k->syms, k->kallsyms_file) ||
		    symtab_finish(&k->syms)) {
			kerrf(k, "%s", symtab_error(&k->syms));
			return EXIT_NOSYMS;
		}
	}
	snprintf(path, sizeof(path), "%s/vmlinux", btfdir);
	if (kbtf_load_vmlinux_file(&k->btf, path)) {
		kerrf(k, "%s (kernel built without CONFIG_DEBUG_INFO_BTF?)",
		      kbtf_error(&k->btf));
		return EXIT_NOBTF;
	}
	prefetch_types(k, o);
	if (mem && module_syms(k))
		return EXIT_ERROR;
	if (load_ko(k, o))
		return EXIT_NOBTF;
	d = opendir(btfdir);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux") ||
		    kbtf_module(&k->btf, de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", btfdir, de->d_name);
		if (kbtf_add_module_file(&k->btf, de->d_name, path, false))
			fprintf(stderr, "podwq-dump: warning: %s\n", kbtf_error(&k->btf));
	}
	if (d)
		closedir(d);
	find_cpus(k);
	return EXIT_OK;
}

/* Everything after opening the dump: kallsyms, BTF, modules. */
static int vmcore_layers(struct kernel *k, const struct kernel_opts *o,
			 const char *what)
{
	const struct ksym *s;
	uint64_t v;
	int rc;

	if (k->t.vi.from_scan)
		fprintf(stderr, "podwq-dump: warning: %s has no VMCOREINFO note; using the copy found in its memory\n",
			what);
	symtab_want(&k->syms, layer_syms);
	symtab_want(&k->syms, o->want_syms);
	if (symtab_load_vmcore_vmlinux(&k->syms, &k->t) || symtab_finish(&k->syms)) {
		kerrf(k, "%s: %s", what, symtab_error(&k->syms));
		return EXIT_NOSYMS;
	}
	s = sym_lookup(&k->syms, "page_offset_base", "vmlinux");
	if (s && !target_read_u64(&k->t, s->addr, &v))
		target_set_page_offset(&k->t, v);
	if (kbtf_load_vmcore_vmlinux(&k->btf, &k->t, &k->syms)) {
		kerrf(k, "%s: %s", what, kbtf_error(&k->btf));
		return EXIT_NOBTF;
	}
	prefetch_types(k, o);
	if (module_syms(k))
		return EXIT_ERROR;
	rc = load_ko(k, o);
	if (rc)
		return rc;
	if (kbtf_load_vmcore_modules(&k->btf, &k->t, &k->syms))
		fprintf(stderr, "podwq-dump: warning: module BTF: %s\n",
			kbtf_error(&k->btf));
	find_cpus(k);
	return EXIT_OK;
}

static int open_vmcore(struct kernel *k, const struct kernel_opts *o)
{
	enum target_open_error r = target_open_vmcore(&k->t, o->vmcore);

	if (r)
		return open_fail(k, r);
	return vmcore_layers(k, o, o->vmcore);
}

static void kernel_init(struct kernel *k)
{
	memset(k, 0, sizeof(*k));
	k->t.fd = -1;
	symtab_init(&k->syms);
	kbtf_init(&k->btf);
}

int kernel_open_vmcore_mem(struct kernel *k, const void *buf, size_t len)
{
	static const struct kernel_opts none;
	enum target_open_error r;

	kernel_init(k);
	r = target_open_vmcore_mem(&k->t, buf, len);
	if (r)
		return open_fail(k, r);
	return vmcore_layers(k, &none, "<memory>");
}

int kernel_open(struct kernel *k, const struct kernel_opts *o)
{
	kernel_init(k);
	return o->vmcore ? open_vmcore(k, o) : open_live(k, o);
}

void kernel_close(struct kernel *k)
{
	kbtf_free(&k->btf);
	symtab_free(&k->syms);
	target_close(&k->t);
}

int kernel_addr(struct kernel *k, const char *s, uint64_t *addr)
{
	char name[512], *plus, *colon;
	const char *mod = NULL;
	uint64_t off = 0;
	const struct ksym *sym;

	if (strlen(s) >= sizeof(name))
		return kerrf(k, "symbol name too long");
	strcpy(name, s);
	plus = strchr(name, '+');
	if (plus) {
		char *end;

		*plus = '\0';
		errno = 0;
		off = strtoull(plus + 1, &end, 0);
		if (errno || *end || end == plus + 1)
			return kerrf(k, "bad offset in '%s'", s);
	}
	if (isdigit((unsigned char)name[0])) {
		char *end;

		errno = 0;
		*addr = strtoull(name, &end, 0);
		if (errno || *end)
			return kerrf(k, "bad address '%s'", s);
		*addr += off;
		return 0;
	}
	colon = strchr(name, ':');
	if (colon) {
		*colon = '\0';
		mod = name;
	}
	sym = sym_lookup(&k->syms, colon ? colon + 1 : name, mod);
	if (!sym)
		return kerrf(k, "symbol '%s' not found%s%s", colon ? colon + 1 : name,
			     mod ? " in module " : "", mod ? mod : "");
	*addr = sym->addr + off;
	return 0;
}

int kernel_member(struct kernel *k, const char *type, const char *path,
		  struct kmember *m)
{
	struct ktype t;
	char e[256];

	if (kbtf_find_type(&k->btf, type, NULL, &t))
		return kerrf(k, "%s", kbtf_error(&k->btf));
	if (ktype_member(t, path, m, e, sizeof(e)))
		return kerrf(k, "%s", e);
	return 0;
}

int kernel_read_member(struct kernel *k, const char *type, uint64_t addr,
		       const char *path, void *buf, size_t size)
{
	struct kmember m;

	if (kernel_member(k, type, path, &m))
		return -1;
	if (m.bitfield_size || m.bit_offset % 8)
		return kerrf(k, "%s.%s is a bitfield", type, path);
	if (size > m.size)
		size = (size_t)m.size;
	if (target_read(&k->t, addr + m.bit_offset / 8, buf, size))
		return kerrf(k, "%s", target_error(&k->t));
	return 0;
}

int kernel_read_uint(struct kernel *k, const char *type, uint64_t addr,
		     const char *path, uint64_t *val)
{
	struct kmember m;
	int kind;
	bool sgn;

	if (kernel_member(k, type, path, &m))
		return -1;
	kind = ktype_kind(m.type);
	if (kind != BTF_KIND_INT && kind != BTF_KIND_ENUM && kind != BTF_KIND_ENUM64 &&
	    kind != BTF_KIND_PTR)
		return kerrf(k, "%s.%s is not an integer or pointer", type, path);
	sgn = ktype_is_signed(m.type);
	if (m.bitfield_size) {
		uint64_t first = m.bit_offset / 8, shift = m.bit_offset % 8, v = 0;
		uint8_t b[9] = { 0 };
		size_t nb = (size_t)((shift + m.bitfield_size + 7) / 8);

		if (m.bitfield_size > 64 || nb > sizeof(b))
			return kerrf(k, "%s.%s: bitfield too wide", type, path);
		if (target_read(&k->t, addr + first, b, nb))
			return kerrf(k, "%s", target_error(&k->t));
		for (size_t i = 0; i < nb && i < 8; i++)
			v |= (uint64_t)b[i] << (8 * i);
		v >>= shift;
		if (nb == 9)
			v |= (uint64_t)b[8] << (64 - shift);
		if (m.bitfield_size < 64) {
			v &= (1ULL << m.bitfield_size) - 1;
			if (sgn && (v >> (m.bitfield_size - 1)))
				v |= ~0ULL << m.bitfield_size;
		}
		*val = v;
		return 0;
	}
	if (m.bit_offset % 8 || !(m.size == 1 || m.size == 2 || m.size == 4 || m.size == 8))
		return kerrf(k, "%s.%s: unsupported size %" PRIu64, type, path, m.size);
	{
		uint64_t v = 0;

		if (target_read(&k->t, addr + m.bit_offset / 8, &v, (size_t)m.size))
			return kerrf(k, "%s", target_error(&k->t));
		if (sgn && m.size < 8 && (v >> (m.size * 8 - 1)))
			v |= ~0ULL << (m.size * 8);
		*val = v;
	}
	return 0;
}

int kernel_read_str(struct kernel *k, const char *type, uint64_t addr,
		    const char *path, char *buf, size_t size)
{
	struct kmember m;
	uint64_t at = 0;

	if (kernel_member(k, type, path, &m))
		return -1;
	if (!size)
		return kerrf(k, "empty buffer");
	switch (ktype_kind(m.type)) {
	case BTF_KIND_ARRAY:
		at = addr + m.bit_offset / 8;
		if (m.size + 1 < size)
			size = (size_t)m.size + 1;
		break;
	case BTF_KIND_PTR:
		if (target_read_u64(&k->t, addr + m.bit_offset / 8, &at))
			return kerrf(k, "%s", target_error(&k->t));
		if (!at) {
			buf[0] = '\0';
			return 0;
		}
		break;
	default:
		return kerrf(k, "%s.%s is not a string", type, path);
	}
	if (target_read_string(&k->t, at, buf, size))
		return kerrf(k, "%s", target_error(&k->t));
	return 0;
}

int kernel_percpu(struct kernel *k, uint64_t ptr, uint32_t cpu, uint64_t *addr)
{
	uint64_t off;

	if (!k->per_cpu_offset)
		return kerrf(k, "no __per_cpu_offset symbol");
	if (k->nr_cpu_ids && cpu >= k->nr_cpu_ids)
		return kerrf(k, "cpu %u >= nr_cpu_ids %u", cpu, k->nr_cpu_ids);
	if (target_read_u64(&k->t, k->per_cpu_offset + 8ULL * cpu, &off))
		return kerrf(k, "__per_cpu_offset[%u]: %s", cpu, target_error(&k->t));
	*addr = ptr + off;
	return 0;
}

int kernel_list_for_each(struct kernel *k, uint64_t head,
			 int (*cb)(struct kernel *k, uint64_t node, void *arg),
			 void *arg)
{
	uint64_t node, prev = head;
	size_t count = 0;

	if (target_read_u64(&k->t, head, &node))
		return kerrf(k, "list head %#" PRIx64 ": %s", head, target_error(&k->t));
	while (node != head) {
		int r;

		if (!node)
			return kerrf(k, "list at %#" PRIx64 ": NULL next pointer after %#" PRIx64,
				     head, prev);
		if (++count > MAX_LIST_NODES)
			return kerrf(k, "list at %#" PRIx64 " does not end", head);
		r = cb(k, node, arg);
		if (r)
			return r;
		prev = node;
		if (target_read_u64(&k->t, node, &node))
			return kerrf(k, "list node %#" PRIx64 ": %s", prev,
				     target_error(&k->t));
	}
	return 0;
}

struct entries {
	uint64_t off, *v;
	size_t n, cap;
};

static int collect(struct kernel *k, uint64_t node, void *arg)
{
	struct entries *e = arg;

	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64;
		uint64_t *v = realloc(e->v, cap * sizeof(*v));

		if (!v)
			return kerrf(k, "out of memory");
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n++] = node - e->off;
	return 0;
}

int kernel_list_entries(struct kernel *k, uint64_t head, const char *type,
			const char *member, uint64_t **out, size_t *n)
{
	struct kmember m;

	if (kernel_member(k, type, member, &m))
		return -1;
	return kernel_list_collect(k, head, m.bit_offset / 8, out, n);
}

int kernel_list_collect(struct kernel *k, uint64_t head, uint64_t off,
			uint64_t **out, size_t *n)
{
	struct entries e = { 0 };

	e.off = off;
	if (kernel_list_for_each(k, head, collect, &e)) {
		free(e.v);
		return -1;
	}
	*out = e.v;
	*n = e.n;
	return 0;
}

int kernel_read_cpumask(struct kernel *k, uint64_t addr, uint32_t nbits,
			uint64_t *bits)
{
	size_t words = ((size_t)nbits + 63) / 64;

	if (!nbits || nbits > MAX_CPUS)
		return kerrf(k, "bad cpumask size %u", nbits);
	if (target_read(&k->t, addr, bits, words * 8))
		return kerrf(k, "cpumask at %#" PRIx64 ": %s", addr, target_error(&k->t));
	if (nbits % 64)
		bits[words - 1] &= (1ULL << (nbits % 64)) - 1;
	return 0;
}

void cpulist_str(const uint64_t *bits, uint32_t nbits, char *buf, size_t size)
{
	size_t o = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (uint32_t i = 0; i < nbits; i++) {
		uint32_t j = i;
		int w;

		if (!(bits[i / 64] >> (i % 64) & 1))
			continue;
		while (j + 1 < nbits && (bits[(j + 1) / 64] >> ((j + 1) % 64) & 1))
			j++;
		w = j == i ? snprintf(buf + o, size - o, "%s%u", o ? "," : "", i) :
			     snprintf(buf + o, size - o, "%s%u-%u", o ? "," : "", i, j);
		if (w < 0 || (size_t)w >= size - o) {
			buf[size - 1] = '\0';
			return;
		}
		o += (size_t)w;
		i = j;
	}
}
