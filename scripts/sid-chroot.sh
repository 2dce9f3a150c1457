#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian sid chroot in $PODWQ_CACHE/sid-chroot, made with debootstrap on
# first use.  Linux 7.2's headers need sid's gcc-16 and glibc, and drgn
# 0.3 needs sid's Python, so both run in here.
#
#   sid-chroot.sh install PKG...   install packages (if missing)
#   sid-chroot.sh run CMD...       run CMD inside, with /proc mounted
#   sid-chroot.sh path             print the chroot's folder
#
# Calls are serialised with a lock on the chroot.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

root=$PODWQ_CACHE/sid-chroot
mkdir -p "$PODWQ_CACHE"
exec 9>"$PODWQ_CACHE/sid-chroot.lock"
flock 9

make_chroot() {
	local uri
	[ -e "$root/.complete" ] && return 0
	command -v debootstrap >/dev/null || die "debootstrap missing (scripts/host-deps.sh)"
	uri=$(archive_uri main)
	[ -n "$uri" ] || die "no Debian archive URI in /etc/apt/sources*"
	rm -rf "$root"
	say "creating the sid chroot (debootstrap, about 2 minutes)"
	debootstrap --variant=minbase sid "$root" "$uri" \
		>"$PODWQ_CACHE/sid-chroot.log" 2>&1 ||
		{ tail -n 20 "$PODWQ_CACHE/sid-chroot.log" >&2; die "debootstrap failed"; }
	# The archive's sid Release can look expired against this clock.
	cat >"$root/etc/apt/apt.conf.d/90podwq" <<-CONF
	Acquire::Check-Valid-Until "false";
	Acquire::Languages "none";
	APT::Install-Recommends "false";
	CONF
	echo "deb $uri sid main" >"$root/etc/apt/sources.list"
	touch "$root/.complete"
}

in_chroot() {
	local ret=0
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
	cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C.UTF-8 "$@" || ret=$?
	umount "$root/proc" 2>/dev/null || true
	return $ret
}

cmd=${1:-}
[ -n "$cmd" ] && shift
case "$cmd" in
install)
	make_chroot
	missing=()
	for p in "$@"; do
		in_chroot dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && exit 0
	say "installing in the sid chroot: ${missing[*]}"
	stamp=$root/var/lib/apt/podwq-updated
	if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
		in_chroot apt-get -q update >"$PODWQ_CACHE/sid-chroot.log" 2>&1 ||
			{ tail -n 20 "$PODWQ_CACHE/sid-chroot.log" >&2; die "apt-get update in the chroot failed"; }
		touch "$stamp"
	fi
	in_chroot env DEBIAN_FRONTEND=noninteractive apt-get -q -y install "${missing[@]}" \
		>"$PODWQ_CACHE/sid-chroot.log" 2>&1 ||
		{ tail -n 20 "$PODWQ_CACHE/sid-chroot.log" >&2; die "apt-get install in the chroot failed"; }
	;;
run)
	make_chroot
	in_chroot "$@"
	;;
path)
	echo "$root"
	;;
*)
	die "usage: sid-chroot.sh install PKG... | run CMD... | path"
	;;
esac
