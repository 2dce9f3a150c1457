#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump on crash dumps of real guests, against the live tool and
# against its drgn twin.  For each kernel line (PODWQ_DUMP_LINES, default
# the three main lines): boot the guest (2 sockets x 2 cores x 2 threads, 2 nodes),
# load podwq and podwq_dumpset.ko block=1 (every workqueue type and scope,
# strict, MEM_RECLAIM, a blocked item with two inactive ones behind it),
# print podwq-dump's live output and, with nothing changing in between,
# have the host dump the guest's memory.  Then, on the host:
#   - podwq-dump -c on the dump prints what the live run printed (default
#     sections and --pending), exit status 0;
#   - --busy names the blocked item's function, --pending the inactive
#     ones, --json is valid JSON with the same workqueues, the monitor
#     prints one row per workqueue;
#   - tools/drgn/podwq_dump.py under drgn (scripts/drgn-setup.sh: the
#     -dbg vmlinux, ~300 MB a line, cached) prints the same bytes, by
#     default and with --busy --pending;
#   - how much faster the C tool is than drgn on the dump (the best of 12
#     and 3 runs, drgn's time taken inside its chroot), as a diagnostic;
#     an assertion only with PODWQ_DUMP_MIN_RATIO=N (the issue asks 50).
# The dumps (512 MB each) are deleted unless a check failed or
# PODWQ_DUMP_KEEP=1 (to profile podwq-dump on them).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

lines=${PODWQ_DUMP_LINES:-$PODWQ_MAIN_LINES}
# The speed is reported, not asserted: a timed assertion fails on a busy
# host (53-79x on a quiet one, much less under load).  PODWQ_DUMP_MIN_RATIO=N
# asserts it.
min_ratio=${PODWQ_DUMP_MIN_RATIO:-}
base=$top/build/selftests/dump-vmcore
D=$top/tools/podwq-dump

ok()   { echo "ok - $*"; }
nok()  { echo "not ok - $*"; failed=1; }
diag() { echo "# $*"; }
check() {	# DESC CMD...
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}
# the best of N runs of CMD..., in milliseconds, timed as drgn-setup.sh
# times drgn (a process started and waited for)
best_ms() {
	python3 - "$@" <<-'EOF'
	import subprocess, sys, time
	best = None
	for _ in range(int(sys.argv[1])):
	    t = time.monotonic()
	    if subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL,
	                       stderr=subprocess.DEVNULL):
	        sys.exit(1)
	    t = (time.monotonic() - t) * 1e3
	    best = t if best is None else min(best, t)
	print("%.1f" % best)
	EOF
}

if ! make -s -C "$top/tools" >/dev/null 2>&1 ||
   ! make -s -C "$top/tools" install BINDIR="$top/build/bin" >/dev/null 2>&1; then
	echo "not ok - dump-vmcore: podwq-dump builds"
	exit 0
fi

# the guest's side: live output between markers, then the dump
guest='. selftests/guest/lib.sh
insmod podwq.ko || exit 10
insmod kmod/podwq_dumpset.ko block=1 || exit 11
dmesg | grep -q "podwq_dumpset: blocked" || exit 12
echo PODWQ-LIVE-DUMP; podwq-dump; echo "PODWQ-LIVE-RC $?"
echo PODWQ-LIVE-PENDING; podwq-dump --pending; echo "PODWQ-LIVE-RC $?"
vm_dump core || exit 13
rmmod podwq_dumpset; rmmod podwq'

