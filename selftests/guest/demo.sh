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
if [ -e "$PODWQ_DIR/kmod/podwq_demo.ko" ]; then
	banner "demo load"
	insmod "$PODWQ_DIR/kmod/podwq_demo.ko" && sleep 1
fi
if [ -x "$PODWQ_DIR/bin/podwq-dump" ]; then
	banner "podwq-dump"
	podwq-dump
fi
[ -e "$PODWQ_DIR/kmod/podwq_demo.ko" ] && rmmod podwq_demo
podwq_unload
banner "podwq unloaded"
