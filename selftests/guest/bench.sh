# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, inside the guest (scripts/bench.sh boots it): the same
# loads through podwq and the kernel's workqueue, BENCH_RUNS times each,
# alternating the two.  Prints one row a figure: the median and the spread
# (min-max) of each, and the ratio, oriented so that > 1.0 means podwq
# does better.  BENCH_QUICK=1 makes every load small (the smoke test);
# BENCH_TSV=FILE also writes the rows there, tab-separated:
#   name unit podwq min max kernel min max ratio
. "$PODWQ_DIR/selftests/guest/lib.sh"

runs=${BENCH_RUNS:-5}
quick=${BENCH_QUICK:-}
ctl=/sys/kernel/debug/podwq_bench/run
if [ -n "$quick" ]; then
	n_items=2000 n_sleep=64 n_rt=2000 n_wq=16 n_dwq=8
else
	n_items=20000 n_sleep=512 n_rt=50000 n_wq=256 n_dwq=40
fi

bench() {	# COMMAND: one run; prints the result line
	echo "$1" >"$ctl" || { echo "bench: '$1' failed" >&2; return 1; }
	cat "$ctl"
}
field() {	# KEY LINE
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# stats V...: "median min max" of integers
stats() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR == 0) { print "0 0 0"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)
		      print m, v[1], v[NR] }'
}
# row NAME UNIT BETTER P_VALUES... -- K_VALUES...: BETTER is "high" or "low"
row() {
	name=$1 unit=$2 better=$3
	shift 3
	p= k=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do p="$p $1"; shift; done
	shift
	k="$*"
	set -- $(stats $p)
	pm=$1 pmin=$2 pmax=$3
	set -- $(stats $k)
	km=$1 kmin=$2 kmax=$3
	awk -v tsv="${BENCH_TSV:-}" -v n="$name" -v u="$unit" -v b="$better" -v pm="$pm" -v pmin="$pmin" \
	    -v pmax="$pmax" -v km="$km" -v kmin="$kmin" -v kmax="$kmax" 'BEGIN {
		r = "-"
		if (b == "high" && km > 0) r = sprintf("%.2f", pm / km)
		if (b == "low" && pm > 0) r = sprintf("%.2f", km / pm)
		if (b == "low" && pm == 0) r = (km == 0) ? "1.00" : "inf"
		printf "%-34s %-9s %12s %-23s %12s %-23s %6s\n", n, u, pm, \
			"(" pmin "-" pmax ")", km, "(" kmin "-" kmax ")", r
		if (tsv != "")
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n, u, pm, \
				pmin, pmax, km, kmin, kmax, r >> tsv
	}'
}
# measure NAME UNIT BETTER KEY COMMAND-WITHOUT-ENGINE [ARGS]
measure() {
	name=$1 unit=$2 better=$3 key=$4 test=$5 args=$6
	pv= kv=
	i=0
	while [ $i -lt "$runs" ]; do
		l=$(bench "$test podwq $args") || return 1
		pv="$pv $(field "$key" "$l")"
		l=$(bench "$test kernel $args") || return 1
		kv="$kv $(field "$key" "$l")"
		i=$((i + 1))
	done
	row "$name" "$unit" "$better" $pv -- $kv
}

podwq_load || exit 1
insmod "$PODWQ_DIR/kmod/podwq_bench.ko" || exit 1

echo "# podwq benchmark: Linux $(uname -r), $(nproc) CPUs, $runs runs each"
printf "%-34s %-9s %12s %-23s %12s %-23s %6s\n" load unit podwq "(spread)" kernel "(spread)" ratio

measure "percpu no-op" items/s high items_per_sec percpu "items=$n_items"

# Unbound: every affinity scope the kernel offers (6.1 has none).
kscope=/sys/devices/virtual/workqueue/kernel_bench_unbound/affinity_scope
pscope=/sys/kernel/podwq/podwq_bench_unbound/affinity_scope
if [ -e "$kscope" ]; then
	scopes="cpu smt cache cache_shard numa system"
else
	scopes=default
