# SPDX-License-Identifier: GPL-2.0
#
# Per-pwq statistics, read through podwq-dump's monitor: items counted as
# started and completed, their CPU time, concurrency-management wake-ups,
# CPU-intensive detection (an item spinning past cpu_intensive_thresh_us
# on a per-CPU pool lets the item behind it run) and its parameter, and
# repatriation on a non-strict pod.  selftests/kmod/podwq_stats_test.c
# runs the items.
# topology: smp4
# timeout: 300
. "$PODWQ_DIR/selftests/guest/lib.sh"

KO=$PODWQ_DIR/kmod/podwq_stats_test.ko
THRESH=/sys/module/podwq/parameters/cpu_intensive_thresh_us

# stats_results: the TAP lines podwq_stats_test logged; fail if it didn't
# finish
stats_results() {
	dmesg | sed -n 's/^.*podwq_stats_test: \(ok - .*\)$/\1/p
		s/^.*podwq_stats_test: \(not ok - .*\)$/\1/p
		s/^.*podwq_stats_test: \(# .*\)$/\1/p'
	dmesg | grep -q 'podwq_stats_test: done$' || t_fail "podwq_stats_test ran to its end"
}

# stat WQ KEY: KEY of workqueue WQ in the monitor's JSON (/tmp/st.json)
stat() {
	sed -n "s/.*\"name\":\"$1\",.*\"$2\":\([0-9]*\).*/\1/p" /tmp/st.json
}

# stat_cmp WQ KEY OP N: the monitor's KEY of WQ compares so to N.  (Under
# TCG a host hiccup can stretch any item past cpu_intensive_thresh_us of
# guest CPU time: only the control run asserts that no item went
# CPU-intensive.)
stat_cmp() {
	_v=$(stat "$1" "$2")
	if [ -n "$_v" ] && [ "$_v" "$3" "$4" ]; then
		t_ok "$1: $2 $_v $3 $4"
	else
		t_fail "$1: $2 '$_v' $3 $4"
	fi
}

monitor() {
	podwq-dump monitor -i 0 --json '^t_st_' >/tmp/st.json 2>/tmp/st.err
	t_eq "monitor -i 0 --json exits 0" "$?" 0
	sed 's/^/# /' /tmp/st.json /tmp/st.err
}

podwq_load || { t_fail "podwq loads"; exit 1; }

# the parameter: default, bad writes refused and changing nothing
t_eq "cpu_intensive_thresh_us defaults to 10000" "$(cat $THRESH)" 10000
for bad in abc -1 99 60000001 "1 0" "" 0x10; do
	if echo "$bad" >$THRESH 2>/dev/null; then
		t_fail "cpu_intensive_thresh_us refuses '$bad'"
	else
		t_ok "cpu_intensive_thresh_us refuses '$bad'"
	fi
done
t_eq "cpu_intensive_thresh_us unchanged by bad writes" "$(cat $THRESH)" 10000
for good in 0 100 60000000 10000; do
	echo "$good" >$THRESH
	t_eq "cpu_intensive_thresh_us takes $good" "$(cat $THRESH)" "$good"
done

dmesg -c >/dev/null
if ! insmod "$KO" cpu=1; then
	t_fail "podwq_stats_test loads"
	dmesg | tail -n 20 | sed 's/^/# /'
	exit 1
fi
stats_results
monitor
stat_cmp t_st_count started -eq 100
stat_cmp t_st_count completed -eq 100
stat_cmp t_st_cputime started -eq 4
stat_cmp t_st_cputime completed -eq 4
stat_cmp t_st_cputime cpu_time -ge 3000
stat_cmp t_st_cm started -eq 1
stat_cmp t_st_cm cm_wakeup -eq 1
stat_cmp t_st_cm2 cm_wakeup -eq 0
stat_cmp t_st_cm2 completed -eq 1
stat_cmp t_st_cm completed -eq 1
stat_cmp t_st_hog started -eq 2
stat_cmp t_st_hog completed -eq 2
stat_cmp t_st_hog cpu_intensive -ge 1
stat_cmp t_st_hog cm_wakeup -ge 1
stat_cmp t_st_hog cpu_time -ge 10000
stat_cmp t_st_repatriate completed -eq 2
stat_cmp t_st_repatriate repatriated -ge 1
stat_cmp t_st_trace completed -eq 2
t_check "podwq_stats_test unloads" rmmod podwq_stats_test

# the control: detection off, the spinner holds up the item behind it
echo 0 >$THRESH
dmesg -c >/dev/null
if insmod "$KO" cpu=1 only=hog expect_hog=0; then
	stats_results
	monitor
	stat_cmp t_st_hog completed -eq 2
	stat_cmp t_st_hog cpu_intensive -eq 0
	t_check "podwq_stats_test unloads" rmmod podwq_stats_test
else
	t_fail "podwq_stats_test only=hog expect_hog=0 loads"
fi
echo 10000 >$THRESH

t_check "podwq unloads" podwq_unload
exit 0
