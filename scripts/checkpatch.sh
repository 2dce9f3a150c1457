#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh [FILE...]: run the kernel's scripts/checkpatch.pl over
# podwq's kernel C sources (module/, selftests/kmod/, selftests/bench/ by
# default), as whole files.  checkpatch.pl and its data files come from the
# newest linux-source package (the 7.2 line, sid), fetched once through the
# private apt root and kept in $PODWQ_CACHE/checkpatch/.  Exit status 1 if
# checkpatch reports an error or a warning.
#
# Ignored, with the reason:
#   ALLOC_WITH_SIZEOF    kzalloc_obj() and friends exist only from 7.0 on;
#                        podwq builds on 6.1.
#   LINUX_VERSION_CODE,  version tests are podwq's purpose; they live in
#   CONSTANT_COMPARISON  module/compat.h only (checked below);
#   MACRO_ARG_UNUSED     a compat.h macro keeps one signature on every line
#                        even where a version ignores an argument.
#   NR_CPUS (podwq.h)    PODWQ_WORK_CPU_UNBOUND is NR_CPUS, as the kernel's
#                        WORK_CPU_UNBOUND: a value no CPU number reaches.
#   DEPRECATED_API       podwq_pool_idr is an IDR, as the kernel's
#   (pool.c)             worker_pool_idr: podwq-dump walks it as one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$PODWQ_CACHE/checkpatch
cp=$dir/scripts/checkpatch.pl

if [ ! -x "$cp" ]; then
	# shellcheck disable=SC2046
	opts=$(apt_root 7.2 $(line_suites 7.2))
	apt_refresh 7.2 "$opts"
	# shellcheck disable=SC2086
	pkg=$(apt-cache $opts search --names-only '^linux-source-[0-9.]+$' 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1)
	[ -n "$pkg" ] || die "no linux-source package in $(line_suites 7.2)"
	tmp=$(mktemp -d "$PODWQ_CACHE/checkpatch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	say "fetching checkpatch.pl from $pkg"
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get -q $opts download "$pkg" >/dev/null)
	dpkg -x "$tmp"/*.deb "$tmp/x"
	tar -C "$tmp" -xf "$tmp"/x/usr/src/linux-source-*.tar.* --wildcards \
		--strip-components=1 '*/scripts/checkpatch.pl' \
		'*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
	rm -rf "$dir"
	mkdir -p "$dir"
	mv "$tmp/scripts" "$dir/"
	echo "$pkg" >"$dir/source"
fi

cd "$top"
if [ $# -eq 0 ]; then
	set -- module/*.[ch] selftests/kmod/*.[ch] selftests/bench/*.c
fi

rc=0
for f in "$@"; do
	ignore=ALLOC_WITH_SIZEOF
	case ${f##*/} in
	compat.h) ignore=$ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_UNUSED ;;
	podwq.h)  ignore=$ignore,NR_CPUS ;;
	pool.c)   ignore=$ignore,DEPRECATED_API ;;
	esac
	if ! out=$(perl "$cp" --no-tree --terse --show-types --max-line-length=100 \
			--ignore "$ignore" -f "$f" 2>&1); then
		rc=1
	fi
	printf '%s\n' "$out" | grep -v '^total: 0 errors, 0 warnings\|^$' || true
done
[ $rc -eq 0 ] && grep -l 'LINUX_VERSION_CODE' module/*.[ch] selftests/*/*.c |
	grep -v '^module/compat.h$' && { say "version tests outside compat.h"; rc=1; }
exit $rc