fi
for s in $scopes; do
	if [ "$s" != default ]; then
		echo "$s" >"$kscope" 2>/dev/null || continue
		echo "$s" >"$pscope" || { echo "bench: podwq has no scope $s" >&2; continue; }
	fi
	pv= kv= p50p= p50k= p90p= p90k= p95p= p95k= p99p= p99k=
	i=0
	while [ $i -lt "$runs" ]; do
		lp=$(bench "unbound podwq items=$n_items") || exit 1
		lk=$(bench "unbound kernel items=$n_items") || exit 1
		pv="$pv $(field items_per_sec "$lp")" kv="$kv $(field items_per_sec "$lk")"
		p50p="$p50p $(field p50_ns "$lp")" p50k="$p50k $(field p50_ns "$lk")"
		p90p="$p90p $(field p90_ns "$lp")" p90k="$p90k $(field p90_ns "$lk")"
		p95p="$p95p $(field p95_ns "$lp")" p95k="$p95k $(field p95_ns "$lk")"
		p99p="$p99p $(field p99_ns "$lp")" p99k="$p99k $(field p99_ns "$lk")"
		i=$((i + 1))
	done
	row "unbound $s" items/s high $pv -- $kv
	row "unbound $s latency p50" ns low $p50p -- $p50k
	row "unbound $s latency p90" ns low $p90p -- $p90k
	row "unbound $s latency p95" ns low $p95p -- $p95k
	row "unbound $s latency p99" ns low $p99p -- $p99k
done

# BH: queue-to-start latency of no-op items run in softirq, each producer
# queueing to its own CPU, through podwq_system_bh_wq and the kernel's
# system_bh_wq, or a tasklet per item where the kernel has no BH
# workqueue (6.1).
pv= kv= p50p= p50k= p90p= p90k= p95p= p95k= p99p= p99k= via=
i=0
while [ $i -lt "$runs" ]; do
	lp=$(bench "bh podwq items=$n_items") || exit 1
	lk=$(bench "bh kernel items=$n_items") || exit 1
	via=$(field via "$lk")
	pv="$pv $(field items_per_sec "$lp")" kv="$kv $(field items_per_sec "$lk")"
	p50p="$p50p $(field p50_ns "$lp")" p50k="$p50k $(field p50_ns "$lk")"
	p90p="$p90p $(field p90_ns "$lp")" p90k="$p90k $(field p90_ns "$lk")"
	p95p="$p95p $(field p95_ns "$lp")" p95k="$p95k $(field p95_ns "$lk")"
	p99p="$p99p $(field p99_ns "$lp")" p99k="$p99k $(field p99_ns "$lk")"
	i=$((i + 1))
done
echo "# bh rows: podwq_system_bh_wq against the kernel's $via"
row "bh no-op" items/s high $pv -- $kv
row "bh latency p50" ns low $p50p -- $p50k
row "bh latency p90" ns low $p90p -- $p90k
row "bh latency p95" ns low $p95p -- $p95k
row "bh latency p99" ns low $p99p -- $p99k

measure "flush_work round trip" ns/op low ns_per_op flush "n=$n_rt"
measure "cancel_work_sync round trip" ns/op low ns_per_op cancel "n=$n_rt"
measure "sleeping 1 ms items" items/s high items_per_sec sleep "items=$n_sleep"

# Idle: wake-ups of each engine's worker threads with nothing queued.
ctxsw() {	# COMM-PREFIX: "pid:switches" for each thread of that name
	for d in /proc/[0-9]*; do
		read -r c <"$d/comm" 2>/dev/null || continue
		case "$c" in
		"$1"*) awk -v p="${d#/proc/}" '/ctxt_switches/ { s += $2 }
			END { print p ":" s }' "$d/status" 2>/dev/null ;;
		esac
	done
}
wakeups() {	# COMM-PREFIX SECONDS: context switches per second
	ctxsw "$1" >/tmp/ctx0
	sleep "$2"
	ctxsw "$1" >/tmp/ctx1
	awk -F: -v t="$2" 'NR == FNR { a[$1] = $2; next }
		($1 in a) { s += $2 - a[$1] } END { printf "%d\n", s / t }' /tmp/ctx0 /tmp/ctx1
}
idle_s=10
[ -n "$quick" ] && idle_s=2
sleep 1
pv= kv=
i=0
while [ $i -lt "$runs" ] && [ $i -lt 3 ]; do
	pv="$pv $(wakeups podwq/ $idle_s)"
	kv="$kv $(wakeups kworker/ $idle_s)"
	i=$((i + 1))
done
row "idle worker wake-ups" 1/s low $pv -- $kv

