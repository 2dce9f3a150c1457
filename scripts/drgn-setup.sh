#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# drgn-setup.sh LINE: make drgn usable on dumps of LINE's test kernel.
#
# drgn reads types from DWARF, so it needs the kernel's debug vmlinux:
# this downloads linux-image-<release>-dbg for the kernel that
# kernel-fetch.sh resolves (283-353 MB, through the private apt root of
# scripts/lib.sh), unpacks only its vmlinux into
# $PODWQ_CACHE/dbg/<release>/vmlinux and drops the package.  It also
# installs python3-drgn (0.3, which needs sid's Python) in the sid chroot.
# Idempotent: a second run downloads nothing.  Prints the vmlinux path.
#
# drgn-setup.sh --run LINE DRGN-ARGS...: run drgn in the sid chroot with
# the debug vmlinux of LINE (-s) and the current directory bind-mounted at
# the same path, so relative and absolute paths under it work unchanged.
# With PODWQ_DRGN_TIME=FILE (under the current directory), drgn's own wall
# time in milliseconds, measured inside the chroot, is appended to FILE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

run=
if [ "${1:-}" = --run ]; then
	run=1
	shift
fi
line=${1:-}
[ -n "$line" ] || die "usage: drgn-setup.sh LINE | drgn-setup.sh --run LINE DRGN-ARGS..."
shift
check_line "$line"

read -r _ release _ < <("$PODWQ_TOP/scripts/kernel-fetch.sh" "$line")
dbg=$PODWQ_CACHE/dbg/$release
vmlinux=$dbg/vmlinux

fetch_vmlinux() {
	local opts pkg f member
	[ -e "$dbg/.complete" ] && return 0
	# shellcheck disable=SC2046
	opts=$(apt_root "$line" $(line_suites "$line"))
	apt_refresh "$line" "$opts"
	pkg=linux-image-$release-dbg
	mkdir -p "$dbg/deb"
	f=$(ls "$dbg/deb/${pkg}_"*.deb 2>/dev/null | head -n 1) || true
	if [ -z "$f" ]; then
		say "downloading $pkg (about 300 MB)"
		# shellcheck disable=SC2086
		(cd "$dbg/deb" && apt-get -q $opts download "$pkg" >/dev/null) ||
			die "download of $pkg failed"
		f=$(ls "$dbg/deb/${pkg}_"*.deb | head -n 1)
	fi
	# The vmlinux is a file at one of these paths (the others may be
	# symbolic links to it).
	dpkg-deb --fsys-tarfile "$f" | tar -tv >"$dbg/deb/list"
	member=
	for m in "./usr/lib/debug/lib/modules/$release/vmlinux" \
		 "./usr/lib/debug/boot/vmlinux-$release"; do
		if awk -v m="$m" '$NF == m && $1 ~ /^-/ { f = 1 } END { exit !f }' "$dbg/deb/list"; then
			member=$m
			break
		fi
	done
	[ -n "$member" ] || die "no vmlinux in $pkg"
	dpkg-deb --fsys-tarfile "$f" | tar -xO "$member" >"$vmlinux.tmp"
	[ "$(head -c 4 "$vmlinux.tmp")" = $'\x7fELF' ] || die "$member is not an ELF file"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -rf "$dbg/deb"
	touch "$dbg/.complete"
}

fetch_vmlinux
"$PODWQ_TOP/scripts/sid-chroot.sh" install python3-drgn
if [ -z "$run" ]; then
	echo "$vmlinux"
	exit 0
fi

# --run: bind the debug vmlinux and the current directory into the chroot.
root=$("$PODWQ_TOP/scripts/sid-chroot.sh" path)
cwd=$(pwd -P)
mnt_dbg=$root/mnt/podwq-dbg-$$
mnt_cwd=$root$cwd
mkdir -p "$mnt_dbg" "$mnt_cwd"
cleanup() {
	umount "$mnt_cwd" 2>/dev/null || true
	umount "$mnt_dbg" 2>/dev/null || true
	rmdir "$mnt_dbg" 2>/dev/null || true
}
trap cleanup EXIT
mount --bind "$dbg" "$mnt_dbg"
mount --bind "$cwd" "$mnt_cwd"
timer=()
if [ -n "${PODWQ_DRGN_TIME:-}" ]; then
	timer=(python3 -c 'import subprocess, sys, time
t = time.monotonic()
r = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "a") as f:
    f.write("%.1f\n" % ((time.monotonic() - t) * 1e3))
sys.exit(r)' "$PODWQ_DRGN_TIME")
fi
"$PODWQ_TOP/scripts/sid-chroot.sh" run sh -c 'cd "$1" && shift && exec "$@"' \
	sh "$cwd" "${timer[@]}" drgn -q -s "/mnt/podwq-dbg-$$/vmlinux" "$@"
