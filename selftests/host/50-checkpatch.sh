#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel C sources are checkpatch-clean (scripts/checkpatch.sh), one
# assertion per file.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# fetch checkpatch.pl once; its own errors go to stderr
scripts/checkpatch.sh module/main.c >/dev/null || true
for f in module/*.[ch] selftests/kmod/*.[ch] selftests/bench/*.c; do
	if out=$(scripts/checkpatch.sh "$f" 2>&1); then
		echo "ok - checkpatch: $f"
	else
		echo "not ok - checkpatch: $f"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
done
