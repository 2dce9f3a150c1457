// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: kernel symbols (see symbols.h).
 *
 * kallsyms in memory (scripts/kallsyms.c): kallsyms_names holds, per
 * symbol, a length (one byte, or two as ULEB128 when the first has bit 7
 * set, since 6.1) and that many token bytes; token_index[b] is the offset of
 * token b's string in token_table; the first decoded character is the type.
 * kallsyms_offsets[i] is an s32 that encodes the address:
 *   - base-relative (up to 6.x): kallsyms_relative_base + (u32)off;
 *   - absolute per-CPU (x86-64 up to 6.14): off >= 0 is an absolute
 *     address (per-CPU offsets), else kallsyms_relative_base - 1 - off;
 *   - PC-relative (7.0+): &kallsyms_offsets[i] + off.
 * The encoding is picked by checking every SYMBOL() in VMCOREINFO against
 * each candidate decoding, not by version numbers.
 */
#include "symbols.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "target.h"

#define KSYM_NAME_LEN		512
#define MAX_KALLSYMS		(4u << 20)
#define MAX_NAMES_BYTES		(64u << 20)
#define MAX_MODULE_SYMS		(1u << 20)
#define MAX_MODULE_EXPORTS	(1u << 16)
#define MAX_MODULES		4096
#define MAX_SYM_DISTANCE	(1u << 20)

static int serr(struct symtab *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int serr(struct symtab *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof(st->err), fmt, ap);
	va_end(ap);
	return -1;
}

const char *symtab_error(const struct symtab *st)
{
	return st->err[0] ? st->err : "unknown symbol error";
}

struct kallsyms_tables;
static void kt_free(struct kallsyms_tables *kt);

void symtab_init(struct symtab *st)
{
	memset(st, 0, sizeof(*st));
}

static void vm_free(struct vm_lazy *vm);

void symtab_free(struct symtab *st)
{
	vm_free(st->vm);
	if (st->kt) {
		kt_free(st->kt);
		free(st->kt);
	}
	for (size_t i = 0; i < st->nblocks; i++)
		free(st->blocks[i]);
	free(st->blocks);
	for (size_t i = 0; i < st->nmods; i++)
		free(st->mods[i].name);
	free(st->syms);
	free(st->hash_head);
	free(st->hash_next);
	free(st->mods);
	memset(st, 0, sizeof(*st));
}

static int ensure_vmlinux(struct symtab *st)
{
	if (st->nmods)
		return 0;
	st->mods = calloc(1, sizeof(*st->mods));
	if (!st->mods)
		return serr(st, "out of memory");
	st->nmods = 1;
	return 0;
}

static int add_module(struct symtab *st, const char *name, uint32_t *idx)
{
	struct kmodule *m;

	if (ensure_vmlinux(st))
		return -1;
	for (size_t i = 1; i < st->nmods; i++)
		if (!strcmp(st->mods[i].name, name)) {
			*idx = (uint32_t)i;
			return 0;
		}
	if (st->nmods > MAX_MODULES)
		return serr(st, "too many modules");
	m = realloc(st->mods, (st->nmods + 1) * sizeof(*m));
	if (!m)
		return serr(st, "out of memory");
	st->mods = m;
	memset(&m[st->nmods], 0, sizeof(*m));
	m[st->nmods].name = strdup(name);
	if (!m[st->nmods].name)
		return serr(st, "out of memory");
	*idx = (uint32_t)st->nmods++;
	return 0;
}

/*
 * Names are hashed polynomially, h = h * HASH_MUL + byte, so that a
 * kallsyms token's contribution can be computed once per token and a
 * compressed name hashed without expanding it: h = h * mul^len + H(token).
 */
#define HASH_MUL 0x100000001b3ULL

static uint64_t poly_hash(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = h * HASH_MUL + (unsigned char)s[i];
	return h;
}

static uint32_t hash_final(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static uint32_t name_hash(const char *s, size_t n)
{
	return hash_final(poly_hash(0, s, n));
}

/* A copy of @name in the name blocks (one malloc per megabyte, not per
 * symbol: a kernel has 150,000 of them). */
static char *store_name(struct symtab *st, const char *name, size_t nlen)
{
	char *n;

	if (!st->nblocks || st->block_size - st->block_used < nlen + 1) {
		size_t size = nlen + 1 > (1u << 20) ? nlen + 1 : (1u << 20);
		char **b = realloc(st->blocks, (st->nblocks + 1) * sizeof(*b));

		if (!b)
			return NULL;
		st->blocks = b;
		b[st->nblocks] = malloc(size);
		if (!b[st->nblocks])
			return NULL;
		st->nblocks++;
		st->block_used = 0;
		st->block_size = size;
	}
	n = st->blocks[st->nblocks - 1] + st->block_used;
	memcpy(n, name, nlen);
	n[nlen] = '\0';
	st->block_used += nlen + 1;
	return n;
}

static int add_sym(struct symtab *st, uint64_t addr, const char *name,
		   size_t nlen, char type, uint32_t mod)
{
	char *n;

	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 4096;
		struct ksym *s = realloc(st->syms, cap * sizeof(*s));

		if (!s)
			return serr(st, "out of memory");
		st->syms = s;
		st->cap = cap;
	}
	nlen = strnlen(name, nlen);
	n = store_name(st, name, nlen);
	if (!n)
		return serr(st, "out of memory");
	st->syms[st->n++] = (struct ksym){ addr, n, type, mod, name_hash(n, nlen), 0 };
	return 0;
}

/* ---- /proc/kallsyms ----------------------------------------------------- */

int symtab_load_kallsyms_buf(struct symtab *st, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t line = 0, nonzero = 0, start_n = st->n;

	if (ensure_vmlinux(st))
		return -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q = p, *name, *mod = NULL;
		size_t nlen, mlen = 0;
		uint64_t addr = 0;
		uint32_t midx = 0;
		char type;
		int digits = 0;

		line++;
		if (le == p) {
			p = le + 1;
			continue;
		}
		while (q < le && isxdigit((unsigned char)*q)) {
			int d = isdigit((unsigned char)*q) ? *q - '0' :
				tolower((unsigned char)*q) - 'a' + 10;

			if (++digits > 16)
				break;
			addr = addr << 4 | (uint64_t)d;
			q++;
		}
		if (!digits || digits > 16 || q + 3 > le || *q != ' ' || q[2] != ' ' ||
		    !isalpha((unsigned char)q[1]))
			return serr(st, "kallsyms line %zu is malformed", line);
		type = q[1];
		name = q + 3;
		nlen = 0;	/* the buffer need not be NUL-terminated */
		while (name + nlen < le && name[nlen] != ' ' && name[nlen] != '\t')
			nlen++;
		if (!nlen || nlen >= KSYM_NAME_LEN)
			return serr(st, "kallsyms line %zu has a bad name", line);
		q = name + nlen;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (q < le && *q == '[') {
			const char *close = memchr(q, ']', (size_t)(le - q));

			if (!close || close == q + 1 || close - q > 256)
				return serr(st, "kallsyms line %zu has a bad module tag", line);
			mod = q + 1;
			mlen = (size_t)(close - mod);
		}
		if (mod) {
			char mname[257];

			memcpy(mname, mod, mlen);
			mname[mlen] = '\0';
			if (add_module(st, mname, &midx))
				return -1;
		}
		if (addr)
			nonzero++;
		if (add_sym(st, addr, name, nlen, type, midx))
			return -1;
		p = le + 1;
	}
	if (st->n == start_n)
		return serr(st, "no symbols in kallsyms");
	if (!nonzero)
		return serr(st, "kallsyms addresses are all zero: not root, or kernel.kptr_restrict hides them");
	return 0;
}

