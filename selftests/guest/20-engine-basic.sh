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
base=$(podwq_objects)
thresh=/sys/module/podwq/parameters/cpu_intensive_thresh_us
for t in reentrancy flush cancel disable cm maxactive delayed attrs node repatriate ordered; do
	echo "# podwq_test test=$t"
	# cm's busy items (20 ms each) must run one at a time: no
	# CPU-intensive detection (25-engine-stats.sh tests that)
	[ "$t" = cm ] && echo 0 >$thresh
	engine_test "$t"
	[ "$t" = cm ] && echo 10000 >$thresh
done

# Everything the tests created is freed again (pwq and pool releases run
# on podwq's release worker: give them a moment).
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(podwq_objects)" = "$base" ] && break
	sleep 0.3
done
t_eq "podwq's objects are back to their count after load" \
	"$(podwq_objects | tr '\n' ' ')" "$(echo "$base" | tr '\n' ' ')"
t_check "podwq unloads after the engine tests" podwq_unload
exit 0
