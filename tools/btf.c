// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: kernel type information from BTF (see btf.h).
 *
 * libbpf 1.1's static library lacks btf__new_split(), so split BTF held in
 * memory goes through a memfd (or an unlinked temporary file) and
 * btf__parse_split(), which accepts raw BTF and ELF objects alike.
 *
 * libbpf does not check every type id a BTF blob refers to, so every
 * btf__type_by_id() result is checked here and every chain of types is
 * followed for a bounded number of steps.
 */
#include "btf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "symbols.h"
#include "target.h"

#define MAX_CHAIN	32		/* typedef/qualifier/array nesting */
#define MAX_ANON_DEPTH	16		/* anonymous struct/union nesting */
#define MAX_BTF_BYTES	(256u << 20)
#define MAX_MODULES	4096

static int kerr(struct kbtf *kb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int kerr(struct kbtf *kb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kb->err, sizeof(kb->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int quiet_print(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	if (level == LIBBPF_WARN && getenv("PODWQ_DUMP_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void kbtf_init(struct kbtf *kb)
{
	memset(kb, 0, sizeof(*kb));
	libbpf_set_print(quiet_print);
}

void kbtf_free(struct kbtf *kb)
{
	for (size_t i = 0; i < kb->nmods; i++) {
		btf__free(kb->mods[i].btf);
		free(kb->mods[i].name);
	}
	free(kb->mods);
	btf__free(kb->vmlinux);
	memset(kb, 0, sizeof(*kb));
}

const char *kbtf_error(const struct kbtf *kb)
{
	return kb->err[0] ? kb->err : "unknown BTF error";
}

/* ---- loading ------------------------------------------------------------ */

int kbtf_load_vmlinux_file(struct kbtf *kb, const char *path)
{
	struct btf *b = btf__parse(path, NULL);

	if (!b)
		return kerr(kb, "%s: cannot load BTF: %s", path, strerror(errno));
	btf__free(kb->vmlinux);
	kb->vmlinux = b;
	kb->ncache = kb->necache = 0;
	return 0;
}

/*
 * libbpf copies the BTF it parses (5 MB for 7.2's vmlinux) and the page
 * faults on that fresh memory cost more than the parsing.  Have malloc()
 * serve big blocks from the heap, and fault the heap in with one
 * madvise() before libbpf allocates there.
 */
static void prefault_heap(size_t size)
{
#ifdef MADV_POPULATE_WRITE
	static bool done;
	uintptr_t lo, hi;
	char *p;

	if (done || size > (32u << 20))
		return;
	done = true;
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	p = malloc(size + (1u << 20));
	if (!p)
		return;
	lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	hi = ((uintptr_t)p + size + (1u << 20)) & ~(uintptr_t)4095;
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
	free(p);
#else
	(void)size;
#endif
}

int kbtf_load_vmlinux_buf(struct kbtf *kb, const void *data, size_t size)
{
	struct btf *b;

	if (size > MAX_BTF_BYTES)
		return kerr(kb, "vmlinux BTF implausibly large (%zu bytes)", size);
	prefault_heap(size);
	b = btf__new(data, (__u32)size);
	if (!b)
		return kerr(kb, "vmlinux BTF is invalid: %s", strerror(errno));
	btf__free(kb->vmlinux);
	kb->vmlinux = b;
	kb->ncache = kb->necache = 0;
	return 0;
}

static struct kbtf_module *mod_slot(struct kbtf *kb, const char *name)
{
	struct kbtf_module *m;

	for (size_t i = 0; i < kb->nmods; i++)
		if (!strcmp(kb->mods[i].name, name)) {
			kb->ncache = 0;	/* its BTF is about to be replaced */
			return &kb->mods[i];
		}
	if (kb->nmods >= MAX_MODULES)
		return NULL;
	m = realloc(kb->mods, (kb->nmods + 1) * sizeof(*m));
	if (!m)
		return NULL;
	kb->mods = m;
	m = &kb->mods[kb->nmods];
	memset(m, 0, sizeof(*m));
	m->name = strdup(name);
	if (!m->name)
		return NULL;
	kb->nmods++;
	return m;
}

int kbtf_add_module_file(struct kbtf *kb, const char *name, const char *path,
			 bool from_user)
{
	struct kbtf_module *m;
	struct btf *b;

	if (!kb->vmlinux)
		return kerr(kb, "module BTF needs vmlinux BTF first");
	b = btf__parse_split(path, kb->vmlinux);
	if (!b)
		return kerr(kb, "%s: cannot load split BTF for module %s: %s",
			    path, name, strerror(errno));
	m = mod_slot(kb, name);
	if (!m) {
		btf__free(b);
		return kerr(kb, "out of memory");
	}
	if (m->from_user && !from_user) {	/* -s FILE wins */
		btf__free(b);
		return 0;
	}
	btf__free(m->btf);
	m->btf = b;
	m->from_user = from_user;
	return 0;
}

int kbtf_add_module_buf(struct kbtf *kb, const char *name, const void *data,
			size_t size)
{
	char path[64], tmpl[] = "/tmp/podwq-dump-btf.XXXXXX";
	const char *p = data;
	int fd, r;

	if (size > MAX_BTF_BYTES)
		return kerr(kb, "module %s: BTF implausibly large", name);
	fd = memfd_create("podwq-dump-btf", MFD_CLOEXEC);
	if (fd < 0) {
		fd = mkstemp(tmpl);
		if (fd < 0)
			return kerr(kb, "cannot create a temporary file: %s",
				    strerror(errno));
		unlink(tmpl);
	}
	for (size_t done = 0; done < size;) {
		ssize_t w = write(fd, p + done, size - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return kerr(kb, "writing module BTF: %s", strerror(errno));
		}
		done += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = kbtf_add_module_file(kb, name, path, false);
	close(fd);
	return r;
}

struct btf *kbtf_module(const struct kbtf *kb, const char *name)
{
	for (size_t i = 0; i < kb->nmods; i++)
		if (!strcmp(kb->mods[i].name, name))
			return kb->mods[i].btf;
	return NULL;
}

int kbtf_load_vmcore_vmlinux(struct kbtf *kb, struct target *t,
			     const struct symtab *st)
{
	const struct ksym *s = sym_lookup(st, "__start_BTF", "vmlinux");
	const struct ksym *e = sym_lookup(st, "__stop_BTF", "vmlinux");
	const void *p;
	void *buf;
	size_t n;
	int r;

	if (!s || !e)
		return kerr(kb, "no __start_BTF/__stop_BTF symbols: kernel built without CONFIG_DEBUG_INFO_BTF?");
	if (e->addr <= s->addr || e->addr - s->addr > MAX_BTF_BYTES)
		return kerr(kb, "bad vmlinux BTF bounds %#" PRIx64 "..%#" PRIx64,
			    s->addr, e->addr);
	n = (size_t)(e->addr - s->addr);
	/* in the dump as it is, usually: libbpf copies it anyway */
	p = target_ptr(t, s->addr, n);
	if (p)
		return kbtf_load_vmlinux_buf(kb, p, n);
	buf = malloc(n);
	if (!buf)
		return kerr(kb, "out of memory");
	if (target_read(t, s->addr, buf, n)) {
		kerr(kb, "reading vmlinux BTF: %s", target_error(t));
		free(buf);
		return -1;
	}
	r = kbtf_load_vmlinux_buf(kb, buf, n);
	free(buf);
	return r;
}

int kbtf_load_vmcore_modules(struct kbtf *kb, struct target *t,
			     const struct symtab *st)
{
	const struct ksym *head = sym_lookup(st, "btf_modules", "vmlinux");
	uint64_t o_list, o_mod, o_btf, o_data, o_size, o_mname, sz_size, sz_mname;
	uint64_t node;
	size_t count = 0;

	if (!head)	/* CONFIG_DEBUG_INFO_BTF_MODULES=n or no KALLSYMS_ALL */
		return 0;
	if (kbtf_offsetof(kb, "struct btf_module", "list", &o_list, NULL) ||
	    kbtf_offsetof(kb, "struct btf_module", "module", &o_mod, NULL) ||
	    kbtf_offsetof(kb, "struct btf_module", "btf", &o_btf, NULL) ||
	    kbtf_offsetof(kb, "struct btf", "data", &o_data, NULL) ||
	    kbtf_offsetof(kb, "struct btf", "data_size", &o_size, &sz_size) ||
	    kbtf_offsetof(kb, "struct module", "name", &o_mname, &sz_mname))
		return -1;
	if (target_read_u64(t, head->addr, &node))
		return kerr(kb, "reading btf_modules: %s", target_error(t));
	while (node != head->addr) {
		uint64_t ent = node - o_list, mod, btf, data, size = 0;
		char name[256];
		void *buf;

		if (++count > MAX_MODULES)
			return kerr(kb, "btf_modules list does not end");
		if (target_read_u64(t, ent + o_mod, &mod) ||
		    target_read_u64(t, ent + o_btf, &btf) ||
		    target_read_u64(t, btf + o_data, &data) ||
		    target_read(t, btf + o_size, &size,
				sz_size < sizeof(size) ? sz_size : sizeof(size)) ||
		    target_read_string(t, mod + o_mname, name,
				       sz_mname < sizeof(name) ? sz_mname + 1 : sizeof(name)))
			return kerr(kb, "walking btf_modules: %s", target_error(t));
		if (size == 0 || size > MAX_BTF_BYTES || !name[0]) {
			fprintf(stderr, "podwq-dump: warning: module %s: bad BTF size %" PRIu64 "\n",
				name, size);
		} else if ((buf = malloc(size)) != NULL) {
			if (target_read(t, data, buf, size))
				fprintf(stderr, "podwq-dump: warning: module %s: BTF unreadable: %s\n",
					name, target_error(t));
			else if (kbtf_add_module_buf(kb, name, buf, size))
				fprintf(stderr, "podwq-dump: warning: %s\n", kbtf_error(kb));
			free(buf);
		}
		if (target_read_u64(t, node, &node))
			return kerr(kb, "walking btf_modules: %s", target_error(t));
	}
	return 0;
}

/* ---- type queries --------------------------------------------------------- */

static const struct btf_type *ty(struct ktype t)
{
	if (!t.btf || !t.id)
		return NULL;
	return btf__type_by_id(t.btf, t.id);
}

struct ktype ktype_strip(struct ktype t)
{
	for (int i = 0; i < MAX_CHAIN; i++) {
		const struct btf_type *bt = ty(t);

		if (!bt)
			return t;
		switch (btf_kind(bt)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			t.id = bt->type;
			break;
		default:
			return t;
		}
	}
	t.id = 0;
	return t;
}

int ktype_kind(struct ktype t)
{
	const struct btf_type *bt = ty(ktype_strip(t));

	return bt ? (int)btf_kind(bt) : BTF_KIND_UNKN;
}

static int64_t size_depth(struct ktype t, int depth)
{
	const struct btf_type *bt;

	if (depth > MAX_CHAIN)
		return -1;
	t = ktype_strip(t);
	bt = ty(t);
	if (!bt)
		return -1;
	switch (btf_kind(bt)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FLOAT:
		return bt->size;
	case BTF_KIND_PTR:
		return 8;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(bt);
		int64_t es = size_depth((struct ktype){ t.btf, a->type }, depth + 1);

		if (es < 0 || (es && a->nelems > INT64_MAX / es))
			return -1;
		return es * a->nelems;
	}
	default:
		return -1;
	}
}

int64_t ktype_size(struct ktype t)
{
	return size_depth(t, 0);
}

bool ktype_is_signed(struct ktype t)
{
	const struct btf_type *bt = ty(ktype_strip(t));

	if (!bt)
		return false;
	if (btf_is_int(bt))
		return btf_int_encoding(bt) & BTF_INT_SIGNED;
	if (btf_is_any_enum(bt))
		return btf_kflag(bt);	/* signed enum */
	return false;
}

int ktype_array(struct ktype t, uint32_t *len, struct ktype *elem)
{
	const struct btf_type *bt = ty(t = ktype_strip(t));

	if (!bt || !btf_is_array(bt))
		return -1;
	if (len)
		*len = btf_array(bt)->nelems;
	if (elem)
		*elem = (struct ktype){ t.btf, btf_array(bt)->type };
	return 0;
}

int ktype_deref(struct ktype t, struct ktype *out)
{
	const struct btf_type *bt = ty(t = ktype_strip(t));

	if (!bt || !btf_is_ptr(bt))
		return -1;
	*out = (struct ktype){ t.btf, bt->type };
	return 0;
}

static void name_depth(struct ktype t, char *buf, size_t size, const char *suffix,
		       int depth)
{
	const struct btf_type *bt = ty(t);
	const char *n;

	if (!size)
		return;
	if (depth > MAX_CHAIN) {
		snprintf(buf, size, "?%s", suffix);
		return;
	}
	if (!bt) {
		snprintf(buf, size, "void%s%s", *suffix ? " " : "", suffix);
		return;
	}
	n = btf__name_by_offset(t.btf, bt->name_off);
	if (!n)
		n = "";
	switch (btf_kind(bt)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		snprintf(buf, size, "%s %s%s%s",
			 btf_is_struct(bt) ? "struct" : btf_is_union(bt) ? "union" : "enum",
			 *n ? n : "(anon)", *suffix ? " " : "", suffix);
		return;
	case BTF_KIND_INT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FLOAT:
	case BTF_KIND_FWD:
		snprintf(buf, size, "%s%s%s", n, *suffix ? " " : "", suffix);
		return;
	case BTF_KIND_PTR: {
		char s[256];

		snprintf(s, sizeof(s), "*%s", suffix);
		name_depth((struct ktype){ t.btf, bt->type }, buf, size, s, depth + 1);
		return;
	}
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		name_depth((struct ktype){ t.btf, bt->type }, buf, size, suffix, depth + 1);
		return;
	case BTF_KIND_ARRAY: {
		char s[256];

		snprintf(s, sizeof(s), "%s[%u]", suffix, btf_array(bt)->nelems);
		name_depth((struct ktype){ t.btf, btf_array(bt)->type }, buf, size, s,
			   depth + 1);
		return;
	}
	case BTF_KIND_FUNC_PROTO:
		snprintf(buf, size, "func%s%s", *suffix ? " " : "", suffix);
		return;
	default:
		snprintf(buf, size, "kind%u %s%s", btf_kind(bt), n, suffix);
		return;
	}
}

void ktype_name(struct ktype t, char *buf, size_t size)
{
	name_depth(t, buf, size, "", 0);
}

/* Find member @name in struct/union @t, descending into anonymous ones. */
static int find_member(struct ktype t, const char *name, size_t nlen,
		       struct kmember *out, int depth)
{
	const struct btf_type *bt = ty(t = ktype_strip(t));
	const struct btf_member *m;
	uint16_t vlen;

	if (!bt || !(btf_is_struct(bt) || btf_is_union(bt)) || depth > MAX_ANON_DEPTH)
		return -1;
	m = btf_members(bt);
	vlen = btf_vlen(bt);
	for (uint16_t i = 0; i < vlen; i++) {
		const char *mn = btf__name_by_offset(t.btf, m[i].name_off);
		uint64_t boff = btf_member_bit_offset(bt, i);

		if (mn && *mn) {
			if (strlen(mn) == nlen && !memcmp(mn, name, nlen)) {
				out->type = (struct ktype){ t.btf, m[i].type };
				out->bit_offset = boff;
				out->bitfield_size = btf_member_bitfield_size(bt, i);
				return 0;
			}
		} else if (!find_member((struct ktype){ t.btf, m[i].type }, name, nlen,
					out, depth + 1)) {
			out->bit_offset += boff;
			return 0;
		}
	}
	return -1;
}

int ktype_member(struct ktype t, const char *path, struct kmember *out,
		 char *err, size_t errlen)
{
	struct kmember cur = { .type = t };
	const char *p = path;

	if (!*p) {
		snprintf(err, errlen, "empty member path");
		return -1;
	}
	while (*p) {
		size_t nlen = strcspn(p, ".[");
		struct kmember m;

		if (nlen) {
			if (find_member(cur.type, p, nlen, &m, 0)) {
				char tn[256];

				ktype_name(cur.type, tn, sizeof(tn));
				snprintf(err, errlen, "%s has no member '%.*s'", tn,
					 (int)nlen, p);
				return -1;
			}
			cur.type = m.type;
			cur.bit_offset += m.bit_offset;
			cur.bitfield_size = m.bitfield_size;
			p += nlen;
		}
		while (*p == '[') {
			char *end;
			unsigned long long idx;
			uint32_t len;
			struct ktype elem;
			int64_t es;

			errno = 0;
			idx = strtoull(p + 1, &end, 0);
			if (errno || end == p + 1 || *end != ']') {
				snprintf(err, errlen, "bad index in '%s'", path);
				return -1;
			}
			if (ktype_array(cur.type, &len, &elem)) {
				snprintf(err, errlen, "'%.*s' is not an array",
					 (int)(p - path), path);
				return -1;
			}
			es = ktype_size(elem);
			/* flexible arrays (len 0) may be indexed freely */
			if (es < 0 || (len && idx >= len) || idx > (1ULL << 32)) {
				snprintf(err, errlen, "index %llu out of range in '%s'",
					 idx, path);
				return -1;
			}
			cur.type = elem;
			cur.bit_offset += idx * (uint64_t)es * 8;
			cur.bitfield_size = 0;
			p = end + 1;
		}
		if (*p == '.') {
			p++;
			if (!*p) {
				snprintf(err, errlen, "trailing '.' in '%s'", path);
				return -1;
			}
		} else if (*p && *p != '[') {
			snprintf(err, errlen, "bad member path '%s'", path);
			return -1;
		}
	}
	{
		int64_t sz = ktype_size(cur.type);

		cur.size = sz < 0 ? 0 : (uint64_t)sz;
	}
	*out = cur;
	return 0;
}

static int kind_pref(const char *name, const char **bare)
{
	static const struct { const char *p; int kind; } pre[] = {
		{ "struct ", BTF_KIND_STRUCT }, { "union ", BTF_KIND_UNION },
		{ "enum ", BTF_KIND_ENUM }, { "typedef ", BTF_KIND_TYPEDEF },
	};

	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (!strncmp(name, pre[i].p, strlen(pre[i].p))) {
			*bare = name + strlen(pre[i].p);
			return pre[i].kind;
		}
	*bare = name;
	return 0;
}

static int find_in(const struct btf *b, const char *name, int kind, uint32_t *id)
{
	static const int any[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM,
				   BTF_KIND_ENUM64, BTF_KIND_TYPEDEF, BTF_KIND_INT };
	__s32 r;

	if (!b)
		return -1;
	if (kind) {
		r = btf__find_by_name_kind(b, name, kind);
		if (r <= 0 && kind == BTF_KIND_ENUM)
			r = btf__find_by_name_kind(b, name, BTF_KIND_ENUM64);
		if (r > 0) {
			*id = (uint32_t)r;
			return 0;
		}
		return -1;
	}
	for (size_t i = 0; i < sizeof(any) / sizeof(any[0]); i++) {
		r = btf__find_by_name_kind(b, name, any[i]);
		if (r > 0) {
			*id = (uint32_t)r;
			return 0;
		}
	}
	return -1;
}

/* Search only @b's own types, above the vmlinux ones (split BTF). */
static int find_own(const struct btf *b, uint32_t first, const char *name,
		    int kind, uint32_t *id)
{
	uint32_t n = btf__type_cnt(b);

	for (uint32_t i = first; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(b, i);
		const char *tn;
		int k;

		if (!t)
			continue;
		k = btf_kind(t);
		if (kind ? (k != kind && !(kind == BTF_KIND_ENUM && k == BTF_KIND_ENUM64)) :
			   (k != BTF_KIND_STRUCT && k != BTF_KIND_UNION && k != BTF_KIND_ENUM &&
			    k != BTF_KIND_ENUM64 && k != BTF_KIND_TYPEDEF && k != BTF_KIND_INT))
			continue;
		tn = btf__name_by_offset(b, t->name_off);
		if (tn && !strcmp(tn, name)) {
			*id = i;
			return 0;
		}
	}
	return -1;
}

static int find_type(struct kbtf *kb, const char *name, const char *module,
		     struct ktype *out);
static void cache_put(struct kbtf *kb, const char *name, const char *m,
		      struct ktype t);

int kbtf_find_type(struct kbtf *kb, const char *name, const char *module,
		   struct ktype *out)
{
	const char *m = module ? module : "";

	for (unsigned int i = 0; i < kb->ncache; i++)
		if (!strcmp(kb->cache[i].name, name) && !strcmp(kb->cache[i].module, m)) {
			*out = kb->cache[i].t;
			return 0;
		}
	if (find_type(kb, name, module, out))
		return -1;
	cache_put(kb, name, m, *out);
	return 0;
}

static int find_type(struct kbtf *kb, const char *name, const char *module,
		     struct ktype *out)
{
	const char *bare;
	int kind = kind_pref(name, &bare);
	uint32_t id;

	if (!kb->vmlinux)
		return kerr(kb, "no BTF loaded");
	if (module && *module && strcmp(module, "vmlinux")) {
		struct btf *b = kbtf_module(kb, module);

		if (!b)
			return kerr(kb, "no BTF for module %s", module);
		/* the module's own types first: a few hundred, not 100,000 */
		if (!find_own(b, btf__type_cnt(kb->vmlinux), bare, kind, &id) ||
		    !find_in(b, bare, kind, &id)) {
			*out = (struct ktype){ b, id };
			return 0;
		}
		return kerr(kb, "type '%s' not found in module %s or vmlinux BTF",
			    name, module);
	}
	if (!find_in(kb->vmlinux, bare, kind, &id)) {
		*out = (struct ktype){ kb->vmlinux, id };
		return 0;
	}
	if (!module)
		for (size_t i = 0; i < kb->nmods; i++)
			if (!find_in(kb->mods[i].btf, bare, kind, &id) &&
			    id >= btf__type_cnt(kb->vmlinux)) {
				*out = (struct ktype){ kb->mods[i].btf, id };
				return 0;
			}
	return kerr(kb, "type '%s' not found in BTF", name);
}

static void cache_put(struct kbtf *kb, const char *name, const char *m,
		      struct ktype t)
{
	unsigned int slot;

	if (strlen(name) >= sizeof(kb->cache[0].name) || strlen(m) >= sizeof(kb->cache[0].module))
		return;
	slot = kb->ncache < KBTF_CACHE ? kb->ncache++ : kb->next++ % KBTF_CACHE;
	strcpy(kb->cache[slot].name, name);
	strcpy(kb->cache[slot].module, m);
	kb->cache[slot].t = t;
}

static bool cached(const struct kbtf *kb, const char *name)
{
	for (unsigned int i = 0; i < kb->ncache; i++)
		if (!kb->cache[i].module[0] && !strcmp(kb->cache[i].name, name))
			return true;
	return false;
}

/* 1: vmlinux has enumerator @name (its value in *val), -1: it has none,
 * 0: not known yet */
static int ecached(const struct kbtf *kb, const char *name, int64_t *val)
{
	for (unsigned int i = 0; i < kb->necache; i++)
		if (!strcmp(kb->ecache[i].name, name)) {
			if (!kb->ecache[i].found)
				return -1;
			if (val)
				*val = kb->ecache[i].val;
			return 1;
		}
	return 0;
}

/* A set of names' first two characters, as a bitmap. */
#define PREFIX_WORDS	(65536 / 64)

static unsigned int prefix_key(const char *name)
{
	return (unsigned char)name[0] | (name[0] ? (unsigned char)name[1] << 8 : 0);
}

static void prefix_add(uint64_t *set, const char *name)
{
	unsigned int k = prefix_key(name);

	set[k / 64] |= 1ULL << (k % 64);
}

static bool prefix_has(const uint64_t *set, const char *name)
{
	unsigned int k = prefix_key(name);

	return set[k / 64] >> (k % 64) & 1;
}

void kbtf_prefetch(struct kbtf *kb, const char *const *types,
		   const char *const *enumerators)
{
	/* find_in()'s order of kinds for a name without a prefix */
	static const int any[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM,
				   BTF_KIND_ENUM64, BTF_KIND_TYPEDEF, BTF_KIND_INT };
	struct want {
		const char *name, *bare;
		int kind, rank;
		uint32_t id;
	} w[32];
	struct {
		const char *name;
		bool found;
		int64_t val;
	} e[32];
	/* the first two characters of the names wanted: most names in the
	 * 100,000 types are dropped on them, without a string compare */
	uint64_t tpre[PREFIX_WORDS] = { 0 }, epre[PREFIX_WORDS] = { 0 };
	size_t n = 0, ne = 0;
	uint32_t cnt;

	if (!kb->vmlinux)
		return;
	for (; types && *types && n < sizeof(w) / sizeof(w[0]); types++)
		if (!cached(kb, *types)) {
			w[n].name = *types;
			w[n].kind = kind_pref(*types, &w[n].bare);
			w[n].rank = INT32_MAX;
			prefix_add(tpre, w[n].bare);
			w[n++].id = 0;
		}
	for (; enumerators && *enumerators && ne < sizeof(e) / sizeof(e[0]); enumerators++)
		if (!ecached(kb, *enumerators, NULL)) {
			e[ne].name = *enumerators;
			prefix_add(epre, e[ne].name);
			e[ne++].found = false;
		}
	if (!n && !ne)
		return;
	cnt = btf__type_cnt(kb->vmlinux);
	for (uint32_t id = 1; id < cnt; id++) {
		const struct btf_type *t = btf__type_by_id(kb->vmlinux, id);
		const char *tn;
		int k;

		if (!t)
			continue;
		k = btf_kind(t);
		if (ne && (k == BTF_KIND_ENUM || k == BTF_KIND_ENUM64)) {
			/* enum_in()'s order: types by id, then enumerators */
			for (uint16_t v = 0; v < btf_vlen(t); v++) {
				const char *en = btf__name_by_offset(kb->vmlinux, k == BTF_KIND_ENUM ?
								     btf_enum(t)[v].name_off :
								     btf_enum64(t)[v].name_off);

				if (!en || !prefix_has(epre, en))
					continue;
				for (size_t i = 0; i < ne; i++)
					if (!e[i].found && !strcmp(en, e[i].name)) {
						e[i].found = true;
						e[i].val = k == BTF_KIND_ENUM ?
							   (btf_kflag(t) ? (int64_t)btf_enum(t)[v].val :
							    (int64_t)(uint32_t)btf_enum(t)[v].val) :
							   (int64_t)btf_enum64_value(&btf_enum64(t)[v]);
					}
			}
		}
		if (!n || !t->name_off)
			continue;
		if (k != BTF_KIND_STRUCT && k != BTF_KIND_UNION && k != BTF_KIND_ENUM &&
		    k != BTF_KIND_ENUM64 && k != BTF_KIND_TYPEDEF && k != BTF_KIND_INT)
			continue;
		tn = btf__name_by_offset(kb->vmlinux, t->name_off);
		if (!tn || !prefix_has(tpre, tn))
			continue;
		for (size_t i = 0; i < n; i++) {
			int rank = -1;

			if (strcmp(tn, w[i].bare))
				continue;
			if (w[i].kind)
				rank = k == w[i].kind ||
				       (w[i].kind == BTF_KIND_ENUM && k == BTF_KIND_ENUM64) ?
				       (k == BTF_KIND_ENUM64) : -1;
			else
				for (int a = 0; a < (int)(sizeof(any) / sizeof(any[0])); a++)
					if (any[a] == k)
						rank = a;
			/* the first id of the preferred kind, as find_in() */
			if (rank >= 0 && rank < w[i].rank) {
				w[i].rank = rank;
				w[i].id = id;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (w[i].id)
			cache_put(kb, w[i].name, "", (struct ktype){ kb->vmlinux, w[i].id });
	/* those not found too: a later lookup need not scan vmlinux again */
	for (size_t i = 0; i < ne; i++)
		if (kb->necache < KBTF_CACHE &&
		    strlen(e[i].name) < sizeof(kb->ecache[0].name)) {
			strcpy(kb->ecache[kb->necache].name, e[i].name);
			kb->ecache[kb->necache].found = e[i].found;
			kb->ecache[kb->necache++].val = e[i].val;
		}
}

static int enum_in(const struct btf *b, uint32_t first, const char *e,
		   int64_t *val)
{
	uint32_t n = btf__type_cnt(b);

	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *bt = btf__type_by_id(b, id);
		uint16_t vlen;

		if (!bt)
			continue;
		vlen = btf_vlen(bt);
		if (btf_is_enum(bt)) {
			const struct btf_enum *en = btf_enum(bt);

			for (uint16_t i = 0; i < vlen; i++) {
				const char *nm = btf__name_by_offset(b, en[i].name_off);

				if (nm && !strcmp(nm, e)) {
					*val = btf_kflag(bt) ? (int64_t)en[i].val :
					       (int64_t)(uint32_t)en[i].val;
					return 0;
				}
			}
		} else if (btf_is_enum64(bt)) {
			const struct btf_enum64 *en = btf_enum64(bt);

			for (uint16_t i = 0; i < vlen; i++) {
				const char *nm = btf__name_by_offset(b, en[i].name_off);

				if (nm && !strcmp(nm, e)) {
					*val = (int64_t)btf_enum64_value(&en[i]);
					return 0;
				}
			}
		}
	}
	return -1;
}

int kbtf_enum_value(struct kbtf *kb, const char *enumerator,
		    const char *module, int64_t *val)
{
	uint32_t base_cnt;
	int known;

	if (!kb->vmlinux)
		return kerr(kb, "no BTF loaded");
	known = ecached(kb, enumerator, val);
	base_cnt = btf__type_cnt(kb->vmlinux);
	if (module && *module && strcmp(module, "vmlinux")) {
		struct btf *b = kbtf_module(kb, module);

		if (!b)
			return kerr(kb, "no BTF for module %s", module);
		if (!enum_in(b, base_cnt, enumerator, val))
			return 0;
	}
	if (known > 0)	/* vmlinux's, set above (a module's goes first) */
		return 0;
	if (known == 0 && !enum_in(kb->vmlinux, 1, enumerator, val))
		return 0;
	if (!module)
		for (size_t i = 0; i < kb->nmods; i++)
			if (!enum_in(kb->mods[i].btf, base_cnt, enumerator, val))
				return 0;
	return kerr(kb, "enumerator '%s' not found in BTF", enumerator);
}

int kbtf_module_enum_value(struct kbtf *kb, const char *enumerator,
			   const char *module, int64_t *val)
{
	struct btf *b;

	if (!kb->vmlinux)
		return kerr(kb, "no BTF loaded");
	b = kbtf_module(kb, module);
	if (!b)
		return kerr(kb, "no BTF for module %s", module);
	if (!enum_in(b, btf__type_cnt(kb->vmlinux), enumerator, val))
		return 0;
	return kerr(kb, "enumerator '%s' not found in module %s's BTF", enumerator, module);
}

int kbtf_offsetof(struct kbtf *kb, const char *type, const char *path,
		  uint64_t *off, uint64_t *size)
{
	struct ktype t;
	struct kmember m;
	char e[256];

	if (kbtf_find_type(kb, type, NULL, &t))
		return -1;
	if (ktype_member(t, path, &m, e, sizeof(e)))
		return kerr(kb, "%s", e);
	if (m.bitfield_size || m.bit_offset % 8)
		return kerr(kb, "%s.%s is a bitfield", type, path);
	*off = m.bit_offset / 8;
	if (size)
		*size = m.size;
	return 0;
}
