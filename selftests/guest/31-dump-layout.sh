#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 31-dump-layout.sh: podwq-dump's live output after podwq_dumpset.ko has
# created one workqueue of each kind, checked against what the guest
# itself says:
#   - Affinity Scopes: every scope's pods against the pods computed from
#     sysfs (10-pods-topology.sh's pods_expected), the default marked;
#   - Worker Pools: two per-CPU pools (nice 0 and -20) per possible CPU,
#     and two BH pools (nice 0 and -20, flag PODWQ_POOL_BH, " bh");
#   - Workqueue CPU -> pool: each per-CPU workqueue maps CPU N to CPU N's
#     pool of its priority, a BH one (type "bh") to CPU N's BH pool of its
#     priority, each unbound one to pools whose pod is CPU N's
#     pod in its scope, with its nice, strictness and CPUs, its default
#     pool spanning all of them; ordered workqueues use one pool;
#   - Workqueue -> rescuer: exactly the MEM_RECLAIM workqueues, each with
#     its own podwq/R-* rescuer, idle on the unbound CPUs;
#   - node_nr/max_active: the online CPUs and each node's CPUs from sysfs,
#     a row per unbound workqueue.
# topology: 2s2c2t-2n
# timeout: 150

PODS_LIB=1
. "$(dirname "$0")/10-pods-topology.sh"
. "$(dirname "$0")/dump-lib.sh"

podwq_load || { t_fail "podwq loads"; exit 0; }
insmod "$PODWQ_DIR/kmod/podwq_dumpset.ko" || { t_fail "podwq_dumpset loads"; exit 0; }

podwq-dump >/tmp/dump 2>/tmp/dump.err
t_eq "podwq-dump exits 0 with nothing on stderr" "$? $(wc -c </tmp/dump.err)" "0 0"
titles=$(grep -B1 '^=\+$' /tmp/dump | grep -v '^=\+$\|^--$' | tr '\n' ';')
t_eq "the five sections of wq_dump.py, in its order" "$titles" \
	"Affinity Scopes;Worker Pools;Workqueue CPU -> pool;Workqueue -> rescuer;Unbound workqueue -> node_nr/max_active;"

# --- Affinity Scopes --------------------------------------------------------
dump_section "Affinity Scopes" </tmp/dump >/tmp/scopes
pods_compare "podwq-dump" "$(pods_expected "$(cat "$PODS_PARAMS/cache_shard_size")")" \
	"$(dump_pods </tmp/scopes)"
dfl=$(cat "$PODS_PARAMS/default_affinity_scope" | tr a-z A-Z)
t_eq "the default scope is marked" "$(grep '(default)$' /tmp/scopes)" "$dfl (default)"
possible=$(cat /sys/devices/system/cpu/possible)
t_eq "wq_unbound_cpumask is the possible CPUs" \
	"$(sed -n 's/^wq_unbound_cpumask=//p' /tmp/scopes | awk "$PODS_AWK_LIB$DUMP_AWK_LIB"'{ print mask2list($0) }')" \
	"$possible"

# --- pools and workqueues ---------------------------------------------------
dump_section "Worker Pools" </tmp/dump >/tmp/pools
dump_section "Workqueue CPU -> pool" </tmp/dump >/tmp/wqs
pods_expected "$(cat "$PODS_PARAMS/cache_shard_size")" >/tmp/expected

