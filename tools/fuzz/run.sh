#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each fuzz target: libFuzzer for SECONDS when built with clang (MODE=
# libfuzzer), else the deterministic replay harness (MODE=replay).  Targets
# run side by side, one per CPU (so each still gets a CPU of its own for
# its SECONDS).  Exits non-zero when one crashed, leaving the reproducer
# (crash-*) here.
# Usage: run.sh MODE SECONDS_OR_COUNT TARGET...
mode=$1 amount=$2
shift 2
cd "$(dirname "$0")" || exit 1

one() {	# TARGET: run it; its verdict into TARGET.result
	t=$1
	mkdir -p "corpus/$t"
	if [ "$mode" = libfuzzer ]; then
		./"$t" -max_total_time="$amount" -max_len=17000000 -rss_limit_mb=4096 \
			-timeout=30 -close_fd_mask=2 -print_final_stats=1 \
			"corpus/$t" "seeds/$t" > "$t.log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$t.log")
	else
		./"$t-replay" -n "$amount" seeds/"$t"/* > "$t.log" 2>&1
		rc=$?
		execs="$amount per seed"
	fi
	if [ "$rc" -ne 0 ]; then
		{
			echo "$t: FAILED (exit $rc)"
			grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$t.log" | head -20
		} > "$t.result"
	else
		echo "$t: ok ($execs executions)" > "$t.result"
	fi
}

cpus=$(nproc 2>/dev/null || echo 1)
set -- "$@"
pending="$*"
while [ -n "$pending" ]; do
	batch= n=0
	for t in $pending; do
		[ "$n" -lt "$cpus" ] || break
		batch="$batch $t" n=$((n + 1))
	done
	rest=
	for t in $pending; do
		case " $batch " in *" $t "*) ;; *) rest="$rest $t" ;; esac
	done
	pending=$rest
	for t in $batch; do
		rm -f "$t.result"
		one "$t" &
	done
	wait
done
failed=0
for t in "$@"; do
	cat "$t.result" 2>/dev/null || { echo "$t: no result"; failed=1; }
	case "$(head -n 1 "$t.result" 2>/dev/null)" in
	*": FAILED"*) failed=1 ;;
	esac
done
exit "$failed"