int symtab_load_kallsyms(struct symtab *st, const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int r;

	if (!f)
		return serr(st, "%s: %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (cap - len < 65536) {
			char *nb;

			if (cap > (256u << 20)) {
				fclose(f);
				free(buf);
				return serr(st, "%s: too large", path);
			}
			cap = cap ? cap * 2 : 1u << 20;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return serr(st, "out of memory");
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return serr(st, "%s: read error", path);
	}
	fclose(f);
	r = symtab_load_kallsyms_buf(st, buf, len);
	if (r) {
		char e[sizeof(st->err)];

		memcpy(e, st->err, sizeof(e));
		serr(st, "%s: %s", path, e);
	}
	free(buf);
	return r;
}

/* ---- kallsyms tables in a vmcore ---------------------------------------- */

struct kallsyms_tables {
	uint32_t num;
	uint16_t token_index[256];
	char *token_table;
	size_t token_len;
	const uint8_t *names;
	size_t names_len;
	const int32_t *offsets;
	bool names_mapped, offsets_mapped;	/* in the dump: not ours to free */
	bool names_whole;	/* names holds all up to the next table */
	uint64_t offsets_addr;
	uint64_t relative_base;
	bool have_relative_base;
	bool long_names;
	/* each token's string and length, from token_index/token_table */
	const char *tok[256];
	uint16_t toklen[256];
	bool tok_ready;
	/* each token's hash and HASH_MUL^length, whole and without its
	 * first character (a name's first character is its type) */
	uint64_t tok_h[256], tok_m[256], tok_h1[256], tok_m1[256];
};

static void kt_free(struct kallsyms_tables *kt)
{
	free(kt->token_table);
	if (!kt->names_mapped)
		free((void *)kt->names);
	if (!kt->offsets_mapped)
		free((void *)kt->offsets);
}

/* Decode symbol at *pos into @out; advances *pos.  Returns the type char
 * or -1 on a malformed entry. */
static void kt_tokens(struct kallsyms_tables *kt)
{
	for (int i = 0; i < 256; i++) {
		size_t ti = kt->token_index[i];

		if (ti >= kt->token_len) {
			kt->tok[i] = NULL;	/* a bad token: names using it fail */
			kt->toklen[i] = 0;
			continue;
		}
		kt->tok[i] = kt->token_table + ti;
		/* token_table ends in a NUL (kt_read makes sure) */
		kt->toklen[i] = (uint16_t)strnlen(kt->tok[i], 0xffff);
		kt->tok_h[i] = poly_hash(0, kt->tok[i], kt->toklen[i]);
		kt->tok_m[i] = 1;
		for (uint16_t c = 0; c < kt->toklen[i]; c++)
			kt->tok_m[i] *= HASH_MUL;
		if (kt->toklen[i]) {
			kt->tok_h1[i] = poly_hash(0, kt->tok[i] + 1, kt->toklen[i] - 1u);
			kt->tok_m1[i] = 1;
			for (uint16_t c = 1; c < kt->toklen[i]; c++)
				kt->tok_m1[i] *= HASH_MUL;
		}
	}
	kt->tok_ready = true;
}

/*
 * The encoded name at *pos: move *pos past its length prefix (one byte,
 * or two with the top bit set on kernels with long names) and set *len
 * to its token count.  Returns -1 if it runs off the table.
 */
static inline int kt_name_span(struct kallsyms_tables *kt, size_t *pos,
			       size_t *len)
{
	size_t p = *pos;

	if (!kt->tok_ready)
		kt_tokens(kt);
	if (p >= kt->names_len)
		return -1;
	*len = kt->names[p++];
	if ((*len & 0x80) && kt->long_names) {
		if (p >= kt->names_len || (kt->names[p] & 0x80))
			return -1;
		*len = (*len & 0x7f) | ((size_t)kt->names[p++] << 7);
	}
	if (*len > kt->names_len - p)
		return -1;
	*pos = p;
	return 0;
}

/* Expand the name at *pos into @out; returns its type | length << 8, or -1. */
static int kt_expand(struct kallsyms_tables *kt, size_t *pos, char *out,
		     size_t outsz)
{
	size_t p = *pos, len, o = 0;
	int type = -1;

	if (kt_name_span(kt, &p, &len))
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint8_t b = kt->names[p + i];
		const char *t = kt->tok[b];
		size_t tl = kt->toklen[b];

		if (!t)
			return -1;
		if (type < 0 && tl) {
			/* the first character is the type */
			type = (unsigned char)*t++;
			tl--;
		}
		if (o + tl + 1 > outsz)
			return -1;
		/* tokens are a few bytes: a call to memcpy() costs more */
		for (size_t c = 0; c < tl; c++)
			out[o + c] = t[c];
		o += tl;
	}
	out[o] = '\0';
	*pos = p + len;
	/* the type, and the name's length above it */
	return type < 0 || o == 0 ? -1 : (int)(o << 8) | type;
}

/*
 * Walk the name at *pos without expanding it: its type, hash and length;
 * returns the type | length << 8 as kt_expand() does, or -1.
 */
static int kt_hash(struct kallsyms_tables *kt, size_t *pos, uint32_t *hash)
{
	size_t p = *pos, len, o = 0;
	uint64_t h = 0;
	int type = -1;

	if (kt_name_span(kt, &p, &len))
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint8_t b = kt->names[p + i];

		if (!kt->tok[b])
			return -1;
		if (type < 0 && kt->toklen[b]) {
			type = (unsigned char)kt->tok[b][0];
			h = h * kt->tok_m1[b] + kt->tok_h1[b];
			o += kt->toklen[b] - 1u;
		} else {
			h = h * kt->tok_m[b] + kt->tok_h[b];
			o += kt->toklen[b];
		}
	}
	if (o + 1 > KSYM_NAME_LEN)
		return -1;	/* kt_expand() would refuse it */
	*pos = p + len;
	*hash = hash_final(h);
	return type < 0 || o == 0 ? -1 : (int)(o << 8) | type;
}

/*
 * The names a pass looks for, as a trie of their characters.  The pass
 * walks each kallsyms name's tokens through it and drops the name as soon
 * as it leaves the trie: most names are dropped on their first token
 * (looked up in a bitmap), so a pass over 100-200 thousand names expands
 * almost none of them.
 */
#define TRIE_MAX_NODES	4096
#define TRIE_ROOT	1		/* node 0 stands for "out of the trie" */

#define TRIE_UNKNOWN	0xffff		/* a transition not worked out yet */
#define TRIE_CHECK	0xfffe		/* a bad first token: expand the name */

struct name_trie {
	uint16_t (*next)[128];		/* child per character; 0: none */
	uint8_t *term;			/* a name ends here */
	uint32_t n, cap;
	uint16_t *pair;			/* node after a name's first two tokens */
	uint16_t (*tok)[256];		/* node after a further token */
};

static void trie_free(struct name_trie *tr)
{
	free(tr->next);
	free(tr->term);
	free(tr->pair);
	free(tr->tok);
	memset(tr, 0, sizeof(*tr));
}

static int trie_grow(struct name_trie *tr)
{
	uint32_t cap = tr->cap ? tr->cap * 2 : 64;
	void *nx, *tm;

	if (cap > TRIE_MAX_NODES)
		return -1;
	nx = realloc(tr->next, cap * sizeof(*tr->next));
	if (nx)
		tr->next = nx;
	tm = realloc(tr->term, cap);
	if (tm)
		tr->term = tm;
	if (!nx || !tm)
		return -1;
	memset(tr->next + tr->cap, 0, (cap - tr->cap) * sizeof(*tr->next));
	memset(tr->term + tr->cap, 0, cap - tr->cap);
	tr->cap = cap;
	return 0;
}

