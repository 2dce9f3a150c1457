# SPDX-License-Identifier: GPL-2.0
#
# The "make run" demo, inside the guest: load podwq, put it to work and
# show its state.  Not a test (no ok/not ok lines).
. "$PODWQ_DIR/selftests/guest/lib.sh"

banner() { printf '\n=== %s\n' "$*"; }

banner "guest: Linux $(uname -r), $(nproc) CPUs, $(ls -d /sys/devices/system/node/node* | wc -l) NUMA node(s)"
podwq_load || exit 1
banner "dmesg"
dmesg | grep podwq
banner "/sys/kernel/podwq"
for f in /sys/kernel/podwq/*; do
	[ -f "$f" ] && printf '%-40s %s\n' "$f" "$(cat "$f")"
done
banner "module parameters"
for f in /sys/module/podwq/parameters/*; do
	printf '%-40s %s\n' "${f##*/}" "$(cat "$f")"
done
if [ -r /sys/kernel/debug/podwq/pods ]; then
	banner "affinity pods (debugfs podwq/pods)"
	cat /sys/kernel/debug/podwq/pods
fi
# A demo load: the benchmark module's loads, through podwq only.
ctl=/sys/kernel/debug/podwq_bench/run
if insmod "$PODWQ_DIR/kmod/podwq_bench.ko" 2>/dev/null; then
	banner "demo load (podwq_bench.ko, podwq side)"
	for l in "percpu podwq items=20000" "unbound podwq items=20000" \
		 "sleep podwq items=256" "flush podwq n=5000"; do
		echo "$l" >"$ctl" && printf '%-28s %s\n' "$l" "$(cat "$ctl")"
	done
	banner "a sysfs workqueue: /sys/kernel/podwq/podwq_bench_unbound"
	for f in /sys/kernel/podwq/podwq_bench_unbound/*; do
		[ -f "$f" ] && printf '%-18s %s\n' "${f##*/}" "$(cat "$f")"
	done
	banner "podwq worker threads"
	for d in /proc/[0-9]*; do
		read -r c <"$d/comm" 2>/dev/null || continue
		case "$c" in podwq/*) echo "${d#/proc/} $c" ;; esac
	done | sort -k2 | head -n 20
fi
if [ -x "$PODWQ_DIR/bin/podwq-dump" ]; then
	banner "podwq-dump"
	podwq-dump
fi
lsmod | grep -q '^podwq_bench ' && rmmod podwq_bench
podwq_unload
banner "podwq unloaded"
