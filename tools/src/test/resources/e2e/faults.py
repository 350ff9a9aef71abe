"""TCP flows for the fault tests (run inside VM namespaces).

  faults.py sink PORT                   accept one connection; print "progress <bytes>" about every 0.2 s while
                                        bytes arrive, then "done <bytes> <sha256>" at the end of the stream
  faults.py until-stop HOST PORT STOP   send a deterministic stream paced at about 4 MB/s until the file STOP
                                        exists, close, wait for the sink to close; print "sent <bytes> <sha256>".
                                        Retransmission back-off is capped at 1 s (TCP_RTO_MAX_MS, Linux 6.15+),
                                        so that the flow resumes within about a second once its path is back,
                                        and the connection gives up only after 120 s without an ACK
                                        (TCP_USER_TIMEOUT; with the cap, the default 15 retries last ~15 s)
  faults.py count HOST PORT NBYTES      send NBYTES of the stream as fast as TCP goes, wait for the sink to
                                        close; print "sent <bytes> <sha256> <seconds>"
"""
import hashlib
import os
import socket
import sys
import time

CHUNK = 1 << 14
TCP_RTO_MAX_MS = 44


def block(counter):
    """16 KiB of the deterministic stream: SHA-256 of the block number, repeated."""
    return hashlib.sha256(counter.to_bytes(8, "big")).digest() * (CHUNK // 32)


def connect(host, port, rto_max_ms=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rto_max_ms is not None:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, 120000)
        try:
            s.setsockopt(socket.IPPROTO_TCP, TCP_RTO_MAX_MS, rto_max_ms)
        except OSError as e:
            print("no TCP_RTO_MAX_MS here (%s): default back-off" % e, file=sys.stderr, flush=True)
    s.settimeout(10)
    s.connect((host, port))
    s.settimeout(None)
    return s


def finish(s):
    """Half-closes and waits until the sink has read everything and closed its end."""
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()


def sink(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(1)
    srv.settimeout(60)
    c, _ = srv.accept()
    c.settimeout(120)
    h, total, shown = hashlib.sha256(), 0, 0.0
    while True:
        data = c.recv(1 << 16)
        if not data:
            break
        h.update(data)
        total += len(data)
        now = time.monotonic()
        if now - shown >= 0.2:
            print("progress", total, flush=True)
            shown = now
    c.close()
    print("done", total, h.hexdigest(), flush=True)


def until_stop(host, port, stop):
    # the 4 ms pause per 16 KiB paces the flow (the workload itself), so that it spans the fault
    s = connect(host, port, rto_max_ms=1000)
    h, total, counter = hashlib.sha256(), 0, 0
    while not os.path.exists(stop):
        data = block(counter)
        s.sendall(data)
        h.update(data)
        total += len(data)
        counter += 1
        time.sleep(0.004)
    finish(s)
    print("sent", total, h.hexdigest(), flush=True)


def count(host, port, n):
    s = connect(host, port)
    h, total, counter = hashlib.sha256(), 0, 0
    start = time.monotonic()
    while total < n:
        data = block(counter)[:n - total]
        s.sendall(data)
        h.update(data)
        total += len(data)
        counter += 1
    finish(s)
    print("sent", total, h.hexdigest(), "%.3f" % (time.monotonic() - start), flush=True)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "sink":
        sink(int(sys.argv[2]))
    elif cmd == "until-stop":
        until_stop(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "count":
        count(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)
