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
    mod = b.struct("module", 240, [("state", t["int"], 0), ("list", t["list_head"], 64),
                                   ("name", t["char56"], 24 * 8), mem_member,
                                   ("kallsyms", mkp, 200 * 8), ("core_kallsyms", mk, 208 * 8)])
    modp = b.ptr(mod)
    btf = b.struct("btf", 80, [("data", t["voidp"], 0), ("types", t["voidp"], 64),
                               ("nr_types", t["uint"], 128), ("data_size", t["uint"], 160),
                               ("name", t["char56"], 192)])
    b.struct("btf_module", 40, [("list", t["list_head"], 0), ("module", modp, 128),
                                ("btf", b.ptr(btf), 192), ("flags", t["int"], 256)])
    b.enum("", [("WQ_BH", 1), ("WQ_UNBOUND", 2), ("WQ_FREEZABLE", 4)])
    b.enum("", [("WQ_NAME_LEN", 32)])
    ul1 = b.array(t["ulong"], 1, t["uint"])
    b.struct("cpumask", 8, [("bits", ul1, 0)])
    return b


def module_btf(base):
    b = BTF(base)
    b.struct("podwq_pod_type", 8, [("nr_pods", 1, 0), ("pod_node", 1, 32)])
    b.enum("podwq_fake", [("PODWQ_FAKE", 7)])
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
    strtab, symtab, typetab = b"\0", P("<IBBHQQ", 0, 0, 0, 0, 0, 0), b" "
    for n, typ, v in msyms:
        symtab += P("<IBBHQQ", len(strtab), 0x12, 0, 1, v, 16)
        strtab += n.encode() + b"\0"
        typetab += typ.encode()
    W(mtext, b"\xc3" * 0x100)
    W(mks, P("<QIIQQ", mks + 0x100, len(msyms) + 1, 0, mks + 0x400, mks + 0x600))
    W(mks + 0x100, symtab)
    W(mks + 0x400, strtab)
    W(mks + 0x600, typetab)
    mods_head, btfm_head = A("modules"), A("btf_modules")
    W(mstruct, P("<i", 0) + b"\0" * 4 + P("<QQ", mods_head, mods_head) + b"podwq".ljust(56, b"\0"))
    W(mstruct + 80, P("<QI", mtext, 0x1000) + (b"" if a.layout == "mem" else P("<I", 0x100)))
    W(mstruct + 200, P("<Q", mks))
    W(mods_head, P("<QQ", mstruct + 8, mstruct + 8))
    # btf_modules: struct btf_module and struct btf in the direct map
    mblob = module_btf(btf).blob()
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
        f.write("FAKE_FN=%016x\nPODWQ=%d\nNSYMS=%d\n" % (mtext + 0x10, not a.no_podwq, len(syms)))
        f.write("BANNER='%s'\nHOLE_PTR=%#x\n" % (banner.strip(), hole_v))


if __name__ == "__main__":
    sys.exit(main())
