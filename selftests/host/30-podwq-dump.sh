#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump on the host: synthetic vmcores of every kernel layout, bad and
# corrupt inputs (with the ASan/UBSan build too), then a short fuzz run of
# each input path.
top=$(cd "$(dirname "$0")/../.." && pwd)
log=$top/build/selftests/podwq-dump-tests.log
mkdir -p "$(dirname "$log")"
if make -s -C "$top/tools" test >"$log" 2>&1; then
	echo "ok - podwq-dump tests: $(tail -n 1 "$log")"
else
	echo "not ok - podwq-dump tests: $(tail -n 1 "$log")"
	grep -E '^\[.*not ok' "$log" | head -n 20 | sed 's/^/# /'
fi
if make -s -C "$top/tools/fuzz" run FUZZ_SECONDS=5 >"$log.fuzz" 2>&1; then
	echo "ok - podwq-dump fuzz targets survive a short run ($(grep -c ': ok' "$log.fuzz") targets)"
else
	echo "not ok - podwq-dump fuzz targets survive a short run"
	tail -n 20 "$log.fuzz" | sed 's/^/# /'
fi
