#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test kernels and builds: fetching again downloads nothing and gives the
# same version, and podwq.ko built for each line carries BTF and the
# kernel's vermagic.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

for line in $PODWQ_LINES; do
	first=$("$top/scripts/kernel-fetch.sh" "$line" 2>/dev/null) ||
		{ echo "not ok - $line: kernel-fetch.sh fails"; continue; }
	again=$("$top/scripts/kernel-fetch.sh" "$line" 2>&1 >/dev/null; "$top/scripts/kernel-fetch.sh" "$line" 2>/dev/null)
	if [ "$(printf '%s\n' "$again" | grep -c downloading)" = 0 ] &&
	   [ "$(printf '%s\n' "$again" | tail -n 1)" = "$first" ]; then
		echo "ok - $line: a second kernel-fetch.sh downloads nothing and prints '$first'"
	else
		echo "not ok - $line: a second kernel-fetch.sh downloaded or changed: $again"
	fi
	set -- $first
	case "$2" in
	"$(line_base "$line")".*-"$(line_flavour "$line")")
		echo "ok - $line: the resolved kernel $2 is of line $line" ;;
	*)         echo "not ok - $line: the resolved kernel $2 is not of line $line" ;;
	esac

	if ! "$top/scripts/build.sh" "$line" >/dev/null 2>&1; then
		echo "not ok - $line: podwq builds"
		continue
	fi
	ko=$top/build/$line/podwq.ko
	if readelf -S "$ko" | grep -q ' \.BTF '; then
		echo "ok - $line: podwq.ko carries BTF"
	else
		echo "not ok - $line: podwq.ko carries BTF"
	fi
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	if [ "$vm" = "$2" ]; then
		echo "ok - $line: podwq.ko's vermagic is $2"
	else
		echo "not ok - $line: podwq.ko's vermagic is '$vm', not $2"
	fi
done
