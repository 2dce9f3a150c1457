# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the engine tests (20-engine-*.sh), on top of lib.sh: run a
# test of selftests/kmod/podwq_test.ko and turn its kernel log lines
# ("podwq_test: ok - ..." and so on) into this script's TAP lines.

PODWQ_TEST_KO=$PODWQ_DIR/kmod/podwq_test.ko

# engine_results NAME: print the TAP lines podwq_test logged since the
# last engine_clear, and fail if the test didn't log its end.
engine_results() {
	dmesg | sed -n 's/^.*podwq_test: \(ok - .*\)$/\1/p
		s/^.*podwq_test: \(not ok - .*\)$/\1/p
		s/^.*podwq_test: \(# .*\)$/\1/p'
	if ! dmesg | grep -q "podwq_test: done $1\$"; then
		t_fail "$1: podwq_test ran to its end"
		dmesg | tail -n 20 | sed 's/^/# /'
	fi
}

engine_clear() { dmesg -c >/dev/null; }

# engine_test NAME [PARAM=VALUE...]: run test NAME at insmod, report, rmmod.
engine_test() {
	_t=$1
	shift
	engine_clear
	if ! insmod "$PODWQ_TEST_KO" test="$_t" "$@"; then
		t_fail "$_t: podwq_test loads"
		dmesg | tail -n 20 | sed 's/^/# /'
		return
	fi
	engine_results "$_t"
	rmmod podwq_test || t_fail "$_t: podwq_test unloads"
}

# engine_start NAME [PARAM=VALUE...]: insmod a test that runs until rmmod.
engine_start() {
	_t=$1
	shift
	engine_clear
	insmod "$PODWQ_TEST_KO" test="$_t" "$@"
}

# engine_stop NAME: rmmod it and report.
engine_stop() {
	rmmod podwq_test || t_fail "$1: podwq_test unloads"
	engine_results "$1"
}

# worker_pids PATTERN: PIDs of tasks whose name matches the grep -E
# PATTERN, e.g. '^podwq/1:[0-9]+$'.
worker_pids() {
	grep -lE "$1" /proc/[0-9]*/comm 2>/dev/null |
		sed 's|^/proc/\([0-9]*\)/comm$|\1|'
}

# allowed_cpus PID: its Cpus_allowed_list.
allowed_cpus() {
	sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status"
}
