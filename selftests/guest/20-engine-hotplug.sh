# SPDX-License-Identifier: GPL-2.0
#
# CPU hotplug under load: while podwq_test queues items on every online
# CPU, CPUs go down and up again.  A pool whose CPU is down lets its
# workers run anywhere; they are bound again when it returns, and every
# item queued meanwhile runs exactly once.  Also: podwq loaded while a CPU
# is down gives that CPU workers when it comes up.
# topology: smp4
# timeout: 300
. "$PODWQ_DIR/selftests/guest/lib.sh"
. "$PODWQ_DIR/selftests/guest/engine-lib.sh"

online() {
	echo "podwq-hotplug: cpu$1 online=$2" >/dev/kmsg
	echo "$2" >"/sys/devices/system/cpu/cpu$1/online"
}

# pool_cpus CPU: the distinct Cpus_allowed_list of CPU's pool workers
pool_cpus() {
	for p in $(worker_pids "^podwq/$1:[0-9]+H?\$"); do
		allowed_cpus "$p"
	done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# until CMD...: poll until it succeeds, for at most 10 s
until_ok() {
	_n=0
	while ! "$@"; do
		_n=$((_n + 1))
		[ $_n -le 50 ] || return 1
		sleep 0.2
	done
}
bound() { [ "$(pool_cpus "$1")" = "$1" ]; }
unbound() { [ "$(pool_cpus "$1")" != "$1" ]; }

ncpus=$(grep -c ^processor /proc/cpuinfo)
if [ "$ncpus" -lt 2 ]; then
	t_skip "CPU hotplug under load" "needs 2 CPUs"
	exit 0
fi
last=$((ncpus - 1))

if ! podwq_load; then
	t_fail "podwq loads"
	exit 1
fi
t_eq "CPU 1's workers are bound to it" "$(pool_cpus 1)" 1

if ! engine_start hotplug; then
	t_fail "podwq_test test=hotplug loads"
	exit 1
fi
sleep 1
bad_down= bad_up= fails=0
for round in 1 2 3; do
	c=1
	while [ $c -le $last ]; do
		# poll for the (un)binding rather than sleep a second each time
		online $c 0 || fails=$((fails + 1))
		until_ok unbound $c || bad_down="$bad_down $c"
		online $c 1 || fails=$((fails + 1))
		until_ok bound $c || bad_up="$bad_up $c:$(pool_cpus $c)"
		c=$((c + 1))
	done
done
t_eq "CPUs 1-$last went down and up 3 times under load" "$fails" 0
t_eq "workers of a down CPU are unbound" "$bad_down" ""
t_eq "workers are bound again when their CPU is back" "$bad_up" ""
engine_stop hotplug

# several CPUs down at once, under load
engine_start hotplug
c=1
while [ $c -le $last ]; do online $c 0; c=$((c + 1)); done
sleep 2
c=1
while [ $c -le $last ]; do online $c 1; c=$((c + 1)); done
sleep 1
engine_stop hotplug

# load podwq while a CPU is down; it gets workers when it comes up
podwq_unload || t_fail "podwq unloads"
online $last 0
t_check "podwq loads with CPU $last down" podwq_load
online $last 1
t_eq "CPU $last got bound workers when it came up" "$(pool_cpus $last)" "$last"
echo "# podwq_test test=reentrancy after CPU $last came up"
engine_test reentrancy

# unload with a CPU down
online $last 0
t_check "podwq unloads with CPU $last down" podwq_unload
online $last 1
exit 0
