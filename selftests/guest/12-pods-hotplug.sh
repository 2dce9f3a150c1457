#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 12-pods-hotplug.sh: the pods when a CPU is offline at insmod.  podwq
# builds its pods at load time (the kernel does so at boot, with every CPU
# online), so an offline CPU has no SMT siblings: it is an smt pod, and a
# core, of its own.  Its LLC still comes from its APIC ID, so it stays in
# its cache pod.  The expectation is the all-online topology, read before
# the CPU goes offline, with the CPU taken out of its sibling group.
#
# topology: 2s2c2t-2n 2s2d2c2t-2n llc20 4llc@7.2
# timeout: 240

PODS_LIB=1
. "$(dirname "$0")/10-pods-topology.sh"

possible=$(cat /sys/devices/system/cpu/possible)
victim=${possible##*[-,]}
online=/sys/devices/system/cpu/cpu$victim/online

if [ "$victim" = 0 ] || [ ! -w "$online" ]; then
	t_skip "pods with a CPU offline at insmod" "no CPU can go offline"
	exit 0
fi

# the topology facts with $victim alone in its SMT group
facts=$(pods_facts | awk -v v="$victim" "$PODS_AWK_LIB"'
$1 == "cpu" {
	if ($2 == v) {
		$4 = v
	} else {
		n = expand($4, a); m = 0; split("", b)
		for (i = 1; i <= n; i++)
			if (a[i] != v)
				b[++m] = a[i]
		$4 = compress(b, m)
	}
}
{ print }')

if ! echo 0 >"$online"; then
	t_fail "offline CPU $victim"
	exit 0
fi
t_diag "CPU $victim offline"

if podwq_load; then
	t_ok "insmod with CPU $victim offline"
	pods_mount_debugfs
	# pods_expected reads sysfs; feed it the facts from before instead
	want=$(printf '%s\n' "$facts" | awk -v size=8 -v groups= "$PODS_AWK")
	pods_compare "CPU $victim offline" "$want" "$(cat "$PODS_FILE")"
	podwq_unload || t_fail "rmmod with CPU $victim offline"
else
	t_fail "insmod with CPU $victim offline"
fi

echo 1 >"$online"
t_eq "CPU $victim back online" "$(cat "$online")" 1

# and with every CPU online again, the pods are the boot-time ones
if podwq_load; then
	pods_mount_debugfs
	pods_compare "CPU $victim online again" "$(pods_expected 8)" "$(cat "$PODS_FILE")"
	podwq_unload
else
	t_fail "insmod with CPU $victim online again"
fi
