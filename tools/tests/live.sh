#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump's access layers against the running kernel: symbols vs
# /proc/kallsyms, struct members through BTF, per-CPU variables, list
# walking, cpumasks.  POSIX sh + busybox, so it also runs inside a guest's
# initramfs.  Needs root, /proc/kcore, /proc/kallsyms, /sys/kernel/btf;
# without them it says so and skips (exit 0).  Prints TAP-like lines and
# a closing "N passed, N failed, N skipped".
#
# Usage: tests/live.sh [PODWQ_DUMP]   (default: the podwq-dump beside tests/)

D=${1:-${PODWQ_DUMP:-$(dirname "$0")/../podwq-dump}}
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	skp "live kernel" "not root"; finish
fi
for f in /proc/kcore /proc/kallsyms /sys/kernel/btf/vmlinux; do
	if [ ! -r "$f" ]; then
		skp "live kernel" "no $f on this kernel"; finish
	fi
done

# /proc/kallsyms is read with grep, not awk: busybox awk takes seconds
# over its 150,000 lines under TCG.  ksym NAME: NAME's first line, not a
# module's ("ADDR TYPE NAME").
tab=$(printf '\t')
ksym() {
	grep -m 1 -E "^[0-9a-f]+ [A-Za-z] $1\$" /proc/kallsyms
}

# symbols: a data symbol (KALLSYMS_ALL) or else a function, vs /proc/kallsyms
for s in jiffies init_task schedule; do
	want=$(ksym "$s")
	[ -n "$want" ] || { skp "sym $s" "not in /proc/kallsyms"; continue; }
	check "sym $s matches /proc/kallsyms" "$want" "$("$D" sym "$s" 2>&1)"
done

# addr -> name+offset for a function
a=$(ksym schedule | cut -d' ' -f1)
if [ -n "$a" ]; then
	a16=$(printf '0x%x' $((0x$a + 16)) 2>/dev/null)
	check "addr schedule+0x10" "schedule+0x10" "$("$D" addr "$a16" 2>&1)"
fi

# kernel memory + BTF: init_task.comm
check "init_task.comm" '"swapper/0"' "$("$D" member task_struct init_task comm 2>&1)"
check "init_task.pid" "0 (0)" "$("$D" member task_struct init_task pid 2>&1)"

# a string in kernel memory
want="Linux version $(uname -r)"
got=$("$D" read-str linux_banner 2>&1)
case "$got" in "$want"*) ok "linux_banner";; *) nok "linux_banner" "got '$got'";; esac

# BTF helpers
"$D" type task_struct >/dev/null 2>&1 && ok "type task_struct" || nok "type task_struct"
check "enum WQ_UNBOUND" "2" "$("$D" enum WQ_UNBOUND 2>&1)"
# a member inside anonymous unions/structs of struct page
"$D" offsetof "struct page" lru >/dev/null 2>&1 && ok "offsetof page.lru (anonymous members)" ||
	nok "offsetof page.lru" "$("$D" offsetof "struct page" lru 2>&1)"

