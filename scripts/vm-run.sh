#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh: boot a podwq test kernel under QEMU, run a command inside and
# return its exit status.  See usage() below.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
	cat <<USAGE
usage: scripts/vm-run.sh [options] [--] COMMAND...

Boot a test kernel (fetched by scripts/kernel-fetch.sh) with an initramfs
holding busybox, build/LINE/podwq.ko, the selftest modules, build/bin and
selftests/guest, and run COMMAND there with sh (cwd /podwq).  The guest's
console goes to the log file, COMMAND's output to the terminal.

options:
  -k, --kernel LINE     kernel line: 6.1, 6.12, 7.2, 6.12-rt (default $PODWQ_DEFAULT_LINE)
  -t, --topology NAME   a preset (below); --smp/--numa override it
      --smp SPEC        QEMU -smp, e.g. 8,sockets=2,cores=2,threads=2
      --numa N          N NUMA nodes, sockets (or CPUs) and memory split evenly
      --machine-opts S  extra -machine options (e.g. smp-cache.*)
  -m, --mem MiB         guest memory (default 1024)
      --append ARGS     extra kernel command line
      --accel A         kvm, tcg or auto (default: auto = kvm when usable)
      --timeout SECS    end a guest that runs longer (default 300)
      --boot-timeout SECS
                        a guest whose init has not started COMMAND after
                        SECS is ended and booted once more (default 150;
                        0: never; env PODWQ_BOOT_TIMEOUT), see below
      --log FILE        console log (default build/LINE/console.log)
      --out FILE        also keep COMMAND's output in FILE
      --vmcoreinfo      add -device vmcoreinfo (with the qemu_fw_cfg module)
      --qmp SOCK        a QMP socket at SOCK
      --dump-dir DIR    serve guest requests for memory dumps (vm_dump in
                        selftests/guest/lib.sh) into DIR; implies --vmcoreinfo
  -q, --quiet           do not copy COMMAND's output to the terminal

topologies: smp1, smp2, smp4 (default), smp8,
  2s2c2t-2n    8 CPUs: 2 sockets x 2 cores x 2 threads, 2 NUMA nodes
  2s2d2c2t-2n  16 CPUs: 2 sockets x 2 dies x 2 cores x 2 threads, 2 nodes
  llc20        20 cores sharing one last-level cache
  4llc         8 cores in 4 modules with an L3 each, one socket and node

exit status: COMMAND's own (0-119), or
  120 usage, 121 setup failed, 122 guest ended without a result,
  123 kernel panic (an oops panics too), 124 timeout (hung guest),
  125 both boots hung before the init started COMMAND

A boot that hangs before the init starts COMMAND (under TCG, Linux 7.2
has been seen to stop right after bringing up its CPUs, once in about
150 boots) is retried once.  The hung boot's console log is kept
beside the log as LOG.hung, and a line on stderr says so.
USAGE
}

line=$PODWQ_DEFAULT_LINE topo=smp4 smp= numa= mopts= mem=1024 append=
accel=${PODWQ_ACCEL:-auto} timeout=300 boot_timeout=${PODWQ_BOOT_TIMEOUT:-150} log= out= vmcoreinfo= qmp=
dumpdir=
quiet=
while [ $# -gt 0 ]; do
	case "$1" in
	-k|--kernel)	line=$2; shift ;;
	-t|--topology)	topo=$2; shift ;;
	--smp)		smp=$2; shift ;;
	--numa)		numa=$2; shift ;;
	--machine-opts)	mopts=$2; shift ;;
	-m|--mem)	mem=$2; shift ;;
	--append)	append=$2; shift ;;
	--accel)	accel=$2; shift ;;
	--timeout)	timeout=$2; shift ;;
	--boot-timeout)	boot_timeout=$2; shift ;;
	--log)		log=$2; shift ;;
	--out)		out=$2; shift ;;
	--vmcoreinfo)	vmcoreinfo=1 ;;
	--qmp)		qmp=$2; shift ;;
	--dump-dir)	dumpdir=$2; vmcoreinfo=1; shift ;;
	-q|--quiet)	quiet=1 ;;
	-h|--help)	usage; exit 0 ;;
	--)		shift; break ;;
	-*)		say "unknown option $1"; usage >&2; exit 120 ;;
	*)		break ;;
	esac
	shift
done
[ $# -gt 0 ] || { say "no command given"; usage >&2; exit 120; }
line_suites "$line" >/dev/null || { say "unknown kernel line '$line'"; exit 120; }
case "$mem$timeout$boot_timeout" in
*[!0-9]*) say "--mem, --timeout and --boot-timeout take whole numbers"; exit 120 ;;
esac