static int trie_add(struct name_trie *tr, const char *name, size_t len)
{
	uint32_t node = TRIE_ROOT;

	if (!tr->n) {
		if (trie_grow(tr))
			return -1;
		tr->n = TRIE_ROOT + 1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 128)
			return 0;	/* no kallsyms name has it */
		if (!tr->next[node][c]) {
			if (tr->n == tr->cap && trie_grow(tr))
				return -1;
			tr->next[node][c] = (uint16_t)tr->n++;
		}
		node = tr->next[node][c];
	}
	tr->term[node] = 1;
	return 0;
}

/* Walk @s (@len characters) from @node: the node reached, or 0 (out). */
static uint32_t trie_walk(const struct name_trie *tr, uint32_t node,
			  const char *s, size_t len)
{
	for (size_t i = 0; i < len && node; i++) {
		unsigned char c = (unsigned char)s[i];

		node = c < 128 ? tr->next[node][c] : 0;
	}
	return node;
}

/* Ready @tr for matching: tables of transitions, filled on demand. */
static int trie_ready(struct name_trie *tr, struct kallsyms_tables *kt)
{
	if (!kt->tok_ready)
		kt_tokens(kt);
	if (!tr->n)
		return 0;
	tr->pair = malloc(65536 * sizeof(*tr->pair));
	tr->tok = malloc(tr->n * sizeof(*tr->tok));
	if (!tr->pair || !tr->tok)
		return -1;
	memset(tr->pair, 0xff, 65536 * sizeof(*tr->pair));
	memset(tr->tok, 0xff, tr->n * sizeof(*tr->tok));
	return 0;
}

/* The node after a name's first token @a (its first character is the
 * type) and second token @b (-1: none). */
static uint32_t trie_start(const struct name_trie *tr,
			   const struct kallsyms_tables *kt, int a, int b)
{
	uint32_t node;

	if (!kt->tok[a] || !kt->toklen[a])
		return TRIE_CHECK;
	node = trie_walk(tr, TRIE_ROOT, kt->tok[a] + 1, kt->toklen[a] - 1u);
	if (b < 0 || !node)
		return node;
	if (!kt->tok[b])
		return TRIE_CHECK;
	return trie_walk(tr, node, kt->tok[b], kt->toklen[b]);
}

/*
 * Whether the name of @len tokens at names[@p] (past its length prefix)
 * is one of the trie's: 1 yes (or it has a bad token, for the caller's
 * expansion to report), 0 no.  Nearly every name is dropped on the
 * transition for its first two tokens, one table lookup.
 */
static inline __attribute__((always_inline)) int
trie_match(struct name_trie *tr, const struct kallsyms_tables *kt, size_t p,
	   size_t len)
{
	const uint8_t *n = kt->names + p;
	uint32_t node;

	if (!tr->n || !len)
		return 0;
	if (len == 1) {
		node = trie_start(tr, kt, n[0], -1);
	} else {
		uint16_t *pr = &tr->pair[n[0] << 8 | n[1]];

		if (*pr == TRIE_UNKNOWN)
			*pr = (uint16_t)trie_start(tr, kt, n[0], n[1]);
		node = *pr;
	}
	for (size_t i = 2; i < len && node && node != TRIE_CHECK; i++) {
		uint16_t *to = &tr->tok[node][n[i]];

		if (*to == TRIE_UNKNOWN)
			*to = !kt->tok[n[i]] ? TRIE_CHECK :
			      (uint16_t)trie_walk(tr, node, kt->tok[n[i]], kt->toklen[n[i]]);
		node = *to;
	}
	return node == TRIE_CHECK || (node && node != TRIE_ROOT && tr->term[node]);
}

static bool version_ge(const char *rel, long maj, long min)
{
	char *p;
	long a = strtol(rel, &p, 10), b = 0;

	if (*p == '.')
		b = strtol(p + 1, NULL, 10);
	return a > maj || (a == maj && b >= min);
}

static int kt_read(struct symtab *st, struct target *t, struct kallsyms_tables *kt)
{
	const struct vmcoreinfo *vi = &t->vi;
	uint64_t a_names, a_num, a_tt, a_ti, a_rb;
	size_t max_ti = 0, pos = 0;
	char c;

	if (vmcoreinfo_symbol(vi, "kallsyms_names", &a_names) ||
	    vmcoreinfo_symbol(vi, "kallsyms_num_syms", &a_num) ||
	    vmcoreinfo_symbol(vi, "kallsyms_token_table", &a_tt) ||
	    vmcoreinfo_symbol(vi, "kallsyms_token_index", &a_ti))
		return serr(st, "VMCOREINFO lacks the kallsyms symbols (kernel older than 6.0, or CONFIG_KALLSYMS=n)");
	if (vmcoreinfo_symbol(vi, "kallsyms_offsets", &kt->offsets_addr))
		return serr(st, "VMCOREINFO lacks SYMBOL(kallsyms_offsets): absolute kallsyms are not supported");
	kt->have_relative_base = !vmcoreinfo_symbol(vi, "kallsyms_relative_base", &a_rb);
	kt->long_names = version_ge(vi->osrelease, 6, 1);

	if (target_read_u32(t, a_num, &kt->num))
		return serr(st, "kallsyms_num_syms: %s", target_error(t));
	if (kt->num == 0 || kt->num > MAX_KALLSYMS)
		return serr(st, "implausible kallsyms_num_syms %u", kt->num);
	if (kt->have_relative_base &&
	    target_read_u64(t, a_rb, &kt->relative_base))
		return serr(st, "kallsyms_relative_base: %s", target_error(t));
	if (target_read(t, a_ti, kt->token_index, sizeof(kt->token_index)))
		return serr(st, "kallsyms_token_index: %s", target_error(t));
	for (int i = 0; i < 256; i++)
		if (kt->token_index[i] > max_ti)
			max_ti = kt->token_index[i];
	/* the table ends at the NUL after the last token */
	kt->token_len = max_ti + 1;
	do {
		if (kt->token_len > max_ti + 4096 ||
		    target_read(t, a_tt + kt->token_len - 1, &c, 1))
			return serr(st, "kallsyms_token_table has no end");
		kt->token_len++;
	} while (c);
	kt->token_len--;
	kt->token_table = malloc(kt->token_len);
	if (!kt->token_table)
		return serr(st, "out of memory");
	if (target_read(t, a_tt, kt->token_table, kt->token_len))
		return serr(st, "kallsyms_token_table: %s", target_error(t));
	kt->token_table[kt->token_len - 1] = '\0';

	/*
	 * names: the whole span up to the next kallsyms table above it
	 * (scripts/kallsyms lays them out one after the other), in the dump
	 * as it is where it lies contiguously in one segment, else copied in
	 * one read (a running kernel); failing both, read in growing chunks
	 * until num_syms entries are covered.
	 */
	{
		uint64_t next = UINT64_MAX, cand[] = { a_num, a_tt, a_ti, kt->offsets_addr,
						      kt->have_relative_base ? a_rb : 0 };

		for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
			if (cand[i] > a_names && cand[i] < next)
				next = cand[i];
		if (next != UINT64_MAX && next - a_names <= MAX_NAMES_BYTES) {
			size_t span = (size_t)(next - a_names);
			uint8_t *nb;

			kt->names = target_ptr(t, a_names, span);
			kt->names_mapped = kt->names != NULL;
			if (!kt->names && (nb = malloc(span))) {
				if (!target_read(t, a_names, nb, span))
					kt->names = nb;
				else
					free(nb);
			}
			if (kt->names) {
				kt->names_whole = true;
				kt->names_len = span;
			}
		}
	}
	/* the whole span: symtab_load_vmcore_vmlinux()'s one pass walks the
	 * entries, checks them and trims names_len */
	for (uint32_t i = 0; i < kt->num && !kt->names_whole; i++) {
		size_t need;

		for (;;) {
			size_t len, hdr = 1;

			if (pos < kt->names_len) {
				len = kt->names[pos];
				if ((len & 0x80) && kt->long_names) {
					if (pos + 1 >= kt->names_len)
						goto more;
					len = (len & 0x7f) | ((size_t)kt->names[pos + 1] << 7);
					hdr = 2;
				}
				need = pos + hdr + len;
				if (need <= kt->names_len) {
					pos = need;
					break;
				}
			}
more:
			{
				size_t grow = 1u << 18, old = kt->names_len;
				uint8_t *nb;

				if (old + grow > MAX_NAMES_BYTES)
					return serr(st, "kallsyms_names does not end");
				nb = realloc((void *)kt->names, old + grow);
				if (!nb)
					return serr(st, "out of memory");
				kt->names = nb;
				/* the table may end near unmapped memory */
				while (grow >= 4096 &&
				       target_read(t, a_names + old, nb + old, grow))
					grow /= 2;
				if (grow < 4096)
					return serr(st, "kallsyms_names: %s", target_error(t));
				kt->names_len = old + grow;
			}
		}
	}
	if (!kt->names_whole)
		kt->names_len = pos;

	kt->offsets = target_ptr(t, kt->offsets_addr, (size_t)kt->num * sizeof(int32_t));
	if (kt->offsets && !((uintptr_t)kt->offsets % sizeof(int32_t))) {
		kt->offsets_mapped = true;
		return 0;
	}
	{
		int32_t *o = malloc((size_t)kt->num * sizeof(int32_t));

		kt->offsets = o;
		if (!o)
			return serr(st, "out of memory");
		if (target_read(t, kt->offsets_addr, o, (size_t)kt->num * sizeof(int32_t)))
			return serr(st, "kallsyms_offsets: %s", target_error(t));
	}
	return 0;
}

