#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump on synthetic kernels (tests/mkcore.py), each read three times:
# as an ELF vmcore (-c) and as a running kernel over the same memory and
# BTF (--kcore/--btf-dir), with symbols from a kallsyms file (--kallsyms)
# and from the kallsyms tables in memory.  Covers VMCOREINFO, 4- and
# 5-level page walks with 1G/2M/4K pages, the three kallsyms encodings,
# both struct module layouts, module symbols and split BTF, per-CPU, lists,
# cpumasks, holes, overlapping segments, a dump without a VMCOREINFO note;
# and podwq-dump's sections on mkcore.py's synthetic podwq engine, against
# tests/synthetic.expect and tests/synthetic-monitor.expect.
# Needs python3; no root, no kernel.
#
# Usage: tests/synthetic.sh [PODWQ_DUMP]

D=${1:-${PODWQ_DUMP:-$(dirname "$0")/../podwq-dump}}
T=$(dirname "$0")
. "$T/lib.sh"

command -v python3 >/dev/null || { skp "synthetic vmcores" "no python3"; finish; }
W=$(mktemp -d "${TMPDIR:-/tmp}/podwq-dump-synthetic.XXXXXX")
trap 'rm -rf "$W"' EXIT

# run podwq-dump on the current kernel ($TGT: the vmcore or the kcore
# files); its stderr only when it fails
q() { "$D" $TGT "$@" 2>"$W/err" || cat "$W/err"; }

run_variant() { # levels enc layout [extra mkcore args]
	lv=$1 enc=$2 lay=$3
	shift 3
	opts="$*"
	tag="$lv-level $enc $lay${*:+ $*}"
	C="$W/core"
	rm -f "$C" "$C.expect"
	rm -rf "$W/k"
	if ! python3 "$T/mkcore.py" "$C" --levels "$lv" --enc "$enc" --layout "$lay" --kcore "$W/k" "$@"; then
		nok "$tag: mkcore"; return
	fi
	. "$C.expect"
	# kcore: symbols from the kallsyms file; kcore-mem: from the tables
	# in memory, located by kcore's VMCOREINFO note (none: --no-note)
	kinds="vmcore kcore kcore-mem"
	case " $opts " in *" --no-note "*) kinds="vmcore kcore";; esac
	for kind in $kinds; do
		case $kind in
		vmcore) TGT="-c $C";;
		kcore) TGT="--kcore $W/k/kcore --kallsyms $W/k/kallsyms --btf-dir $W/k/btf";;
		kcore-mem) TGT="--kcore $W/k/kcore --btf-dir $W/k/btf";;
		esac
		checks "$tag ($kind)"
	done
}