# Topology presets.
psmp= pnuma= pmopts=
case "$topo" in
smp1|smp2|smp4|smp8)	psmp=${topo#smp} ;;
2s2c2t-2n)	psmp=8,sockets=2,cores=2,threads=2 pnuma=2 ;;
2s2d2c2t-2n)	psmp=16,sockets=2,dies=2,cores=2,threads=2 pnuma=2 ;;
llc20)		psmp=20,sockets=1,cores=20 ;;
4llc)		psmp=8,sockets=1,modules=4,cores=2
		pmopts=smp-cache.0.cache=l3,smp-cache.0.topology=module ;;
*)		say "unknown topology '$topo'"; exit 120 ;;
esac
smp=${smp:-$psmp} numa=${numa:-$pnuma} mopts=${mopts:-$pmopts}

kdir=$PODWQ_CACHE/kernels/$line/current
[ -e "$kdir/vmlinuz" ] || { say "kernel $line not fetched: scripts/kernel-fetch.sh $line"; exit 121; }
release=$(cat "$kdir/release")
command -v qemu-system-x86_64 >/dev/null || { say "QEMU missing: scripts/host-deps.sh"; exit 121; }

tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log=${log:-$PODWQ_TOP/build/$line/console.log}
mkdir -p "$(dirname "$log")"
: >"$log"
printf '%s\n' "$*" >"$tmp/cmd"
"$PODWQ_TOP/scripts/mkinitramfs.sh" "$line" "$tmp/initrd" "$tmp/cmd" || exit 121

# The number of CPUs and sockets in an -smp spec.
smp_field() {	# SPEC KEY DEFAULT
	local v
	v=$(printf '%s\n' "$1" | tr ',' '\n' | sed -n "s/^$2=//p")
	echo "${v:-$3}"
}
ncpus=$(printf '%s\n' "$smp" | cut -d, -f1)

args=(-nodefaults -no-reboot -display none -monitor none -nic none
      -m "$mem" -smp "$smp" -kernel "$kdir/vmlinuz" -initrd "$tmp/initrd"
      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
machine=pc
[ -n "$mopts" ] && machine="$machine,$mopts"
args+=(-machine "$machine")

# KVM only where it really runs a guest: /dev/kvm can open yet hang every
# vCPU under nested virtualisation.  The probe boots the kernel without a
# root file system for up to 15 s; its verdict is kept for this host boot.
kvm_usable() {
	local probe=$PODWQ_CACHE/kvm-probe key
	key=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo none)
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	if [ "$(head -n 1 "$probe" 2>/dev/null)" != "$key" ]; then
		timeout -k 2 15 qemu-system-x86_64 -accel kvm -cpu host -m 256 \
			-nodefaults -no-reboot -display none -monitor none \
			-kernel "$kdir/vmlinuz" -append "console=ttyS0 panic=-1" \
			-serial "file:$tmp/probe.log" >/dev/null 2>&1 || true
		if grep -aq 'Kernel panic' "$tmp/probe.log" 2>/dev/null; then
			printf '%s\nkvm\n' "$key" >"$probe"
		else
			printf '%s\ntcg\n' "$key" >"$probe"
		fi
	fi
	[ "$(sed -n 2p "$probe")" = kvm ]
}
if [ "$accel" = auto ]; then
	accel=tcg
	[ -z "${PODWQ_NO_KVM:-}" ] && kvm_usable && accel=kvm
fi
case "$accel" in
kvm) args+=(-accel kvm -cpu host) ;;
tcg) args+=(-accel tcg,thread=multi -cpu SapphireRapids) ;;
*)   say "unknown accelerator '$accel'"; exit 120 ;;
esac

if [ -n "$numa" ] && [ "$numa" -gt 1 ]; then
	sockets=$(smp_field "$smp" sockets 1)
	if [ $((sockets % numa)) -ne 0 ]; then
		say "--numa $numa needs the sockets ($sockets) to split evenly"
		exit 120
	fi
	per=$((mem / numa))
	for ((n = 0; n < numa; n++)); do
		args+=(-object "memory-backend-ram,id=mem$n,size=${per}M"
		       -numa "node,nodeid=$n,memdev=mem$n")
	done
	for ((s = 0; s < sockets; s++)); do
		args+=(-numa "cpu,node-id=$((s * numa / sockets)),socket-id=$s")
	done
fi

