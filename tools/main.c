// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump: show podwq's state from a live kernel or a crash dump, the
 * way Linux's tools/workqueue/wq_dump.py does for the in-kernel workqueue,
 * without any help from the module.
 *
 * This file is the command line: the dump (dump.c), the monitor
 * (monitor.c) and the debug subcommands, which print what the layers
 * below resolve.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "kernel.h"
#include "podwq.h"

static const char usage_text[] =
"Usage: podwq-dump [OPTIONS]                   podwq's pods, pools, workqueues\n"
"       podwq-dump [OPTIONS] --busy|--pending  busy workers, pending items\n"
"       podwq-dump [OPTIONS] monitor [-i SECS] [REGEX...]\n"
"       podwq-dump [OPTIONS] COMMAND ARGS...   debug commands (below)\n"
"\n"
"Show podwq's state the way Linux's tools/workqueue/wq_dump.py and\n"
"wq_monitor.py show the kernel workqueue's, from the running kernel\n"
"(/proc/kcore, /sys/kernel/btf) or from an ELF crash dump.\n"
"\n"
"Options:\n"
"  -c, --core VMCORE      read an ELF vmcore (QEMU dump-guest-memory, kdump)\n"
"                         instead of the running kernel\n"
"  -s, --module-btf KO    take a module's BTF from KO (MODULE.ko, or a raw\n"
"                         split BTF file); may be repeated\n"
"  -j, --json             JSON output (one document; monitor: one object\n"
"                         per workqueue and sample)\n"
"      --busy             only the busy workers: pid, comm, workqueue,\n"
"                         running time and work function\n"
"      --pending          only the pending and inactive work items per pool\n"
"      --kcore FILE       live: read FILE instead of /proc/kcore\n"
"      --kallsyms FILE    live: symbols from FILE (/proc/kallsyms format)\n"
"                         instead of the kallsyms tables in memory\n"
"      --btf-dir DIR      live: read BTF from DIR instead of /sys/kernel/btf\n"
"  -h, --help             show this help\n"
"\n"
"Sections of the dump (as wq_dump.py): Affinity Scopes, Worker Pools,\n"
"Workqueue CPU -> pool, Workqueue -> rescuer, Unbound workqueue ->\n"
"node_nr/max_active.\n"
"\n"
"Monitor (as wq_monitor.py): per workqueue total, infl, CPUtime, CPUitsv,\n"
"CMW/RPR, mayday, rescued; workqueues whose names match any REGEX (POSIX\n"
"extended) or all.\n"
"  -i, --interval SECS    sample every SECS (default 1; 0: once; a crash\n"
"                         dump is always sampled once)\n"
"  -j, --json             JSON lines\n"
"\n"
"Debug commands (print what the access layers resolve):\n"
"  info                          target, VMCOREINFO, symbol and BTF summary\n"
"  sym [MODULE:]NAME             symbol address, kallsyms style\n"
"  addr WHERE                    symbol+offset for an address\n"
"  read-u64 WHERE [COUNT]        64-bit words at WHERE\n"
"  read-str WHERE                a NUL-terminated string\n"
"  read WHERE LEN                hex dump\n"
"  type TYPE                     a type's size and members\n"
"  offsetof TYPE PATH            a member's offset, size and type\n"
"  member TYPE WHERE PATH        a member's value in the object at WHERE\n"
"  percpu WHERE [CPU]            per-CPU address(es) and first word\n"
"  list HEAD TYPE MEMBER [PATH]  walk a list_head of TYPE linked by MEMBER\n"
"  enum NAME                     an enumerator's value\n"
"  cpumask WHERE [NBITS]         a cpumask as a CPU list\n"
"  modules                       loaded modules, their symbols and BTF\n"
"  kallsyms                      every symbol, /proc/kallsyms style\n"
"WHERE is an address (0x...) or a symbol, [MODULE:]NAME[+OFFSET].\n"
"TYPE is a BTF type name (\"struct module\", \"task_struct\"); PATH is a\n"
"dotted member path (\"mem[0].base\", \"se.vruntime\").\n"
"\n"
"Exit status: 0 ok, 1 error, 2 usage, 3 not root / permission denied,\n"
"4 target missing or corrupt, 5 podwq not loaded, 6 no BTF, 7 no symbols.\n";

struct opts {
	struct kernel_opts ko;
	const char *kos[64];
	bool json, busy, pending;
};

