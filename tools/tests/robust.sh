#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump on bad input: missing, empty, garbage, non-core ELF, user-space
# cores, truncated and corrupted vmcores (podwq's structures included), bad
# kallsyms/BTF for the live path, corrupt kallsyms tables in a kcore, usage
# errors, not root.  Every case must end with its documented
# exit status and never with a signal.  Needs python3 for the synthetic
# dumps (tests/mkcore.py).  tests/run.sh runs it again with the
# AddressSanitizer/UBSan build.
#
# Usage: tests/robust.sh [PODWQ_DUMP]

D=${1:-${PODWQ_DUMP:-$(dirname "$0")/../podwq-dump}}
T=$(dirname "$0")
. "$T/lib.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/podwq-dump-robust.XXXXXX")
trap 'rm -rf "$W"' EXIT

# exit status must be one of the documented error codes, not a crash
no_crash() { # name cmd...
	_name=$1
	shift
	"$@" >/dev/null 2>"$W/err"
	_rc=$?
	if [ "$_rc" -ge 1 ] && [ "$_rc" -le 7 ]; then
		ok "$_name (exit $_rc)"
	elif [ "$_rc" -eq 0 ]; then
		ok "$_name (exit 0)"
	else
		nok "$_name" "exit $_rc: $(head -c 300 "$W/err")"
	fi
}

# corrupt OFFSET PATTERN: $W/bad is $W/core with PATTERN (printf) written
# at OFFSET.  Only the bytes of the previous corruption are put back, not
# the whole 16 MB copied again: hundreds of cases, twice (ASan build).
corrupt() {
	if [ -n "$_coff" ]; then
		dd if="$W/core" of="$W/bad" bs=1 skip="$_coff" seek="$_coff" count=8 \
			conv=notrunc 2>/dev/null
	fi
	printf "$2" | dd of="$W/bad" bs=1 seek="$1" conv=notrunc 2>/dev/null
	_coff=$1
}
_coff=

# command line
check_rc "-h exits 0" 0 "$D" -h
check_rc "unknown option exits 2" 2 "$D" --no-such-option
check_rc "missing option argument exits 2" 2 "$D" -c
"$D" -h | grep -q '^Usage: podwq-dump' && ok "-h prints usage" || nok "-h prints usage"

# target files
: > "$W/empty"
head -c 65536 /dev/urandom > "$W/garbage"
printf '\177ELF\002\001\001' > "$W/elfstub"
mkdir "$W/dir"
check_rc "missing vmcore exits 4" 4 "$D" -c "$W/nonexistent" info
check_rc "empty vmcore exits 4" 4 "$D" -c "$W/empty" info
check_rc "random garbage exits 4" 4 "$D" -c "$W/garbage" info
check_rc "7-byte ELF stub exits 4" 4 "$D" -c "$W/elfstub" info
check_rc "directory exits 4" 4 "$D" -c "$W/dir" info
check_rc "non-core ELF (the tool itself) exits 4" 4 "$D" -c "$D" info
"$D" -c "$D" info 2>&1 | grep -q 'not an ELF core' && ok "non-core ELF message" || nok "non-core ELF message"
if command -v gcore >/dev/null 2>&1; then
	sleep 30 & sp=$!
	gcore -o "$W/user" "$sp" >/dev/null 2>&1
	kill "$sp" 2>/dev/null
	if [ -f "$W/user.$sp" ]; then
		check_rc "user-space core (no VMCOREINFO) exits 4" 4 "$D" -c "$W/user.$sp" info
		"$D" -c "$W/user.$sp" info 2>&1 | grep -q 'VMCOREINFO' && ok "user-space core message" ||
			nok "user-space core message"
	else
		skp "user-space core" "gcore failed"
	fi
else
	skp "user-space core" "no gcore"
fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	check_rc "live as non-root exits 3" 3 setpriv --reuid=65534 --regid=65534 --clear-groups "$D" info
	check_rc "unreadable vmcore exits 3" 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$D" -c "$W/garbage" info
	chmod 600 "$W/garbage"
