# SPDX-License-Identifier: GPL-2.0
#
# The stall watchdog: an unbound pool with an item stuck in its only busy
# worker and another item pending that no worker can take (worker
# creation fails) is reported once watchdog_thresh seconds pass without
# progress, naming the pool, the busy worker and its stuck function; a
# moving pool is not.  watchdog_thresh refuses bad values.
# topology: 2s2c2t-2n
# timeout: 200
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/rescue-lib.sh"

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi

T=$PODWQ_PARAMS/watchdog_thresh
t_eq "watchdog_thresh is 30 by default" "$(cat $T)" 30
for v in -1 3601 abc ""; do
	bad_param $T "$v"
done

echo 2 >$T
t_eq "watchdog_thresh=2 reads back" "$(cat $T)" 2
rescue_load watchdog || exit 1
rescue_step stick
sleep 5
t_check "a busy pool with nothing pending is not reported" \
	sh -c "! dmesg | grep -q 'podwq: pool [0-9]* stalled'"
set_fail -1
rescue_step queue
# a report comes within two periods of the threshold
for _ in $(seq 40); do
	dmesg | grep -q 'podwq: pool [0-9]* stalled for [0-9]*s' && break
	sleep 0.5
done
set_fail 0
dmesg | grep 'podwq: ' | head -n 8 | sed 's/^/# /'
re='^.*podwq: pool \([0-9]*\) stalled for \([0-9]*\)s: cpus=.*manager=yes pending=1$'
pool=$(dmesg | sed -n "s/$re/\\1 \\2/p" | head -n 1)
t_check "the stall is reported: the pool, for how long, its manager and pending item ($pool)" \
	test -n "$pool"
set -- $pool
t_check "after at least watchdog_thresh seconds ($2 s)" test "${2:-0}" -ge 2
dmesg >/tmp/log
busy="podwq:   pool $1: worker [0-9]+ \\(podwq/u$1:[0-9]+\\) runs"
busy="$busy podwq_rt_stuck_fn \\[podwq_rescue_test\\] from rt_stall for [0-9]+ ms"
t_check "the busy worker is named with its stuck function and workqueue" \
	grep -Eq "$busy" /tmp/log
t_check "and the pending item's function" \
	grep -q "podwq:   pool $1: pending plain_fn \\[podwq_rescue_test\\] from rt_stall" /tmp/log
rescue_step release
sleep 3
dmesg -c >/dev/null
sleep 5
t_check "once the pool moves again nothing is reported" \
	sh -c "! dmesg | grep -q 'podwq: pool [0-9]* stalled'"
echo 0 >$T
t_eq "watchdog_thresh=0 turns it off" "$(cat $T)" 0
echo 30 >$T
t_check "podwq_rescue_test unloads" rmmod podwq_rescue_test
t_check "podwq unloads" podwq_unload
exit 0
