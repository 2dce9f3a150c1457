# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the tests of selftests/kmod/podwq_rescue_test.ko
# (21-engine-rescuer.sh, 22-engine-watchdog.sh, 23-engine-minactive.sh),
# on top of lib.sh: load it with a test, run the test's steps, and turn
# its kernel log lines into this script's TAP lines.

RESCUE_KO=$PODWQ_DIR/kmod/podwq_rescue_test.ko
RESCUE_PARAMS=/sys/module/podwq_rescue_test/parameters
PODWQ_PARAMS=/sys/module/podwq/parameters

# rescue_results NAME: the TAP lines logged since the last dmesg -c, and
# a failure if "done NAME" is missing.
rescue_results() {
	dmesg | sed -n 's/^.*podwq_rescue_test: \(ok - .*\)$/\1/p
		s/^.*podwq_rescue_test: \(not ok - .*\)$/\1/p
		s/^.*podwq_rescue_test: \(# .*\)$/\1/p'
	if ! dmesg | grep -q "podwq_rescue_test: done $1\$"; then
		t_fail "$1: podwq_rescue_test ran to its end"
		dmesg | tail -n 20 | sed 's/^/# /'
	fi
}

# rescue_load TEST [PARAM=VALUE...]
rescue_load() {
	_t=$1
	shift
	dmesg -c >/dev/null
	if ! insmod "$RESCUE_KO" test="$_t" "$@"; then
		t_fail "$_t: podwq_rescue_test loads"
		dmesg | tail -n 20 | sed 's/^/# /'
		return 1
	fi
	rescue_results "$_t"
}

# rescue_step STEP: run a step of the loaded test and report it
rescue_step() {
	dmesg -c >/dev/null
	echo "$1" >$RESCUE_PARAMS/step || t_fail "step $1 accepted"
	rescue_results "$1"
}

# set_fail N: podwq's fault injection, fail_create_worker
set_fail() { echo "$1" >$PODWQ_PARAMS/fail_create_worker; }

# bad_param FILE VALUE: the write must fail and leave FILE as it was
bad_param() {
	_old=$(cat "$1")
	if (echo "$2" >"$1") 2>/dev/null; then
		t_fail "$(basename "$1")=$2 is refused"
	else
		t_eq "$(basename "$1")=$2 is refused, the value stays" "$(cat "$1")" "$_old"
	fi
}