# ttyS0: the console; ttyS1: COMMAND's output; ttyS2: host -> guest acks.
out_file=$tmp/out
: >"$out_file"
args+=(-chardev "file,id=con,path=$log" -serial chardev:con
       -chardev "file,id=out,path=$out_file" -serial chardev:out)
if [ -n "$dumpdir" ]; then
	mkdir -p "$dumpdir"
	qmp=${qmp:-$tmp/qmp.sock}
	args+=(-chardev "socket,id=ctl,path=$tmp/ctl.sock,server=on,wait=off"
	       -serial chardev:ctl)
else
	args+=(-chardev null,id=ctl -serial chardev:ctl)
fi
[ -n "$vmcoreinfo" ] && args+=(-device vmcoreinfo)
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")

cmdline="console=ttyS0,115200 panic=-1 oops=panic softlockup_panic=1 $append"
args+=(-append "$cmdline")

# boot: run QEMU until it ends; sets qrc, and $tmp/hung if the init had
# not started COMMAND (the PODWQ-START marker) after $boot_timeout s
boot() {
	: >"$out_file"
	rm -f "$tmp/hung"
	start=$(date +%s)
	timeout -k 10 "$timeout" qemu-system-x86_64 "${args[@]}" 2>"$tmp/qemu.err" &
	qpid=$!
	pids+=("$qpid")
	if [ "$boot_timeout" -gt 0 ]; then
		(
			n=0
			while kill -0 "$qpid" 2>/dev/null; do
				grep -aq '^PODWQ-START' "$out_file" && exit 0
				if [ "$n" -ge "$boot_timeout" ]; then
					: >"$tmp/hung"
					kill "$qpid" 2>/dev/null
					exit 0
				fi
				sleep 1
				n=$((n + 1))
			done
		) &
		pids+=($!)
	fi
	if [ -z "$quiet" ]; then
		# Stream COMMAND's output, without the init's own markers.
		tail -n +1 -f --pid="$qpid" "$out_file" 2>/dev/null |
			grep -av --line-buffered -e '^PODWQ-START' -e '^PODWQ-EXIT:' &
		pids+=($!)
	fi
	if [ -n "$dumpdir" ]; then
		python3 "$PODWQ_TOP/scripts/vm-dump-server.py" "$out_file" "$qmp" \
			"$tmp/ctl.sock" "$dumpdir" &
		pids+=($!)
	fi
	qrc=0
	wait "$qpid" || qrc=$?
	sleep 0.2
}

say "booting $release ($accel, -smp $smp${numa:+, $numa nodes}), log: $log"
rm -f "$log.hung"
boot
if [ -e "$tmp/hung" ]; then
	say "boot hung: the init did not start the command in ${boot_timeout}s; console kept in $log.hung; booting again; last console lines:"
	tail -n 5 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
	mv -f "$log" "$log.hung" 2>/dev/null || : >"$log.hung"
	# the first boot's helpers (output stream, dump server) go with it
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	pids=()
	boot
fi
elapsed=$(($(date +%s) - start))
if [ -n "$out" ]; then
	tr -d '\r' <"$out_file" | { grep -av -e '^PODWQ-START' -e '^PODWQ-EXIT:' || true; } >"$out"
fi
if [ -e "$tmp/hung" ]; then
	say "boot hung again: the init did not start the command in ${boot_timeout}s; last console lines:"
	tail -n 15 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
	exit 125
fi

rc=$(tr -d '\r' <"$out_file" | sed -n 's/^PODWQ-EXIT: \([0-9]*\)$/\1/p' | tail -n 1)
reason=$(tr -d '\r' <"$log" | grep -a -m 1 -E \
	'Kernel panic|BUG:|Oops|general protection fault|soft lockup|hung task' || true)
if [ -n "$rc" ]; then
	[ "$rc" -gt 119 ] && rc=119
	say "guest command exited with $rc after ${elapsed}s"
	exit "$rc"
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	say "timeout: the guest did not finish in ${timeout}s${reason:+ ($reason)}; last console lines:"
	tail -n 15 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
	exit 124
fi
if tr -d '\r' <"$log" | grep -aq 'Kernel panic'; then
	say "panic: the guest kernel panicked: $reason"
	tr -d '\r' <"$log" | grep -a -A 12 -m 1 -E 'BUG:|Oops|Kernel panic' | sed 's/^/  | /' >&2
	exit 123
fi
say "no result: the guest ended without the command's exit status (QEMU status $qrc)"
sed 's/^/  qemu: /' "$tmp/qemu.err" >&2
tail -n 15 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
exit 122
