#!/usr/bin/env python3
"""The catcher's memory under a flood: N connections each open a message and stream one
endless line into it (no line end), as fast as the catcher takes it. Prints the catcher's
resident memory before, at its peak, and after, and checks that a normal message still
goes through while the flood runs.

    cargo build --release
    python3 benches/catcher_flood.py target/release/eseikyu 500 20

(binary, connections, seconds). Linux only: memory is read from /proc/<pid>/status.
"""
import selectors
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def one_message(port):
    """A normal message through the flood: the reply to its end of data."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    f = s.makefile("rb")
    f.readline()
    for cmd in [b"EHLO ok.example.jp\r\n"]:
        s.sendall(cmd)
        while True:
            line = f.readline()
            if line[3:4] != b"-":
                break
    for cmd in [b"MAIL FROM:<a@example.jp>\r\n", b"RCPT TO:<b@example.jp>\r\n", b"DATA\r\n",
                b"Subject: ok\r\n\r\nbody\r\n.\r\n"]:
        s.sendall(cmd)
        reply = f.readline()
    s.close()
    return reply.decode().strip()


def main():
    binary, n, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    port = free_port()
    catcher = subprocess.Popen([binary, "catch", "--port", str(port), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    before = rss_kib(catcher.pid)
    sel = selectors.DefaultSelector()
    opening = b"EHLO flood\r\nMAIL FROM:<a@example.jp>\r\nRCPT TO:<b@example.jp>\r\nDATA\r\n"
    chunk = b"A" * 65536
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(opening)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_WRITE)
        socks.append(s)
    sent = 0
    peak = before
    end = time.time() + seconds
    probe_at = time.time() + seconds / 2
    probe = None
    while time.time() < end:
        for key, _ in sel.select(timeout=0.1):
            try:
                sent += key.fileobj.send(chunk)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                sel.unregister(key.fileobj)
        peak = max(peak, rss_kib(catcher.pid))
        if probe is None and time.time() >= probe_at:
            probe = one_message(port)
    for s in socks:
        s.close()
    time.sleep(1)
    after = rss_kib(catcher.pid)
    catcher.kill()
    print(f"connections {n}, {seconds:.0f} s, {sent / 2**20:.0f} MiB sent in endless lines")
    print(f"catcher RSS: before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, "
          f"after {after / 1024:.1f} MiB")
    print(f"a normal message during the flood: {probe}")


if __name__ == "__main__":
    main()
