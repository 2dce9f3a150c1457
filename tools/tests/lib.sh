# SPDX-License-Identifier: GPL-2.0
# Shared helpers for podwq-dump's test scripts (POSIX sh).
pass=0 fail=0 skip=0 n=0

ok()   { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
nok()  { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -n "$2" ] && echo "#   $2"; return 0; }
skp()  { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"; }
# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "expected '$2', got '$3'"; fi
}
# check_rc NAME EXPECTED_RC COMMAND...: exit status, and never a signal
check_rc() {
	_name=$1 _want=$2
	shift 2
	"$@" >/dev/null 2>"${TMPDIR:-/tmp}/podwq-dump-test.err"
	_rc=$?
	if [ "$_rc" = "$_want" ]; then
		ok "$_name"
	else
		nok "$_name" "exit $_rc, expected $_want: $(head -c 300 "${TMPDIR:-/tmp}/podwq-dump-test.err")"
	fi
}
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit $?
}