enum kenc { ENC_BASE_REL, ENC_ABS_PERCPU, ENC_PC_REL, ENC_NR };

static uint64_t kt_addr(const struct kallsyms_tables *kt, enum kenc e, uint32_t i)
{
	int32_t off = kt->offsets[i];

	switch (e) {
	case ENC_BASE_REL:
		return kt->relative_base + (uint32_t)off;
	case ENC_ABS_PERCPU:
		return off >= 0 ? (uint64_t)off : kt->relative_base - 1 - (uint64_t)(int64_t)off;
	default:
		return kt->offsets_addr + 4ULL * i + (uint64_t)(int64_t)off;
	}
}

/* Whether kallsyms_offsets gives ascending addresses in encoding @e (a
 * loop per encoding: this runs over every symbol). */
static bool kt_sorted(const struct kallsyms_tables *kt, enum kenc e)
{
	const int32_t *o = kt->offsets;
	uint32_t i;

	switch (e) {
	case ENC_BASE_REL:
		for (i = 1; i < kt->num; i++)
			if ((uint32_t)o[i] < (uint32_t)o[i - 1])
				return false;
		return true;
	case ENC_PC_REL:
		for (i = 1; i < kt->num; i++)
			if ((int64_t)o[i] + 4 < (int64_t)o[i - 1])
				return false;
		return true;
	default:
		for (i = 1; i < kt->num; i++)
			if (kt_addr(kt, e, i) < kt_addr(kt, e, i - 1))
				return false;
		return true;
	}
}

/* Add VMCOREINFO's SYMBOL() names to @tr (they tell the encoding). */
static int vi_names_add(struct name_trie *tr, const struct vmcoreinfo *vi)
{
	const char *p = vi->raw, *end = p ? p + vi->raw_len : NULL;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *close;

		if (le - p > 7 && !memcmp(p, "SYMBOL(", 7) &&
		    (close = memchr(p + 7, ')', (size_t)(le - p - 7))) &&
		    trie_add(tr, p + 7, (size_t)(close - p - 7)))
			return -1;
		p = le + 1;
	}
	return 0;
}

/* ---- a vmcore's vmlinux symbols, in place ------------------------------- */

#define VM_MARK_SHIFT	8		/* a names position every 256 symbols */

struct vm_want {			/* a name asked for */
	char *name;
	uint32_t hash;
	int64_t index;			/* -2: not searched yet, -1: none */
	bool global;			/* the match found is global */
	bool searching;			/* in the pass under way */
};

struct vm_lazy {
	bool ready;			/* the tables below are loaded */
	enum kenc enc;
	uint32_t num;
	uint32_t *marks;		/* names position of symbol i << SHIFT */
	struct vm_want *want;
	size_t nwant, capwant;
	struct ksym **mat;		/* symbols handed out (stable) */
	uint32_t *mat_index;
	size_t nmat, capmat;
};

static void vm_free(struct vm_lazy *vm)
{
	if (!vm)
		return;
	for (size_t i = 0; i < vm->nwant; i++)
		free(vm->want[i].name);
	for (size_t i = 0; i < vm->nmat; i++)
		free(vm->mat[i]);
	free(vm->want);
	free(vm->mat);
	free(vm->mat_index);
	free(vm->marks);
	free(vm);
}

static struct vm_lazy *vm_get(struct symtab *st)
{
	if (!st->vm)
		st->vm = calloc(1, sizeof(*st->vm));
	return st->vm;
}

/* Add @name to the names to look up; its slot, or -1 (out of memory). */
static long vm_add_want(struct vm_lazy *vm, const char *name)
{
	size_t len = strlen(name);
	uint32_t h = name_hash(name, len);

	for (size_t i = 0; i < vm->nwant; i++)
		if (vm->want[i].hash == h && !strcmp(vm->want[i].name, name))
			return (long)i;
	if (vm->nwant == vm->capwant) {
		size_t cap = vm->capwant ? vm->capwant * 2 : 64;
		struct vm_want *w = realloc(vm->want, cap * sizeof(*w));

		if (!w)
			return -1;
		vm->want = w;
		vm->capwant = cap;
	}
	vm->want[vm->nwant] = (struct vm_want){ strdup(name), h, -2, false, false };
	if (!vm->want[vm->nwant].name)
		return -1;
	return (long)vm->nwant++;
}

void symtab_want(struct symtab *st, const char *const *names)
{
	struct vm_lazy *vm = vm_get(st);

	for (; vm && names && *names; names++)
		vm_add_want(vm, *names);
}

/*
 * Start a pass for the names not searched yet: mark them and add them to
 * @tr; 1 if there are any, 0 if none, -1 out of memory.
 */
static int vm_begin(struct vm_lazy *vm, struct name_trie *tr)
{
	int any = 0;

	for (size_t i = 0; vm && i < vm->nwant; i++)
		if (vm->want[i].index == -2) {
			if (trie_add(tr, vm->want[i].name, strlen(vm->want[i].name)))
				return -1;
			vm->want[i].index = -1;
			vm->want[i].searching = true;
			any = 1;
		}
	return any;
}

static void vm_end(struct vm_lazy *vm)
{
	for (size_t i = 0; i < vm->nwant; i++)
		vm->want[i].searching = false;
}

/*
 * Entry @i, @name of type @type, may be a name being searched for.  Among
 * equal names the first global one wins, else the first (lowest address)
 * local one, as in the symbol table.
 */
