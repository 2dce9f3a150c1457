# SPDX-License-Identifier: GPL-2.0
#
# BH workqueues, through a client module (selftests/kmod/podwq_bh_test.c):
# items run in softirq context on the CPU they were queued on, from tasks,
# hard irqs and other CPUs (IPI); a softirq pass runs at most 10 items or
# 2 ms; flush and cancel, including cancel_work_sync of a running item;
# highpri items go through the HI softirq; a dead CPU's pending BH items
# run elsewhere; bad flag combinations are refused with a message.
# topology: smp4
# kernels: 6.1 6.12 7.2 6.12-rt
# timeout: 150
. "$PODWQ_DIR/selftests/guest/lib.sh"

KO=$PODWQ_DIR/kmod/podwq_bh_test.ko

results() {
	dmesg | sed -n 's/^.*podwq_bh_test: \(ok - .*\)$/\1/p
		s/^.*podwq_bh_test: \(not ok - .*\)$/\1/p
		s/^.*podwq_bh_test: \(# .*\)$/\1/p'
	if ! dmesg | grep -q "podwq_bh_test: done $1\$"; then
		t_fail "$1: podwq_bh_test ran to its end"
		dmesg | tail -n 20 | sed 's/^/# /'
	fi
}

bh_test() {
	dmesg -c >/dev/null
	if ! insmod "$KO" test="$1"; then
		t_fail "$1: podwq_bh_test loads"
		dmesg | tail -n 20 | sed 's/^/# /'
		return
	fi
	results "$1"
	rmmod podwq_bh_test || t_fail "$1: podwq_bh_test unloads"
}

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
t_diag "kernel $(uname -r), preemption: $(uname -v | grep -oE 'PREEMPT[_A-Z]*' | tr '\n' ' ')"

for t in context remote budget flush cancel highpri flags; do
	echo "# podwq_bh_test test=$t"
	bh_test "$t"
	if [ "$t" = flags ]; then
		t_eq "flags: each refused flag set says why" \
			"$(dmesg | grep -c 'PODWQ_BH allows only PODWQ_HIGHPRI and PODWQ_PERCPU')" 6
		t_eq "flags: a BH max_active other than 0 says why" \
			"$(dmesg | grep -c 'PODWQ_BH takes max_active 0')" 2
		t_eq "flags: setting a BH workqueue's max_active says why" \
			"$(dmesg | grep -c 'BH workqueues have no max_active to set')" 1
	fi
done

# a dead CPU's pending BH items run elsewhere
ncpus=$(grep -c ^processor /proc/cpuinfo)
if [ "$ncpus" -lt 2 ]; then
	t_skip "hotplug: dead CPU's BH items" "needs 2 CPUs"
else
	cpu=$((ncpus - 1))
	echo "# podwq_bh_test test=hotplug hp_cpu=$cpu"
	dmesg -c >/dev/null
	if insmod "$KO" test=hotplug hp_cpu=$cpu; then
		t_check "hotplug: CPU $cpu goes down" \
			sh -c "echo 0 >/sys/devices/system/cpu/cpu$cpu/online"
		t_check "hotplug: CPU $cpu comes back" \
			sh -c "echo 1 >/sys/devices/system/cpu/cpu$cpu/online"
		rmmod podwq_bh_test || t_fail "hotplug: podwq_bh_test unloads"
		results hotplug
		echo "# podwq_bh_test test=context after CPU $cpu came back"
		bh_test context
	else
		t_fail "hotplug: podwq_bh_test loads"
	fi
fi

t_check "podwq unloads after the BH tests" podwq_unload
exit 0