# One awk pass over the expected pods ("E ..."), the pools ("P ...") and
# the workqueue rows ("W ..."): prints "ok NAME" or "bad NAME: why".
{
	sed 's/^/E /' /tmp/expected
	sed 's/^/P /' /tmp/pools
	sed 's/^/W /' /tmp/wqs
} | awk -v dfl="$(cat "$PODS_PARAMS/default_affinity_scope")" \
	"$PODS_AWK_LIB$DUMP_AWK_LIB"'
	$1 == "E" && $3 == "pod" { podcpus[$2, $4] = $8 }
	$1 == "E" && $3 == "cpu_pod" {
		for (i = 4; i <= NF; i++) { split($i, kv, ":"); podof[$2, kv[1]] = kv[2] }
	}
	$1 == "P" {
		line = substr($0, 3)
		id = line; sub(/^pool\[/, "", id); sub(/\].*/, "", id); id += 0
		nice[id] = line; sub(/.* nice= */, "", nice[id]); sub(/ .*/, "", nice[id])
		if (line ~ / cpu= *[0-9]+/) {
			c = line; sub(/.* cpu= */, "", c); sub(/ .*/, "", c)
			cpu[id] = c + 0
			bh[id] = line ~ / bh$/
			fl = line; sub(/.* flags=0x/, "", fl); sub(/ .*/, "", fl)
			# PODWQ_POOL_BH is bit 0 of flags
			if ((index("13579bdf", substr(fl, length(fl), 1)) > 0) != bh[id])
				bad_flags = bad_flags " pool" id
			if (bh[id])
				bhpc[c + 0, nice[id]]++
			else
				percpu[c + 0, nice[id]]++
		} else {
			cpu[id] = -1
			m = line; sub(/.* cpus=/, "", m); sub(/ pod_cpus=.*/, "", m)
			cpus[id] = mask2list(m)
			m = line; sub(/.* pod_cpus=/, "", m); sub(/ strict$/, "", m)
			pod[id] = mask2list(m)
			strict[id] = line ~ / strict$/
		}
		npools++
	}
	$1 == "W" && $2 ~ /^\[/ {
		for (i = 6; i <= NF; i++)
			if ($i ~ /^[0-9]+$/) col[++ncpu] = $i
		next
	}
	$1 == "W" {
		name = $2; type = $3
		names[++nw] = name
		for (i = 1; i <= ncpu; i++) wq[name, col[i]] = $(3 + i)
		wqdfl[name] = (NF > 3 + ncpu) ? $(4 + ncpu) : ""
		wqtype[name] = type
	}
	function want(name, type, scope, n, st, mask,    i, c, p, bad) {
		bad = ""
		if (wqtype[name] != type)
			bad = bad " type " wqtype[name] " not " type
		for (i = 1; i <= ncpu; i++) {
			c = col[i]; p = wq[name, c]
			if (type == "percpu" || type == "bh") {
				if (cpu[p] != c || nice[p] != n ||
				    bh[p] != (type == "bh"))
					bad = bad " cpu" c "->pool" p
				continue
			}
			if (cpu[p] != -1 || nice[p] != n || strict[p] != st || cpus[p] != mask)
				bad = bad " cpu" c "->pool" p "(attrs)"
			if (scope != "" && pod[p] != podcpus[scope, podof[scope, c]])
				bad = bad " cpu" c "->pool" p "(pod " pod[p] ")"
		}
		if (type != "percpu" && type != "bh") {
			p = wqdfl[name]
			if (p == "" || pod[p] != mask || cpus[p] != mask || nice[p] != n)
				bad = bad " dfl->pool" p
		} else if (wqdfl[name] != "")
			bad = bad " a per-CPU workqueue with a dfl pool"
		print (bad == "" ? "ok " name : "bad " name ":" bad)
	}
	END {
		all = compress(col, ncpu)
		for (i = 1; i <= ncpu; i++) {
			c = col[i]
			if (percpu[c, 0] != 1 || percpu[c, -20] != 1)
				bad_pc = bad_pc " cpu" c
			if (bhpc[c, 0] != 1 || bhpc[c, -20] != 1)
				bad_bh = bad_bh " cpu" c
		}
		print (bad_pc == "" ? "ok per-CPU pools" : "bad per-CPU pools:" bad_pc)
		print (bad_bh == "" ? "ok two BH pools per CPU, marked bh" : "bad BH pools:" bad_bh)
		print (bad_flags == "" ? "ok bh marks match PODWQ_POOL_BH in flags" : \
		       "bad bh marks and flags differ:" bad_flags)
		want("events", "percpu", "", 0)
		want("events_highpri", "percpu", "", -20)
		want("events_unbound", "unbound", dfl, 0, 0, all)
		want("dumpset_percpu", "percpu", "", 0)
		want("dumpset_highpri", "percpu", "", -20)
		want("dumpset_intensive", "percpu", "", 0)
		want("dumpset_reclaim", "percpu", "", 0)
		want("dumpset_max1", "percpu", "", 0)
		want("dumpset_unbound", "unbound", dfl, 0, 0, all)
		want("dumpset_u_cpu", "unbound", "cpu", 0, 0, all)
		want("dumpset_u_smt", "unbound", "smt", 0, 0, all)
		want("dumpset_u_cache", "unbound", "cache", 0, 0, all)
		want("dumpset_u_cache_shard", "unbound", "cache_shard", 0, 0, all)
		want("dumpset_u_numa", "unbound", "numa", 0, 0, all)
		want("dumpset_u_system", "unbound", "system", 0, 0, all)
		want("dumpset_u_strict", "unbound,S", "cache", 0, 1, all)
		want("dumpset_u_highpri", "unbound", dfl, -20, 0, all)
		want("dumpset_u_nice5", "unbound", dfl, 5, 0, all)
		want("dumpset_u_reclaim", "unbound", dfl, 0, 0, all)
		want("dumpset_ordered", "ordered", "system", 0, 0, all)
		want("events_bh", "bh", "", 0)
		want("events_bh_highpri", "bh", "", -20)
		want("dumpset_bh", "bh", "", 0)
		want("dumpset_bh_highpri", "bh", "", -20)
		print "pools " npools
	}' >/tmp/checks
while read -r verdict what; do
	case "$verdict" in
	ok)    t_ok "pools: $what" ;;
	bad)   t_fail "pools: $what" ;;
	pools) t_diag "$what pools" ;;
	esac
