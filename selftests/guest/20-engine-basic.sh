# SPDX-License-Identifier: GPL-2.0
#
# The engine's core guarantees, exercised by a client module through
# podwq.h only (selftests/kmod/podwq_test.c): non-reentrancy under
# concurrent queueing from every CPU, flush, cancel and disable/enable
# semantics including races with running items, concurrency management on
# per-CPU pools, max_active, delayed work timing and unbound attributes.
# topology: smp4 2s2c2t-2n@6.1,6.12,7.2
# kernels: 6.1 6.12 7.2 6.12-rt
# timeout: 400
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/engine-lib.sh"

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
for t in reentrancy flush cancel disable cm maxactive delayed attrs; do
	echo "# podwq_test test=$t"
	engine_test "$t"
done
t_check "podwq unloads after the engine tests" podwq_unload
exit 0
