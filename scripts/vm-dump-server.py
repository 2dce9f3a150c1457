#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Serve a guest's requests for memory dumps during scripts/vm-run.sh.

The guest prints "PODWQ-VMCORE-REQUEST NAME" on its output port (ttyS1)
and waits on ttyS2; this watches the output file, dumps the guest's memory
through QMP (dump-guest-memory, ELF, to DIR/NAME) and answers
"PODWQ-VMCORE-DONE NAME" (or "PODWQ-VMCORE-FAILED NAME") on ttyS2.

usage: vm-dump-server.py OUTFILE QMPSOCK CTLSOCK DIR
"""
import json
import os
import re
import socket
import sys
import time


def connect(path, tries=200):
    for _ in range(tries):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"vm-dump-server: cannot connect to {path}")


class Qmp:
    def __init__(self, path):
        self.sock = connect(path)
        self.buf = b""
        self.recv()  # greeting
        self.cmd("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        self.sock.sendall(json.dumps({"execute": name,
                                      "arguments": args}).encode() + b"\n")
        while True:
            msg = self.recv()
            if "return" in msg or "error" in msg:
                return msg


def main():
    outfile, qmp_path, ctl_path, ddir = sys.argv[1:5]
    qmp = Qmp(qmp_path)
    ctl = connect(ctl_path)
    pos = 0
    pending = b""
    req = re.compile(rb"^PODWQ-VMCORE-REQUEST ([A-Za-z0-9_.-]+)\r?$")
    while True:
        with open(outfile, "rb") as f:
            f.seek(pos)
            data = f.read()
        pos += len(data)
        pending += data
        *lines, pending = pending.split(b"\n")
        for line in lines:
            m = req.match(line)
            if not m:
                continue
            name = m.group(1).decode()
            path = os.path.join(ddir, name)
            r = qmp.cmd("dump-guest-memory", paging=False,
                        protocol="file:" + path)
            word = "DONE" if "return" in r else "FAILED"
            if word == "FAILED":
                print(f"vm-dump-server: {r}", file=sys.stderr)
            ctl.sendall(f"PODWQ-VMCORE-{word} {name}\n".encode())
        time.sleep(0.1)


if __name__ == "__main__":
    try:
        main()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass
