# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's smoke test: a quick run completes and its figures are
# sane (every load produced numbers for both engines).  Not a timing test:
# no figure is compared with a threshold; `make bench` measures.
# topology: smp4
# timeout: 240
. "$PODWQ_DIR/selftests/guest/lib.sh"

out=/tmp/bench.out tsv=/tmp/bench.tsv
: >$tsv
BENCH_TSV=$tsv BENCH_QUICK=1 BENCH_RUNS=1 sh "$PODWQ_DIR/selftests/guest/bench.sh" >$out 2>/tmp/bench.err
t_eq "the quick benchmark completes" "$?/$(tail -n 1 $out)" "0/# benchmark done"
[ -s /tmp/bench.err ] && t_diag "stderr: $(head -c 300 /tmp/bench.err)"

# figures NAME-REGEX: the podwq and kernel medians of the first such row
figures() {
	awk -F '\t' -v re="^$1\$" '$1 ~ re { print $3, $6; exit }' $tsv
}
for r in "percpu no-op" "unbound [a-z_]*" "bh no-op" "bh latency p99" \
	 "flush_work round trip" \
	 "cancel_work_sync round trip" "sleeping 1 ms items"; do
	set -- $(figures "$r")
	if [ -n "${2:-}" ] && [ "$1" -gt 0 ] && [ "$2" -gt 0 ]; then
		t_ok "bench row '$r' has figures for both engines ($1, $2)"
	else
		t_fail "bench row '$r' has figures for both engines"
		grep "^$r" $out | head -n 2 | while read -r l; do t_diag "$l"; done
	fi
done
t_check "memory rows are there" grep -q "^memory per unbound pool" $tsv
t_check "the bh rows name the kernel's side (system_bh_wq or tasklet)" \
	grep -qE '^# bh rows: .* (system_bh_wq|tasklet)$' $out
t_check "every time and rate row has a ratio" sh -c "! grep -vE '^memory' $tsv | cut -f 9 | grep -qvE '^([0-9]+\\.[0-9]+|inf)\$'"
grep -v '^#' $out | while read -r l; do t_diag "$l"; done
exit 0
