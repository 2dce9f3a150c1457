#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The QEMU runner itself: a guest command's status comes back, and a failing
# command, a panicking guest, a hanging guest and a boot that hangs twice
# before the init each give their own non-zero status.  Runs on the default kernel line.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
line=$PODWQ_DEFAULT_LINE
log=$top/build/selftests/runner.log
nhung=0
# run ARGS...: vm-run.sh's status; says so when a boot hung and was
# repeated (LOG.hung, kept as LOG.hung.N), unless HANG_TEST is set
run() {
	"$top/scripts/vm-run.sh" -q -k "$line" --log "$log" "$@" 2>/dev/null
	_rc=$?
	if [ -z "${HANG_TEST:-}" ] && [ -e "$log.hung" ]; then
		nhung=$((nhung + 1))
		cp "$log.hung" "$log.hung.$nhung"
		echo "# runner: a boot hung before its init and was booted again (console: $log.hung.$nhung)"
	fi
	return $_rc
}
check() {	# DESC GOT WANT
	if [ "$2" = "$3" ]; then echo "ok - runner: $1"; else echo "not ok - runner: $1 (status $2, want $3)"; fi
}

"$top/scripts/kernel-fetch.sh" "$line" >/dev/null || exit 1

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# a boot whose init hasn't started the command in time is booted again,
# its log kept; 2 s is too short for any boot, so both "hang"
HANG_TEST=1 run --boot-timeout 2 -- true
check "a boot that hangs twice before the init returns 125" $? 125
check "the first hung boot's console is kept" "$(test -e "$log.hung" && echo kept)" kept
# one boot for the passing command, its output, the kernel and the
# 2-socket SMT topology (reported in the output, not the status)
run -t 2s2c2t-2n --out "$out" -- 'echo guest-says-hi; uname -r
echo "nodes $(ls -d /sys/devices/system/node/node* | wc -l) smt $(cat /sys/devices/system/cpu/cpu1/topology/thread_siblings_list)"'
check "a passing command returns 0" $? 0
check "the command's output comes back" "$(head -n 1 "$out")" guest-says-hi
check "the guest runs the requested kernel" "$(sed -n 2p "$out")" \
	"$(cat "$PODWQ_CACHE/kernels/$line/current/release")"
check "the 2-socket SMT topology has 2 NUMA nodes and SMT pairs" "$(sed -n 3p "$out")" "nodes 2 smt 0-1"
check "a boot that doesn't hang leaves no hung console" "$(test -e "$log.hung" || echo none)" none
# and one for a failing command's status and --smp
run -t smp2 --smp 3 --out "$out" -- 'nproc; exit 7'
check "a failing command returns its status" $? 7
check "--smp sets the vCPU count" "$(head -n 1 "$out")" 3
run -- 'echo c > /proc/sysrq-trigger; sleep 30'
check "a panicking guest returns 123" $? 123
# booting takes 5-10 s under TCG; the limit ends the guest either way
run --timeout 15 -- 'while :; do sleep 1; done'
check "a hanging guest is stopped and returns 124" $? 124
run --timeout 0x -- true
check "bad options are refused with 120" $? 120
