#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a small synthetic x86-64 kernel crash dump (ELF vmcore) for tests.

The dump looks to podwq-dump like a real kernel's: a VMCOREINFO note, a
kernel image at a KASLR offset with a non-zero phys_base, kernel page tables
(4 or 5 levels) mapping the image with 2M pages, the direct map with a 1G
page, vmalloc memory with 4K pages and a 2M page (per-CPU chunks), modules
with 4K pages; kallsyms tables in one of the three encodings; vmlinux BTF
between __start_BTF and __stop_BTF; one module ("podwq") on the modules
list with its own symbol table and, on btf_modules, its split BTF.  The
struct module layout is 6.4+'s (mem[]) or 6.1's (core_layout).

Physical memory has holes (two PT_LOADs), as real dumps do.

Usage: mkcore.py OUT [--levels 4|5] [--enc base|abs|pcrel]
                     [--layout mem|core] [--no-note] [--no-podwq] [--sparse [--overlap]]
                     [--seeds DIR]
Writes OUT and OUT.expect (shell variables for the checks); with --seeds,
also fuzzing seeds made of the same parts.
"""
import argparse
import struct
import sys

P = struct.pack
START_KERNEL_MAP = 0xffffffff80000000
KASLR = 0x2000000
PHYS_BASE = 0x1000000
IMG_V = 0xffffffff81000000 + KASLR          # _text
IMG_P = IMG_V - START_KERNEL_MAP + PHYS_BASE
IMG_SIZE = 8 << 20
LOW_SIZE = 8 << 20                           # phys [0, 8M)
NCPUS = 3
ONLINE = 0b101                               # cpus 0 and 2


class Mem:
    def __init__(self):
        self.regions = [(0, bytearray(LOW_SIZE)), (IMG_P, bytearray(IMG_SIZE))]
        self.next_page = 0x100000            # page-table/4K page allocator

    def wp(self, pa, data):
        for base, buf in self.regions:
            if base <= pa and pa + len(data) <= base + len(buf):
                buf[pa - base:pa - base + len(data)] = data
                return
        raise ValueError("phys %#x not in memory" % pa)

    def rp(self, pa, n):
        for base, buf in self.regions:
            if base <= pa and pa + n <= base + len(buf):
                return bytes(buf[pa - base:pa - base + n])
        raise ValueError("phys %#x not in memory" % pa)

    def page(self):
        pa = self.next_page
        self.next_page += 0x1000
        assert self.next_page <= 0x300000
        return pa


class PageTables:
    def __init__(self, mem, levels, root_pa):
        self.m, self.levels, self.root = mem, levels, root_pa
        self.va2pa = []                      # (va, size, pa) for our own writes

    def map(self, va, pa, size):
        shift_leaf = {0x1000: 12, 0x200000: 21, 0x40000000: 30}[size]
        table = self.root
        for level in range(self.levels, 0, -1):
            shift = 12 + 9 * (level - 1)
            idx = (va >> shift) & 511
            ea = table + idx * 8
            if shift == shift_leaf:
                flags = 0x63 | (0x80 if size > 0x1000 else 0)  # P|RW|A|D (|PSE)
                self.m.wp(ea, P("<Q", pa | flags | (1 << 63)))  # NX too
                self.va2pa.append((va, size, pa))
                return
            e = struct.unpack("<Q", self.m.rp(ea, 8))[0]
            if not e & 1:
                nt = self.m.page()
                e = nt | 0x63
                self.m.wp(ea, P("<Q", e))
            table = e & 0x000ffffffffff000

    def w(self, va, data):
        for v, size, pa in self.va2pa:
            if v <= va and va + len(data) <= v + size:
                self.m.wp(pa + va - v, data)
                return
        if IMG_V - 0x1000000 <= va < IMG_V + IMG_SIZE:
            self.m.wp(va - START_KERNEL_MAP + PHYS_BASE, data)
            return
        raise ValueError("va %#x not mapped" % va)


class BTF:
    """Just enough of a BTF encoder (kinds INT PTR ARRAY STRUCT UNION ENUM
    TYPEDEF) for base and split BTF."""

    def __init__(self, base=None):
        self.base = base
        self.types = []
        self.strs = b"\0"
        self.strmap = {"": 0}
        self.first = base.first + len(base.types) if base else 1
        self.stroff = base.stroff + len(base.strs) if base else 0

    def s(self, name):
        if name not in self.strmap:
            self.strmap[name] = len(self.strs)
            self.strs += name.encode() + b"\0"
        return self.stroff + self.strmap[name]

    def add(self, data):
        self.types.append(data)
        return self.first + len(self.types) - 1

    def int_(self, name, size, signed=False, char=False):
        enc = (1 if signed else 0) | (2 if char else 0)
        return self.add(P("<III", self.s(name), 1 << 24, size) + P("<I", enc << 24 | size * 8))

    def ptr(self, t):
        return self.add(P("<III", 0, 2 << 24, t))

    def array(self, t, n, idx):
        return self.add(P("<III", 0, 3 << 24, 0) + P("<III", t, idx, n))

    def struct(self, name, size, members, union=False, kflag=False):
        kind = 5 if union else 4
        out = P("<III", self.s(name), (kind << 24) | len(members) | (kflag << 31), size)
        for mname, mtype, bitoff, *bits in members:
            off = (bits[0] << 24 | bitoff) if kflag and bits else bitoff
            out += P("<III", self.s(mname), mtype, off)
        return self.add(out)

    def enum(self, name, vals, size=4):
        out = P("<III", self.s(name), (6 << 24) | len(vals), size)
        for n, v in vals:
            out += P("<Ii", self.s(n), v)
        return self.add(out)

    def typedef(self, name, t):
        return self.add(P("<III", self.s(name), 8 << 24, t))

    def blob(self):
        tb = b"".join(self.types)
        return P("<HBBIIIII", 0xeB9F, 1, 0, 24, 0, len(tb), len(tb), len(self.strs)) + tb + self.strs


def vmlinux_btf(layout):
    b = BTF()
    t = {}
    t["int"] = b.int_("int", 4, signed=True)
    t["uint"] = b.int_("unsigned int", 4)
    t["char"] = b.int_("char", 1, signed=True, char=True)
    t["ulong"] = b.int_("long unsigned int", 8)
    t["u64"] = b.typedef("u64", t["ulong"])
    t["char16"] = b.array(t["char"], 16, t["uint"])
    t["char56"] = b.array(t["char"], 56, t["uint"])
    t["voidp"] = b.ptr(0)
    t["charp"] = b.ptr(t["char"])
    lh = len(b.types) + b.first               # struct list_head's id, used below
    t["lhp"] = b.ptr(lh + 1)
    t["list_head"] = b.struct("list_head", 16, [("next", t["lhp"], 0), ("prev", t["lhp"], 64)])
    # task_struct: pid/tgid inside an anonymous struct inside an anonymous union
    anon_s = b.struct("", 8, [("pid", t["int"], 0), ("tgid", t["int"], 32)])
    anon_u = b.struct("", 8, [("", anon_s, 0), ("x", t["ulong"], 0)], union=True)
    b.struct("task_struct", 64, [("__state", t["uint"], 0), ("", anon_u, 64),
                                 ("comm", t["char16"], 128), ("tasks", t["list_head"], 256),
                                 ("in_execve", t["uint"], 384, 1), ("in_iowait", t["uint"], 385, 1),
                                 ("prio", t["int"], 416, 0)], kflag=True)
    mk = b.struct("mod_kallsyms", 32, [("symtab", t["voidp"], 0), ("num_symtab", t["uint"], 64),
                                        ("strtab", t["charp"], 128), ("typetab", t["charp"], 192)])
    mkp = b.ptr(mk)
    if layout == "mem":
        b.enum("mod_mem_type", [("MOD_TEXT", 0), ("MOD_DATA", 1), ("MOD_RODATA", 2),
                                ("MOD_RO_AFTER_INIT", 3), ("MOD_INIT_TEXT", 4),
                                ("MOD_INIT_DATA", 5), ("MOD_INIT_RODATA", 6),
                                ("MOD_MEM_NUM_TYPES", 7)])
        mm = b.struct("module_memory", 16, [("base", t["voidp"], 0), ("size", t["uint"], 64)])
        mem_member = ("mem", b.array(mm, 7, t["uint"]), 80 * 8)
    else:
        ml = b.struct("module_layout", 16, [("base", t["voidp"], 0), ("size", t["uint"], 64),
                                            ("text_size", t["uint"], 96)])
        mem_member = ("core_layout", ml, 80 * 8)
    # struct kernel_symbol as on x86-64 (PREL32 relocations)
    ks = b.struct("kernel_symbol", 12, [("value_offset", t["int"], 0),
                                        ("name_offset", t["int"], 32),
                                        ("namespace_offset", t["int"], 64)])
    mod = b.struct("module", 256, [("state", t["int"], 0), ("list", t["list_head"], 64),
                                   ("name", t["char56"], 24 * 8), mem_member,
                                   ("kallsyms", mkp, 200 * 8), ("core_kallsyms", mk, 208 * 8),
                                   ("syms", b.ptr(ks), 240 * 8), ("num_syms", t["uint"], 248 * 8)])
    modp = b.ptr(mod)
    btf = b.struct("btf", 80, [("data", t["voidp"], 0), ("types", t["voidp"], 64),
                               ("nr_types", t["uint"], 128), ("data_size", t["uint"], 160),
                               ("name", t["char56"], 192)])
    b.struct("btf_module", 40, [("list", t["list_head"], 0), ("module", modp, 128),
                                ("btf", b.ptr(btf), 192), ("flags", t["int"], 256)])
    b.enum("", [("WQ_BH", 1), ("WQ_UNBOUND", 2), ("WQ_FREEZABLE", 4)])
    b.enum("", [("WQ_NAME_LEN", 32)])
    ul1 = b.array(t["ulong"], 1, t["uint"])
    cm = b.struct("cpumask", 8, [("bits", ul1, 0)])
    # what podwq-dump's sections read besides podwq's own types
    b.typedef("cpumask_var_t", b.ptr(cm))
    b.typedef("nodemask_t", b.struct("", 8, [("bits", ul1, 0)]))
    b.enum("node_states", [("N_POSSIBLE", 0), ("N_ONLINE", 1), ("NR_NODE_STATES", 2)])
    xa = b.struct("xarray", 16, [("xa_lock", t["int"], 0), ("xa_flags", t["uint"], 32),
                                 ("xa_head", t["voidp"], 64)])
    uchar = b.int_("unsigned char", 1)
    b.struct("xa_node", 40 + 64 * 8, [("shift", uchar, 0), ("offset", uchar, 8),
                                      ("count", uchar, 16), ("nr_values", uchar, 24),
                                      ("parent", t["voidp"], 64),
                                      ("slots", b.array(t["voidp"], 64, t["uint"]), 320)])
    b.struct("idr", 24, [("idr_rt", xa, 0), ("idr_base", t["uint"], 128),
                         ("idr_next", t["uint"], 160)])
    hn = len(b.types) + b.first + 1
    b.struct("hlist_node", 16, [("next", b.ptr(hn), 0), ("pprev", t["voidp"], 64)])
    b.struct("hlist_head", 8, [("first", b.ptr(hn), 0)])
    b.struct("clocksource", 64, [("read", t["voidp"], 0), ("mask", t["ulong"], 64),
                                 ("mult", t["uint"], 192), ("shift", t["uint"], 224)])
    return b


def find(b, kind, name):
    """The id of a named type of @kind (4 struct, 8 typedef, 1 int) in @b."""
    for i, data in enumerate(b.types):
        name_off, info = struct.unpack("<II", data[:8])
        if (info >> 24) & 0x1f == kind and b.strs[name_off - b.stroff:].split(b"\0")[0] == name.encode():
            return b.first + i
    raise KeyError(name)


def module_btf(base, engine=True):
    """podwq's types as Documentation/internals.rst names them (offsets of
    our own choosing: podwq-dump takes them from here)."""
    b = BTF(base)
    I = lambda n: find(base, 1, n)
    S = lambda n: find(base, 4, n)
    T = lambda n: find(base, 8, n)
    i32, u32, ul, ch = I("int"), I("unsigned int"), I("long unsigned int"), I("char")
    uchar = I("unsigned char")
    cmv, lh, hh, hn = T("cpumask_var_t"), S("list_head"), S("hlist_head"), S("hlist_node")
    vp = b.ptr(0)
    ip = b.ptr(i32)
    b.struct("podwq_pod_type", 32, [("nr_pods", i32, 0), ("pod_cpus", b.ptr(cmv), 64),
                                    ("pod_node", ip, 128), ("cpu_pod", ip, 192)])
    b.enum("podwq_fake", [("PODWQ_FAKE", 7)])
    if not engine:
        return b
    b.enum("podwq_affn_scope", [("PODWQ_AFFN_DFL", 0), ("PODWQ_AFFN_CPU", 1), ("PODWQ_AFFN_SMT", 2),
                                ("PODWQ_AFFN_CACHE", 3), ("PODWQ_AFFN_CACHE_SHARD", 4),
                                ("PODWQ_AFFN_NUMA", 5), ("PODWQ_AFFN_SYSTEM", 6),
                                ("PODWQ_AFFN_NR_TYPES", 7)])
    b.enum("podwq_wq_flags", [("PODWQ_BH", 1), ("PODWQ_UNBOUND", 2), ("PODWQ_MEM_RECLAIM", 8),
                              ("PODWQ_HIGHPRI", 16), ("PODWQ_PERCPU", 256),
                              ("__PODWQ_ORDERED", 1 << 17)])
    b.enum("podwq_internal_consts", [("PODWQ_NAME_LEN", 32)])
    b.enum("podwq_pool_flags", [("PODWQ_POOL_BH", 1), ("PODWQ_POOL_DISASSOCIATED", 4)])
    b.enum("podwq_pwq_stats", [("PODWQ_PWQ_STAT_STARTED", 0), ("PODWQ_PWQ_STAT_COMPLETED", 1),
                               ("PODWQ_PWQ_STAT_CPU_TIME", 2), ("PODWQ_PWQ_STAT_CPU_INTENSIVE", 3),
                               ("PODWQ_PWQ_STAT_CM_WAKEUP", 4), ("PODWQ_PWQ_STAT_REPATRIATED", 5),
                               ("PODWQ_PWQ_STAT_MAYDAY", 6), ("PODWQ_PWQ_STAT_RESCUED", 7),
                               ("PODWQ_PWQ_NR_STATS", 8)])
    b.enum("podwq_work_bits", [("PODWQ_WORK_STRUCT_PENDING_BIT", 0),
                               ("PODWQ_WORK_STRUCT_INACTIVE_BIT", 1),
                               ("PODWQ_WORK_STRUCT_PWQ_BIT", 2),
                               ("PODWQ_WORK_STRUCT_PWQ_SHIFT", 8)])
    attrs = b.struct("podwq_attrs", 32, [("nice", i32, 0), ("cpumask", cmv, 64),
                                         ("__pod_cpumask", cmv, 128), ("affn_strict", uchar, 192),
                                         ("affn_scope", i32, 224)])
    b.struct("podwq_worker_pool", 320, [("cpu", i32, 0), ("node", i32, 32), ("id", i32, 64),
                                        ("flags", u32, 96), ("nr_running", i32, 128),
                                        ("worklist", lh, 192), ("nr_workers", i32, 320),
                                        ("nr_idle", i32, 352),
                                        ("busy_hash", b.array(hh, 32, u32), 384),
                                        ("attrs", b.ptr(attrs), 2432), ("refcnt", i32, 2496)])
    b.struct("podwq_work", 32, [("data", ul, 0), ("entry", lh, 64), ("func", vp, 192)])
    b.struct("podwq_pool_workqueue", 256, [("pool", vp, 0), ("wq", vp, 64), ("refcnt", i32, 128),
                                           ("nr_active", i32, 160), ("inactive_works", lh, 192),
                                           ("pwqs_node", lh, 320),
                                           ("stats", b.array(ul, 8, u32), 448)])
    atomic = b.struct("", 4, [("counter", i32, 0)])
    b.struct("podwq_node_nr_active", 8, [("max", i32, 0), ("nr", atomic, 32)])
    b.struct("podwq_workqueue", 112, [("pwqs", lh, 0), ("list", lh, 128), ("rescuer", vp, 256),
                                      ("max_active", i32, 320), ("min_active", i32, 352),
                                      ("unbound_attrs", b.ptr(attrs), 384), ("dfl_pwq", vp, 448),
                                      ("name", b.array(ch, 32, u32), 512), ("flags", u32, 768),
                                      ("cpu_pwq", vp, 832),
                                      ("node_nr_active", b.array(vp, 0, u32), 896)])
    b.struct("podwq_worker", 64, [("hentry", hn, 0), ("current_work", vp, 128),
                                  ("current_func", vp, 192), ("current_pwq", vp, 256),
                                  ("current_start", ul, 320), ("task", b.ptr(S("task_struct")), 384),
                                  ("id", i32, 448)])
    return b


def kallsyms(syms, enc, offsets_va):
    """syms: [(name, type, addr)] sorted by address.  Returns tables."""
    tokens = [b""] * 256
    for c in range(0x20, 0x7f):
        tokens[c] = bytes([c])
    tokens[0x80] = b"kallsyms_"
    tokens[0x81] = b"per_cpu_"
    tokens[0x82] = b"_"
    for c in range(256):
        if not tokens[c]:
            tokens[c] = b"?"
    table, index = b"", []
    for tok in tokens:
        index.append(len(table))
        table += tok + b"\0"
    names = b""
    for name, typ, _ in syms:
        s, enc_b = typ + name, b""
        i = 0
        while i < len(s):
            for code, tok in ((0x80, "kallsyms_"), (0x81, "per_cpu_")):
                if s.startswith(tok, i):
                    enc_b += bytes([code])
                    i += len(tok)
                    break
            else:
                enc_b += s[i].encode()
                i += 1
        n = len(enc_b)
        names += (bytes([n]) if n < 128 else bytes([(n & 0x7f) | 0x80, n >> 7])) + enc_b
    base = min(a for _, _, a in syms if a >= START_KERNEL_MAP)
    offs = b""
    for i, (_, _, a) in enumerate(syms):
        if enc == "base":
            o = a - base
        elif enc == "abs":
            o = a if a < 0x80000000 else base - 1 - a
        else:
            o = a - (offsets_va + 4 * i)
        assert -2**31 <= o < 2**32, (enc, hex(a))
        offs += P("<i", o) if o < 2**31 else P("<I", o)
    return names, table, P("<256H", *index), offs, base


def engine(mem, pt, page_offset, A, pod_types, glob, mtext, pcpu_chunk_v, pcpu_base):
    """podwq's state for the dump's sections, in the layout of module_btf():
    3 possible CPUs (1 offline) in 2 nodes, 6 per-CPU pools and 4 unbound
    ones (IDs 6, 7, 8, 10), 5 workqueues (per-CPU, HIGHPRI|MEM_RECLAIM with
    a pending and an inactive item, unbound strict, ordered with a 31-char
    name, unbound MEM_RECLAIM with a rescuer), a busy worker; the module
    globals at @glob.  Returns podwq's symbols.  tests/synthetic.expect is
    what podwq-dump must print for it."""
    M64 = (1 << 64) - 1
    nxt = [0x720000]

    def alloc(size, align=8):
        pa = (nxt[0] + align - 1) & ~(align - 1)
        nxt[0] = pa + size
        assert nxt[0] <= 0x7e0000
        return pa

    def obj(data, align=8):                  # direct-map VA of a new object
        pa = alloc(len(data), align)
        mem.wp(pa, data)
        return page_offset + pa

    W = pt.w
    Q = lambda v: P("<Q", v & M64)
    mask = lambda bits: obj(Q(bits))
    ALL, CPU01, CPU2 = 0b111, 0b011, 0b100
    JIFFIES = 0x100002345

    # pod tables: scope -> (pods as (cpus, node), cpu_pod)
    scopes = {1: ([(1, 0), (2, 0), (4, 1)], [0, 1, 2]),
              2: ([(CPU01, 0), (CPU2, 1)], [0, 0, 1]),
              3: ([(CPU01, 0), (CPU2, 1)], [0, 0, 1]),
              4: ([(CPU01, 0), (CPU2, 1)], [0, 0, 1]),
              5: ([(CPU01, 0), (CPU2, 1)], [0, 0, 1]),
              6: ([(ALL, -1)], [0, 0, 0])}
    for sc, (pods, cpu_pod) in scopes.items():
        pc = obj(b"".join(Q(mask(c)) for c, _ in pods))
        pn = obj(b"".join(P("<i", n) for _, n in pods))
        cp = obj(b"".join(P("<i", x) for x in cpu_pod))
        W(pod_types + 32 * sc, P("<i", len(pods)) + b"\0" * 4 + Q(pc) + Q(pn) + Q(cp))
    names = [obj(n.encode() + b"\0", 1) for n in
             ("default", "cpu", "smt", "cache", "cache_shard", "numa", "system")]

    g = {"podwq_affn_names": glob, "podwq_affn_dfl": glob + 0x40,
         "podwq_unbound_cpumask": glob + 0x48, "podwq_pool_idr": glob + 0x50,
         "podwq_workqueues": glob + 0x80}
    W(g["podwq_affn_names"], b"".join(Q(v) for v in names))
    W(g["podwq_affn_dfl"], P("<i", 4))
    W(g["podwq_unbound_cpumask"], Q(mask(ALL)))

    # pools
    def attrs(nice, cpus, pod, strict):
        return obj(P("<i", nice) + b"\0" * 4 + Q(mask(cpus)) + Q(mask(pod)) +
                   P("<B", strict) + b"\0" * 3 + P("<i", 7))

    pools = {}

    def pool(pid, cpu, node, nice, flags, ref, workers, idle, cpus=0, pod=0, strict=0):
        at = attrs(nice, cpus, pod, strict)
        pa = alloc(320, 64)
        va = page_offset + pa
        body = bytearray(320)
        body[0:16] = P("<iiiIi", cpu, node, pid, flags, 0)[:16]
        struct.pack_into("<i", body, 16, 0)
        struct.pack_into("<QQ", body, 24, va + 24, va + 24)     # empty worklist
        struct.pack_into("<ii", body, 40, workers, idle)
        struct.pack_into("<Qi", body, 304, at, ref)
        mem.wp(pa, bytes(body))
        pools[pid] = va
        return va

    for c in range(3):
        pool(2 * c, c, 0 if c < 2 else 1, 0, 0, 1, 2 if c == 2 else 1, 1)
        pool(2 * c + 1, c, 0 if c < 2 else 1, -20, 0, 1, 1, 1)
    pool(6, -1, -1, 0, 4, 3, 1, 1, ALL, ALL)
    pool(7, -1, 0, 0, 4, 1, 1, 1, ALL, CPU01, 1)
    pool(8, -1, 1, 0, 4, 1, 1, 1, ALL, CPU2, 1)
    pool(10, -1, 0, 5, 4, 12, 3, 0, CPU01, CPU01)
    node = bytearray(40 + 64 * 8)                  # one xa_node, shift 0
    for pid, va in pools.items():
        struct.pack_into("<Q", node, 40 + 8 * pid, va)
    node_va = obj(bytes(node), 8)
    W(g["podwq_pool_idr"], P("<iI", 0, 0) + Q(node_va | 2) + P("<II", 0, 11))

    # workqueues
    wqs = []

    def pwq(wq_va, pool_va, stats):
        pa = alloc(256, 256)
        va = page_offset + pa
        body = bytearray(256)
        struct.pack_into("<QQii", body, 0, pool_va, wq_va, 1, 0)
        struct.pack_into("<QQ", body, 24, va + 24, va + 24)     # no inactive items
        struct.pack_into("<8Q", body, 56, *stats)
        mem.wp(pa, bytes(body))
        return va

    def wq(name, flags, cpu_pools, dfl_pool, attrs_va=0, nna=None, rescuer=0, maxa=1024,
           mina=8, stats=(0,) * 8):
        pa = alloc(112 + 8 * 3, 64)
        va = page_offset + pa
        made = {}
        for p_ in list(cpu_pools) + ([dfl_pool] if dfl_pool is not None else []):
            if p_ not in made:
                made[p_] = pwq(va, pools[p_], stats)
        order = list(made.values())
        for i, v in enumerate(order):           # the pwqs list
            nx = order[i + 1] + 40 if i + 1 < len(order) else va
            pv = order[i - 1] + 40 if i else va
            mem.wp(v - page_offset + 40, Q(nx) + Q(pv))
        slot = 0x3000 + 0x40 * len(wqs)         # per-CPU cpu_pwq slots
        for c, p_ in enumerate(cpu_pools):
            W(pcpu_chunk_v + c * 0x40000 + slot, Q(made[p_]))
        body = bytearray(112 + 24)
        struct.pack_into("<QQ", body, 0, order[0] + 40, order[-1] + 40)
        struct.pack_into("<Qii", body, 32, rescuer, maxa, mina)
        struct.pack_into("<QQ", body, 48, attrs_va, made[dfl_pool] if dfl_pool is not None else 0)
        body[64:64 + len(name)] = name.encode()
        struct.pack_into("<I", body, 96, flags)
        struct.pack_into("<Q", body, 104, (pcpu_base + slot) & M64)
        if nna:
            for i, (nr, mx) in enumerate(nna):
                struct.pack_into("<Q", body, 112 + 8 * i, obj(P("<ii", mx, nr)))
        mem.wp(pa, bytes(body))
        wqs.append(va)
        return va, made

    PERCPU, UNBOUND, RECLAIM, HIGHPRI, ORDERED = 256, 2, 8, 16, 1 << 17
    nna = [(0, 512), (0, 512), (0, 1024)]
    ev, evp = wq("events", PERCPU, [0, 2, 4], None,
                 stats=(10, 9, 1500000, 0, 3, 0, 0, 0))
    hp, hpp = wq("synth_highpri_reclaim", PERCPU | HIGHPRI | RECLAIM, [1, 3, 5], None,
                 stats=(4, 4, 250000, 0, 1, 0, 0, 0))
    wq("synth_strict", UNBOUND, [7, 7, 8], 6, attrs(0, ALL, ALL, 1), nna,
       stats=(2, 2, 100, 0, 0, 2, 0, 0))
    wq("synth_ordered_with_a_long_name", UNBOUND | ORDERED, [6, 6, 6], 6, attrs(0, ALL, ALL, 0),
       [(0, 1), (0, 1), (1, 1)], maxa=1, mina=1)
    task = obj(P("<I", 0) + b"\0" * 4 + P("<i", 77) + b"\0" * 4 + b"synth_rescuer".ljust(16, b"\0") +
               b"\0" * 32)
    resc = obj(b"\0" * 48 + Q(task) + b"\0" * 8)
    wq("synth_reclaim_unbound", UNBOUND | RECLAIM, [10, 10, 10], 10, attrs(5, CPU01, CPU01, 0),
       [(0, 1024), (0, 0), (0, 1024)], rescuer=resc)
    for i, v in enumerate(wqs):                 # podwq_workqueues
        nx = wqs[i + 1] + 16 if i + 1 < len(wqs) else g["podwq_workqueues"]
        pv = wqs[i - 1] + 16 if i else g["podwq_workqueues"]
        mem.wp(v - page_offset + 16, Q(nx) + Q(pv))
    W(g["podwq_workqueues"], Q(wqs[0] + 16) + Q(wqs[-1] + 16))

    # a busy worker on CPU 2's pool, running for 10 s (HZ 250)
    ttask = obj(P("<I", 0) + b"\0" * 4 + P("<i", 4242) + b"\0" * 4 + b"podwq/2:1".ljust(16, b"\0") +
                b"\0" * 32)
    work = obj(Q(4) + Q(0) + Q(0) + Q(mtext + 0x10))
    worker = obj(Q(0) + Q(0) + Q(work) + Q(mtext + 0x10) + Q(evp[4]) + Q(JIFFIES - 2500) +
                 Q(ttask) + P("<i", 1) + b"\0" * 4)
    mem.wp(pools[4] - page_offset + 48 + 8 * 5, Q(worker))

    # CPU 1's highpri pool: one pending item, and an inactive one on its pwq
    pq = hpp[3]
    w1 = obj(Q(pq | 4 | 1) + Q(0) + Q(0) + Q(mtext + 0x80))
    w2 = obj(Q(pq | 4 | 2 | 1) + Q(0) + Q(0) + Q(mtext + 0x10))
    mem.wp(w1 - page_offset + 8, Q(pools[3] + 24) + Q(pools[3] + 24))
    mem.wp(pools[3] - page_offset + 24, Q(w1 + 8) + Q(w1 + 8))
    mem.wp(w2 - page_offset + 8, Q(pq + 24) + Q(pq + 24))
    mem.wp(pq - page_offset + 24, Q(w2 + 8) + Q(w2 + 8))

    # vmlinux: nodes, HZ
    W(A("node_to_cpumask_map"), Q(mask(CPU01)) + Q(mask(CPU2)) + Q(0) + Q(0))
    W(A("node_states"), Q(0b11) + Q(0b11))
    W(A("nr_node_ids"), P("<I", 2))
    W(A("clocksource_jiffies") + 24, P("<II", 4000000 << 8, 8))
    return [(n, "d" if n != "podwq_affn_names" else "r", v) for n, v in g.items()]


def write_core(path, notes, segs, by_vaddr=False):
    """An ELF core: one PT_NOTE, one PT_LOAD per (address, bytes)."""
    phnum = 1 + len(segs)
    note_off = 64 + 56 * phnum
    data_off = (note_off + len(notes) + 0xfff) & ~0xfff
    out = bytearray()
    out += b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    out += P("<HHIQQQIHHHHHH", 4, 62, 1, 0, 64, 0, 0, 64, 56, phnum, 0, 0, 0)
    out += P("<IIQQQQQQ", 4, 0, note_off, 0, 0, len(notes), len(notes), 0)
    off = data_off
    for addr, buf in segs:
        va, pa = (addr, 0) if by_vaddr else (0, addr)
        out += P("<IIQQQQQQ", 1, 7, off, va, pa, len(buf), len(buf), 0)
        off += len(buf)
    out += notes
    out += b"\0" * (data_off - len(out))
    with open(path, "wb") as f:
        f.write(out)
        for _, buf in segs:
            f.write(buf)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--levels", type=int, default=4, choices=(4, 5))
    ap.add_argument("--enc", default="pcrel", choices=("base", "abs", "pcrel"))
    ap.add_argument("--layout", default="mem", choices=("mem", "core"))
    ap.add_argument("--no-note", action="store_true")
    ap.add_argument("--no-podwq", action="store_true")
    ap.add_argument("--no-engine", action="store_true",
                    help="podwq's pod tables only, without the workqueue engine")
    ap.add_argument("--sparse", action="store_true",
                    help="leave all-zero pages out of the dump, one PT_LOAD per run of pages")
    ap.add_argument("--overlap", action="store_true",
                    help="with --sparse: one segment per page, and one for all of low memory "
                         "overlapping them (as QEMU's paging dumps alias pages)")
    ap.add_argument("--kcore", metavar="DIR",
                    help="also write the running-kernel view of the same kernel: DIR/kcore "
                         "(PT_LOADs by virtual address), DIR/kallsyms, DIR/btf/{vmlinux,podwq}")
    ap.add_argument("--seeds", metavar="DIR",
                    help="also write fuzzing seeds (BTF, VMCOREINFO, kallsyms) under DIR")
    a = ap.parse_args()

    mem = Mem()
    l5 = a.levels == 5
    page_offset = 0xff11000000000000 if l5 else 0xffff888000000000
    vmalloc = 0xffa0000000000000 if l5 else 0xffffc90000000000
    mod_v = 0xffffffffc0002000
    pgd_v = IMG_V + 0x201000
    pt = PageTables(mem, a.levels, pgd_v - START_KERNEL_MAP + PHYS_BASE)

    # mappings: image (2M pages), direct map (1G), vmalloc (4K + 2M), modules (4K)
    for off in range(0, IMG_SIZE, 0x200000):
        pt.map(IMG_V + off, IMG_P + off, 0x200000)
    pt.map(page_offset, 0, 0x40000000)
    pcpu_chunk_v = vmalloc + 0x200000
    pt.map(pcpu_chunk_v, 0x400000, 0x200000)
    vm4k_v = vmalloc + 0x3000
    pt.map(vm4k_v, 0x600000, 0x1000)
    for i in range(4):
        pt.map(mod_v + i * 0x1000, 0x610000 + i * 0x1000, 0x1000)
    # a direct-map object outside the dump (physical hole): 0x3000000
    hole_v = page_offset + 0x3000000

    osrel = "7.2.0-synth" if a.enc == "pcrel" else "6.12.0-synth" if a.layout == "mem" else "6.1.0-synth"
    banner = "Linux version %s (synthetic) #1 SMP\n" % osrel
    pcpu_start_v = IMG_V + 0x202000
    abs_pcpu = a.enc == "abs"
    this_cpu_off_sym = 0x1000 if abs_pcpu else pcpu_start_v + 0x1000
    pcpu_offsets = [((pcpu_chunk_v + c * 0x40000) - (0 if abs_pcpu else pcpu_start_v)) & (2**64 - 1) for c in range(NCPUS)]

    sym = {
        "_text": ("T", IMG_V), "_stext": ("T", IMG_V), "schedule": ("T", IMG_V + 0x1000),
        "jiffies": ("D", IMG_V + 0x200000), "init_task": ("D", IMG_V + 0x200100),
        "linux_banner": ("R", IMG_V + 0x200200), "__per_cpu_offset": ("D", IMG_V + 0x200300),
        "nr_cpu_ids": ("D", IMG_V + 0x200400), "__cpu_online_mask": ("D", IMG_V + 0x200410),
        "__cpu_possible_mask": ("D", IMG_V + 0x200418), "modules": ("d", IMG_V + 0x200420),
        "btf_modules": ("d", IMG_V + 0x200430), "page_offset_base": ("D", IMG_V + 0x200440),
        "hole_ptr": ("d", IMG_V + 0x200448), "vm_ptr": ("d", IMG_V + 0x200450),
        "node_to_cpumask_map": ("D", IMG_V + 0x200500), "node_states": ("D", IMG_V + 0x200540),
        "nr_node_ids": ("D", IMG_V + 0x200560), "clocksource_jiffies": ("d", IMG_V + 0x200580),
        "init_top_pgt": ("D", pgd_v),
        "this_cpu_off": ("D" if not abs_pcpu else "A", this_cpu_off_sym),
        "__per_cpu_start": ("A" if abs_pcpu else "D", 0 if abs_pcpu else pcpu_start_v),
        "kallsyms_offsets": ("R", IMG_V + 0x300000),
        "kallsyms_relative_base": ("R", IMG_V + 0x340000),
        "kallsyms_num_syms": ("R", IMG_V + 0x340008),
        "kallsyms_names": ("R", IMG_V + 0x350000),
        "kallsyms_token_table": ("R", IMG_V + 0x390000),
        "kallsyms_token_index": ("R", IMG_V + 0x398000),
        "__start_BTF": ("R", IMG_V + 0x400000),
        "a_" + "very_" * 40 + "long_symbol_name": ("t", IMG_V + 0x1100),
    }
    if a.enc == "pcrel":
        del sym["kallsyms_relative_base"]
    btf = vmlinux_btf(a.layout)
    blob = btf.blob()
    sym["__stop_BTF"] = ("R", IMG_V + 0x400000 + len(blob))
    syms = sorted(((n, t, v) for n, (t, v) in sym.items()), key=lambda s: (s[2], s[0]))
    names, table, index, offs, rbase = kallsyms(syms, a.enc, sym["kallsyms_offsets"][1])

    W = pt.w
    A = lambda n: sym[n][1]
    W(A("_text"), bytes(range(256)) * 16)
    W(A("jiffies"), P("<Q", 0x100002345))
    # task_struct (see vmlinux_btf): pid 0, comm "swapper/0", in_iowait=1, prio 120
    W(A("init_task"), P("<I", 0) + P("<Q", 0) + b"\0" * 4 + b"swapper/0".ljust(16, b"\0"))
    W(A("init_task") + 48, P("<B", 0b10) + b"\0\0\0" + P("<i", 120))
    W(A("linux_banner"), banner.encode() + b"\0")
    W(A("__per_cpu_offset"), b"".join(P("<Q", o) for o in pcpu_offsets))
    W(A("nr_cpu_ids"), P("<I", NCPUS))
    W(A("__cpu_online_mask"), P("<Q", ONLINE))
    W(A("__cpu_possible_mask"), P("<Q", (1 << NCPUS) - 1))
    W(A("page_offset_base"), P("<Q", page_offset))
    W(A("hole_ptr"), P("<Q", hole_v))
    W(A("vm_ptr"), P("<Q", vm4k_v))
    W(vm4k_v, b"vmalloc'd string\0")
    for c in range(NCPUS):
        W((this_cpu_off_sym + pcpu_offsets[c]) & (2**64 - 1), P("<Q", pcpu_offsets[c]))
    W(A("kallsyms_offsets"), offs)
    if "kallsyms_relative_base" in sym:
        W(A("kallsyms_relative_base"), P("<Q", rbase))
    W(A("kallsyms_num_syms"), P("<I", len(syms)))
    W(A("kallsyms_names"), names)
    W(A("kallsyms_token_table"), table)
    W(A("kallsyms_token_index"), index)
    W(A("__start_BTF"), blob)

    # podwq: text page, struct module, kallsyms, on both lists
    mtext, mstruct, mks = mod_v, mod_v + 0x1000, mod_v + 0x2000
    msyms = [("fake_fn", "t", mtext + 0x10), ("fake_exit", "t", mtext + 0x80)]
    if not a.no_podwq:
        msyms.append(("podwq_pod_types", "d", mstruct + 0x800))
    if not a.no_podwq and not a.no_engine:
        base = 0 if abs_pcpu else pcpu_start_v
        msyms += engine(mem, pt, page_offset, A, mstruct + 0x800, mod_v + 0x3000, mtext,
                        pcpu_chunk_v, base)
    strtab, symtab, typetab = b"\0", P("<IBBHQQ", 0, 0, 0, 0, 0, 0), b" "
    stroff = {}
    for n, typ, v in msyms:
        symtab += P("<IBBHQQ", len(strtab), 0x12, 0, 1, v, 16)
        stroff[n] = len(strtab)
        strtab += n.encode() + b"\0"
        typetab += typ.encode()
    # the module's exports (struct module.syms): fake_fn, and fake_exit
    # with another value, which does not make fake_exit exported;
    # /proc/kallsyms prints exported module symbols' types in upper case
    mexp = mks + 0xa00
    for i, (n, v) in enumerate((("fake_fn", mtext + 0x10), ("fake_exit", mtext + 0x90))):
        at = mexp + 12 * i
        W(at, P("<iii", v - at, mks + 0x400 + stroff[n] - (at + 4), 0))
    msyms = [(n, typ.upper() if n == "fake_fn" else typ, v) for n, typ, v in msyms]
    W(mtext, b"\xc3" * 0x100)
    W(mks, P("<QIIQQ", mks + 0x100, len(msyms) + 1, 0, mks + 0x400, mks + 0x600))
    W(mks + 0x100, symtab)
    W(mks + 0x400, strtab)
    W(mks + 0x600, typetab)
    mods_head, btfm_head = A("modules"), A("btf_modules")
    W(mstruct, P("<i", 0) + b"\0" * 4 + P("<QQ", mods_head, mods_head) + b"podwq".ljust(56, b"\0"))
    W(mstruct + 80, P("<QI", mtext, 0x1000) + (b"" if a.layout == "mem" else P("<I", 0x100)))
    W(mstruct + 200, P("<Q", mks))
    W(mstruct + 240, P("<QI", mexp, 2))
    W(mods_head, P("<QQ", mstruct + 8, mstruct + 8))
    # btf_modules: struct btf_module and struct btf in the direct map
    mblob = module_btf(btf, not a.no_engine).blob()
    bm_pa, btf_pa, data_pa = 0x700000, 0x700100, 0x701000
    bm_v, btf_v, data_v = page_offset + bm_pa, page_offset + btf_pa, page_offset + data_pa
    mem.wp(bm_pa, P("<QQQQi", btfm_head, btfm_head, mstruct, btf_v, 0))
    mem.wp(btf_pa, P("<QQII", data_v, 0, 0, len(mblob)) + b"podwq".ljust(56, b"\0"))
    mem.wp(data_pa, mblob)
    W(btfm_head, P("<QQ", bm_v, bm_v))

    vmcoreinfo = "".join("%s=%s\n" % kv for kv in [
        ("OSRELEASE", osrel), ("PAGESIZE", "4096"),
        ("SYMBOL(init_top_pgt)", "%x" % pgd_v), ("SYMBOL(swapper_pg_dir)", "%x" % pgd_v),
        ("SYMBOL(_stext)", "%x" % IMG_V),
    ] + [("SYMBOL(%s)" % n, "%x" % sym[n][1]) for n in
         ("kallsyms_names", "kallsyms_num_syms", "kallsyms_token_table",
          "kallsyms_token_index", "kallsyms_offsets", "kallsyms_relative_base") if n in sym] + [
        ("NUMBER(phys_base)", "%d" % PHYS_BASE), ("KERNELOFFSET", "%x" % KASLR),
        ("NUMBER(KERNEL_IMAGE_SIZE)", "%d" % (1 << 30)),
        ("NUMBER(pgtable_l5_enabled)", "%d" % l5), ("NUMBER(sme_mask)", "0"),
        ("CRASHTIME", "1764180000"),
    ]).encode()
    # the kernel's own copy of the text, where a no-note dump's scan finds it
    mem.wp(0x7000, vmcoreinfo + b"\0")

    notes = b""
    if not a.no_note:
        notes += P("<III", 11, len(vmcoreinfo), 0) + b"VMCOREINFO\0\0" + vmcoreinfo
        notes += b"\0" * (-len(notes) % 4)
    prstatus = P("<III", 5, 336, 1) + b"CORE\0\0\0\0" + b"\0" * 336
    notes = prstatus + notes

    # (paddr, bytes) segments: whole regions, or runs of non-zero pages
    segs = []
    if a.overlap:
        segs.append((0, bytes(mem.regions[0][1])))
    for base, buf in mem.regions:
        if not a.sparse:
            segs.append((base, bytes(buf)))
            continue
        start = None
        for off in range(0, len(buf) + 0x1000, 0x1000):
            nz = off < len(buf) and any(buf[off:off + 0x1000])
            if a.overlap and start is not None:     # one segment per page
                segs.append((base + start, bytes(buf[start:off])))
                start = None
            if nz and start is None:
                start = off
            elif not nz and start is not None:
                segs.append((base + start, bytes(buf[start:off])))
                start = None
    write_core(a.out, notes, segs)

    if a.kcore:
        import os
        os.makedirs(os.path.join(a.kcore, "btf"), exist_ok=True)
        ksegs = []
        for va, size, pa in sorted(pt.va2pa):
            for base, buf in mem.regions:
                lo, hi = max(pa, base), min(pa + size, base + len(buf))
                if lo < hi:
                    ksegs.append((va + lo - pa, bytes(buf[lo - base:hi - base])))
        write_core(os.path.join(a.kcore, "kcore"), notes, ksegs, by_vaddr=True)
        with open(os.path.join(a.kcore, "kallsyms"), "w") as f:
            for n, t, v in syms:
                f.write("%016x %s %s\n" % (v, t, n))
            for n, t, v in msyms:
                f.write("%016x %s %s\t[podwq]\n" % (v, t, n))
        with open(os.path.join(a.kcore, "btf", "vmlinux"), "wb") as f:
            f.write(blob)
        with open(os.path.join(a.kcore, "btf", "podwq"), "wb") as f:
            f.write(mblob)

    if a.seeds:
        import os
        for d in ("fuzz_btf", "fuzz_vmcoreinfo", "fuzz_kallsyms"):
            os.makedirs(os.path.join(a.seeds, d), exist_ok=True)
        sfx = "%d-%s-%s" % (a.levels, a.enc, a.layout)
        with open(os.path.join(a.seeds, "fuzz_btf", "vmlinux-%s.btf" % sfx), "wb") as f:
            f.write(blob)
        with open(os.path.join(a.seeds, "fuzz_vmcoreinfo", "vmcoreinfo-%s.txt" % sfx), "wb") as f:
            f.write(vmcoreinfo)
        with open(os.path.join(a.seeds, "fuzz_kallsyms", "kallsyms-%s.txt" % sfx), "w") as f:
            for n, t, v in syms:
                f.write("%016x %s %s\n" % (v, t, n))
            for n, t, v in msyms:
                f.write("%016x %s %s\t[podwq]\n" % (v, t, n))

    long_name = [n for n in sym if n.startswith("a_very")][0]
    with open(a.out + ".expect", "w") as f:
        f.write("LEVELS=%d\nOSRELEASE=%s\nNCPUS=%d\nONLINE=0,2\n" % (a.levels, osrel, NCPUS))
        f.write("JIFFIES_ADDR=%016x\nJIFFIES=0x%016x\n" % (A("jiffies"), 0x100002345))
        f.write("SCHEDULE=%016x\nPAGE_OFFSET=%#x\n" % (A("schedule"), page_offset))
        f.write("LONG_NAME=%s\nLONG_ADDR=%016x\n" % (long_name, sym[long_name][1]))
        f.write("FAKE_FN=%016x\nFAKE_EXIT=%016x\nPODWQ=%d\nNSYMS=%d\n" %
                (mtext + 0x10, mtext + 0x80, not a.no_podwq, len(syms)))
        f.write("ENGINE=%d\n" % (not a.no_podwq and not a.no_engine))
        f.write("BANNER='%s'\nHOLE_PTR=%#x\n" % (banner.strip(), hole_v))


if __name__ == "__main__":
    sys.exit(main())
