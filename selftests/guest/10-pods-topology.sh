#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 10-pods-topology.sh: podwq's affinity pods (debugfs podwq/pods) against
# what the guest kernel's own sysfs says they must be, and the run-time
# default_affinity_scope parameter.
#
# The expected pods are computed here, independently of the module, from
#   /sys/devices/system/cpu/possible
#   /sys/devices/system/cpu/cpuN/topology/{thread,core}_siblings_list
#   /sys/devices/system/cpu/cpuN/cache/indexM/{level,type,shared_cpu_list}
#   /sys/devices/system/node/nodeN/cpulist
# by the rules of Documentation/pods.rst: cpu: one pod per CPU; smt: the
# thread siblings; cache: the CPUs sharing the highest-level data/unified
# cache (the package when sysfs has none) and the same node; cache_shard:
# Linux 7.2's split of each cache pod into cores; numa: the node; system:
# everything, node -1.  Pods are numbered by their lowest CPU, a pod's node
# is its highest CPU's.
#
# Sourced with PODS_LIB=1 it only defines the pods_* helpers, for the
# other 1x-pods-*.sh tests.  PODS_SYS points the sysfs reads at a fake
# tree, for trying the expectations on a host:
#   PODS_SYS=/tmp/fake PODS_LIB=1 . ./10-pods-topology.sh; pods_expected 8
#
# topology: 2s2c2t-2n 2s2d2c2t-2n llc20 4llc@7.2
# timeout: 240

. "$(dirname "$0")/lib.sh"

PODS_SYS=${PODS_SYS:-/sys}
PODS_FILE=/sys/kernel/debug/podwq/pods
PODS_PARAMS=/sys/module/podwq/parameters
PODS_SCOPES="cpu smt cache cache_shard numa system"

# pods_facts: the topology as lines for PODS_AWK:
#   node N CPULIST
#   cpu N smt CPULIST llc CPULIST pkg CPULIST   ("-": sysfs has none)
pods_facts() {
	_c=$PODS_SYS/devices/system/cpu
	for _n in "$PODS_SYS"/devices/system/node/node[0-9]*; do
		[ -r "$_n/cpulist" ] || continue
		echo "node ${_n##*node} $(cat "$_n/cpulist")"
	done
	echo "possible $(cat "$_c/possible")"
	# Every file in one grep and one awk: a cat per file, hundreds of
	# forks on 20 CPUs, takes seconds under TCG.  A cache index counts
	# when its level is readable; the highest level wins, the last index
	# in glob order among equals.
	grep -H . "$_c"/cpu[0-9]*/topology/thread_siblings_list \
		"$_c"/cpu[0-9]*/topology/core_siblings_list \
		"$_c"/cpu[0-9]*/cache/index[0-9]*/level \
		"$_c"/cpu[0-9]*/cache/index[0-9]*/type \
		"$_c"/cpu[0-9]*/cache/index[0-9]*/shared_cpu_list 2>/dev/null |
	awk -v pfx="$_c/cpu" -v possible="$(cat "$_c/possible")" "$PODS_AWK_LIB"'
	index($0, pfx) == 1 {
		r = substr($0, length(pfx) + 1)
		i = index(r, ":")
		v = substr(r, i + 1)
		n = split(substr(r, 1, i - 1), f, "/")
		cpu = f[1]
		if (f[2] == "topology")
			val[cpu, f[3]] = v
		else if (f[2] == "cache" && n == 4) {
			if (f[4] == "level") {
				if (!((cpu, f[3]) in lvl))
					idx[cpu, ++nidx[cpu]] = f[3]
				lvl[cpu, f[3]] = v
			} else
				val[cpu, f[3], f[4]] = v
		}
	}
	END {
		n = expand(possible, a)
		for (i = 1; i <= n; i++) {
			cpu = a[i]; llc = ""; best = 0
			for (j = 1; j <= nidx[cpu]; j++) {
				x = idx[cpu, j]
				if (val[cpu, x, "type"] == "Instruction")
					continue
				if (lvl[cpu, x] + 0 >= best) {
					best = lvl[cpu, x] + 0
					llc = val[cpu, x, "shared_cpu_list"]
				}
			}
			smt = val[cpu, "thread_siblings_list"]
			pkg = val[cpu, "core_siblings_list"]
			print "cpu " cpu " smt " (smt == "" ? "-" : smt) \
				" llc " (llc == "" ? "-" : llc) " pkg " (pkg == "" ? "-" : pkg)
		}
	}'
}

