#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump's vmcore path on synthetic dumps (tests/mkcore.py): VMCOREINFO,
# 4- and 5-level page walks with 1G/2M/4K pages, the three kallsyms
# encodings, both struct module layouts, module symbols and split BTF from
# btf_modules, per-CPU, lists, cpumasks, holes, a dump without a
# VMCOREINFO note.  Needs python3; no root, no kernel.
#
# Usage: tests/vmcore.sh [PODWQ_DUMP]

D=${1:-${PODWQ_DUMP:-$(dirname "$0")/../podwq-dump}}
T=$(dirname "$0")
. "$T/lib.sh"

command -v python3 >/dev/null || { skp "synthetic vmcores" "no python3"; finish; }
W=$(mktemp -d "${TMPDIR:-/tmp}/podwq-dump-vmcore.XXXXXX")
trap 'rm -rf "$W"' EXIT

# run podwq-dump on the current core; its stderr only when it fails
q() { "$D" -c "$C" "$@" 2>"$W/err" || cat "$W/err"; }

run_variant() { # levels enc layout [extra mkcore args]
	lv=$1 enc=$2 lay=$3
	shift 3
	tag="$lv-level $enc $lay${*:+ $*}"
	C="$W/core"
	rm -f "$C" "$C.expect"
	if ! python3 "$T/mkcore.py" "$C" --levels "$lv" --enc "$enc" --layout "$lay" "$@"; then
		nok "$tag: mkcore"; return
	fi
	. "$C.expect"
	info=$(q info)
	check "$tag: info paging" "$LEVELS-level" "$(echo "$info" | awk '/^paging:/ { print $2 }')"
	check "$tag: info osrelease" "$OSRELEASE" "$(echo "$info" | awk '/^osrelease:/ { print $2 }')"
	check "$tag: sym jiffies" "$JIFFIES_ADDR D jiffies" "$(q sym jiffies)"
	check "$tag: read-u64 jiffies" "$JIFFIES_ADDR: $JIFFIES" "$(q read-u64 jiffies)"
	check "$tag: long kallsyms name" "$LONG_ADDR t $LONG_NAME" "$(q sym "$LONG_NAME")"
	check "$tag: addr" "schedule+0x10" "$(q addr "0x$SCHEDULE+16")"
	check "$tag: init_task.comm" '"swapper/0"' "$(q member task_struct init_task comm)"
	check "$tag: init_task.pid (anonymous union)" "0 (0)" "$(q member task_struct init_task pid)"
	check "$tag: bitfield" "1 (0x1)" "$(q member task_struct init_task in_iowait)"
	check "$tag: int after bitfields" "120 (0x78)" "$(q member task_struct init_task prio)"
	check "$tag: linux_banner" "$BANNER" "$(q read-str linux_banner)"
	pc=$(q percpu this_cpu_off | awk '{ print $3 }' | tr '\n' ' ')
	po=$(q read-u64 __per_cpu_offset "$NCPUS" | awk '{ print $2 }' | tr '\n' ' ')
	if [ -n "$pc" ] && [ "$pc" = "$po" ]; then ok "$tag: percpu"; else nok "$tag: percpu" "'$pc' vs '$po'"; fi
	check "$tag: cpumask" "$ONLINE" "$(q cpumask __cpu_online_mask)"
	check "$tag: list modules" '"podwq"' "$(q list modules module list name | awk '{ print $2 }')"
	check "$tag: module symbol" "$FAKE_FN t fake_fn	[podwq]" "$(q sym podwq:fake_fn)"
	check "$tag: module BTF type" "struct podwq_pod_type: size 8" \
		"$(q type podwq_pod_type | head -1)"
	check "$tag: module BTF enum" "7" "$(q enum PODWQ_FAKE)"
	vm=$(q read-u64 vm_ptr | awk '{ print $2 }')
	check "$tag: 4K vmalloc page" "vmalloc'd string" "$(q read-str "$vm")"
	hole=$(q read-u64 hole_ptr | awk '{ print $2 }')
	check_rc "$tag: read from a hole fails cleanly" 1 "$D" -c "$C" read-u64 "$hole"
	check_rc "$tag: unmapped address fails cleanly" 1 "$D" -c "$C" read-u64 0xffffc90012345000
	check_rc "$tag: non-canonical address fails cleanly" 1 "$D" -c "$C" read-u64 0x8000000000000000
	if [ "$PODWQ" = 1 ]; then
		check_rc "$tag: podwq found" 0 "$D" -c "$C"
	else
		check_rc "$tag: podwq not loaded -> 5" 5 "$D" -c "$C"
	fi
	nk=$("$D" -c "$C" kallsyms 2>/dev/null | wc -l)
	[ "$nk" -gt "$NSYMS" ] && ok "$tag: kallsyms ($nk symbols)" || nok "$tag: kallsyms" "$nk <= $NSYMS"
}

run_variant 4 pcrel mem
run_variant 5 pcrel mem
run_variant 4 base mem
run_variant 5 abs core
run_variant 4 abs core --no-podwq
run_variant 4 base mem --sparse
run_variant 4 pcrel mem --sparse --overlap
check "overlapping segments: a page only the big one holds" "0x0000000000000000" \
	"$(q read-u64 "$PAGE_OFFSET+0x7f0000" | awk '{ print $2 }')"
check "overlapping segments: without it the page is a hole" "1" \
	"$(python3 "$T/mkcore.py" "$W/m" --sparse >/dev/null &&
	   "$D" -c "$W/m" read-u64 "$PAGE_OFFSET+0x7f0000" >/dev/null 2>&1; echo $?)"
run_variant 5 pcrel mem --no-note
check "no-note dump: VMCOREINFO found in memory" "found in memory" \
	"$("$D" -c "$W/core" info 2>/dev/null | sed -n 's/^vmcoreinfo: *//p')"
check "module layout (6.4+): mem[0].base" "offset 80 size 8 type void *" \
	"$(python3 "$T/mkcore.py" "$W/m" --layout mem && "$D" -c "$W/m" offsetof "struct module" "mem[0].base" 2>&1)"
check "module layout (6.1): core_layout.text_size" "offset 92 size 4 type unsigned int" \
	"$(python3 "$T/mkcore.py" "$W/m" --layout core && "$D" -c "$W/m" offsetof "struct module" core_layout.text_size 2>&1)"
finish
