# SPDX-License-Identifier: GPL-2.0
#
# Rescuers: with worker creation failing (podwq's fail_create_worker
# fault injection), the items of a PODWQ_MEM_RECLAIM workqueue whose pool
# has no idle worker all run, on the workqueue's rescuer, while those of a
# plain workqueue on the same pool wait, and run once creation works
# again.  The monitor's mayday/rescued columns must show it.  The same on
# a per-CPU pool whose workers are all blocked, with its CPU up and then
# down (disassociated).  Also: the knob refuses bad values; creation
# failures print nothing; the rescuer's kthread exists with its
# workqueue and goes with it.
# topology: 2s2c2t-2n
# timeout: 200
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/rescue-lib.sh"

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi

t_eq "fail_create_worker is 0 by default" "$(cat $PODWQ_PARAMS/fail_create_worker)" 0
for v in -2 abc 1x ""; do
	bad_param $PODWQ_PARAMS/fail_create_worker "$v"
done
set_fail 3
t_eq "fail_create_worker=3 reads back" "$(cat $PODWQ_PARAMS/fail_create_worker)" 3
set_fail 0

rescue_load rescuer || exit 1
t_check "the MEM_RECLAIM workqueue has its rescuer kthread" \
	grep -qx 'podwq/R-rt_recl.*' /proc/[0-9]*/comm
t_check "the plain workqueue has none" sh -c "! grep -qx 'podwq/R-rt_plain.*' /proc/[0-9]*/comm"

set_fail -1
rescue_step queue
set_fail 0
rescue_step finish

# mayday and rescued as the monitor shows them: name total infl CPUtime
# CPUitsv CMW/RPR mayday rescued
podwq-dump monitor -i 0 '^rt_(reclaim|plain)$' >/tmp/mon 2>&1
sed 's/^/# /' /tmp/mon
t_check "monitor: rt_reclaim got maydays and its 8 items were rescued" \
	awk '$1 == "rt_reclaim" { f = 1; exit !($7 > 0 && $8 == 8) } END { if (!f) exit 1 }' /tmp/mon
t_check "monitor: rt_plain got no mayday and nothing rescued" \
	awk '$1 == "rt_plain" { f = 1; exit !($7 == "-" || ($7 == 0 && $8 == 0)) }
		END { if (!f) exit 1 }' /tmp/mon

# per-CPU: CPU 1 up, then CPU 3 down
echo 1 >$RESCUE_PARAMS/cpu
set_fail -1
rescue_step percpu
set_fail 0
rescue_step percpu_finish

if echo 0 >/sys/devices/system/cpu/cpu3/online; then
	echo 3 >$RESCUE_PARAMS/cpu
	set_fail -1
	rescue_step percpu
	set_fail 0
	rescue_step percpu_finish
	echo 1 >/sys/devices/system/cpu/cpu3/online
else
	t_fail "cpu3 goes offline"
fi

t_check "creation failures printed nothing" sh -c "! dmesg | grep -q 'failed to create'"
t_check "podwq_rescue_test unloads" rmmod podwq_rescue_test
t_check "the rescuer went with its workqueue" sh -c "! grep -q '^podwq/R-' /proc/[0-9]*/comm"
t_check "podwq unloads" podwq_unload
exit 0
