#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 32-dump-busy.sh: podwq-dump --busy, --pending and the monitor on live
# work.  podwq_dumpset.ko block=1 spin=1 parks a sleeping item
# (dumpset_block_fn) on dumpset_max1 with two inactive items behind it,
# and a runnable spinning item (dumpset_spin_fn) on dumpset_percpu with a
# pending item behind it.  --busy must name both functions with their
# workers' pids and comms, and their running time must grow with the
# wall clock (HZ found in the dump); --pending must list the pending and
# inactive items; the monitor must count the started items.
# topology: 2s2c2t-2n
# timeout: 150

. "$(dirname "$0")/lib.sh"

# the spinner must stay in concurrency management, holding up the item
# behind it: no CPU-intensive detection
podwq_load cpu_intensive_thresh_us=0 || { t_fail "podwq loads"; exit 0; }
if ! insmod "$PODWQ_DIR/kmod/podwq_dumpset.ko" block=1 spin=1 spin_secs=60 block_cpu=1 spin_cpu=2; then
	t_fail "podwq_dumpset loads with a blocked and a spinning item"
	exit 0
fi

podwq-dump --busy >/tmp/busy1 2>&1
t_eq "--busy exits 0" "$?" 0
sed 's/^/# /' /tmp/busy1
blk=$(grep ' dumpset_block_fn \[podwq_dumpset\]$' /tmp/busy1)
spn=$(grep ' dumpset_spin_fn \[podwq_dumpset\]$' /tmp/busy1)
t_check "--busy names the blocked item's function on dumpset_max1" \
	sh -c "echo '$blk' | grep -q ' dumpset_max1 '"
t_check "--busy names the spinning item's function on dumpset_percpu" \
	sh -c "echo '$spn' | grep -q ' dumpset_percpu '"
for l in "$blk" "$spn"; do
	pid=$(echo "$l" | awk '{ print $2 }')
	comm=$(echo "$l" | awk '{ print $3 }')
	t_eq "--busy's pid $pid is a podwq worker with that comm" \
		"$(cat /proc/"$pid"/comm 2>/dev/null)" "$comm"
done
case "$(echo "$blk" | awk '{ print $3 }')" in
podwq/1:*) t_ok "the blocked item's worker is CPU 1's" ;;
*)         t_fail "the blocked item's worker is CPU 1's" ;;
esac

# running time: jiffies since the item started, over HZ; it must grow as
# the uptime does between two runs (a run reads jiffies somewhere between
# its start and its end)
up() { cut -d' ' -f1 /proc/uptime; }
b1=$(up); r1=$(podwq-dump --busy | grep ' dumpset_block_fn ' | awk '{ print $(NF - 3) }'); a1=$(up)
sleep 2
b2=$(up); r2=$(podwq-dump --busy | grep ' dumpset_block_fn ' | awk '{ print $(NF - 3) }'); a2=$(up)
t_check "the running time grows with the uptime (HZ): $r1 s, then $r2 s ($b1 $a1 $b2 $a2)" \
	awk -v r1="$r1" -v r2="$r2" -v b1="$b1" -v a1="$a1" -v b2="$b2" -v a2="$a2" \
	'BEGIN { d = r2 - r1; exit !(d >= b2 - a1 - 0.3 && d <= a2 - b1 + 0.3) }'

podwq-dump --pending >/tmp/pend 2>&1
t_eq "--pending exits 0" "$?" 0
sed 's/^/# /' /tmp/pend
t_eq "--pending: two inactive items behind the blocked one" \
	"$(grep -c '^  inactive .* dumpset_max1 .* dumpset_inactive_fn \[podwq_dumpset\]$' /tmp/pend)" 2
t_eq "--pending: one pending item behind the spinning one" \
	"$(grep -c '^  pending .* dumpset_percpu .* dumpset_pending_fn \[podwq_dumpset\]$' /tmp/pend)" 1
pool=$(podwq-dump | awk '$1 == "dumpset_percpu" { print $5 }')
t_check "the pending item is on CPU 2's pool ($pool)" \
	grep -q "^pool\[0*$pool\] pending=1 " /tmp/pend

podwq-dump --busy --json >/tmp/busy.json
t_check "--busy --json names the function" \
	grep -q '"function": "dumpset_block_fn \[podwq_dumpset\]"' /tmp/busy.json

podwq-dump monitor -i 0 '^dumpset_max1$' >/tmp/mon 2>&1
t_eq "monitor -i 0 REGEX: one sample, one row" "$(grep -c total /tmp/mon) $(grep -c '^dumpset_' /tmp/mon)" "1 1"
t_check "monitor: dumpset_max1 started one item, one in flight" \
	awk '$1 == "dumpset_max1" { exit !($2 == 1 && $3 == 1) } END { }' /tmp/mon
# sampling every 0.5 s until SIGINT (the first sample waits for the
# live kernel's symbols and BTF: a fraction of a second under TCG)
podwq-dump monitor -i 0.5 dumpset_percpu >/tmp/mon2 2>&1 &
mon=$!
for _ in $(seq 120); do
	[ "$(grep -c total /tmp/mon2)" -ge 3 ] && break
	sleep 0.5
done
kill -INT $mon
wait $mon
t_eq "monitor -i 0.5 samples until SIGINT, then exits 0 ($(grep -c total /tmp/mon2) samples)" \
	"$? $(grep -c total /tmp/mon2 | awk '{ print ($1 >= 3) }')" "0 1"
podwq-dump monitor -i 0 --json dumpset_max1 >/tmp/mon.json
t_check "monitor --json: an object per workqueue, wq_monitor.py's keys" \
	grep -q '^{"timestamp":[0-9.]*,"name":"dumpset_max1","unbound":false,"mem_reclaim":false,"started":1,"completed":0,' /tmp/mon.json

rmmod podwq_dumpset
t_check "after rmmod no dumpset item is busy" sh -c "! podwq-dump --busy | grep -q dumpset_"
exit 0
