# SPDX-License-Identifier: GPL-2.0
#
# Workers are created on demand and surplus idle ones exit after
# idle_timeout seconds, down to the two idle workers a pool keeps.
# topology: smp4
# timeout: 120
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/engine-lib.sh"

cpu=1
[ -e /sys/devices/system/cpu/cpu1 ] || cpu=0
count() { worker_pids "^podwq/$cpu:[0-9]+\$" | wc -l; }

if ! podwq_load idle_timeout=2; then
	t_fail "podwq loads with idle_timeout=2"
	exit 1
fi
t_eq "idle_timeout is a module parameter" \
	"$(cat /sys/module/podwq/parameters/idle_timeout)" 2
t_eq "one worker per pool to start with" "$(count)" 1

if ! engine_start cull cull_cpu=$cpu; then
	t_fail "podwq_test test=cull loads"
	exit 1
fi
n=$(count)
if [ "$n" -ge 8 ]; then
	t_ok "a burst of sleeping items created workers ($n)"
else
	t_fail "a burst of sleeping items created workers ($n)"
fi
i=0
while [ $i -lt 30 ] && [ "$(count)" -gt 2 ]; do
	sleep 1
	i=$((i + 1))
done
t_eq "surplus idle workers exit after idle_timeout" "$(count)" 2
t_diag "culled within ${i}s"
engine_stop cull
t_check "podwq unloads" podwq_unload
exit 0
