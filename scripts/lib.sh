# SPDX-License-Identifier: GPL-2.0
#
# Shared shell helpers for podwq's scripts: the download cache, a private
# apt configuration and logging.  Sourced, not run.
#
# The cache lives outside git: $PODWQ_CACHE, default ~/.cache/podwq.
#   apt/<root>/      private apt roots (lists, debs), one per suite group
#   kernels/<line>/  unpacked test kernels, one folder per ABI
#   sid-chroot/      debootstrap'ed sid for building 7.2 modules and drgn

PODWQ_CACHE=${PODWQ_CACHE:-${HOME:-/root}/.cache/podwq}
PODWQ_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The kernel lines podwq supports, oldest first, and the default one.
# PODWQ_MAIN_LINES are the cloud-amd64 kernels every guest test runs on;
# the others (6.12-rt, Debian's PREEMPT_RT flavour) run only the guest
# tests whose "# kernels:" header names them.
PODWQ_MAIN_LINES="6.1 6.12 7.2"
PODWQ_LINES="$PODWQ_MAIN_LINES 6.12-rt"
PODWQ_DEFAULT_LINE=7.2

say()  { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die()  { say "error: $*"; exit 1; }

# The suite that carries each kernel line's packages.
line_suites() {
	case "$1" in
	6.1)  echo "bookworm bookworm-updates bookworm-security" ;;
	6.12|6.12-rt) echo "bookworm-backports" ;;
	7.2)  echo "sid" ;;
	*)    return 1 ;;
	esac
}

# The Debian kernel flavour of each line: cloud-amd64, or rt-amd64 for the
# PREEMPT_RT lines.
line_flavour() {
	case "$1" in
	*-rt) echo rt-amd64 ;;
	*)    echo cloud-amd64 ;;
	esac
}

# The upstream kernel line of a line: 6.12 for 6.12-rt.
line_base() {
	echo "${1%-rt}"
}

check_line() {
	line_suites "$1" >/dev/null ||
		die "unknown kernel line '$1' (known: $PODWQ_LINES)"
}

# archive_uri [security]: the Debian archive URI of this machine's own apt
# sources (deb822 .sources files and one-line sources.list), so no archive
# host name is written into the project.
archive_uri() {
	local want=${1:-main} f
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] || continue
			# deb822: one paragraph per source; print "URI SUITES".
			awk 'BEGIN { RS = ""; FS = "\n" }
			{
				u = ""; st = ""; en = 1
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
					if ($i ~ /^Suites:/) { st = $i; sub(/^Suites:[ \t]*/, "", st) }
					if ($i ~ /^Enabled:[ \t]*no/) en = 0
				}
				if (u != "" && en) print u, st
			}' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			awk '$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				print $i, $(i + 1)
			}' "$f"
		done
	} | awk -v want="$want" '
		want == "security" && $2 ~ /-security$/ { print $1; exit }
		want != "security" && $1 ~ /\/debian\/?$/ && $2 !~ /-security$/ { print $1; exit }'
}

# apt_root NAME SUITE...: prepare a private apt root for the given suites
# and print the apt options that select it.  The host's dpkg status is not
# used, so candidates do not depend on what this machine has installed.
apt_root() {
	local name=$1 d uri sec s
	shift
	d=$PODWQ_CACHE/apt/$name
	uri=$(archive_uri main)
	[ -n "$uri" ] || die "no Debian archive URI in /etc/apt/sources*"
	sec=$(archive_uri security)
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
	: >"$d/status.new"
	[ -e "$d/status" ] || mv "$d/status.new" "$d/status"
	rm -f "$d/status.new"
	{
		for s in "$@"; do
			case "$s" in
			*-security)
				[ -n "$sec" ] || continue
				echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $sec $s main" ;;
			*)
				echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $s main" ;;
			esac
		done
	} >"$d/sources.list.new"
	# Rewritten only when it changes: a newer sources.list makes apt
	# rebuild its package cache (0.5-0.8 s for bookworm or sid) on the
	# next call.
	if cmp -s "$d/sources.list.new" "$d/sources.list"; then
		rm -f "$d/sources.list.new"
	else
		mv "$d/sources.list.new" "$d/sources.list"
	fi
	echo "-o Dir::Etc::SourceList=$d/sources.list" \
	     "-o Dir::Etc::SourceParts=/nonexistent" \
	     "-o Dir::State::Lists=$d/lists" \
	     "-o Dir::Cache=$d/cache" \
	     "-o Dir::Cache::pkgcache=pkgcache.bin" \
	     "-o Dir::Cache::srcpkgcache=srcpkgcache.bin" \
	     "-o Dir::State::status=$d/status" \
	     "-o Acquire::Check-Valid-Until=false" \
	     "-o Acquire::Languages=none" \
	     "-o APT::Sandbox::User=root" \
	     "-o DPkg::Lock::Timeout=900"

}

# apt_refresh NAME OPTS: "apt-get update" for a private root, at most once
# a day (PODWQ_REFRESH=1 forces it), so a warm cache downloads nothing.
apt_refresh() {
	local d=$PODWQ_CACHE/apt/$1 stamp
	shift
	stamp=$d/updated
	if [ -z "${PODWQ_REFRESH:-}" ] && [ -e "$stamp" ] &&
	   [ -z "$(find "$stamp" -mmin +1440)" ] &&
	   [ "$(cat "$stamp")" = "$(md5sum <"$d/sources.list")" ]; then
		return 0
	fi
	# shellcheck disable=SC2086
	apt-get -q $* update >"$d/update.log" 2>&1 ||
		{ cat "$d/update.log" >&2; die "apt-get update failed for $1"; }
	md5sum <"$d/sources.list" >"$stamp"
}