static void vm_match(struct vm_lazy *vm, uint32_t i, const char *name, int type)
{
	bool global = isupper(type);

	for (size_t w = 0; w < vm->nwant; w++) {
		struct vm_want *v = &vm->want[w];

		if (!v->searching || (v->index >= 0 && (v->global || !global)) ||
		    strcmp(name, v->name))
			continue;
		v->index = i;
		v->global = global;
	}
}

/*
 * Step *pos over the entry there; if @tr matches it, expand it into @name
 * (of KSYM_NAME_LEN bytes).  Returns its type if it matched, 0 if not, -1
 * if it is malformed.  Both passes over the names go through here.
 */
static inline __attribute__((always_inline)) int
vm_step(struct name_trie *tr, struct kallsyms_tables *kt, size_t *pos,
	char *name)
{
	size_t at = *pos, p = at, len;
	int r;

	if (kt_name_span(kt, &p, &len) || !len)
		return -1;
	*pos = p + len;
	if (!trie_match(tr, kt, p, len))
		return 0;
	r = kt_expand(kt, &at, name, KSYM_NAME_LEN);
	return r < 0 ? -1 : r & 0xff;	/* a type is a character, not 0 */
}

/* One pass over kallsyms for the names asked for and not searched yet. */
static int vm_search(struct symtab *st)
{
	struct vm_lazy *vm = st->vm;
	struct kallsyms_tables *kt = st->kt;
	struct name_trie tr = { 0 };
	size_t pos = 0;
	int rc = vm_begin(vm, &tr);

	if (rc <= 0) {
		trie_free(&tr);
		return rc;
	}
	rc = 0;
	if (trie_ready(&tr, kt)) {
		vm_end(vm);
		trie_free(&tr);
		return -1;
	}
	for (uint32_t i = 0; i < vm->num && !rc; i++) {
		char name[KSYM_NAME_LEN];
		int type = vm_step(&tr, kt, &pos, name);

		if (type < 0)
			rc = -1;
		else if (type)
			vm_match(vm, i, name, type);
	}
	vm_end(vm);
	trie_free(&tr);
	return rc;
}

/* The position in kallsyms_names of entry @i. */
static size_t vm_pos(const struct symtab *st, uint32_t i)
{
	const struct kallsyms_tables *kt = st->kt;
	size_t pos = st->vm->marks[i >> VM_MARK_SHIFT];

	for (uint32_t k = i & ((1u << VM_MARK_SHIFT) - 1); k > 0; k--) {
		size_t len = kt->names[pos++];

		if ((len & 0x80) && kt->long_names)
			len = (len & 0x7f) | ((size_t)kt->names[pos++] << 7);
		pos += len;
	}
	return pos;
}

static uint64_t vm_addr(const struct symtab *st, uint32_t i)
{
	return kt_addr(st->kt, st->vm->enc, i);
}

static int vm_type(const struct symtab *st, uint32_t i)
{
	size_t pos = vm_pos(st, i);
	uint32_t h;
	int r = kt_hash(st->kt, &pos, &h);

	return r < 0 ? 0 : r & 0xff;
}

/* Entry @i as a struct ksym that stays valid until symtab_free(). */
static const struct ksym *vm_sym(struct symtab *st, uint32_t i)
{
	struct vm_lazy *vm = st->vm;
	char name[KSYM_NAME_LEN];
	struct ksym *s;
	size_t pos;
	int r;

	for (size_t k = 0; k < vm->nmat; k++)
		if (vm->mat_index[k] == i)
			return vm->mat[k];
	if (vm->nmat == vm->capmat) {
		size_t cap = vm->capmat ? vm->capmat * 2 : 32;
		struct ksym **m = realloc(vm->mat, cap * sizeof(*m));
		uint32_t *mi;

		if (!m)
			return NULL;
		vm->mat = m;
		mi = realloc(vm->mat_index, cap * sizeof(*mi));
		if (!mi)
			return NULL;
		vm->mat_index = mi;
		vm->capmat = cap;
	}
	pos = vm_pos(st, i);
	r = kt_expand(st->kt, &pos, name, sizeof(name));
	if (r < 0)
		return NULL;
	s = malloc(sizeof(*s));
	if (!s)
		return NULL;
	*s = (struct ksym){ vm_addr(st, i), store_name(st, name, (size_t)r >> 8),
			    (char)(r & 0xff), 0, name_hash(name, (size_t)r >> 8), 0 };
	if (!s->name) {
		free(s);
		return NULL;
	}
	vm->mat[vm->nmat] = s;
	vm->mat_index[vm->nmat++] = i;
	return s;
}

/* vmlinux's symbol @name, or NULL. */
static const struct ksym *vm_lookup(struct symtab *st, const char *name)
{
	long w = vm_add_want(st->vm, name);

	if (w < 0)
		return NULL;
	if (st->vm->want[w].index == -2 && vm_search(st))
		return NULL;
	if (st->vm->want[w].index < 0)
		return NULL;
	return vm_sym(st, (uint32_t)st->vm->want[w].index);
}

int symtab_load_vmcore_vmlinux(struct symtab *st, struct target *t)
{
	struct name_trie tr = { 0 };
	struct kallsyms_tables *kt;
	struct vm_lazy *vm;
	int score[ENC_NR] = { 0 }, best = -1;
	size_t pos = 0, start_n = st->n;

	if (!t->have_vi)
		return serr(st, "no VMCOREINFO");
	if (ensure_vmlinux(st))
		return -1;
	if (st->kt)
		return serr(st, "vmlinux symbols loaded twice");
	vm = vm_get(st);
	kt = calloc(1, sizeof(*kt));
	if (!kt || !vm) {
		free(kt);
		return serr(st, "out of memory");
	}
	if (kt_read(st, t, kt))
		goto fail;
	vm->marks = malloc(((kt->num >> VM_MARK_SHIFT) + 1) * sizeof(*vm->marks));
	if (!vm->marks || vm_begin(vm, &tr) < 0 || vi_names_add(&tr, &t->vi) ||
	    trie_ready(&tr, kt)) {
		serr(st, "out of memory");
		goto fail;
	}
	/*
	 * One pass over the names: step over each by its length prefix,
	 * note every 256th one's position, and walk its tokens through the
	 * trie of the names asked for so far and VMCOREINFO's SYMBOL()s (for
	 * the encoding).  Only the names found are expanded.
	 */
	for (uint32_t i = 0; i < kt->num; i++) {
		char name[KSYM_NAME_LEN];
		int type;
		uint64_t want;

		if (!(i & ((1u << VM_MARK_SHIFT) - 1)))
			vm->marks[i >> VM_MARK_SHIFT] = (uint32_t)pos;
		type = pos > UINT32_MAX ? -1 : vm_step(&tr, kt, &pos, name);
		if (type < 0) {
			serr(st, "kallsyms_names entry %u is malformed", i);
			goto fail;
		}
		if (!type)
			continue;
		vm_match(vm, i, name, type);
		if (!vmcoreinfo_symbol(&t->vi, name, &want))
			for (int e = 0; e < ENC_NR; e++) {
				if (e != ENC_PC_REL && !kt->have_relative_base)
					continue;
				if (kt_addr(kt, (enum kenc)e, i) == want)
					score[e]++;
			}
	}
	trie_free(&tr);
	vm_end(vm);
	kt->names_len = pos;	/* the table's end, where it was mapped */
	for (int e = 0; e < ENC_NR; e++)
		if (score[e] && (best < 0 || score[e] > score[best]))
			best = e;
	if (best < 0) {
		serr(st, "cannot tell how kallsyms_offsets is encoded (no VMCOREINFO symbol matches)");
		goto fail;
	}
	vm->enc = (enum kenc)best;
	vm->num = kt->num;
	st->kt = kt;
	/* kallsyms is sorted by address; if this one is not, copy it all
	 * into the symbol table instead (names still decoded on demand) */
	if (kt_sorted(kt, vm->enc)) {
		vm->ready = true;
		return 0;
	}
	if (st->cap - st->n < kt->num) {
		struct ksym *v = realloc(st->syms, (st->n + kt->num) * sizeof(*v));

		if (!v) {
			st->kt = NULL;
			serr(st, "out of memory");
			goto fail;
		}
		st->syms = v;
		st->cap = st->n + kt->num;
	}
	pos = 0;
	for (uint32_t i = 0; i < kt->num; i++) {
		size_t at = pos;
		uint32_t h;
		int type = kt_hash(kt, &pos, &h);

		st->syms[st->n++] = (struct ksym){ kt_addr(kt, vm->enc, i), NULL,
						    (char)(type & 0xff), 0, h, (uint32_t)at };
	}
	return 0;
fail:
	trie_free(&tr);
	if (vm)
		vm_end(vm);
	st->kt = NULL;
	st->n = start_n;
	kt_free(kt);
	free(kt);
	return -1;
}

