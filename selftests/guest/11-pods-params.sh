#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 11-pods-params.sh: the pods' load-time parameters.  cache_shard_size=N
# and llc_groups=... must change the pods exactly as 10-pods-topology.sh's
# independent computation says; default_affinity_scope=SCOPE sets the
# default; bad values must refuse the load with a message in the kernel
# log.
#
# topology: 2s2c2t-2n 2s2d2c2t-2n llc20 4llc@7.2
# timeout: 480

PODS_LIB=1
. "$(dirname "$0")/10-pods-topology.sh"

possible=$(cat /sys/devices/system/cpu/possible)
last=${possible##*[-,]}

# pods_try DESC SHARD_SIZE LLC_GROUPS INSMOD_ARGS...: load, compare, unload
pods_try() {
	_desc=$1 _size=$2 _groups=$3
	shift 3
	if ! podwq_load "$@"; then
		t_fail "$_desc: insmod $*"
		return
	fi
	pods_mount_debugfs
	pods_compare "$_desc" "$(pods_expected "$_size" "$_groups")" "$(cat "$PODS_FILE")"
	if [ -n "$_groups" ]; then
		t_eq "$_desc: llc_source" "$(pods_field llc_source)" llc_groups
	fi
	t_eq "$_desc: cache_shard_size reads back" \
		"$(cat $PODS_PARAMS/cache_shard_size) $(pods_field cache_shard_size)" \
		"$_size $_size"
	podwq_unload || t_fail "$_desc: rmmod"
}

# pods_refused DESC LOG_PATTERN INSMOD_ARGS...: the load fails, says so
pods_refused() {
	_desc=$1 _pat=$2
	shift 2
	_before=$(pods_dmesg_count "$_pat")
	if podwq_load "$@" 2>/dev/null; then
		t_fail "$_desc: insmod $* is refused"
		podwq_unload
		return
	fi
	_after=$(pods_dmesg_count "$_pat")
	if [ "$_after" -gt "$_before" ] && [ ! -d /sys/module/podwq ]; then
		t_ok "$_desc: insmod $* is refused with a message"
	else
		t_fail "$_desc: insmod $* is refused with a message"
		t_diag "no new kernel log line matching '$_pat'"
		dmesg | tail -n 5 | sed 's/^/#   /'
	fi
}

# Sizes between 1 and the LLC's core count only differ where an LLC has
# more than a few cores (llc20): elsewhere 1 and 1000 cover every outcome,
# and each load costs seconds under TCG.
biggest_llc=$(pods_expected 8 | awk '$1 == "cache" && $2 == "pod" {
	n = split($7, r, ","); c = 0
	for (i = 1; i <= n; i++) {
		if (split(r[i], ab, "-") == 2) c += ab[2] - ab[1] + 1; else c++
	}
	if (c > m) m = c
} END { print m + 0 }')
sizes="1 1000"
[ "$biggest_llc" -gt 8 ] && sizes="1 2 3 5 1000"
t_diag "largest LLC: $biggest_llc CPUs; cache_shard_size tried: $sizes"
for n in $sizes; do
	pods_try "cache_shard_size=$n" "$n" "" "cache_shard_size=$n"
done

# llc_groups: all CPUs in one LLC, then one LLC per SMT sibling group
pods_try "llc_groups=$possible" 8 "$possible" "llc_groups=$possible"
pods_try "llc_groups=$possible size 3" 3 "$possible" \
	"llc_groups=$possible" cache_shard_size=3
smt_groups=$(cat /sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list |
	sort -u -t- -k1,1n | awk '{ printf "%s%s", sep, $1; sep = ";" }')
pods_try "llc_groups=SMT groups" 1 "$smt_groups" \
	"llc_groups=$smt_groups" cache_shard_size=1

# default_affinity_scope at load time
if podwq_load default_affinity_scope=numa; then
	pods_mount_debugfs
	t_eq "default_affinity_scope=numa at insmod" \
		"$(cat $PODS_PARAMS/default_affinity_scope) $(pods_field default_affinity_scope)" \
		"numa numa"
	podwq_unload
else
	t_fail "default_affinity_scope=numa at insmod"
fi

pods_refused "cache_shard_size=0" "cache_shard_size: '0' is not" cache_shard_size=0
pods_refused "cache_shard_size=abc" "cache_shard_size: 'abc' is not" cache_shard_size=abc
pods_refused "default_affinity_scope=bogus" \
	"default_affinity_scope: unknown scope 'bogus'" default_affinity_scope=bogus
pods_refused "default_affinity_scope=default" \
	"default_affinity_scope: unknown scope 'default'" default_affinity_scope=default
pods_refused "llc_groups not a cpulist" "llc_groups: group 'x' is not" llc_groups=x
pods_refused "llc_groups beyond the possible CPUs" "not possible" \
	"llc_groups=0-$((last + 1))"
if [ "$last" -ge 2 ]; then
	pods_refused "llc_groups overlapping" "overlaps an earlier group" \
		"llc_groups=0-1;1-2"
fi
sib0=$(cat /sys/devices/system/cpu/cpu0/topology/thread_siblings_list)
if [ "$sib0" != 0 ]; then
	pods_refused "llc_groups splitting SMT siblings" "splits the SMT siblings" \
		"llc_groups=0;1-$last"
else
	t_skip "llc_groups splitting SMT siblings is refused" "no SMT"
fi
