#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each fuzz target: libFuzzer for SECONDS when built with clang (MODE=
# libfuzzer), else the deterministic replay harness (MODE=replay).  Exits
# non-zero on the first crash, leaving the reproducer (crash-*) here.
# Usage: run.sh MODE SECONDS_OR_COUNT TARGET...
mode=$1 amount=$2
shift 2
cd "$(dirname "$0")" || exit 1
for t in "$@"; do
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
		echo "$t: FAILED (exit $rc)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$t.log" | head -20
		exit 1
	fi
	echo "$t: ok ($execs executions)"
done