const char *sym_name(const struct symtab *st, const struct ksym *s)
{
	char buf[KSYM_NAME_LEN];
	size_t pos;
	int r;

	if (s->name)
		return s->name;
	if (!st->kt)
		return "?";
	pos = s->name_pos;
	r = kt_expand(st->kt, &pos, buf, sizeof(buf));
	if (r < 0)
		return "?";
	/* cache it: symtab storage is ours to fill */
	((struct ksym *)s)->name = store_name((struct symtab *)st, buf, (size_t)r >> 8);
	return s->name ? s->name : "?";
}

/* ---- module symbols in a vmcore ----------------------------------------- */

typedef struct {
	uint32_t st_name;
	uint8_t st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
} elf64_sym;		/* the ELF ABI's Elf64_Sym */

struct modlayout {
	uint64_t list, name, name_size, kallsyms, ks_symtab, ks_num, ks_strtab,
		 ks_typetab, text_base, text_size;
	bool have_typetab, have_text;
	/* the module's exports: struct module's syms/num_syms, an array of
	 * struct kernel_symbol (PREL32 offsets on x86-64, else pointers) */
	uint64_t syms, num_syms, ksym_size, ksym_value, ksym_name;
	bool have_exports, ksym_prel32;
};

static int mod_layout(struct symtab *st, struct kbtf *kb, struct modlayout *l)
{
	int64_t mod_text;
	char path[64];

	if (kbtf_offsetof(kb, "struct module", "list", &l->list, NULL) ||
	    kbtf_offsetof(kb, "struct module", "name", &l->name, &l->name_size) ||
	    kbtf_offsetof(kb, "struct module", "kallsyms", &l->kallsyms, NULL) ||
	    kbtf_offsetof(kb, "struct mod_kallsyms", "symtab", &l->ks_symtab, NULL) ||
	    kbtf_offsetof(kb, "struct mod_kallsyms", "num_symtab", &l->ks_num, NULL) ||
	    kbtf_offsetof(kb, "struct mod_kallsyms", "strtab", &l->ks_strtab, NULL))
		return serr(st, "struct module layout: %s", kbtf_error(kb));
	l->have_typetab = !kbtf_offsetof(kb, "struct mod_kallsyms", "typetab",
					 &l->ks_typetab, NULL);
	{
		struct ktype kt;
		int64_t size = 0;

		l->ksym_prel32 = !kbtf_offsetof(kb, "struct kernel_symbol", "value_offset",
						&l->ksym_value, NULL) &&
				 !kbtf_offsetof(kb, "struct kernel_symbol", "name_offset",
						&l->ksym_name, NULL);
		l->have_exports = !kbtf_offsetof(kb, "struct module", "syms", &l->syms, NULL) &&
				  !kbtf_offsetof(kb, "struct module", "num_syms",
						 &l->num_syms, NULL) &&
				  !kbtf_find_type(kb, "struct kernel_symbol", NULL, &kt) &&
				  (size = ktype_size(kt)) > 0 && size <= 64 &&
				  (l->ksym_prel32 ||
				   (!kbtf_offsetof(kb, "struct kernel_symbol", "value",
						   &l->ksym_value, NULL) &&
				    !kbtf_offsetof(kb, "struct kernel_symbol", "name",
						   &l->ksym_name, NULL)));
		l->ksym_size = l->have_exports ? (uint64_t)size : 0;
	}
	/* 6.4+: struct module_memory mem[MOD_MEM_NUM_TYPES]; before: core_layout */
	if (!kbtf_enum_value(kb, "MOD_TEXT", NULL, &mod_text) && mod_text >= 0 &&
	    mod_text < 64) {
		snprintf(path, sizeof(path), "mem[%d].base", (int)mod_text);
		l->have_text = !kbtf_offsetof(kb, "struct module", path, &l->text_base, NULL);
		snprintf(path, sizeof(path), "mem[%d].size", (int)mod_text);
		l->have_text &= !kbtf_offsetof(kb, "struct module", path, &l->text_size, NULL);
	} else {
		l->have_text = !kbtf_offsetof(kb, "struct module", "core_layout.base",
					      &l->text_base, NULL) &&
			       !kbtf_offsetof(kb, "struct module", "core_layout.text_size",
					      &l->text_size, NULL);
	}
	kb->err[0] = '\0';
	return 0;
}

/* a module's export, by name, for the exported mark of its symbols */
struct mexport {
	char *name;
	uint64_t value;
};

static int mexport_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mexport *)a)->name,
		      ((const struct mexport *)b)->name);
}