else
	skp "non-root" "needs root and setpriv"
fi

if ! command -v python3 >/dev/null; then
	skp "synthetic dumps" "no python3"
	finish
fi
python3 "$T/mkcore.py" "$W/core" || { nok "mkcore"; finish; }
size=$(wc -c < "$W/core")
check_rc "intact synthetic dump" 0 "$D" -c "$W/core" info

# truncations: inside the ELF header, program headers, notes, data
for len in 1 16 63 64 100 176 200 300 1000 4095 4096 8192 65536 1048576 4194304 \
	   8388608 8392704 12582912 $((size - 4096)) $((size - 1)); do
	head -c "$len" "$W/core" > "$W/trunc"
	no_crash "truncated to $len bytes" "$D" -c "$W/trunc" info
	no_crash "truncated to $len bytes: kallsyms" "$D" -c "$W/trunc" kallsyms
done
head -c $((size - 4096)) "$W/core" > "$W/trunc"
"$D" -c "$W/trunc" read-u64 jiffies 2>&1 | grep -q . && ok "truncated dump still opens" ||
	nok "truncated dump still opens"

# podwq's engine (mkcore.py engine(), physical 0x720000 up, file offset
# + 0x1000): pools, attrs, masks, pwqs, workqueues, lists, IDR node, items;
# every section, the extras and the monitor must end cleanly
check_rc "intact synthetic dump: the sections" 0 "$D" -c "$W/core"
i=0
cp "$W/core" "$W/bad"
for k in $(seq 0 2 95); do
	off=$((0x721000 + k * 0x80))
	for pat in '\377\377\377\377\377\377\377\377' '\040\000\000\000\000\000\000\000'; do
		i=$((i + 1))
		corrupt "$off" "$pat"
		no_crash "engine corrupt #$i at $off: the sections" "$D" -c "$W/bad"
		no_crash "engine corrupt #$i at $off: --json --busy --pending" \
			"$D" -c "$W/bad" --json --busy --pending
		no_crash "engine corrupt #$i at $off: monitor" "$D" -c "$W/bad" monitor -i 0
	done
done

# corruption: overwrite bytes at many places (headers, notes, page tables,
# kallsyms tables, BTF, module structures); deterministic
i=0
for off in 0 4 16 18 24 32 40 54 56 60 64 68 72 80 96 120 128 136 160 176 184 192 200 \
	   232 240 256 300 400 600 800 1000 1200 1400 1600 2000 2400 \
	   4096 8192 1052672 1056768 1060864 1064960 1069056 2101248 4198400 6295552 \
	   7344128 7348224 $((8392704 + 0x201000)) $((8392704 + 0x300000)) \
	   $((8392704 + 0x340000)) $((8392704 + 0x350000)) $((8392704 + 0x390000)) \
	   $((8392704 + 0x398000)) $((8392704 + 0x400000)) $((8392704 + 0x400040)); do
	for pat in '\377\377\377\377\377\377\377\377' '\000\000\000\000\000\000\000\000' '\001\200\000\300'; do
		i=$((i + 1))
		corrupt "$off" "$pat"
		no_crash "corrupt #$i at $off" "$D" -c "$W/bad" info
		"$D" -c "$W/bad" modules >/dev/null 2>&1
		[ $? -lt 128 ] || nok "corrupt #$i at $off: modules crashed"
		"$D" -c "$W/bad" member task_struct init_task comm >/dev/null 2>&1
		[ $? -lt 128 ] || nok "corrupt #$i at $off: member crashed"
	done
done