# per-CPU: this_cpu_off holds each CPU's own __per_cpu_offset
ncpu=$("$D" info 2>/dev/null | awk '/^nr_cpu_ids:/ { print $2 }')
if [ -n "$ncpu" ] && [ "$ncpu" -gt 0 ]; then
	online=$(cat /sys/devices/system/cpu/online)
	# every CPU in one run each, then one CPU on its own
	offs=$("$D" read-u64 __per_cpu_offset "$ncpu" 2>&1 | awk '{ print $2 }')
	vals=$("$D" percpu this_cpu_off 2>&1 | awk '{ print $3 }')
	bad=$(printf '%s\n--\n%s\n' "$offs" "$vals" | awk -v n="$ncpu" '
		$0 == "--" { s = 1; next }
		!s { o[c++] = $0; next }
		{ v[d++] = $0 }
		END {
			for (i = 0; i < n; i++)
				if (o[i] == "" || o[i] != v[i])
					print "#   cpu" i ": __per_cpu_offset " o[i] ", this_cpu_off " v[i]
		}')
	[ -z "$bad" ] && ok "percpu this_cpu_off on $ncpu CPUs" || { nok "percpu this_cpu_off"; echo "$bad"; }
	cpu=$((ncpu - 1))
	check "percpu this_cpu_off $cpu (one CPU)" "$(echo "$offs" | tail -n 1)" \
		"$("$D" percpu this_cpu_off "$cpu" 2>&1 | awk '{ print $3 }')"
	check "cpumask __cpu_online_mask" "$online" "$("$D" cpumask __cpu_online_mask 2>&1)"
else
	nok "nr_cpu_ids" "$("$D" info 2>&1)"
fi

# list walking: the modules list vs /proc/modules
if grep -q . /proc/modules 2>/dev/null; then
	want=$(awk '{ print $1 }' /proc/modules | sort | tr '\n' ' ')
	got=$("$D" list modules module list name 2>&1 | awk '{ gsub(/"/, "", $2); print $2 }' | sort | tr '\n' ' ')
	check "list modules" "$want" "$got"
	m=$(awk 'NR == 1 { print $1 }' /proc/modules)
	want=$(grep -m 1 -E "^[0-9a-f]+ [tT] [^ $tab]+$tab\[$m\]\$" /proc/kallsyms)
	s=$(echo "$want" | awk '{ print $3 }')
	if [ -n "$s" ]; then
		check "module symbol $m:$s" "$want" "$("$D" sym "$m:$s" 2>&1)"
	fi
	if [ -r "/sys/kernel/btf/$m" ]; then
		"$D" modules 2>&1 | grep -q "^$m .*btf=yes" && ok "module BTF $m" || nok "module BTF $m"
	fi
else
	skp "list modules" "no modules loaded"
fi

# where symbols come from: the kallsyms tables in memory, found through
# the VMCOREINFO note of /proc/kcore (6.0+), unless --kallsyms names a
# file; both must give a module's symbols alike (vmlinux's: sym above)
case $(uname -r) in
[1-5].*) skp "symbols from the kallsyms tables in memory" "kernel older than 6.0";;
*)
	check "symbols from the kallsyms tables in memory" "tables in memory" \
		"$("$D" info 2>&1 | sed -n 's/^kallsyms: *//p')"
	check "--kallsyms /proc/kallsyms reads the file" "/proc/kallsyms" \
		"$("$D" --kallsyms /proc/kallsyms info 2>&1 | sed -n 's/^kallsyms: *//p')"
	# every loaded module (not /proc/kallsyms' [bpf] and the like)
	m=$(awk '{ printf "%s%s", sep, $1; sep = "|" }' /proc/modules 2>/dev/null)
	if [ -n "$m" ]; then
		"$D" kallsyms 2>&1 | grep -E "\[($m)\]\$" | sort >/tmp/podwq-live-mem.$$
		"$D" --kallsyms /proc/kallsyms kallsyms 2>&1 | grep -E "\[($m)\]\$" |
			sort >/tmp/podwq-live-file.$$
		cnt=$(wc -l </tmp/podwq-live-mem.$$)
		if [ "$cnt" -gt 0 ] && cmp -s /tmp/podwq-live-mem.$$ /tmp/podwq-live-file.$$; then
			ok "modules: $cnt symbols from memory as from /proc/kallsyms"
		else
			nok "modules: symbols from memory as from /proc/kallsyms" \
				"$(diff /tmp/podwq-live-mem.$$ /tmp/podwq-live-file.$$ | head -n 4 | tr '\n' '|')"
		fi
		rm -f /tmp/podwq-live-mem.$$ /tmp/podwq-live-file.$$
	fi
	;;
esac

# podwq itself: loaded with its tables, loaded without (an older podwq), absent
if grep -q '^podwq ' /proc/modules 2>/dev/null; then
	if grep -qE "^[0-9a-f]+ [A-Za-z] podwq_pod_types($tab|\$)" /proc/kallsyms; then
		check_rc "podwq loaded: exit status 0" 0 "$D"
	else
		check_rc "podwq loaded without podwq_pod_types: exit status 5" 5 "$D"
	fi
	check "struct module of podwq by module symbol" '"podwq"' \
		"$("$D" member module podwq:__this_module name 2>&1)"
else
	check_rc "podwq not loaded: exit status 5" 5 "$D"
fi
finish
