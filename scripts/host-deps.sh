#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what podwq's build and tests need on a Debian 12 host, when it is
# missing: compilers and kbuild helpers, busybox for the guest initramfs,
# debootstrap for the sid chroot, libbpf/libelf for podwq-dump, and QEMU 10
# from bookworm-backports (bookworm's QEMU 7.2 crashes 6.12 guests).
# Idempotent: a second run installs nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "run as root (apt-get install)"

# command, file or "=" (the package itself) -> package, all from bookworm.
need=(
	gcc:gcc make:make pahole:dwarves
	objcopy:binutils cpio:cpio debootstrap:debootstrap lz4:lz4 xz:xz-utils
	zstd:zstd python3:python3 perl:perl rsync:rsync modinfo:kmod readelf:binutils
	/bin/busybox:busybox-static
	/usr/include/bpf/btf.h:libbpf-dev /usr/include/gelf.h:libelf-dev
	/usr/include/zlib.h:zlib1g-dev /usr/include/libelf.h:libelf-dev
	clang:clang =libclang-rt-14-dev
)
missing=()
for n in "${need[@]}"; do
	what=${n%%:*} pkg=${n#*:}
	case "$what" in
	=*) dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
		grep -q 'install ok installed' && continue ;;
	/*) [ -e "$what" ] && continue ;;
	*)  command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	missing+=("$pkg")
done

qemu_ok() {
	local v
	command -v qemu-system-x86_64 >/dev/null 2>&1 || return 1
	v=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p')
	[ "${v:-0}" -ge 10 ]
}

if [ ${#missing[@]} -gt 0 ] || ! qemu_ok; then
	opts=$(apt_root host bookworm bookworm-updates bookworm-security bookworm-backports)
	# Install into this machine: use its real dpkg status.
	opts="$opts -o Dir::State::status=/var/lib/dpkg/status"
	apt_refresh host "$opts"
	export DEBIAN_FRONTEND=noninteractive
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing: ${missing[*]}"
		# shellcheck disable=SC2086
		apt-get -q -y $opts install --no-install-recommends "${missing[@]}" \
			>"$PODWQ_CACHE/apt/host/install.log" 2>&1 ||
			{ tail -n 30 "$PODWQ_CACHE/apt/host/install.log" >&2; die "apt-get install failed"; }
	fi
	if ! qemu_ok; then
		say "installing QEMU from bookworm-backports"
		# shellcheck disable=SC2086
		apt-get -q -y $opts install --no-install-recommends \
			-t bookworm-backports qemu-system-x86 qemu-system-common \
			qemu-system-data seabios ipxe-qemu \
			>"$PODWQ_CACHE/apt/host/install.log" 2>&1 ||
			{ tail -n 30 "$PODWQ_CACHE/apt/host/install.log" >&2; die "QEMU install failed"; }
		qemu_ok || die "QEMU >= 10 is still missing"
	fi
fi
exit 0