static void mexports_free(struct mexport *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

/*
 * The symbols @mod exports through its own table (struct module's syms:
 * EXPORT_SYMBOL only on 6.1 and 6.12, EXPORT_SYMBOL_GPL too on 7.2),
 * sorted by name; the table the kernel's is_exported() searches when
 * /proc/kallsyms prints an exported module symbol's type in upper case.
 * Unreadable entries are left out.  Returns the count, or 0 and NULL.
 */
static size_t mod_exports(struct target *t, const struct modlayout *l,
			  uint64_t mod, struct mexport **out)
{
	uint64_t syms, at;
	uint32_t num;
	uint8_t *raw;
	struct mexport *e;
	size_t n = 0;

	*out = NULL;
	if (!l->have_exports || target_read_u64(t, mod + l->syms, &syms) ||
	    target_read_u32(t, mod + l->num_syms, &num) || !num || !syms ||
	    num > MAX_MODULE_EXPORTS)
		return 0;
	raw = malloc((size_t)num * l->ksym_size);
	e = calloc(num, sizeof(*e));
	if (!raw || !e || target_read(t, syms, raw, (size_t)num * l->ksym_size)) {
		free(raw);
		free(e);
		return 0;
	}
	for (uint32_t i = 0; i < num; i++) {
		const uint8_t *k = raw + (size_t)i * l->ksym_size;
		char nb[KSYM_NAME_LEN];
		uint64_t value, name;

		at = syms + (uint64_t)i * l->ksym_size;
		if (l->ksym_prel32) {
			int32_t vo, no;

			memcpy(&vo, k + l->ksym_value, sizeof(vo));
			memcpy(&no, k + l->ksym_name, sizeof(no));
			value = at + l->ksym_value + (uint64_t)(int64_t)vo;
			name = at + l->ksym_name + (uint64_t)(int64_t)no;
		} else {
			memcpy(&value, k + l->ksym_value, sizeof(value));
			memcpy(&name, k + l->ksym_name, sizeof(name));
		}
		if (target_read_string(t, name, nb, sizeof(nb)) || !nb[0] ||
		    !(e[n].name = strdup(nb)))
			continue;
		e[n++].value = value;
	}
	free(raw);
	if (!n) {
		free(e);
		return 0;
	}
	qsort(e, n, sizeof(*e), mexport_cmp);
	*out = e;
	return n;
}

static bool mod_exported(const struct mexport *e, size_t n, const char *name,
			 uint64_t value)
{
	struct mexport key = { (char *)name, 0 };
	const struct mexport *f = n ? bsearch(&key, e, n, sizeof(*e), mexport_cmp) : NULL;

	return f && f->value == value;
}

static int load_one_module(struct symtab *st, struct target *t,
			   const struct modlayout *l, uint64_t mod)
{
	char name[257];
	uint64_t ks, symtab, strtab, typetab = 0, max_name = 0;
	uint32_t num, idx;
	elf64_sym *syms;
	char *types = NULL, *strs;
	size_t strs_len, nexp;
	struct kmodule *km;
	struct mexport *exp;

	if (target_read_string(t, mod + l->name, name,
			       l->name_size + 1 < sizeof(name) ? l->name_size + 1 : sizeof(name)) ||
	    !name[0])
		return serr(st, "module at %#" PRIx64 ": unreadable name", mod);
	if (add_module(st, name, &idx))
		return -1;
	km = &st->mods[idx];
	km->addr = mod;
	if (l->have_text) {
		uint32_t ts32;

		target_read_u64(t, mod + l->text_base, &km->text_base);
		if (!target_read_u32(t, mod + l->text_size, &ts32))
			km->text_size = ts32;
	}
	if (target_read_u64(t, mod + l->kallsyms, &ks) ||
	    target_read_u64(t, ks + l->ks_symtab, &symtab) ||
	    target_read_u32(t, ks + l->ks_num, &num) ||
	    target_read_u64(t, ks + l->ks_strtab, &strtab) ||
	    (l->have_typetab && target_read_u64(t, ks + l->ks_typetab, &typetab)))
		return serr(st, "module %s: kallsyms: %s", name, target_error(t));
	if (num > MAX_MODULE_SYMS)
		return serr(st, "module %s: implausible num_symtab %u", name, num);
	if (!num)
		return 0;
	syms = malloc((size_t)num * sizeof(*syms));
	if (!syms)
		return serr(st, "out of memory");
	if (target_read(t, symtab, syms, (size_t)num * sizeof(*syms))) {
		free(syms);
		return serr(st, "module %s: symtab: %s", name, target_error(t));
	}
	if (typetab) {
		types = malloc(num);
		if (types && target_read(t, typetab, types, num)) {
			free(types);
			types = NULL;
		}
	}
	for (uint32_t i = 0; i < num; i++)
		if (syms[i].st_name > max_name)
			max_name = syms[i].st_name;
	strs_len = (size_t)max_name + KSYM_NAME_LEN;
	strs = max_name < (64u << 20) ? malloc(strs_len + 1) : NULL;
	if (strs) {
		/* the last name may end right before unmapped memory */
		while (strs_len > max_name && target_read(t, strtab, strs, strs_len))
			strs_len = strs_len - 1 > max_name ? max_name + (strs_len - max_name) / 2 : max_name;
		if (strs_len <= max_name) {
			free(strs);
			strs = NULL;
		} else {
			strs[strs_len] = '\0';
		}
	}
	nexp = mod_exports(t, l, mod, &exp);
	for (uint32_t i = 0; i < num; i++) {
		char nb[KSYM_NAME_LEN];
		const char *n;
		char type;

		if (!syms[i].st_name || syms[i].st_shndx == 0 /* SHN_UNDEF */)
			continue;
		if (strs) {
			n = strs + syms[i].st_name;
		} else {
			if (target_read_string(t, strtab + syms[i].st_name, nb, sizeof(nb)))
				continue;
			n = nb;
		}
		if (!*n)
			continue;
		type = types ? types[i] : 't';
		if (!isalpha((unsigned char)type))
			type = '?';
		/* as /proc/kallsyms: upper case if exported, else lower */
		else if (mod_exported(exp, nexp, n, syms[i].st_value))
			type = (char)toupper((unsigned char)type);
		else
			type = (char)tolower((unsigned char)type);
		if (add_sym(st, syms[i].st_value, n, strnlen(n, KSYM_NAME_LEN - 1),
			    type, idx)) {
			free(syms);
			free(types);
			free(strs);
			mexports_free(exp, nexp);
			return -1;
		}
	}
	free(syms);
	free(types);
	free(strs);
	mexports_free(exp, nexp);
	return 0;
}

int symtab_load_vmcore_modules(struct symtab *st, struct target *t,
			       struct kbtf *kb)
{
	const struct ksym *head = sym_lookup(st, "modules", "vmlinux");
	struct modlayout l;
	uint64_t head_addr, node;
	size_t count = 0;

	if (!head)
		return serr(st, "no 'modules' symbol (kernel without CONFIG_KALLSYMS_ALL?)");
	head_addr = head->addr;
	if (mod_layout(st, kb, &l))
		return -1;
	if (target_read_u64(t, head_addr, &node))
		return serr(st, "modules list: %s", target_error(t));
	while (node != head_addr) {
		if (++count > MAX_MODULES)
			return serr(st, "modules list does not end");
		if (load_one_module(st, t, &l, node - l.list))
			fprintf(stderr, "podwq-dump: warning: %s\n", st->err);
		if (target_read_u64(t, node, &node))
			return serr(st, "modules list: %s", target_error(t));
	}
	st->err[0] = '\0';
	return 0;
}

/* ---- lookup ------------------------------------------------------------- */

static int addr_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->mod != y->mod)
		return x->mod < y->mod ? -1 : 1;
	if (!x->name || !y->name)	/* named lazily: kallsyms order */
		return x->name_pos < y->name_pos ? -1 : x->name_pos > y->name_pos;
	return strcmp(x->name, y->name);
}

static int rank(const struct ksym *s)
{
	/* vmlinux before modules; globals before locals */
	return (s->mod ? 2 : 0) + (isupper((unsigned char)s->type) ? 0 : 1);
}

static bool addr_before(const struct ksym *x, const struct ksym *y)
{
	return x->addr < y->addr || (x->addr == y->addr && x->mod < y->mod);
}

/*
 * Sort by addr_cmp().  kallsyms comes sorted by address (aliases in any
 * order) and module symbols are appended to it, so: sort the part after
 * the longest prefix sorted by address, merge the two, then sort each
 * run of aliases by name.  A plain qsort() of 150,000 symbols costs more
 * than everything else podwq-dump does on a dump.
 */
static int sort_by_addr(struct symtab *st)
{
	size_t p = 1, n = st->n;
	struct ksym *tmp;

	while (p < n && !addr_before(&st->syms[p], &st->syms[p - 1]))
		p++;
	if (p < n) {
		size_t m = n - p, i = p, j = m, o = n;

		qsort(st->syms + p, m, sizeof(*st->syms), addr_cmp);
		/* merge from the end: only what lies above the suffix's
		 * first symbol moves (module symbols lie above most of
		 * vmlinux), and only the suffix needs a copy */
		tmp = malloc(m * sizeof(*tmp));
		if (!tmp)
			return -1;
		memcpy(tmp, st->syms + p, m * sizeof(*tmp));
		while (j > 0) {
			if (i > 0 && addr_before(&tmp[j - 1], &st->syms[i - 1]))
				st->syms[--o] = st->syms[--i];
			else
				st->syms[--o] = tmp[--j];
		}
		free(tmp);
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && st->syms[j].addr == st->syms[i].addr &&
		       st->syms[j].mod == st->syms[i].mod)
			j++;
		if (j - i > 1)
			qsort(st->syms + i, j - i, sizeof(*st->syms), addr_cmp);
		i = j;
	}
	return 0;
}