done </tmp/checks

# dumpset_u_cpus01: CPUs 0-1, in pods of its default scope cut to them
p=$(awk '$1 == "dumpset_u_cpus01" { print $NF }' /tmp/wqs)
t_eq "dumpset_u_cpus01's default pool has CPUs 0-1" \
	"$(grep "^pool\[0*$p\] " /tmp/pools | sed 's/.* cpus=\([^ ]*\) pod_cpus=\([^ ]*\).*/\1 \2/')" \
	"00000003 00000003"

# --- rescuers -----------------------------------------------------------------
dump_section "Workqueue -> rescuer" </tmp/dump >/tmp/resc
t_eq "the rescuer section lists the MEM_RECLAIM workqueues" \
	"$(awk 'NR > 1 { print $1 }' /tmp/resc | tr '\n' ' ')" "dumpset_reclaim dumpset_u_reclaim "
um=$(grep '^wq_unbound_cpumask=' /tmp/scopes | cut -d= -f2)
t_eq "the unbound one shows its CPUs" \
	"$(awk '$1 == "dumpset_u_reclaim" { print $2 }' /tmp/resc)" "$um"
# an idle rescuer waits on the unbound CPUs, as the kernel's
t_eq "each has a rescuer, idle on the unbound CPUs" \
	"$(awk 'NR > 1 { printf "%s ", ($(NF - 1) ~ /^[0-9]+$/) ? $NF : "-" }' /tmp/resc)" "$um $um "
for p in $(awk 'NR > 1 { print $(NF - 1) }' /tmp/resc); do
	t_check "rescuer pid $p is a podwq/R-dumpset_* kthread" \
		grep -q '^podwq/R-dumpset' "/proc/$p/comm"
done
t_eq "two distinct rescuers" \
	"$(awk 'NR > 1 { print $(NF - 1) }' /tmp/resc | sort -u | wc -l)" 2

# --- nodes --------------------------------------------------------------------
dump_section "Unbound workqueue -> node_nr/max_active" </tmp/dump >/tmp/nodes
tolist() { awk "$PODS_AWK_LIB$DUMP_AWK_LIB"'{ print mask2list($0) }'; }
t_eq "online_cpus is sysfs' online" \
	"$(sed -n 's/^online_cpus=//p' /tmp/nodes | tolist)" "$(cat /sys/devices/system/cpu/online)"
for n in /sys/devices/system/node/node[0-9]*; do
	i=${n##*node}
	t_eq "NODE[$i]'s CPUs are sysfs' node$i" \
		"$(sed -n "s/^NODE\[0*$i\]=//p" /tmp/nodes | tolist)" "$(cat "$n/cpulist")"
done
t_eq "a node_nr/max_active row per unbound workqueue" \
	"$(awk 'NF && $1 !~ /^(online_cpus|NODE|\[)/ { print $1 }' /tmp/nodes | tr '\n' ' ')" \
	"$(awk '$2 ~ /^(unbound|ordered)/ { print $1 }' /tmp/wqs | tr '\n' ' ')"
t_eq "an ordered workqueue's min/max_active is 1/1" \
	"$(awk '$1 == "dumpset_ordered" { print $2 "/" $3 }' /tmp/nodes)" "1/1"

rmmod podwq_dumpset
exit 0
