# SPDX-License-Identifier: GPL-2.0
#
# 1,000,000 work items queued from every CPU on a per-CPU and an unbound
# workqueue each run exactly once.
# topology: smp4
# timeout: 300
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/engine-lib.sh"

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
engine_test million
t_check "podwq unloads after a million items" podwq_unload
exit 0