int symtab_finish(struct symtab *st)
{
	uint32_t size = 16, *head, *next;
	bool sorted = true;

	if (ensure_vmlinux(st))
		return -1;
	if (st->n >= UINT32_MAX / 4)
		return serr(st, "too many symbols");
	for (size_t i = 1; i < st->n && sorted; i++)
		sorted = addr_cmp(&st->syms[i - 1], &st->syms[i]) <= 0;
	if (!sorted && sort_by_addr(st))
		return serr(st, "out of memory");
	while (size < st->n)
		size *= 2;
	/* the buckets of an earlier call are reused when big enough */
	head = st->hash_head;
	if (!head || st->hash_mask + 1 != size) {
		free(st->hash_head);
		st->hash_head = NULL;
		head = calloc(size, sizeof(*head));
	} else {
		memset(head, 0, size * sizeof(*head));
	}
	next = realloc(st->hash_next, (st->n ? st->n : 1) * sizeof(*next));
	if (!head || !next) {
		free(head);
		free(next);
		st->hash_head = st->hash_next = NULL;
		return serr(st, "out of memory");
	}
	st->hash_head = head;
	st->hash_next = next;
	st->hash_mask = size - 1;
	for (size_t i = st->n; i-- > 0;) {
		uint32_t h = st->syms[i].hash & (size - 1);

		next[i] = head[h];
		head[h] = (uint32_t)i + 1;
	}
	return 0;
}

int sym_module_index(const struct symtab *st, const char *name)
{
	if (!name || !*name || !strcmp(name, "vmlinux"))
		return 0;
	for (size_t i = 1; i < st->nmods; i++)
		if (!strcmp(st->mods[i].name, name))
			return (int)i;
	return -1;
}

const struct ksym *sym_lookup(const struct symtab *st, const char *name,
			      const char *module)
{
	const struct ksym *best = NULL;
	int want = -2;
	uint32_t h;

	if (!name)
		return NULL;
	if (module) {
		want = sym_module_index(st, module);
		if (want < 0)
			return NULL;
	}
	/* a vmcore's vmlinux symbols are looked up in place */
	if (st->vm && st->vm->ready && want <= 0) {
		best = vm_lookup((struct symtab *)st, name);
		if (best || want == 0)
			return best;
	}
	if (!st->hash_head)
		return NULL;
	/* among equal names: vmlinux, then modules in load order, globals
	 * before locals, then the lowest address */
	h = name_hash(name, strlen(name));
	for (uint32_t j = st->hash_head[h & st->hash_mask]; j; j = st->hash_next[j - 1]) {
		const struct ksym *s = &st->syms[j - 1];

		if (s->hash != h || strcmp(sym_name(st, s), name) ||
		    (want != -2 && s->mod != (uint32_t)want))
			continue;
		if (!best || rank(s) < rank(best) ||
		    (rank(s) == rank(best) && (s->mod < best->mod ||
					       (s->mod == best->mod && s < best))))
			best = s;
	}
	return best;
}

static bool type_addr_ok(int type)
{
	int c = tolower(type);

	return c == 't' || c == 'w' || c == 'd' || c == 'b' || c == 'r' ||
	       c == 'v' || c == 'g' || c == 's';
}

static bool addr_sym_ok(const struct ksym *s)
{
	return type_addr_ok((unsigned char)s->type);
}

/* The nearest symbol of syms[] at or below @addr, as sym_by_addr(). */
static const struct ksym *table_by_addr(const struct symtab *st, uint64_t addr)
{
	size_t lo = 0, hi = st->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* prefer a global name among symbols sharing the address */
	while (lo-- > 0) {
		const struct ksym *s = &st->syms[lo], *best = NULL;

		if (!addr_sym_ok(s))
			continue;
		if (addr - s->addr >= MAX_SYM_DISTANCE)
			return NULL;
		for (size_t j = lo + 1; j-- > 0 && st->syms[j].addr == s->addr;) {
			if (!addr_sym_ok(&st->syms[j]))
				continue;
			if (!best || (isupper((unsigned char)st->syms[j].type) &&
				      !isupper((unsigned char)best->type)))
				best = &st->syms[j];
		}
		return best;
	}
	return NULL;
}

/* The same over a vmcore's vmlinux symbols in place. */
static const struct ksym *vm_by_addr(const struct symtab *st, uint64_t addr)
{
	uint32_t lo = 0, hi = st->vm->num;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (vm_addr(st, mid) <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0) {
		uint64_t a = vm_addr(st, lo);
		uint32_t best = UINT32_MAX;
		int bt = 0;

		if (!type_addr_ok(vm_type(st, lo)))
			continue;
		if (addr - a >= MAX_SYM_DISTANCE)
			return NULL;
		for (uint32_t j = lo + 1; j-- > 0 && vm_addr(st, j) == a;) {
			int t = vm_type(st, j);

			if (!type_addr_ok(t))
				continue;
			if (best == UINT32_MAX || (isupper(t) && !isupper(bt))) {
				best = j;
				bt = t;
			}
		}
		return vm_sym((struct symtab *)st, best);
	}
	return NULL;
}

const struct ksym *sym_by_addr(const struct symtab *st, uint64_t addr,
			       uint64_t *off)
{
	const struct ksym *t = table_by_addr(st, addr), *v = NULL, *best;

	if (st->vm && st->vm->ready)
		v = vm_by_addr(st, addr);
	/* the nearer one; at one address, the table's (a module's) unless
	 * only vmlinux's is global, as one sorted table would give */
	if (!t || !v)
		best = t ? t : v;
	else if (t->addr != v->addr)
		best = t->addr > v->addr ? t : v;
	else
		best = !isupper((unsigned char)t->type) && isupper((unsigned char)v->type) ? v : t;
	if (best && off)
		*off = addr - best->addr;
	return best;
}

size_t symtab_count(const struct symtab *st)
{
	return st->n + (st->vm && st->vm->ready ? st->vm->num : 0);
}

int symtab_for_each(const struct symtab *st,
		    int (*cb)(const struct ksym *s, void *arg), void *arg)
{
	uint32_t nv = st->vm && st->vm->ready ? st->vm->num : 0, i = 0;
	size_t j = 0, pos = 0;
	char name[KSYM_NAME_LEN];
	int rc = 0;

	/* vmlinux's and the table's, merged by address, vmlinux first */
	while (!rc && (i < nv || j < st->n)) {
		if (i < nv && (j >= st->n || vm_addr(st, i) <= st->syms[j].addr)) {
			struct ksym s = { vm_addr(st, i), name, 0, 0, 0, 0 };
			int r = kt_expand(st->kt, &pos, name, sizeof(name));

			if (r < 0)
				return -1;
			s.type = (char)(r & 0xff);
			rc = cb(&s, arg);
			i++;
		} else {
			rc = cb(&st->syms[j++], arg);
		}
	}
	return rc;
}

const char *sym_module_name(const struct symtab *st, const struct ksym *s)
{
	if (!s || !s->mod || s->mod >= st->nmods)
		return NULL;
	return st->mods[s->mod].name;
}
