# SPDX-License-Identifier: GPL-2.0
#
# podwq-dump's access layers against the live guest kernel with podwq
# loaded: symbols against /proc/kallsyms (module statics too), BTF members,
# per-CPU variables, lists, cpumasks (tools/tests/live.sh).
# topology: smp4
# timeout: 240
. "$PODWQ_DIR/selftests/guest/lib.sh"

podwq_load || { t_fail "podwq loads"; exit 0; }
sh "$PODWQ_DIR/tools-tests/live.sh" "$PODWQ_DIR/bin/podwq-dump" | grep -E '^(not )?ok |^#'
t_check "podwq-dump sees podwq's own statics" \
	sh -c "podwq-dump sym podwq:podwq_pod_types | grep -q podwq_pod_types"
podwq_unload
t_check "podwq-dump refuses clearly when podwq is not loaded" \
	sh -c "! podwq-dump >/dev/null 2>/tmp/err && test -s /tmp/err"
exit 0
