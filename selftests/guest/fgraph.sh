# SPDX-License-Identifier: GPL-2.0
#
# Where the CPU time of one benchmark load goes, function by function, in
# both engines, inside the guest: ftrace's function_graph tracer with its
# filter on the workqueue functions of both engines (and the locks,
# wake-ups and scheduler entry points they call), sleep-time off, so that
# each duration is CPU time spent inside the call.  TCG has no PMU and
# 6.1 has no function profiler; the call counts are exact, the times are
# inflated alike for both engines by the hooks (compare them within one
# boot only).  Run it with e.g.:
#   scripts/vm-run.sh -k 6.1 --smp 2 -m 2048 -- \
#     'FG_CMD="flush n=2000" sh selftests/guest/fgraph.sh'
# FG_CMD is a podwq_bench command without its engine; FG_ENGINES (default
# "podwq kernel"); FG_PLAIN=N untraced runs of each engine first (default
# 3); FG_FUNCS replaces the traced function list (globs allowed, as for
# set_ftrace_filter); FG_RAW=N prints N lines from the middle of each
# trace; FG_GRAPH=0 skips the function tracing.  Calls that took over FG_SLOW us (default 200: the vCPU was
# descheduled on the host, or an interrupt ran) are counted apart and
# left out of the means.
#
# For each engine it prints every traced function called from no other
# traced function ("top"), with its count and mean inclusive CPU time,
# then for each top function the traced functions it called: calls per
# top call and mean time.  Divide by the load's item count for per-item
# figures.
. "$PODWQ_DIR/selftests/guest/lib.sh"

