# SPDX-License-Identifier: GPL-2.0
#
# One benchmark load under perf, inside the guest: the podwq and the kernel
# runs of PROF_CMD (a podwq_bench command without its engine, e.g.
# "flush n=20000"), each under "perf stat" for the scheduler, IPI,
# irq_work and softirq events, then under "perf record -a -g" with the top
# kernel symbols.  Needs an initramfs made with PODWQ_PERF=1:
#   PODWQ_PERF=1 scripts/vm-run.sh -k 6.1 --smp 2 -m 2048 -- \
#     'PROF_CMD="flush n=20000" sh selftests/guest/profile.sh'
# PROF_ENGINES (default "podwq kernel"), PROF_EVENTS (extra perf stat -e
# events, comma-separated), PROF_REPORT (extra perf report options, e.g.
# "-G" or "--sort sym,caller"), PROF_LIMIT (percent-limit, default 1),
# PROF_NORECORD=1 skips the sampling, PROF_INSMOD passes podwq.ko
# parameters, and PROF_TRACE=N prints the last N lines of an ftrace
# event trace (scheduler, IPI, irq_work, softirq, workqueue and podwq
# events) of one more run of each engine, to follow single items.
. "$PODWQ_DIR/selftests/guest/lib.sh"

ctl=/sys/kernel/debug/podwq_bench/run
cmd=${PROF_CMD:?PROF_CMD=\"TEST ARGS\"}
set -- $cmd
test=$1
shift
args="$*"
command -v perf >/dev/null || { echo "profile: no perf (PODWQ_PERF=1)"; exit 1; }
echo 0 >/proc/sys/kernel/kptr_restrict 2>/dev/null
echo -1 >/proc/sys/kernel/perf_event_paranoid 2>/dev/null
podwq_load $PROF_INSMOD || exit 1
insmod "$PODWQ_DIR/kmod/podwq_bench.ko" || exit 1
cd /tmp || exit 1

# Events that exist on this kernel, comma-separated.
events=
for e in sched:sched_switch sched:sched_wakeup sched:sched_waking \
	 sched:sched_migrate_task irq_vectors:call_function_single_entry \
	 irq_vectors:reschedule_entry irq_vectors:irq_work_entry \
	 irq:softirq_entry irq:tasklet_entry irq:tasklet_hi_entry \
	 workqueue:workqueue_execute_start podwq:podwq_execute_start \
	 ${PROF_EVENTS:+$(echo "$PROF_EVENTS" | tr ',' ' ')}; do
	sys=${e%%:*} ev=${e#*:}
	[ -d "/sys/kernel/tracing/events/$sys/$ev" ] && events="$events${events:+,}$e"
done

echo "# profile: Linux $(uname -r), $(nproc) CPUs: $cmd"
for eng in ${PROF_ENGINES:-podwq kernel}; do
	# warm up: workers and pools exist before the measured runs
	echo "$test $eng $args" >"$ctl" || exit 1
	echo "## $eng: perf stat -a"
	perf stat -a -e "task-clock,context-switches,cpu-migrations,$events" \
		-- sh -c "echo '$test $eng $args' >$ctl" 2>&1 | grep -v '^$'
	echo "## $eng: result: $(cat $ctl)"
	if [ -n "${PROF_TRACE:-}" ]; then
		T=/sys/kernel/tracing
		echo 0 >$T/tracing_on
		echo >$T/trace
		echo 8192 >$T/buffer_size_kb
		for e in $(echo "$events" | tr ',' ' '); do
			echo 1 >"$T/events/${e%%:*}/${e#*:}/enable"
		done
		echo 1 >$T/events/podwq/enable
		echo 1 >$T/tracing_on
		echo "$test $eng $args" >"$ctl"
		echo 0 >$T/tracing_on
		echo 0 >$T/events/enable
		echo "## $eng: trace, last $PROF_TRACE lines"
		grep -v '^#' $T/trace | tail -n "$PROF_TRACE"
		echo >$T/trace
	fi
	[ -n "${PROF_NORECORD:-}" ] && continue
	perf record -q -a -g -o "/tmp/perf.$eng" \
		-- sh -c "echo '$test $eng $args' >$ctl" >/dev/null 2>&1
	echo "## $eng: result: $(cat $ctl)"
	echo "## $eng: perf report --no-children --sort sym (kernel)"
	perf report -i "/tmp/perf.$eng" --stdio --no-children --sort sym \
		-g none --percent-limit "${PROF_LIMIT:-1}" $PROF_REPORT 2>/dev/null |
		grep -v '^#' | grep -v '^$'
	rm -f "/tmp/perf.$eng"
done
rmmod podwq_bench
podwq_unload