# live path with bad inputs (files given instead of /proc and /sys)
mkdir -p "$W/btf"
echo "ffffffff81000000 T _text" > "$W/ks1"
check_rc "live: garbage kcore exits 4" 4 "$D" --kcore "$W/garbage" info
check_rc "live: garbage kallsyms exits 7" 7 "$D" --kcore "$W/core" --kallsyms "$W/garbage" info
printf '0000000000000000 T _text\n0000000000000000 T _stext\n' > "$W/ks0"
check_rc "live: all-zero kallsyms (kptr_restrict) exits 7" 7 "$D" --kcore "$W/core" --kallsyms "$W/ks0" info
check_rc "live: no BTF exits 6" 6 "$D" --kcore "$W/core" --kallsyms "$W/ks1" --btf-dir "$W/btf" info
cp "$W/garbage" "$W/btf/vmlinux"
check_rc "live: garbage BTF exits 6" 6 "$D" --kcore "$W/core" --kallsyms "$W/ks1" --btf-dir "$W/btf" info
check_rc "-s with a garbage .ko exits 6" 6 "$D" -c "$W/core" -s "$W/garbage" info

# live path, symbols from the kallsyms tables in memory (no --kallsyms):
# corrupt the tables in a synthetic kcore; podwq-dump warns and falls back
# to /proc/kallsyms (this machine's, which does not match: any clean exit)
python3 "$T/mkcore.py" "$W/core2" --kcore "$W/k" >/dev/null || nok "mkcore --kcore"
check_rc "live: intact kcore, symbols from memory" 0 "$D" --kcore "$W/k/kcore" --btf-dir "$W/k/btf" info
# file offsets of the kallsyms tables, from kcore's PT_LOADs and VMCOREINFO
offs=$(python3 - "$W/k/kcore" <<-'EOF'
	import re, struct, sys
	d = open(sys.argv[1], "rb").read()
	phoff, = struct.unpack_from("<Q", d, 32)
	phnum, = struct.unpack_from("<H", d, 56)
	segs = []
	for i in range(phnum):
	    t, _, off, va, _, fs, _ = struct.unpack_from("<IIQQQQQ", d, phoff + 56 * i)
	    if t == 1:
	        segs.append((va, off, fs))
	out = []
	for name, delta in (("kallsyms_num_syms", 0), ("kallsyms_names", 0), ("kallsyms_names", 301),
	                    ("kallsyms_token_table", 0), ("kallsyms_token_index", 0),
	                    ("kallsyms_token_index", 200), ("kallsyms_offsets", 0),
	                    ("kallsyms_offsets", 64), ("kallsyms_relative_base", 0)):
	    m = re.search(rb"SYMBOL\(" + name.encode() + rb"\)=([0-9a-f]+)", d)
	    if not m:
	        continue
	    va = int(m.group(1), 16) + delta
	    for sva, off, fs in segs:
	        if sva <= va < sva + fs:
	            out.append(str(off + va - sva))
	print(" ".join(out))
	EOF
)
[ -n "$offs" ] && ok "kallsyms tables found in the synthetic kcore" ||
	nok "kallsyms tables found in the synthetic kcore"
cp "$W/k/kcore" "$W/kbad"
printf '\377\377\377\377' | dd of="$W/kbad" bs=1 seek="${offs%% *}" conv=notrunc 2>/dev/null
"$D" --kcore "$W/kbad" --btf-dir "$W/k/btf" info 2>&1 >/dev/null | grep -q "implausible kallsyms_num_syms.*reading /proc/kallsyms" &&
	ok "live: a bad kallsyms_num_syms: a warning, then /proc/kallsyms" ||
	nok "live: a bad kallsyms_num_syms: a warning, then /proc/kallsyms"
i=0
for off in $offs; do
	for pat in '\377\377\377\377\377\377\377\377' '\000\000\000\000\000\000\000\000' '\001\200\000\300'; do
		i=$((i + 1))
		cp "$W/k/kcore" "$W/kbad"
		printf "$pat" | dd of="$W/kbad" bs=1 seek="$off" conv=notrunc 2>/dev/null
		no_crash "live: kallsyms corrupt #$i at $off" "$D" --kcore "$W/kbad" --btf-dir "$W/k/btf" info
	done
done

finish