static int die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("podwq-dump: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static int need(int argc, int want, const char *cmd)
{
	if (argc < want)
		return die(EXIT_USAGE, "%s: missing arguments (see -h)", cmd);
	return 0;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

static void print_sym(struct kernel *k, const struct ksym *s)
{
	const char *m = sym_module_name(&k->syms, s);

	printf("%016" PRIx64 " %c %s", s->addr, s->type, sym_name(&k->syms, s));
	if (m)
		printf("\t[%s]", m);
	putchar('\n');
}

static int print_one(const struct ksym *s, void *arg)
{
	print_sym(arg, s);
	return 0;
}

static int cmd_info(struct kernel *k)
{
	struct target *t = &k->t;
	size_t nmod = k->syms.nmods ? k->syms.nmods - 1 : 0;

	printf("target:        %s %s\n", t->kind == TARGET_LIVE ? "live" : "vmcore",
	       t->path ? t->path : "");
	if (t->have_vi) {
		printf("osrelease:     %s\n", t->vi.osrelease);
		printf("vmcoreinfo:    %s\n", t->vi.from_scan ? "found in memory" : "note");
		printf("phys_base:     %#" PRIx64 "\n", t->vi.phys_base);
		printf("kerneloffset:  %#" PRIx64 "\n", t->vi.kerneloffset);
		printf("init_top_pgt:  %#" PRIx64 "\n", t->vi.init_top_pgt);
	}
	if (t->kind == TARGET_VMCORE) {
		printf("paging:        %d-level\n", t->levels);
		printf("page_offset:   %#" PRIx64 "\n", t->page_offset);
		printf("max_paddr:     %#" PRIx64 "\n", t->max_paddr);
	}
	printf("segments:      %zu\n", t->nsegs);
	printf("kallsyms:      %s\n", k->kallsyms_file ? k->kallsyms_file : "tables in memory");
	printf("symbols:       %zu\n", symtab_count(&k->syms));
	printf("modules:       %zu\n", nmod);
	printf("btf types:     %u\n", btf__type_cnt(k->btf.vmlinux) - 1);
	printf("module btf:    %zu\n", k->btf.nmods);
	printf("nr_cpu_ids:    %u\n", k->nr_cpu_ids);
	printf("per_cpu_offset:%#" PRIx64 "\n", k->per_cpu_offset);
	return EXIT_OK;
}

static int cmd_modules(struct kernel *k)
{
	for (size_t i = 1; i < k->syms.nmods; i++) {
		const struct kmodule *m = &k->syms.mods[i];
		size_t n = 0;

		for (size_t j = 0; j < k->syms.n; j++)
			n += k->syms.syms[j].mod == i;
		printf("%-24s module=%#" PRIx64 " text=%#" PRIx64 "+%#" PRIx64
		       " syms=%zu btf=%s\n", m->name, m->addr, m->text_base,
		       m->text_size, n, kbtf_module(&k->btf, m->name) ? "yes" : "no");
	}
	for (size_t i = 0; i < k->btf.nmods; i++)
		if (sym_module_index(&k->syms, k->btf.mods[i].name) < 0)
			printf("%-24s btf=yes (no symbols)\n", k->btf.mods[i].name);
	return EXIT_OK;
}

static int cmd_type(struct kernel *k, const char *name)
{
	struct ktype t, s;
	const struct btf_type *bt;
	char buf[512];

	if (kbtf_find_type(&k->btf, name, NULL, &t))
		return die(EXIT_ERROR, "%s", kbtf_error(&k->btf));
	ktype_name(t, buf, sizeof(buf));
	printf("%s: size %" PRId64 "\n", buf, ktype_size(t));
	s = ktype_strip(t);
	bt = btf__type_by_id(s.btf, s.id);
	if (bt && (btf_is_struct(bt) || btf_is_union(bt))) {
		const struct btf_member *m = btf_members(bt);

		for (uint16_t i = 0; i < btf_vlen(bt); i++) {
			const char *mn = btf__name_by_offset(s.btf, m[i].name_off);
			uint32_t bo = btf_member_bit_offset(bt, i);
			uint32_t bs = btf_member_bitfield_size(bt, i);

			ktype_name((struct ktype){ s.btf, m[i].type }, buf, sizeof(buf));
			printf("  %6u", bo / 8);
			if (bs || bo % 8)
				printf(":%u:%u", bo % 8, bs);
			printf("  %-28s %s\n", mn && *mn ? mn : "(anon)", buf);
		}
	} else if (bt && btf_is_enum(bt)) {
		const struct btf_enum *e = btf_enum(bt);

		for (uint16_t i = 0; i < btf_vlen(bt); i++)
			printf("  %-32s %d\n", btf__name_by_offset(s.btf, e[i].name_off),
			       e[i].val);
	}
	return EXIT_OK;
}

static int cmd_offsetof(struct kernel *k, const char *type, const char *path)
{
	struct kmember m;
	char buf[512];

	if (kernel_member(k, type, path, &m))
		return die(EXIT_ERROR, "%s", k->err);
	ktype_name(m.type, buf, sizeof(buf));
	if (m.bitfield_size)
		printf("offset %" PRIu64 " bit %" PRIu64 " bits %u type %s\n",
		       m.bit_offset / 8, m.bit_offset % 8, m.bitfield_size, buf);
	else
		printf("offset %" PRIu64 " size %" PRIu64 " type %s\n",
		       m.bit_offset / 8, m.size, buf);
	return EXIT_OK;
}

static void hexdump(uint64_t addr, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i += 16) {
		printf("%016" PRIx64 ":", addr + i);
		for (size_t j = i; j < i + 16 && j < n; j++)
			printf(" %02x", b[j]);
		printf("  ");
		for (size_t j = i; j < i + 16 && j < n; j++)
			putchar(isprint(b[j]) ? b[j] : '.');
		putchar('\n');
	}
}

static int print_member(struct kernel *k, const char *type, uint64_t addr,
			const char *path)
{
	struct kmember m;
	struct ktype elem;
	int kind;

	if (kernel_member(k, type, path, &m))
		return die(EXIT_ERROR, "%s", k->err);
	kind = ktype_kind(m.type);
	if (kind == BTF_KIND_INT || kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64 ||
	    kind == BTF_KIND_PTR) {
		uint64_t v;

		if (kernel_read_uint(k, type, addr, path, &v))
			return die(EXIT_ERROR, "%s", k->err);
		if (kind == BTF_KIND_PTR) {
			char buf[4096];

			/* char *: the string too */
			printf("%#" PRIx64, v);
			if (v && !ktype_deref(m.type, &elem) && ktype_kind(elem) == BTF_KIND_INT &&
			    ktype_size(elem) == 1 && !target_read_string(&k->t, v, buf, sizeof(buf)))
				printf(" \"%s\"", buf);
			putchar('\n');
		} else if (ktype_is_signed(m.type)) {
			printf("%" PRId64 " (%#" PRIx64 ")\n", (int64_t)v, v);
		} else {
			printf("%" PRIu64 " (%#" PRIx64 ")\n", v, v);
		}
		return EXIT_OK;
	}
	if (kind == BTF_KIND_ARRAY && !ktype_array(m.type, NULL, &elem) &&
	    ktype_kind(elem) == BTF_KIND_INT && ktype_size(elem) == 1) {
		char buf[4096];

		if (kernel_read_str(k, type, addr, path, buf, sizeof(buf)))
			return die(EXIT_ERROR, "%s", k->err);
		printf("\"%s\"\n", buf);
		return EXIT_OK;
	}
	{
		size_t n = m.size > 256 ? 256 : (size_t)m.size;
		unsigned char buf[256];

		if (kernel_read_member(k, type, addr, path, buf, n))
			return die(EXIT_ERROR, "%s", k->err);
		hexdump(addr + m.bit_offset / 8, buf, n);
	}
	return EXIT_OK;
}

struct list_arg {
	const char *type, *path;
	uint64_t off;
	int rc;
};

static int list_cb(struct kernel *k, uint64_t node, void *arg)
{
	struct list_arg *a = arg;
	uint64_t ent = node - a->off;

	printf("%#" PRIx64, ent);
	if (a->path) {
		printf(" ");
		fflush(stdout);
		a->rc = print_member(k, a->type, ent, a->path);
		return a->rc;
	}
	putchar('\n');
	return 0;
}

static int run_cmd(struct kernel *k, int argc, char **argv)
{
	const char *c = argv[0];
	uint64_t a, v;

	if (!strcmp(c, "info"))
		return cmd_info(k);
	if (!strcmp(c, "modules"))
		return cmd_modules(k);
	if (!strcmp(c, "kallsyms")) {
		return symtab_for_each(&k->syms, print_one, k) ? EXIT_ERROR : EXIT_OK;
	}
	if (!strcmp(c, "sym")) {
		const struct ksym *s;
		char *colon;

		if (need(argc, 2, c))
			return EXIT_USAGE;
		colon = strchr(argv[1], ':');
		if (colon) {
			*colon = '\0';
			s = sym_lookup(&k->syms, colon + 1, argv[1]);
		} else {
			s = sym_lookup(&k->syms, argv[1], NULL);
		}
		if (!s)
			return die(EXIT_ERROR, "symbol '%s' not found", colon ? colon + 1 : argv[1]);
		print_sym(k, s);
		return EXIT_OK;
	}
	if (!strcmp(c, "addr")) {
		const struct ksym *s;
		uint64_t off;

		if (need(argc, 2, c))
			return EXIT_USAGE;
		if (kernel_addr(k, argv[1], &a))
			return die(EXIT_ERROR, "%s", k->err);
		s = sym_by_addr(&k->syms, a, &off);
		if (!s)
			return die(EXIT_ERROR, "no symbol for %#" PRIx64, a);
		printf("%s+%#" PRIx64, sym_name(&k->syms, s), off);
		if (sym_module_name(&k->syms, s))
			printf(" [%s]", sym_module_name(&k->syms, s));
		putchar('\n');
		return EXIT_OK;
	}
	if (!strcmp(c, "read-u64") || !strcmp(c, "read-str") || !strcmp(c, "read") ||
	    !strcmp(c, "percpu") || !strcmp(c, "cpumask")) {
		if (need(argc, 2 + !strcmp(c, "read"), c))
			return EXIT_USAGE;
		if (kernel_addr(k, argv[1], &a))
			return die(EXIT_ERROR, "%s", k->err);
	}
	if (!strcmp(c, "read-u64")) {
		uint64_t n = 1;

		if (argc > 2 && (parse_u64(argv[2], &n) || n == 0 || n > 65536))
			return die(EXIT_USAGE, "bad count '%s'", argv[2]);
		for (uint64_t i = 0; i < n; i++) {
			if (target_read_u64(&k->t, a + 8 * i, &v))
				return die(EXIT_ERROR, "%s", target_error(&k->t));
			printf("%016" PRIx64 ": 0x%016" PRIx64 "\n", a + 8 * i, v);
		}
		return EXIT_OK;
	}
	if (!strcmp(c, "read-str")) {
		char buf[4096];

		if (target_read_string(&k->t, a, buf, sizeof(buf)))
			return die(EXIT_ERROR, "%s", target_error(&k->t));
		printf("%s\n", buf);
		return EXIT_OK;
	}
	if (!strcmp(c, "read")) {
		unsigned char *buf;

		if (parse_u64(argv[2], &v) || v == 0 || v > (1u << 20))
			return die(EXIT_USAGE, "bad length '%s'", argv[2]);
		buf = malloc((size_t)v);
		if (!buf)
			return die(EXIT_ERROR, "out of memory");
		if (target_read(&k->t, a, buf, (size_t)v)) {
			free(buf);
			return die(EXIT_ERROR, "%s", target_error(&k->t));
		}
		hexdump(a, buf, (size_t)v);
		free(buf);
		return EXIT_OK;
	}
	if (!strcmp(c, "percpu")) {
		uint64_t cpu0 = 0, cpu1 = k->nr_cpu_ids;

		if (argc > 2) {
			if (parse_u64(argv[2], &cpu0) || cpu0 > UINT32_MAX)
				return die(EXIT_USAGE, "bad cpu '%s'", argv[2]);
			cpu1 = cpu0 + 1;
		}
		if (!cpu1)
			return die(EXIT_ERROR, "nr_cpu_ids unknown; give a CPU");
		for (uint64_t cpu = cpu0; cpu < cpu1; cpu++) {
			uint64_t pa;

			if (kernel_percpu(k, a, (uint32_t)cpu, &pa))
				return die(EXIT_ERROR, "%s", k->err);
			if (target_read_u64(&k->t, pa, &v))
				return die(EXIT_ERROR, "%s", target_error(&k->t));
			printf("cpu%" PRIu64 " %016" PRIx64 ": 0x%016" PRIx64 "\n", cpu, pa, v);
		}
		return EXIT_OK;
	}
	if (!strcmp(c, "cpumask")) {
		uint64_t nbits = k->nr_cpu_ids, *bits;
		char buf[8192];

		if (argc > 2 && (parse_u64(argv[2], &nbits) || nbits == 0 || nbits > 65536))
			return die(EXIT_USAGE, "bad size '%s'", argv[2]);
		if (!nbits)
			return die(EXIT_ERROR, "nr_cpu_ids unknown; give NBITS");
		bits = calloc((size_t)(nbits + 63) / 64, 8);
		if (!bits)
			return die(EXIT_ERROR, "out of memory");
		if (kernel_read_cpumask(k, a, (uint32_t)nbits, bits)) {
			free(bits);
			return die(EXIT_ERROR, "%s", k->err);
		}
		cpulist_str(bits, (uint32_t)nbits, buf, sizeof(buf));
		printf("%s\n", buf);
		free(bits);
		return EXIT_OK;
	}
	if (!strcmp(c, "type")) {
		if (need(argc, 2, c))
			return EXIT_USAGE;
		return cmd_type(k, argv[1]);
	}
	if (!strcmp(c, "offsetof")) {
		if (need(argc, 3, c))
			return EXIT_USAGE;
		return cmd_offsetof(k, argv[1], argv[2]);
	}
	if (!strcmp(c, "member")) {
		if (need(argc, 4, c))
			return EXIT_USAGE;
		if (kernel_addr(k, argv[2], &a))
			return die(EXIT_ERROR, "%s", k->err);
		return print_member(k, argv[1], a, argv[3]);
	}
	if (!strcmp(c, "enum")) {
		int64_t e;

		if (need(argc, 2, c))
			return EXIT_USAGE;
		if (kbtf_enum_value(&k->btf, argv[1], NULL, &e))
			return die(EXIT_ERROR, "%s", kbtf_error(&k->btf));
		printf("%" PRId64 "\n", e);
		return EXIT_OK;
	}
	if (!strcmp(c, "list")) {
		struct list_arg la = { .rc = 0 };
		struct kmember m;

		if (need(argc, 4, c))
			return EXIT_USAGE;
		if (kernel_addr(k, argv[1], &a))
			return die(EXIT_ERROR, "%s", k->err);
		if (kernel_member(k, argv[2], argv[3], &m))
			return die(EXIT_ERROR, "%s", k->err);
		la.type = argv[2];
		la.off = m.bit_offset / 8;
		la.path = argc > 4 ? argv[4] : NULL;
		if (kernel_list_for_each(k, a, list_cb, &la))
			return la.rc ? la.rc : die(EXIT_ERROR, "%s", k->err);
		return EXIT_OK;
	}
	return -1;	/* not a command */
}

static bool is_cmd(const char *s)
{
	static const char *const cmds[] = {
		"info", "sym", "addr", "read-u64", "read-str", "read", "type",
		"offsetof", "member", "percpu", "list", "enum", "cpumask", "modules",
		"kallsyms",
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(s, cmds[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	enum { O_BUSY = 256, O_PENDING, O_KCORE, O_KALLSYMS, O_BTFDIR };
	static const struct option lopts[] = {
		{ "core", required_argument, NULL, 'c' },
		{ "module-btf", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "busy", no_argument, NULL, O_BUSY },
		{ "pending", no_argument, NULL, O_PENDING },
		{ "kcore", required_argument, NULL, O_KCORE },
		{ "kallsyms", required_argument, NULL, O_KALLSYMS },
		{ "btf-dir", required_argument, NULL, O_BTFDIR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .ko = { .need_root = true } };
	struct kernel k;
	int c, rc;

	while ((c = getopt_long(argc, argv, "+c:s:jh", lopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.ko.vmcore = optarg;
			break;
		case 's':
			if (o.ko.nko >= sizeof(o.kos) / sizeof(o.kos[0]))
				return die(EXIT_USAGE, "too many -s options");
			o.kos[o.ko.nko++] = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case O_BUSY:
			o.busy = true;
			break;
		case O_PENDING:
			o.pending = true;
			break;
		case O_KCORE:
			o.ko.kcore = optarg;
			o.ko.need_root = false;
			break;
		case O_KALLSYMS:
			o.ko.kallsyms = optarg;
			break;
		case O_BTFDIR:
			o.ko.btf_dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	o.ko.ko = o.kos;
	argc -= optind;
	argv += optind;
	if (argc && !is_cmd(argv[0]) && strcmp(argv[0], "monitor"))
		return die(EXIT_USAGE, "unknown command '%s' (see -h)", argv[0]);
	if (!argc || !is_cmd(argv[0])) {	/* the dump, the monitor */
		o.ko.want_syms = pw_vmlinux_syms;
		o.ko.want_types = pw_vmlinux_types;
		o.ko.want_enums = pw_vmlinux_enums;
	}
	rc = kernel_open(&k, &o.ko);
	if (rc) {
		die(rc, "%s", k.err);
		kernel_close(&k);
		return rc;
	}
	if (argc && is_cmd(argv[0])) {
		rc = run_cmd(&k, argc, argv);
	} else if (argc && !strcmp(argv[0], "monitor")) {
		rc = monitor_main(&k, argc, argv, o.json);
	} else {
		struct dump_opts d = { .json = o.json, .busy = o.busy, .pending = o.pending };

		rc = dump_run(&k, &d);
	}
	fflush(stdout);
#if !defined(__SANITIZE_ADDRESS__)
	/* the process ends here: unmapping and freeing tens of megabytes
	 * one by one costs more than letting exit() drop them */
	if (!getenv("PODWQ_DUMP_FREE"))
		return rc;
#endif
	kernel_close(&k);
	return rc;
}