# cpulist <-> arrays, as the kernel's %*pbl prints them
PODS_AWK_LIB='
function expand(list, arr,    n, parts, i, r, a, b, k, cnt) {
	split("", arr)
	cnt = 0
	if (list == "-" || list == "")
		return 0
	n = split(list, parts, ",")
	for (i = 1; i <= n; i++) {
		if (split(parts[i], r, "-") == 2) {
			a = r[1] + 0; b = r[2] + 0
		} else {
			a = parts[i] + 0; b = a
		}
		for (k = a; k <= b; k++)
			arr[++cnt] = k
	}
	return cnt
}
function compress(arr, n,    i, s, start) {
	s = ""
	for (i = 1; i <= n; i++) {
		start = arr[i]
		while (i < n && arr[i + 1] == arr[i] + 1)
			i++
		s = s (s == "" ? "" : ",") (arr[i] == start ? start : start "-" arr[i])
	}
	return s
}
'

# Pods from a key per CPU: CPUs with equal keys share a pod, pods are
# numbered by their lowest CPU (the kernel'"'"'s init_pod_type()).
PODS_AWK="$PODS_AWK_LIB"'
function pods(scope, key, sysnode,    i, cpu, k, np, pod, cnt, members, c, j, line) {
	split("", podof); split("", cnt); split("", members); split("", podnode)
	np = 0
	for (i = 1; i <= ncpu; i++) {
		cpu = cpus[i]; k = key[cpu]
		if (!(k in podof))
			podof[k] = np++
		pod = podof[k]
		cpupod[cpu] = pod
		members[pod, ++cnt[pod]] = cpu
		podnode[pod] = (sysnode != "") ? sysnode : node[cpu]
	}
	print scope " nr_pods " np
	for (pod = 0; pod < np; pod++) {
		split("", c)
		for (j = 1; j <= cnt[pod]; j++)
			c[j] = members[pod, j]
		print scope " pod " pod " node " podnode[pod] " cpus " compress(c, cnt[pod])
	}
	nr_pods = np
	line = scope " cpu_pod"
	for (i = 1; i <= ncpu; i++)
		line = line " " cpus[i] ":" cpupod[cpus[i]]
	print line
}
$1 == "node" {
	n = expand($3, a)
	for (i = 1; i <= n; i++)
		node[a[i]] = $2
}
$1 == "cpu" {
	cpus[++ncpu] = $2
	smt[$2] = $4; llc[$2] = $6; pkg[$2] = $8
}
END {
	for (i = 1; i <= ncpu; i++)
		if (!(cpus[i] in node))
			node[cpus[i]] = 0

	# cpu
	for (i = 1; i <= ncpu; i++)
		k_cpu[cpus[i]] = cpus[i]
	pods("cpu", k_cpu)

	# smt: the thread siblings; leader[] is the lowest of them
	for (i = 1; i <= ncpu; i++) {
		cpu = cpus[i]
		if (expand(smt[cpu], a) && smt[cpu] != "-") {
			k_smt[cpu] = smt[cpu]; leader[cpu] = a[1]
		} else {
			k_smt[cpu] = "self" cpu; leader[cpu] = cpu
		}
	}
	pods("smt", k_smt)

	# cache: llc_groups, else the LLC (else the package) within a node
	if (groups != "") {
		ng = split(groups, g, ";")
		for (i = 1; i <= ncpu; i++)
			k_llc[cpus[i]] = "self" cpus[i]
		for (j = 1; j <= ng; j++) {
			n = expand(g[j], a)
			for (i = 1; i <= n; i++)
				k_llc[a[i]] = "group" j
		}
	} else {
		for (i = 1; i <= ncpu; i++) {
			cpu = cpus[i]
			if (llc[cpu] != "-")
				k_llc[cpu] = llc[cpu] "@" node[cpu]
			else if (pkg[cpu] != "-")
				k_llc[cpu] = "pkg" pkg[cpu] "@" node[cpu]
			else
				k_llc[cpu] = "self" cpu
		}
	}
	pods("cache", k_llc)
	ncache = nr_pods

	# cache_shard: Linux 7.2 llc_populate_cpu_shard_id() on each cache pod
	for (i = 1; i <= ncpu; i++)
		llcpod[cpus[i]] = cpupod[cpus[i]]
	for (p = 0; p < ncache; p++) {
		cores = 0
		for (i = 1; i <= ncpu; i++)
			if (llcpod[cpus[i]] == p && leader[cpus[i]] == cpus[i])
				cores++
		nsh = int((cores + int(size / 2)) / size)
		if (nsh < 1)
			nsh = 1
		per = int(cores / nsh); large = cores % nsh
		sh = 0; insh = 0
		for (i = 1; i <= ncpu; i++) {
			cpu = cpus[i]
			if (llcpod[cpu] != p)
				continue
			if (leader[cpu] != cpu) {
				shard[cpu] = shard[leader[cpu]]
				continue
			}
			if (insh == per + (sh < large)) {
				sh++; insh = 0
			}
			insh++
			shard[cpu] = sh
		}
	}
	for (i = 1; i <= ncpu; i++)
		k_shard[cpus[i]] = llcpod[cpus[i]] "." shard[cpus[i]]
	pods("cache_shard", k_shard)

	# numa
	for (i = 1; i <= ncpu; i++)
		k_numa[cpus[i]] = node[cpus[i]]
	pods("numa", k_numa)

	# system
	for (i = 1; i <= ncpu; i++)
		k_sys[cpus[i]] = 0
	pods("system", k_sys, -1)
}
'

