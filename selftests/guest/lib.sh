# SPDX-License-Identifier: GPL-2.0
#
# Helpers for guest-side selftests (busybox sh).  Each test script prints
# one line per assertion:
#   ok - <description>
#   not ok - <description>
#   ok - <description> # SKIP <reason>
#   # <diagnostic>
# The host harness (selftests/run) numbers the lines into one TAP stream,
# counts them and prints "N passed, N failed".
#
# Paths inside the guest:
#   $PODWQ_DIR/podwq.ko          the module under test
#   $PODWQ_DIR/kmod/*.ko         selftest client modules (selftests/kmod)
#   $PODWQ_DIR/bin/              tools (podwq-dump, ...)
#   $PODWQ_DIR/selftests/guest/  these scripts
# $PODWQ_KERNEL is the kernel line (6.1, 6.12, 7.2).

PODWQ_DIR=${PODWQ_DIR:-/podwq}

t_ok()   { echo "ok - $*"; }
t_fail() { echo "not ok - $*"; }
t_diag() { echo "# $*"; }
t_skip() { echo "ok - $1 # SKIP $2"; }

# t_check DESC CMD...: ok when CMD succeeds.
t_check() {
	_d=$1
	shift
	if "$@"; then t_ok "$_d"; else t_fail "$_d"; fi
}

# t_eq DESC GOT WANT: ok when the two strings are equal.
t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1"
		t_diag "got:  '$2'"
		t_diag "want: '$3'"
	fi
}

podwq_load()   { insmod "$PODWQ_DIR/podwq.ko" "$@"; }

# podwq_unload: rmmod podwq, and check that it left nothing behind: none
# of its threads (podwq*) lives on and it reported no leaked object.
podwq_unload() {
	rmmod podwq || return 1
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_left=$(podwq_threads)
		[ -z "$_left" ] && break
		sleep 0.2
	done
	if [ -n "$_left" ]; then
		t_diag "podwq threads left after rmmod: $_left"
		return 1
	fi
	if dmesg | grep -q 'podwq: leaked'; then
		dmesg | grep 'podwq: leaked' | sed 's/^/# /'
		return 1
	fi
}

# podwq_threads: the names of live podwq threads (not zombies).  One cat
# and one sed: a read loop over /proc/*/stat in sh reads byte by byte and
# takes seconds under TCG.
podwq_threads() {
	cat /proc/[0-9]*/stat 2>/dev/null |
		sed -n 's/^[0-9]* (\(podwq[^)]*\)) [^Z].*$/\1/p' | tr '\n' ' '
}

# podwq_objects: podwq's live object counts (debugfs podwq/objects), one
# "<type> <count>" per line; workers left out unless "all" is given, as
# idle per-CPU workers come and go.
podwq_objects() {
	grep -q ' /sys/kernel/debug debugfs' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug
	if [ "$1" = all ]; then
		cat /sys/kernel/debug/podwq/objects
	else
		grep -v '^workers ' /sys/kernel/debug/podwq/objects
	fi
}

# vm_dump NAME: have the host dump this guest's memory into the runner's
# --dump-dir as NAME (an ELF vmcore with VMCOREINFO), and wait until it is
# written.  Returns non-zero when the host does not answer.
vm_dump() {
	exec 9</dev/ttyS2
	echo "PODWQ-VMCORE-REQUEST $1"
	_ack=
	# Skip anything else that reached the port (stray bytes at open).
	for _i in 1 2 3 4 5; do
		read -r -t 120 _ack <&9 || break
		case "$_ack" in
		*"PODWQ-VMCORE-DONE $1") break ;;
		*"PODWQ-VMCORE-FAILED $1") break ;;
		esac
		echo "# vm_dump: ignoring '$_ack' on ttyS2"
	done
	exec 9<&-
	case "$_ack" in
	*"PODWQ-VMCORE-DONE $1") return 0 ;;
	esac
	return 1
}
