# SPDX-License-Identifier: GPL-2.0
#
# The module loads and unloads cleanly, again and again, owns
# /sys/kernel/podwq while loaded, and refuses bad parameters with a message.
# topology: smp4
# kernels: 6.1 6.12 7.2 6.12-rt
# timeout: 120
. "$PODWQ_DIR/selftests/guest/lib.sh"

ok=1
i=0
while [ $i -lt 5 ]; do
	podwq_load || { ok=0; break; }
	[ -d /sys/kernel/podwq ] || { ok=0; break; }
	podwq_unload || { ok=0; break; }
	[ ! -e /sys/kernel/podwq ] || { ok=0; break; }
	i=$((i + 1))
done
t_eq "insmod/rmmod 5 times, /sys/kernel/podwq comes and goes" "$ok/$i" "1/5"

podwq_load
t_check "/sys/kernel/podwq exists while loaded" test -d /sys/kernel/podwq
t_eq "sysfs version matches modinfo" "$(cat /sys/kernel/podwq/version)" \
	"$(modinfo "$PODWQ_DIR/podwq.ko" | awk '$1 == "version:" { print $2 }')"
t_check "podwq's BTF is registered (/sys/kernel/btf/podwq)" test -s /sys/kernel/btf/podwq
t_check "load message names the kernel" \
	sh -c "dmesg | grep -q 'podwq: podwq .* loaded on Linux $(uname -r)'"
podwq_unload
t_check "/sys/kernel/podwq is gone after rmmod" test ! -e /sys/kernel/podwq
t_check "unload message logged" sh -c "dmesg | tail -n 5 | grep -q 'podwq: podwq .* unloaded'"

# Bad parameters: insmod fails, says why, and leaves nothing behind.
dmesg -c >/dev/null
if podwq_load default_affinity_scope=bogus 2>/dev/null; then
	t_fail "default_affinity_scope=bogus is refused"
	podwq_unload
else
	t_ok "default_affinity_scope=bogus is refused"
fi
t_check "the refusal names the bad value" sh -c "dmesg | grep -q \"podwq: .*'bogus'\""
t_check "nothing is left after a refused load" \
	sh -c "! lsmod | grep -q '^podwq ' && test ! -e /sys/kernel/podwq"
if podwq_load cache_shard_size=0 2>/dev/null; then
	t_fail "cache_shard_size=0 is refused"
	podwq_unload
else
	t_ok "cache_shard_size=0 is refused"
fi
t_check "the refusal explains cache_shard_size" \
	sh -c "dmesg | grep -q 'podwq: cache_shard_size'"
t_check "a good load works after refused ones" podwq_load default_affinity_scope=numa
t_eq "the scope given at load is kept" \
	"$(cat /sys/module/podwq/parameters/default_affinity_scope)" numa
podwq_unload
exit 0
