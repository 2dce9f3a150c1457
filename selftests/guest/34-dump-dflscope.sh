# SPDX-License-Identifier: GPL-2.0
#
# A write to default_affinity_scope re-applies to every unbound workqueue
# on the default scope, and to no other: after each write, podwq-dump's
# "Workqueue CPU -> pool" maps every CPU of a default-scope workqueue to a
# pool whose pod is that CPU's pod in the new scope (from the topology in
# sysfs), while a workqueue with a scope of its own keeps its pods.
# topology: 2s2c2t-2n
# timeout: 150

PODS_LIB=1
. "$(dirname "$0")/10-pods-topology.sh"
. "$(dirname "$0")/dump-lib.sh"

podwq_load || { t_fail "podwq loads"; exit 0; }
insmod "$PODWQ_DIR/kmod/podwq_dumpset.ko" || { t_fail "podwq_dumpset loads"; exit 0; }

SCOPE=$PODS_PARAMS/default_affinity_scope
orig=$(cat "$SCOPE")
pods_expected "$(cat "$PODS_PARAMS/cache_shard_size")" >/tmp/expected

# check_wq WQ SCOPE < dump: "ok" or "bad: cpuN->pool(pod)..." for WQ's
# pools against SCOPE's pods
check_wq() {
	{
		sed 's/^/E /' /tmp/expected
		dump_section "Worker Pools" </tmp/dump | sed 's/^/P /'
		dump_section "Workqueue CPU -> pool" </tmp/dump | sed 's/^/W /'
	} | awk -v name="$1" -v scope="$2" "$PODS_AWK_LIB$DUMP_AWK_LIB"'
		$1 == "E" && $2 == scope && $3 == "pod" { podcpus[$4] = $8 }
		$1 == "E" && $2 == scope && $3 == "cpu_pod" {
			for (i = 4; i <= NF; i++) { split($i, kv, ":"); podof[kv[1]] = kv[2] }
		}
		$1 == "P" && / pod_cpus=/ {
			id = $2; sub(/^pool\[/, "", id); sub(/\].*/, "", id)
			m = $0; sub(/.* pod_cpus=/, "", m); sub(/ strict$/, "", m)
			pod[id + 0] = mask2list(m)
		}
		$1 == "W" && $2 ~ /^\[/ {
			for (i = 6; i <= NF; i++)
				if ($i ~ /^[0-9]+$/) col[++ncpu] = $i
		}
		$1 == "W" && $2 == name { for (i = 1; i <= ncpu; i++) p[col[i]] = $(3 + i); seen = 1 }
		END {
			if (!seen || !ncpu) { print "bad: no row"; exit }
			for (i = 1; i <= ncpu; i++) {
				c = col[i]
				if (pod[p[c] + 0] != podcpus[podof[c]])
					bad = bad " cpu" c "->pool" p[c] "(" pod[p[c] + 0] ")"
			}
			print (bad == "" ? "ok" : "bad:" bad)
		}'
}

for s in cpu smt cache numa system cache_shard "$orig"; do
	if ! printf '%s\n' "$s" >"$SCOPE"; then
		t_fail "default_affinity_scope takes $s"
		continue
	fi
	podwq-dump >/tmp/dump 2>/tmp/dump.err ||
		{ t_fail "podwq-dump runs with default scope $s"; cat /tmp/dump.err; continue; }
	for wq in events_unbound dumpset_unbound dumpset_u_nice5; do
		r=$(check_wq "$wq" "$s")
		t_eq "default scope $s: $wq's pools are the $s pods" "$r" ok
	done
	r=$(check_wq dumpset_u_numa numa)
	t_eq "default scope $s: dumpset_u_numa keeps its numa pods" "$r" ok
done
t_eq "default_affinity_scope is back to $orig" "$(cat "$SCOPE")" "$orig"

rmmod podwq_dumpset
t_check "podwq unloads" podwq_unload
exit 0
