#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh LINE OUT CMDFILE: write OUT, a gzip'd cpio initramfs for
# a test kernel of LINE that runs the shell script CMDFILE (see
# scripts/guest/init).  It holds busybox, the debug-exit helper, the
# qemu_fw_cfg module (VMCOREINFO for dumps), and under /podwq: podwq.ko and
# the selftest modules of build/LINE, the tools of build/bin,
# selftests/guest and podwq-dump's live tests.  With PODWQ_PERF=1 it also
# holds the host's perf (Debian's linux-perf, installed when missing) and
# the shared libraries it links, for profiling inside the guest.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

line=${1:?usage: mkinitramfs.sh LINE OUT CMDFILE}
out=${2:?usage: mkinitramfs.sh LINE OUT CMDFILE}
cmd=${3:?usage: mkinitramfs.sh LINE OUT CMDFILE}
kdir=$PODWQ_CACHE/kernels/$line/current
[ -e "$kdir/release" ] || die "kernel $line not fetched (scripts/kernel-fetch.sh $line)"
release=$(cat "$kdir/release")
[ -x /bin/busybox ] || die "busybox-static missing (scripts/host-deps.sh)"

bin=$PODWQ_TOP/build/bin
mkdir -p "$bin"
if [ ! -x "$bin/debug-exit" ] ||
   [ "$PODWQ_TOP/scripts/guest/debug-exit.c" -nt "$bin/debug-exit" ]; then
	gcc -static -O2 -Wall -o "$bin/debug-exit" "$PODWQ_TOP/scripts/guest/debug-exit.c"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/root
mkdir -p "$r"/{bin,sbin,dev,proc,sys,tmp,run,lib/podwq-modules} "$r/podwq/kmod" \
	"$r/podwq/bin" "$r/podwq/selftests"
cp /bin/busybox "$r/bin/busybox"
cp "$bin/debug-exit" "$r/bin/debug-exit"
install -m 0755 "$PODWQ_TOP/scripts/guest/init" "$r/init"

# busybox's modinfo and modprobe want a modules.dep, even an empty one.
mkdir -p "$r/lib/modules/$release"
: >"$r/lib/modules/$release/modules.dep"

# Kernel modules the guest loads at boot, decompressed (busybox's insmod
# takes plain .ko files).
for m in kernel/drivers/firmware/qemu_fw_cfg.ko; do
	f=$(ls "$kdir/modules/$m"* 2>/dev/null | head -n 1 || true)
	[ -n "$f" ] || continue
	case "$f" in
	*.xz)  xz -dc "$f" >"$r/lib/podwq-modules/$(basename "$m")" ;;
	*.zst) zstd -qdc "$f" >"$r/lib/podwq-modules/$(basename "$m")" ;;
	*)     cp "$f" "$r/lib/podwq-modules/" ;;
	esac
done

b=$PODWQ_TOP/build/$line
if [ -e "$b/podwq.ko" ]; then
	[ "$(cat "$b/release")" = "$release" ] ||
		die "build/$line is for $(cat "$b/release"), not $release: run scripts/build.sh $line"
	cp "$b/podwq.ko" "$r/podwq/"
	cp "$b"/kmod/*.ko "$r/podwq/kmod/" 2>/dev/null || true
fi
for t in "$bin"/*; do
	[ -x "$t" ] && [ "${t##*/}" != debug-exit ] && cp "$t" "$r/podwq/bin/"
done
cp -r "$PODWQ_TOP/selftests/guest" "$r/podwq/selftests/"
# podwq-dump's own live-kernel tests run inside the guest too.
mkdir -p "$r/podwq/tools-tests"
cp "$PODWQ_TOP"/tools/tests/lib.sh "$PODWQ_TOP"/tools/tests/live.sh "$r/podwq/tools-tests/"
cp "$cmd" "$r/podwq/cmd"

# perf: bookworm's linux-perf (perf 6.1) reads the samples of every line's
# kernel; the guest has no libc, so its whole ldd closure comes along.
if [ -n "${PODWQ_PERF:-}" ]; then
	if [ ! -x /usr/bin/perf ] || ! dpkg-query -W -f='${Status}' linux-perf 2>/dev/null |
	   grep -q 'install ok installed'; then
		opts=$(apt_root host bookworm bookworm-updates bookworm-security)
		opts="$opts -o Dir::State::status=/var/lib/dpkg/status"
		apt_refresh host "$opts"
		say "installing linux-perf"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get -q -y $opts install \
			--no-install-recommends linux-perf \
			>"$PODWQ_CACHE/apt/host/install.log" 2>&1 ||
			{ tail -n 30 "$PODWQ_CACHE/apt/host/install.log" >&2; die "linux-perf install failed"; }
	fi
	# /usr/bin/perf is Debian's wrapper for perf_<version>: take both.
	for f in /usr/bin/perf /usr/bin/perf_* /usr/bin/perf.wrapper; do
		[ -e "$f" ] && cp -L "$f" "$r/bin/${f##*/}"
	done
	for f in "$r"/bin/perf*; do
		ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
	done | sort -u | while read -r l; do
		mkdir -p "$r$(dirname "$l")"
		cp -L "$l" "$r$l"
	done
	mkdir -p "$r/lib64" "$r/etc"
	[ -e "$r/lib64/ld-linux-x86-64.so.2" ] ||
		cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
	: >"$r/etc/ld.so.conf"
fi
cat >"$r/podwq/env" <<ENV
export PODWQ_DIR=/podwq PODWQ_KERNEL=$line PODWQ_RELEASE=$release
export PATH=/podwq/bin:/bin:/sbin
ENV

(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -1 >"$out"
