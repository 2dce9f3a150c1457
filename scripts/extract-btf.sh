#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# extract-btf.sh VMLINUZ OUT: write OUT, an ELF holding only the .BTF
# section of the kernel inside the bzImage VMLINUZ, for kbuild's module BTF
# step (pahole --btf_base).  Debian's 6.1 headers ship no vmlinux.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

in=${1:?usage: extract-btf.sh VMLINUZ OUT}
out=${2:?usage: extract-btf.sh VMLINUZ OUT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Try each compressed stream the image may carry, at each offset its magic
# appears, until one decompresses into an ELF.
try() {	# MAGIC-as-grep-pattern DECOMPRESSOR...
	local magic=$1 off
	shift
	for off in $(LC_ALL=C grep -obUaP "$magic" "$in" | cut -d: -f1); do
		tail -c +"$((off + 1))" "$in" | "$@" >"$tmp/vmlinux" 2>/dev/null || true
		if [ "$(head -c 4 "$tmp/vmlinux" 2>/dev/null)" = $'\x7fELF' ]; then
			return 0
		fi
	done
	return 1
}
try '\x02\x21\x4c\x18' lz4 -dc ||
try '\xfd\x37\x7a\x58\x5a\x00' xz -dc ||
try '\x28\xb5\x2f\xfd' zstd -dc ||
try '\x1f\x8b\x08' gzip -dc ||
	die "no ELF kernel found inside $in"
objcopy -O elf64-x86-64 --only-section=.BTF "$tmp/vmlinux" "$out" 2>/dev/null ||
	die "objcopy of .BTF failed"
