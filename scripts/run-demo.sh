#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-demo.sh [-k LINE] [-t TOPOLOGY]: the "make run" job.  Fetch and build
# for a test kernel, boot it under QEMU, load podwq, run a demo load and show
# podwq's state.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

line=$PODWQ_DEFAULT_LINE topo=2s2c2t-2n
while [ $# -gt 0 ]; do
	case "$1" in
	-k) line=$2; shift ;;
	-t) topo=$2; shift ;;
	*) die "usage: run-demo.sh [-k LINE] [-t TOPOLOGY]" ;;
	esac
	shift
done
check_line "$line"
"$PODWQ_TOP/scripts/kernel-fetch.sh" "$line" >/dev/null
"$PODWQ_TOP/scripts/build.sh" "$line"
exec "$PODWQ_TOP/scripts/vm-run.sh" -k "$line" -t "$topo" -- sh selftests/guest/demo.sh