for line in $lines; do
	failed=
	dir=$base/$line
	rm -rf "$dir"
	mkdir -p "$dir"
	t=$line
	if ! "$top/scripts/build.sh" "$line" >"$dir/build.log" 2>&1; then
		nok "$t: podwq and podwq_dumpset build"
		continue
	fi
	"$top/scripts/vm-run.sh" -q -k "$line" -t 2s2c2t-2n -m 512 --timeout 240 \
		--dump-dir "$dir" --out "$dir/guest.out" --log "$dir/console.log" \
		-- "$guest" 2>"$dir/vm.err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$dir/core" ]; then
		nok "$t: the guest runs the workqueue set and is dumped (status $rc)"
		tail -n 5 "$dir/vm.err" | sed 's/^/# /'
		continue
	fi
	ok "$t: the guest runs the workqueue set and is dumped ($(($(stat -c %s "$dir/core") >> 20)) MB)"
	(cd "$dir" && tr -d '\r' <guest.out | awk '
		/^PODWQ-LIVE-DUMP$/ { f = "live.txt"; next }
		/^PODWQ-LIVE-PENDING$/ { f = "live-pending.txt"; next }
		/^PODWQ-LIVE-RC / { print $2 > (f ".rc"); f = ""; next }
		f != "" { print > f }')
	check "$t: podwq-dump runs in the guest (status 0)" \
		test "$(cat "$dir/live.txt.rc" 2>/dev/null)" = 0

	core=$dir/core
	"$D" -c "$core" >"$dir/vmcore.txt" 2>"$dir/vmcore.err"
	check "$t: podwq-dump -c on the dump succeeds" test $? = 0
	if cmp -s "$dir/live.txt" "$dir/vmcore.txt"; then
		ok "$t: the dump's output equals the live output of the same moment ($(wc -l <"$dir/vmcore.txt") lines)"
	else
		nok "$t: the dump's output equals the live output of the same moment"
		diff "$dir/live.txt" "$dir/vmcore.txt" | head -n 10 | sed 's/^/# /'
	fi
	"$D" -c "$core" --pending >"$dir/vmcore-pending.txt" 2>&1
	check "$t: --pending on the dump equals the live --pending" \
		cmp -s "$dir/live-pending.txt" "$dir/vmcore-pending.txt"
	check "$t: --pending shows the two inactive items and their function" \
		test "$(grep -c '^  inactive .*dumpset_max1 .*dumpset_inactive_fn \[podwq_dumpset\]$' "$dir/vmcore-pending.txt")" = 2
	"$D" -c "$core" --busy >"$dir/vmcore-busy.txt" 2>&1
	check "$t: --busy names the blocked item's function and workqueue" \
		grep -q ' dumpset_max1 .* s  dumpset_block_fn \[podwq_dumpset\]$' "$dir/vmcore-busy.txt"
	"$D" -c "$core" --json >"$dir/vmcore.json" 2>&1
	if python3 - "$dir/vmcore.json" "$dir/vmcore.txt" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	names = [w["name"] for w in d["workqueues"]]
	text = open(sys.argv[2]).read().split("Workqueue CPU -> pool\n")[1].split("\n\n")[0]
	rows = [l.split()[0] for l in text.splitlines()[2:]]
	assert names == rows, (names, rows)
	assert len(d["pools"]) == sum(1 for l in open(sys.argv[2]) if l.startswith("pool["))
	assert d["target"]["kind"] == "vmcore"
	EOF
	then
		ok "$t: --json is valid JSON with the same pools and workqueues"
	else
		nok "$t: --json is valid JSON with the same pools and workqueues"
	fi
	"$D" -c "$core" --busy --pending --json >"$dir/extras.json" 2>&1
	"$D" -c "$core" monitor --json dumpset_max1 >"$dir/monitor.json" 2>&1
	if python3 - "$dir/extras.json" "$dir/monitor.json" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert any(b["function"] == "dumpset_block_fn [podwq_dumpset]" for b in d["busy"])
	items = [i for p in d["pending"] for i in p["items"]]
	assert sum(i["state"] == "inactive" for i in items) == 2
	rows = [json.loads(l) for l in open(sys.argv[2])]
	assert [r["name"] for r in rows] == ["dumpset_max1"] and rows[0]["started"] == 1
	EOF
	then
		ok "$t: --busy --pending --json and monitor --json are valid JSON with the items"
	else
		nok "$t: --busy --pending --json and monitor --json are valid JSON with the items"
	fi
	"$D" -c "$core" monitor -i 1 dumpset_ >"$dir/monitor.txt" 2>&1
	nwq=$(sed -n '/^Workqueue CPU -> pool$/,/^$/p' "$dir/vmcore.txt" | grep -c '^dumpset_')
	check "$t: the monitor samples a dump once, a row per matching workqueue ($nwq)" \
		test "$(grep -c '^dumpset_' "$dir/monitor.txt") $(grep -c ' total  infl ' "$dir/monitor.txt")" = "$nwq 1"

	# the drgn twin
	if ! "$top/scripts/drgn-setup.sh" "$line" >"$dir/drgn-setup.log" 2>&1; then
		ok "$t: the drgn twin prints the same bytes # SKIP drgn or the -dbg vmlinux unavailable"
		tail -n 3 "$dir/drgn-setup.log" | sed 's/^/# /'
	else
		cp "$top/build/$line/podwq.ko" "$dir/podwq.ko"
		cp "$top/tools/drgn/podwq_dump.py" "$dir/podwq_dump.py"
		(cd "$dir" && "$top/scripts/drgn-setup.sh" --run "$line" -c core -s podwq.ko \
			podwq_dump.py >drgn.txt 2>drgn.err)
		if cmp -s "$dir/vmcore.txt" "$dir/drgn.txt"; then
			ok "$t: the drgn twin prints the same bytes as podwq-dump"
		else
			nok "$t: the drgn twin prints the same bytes as podwq-dump"
			diff "$dir/vmcore.txt" "$dir/drgn.txt" | head -n 10 | sed 's/^/# /'
			tail -n 3 "$dir/drgn.err" | sed 's/^/# /'
		fi
		"$D" -c "$core" --busy --pending >"$dir/vmcore-extras.txt" 2>&1
		(cd "$dir" && "$top/scripts/drgn-setup.sh" --run "$line" -c core -s podwq.ko \
			podwq_dump.py --busy --pending >drgn-extras.txt 2>drgn-extras.err)
		if grep -q dumpset_block_fn "$dir/drgn-extras.txt" &&
		   cmp -s "$dir/vmcore-extras.txt" "$dir/drgn-extras.txt"; then
			ok "$t: the drgn twin's --busy --pending are the same bytes as podwq-dump's"
		else
			nok "$t: the drgn twin's --busy --pending are the same bytes as podwq-dump's"
			diff "$dir/vmcore-extras.txt" "$dir/drgn-extras.txt" | head -n 10 | sed 's/^/# /'
			tail -n 3 "$dir/drgn-extras.err" | sed 's/^/# /'
		fi
		rm -f "$dir/drgn.ms" "$dir/c.ms"
		# Time both tools with the fresh 512 MB dump written back (its
		# writeback competes for the CPUs), and spread the C runs between
		# drgn's: ten back to back take 60 ms, and a slow moment of the
		# host spoiled all ten in one run (10.3 ms against 6.9 ms).
		sync "$core"
		for _ in 1 2 3; do
			best_ms 4 "$D" -c "$core" >>"$dir/c.ms"
			(cd "$dir" && PODWQ_DRGN_TIME=drgn.ms "$top/scripts/drgn-setup.sh" --run \
				"$line" -c core -s podwq.ko podwq_dump.py >/dev/null 2>&1)
		done
		c_ms=$(sort -n "$dir/c.ms" 2>/dev/null | head -n 1)
		d_ms=$(sort -n "$dir/drgn.ms" 2>/dev/null | head -n 1)
		ratio=$(awk -v c="$c_ms" -v d="$d_ms" 'BEGIN { if (c > 0 && d > 0) printf "%.0f", d / c; else print 0 }')
		diag "$t: podwq-dump $c_ms ms, drgn $d_ms ms (best of 12 and 3): ${ratio}x"
		echo "$line $c_ms $d_ms $ratio" >"$dir/speed"
		if [ -z "$min_ratio" ]; then
			:	# reported above
		elif [ "$ratio" -ge "$min_ratio" ]; then
			ok "$t: podwq-dump is at least ${min_ratio}x faster than drgn on the dump (${ratio}x)"
		else
			nok "$t: podwq-dump is at least ${min_ratio}x faster than drgn on the dump (${ratio}x)"
		fi
	fi
	[ -n "$failed" ] || [ -n "${PODWQ_DUMP_KEEP:-}" ] || rm -f "$dir/core"
done
exit 0