# Memory: what each engine still holds after making N workqueues, counted
# object by object from the kmem and percpu tracepoints (every slab object
# and per-CPU area allocated meanwhile and not freed, matched by pointer),
# plus the KernelStack growth of /proc/meminfo (new workers' stacks).  Page
# counts (Slab, Percpu) can't see objects that land in partly used slabs.
T=/sys/kernel/tracing
[ -d $T/events/kmem ] || mount -t tracefs tracefs $T 2>/dev/null
npossible=$(awk -F, '{ n = 0; for (i = 1; i <= NF; i++) {
	if (split($i, r, "-") == 2) n += r[2] - r[1] + 1; else n++ } print n }' \
	/sys/devices/system/cpu/possible)
mem_events() {	# 1|0: the allocation events on or off
	for e in kmem/kmalloc kmem/kmalloc_node kmem/kmem_cache_alloc \
		 kmem/kmem_cache_alloc_node kmem/kfree kmem/kmem_cache_free \
		 percpu/percpu_alloc_percpu percpu/percpu_free_percpu; do
		[ -e "$T/events/$e/enable" ] && echo "$1" >"$T/events/$e/enable"
	done
}
stack_kb() { awk '/^KernelStack:/ { print $2 }' /proc/meminfo; }
# mem_net: bytes allocated and not freed in the trace buffer
mem_net() {
	awk -v np="$npossible" '
	function val(k,    i) {
		for (i = 1; i <= NF; i++)
			if (index($i, k "=") == 1)
				return substr($i, length(k) + 2)
		return ""
	}
	/ (kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node): / {
		live["s" val("ptr")] = val("bytes_alloc") + 0
	}
	/ (kfree|kmem_cache_free): / { delete live["s" val("ptr")] }
	/ percpu_alloc_percpu: / { live["p" val("ptr")] = val("size") * np }
	/ percpu_free_percpu: / { delete live["p" val("ptr")] }
	END { for (p in live) s += live[p]; print s + 0 }' "$T/trace"
}
mkwq_delta() {	# ENGINE KIND: bytes per workqueue
	n=$n_wq
	[ "$2" = distinct ] && n=$n_dwq
	echo >"$T/trace"
	s0=$(stack_kb)
	echo 1 >"$T/tracing_on"
	bench "mkwq $1 $n $2" >/dev/null || return 1
	if [ "$2" = distinct ]; then
		j=0
		while [ $j -lt "$n" ]; do
			if [ "$1" = podwq ]; then
				echo $((j - 20)) >/sys/kernel/podwq/pbench_mk$j/nice
			else
				echo $((j - 20)) >/sys/devices/virtual/workqueue/kbench_mk$j/nice
			fi
			j=$((j + 1))
		done
		sleep 1
	fi
	echo 0 >"$T/tracing_on"
	s1=$(stack_kb)
	if grep -q '^overrun: [1-9]' "$T"/per_cpu/cpu*/stats; then
		echo "bench: the trace buffer overran; memory figures are low" >&2
	fi
	m1=$(( $(mem_net) + (s1 - s0) * 1024 ))
	echo >"$T/trace"
	echo rmwq >"$ctl"
	echo $((m1 / n))
}
# Events on (and their tracefs files made) outside the measured windows:
# tracing_on alone brackets each.
echo 0 >"$T/tracing_on"
echo 16384 >"$T/buffer_size_kb"
mem_events 1
for kind in percpu unbound distinct; do
	eval "p_$kind="
	eval "k_$kind="
done
i=0
while [ $i -lt "$runs" ]; do
	for kind in percpu unbound distinct; do
		eval "p_$kind=\"\$p_$kind $(mkwq_delta podwq $kind)\""
		eval "k_$kind=\"\$k_$kind $(mkwq_delta kernel $kind)\""
	done
	i=$((i + 1))
done
mem_events 0
echo >"$T/trace"
echo 1408 >"$T/buffer_size_kb"
echo 1 >"$T/tracing_on"
row "memory per per-CPU workqueue" bytes low $p_percpu -- $k_percpu
row "memory per unbound workqueue" bytes low $p_unbound -- $k_unbound
# A workqueue with attributes of its own gets pools of its own (one per
# pod of the default scope; one pod on a single-LLC guest).
pp= kp=
for v in $p_distinct; do pp="$pp $((v - $(stats $p_unbound | cut -d' ' -f1)))"; done
for v in $k_distinct; do kp="$kp $((v - $(stats $k_unbound | cut -d' ' -f1)))"; done
row "memory per unbound pool (+worker)" bytes low $pp -- $kp

rmmod podwq_bench
podwq_unload
echo "# benchmark done"