ctl=/sys/kernel/debug/podwq_bench/run
T=/sys/kernel/tracing
cmd=${FG_CMD:?FG_CMD=\"TEST ARGS\"}
set -- $cmd
test=$1
shift
args="$*"

funcs=${FG_FUNCS:-"
	podwq_queue_work_on __queue_work podwq_insert_work podwq_get_pwq
	podwq_put_pwq podwq_pwq_tryinc_nr_active tryinc_node_nr_active
	podwq_kick_pool podwq_flush_work __flush_work podwq_cancel_work_sync
	__cancel_work try_to_grab_pending podwq_enable_work
	podwq_pwq_dec_nr_in_flight podwq_find_worker_executing_work
	podwq_move_linked_works podwq_current_worker podwq_barrier_func
	worker_enter_idle worker_leave_idle worker_set_flags worker_clr_flags
	podwq_worker_sched_in podwq_worker_sched_out podwq_pool_cm_kick
	podwq_hog_timer_arm process_one_work
	queue_work_on __queue_work insert_work pwq_dec_nr_in_flight
	start_flush_work __flush_work flush_work __cancel_work_timer
	cancel_work_sync try_to_grab_pending move_linked_works
	wq_barrier_func wq_worker_running wq_worker_sleeping
	worker_enter_idle
	_raw_spin_lock _raw_spin_lock_irq _raw_spin_unlock_irq
	_raw_spin_lock_irqsave _raw_spin_unlock_irqrestore
	try_to_wake_up complete wait_for_completion schedule __cond_resched
	irq_work_queue hrtimer_start_range_ns
	bench_podwq_fn bench_kernel_fn"}

podwq_load || exit 1
insmod "$PODWQ_DIR/kmod/podwq_bench.ko" || exit 1

echo "# fgraph: Linux $(uname -r), $(nproc) CPUs: $cmd"

# untraced figures of the same boot, engines alternating
i=0
while [ $i -lt "${FG_PLAIN:-3}" ]; do
	for eng in ${FG_ENGINES:-podwq kernel}; do
		echo "$test $eng $args" >"$ctl" || exit 1
		echo "## $eng: untraced: $(cat $ctl)"
	done
	i=$((i + 1))
done

# FG_EVENTS=N: N more runs of each engine with only the sched_switch and
# sched_wakeup events on (cheap next to function tracing): per operation,
# the switches and the wake-ups by woken task (engine worker, the
# benchmark's own threads, others), beside the run's own figure, to tell
# which scheduling pattern a run fell into; busy_ns/op is the CPU time
# of all CPUs (not idle, from /proc/stat) per operation.
busy_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat
}
i=0
while [ $i -lt "${FG_EVENTS:-0}" ]; do
	for eng in ${FG_ENGINES:-podwq kernel}; do
		echo 0 >$T/tracing_on
		echo 8192 >$T/buffer_size_kb
		echo >$T/trace
		echo 1 >$T/events/sched/sched_switch/enable
		echo 1 >$T/events/sched/sched_wakeup/enable
		b0=$(busy_ticks)
		echo 1 >$T/tracing_on
		echo "$test $eng $args" >"$ctl"
		echo 0 >$T/tracing_on
		b1=$(busy_ticks)
		echo 0 >$T/events/enable
		r=$(cat $ctl)
		ops=$(echo "$r" | tr ' ' '\n' | sed -n 's/^\(ops\|items\)=//p')
		grep -v '^#' $T/trace | awk -v ops="$ops" -v eng="$eng" -v r="$r" \
			-v busy=$((b1 - b0)) -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" '
		/sched_switch:/ { sw++ }
		/sched_wakeup:/ {
			c = $0; sub(/.*comm=/, "", c); sub(/ .*/, "", c)
			if (c ~ /^(kworker|podwq\/)/) wk++
			else if (c ~ /^podwq_(rt|bench)/) wb++
			else wo++
		}
		END {
			printf "## %s: events: %s busy_ns/op=%d switches/op=%.3f wakeups/op worker=%.3f bench=%.3f other=%.3f\n",
				eng, r, busy * 1e9 / hz / ops, sw / ops, wk / ops, wb / ops, wo / ops
		}'
	done
	i=$((i + 1))
done

echo 0 >$T/tracing_on
echo nop >$T/current_tracer
echo 32768 >$T/buffer_size_kb
: >$T/set_ftrace_filter
for f in $funcs; do
	echo "$f" >>$T/set_ftrace_filter 2>/dev/null ||
		echo "# fgraph: no $f"
done
echo "# fgraph: $(wc -l <$T/set_ftrace_filter) functions traced"
echo function_graph >$T/current_tracer
for o in funcgraph-proc funcgraph-tail; do echo 1 >$T/options/$o; done
for o in funcgraph-irqs sleep-time funcgraph-overhead; do
	echo 0 >$T/options/$o 2>/dev/null
done

graph_engines=${FG_ENGINES:-podwq kernel}
[ "${FG_GRAPH:-1}" = 0 ] && graph_engines=
for eng in $graph_engines; do
	echo "$test $eng $args" >"$ctl" || exit 1	# warm up
	echo >$T/trace
	echo 1 >$T/tracing_on
	echo "$test $eng $args" >"$ctl"
	echo 0 >$T/tracing_on
	echo "## $eng: traced: $(cat $ctl)"
	grep -h overrun $T/per_cpu/cpu*/stats | tr '\n' ' '
	echo
	if [ -n "${FG_RAW:-}" ]; then
		echo "### $eng: raw trace, $FG_RAW lines from the middle"
		grep -v '^#' $T/trace >/tmp/fg.raw
		sed -n "$(($(wc -l </tmp/fg.raw) / 2)),+${FG_RAW}p" /tmp/fg.raw
		rm -f /tmp/fg.raw
	fi
	# Lines: " CPU)  comm-pid  |  duration  |  text"; one call stack per
	# task.  "f();" is a leaf, "f() {" opens, "} /* f */" closes.
	grep -v '^#' $T/trace | awk -v eng="$eng" -v slow="${FG_SLOW:-200}" '
	function done(f, d, k, top) {
		k = sp[pid]
		if (d + 0 > slow + 0) {
			sn[k ? st[pid, 1] SUBSEP f : f]++
			return
		}
		if (k == 0) {
			tn[f]++; tt[f] += d
		} else {
			top = st[pid, 1]
			cn[top SUBSEP f]++; ct[top SUBSEP f] += d
		}
	}
	{
		n = split($0, fld, "|")
		if (n < 3) next
		pid = fld[1]; sub(/^ *[0-9]+\) */, "", pid); sub(/ *$/, "", pid)
		sub(/.*-/, "", pid)
		dur = fld[2]; gsub(/[^0-9.]/, "", dur)
		txt = fld[3]; gsub(/^ +| +$/, "", txt)
		if (txt ~ /\(\);$/) {
			f = txt; sub(/\(\);$/, "", f)
			done(f, dur)
		} else if (txt ~ /\(\) \{$/) {
			f = txt; sub(/\(\) \{$/, "", f)
			sp[pid]++; st[pid, sp[pid]] = f
		} else if (txt ~ /^\}/) {
			if (sp[pid] == 0) next	# opened before tracing
			f = st[pid, sp[pid]]
			sp[pid]--
			done(f, dur)
		}
	}
	END {
		printf "1 ### %s: top-level calls: count, mean us, total ms, slow\n", eng
		for (f in tn)
			printf "2   %-34s %8d %9.2f %9.1f %5d\n", f, tn[f], tt[f] / tn[f], tt[f] / 1000, sn[f]
		printf "3 ### %s: calls inside each top: per top call, mean us, slow\n", eng
		for (k in cn) {
			split(k, p, SUBSEP)
			printf "4   %-28s > %-30s %7.2f %8.2f %5d\n", p[1], p[2], cn[k] / (tn[p[1]] ? tn[p[1]] : 1), ct[k] / cn[k], sn[k]
		}
	}' | sort | cut -c3-
done
echo 0 >$T/tracing_on
echo nop >$T/current_tracer
: >$T/set_ftrace_filter
rmmod podwq_bench
podwq_unload
