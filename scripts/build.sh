#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh LINE: build podwq.ko and the selftest client modules against a
# test kernel (fetched by kernel-fetch.sh) into build/LINE/:
#   build/LINE/podwq.ko, build/LINE/kmod/*.ko, build/LINE/release
# 6.1 and 6.12 build on this host, 7.2 in the sid chroot (its headers need
# gcc-16).  Every module carries BTF.  Warnings are errors.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

line=${1:?usage: build.sh LINE}
check_line "$line"
"$PODWQ_TOP/scripts/kernel-fetch.sh" "$line" >/dev/null
kdir=$PODWQ_CACHE/kernels/$line/current
release=$(cat "$kdir/release")
headers=$(cat "$kdir/kdir")
out=$PODWQ_TOP/build/$line

# Kbuild writes objects beside the sources: build a private copy per line.
sync_tree() {	# DEST
	mkdir -p "$1"
	# -c without -t: a file whose content changed gets a new mtime in the
	# copy, even if it was edited while an earlier build ran.
	rsync -rlpgoD --checksum --delete --exclude='*.o' --exclude='*.ko' --exclude='.*' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude=modules.order \
		--exclude=Module.symvers \
		--include='/Kbuild' --include='/module/***' \
		--include='/selftests/' --include='/selftests/kmod/***' \
		--include='/selftests/bench/***' \
		--exclude='*' "$PODWQ_TOP/" "$1/"
}

kbuild=(modules "KCFLAGS=-Werror" "-j$(nproc)")
case "$line" in
6.1)
	# linux-kbuild-6.1 ships no resolve_btfids; BTF ids are not needed
	# by podwq.
	kbuild+=(RESOLVE_BTFIDS=true)
	;;
esac

if [ "$line" = 7.2 ]; then
	"$PODWQ_TOP/scripts/sid-chroot.sh" install make dwarves \
		"linux-headers-$release"
	chroot=$("$PODWQ_TOP/scripts/sid-chroot.sh" path)
	# One build folder per checkout: worktrees must not share one.
	sub=podwq-build/$(echo "$PODWQ_TOP" | md5sum | cut -c1-12)/$line
	src=$chroot/$sub
	sync_tree "$src"
	"$PODWQ_TOP/scripts/sid-chroot.sh" run \
		make -s -C "$headers" M="/$sub" "${kbuild[@]}"
else
	src=$out/src
	sync_tree "$src"
	make -s -C "$headers" M="$src" "${kbuild[@]}"
fi

rm -rf "$out/kmod" "$out/podwq.ko"
mkdir -p "$out/kmod"
cp "$src/module/podwq.ko" "$out/podwq.ko"
for k in "$src"/selftests/kmod/*.ko "$src"/selftests/bench/*.ko; do
	[ -e "$k" ] && cp "$k" "$out/kmod/"
done
echo "$release" >"$out/release"
say "built podwq.ko for $release"
