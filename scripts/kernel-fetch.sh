#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-fetch.sh LINE: fetch a Debian test kernel (image, modules,
# headers) for LINE = 6.1 (bookworm), 6.12 (bookworm-backports) or 7.2
# (sid), all of the cloud-amd64 flavour, or 6.12-rt (bookworm-backports,
# the PREEMPT_RT flavour rt-amd64) into $PODWQ_CACHE/kernels/LINE/<abi>/,
# resolving the current version through the flavour's linux-image-FLAVOUR
# metapackage.  Idempotent: a
# second run downloads nothing.  Prints the kernel release and the Debian
# version on stdout, "LINE RELEASE VERSION".
#
# Result, in $PODWQ_CACHE/kernels/LINE/current -> <abi>/:
#   root/     the packages unpacked with dpkg -x
#   vmlinuz   the kernel image;  modules: its modules folder
#   release   uname -r of the kernel;  version: the Debian package version
#   kdir      the path of the headers to build modules against (6.1 and 6.12:
#             on this host; 7.2: inside the sid chroot, see sid-chroot.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

line=${1:-}
[ -n "$line" ] || die "usage: kernel-fetch.sh 6.1|6.12|7.2|6.12-rt"
check_line "$line"
# shellcheck disable=SC2046
opts=$(apt_root "$line" $(line_suites "$line"))
apt_refresh "$line" "$opts"

# shellcheck disable=SC2086
show() { apt-cache $opts show "$@" 2>/dev/null; }
# deps PKG: the package names PKG depends on (first of each alternative).
deps() {
	show "$1" | sed -n '0,/^Depends:/s/^Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$'
}
exists() { [ -n "$(show "$1" | head -n 1)" ]; }

flavour=$(line_flavour "$line")
meta=linux-image-$flavour
abi=$(show "$meta" | sed -n "0,/^Depends:/s/^Depends: .*linux-image-\([^ ,]*\)-$flavour .*/\1/p")
version=$(show "$meta" | sed -n '0,/^Version:/s/^Version: //p')
[ -n "$abi" ] || die "cannot resolve $meta in $(line_suites "$line")"
release=$abi-$flavour

# The packages: 7.2 splits the image into binary, modules and base.
pkgs=()
if exists "linux-binary-$release"; then
	pkgs+=("linux-binary-$release" "linux-modules-$release" "linux-base-$release")
elif exists "linux-image-$release-unsigned"; then
	pkgs+=("linux-image-$release-unsigned")
else
	pkgs+=("linux-image-$release")
fi
# 7.2's headers need gcc-16 and glibc 2.38: they are installed in the sid
# chroot instead (sid-chroot.sh).
if [ "$line" != 7.2 ]; then
	pkgs+=("linux-headers-$release")
	while read -r d; do
		case "$d" in
		linux-headers-*|linux-kbuild-*) pkgs+=("$d") ;;
		esac
	done < <(deps "linux-headers-$release")
fi

dir=$PODWQ_CACHE/kernels/$line/$abi
debs=$PODWQ_CACHE/apt/$line/debs
if [ ! -e "$dir/.complete" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/root"
	for p in "${pkgs[@]}"; do
		v=$(show "$p" | sed -n '0,/^Version:/s/^Version: //p')
		f=$(ls "$debs/${p}_"*.deb 2>/dev/null | head -n 1 || true)
		if [ -z "$f" ] || [ "${f#*"${p}_"}" = "${f}" ]; then
			say "downloading $p $v"
			# shellcheck disable=SC2086
			(cd "$debs" && apt-get -q $opts download "$p" >/dev/null) ||
				die "download of $p failed"
			f=$(ls "$debs/${p}_"*.deb | head -n 1)
		fi
		dpkg -x "$f" "$dir/root"
	done

	# bookworm installs into /boot and /lib/modules, sid's split
	# packages into /usr/lib/modules/<release>/.
	for m in lib/modules usr/lib/modules; do
		[ -d "$dir/root/$m/$release" ] && moddir=$m/$release
	done
	[ -n "${moddir:-}" ] || die "no modules folder for $release"
	for v in "boot/vmlinuz-$release" "$moddir/vmlinuz"; do
		[ -e "$dir/root/$v" ] && vmlinuz=$v
	done
	[ -n "${vmlinuz:-}" ] || die "no kernel image for $release"
	ln -s "root/$vmlinuz" "$dir/vmlinuz"
	ln -s "root/$moddir" "$dir/modules"
	vmlinuz=$dir/vmlinuz
	echo "$release" >"$dir/release"
	echo "$version" >"$dir/version"

	if [ "$line" != 7.2 ]; then
		kdir=$dir/root/usr/src/linux-headers-$release
		# The flavour Makefile includes the -common one by absolute path.
		sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$kdir/Makefile"
		# Module BTF needs a vmlinux with .BTF beside the headers; 6.12
		# ships one, 6.1 does not: take it from the LZ4 image.
		if [ ! -e "$kdir/vmlinux" ]; then
			"$PODWQ_TOP/scripts/extract-btf.sh" "$vmlinuz" "$kdir/vmlinux"
		fi
		echo "$kdir" >"$dir/kdir"
	else
		echo "/usr/src/linux-headers-$release" >"$dir/kdir"
	fi
	touch "$dir/.complete"
fi
ln -sfn "$abi" "$PODWQ_CACHE/kernels/$line/current"
# Drop the debs of versions no longer current.
for f in "$debs"/*.deb; do
	[ -e "$f" ] || continue
	keep=
	for p in "${pkgs[@]}"; do
		case "${f##*/}" in "${p}_"*) keep=1 ;; esac
	done
	[ -n "$keep" ] || rm -f "$f"
done
echo "$line $release $version"
