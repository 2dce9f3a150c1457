# SPDX-License-Identifier: GPL-2.0
#
# podwq's trace events in tracefs (events/podwq/), the counterparts of the
# kernel's workqueue events: their fields, and that each fires where the
# kernel's does, with the function symbolized, the workqueue's name and
# the CPUs: queue, activate (at once, or past max_active when the item
# ahead ends), execute start and end.  selftests/kmod/podwq_stats_test.c
# only=trace runs the items.
# topology: smp4
# timeout: 300
. "$PODWQ_DIR/selftests/guest/lib.sh"

T=/sys/kernel/tracing
if [ ! -e $T/trace ]; then
	mount -t tracefs nodev $T 2>/dev/null
	if [ ! -e $T/trace ]; then
		mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
		T=/sys/kernel/debug/tracing
	fi
fi
t_check "tracefs is at $T" test -e $T/trace

podwq_load || { t_fail "podwq loads"; exit 1; }

E=$T/events/podwq
for e in podwq_queue_work podwq_activate_work podwq_execute_start podwq_execute_end; do
	t_check "event podwq:$e has an id for perf" grep -q "^[0-9][0-9]*$" "$E/$e/id"
	for f in 'void \* work' 'void \* function'; do
		t_check "podwq:$e has the field '$f'" grep -q "field:$f;" "$E/$e/format"
	done
done
for f in '__data_loc char\[\] workqueue' 'int req_cpu' 'int cpu'; do
	t_check "podwq:podwq_queue_work has the field '$f'" \
		grep -q "field:$f;" "$E/podwq_queue_work/format"
done

echo 0 >$T/tracing_on
echo >$T/trace
echo 1 >$E/enable
echo 1 >$T/tracing_on
dmesg -c >/dev/null
insmod "$PODWQ_DIR/kmod/podwq_stats_test.ko" only=trace cpu=1
t_eq "podwq_stats_test only=trace loads" "$?" 0
echo 0 >$E/enable
# read it while the module is loaded: %ps needs its symbols
grep -v '^#' $T/trace >/tmp/trace
sed 's/^/# /' /tmp/trace | head -n 40
dmesg | sed -n 's/^.*podwq_stats_test: \(\(not \)\{0,1\}ok - .*\)$/\1/p'
unb=$(dmesg | sed -n 's/^.*podwq_stats_test: # trace: unbound req_cpu \([0-9]*\)$/\1/p')

M='\[podwq_stats_test\]'
# the kernel's three spellings of the item's address
Q='work struct=[0-9a-f]*' A='work struct [0-9a-f]*' X='work struct [0-9a-f]*:'
C1='^ *podwq/1:[0-9H]*-[0-9]* *\[001\] .*'		# on CPU 1's worker
# line REGEX: the number of the first line of /tmp/trace matching REGEX, or 0
line() {
	grep -n -- "$1" /tmp/trace | head -n 1 | cut -d: -f1 | grep . || echo 0
}
q1=$(line "podwq_queue_work: $Q function=st_trace_fn $M workqueue=t_st_trace req_cpu=1 cpu=1\$")
a1=$(line "podwq_activate_work: $A function=st_trace_fn $M")
s1=$(line "$C1 podwq_execute_start: $X function st_trace_fn $M\$")
q2=$(line "podwq_queue_work: $Q function=st_trace2_fn $M workqueue=t_st_trace req_cpu=1 cpu=1\$")
e1=$(line "$C1 podwq_execute_end: $X function st_trace_fn $M\$")
a2=$(line "podwq_activate_work: $A function=st_trace2_fn $M")
s2=$(line "podwq_execute_start: $X function st_trace2_fn $M\$")
e2=$(line "podwq_execute_end: $X function st_trace2_fn $M\$")
t_diag "lines: q1=$q1 a1=$a1 s1=$s1 q2=$q2 e1=$e1 a2=$a2 s2=$s2 e2=$e2"
t_check "queue_work: function, workqueue, req_cpu and cpu of a per-CPU item" test "$q1" -gt 0
t_check "activate_work follows at once under max_active" test "$a1" -gt "$q1" -a "$q1" -gt 0
t_check "execute_start runs on CPU 1's worker, after activation" test "$s1" -gt "$a1" -a "$a1" -gt 0
t_check "the second item is queued while the first runs" test "$q2" -gt "$s1" -a "$e1" -gt "$q2"
t_check "execute_end follows execute_start on CPU 1's worker" test "$e1" -gt "$s1" -a "$s1" -gt 0
t_check "past max_active, activate_work comes when the item ahead ends" \
	test "$a2" -gt "$e1" -a "$e1" -gt 0
t_check "then the second item executes" \
	test "$e2" -gt "$s2" -a "$s2" -gt "$a2" -a "$a2" -gt 0
t_eq "the inactive item was activated once" \
	"$(grep -c "podwq_activate_work: .* function=st_trace2_fn $M" /tmp/trace)" 1

U="workqueue=t_st_trace_u req_cpu=$unb cpu=-1"
qu=$(line "podwq_queue_work: $Q function=st_trace_u_fn $M $U\$")
su=$(line "podwq_execute_start: $X function st_trace_u_fn $M\$")
eu=$(line "podwq_execute_end: $X function st_trace_u_fn $M\$")
t_check "queue_work of an unbound item: req_cpu $unb (none asked), cpu -1" \
	test -n "$unb" -a "$qu" -gt 0
t_check "the unbound item executes" test "$eu" -gt "$su" -a "$su" -gt "$qu" -a "$qu" -gt 0

t_check "podwq_stats_test unloads" rmmod podwq_stats_test
t_check "podwq unloads" podwq_unload
exit 0
