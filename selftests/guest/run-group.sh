# SPDX-License-Identifier: GPL-2.0
#
# run-group.sh TEST...: run guest test scripts one after another (inside the
# VM, from selftests/run).  A script that exits non-zero adds a failure of
# its own, so a crash in a test can't pass silently.
for t in "$@"; do
	echo "# test: ${t##*/}"
	t0=$(date +%s)
	sh "$PODWQ_DIR/selftests/guest/$t"
	rc=$?
	[ $rc -eq 0 ] || echo "not ok - ${t##*/} exited with status $rc"
	echo "# time: ${t##*/} took $(($(date +%s) - t0)) s"
	# Leave podwq and its clients unloaded for the next script.
	for m in $(lsmod | awk '$1 ~ /^podwq/ && $1 != "podwq" { print $1 }'); do
		rmmod "$m" 2>/dev/null
	done
	rmmod podwq 2>/dev/null
done
exit 0
