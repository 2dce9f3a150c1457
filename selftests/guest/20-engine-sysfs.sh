# SPDX-License-Identifier: GPL-2.0
#
# /sys/kernel/podwq/cpumask and the per-workqueue directories of
# PODWQ_SYSFS workqueues: names, formats, good writes take effect, every
# bad write fails with EINVAL and changes nothing.
# topology: smp4
# timeout: 200
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/engine-lib.sh"

R=/sys/kernel/podwq
U=$R/podwq_test_unbound
P=$R/podwq_test_percpu
O=$R/podwq_test_ordered
SCOPE=/sys/module/podwq/parameters/default_affinity_scope

# bad_write FILE VALUE: the write fails with EINVAL and the value stays.
bad_write() {
	_old=$(cat "$1")
	# dd, unlike the printf builtin, says why a write failed
	_err=$(printf '%s' "$2" | dd of="$1" 2>&1)
	_rc=$?
	_show=$(printf '%s' "$2" | sed 's/$/\\n/' | tr -d '\n' | sed 's/\\n$//')
	if [ $_rc -ne 0 ] && echo "$_err" | grep -q "Invalid argument"; then
		t_ok "${1#$R/} refuses '$_show' with EINVAL"
	else
		t_fail "${1#$R/} refuses '$_show' with EINVAL"
		t_diag "rc $_rc: $_err"
	fi
	t_eq "${1#$R/} unchanged after '$_show'" "$(cat "$1")" "$_old"
}

# good_write FILE VALUE [EXPECTED]: the write works and reads back.
good_write() {
	if printf '%s\n' "$2" >"$1" 2>/dev/null; then
		t_eq "${1#$R/} takes '$2'" "$(cat "$1")" "${3:-$2}"
	else
		t_fail "${1#$R/} takes '$2'"
	fi
}

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
engine_clear
if ! insmod "$PODWQ_TEST_KO" test=sysfs; then
	t_fail "podwq_test test=sysfs loads"
	exit 1
fi
engine_results sysfs

all=$(cat $R/cpumask)
t_check "the unbound cpumask covers some CPU" test -n "$all"
for d in $U $P $O; do
	t_check "${d#$R/}/ exists" test -d "$d"
done
for f in per_cpu max_active nice cpumask affinity_scope affinity_strict; do
	t_check "unbound workqueue has $f" test -f "$U/$f"
done
t_check "per-cpu workqueue has per_cpu and max_active" test -f $P/per_cpu -a -f $P/max_active
t_check "per-cpu workqueue has no unbound attributes" \
	sh -c "! ls $P/nice $P/cpumask $P/affinity_scope $P/affinity_strict $P/min_active 2>/dev/null"
t_check "unbound workqueue has min_active" test -f $U/min_active
t_check "ordered workqueue has no min_active" test ! -e $O/min_active

t_eq "per_cpu of the unbound workqueue" "$(cat $U/per_cpu)" 0
t_eq "per_cpu of the per-cpu workqueue" "$(cat $P/per_cpu)" 1
t_eq "default max_active of the unbound workqueue" "$(cat $U/max_active)" 1024
t_eq "max_active given at allocation" "$(cat $P/max_active)" 16
t_eq "max_active of the ordered workqueue" "$(cat $O/max_active)" 1
t_eq "default min_active is min(max_active, 8)" "$(cat $U/min_active)" 8
t_eq "default nice" "$(cat $U/nice)" 0
t_eq "default affinity_strict" "$(cat $U/affinity_strict)" 0
t_eq "default cpumask is the unbound cpumask" "$(cat $U/cpumask)" "$all"
t_eq "affinity_scope reads default (<scope>)" "$(cat $U/affinity_scope)" \
	"default ($(cat $SCOPE))"

# bad writes
for v in 0 -1 2049 abc 12abc "7 7" 0x10 99999999999999999999 "5
x"; do
	bad_write $U/max_active "$v"
	bad_write $P/max_active "$v"
done
for v in -21 20 x 1x --1 "3 "; do
	bad_write $U/nice "$v"
done
for v in -1 1025 abc 3x "2 2" 99999999999999999999; do
	bad_write $U/min_active "$v"
done
for v in 0 zz f,zz 100000000 "3 x" "f

"; do
	bad_write $U/cpumask "$v"
	bad_write $R/cpumask "$v"
done
for v in bogus CPU "cpu x" defaultx cache_shardx; do
	bad_write $U/affinity_scope "$v"
done
for v in 2 -1 x 1x true; do
	bad_write $U/affinity_strict "$v"
done
if [ -e /sys/devices/system/cpu/cpu3/online ] &&
   echo 0 >/sys/devices/system/cpu/cpu3/online; then
	bad_write $U/cpumask 8
	bad_write $R/cpumask 8
	echo 1 >/sys/devices/system/cpu/cpu3/online
else
	t_skip "a cpumask of offline CPUs only is refused" "no cpu3 to take down"
fi
_err=$( (echo 3 >$O/max_active) 2>&1 ) && t_fail "ordered max_active is read-only" ||
	t_ok "ordered max_active is read-only"
t_eq "ordered max_active unchanged" "$(cat $O/max_active)" 1

# good writes
good_write $U/min_active 0
good_write $U/min_active 12
good_write $U/max_active 7
t_eq "lowering max_active below min_active lowers min_active" "$(cat $U/min_active)" 7
bad_write $U/min_active 8
good_write $U/min_active 3
good_write $P/max_active 2048
good_write $U/nice -5
good_write $U/nice 19
good_write $U/cpumask 3
good_write $U/affinity_strict 1
good_write $U/affinity_scope cpu
good_write $U/affinity_scope numa
good_write $U/affinity_scope default "default ($(cat $SCOPE))"
good_write $U/affinity_strict 0
good_write $R/cpumask 1
t_eq "a workqueue's cpumask is kept when the unbound cpumask changes" \
	"$(cat $U/cpumask)" 3
good_write $R/cpumask "$all"

old=$(cat $SCOPE)
if echo system >$SCOPE; then
	t_eq "affinity_scope follows default_affinity_scope" \
		"$(cat $U/affinity_scope)" "default (system)"
	echo "$old" >$SCOPE
else
	t_fail "default_affinity_scope takes system"
fi

# a client holding podwq workqueues pins podwq
t_check "podwq's refcount counts its loaded client" \
	test "$(cat /sys/module/podwq/refcnt)" -ge 1
t_check "rmmod podwq fails while a client holds workqueues" \
	sh -c '! rmmod podwq 2>/dev/null'
t_check "and podwq is still there" test -d $U

engine_clear
rmmod podwq_test || t_fail "podwq_test unloads"
t_check "the directories go with their workqueues" \
	sh -c "test ! -e $U -a ! -e $P -a ! -e $O"
t_check "podwq unloads" podwq_unload
exit 0
