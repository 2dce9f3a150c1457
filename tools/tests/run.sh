#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run podwq-dump's tests: synthetic vmcores and bad inputs with the static
# binary and (when built) the AddressSanitizer/UBSan one, then the running
# kernel (skipped without root or /proc/kcore).  Ends with one
# "N passed, N failed, N skipped" line for all of them.

T=$(cd "$(dirname "$0")" && pwd)
B=$(dirname "$T")
P=0 F=0 S=0
R=$(mktemp -d "${TMPDIR:-/tmp}/podwq-dump-tests.XXXXXX")
trap 'rm -rf "$R"' EXIT
# run script binary: its output into $R, with a TMPDIR of its own
run() {
	_o=$R/$1-$(basename "$2")
	mkdir -p "$_o.tmp"
	TMPDIR=$_o.tmp "$T/$1" "$2" >"$_o" 2>&1
}
total() { # script binary: count what run() left
	out=$(cat "$R/$1-$(basename "$2")")
	echo "$out" | sed "s|^|[$1 $(basename "$2")] |" | grep -v '^\[[^]]*\] ok .*[^P]$' || true
	line=$(echo "$out" | tail -n 1)
	set -- $line
	[ "$2 $4 $6" = "passed, failed, skipped" ] || { F=$((F + 1)); echo "[$1] no summary"; return; }
	P=$((P + $1)) F=$((F + $3)) S=$((S + $5))
}
# The ASan/UBSan build is several times slower: its runs go alongside
# the static binary's, and the results are counted in the same order.
bins=
for b in "$B/podwq-dump" "$B/podwq-dump-asan"; do
	[ -x "$b" ] && bins="$bins $b"
done
pids=
for b in $bins; do
	{ run synthetic.sh "$b"; run robust.sh "$b"; } &
	pids="$pids $!"
done
run live.sh "$B/podwq-dump"
for p in $pids; do
	wait "$p"
done
for b in $bins; do
	total synthetic.sh "$b"
	total robust.sh "$b"
done
total live.sh "$B/podwq-dump"
echo "$P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