checks() {
	ct=$1
	info=$(q info)
	[ "$kind" = vmcore ] &&
		check "$ct: info paging" "$LEVELS-level" "$(echo "$info" | awk '/^paging:/ { print $2 }')"
	case " $opts " in
	*" --no-note "*) [ "$kind" = kcore ] ||
		check "$ct: info osrelease" "$OSRELEASE" "$(echo "$info" | awk '/^osrelease:/ { print $2 }')";;
	*)	check "$ct: info osrelease" "$OSRELEASE" "$(echo "$info" | awk '/^osrelease:/ { print $2 }')";;
	esac
	check "$ct: sym jiffies" "$JIFFIES_ADDR D jiffies" "$(q sym jiffies)"
	check "$ct: read-u64 jiffies" "$JIFFIES_ADDR: $JIFFIES" "$(q read-u64 jiffies)"
	check "$ct: long kallsyms name" "$LONG_ADDR t $LONG_NAME" "$(q sym "$LONG_NAME")"
	check "$ct: addr" "schedule+0x10" "$(q addr "0x$SCHEDULE+16")"
	check "$ct: init_task.comm" '"swapper/0"' "$(q member task_struct init_task comm)"
	check "$ct: init_task.pid (anonymous union)" "0 (0)" "$(q member task_struct init_task pid)"
	check "$ct: bitfield" "1 (0x1)" "$(q member task_struct init_task in_iowait)"
	check "$ct: int after bitfields" "120 (0x78)" "$(q member task_struct init_task prio)"
	check "$ct: linux_banner" "$BANNER" "$(q read-str linux_banner)"
	pc=$(q percpu this_cpu_off | awk '{ print $3 }' | tr '\n' ' ')
	po=$(q read-u64 __per_cpu_offset "$NCPUS" | awk '{ print $2 }' | tr '\n' ' ')
	if [ -n "$pc" ] && [ "$pc" = "$po" ]; then ok "$ct: percpu"; else nok "$ct: percpu" "'$pc' vs '$po'"; fi
	check "$ct: cpumask" "$ONLINE" "$(q cpumask __cpu_online_mask)"
	check "$ct: list modules" '"podwq"' "$(q list modules module list name | awk '{ print $2 }')"
	# fake_fn is exported (upper case, as /proc/kallsyms prints it);
	# fake_exit's export entry has another value: not exported
	check "$ct: exported module symbol" "$FAKE_FN T fake_fn	[podwq]" "$(q sym podwq:fake_fn)"
	check "$ct: module symbol" "$FAKE_EXIT t fake_exit	[podwq]" \
		"$(q sym podwq:fake_exit)"
	check "$ct: module BTF type" "struct podwq_pod_type: size 32" \
		"$(q type podwq_pod_type | head -1)"
	check "$ct: module BTF enum" "7" "$(q enum PODWQ_FAKE)"
	vm=$(q read-u64 vm_ptr | awk '{ print $2 }')
	check "$ct: 4K vmalloc page" "vmalloc'd string" "$(q read-str "$vm")"
	hole=$(q read-u64 hole_ptr | awk '{ print $2 }')
	check_rc "$ct: read from a hole fails cleanly" 1 "$D" $TGT read-u64 "$hole"
	check_rc "$ct: unmapped address fails cleanly" 1 "$D" $TGT read-u64 0xffffc90012345000
	check_rc "$ct: non-canonical address fails cleanly" 1 "$D" $TGT read-u64 0x8000000000000000
	if [ "$ENGINE" = 1 ]; then
		# podwq's engine (mkcore.py's engine()): the sections
		"$D" $TGT >"$W/out" 2>"$W/err"
		check "$ct: the dump: exit 0, nothing but warnings on stderr" "0 0" \
			"$? $(grep -v '^podwq-dump: warning: ' "$W/err" | wc -c)"
		if cmp -s "$T/synthetic.expect" "$W/out"; then
			ok "$ct: the dump's sections are tests/synthetic.expect"
		else
			nok "$ct: the dump's sections are tests/synthetic.expect" \
				"$(diff "$T/synthetic.expect" "$W/out" | head -n 6 | tr '\n' '|')"
		fi
		check "$ct: --busy: the busy worker, running 10 s (HZ 250)" \
			"pool[04]    4242 podwq/2:1        events                             10.0 s  fake_fn [podwq]" \
			"$("$D" $TGT --busy 2>/dev/null | grep '^pool\[')"
		check "$ct: --pending: a pending and an inactive item on pool 3" \
			"pool[03] pending=1 inactive=1|pending synth_highpri_reclaim fake_exit|inactive synth_highpri_reclaim fake_fn" \
			"$("$D" $TGT --pending 2>/dev/null | awk '/^pool/ { printf "%s", $0 } /^  / { printf "|%s %s %s", $1, $3, $4 }')"
		# a dump is sampled once whatever -i says (a kcore is "live")
		[ "$kind" = vmcore ] && i=3 || i=0
		check "$ct: monitor -i $i is tests/synthetic-monitor.expect" \
			"$(cat "$T/synthetic-monitor.expect")" "$("$D" $TGT monitor -i $i 2>/dev/null)"
		"$D" $TGT --json >"$W/json" 2>/dev/null
		"$D" $TGT --json --busy --pending >"$W/json2" 2>/dev/null
		"$D" $TGT monitor -i 0 --json synth_ >"$W/json3" 2>/dev/null
		if python3 - "$W/json" "$W/json2" "$W/json3" <<-'EOF'
		import json, sys
		d = json.load(open(sys.argv[1]))
		assert [w["name"] for w in d["workqueues"]][:2] == ["events", "synth_highpri_reclaim"]
		assert [p["id"] for p in d["pools"]] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]
		assert d["rescuers"][1]["pid"] == 77 and d["target"]["hz"] == 250
		assert d["affinity_scopes"]["scopes"][3]["name"] == "cache_shard"
		assert d["affinity_scopes"]["scopes"][3]["default"]
		e = json.load(open(sys.argv[2]))
		assert e["busy"][0]["running_s"] == 10.0 and e["pending"][0]["nr_inactive"] == 1
		m = [json.loads(l) for l in open(sys.argv[3])]
		assert [r["name"] for r in m][:2] == ["synth_highpri_reclaim", "synth_strict"]
		assert m[0]["mayday"] == 0 and m[1]["repatriated"] == 6
		EOF
		then
			ok "$ct: --json, --busy --pending --json, monitor --json"
		else
			nok "$ct: --json, --busy --pending --json, monitor --json"
		fi
	elif [ "$PODWQ" = 1 ]; then
		# pod tables only, no workqueue engine
		check_rc "$ct: podwq without its engine -> 5" 5 "$D" $TGT
	else
		check_rc "$ct: podwq not loaded -> 5" 5 "$D" $TGT
	fi
	nk=$("$D" $TGT kallsyms 2>/dev/null | wc -l)
	[ "$nk" -gt "$NSYMS" ] && ok "$ct: kallsyms ($nk symbols)" || nok "$ct: kallsyms" "$nk <= $NSYMS"
}

run_variant 4 pcrel mem
run_variant 5 pcrel mem
run_variant 4 base mem
run_variant 5 abs core
run_variant 4 abs core --no-podwq
run_variant 4 base mem --no-engine
run_variant 4 base mem --sparse
run_variant 4 pcrel mem --sparse --overlap
check "overlapping segments: a page only the big one holds" "0x0000000000000000" \
	"$("$D" -c "$C" read-u64 "$PAGE_OFFSET+0x7f0000" 2>&1 | awk '{ print $2 }')"
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