# pods_expected SHARD_SIZE [LLC_GROUPS]: what podwq/pods must list
pods_expected() {
	pods_facts | awk -v size="$1" -v groups="${2:-}" "$PODS_AWK"
}

pods_mount_debugfs() {
	[ -d /sys/kernel/debug/podwq ] && return 0
	grep -q ' /sys/kernel/debug debugfs' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug
}

# pods_compare WHAT EXPECTED ACTUAL: one assertion per scope
pods_compare() {
	for _s in $PODS_SCOPES; do
		_want=$(printf '%s\n' "$2" | grep "^$_s ")
		_got=$(printf '%s\n' "$3" | grep "^$_s ")
		if [ -n "$_want" ] && [ "$_got" = "$_want" ]; then
			t_ok "$1: $_s pods"
		else
			t_fail "$1: $_s pods"
			printf '%s\n' "$_got" | sed 's/^/#   got:  /'
			printf '%s\n' "$_want" | sed 's/^/#   want: /'
		fi
	done
}

# pods_field NAME: a header line's value in podwq/pods
pods_field() {
	sed -n "s/^$1 //p" "$PODS_FILE"
}

# pods_dmesg_count PATTERN: how many kernel log lines match
pods_dmesg_count() {
	dmesg | grep -c -- "$1"
}

# pods_cache_shards: the cache_shard pods' cpulists, space-separated
pods_cache_shards() {
	grep '^cache_shard pod ' "$PODS_FILE" | awk '{ printf "%s%s", sep, $7; sep = " " }'
}

[ "${PODS_LIB:-}" = 1 ] && return 0

# --- the test ------------------------------------------------------------

if ! podwq_load; then
	t_fail "insmod podwq.ko"
	exit 0
fi
t_ok "insmod podwq.ko"
pods_mount_debugfs
if [ ! -r "$PODS_FILE" ]; then
	t_fail "debugfs podwq/pods exists"
	podwq_unload
	exit 0
fi

t_diag "$(grep -c '^cpu pod ' "$PODS_FILE") CPUs, $(pods_field llc_source | head -n 1)"
t_diag "cache pods: $(grep '^cache pod ' "$PODS_FILE" | awk '{ printf "%s ", $7 }')"
t_eq "cache_shard_size defaults to 8" "$(cat $PODS_PARAMS/cache_shard_size)" 8
pods_compare "defaults" "$(pods_expected 8)" "$(cat "$PODS_FILE")"

# Linux 7.2 on one 20-core LLC: 3 shards of 7, 7 and 6 cores (FACTS.md)
if [ "$(grep '^cache pod ' "$PODS_FILE" | awk '{ print $7 }')" = 0-19 ] &&
   [ "$(pods_field 'smt nr_pods')" = 20 ]; then
	t_eq "one 20-core LLC: 7.2's shards" "$(pods_cache_shards)" "0-6 7-13 14-19"
else
	t_skip "one 20-core LLC: 7.2's shards" "not that topology"
fi

# default_affinity_scope at run time
p=$PODS_PARAMS/default_affinity_scope
t_eq "default_affinity_scope defaults to cache_shard" "$(cat $p)" cache_shard
for s in cpu smt cache numa system cache_shard; do
	if echo "$s" >$p; then
		t_eq "default_affinity_scope takes $s" \
			"$(cat $p) $(pods_field default_affinity_scope)" "$s $s"
	else
		t_fail "default_affinity_scope takes $s"
	fi
done
echo numa >$p
for s in bogus default "cache shard" ""; do
	before=$(pods_dmesg_count "default_affinity_scope: unknown scope")
	if (echo "$s" >$p) 2>/dev/null; then
		t_fail "default_affinity_scope refuses '$s'"
	else
		after=$(pods_dmesg_count "default_affinity_scope: unknown scope")
		t_eq "default_affinity_scope refuses '$s' with a message, keeps numa" \
			"$(cat $p) $((after - before))" "numa 1"
	fi
done
echo cache_shard >$p

if podwq_unload; then
	t_ok "rmmod podwq"
else
	t_fail "rmmod podwq"
fi
t_check "debugfs podwq/pods is gone after rmmod" [ ! -e "$PODS_FILE" ]
