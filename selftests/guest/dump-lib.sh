# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the podwq-dump guest tests (selftests/guest/3x-dump-*.sh),
# busybox sh.  Sourced after lib.sh.

# dump_section TITLE < OUTPUT: the lines of one section, its title and
# rule excluded, trailing blank lines dropped.
dump_section() {
	awk -v t="$1" '
		{ l[NR] = $0 }
		END {
			for (i = 1; i < NR; i++)
				if (l[i] == t && l[i + 1] ~ /^=+$/) {
					s = i + 2
					break
				}
			if (!s)
				exit 1
			for (i = s; i <= NR; i++) {
				if (l[i] != "" && l[i + 1] ~ /^=+$/)
					break
				out[++n] = l[i]
			}
			while (n > 0 && out[n] == "")
				n--
			for (i = 1; i <= n; i++)
				print out[i]
		}'
}

# The awk functions of the dump tests: wq_dump.py's cpumask_str() back to
# a CPU list, and CPU lists to arrays (from 10-pods-topology.sh).
DUMP_AWK_LIB='
function hexval(c) { return index("0123456789abcdef", tolower(c)) - 1 }
function mask2list(m,    nw, w, i, j, s, d, b, arr, cnt) {
	cnt = 0
	nw = split(m, w, " ")
	for (i = 1; i <= nw; i++) {
		s = w[i]
		sub(/^0x/, "", s)
		for (j = length(s); j >= 1; j--) {
			d = hexval(substr(s, j, 1))
			for (b = 0; b < 4; b++) {
				if (d % 2)
					arr[++cnt] = 32 * (i - 1) + 4 * (length(s) - j) + b
				d = int(d / 2)
			}
		}
	}
	return compress(arr, cnt)
}
'

# dump_pods < "Affinity Scopes" section: the pods in the format of
# pods_expected() (10-pods-topology.sh):
#   SCOPE nr_pods N / SCOPE pod P node N cpus LIST / SCOPE cpu_pod C:P ...
dump_pods() {
	awk "$PODS_AWK_LIB$DUMP_AWK_LIB"'
		/^[A-Z_]+( \(default\))?$/ { scope = tolower($1); next }
		/^  nr_pods / { print scope " nr_pods " $2; next }
		/^  pod_cpus/ {
			n = split(substr($0, 12), parts, / ?\[/)
			for (i = 1; i <= n; i++) {
				if (parts[i] == "") continue
				split(parts[i], kv, "]=")
				cpus[kv[1]] = mask2list(kv[2])
			}
			next
		}
		/^  pod_node/ {
			n = split(substr($0, 12), parts, / ?\[/)
			for (i = 1; i <= n; i++) {
				if (parts[i] == "") continue
				split(parts[i], kv, "]=")
				print scope " pod " kv[1] " node " kv[2] " cpus " cpus[kv[1]]
			}
			next
		}
		/^  cpu_pod / {
			line = scope " cpu_pod"
			for (i = 2; i <= NF; i++) {
				f = $i
				gsub(/\[/, "", f)
				gsub(/\]/, "", f)
				sub(/=/, ":", f)
				line = line " " f
			}
			print line
		}'
}
