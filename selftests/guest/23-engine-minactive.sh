# SPDX-License-Identifier: GPL-2.0
#
# min_active of unbound workqueues (podwq_workqueue_set_min_active()): on
# two nodes of four CPUs, a workqueue with max_active 4 gives each node a
# share of 2, yet a node runs min_active items at once when that is more;
# min_active is clamped to max_active and follows it down.  Like Linux
# 7.2, podwq has no min_active sysfs attribute.
# topology: 2s2c2t-2n
# timeout: 120
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/rescue-lib.sh"

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
rescue_load minactive
t_check "podwq_rescue_test unloads" rmmod podwq_rescue_test
t_check "podwq unloads" podwq_unload
exit 0
