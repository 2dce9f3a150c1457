#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 33-dump-errors.sh: podwq-dump on bad targets fails cleanly: its
# documented exit status, a message on stderr, nothing on stdout, no
# signal.  podwq not loaded (5), not root (3), missing, empty, random,
# non-core and truncated -c files (4), usage errors (2).
# topology: 2s2c2t-2n
# timeout: 90

. "$(dirname "$0")/lib.sh"

# expect DESC STATUS CMD...: exit STATUS, stderr says something, stdout
# says nothing
expect() {
	_d=$1 _want=$2
	shift 2
	"$@" >/tmp/err.out 2>/tmp/err.err
	_rc=$?
	if [ "$_rc" = "$_want" ] && [ -s /tmp/err.err ] && [ ! -s /tmp/err.out ]; then
		t_ok "$_d: exit $_want, a message, no output"
	else
		t_fail "$_d: exit $_want, a message, no output"
		t_diag "exit $_rc, stderr: $(head -c 200 /tmp/err.err), stdout: $(head -c 100 /tmp/err.out)"
	fi
}

rmmod podwq_dumpset 2>/dev/null
rmmod podwq 2>/dev/null
expect "podwq not loaded" 5 podwq-dump
t_check "podwq not loaded: the message says so" grep -q 'not loaded' /tmp/err.err
expect "podwq not loaded, --json" 5 podwq-dump --json
expect "podwq not loaded, monitor" 5 podwq-dump monitor -i 0

podwq_load || { t_fail "podwq loads"; exit 0; }
# busybox has no setuid tool: a user namespace makes us uid 65534
if [ "$(unshare -U id -u 2>/dev/null)" = 65534 ]; then
	expect "not root" 3 unshare -U podwq-dump
	t_check "not root: the message says so" grep -q 'root' /tmp/err.err
else
	t_skip "not root" "no user namespaces"
fi

expect "-c: a missing file" 4 podwq-dump -c /tmp/no-such-core
: >/tmp/empty
expect "-c: an empty file" 4 podwq-dump -c /tmp/empty
dd if=/dev/urandom of=/tmp/random bs=1024 count=64 2>/dev/null
expect "-c: random bytes" 4 podwq-dump -c /tmp/random
expect "-c: an ELF that is not a core (podwq.ko)" 4 podwq-dump -c "$PODWQ_DIR/podwq.ko"
head -c 40 "$PODWQ_DIR/podwq.ko" >/tmp/trunc
expect "-c: a truncated ELF header" 4 podwq-dump -c /tmp/trunc
# a core whose program headers point past its end
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\004\000\076\000\001\000\000\000' >/tmp/hdr
head -c 44 /dev/zero >>/tmp/hdr
expect "-c: an ELF core header and nothing else" 4 podwq-dump -c /tmp/hdr

expect "an unknown command" 2 podwq-dump frobnicate
expect "an unknown option" 2 podwq-dump --frobnicate
expect "monitor: a bad interval" 2 podwq-dump monitor -i -1
expect "monitor: a bad regex" 2 podwq-dump monitor -i 0 '('
podwq-dump >/dev/null 2>&1
t_eq "and with podwq loaded, podwq-dump works" "$?" 0
exit 0
