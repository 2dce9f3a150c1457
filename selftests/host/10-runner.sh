#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The QEMU runner itself: a guest command's status comes back, and a failing
# command, a panicking guest and a hanging guest each give their own
# non-zero status.  Runs on the default kernel line.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
line=$PODWQ_DEFAULT_LINE
run() { "$top/scripts/vm-run.sh" -q -k "$line" --log "$top/build/selftests/runner.log" "$@" 2>/dev/null; }
check() {	# DESC GOT WANT
	if [ "$2" = "$3" ]; then echo "ok - runner: $1"; else echo "not ok - runner: $1 (status $2, want $3)"; fi
}

"$top/scripts/kernel-fetch.sh" "$line" >/dev/null || exit 1

out=$(mktemp)
trap 'rm -f "$out"' EXIT
run --out "$out" -- 'echo guest-says-hi; uname -r'
check "a passing command returns 0" $? 0
check "the command's output comes back" "$(head -n 1 "$out")" guest-says-hi
check "the guest runs the requested kernel" "$(sed -n 2p "$out")" \
	"$(cat "$PODWQ_CACHE/kernels/$line/current/release")"
run -- 'exit 7'
check "a failing command returns its status" $? 7
run -- 'echo c > /proc/sysrq-trigger; sleep 30'
check "a panicking guest returns 123" $? 123
run --timeout 25 -- 'while :; do sleep 1; done'
check "a hanging guest is stopped and returns 124" $? 124
run -t smp2 --smp 3 -- 'test "$(nproc)" = 3'
check "--smp sets the vCPU count" $? 0
run -t 2s2c2t-2n -- 'test "$(ls -d /sys/devices/system/node/node* | wc -l)" = 2 && test "$(cat /sys/devices/system/cpu/cpu1/topology/thread_siblings_list)" = 0-1'
check "the 2-socket SMT topology has 2 NUMA nodes and SMT pairs" $? 0
run --timeout 0x -- true
check "bad options are refused with 120" $? 120
