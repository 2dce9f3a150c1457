#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [-k LINE] [-s CPUS] [-r RUNS] [--quick]: boot a test kernel
# with CPUS vCPUs and run the benchmark (selftests/guest/bench.sh): each
# load through podwq and through the kernel's workqueue in the same boot.
# The table is printed and kept in build/bench/LINE-smpCPUS.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

line=$PODWQ_DEFAULT_LINE cpus=4 runs=5 quick=
while [ $# -gt 0 ]; do
	case "$1" in
	-k) line=$2; shift ;;
	-s) cpus=$2; shift ;;
	-r) runs=$2; shift ;;
	--quick) quick=1 ;;
	*) die "usage: bench.sh [-k LINE] [-s CPUS] [-r RUNS] [--quick]" ;;
	esac
	shift
done
case "$cpus$runs" in *[!0-9]*) die "-s and -r take whole numbers" ;; esac
check_line "$line"
"$PODWQ_TOP/scripts/build.sh" "$line" >/dev/null
out=$PODWQ_TOP/build/bench
mkdir -p "$out"
res=$out/$line-smp$cpus.txt
"$PODWQ_TOP/scripts/vm-run.sh" -k "$line" --smp "$cpus" --mem 2048 \
	--timeout 1800 --out "$res" --log "$out/$line-smp$cpus.console.log" -- \
	"BENCH_RUNS=$runs BENCH_QUICK=$quick sh selftests/guest/bench.sh"
