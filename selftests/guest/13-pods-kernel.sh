#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 13-pods-kernel.sh: podwq's pods against the guest kernel's own pods
# (Linux 6.6+: affinity scopes), as the kernel applies them.
#
# A strict (affinity_strict=1) unbound workqueue gets one pool per pod of
# its scope, and each pool's workers may run on exactly that pod's CPUs.
# The writeback workqueue is WQ_SYSFS: give it each scope in turn, with a
# nice value of its own, so that fresh pools are made.  The kernel's pods
# for that scope are then the Cpus_allowed_list values of the kworker/u*
# threads with that nice value.  The workqueue's default pwq adds one pool
# over all the CPUs, which may be no pod of podwq's.
#
# The kernel built its pods at boot, when every CPU was online; keep them
# online while this runs.
#
# topology: 2s2c2t-2n 2s2d2c2t-2n llc20 4llc@7.2
# timeout: 300

PODS_LIB=1
. "$(dirname "$0")/10-pods-topology.sh"

wq=/sys/devices/virtual/workqueue/writeback
if [ ! -w "$wq/affinity_scope" ] || [ ! -w "$wq/affinity_strict" ]; then
	t_skip "podwq's pods equal the kernel's" "kernel without affinity scopes"
	exit 0
fi
possible=$(cat /sys/devices/system/cpu/possible)
if [ "$(cat /sys/devices/system/cpu/online)" != "$possible" ]; then
	t_skip "podwq's pods equal the kernel's" "not every possible CPU is online"
	exit 0
fi

# kernel_pods NICE: the CPU lists of the unbound workers at nice NICE.
# One grep and one awk over every kworker/u*'s stat and status (a fork
# per task takes seconds under TCG); field 19 of stat is the nice value.
kernel_pods() {
	_files=$(grep -l '^kworker/u' /proc/[0-9]*/comm 2>/dev/null |
		sed 's|/comm$|/stat|p; s|/stat$|/status|')
	[ -n "$_files" ] || return 0
	# shellcheck disable=SC2086
	grep -H . $_files 2>/dev/null | awk -v nice="$1" '
		{
			i = index($0, ":")
			f = substr($0, 1, i - 1); l = substr($0, i + 1)
			d = f; sub(/\/[^\/]*$/, "", d)
		}
		f ~ /\/stat$/ { split(l, s, " "); ok[d] = (s[19] == nice) }
		f ~ /\/status$/ && l ~ /^Cpus_allowed_list:/ && ok[d] {
			sub(/^Cpus_allowed_list:[[:space:]]*/, "", l); print l
		}' | sort -u
}

if ! podwq_load; then
	t_fail "insmod podwq.ko"
	exit 0
fi
pods_mount_debugfs

old_nice=$(cat "$wq/nice")
old_strict=$(cat "$wq/affinity_strict")
echo 1 >"$wq/affinity_strict"

nice=0
for s in $PODS_SCOPES; do
	nice=$((nice + 1))
	# 6.6-6.12 match scope names by prefix: cache_shard reads back cache
	if ! echo "$s" >"$wq/affinity_scope" 2>/dev/null ||
	   [ "$(cat "$wq/affinity_scope")" != "$s" ]; then
		t_skip "$s pods equal the kernel's" "the kernel has no $s scope"
		continue
	fi
	echo "$nice" >"$wq/nice"
	theirs=$(kernel_pods "$nice")
	ours=$(grep "^$s pod " "$PODS_FILE" | awk '{ print $7 }' | sort -u)
	# every pod of ours is a pool; any other pool spans all the CPUs
	diff=$({ printf '%s\n' "$ours" | sed 's/^/ours /'
		 printf '%s\n' "$theirs" | sed 's/^/theirs /'; } |
		awk -v all="$possible" '
		$2 == "" { next }
		$1 == "ours" { o[$2] = 1 }
		$1 == "theirs" { t[$2] = 1 }
		END {
			for (k in t) if (!(k in o) && k != all) print "extra:" k
			for (k in o) if (!(k in t)) print "missing:" k
		}')
	if [ -n "$theirs" ] && [ -z "$diff" ]; then
		t_ok "$s pods equal the kernel's"
		t_diag "kernel's $s pools: $(echo $theirs)"
	else
		t_fail "$s pods equal the kernel's"
		t_diag "kernel: $(echo $theirs)"
		t_diag "podwq:  $(echo $ours)"
		t_diag "$(echo $diff)"
	fi
done

echo default >"$wq/affinity_scope"
echo "$old_nice" >"$wq/nice"
echo "$old_strict" >"$wq/affinity_strict"
podwq_unload || t_fail "rmmod podwq"
