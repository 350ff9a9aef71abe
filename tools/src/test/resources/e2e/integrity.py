"""Data-integrity probes for the end-to-end tests (run inside VM namespaces).

  integrity.py tcp-sink PORT FAMILY          accept one connection, print "<bytes> <sha256>" of what arrived
  integrity.py tcp-source HOST PORT NBYTES    send NBYTES of a deterministic stream, print "<bytes> <sha256>"
  integrity.py udp-echo PORT FAMILY           echo every datagram back, forever
  integrity.py udp-check HOST PORT MAXSIZE    send one datagram of every size 1..MAXSIZE (deterministic
                                              content), check each echo byte for byte; print "ok N" or the
                                              first size that failed
  integrity.py udp-burst-sink PORT FAMILY     count datagrams of a burst until 2 s of silence; print
                                              "<intact> <bad> <duplicates>"
  integrity.py udp-burst HOST PORT COUNT SIZE [gso]  send COUNT datagrams of SIZE bytes in bursts of 32 back
                                              to back (2 ms apart, so the VM's queue to its TAP holds
                                              them), each numbered and filled with deterministic content;
                                              with gso, each burst is one UDP_SEGMENT send
"""
import hashlib
import socket
import sys
import time


def stream(n):
    """Deterministic pseudo-random bytes: SHA-256 in counter mode."""
    out, counter = [], 0
    while n > 0:
        block = hashlib.sha256(counter.to_bytes(8, "big")).digest() * 32  # 1 KiB
        out.append(block[:n])
        n -= len(out[-1])
        counter += 1
    return b"".join(out)


def family(name):
    return socket.AF_INET6 if name == "6" else socket.AF_INET


def tcp_sink(port, fam):
    s = socket.socket(family(fam), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if fam == "6" else "0.0.0.0", port))
    s.listen(1)
    s.settimeout(60)
    c, _ = s.accept()
    c.settimeout(60)
    h, total = hashlib.sha256(), 0
    while True:
        data = c.recv(1 << 16)
        if not data:
            break
        h.update(data)
        total += len(data)
    print(total, h.hexdigest(), flush=True)


def tcp_source(host, port, n):
    data = stream(n)
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect((host, port))
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()
    print(len(data), hashlib.sha256(data).hexdigest(), flush=True)


def udp_echo(port, fam):
    s = socket.socket(family(fam), socket.SOCK_DGRAM)
    s.bind(("::" if fam == "6" else "0.0.0.0", port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def udp_check(host, port, maxsize):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(0.5)
    pattern = stream(maxsize)
    for size in range(1, maxsize + 1):
        payload = pattern[:size]
        for _ in range(5):
            s.sendto(payload, (host, port))
            try:
                data, _ = s.recvfrom(65535)
            except socket.timeout:
                continue
            if data != payload:
                print("mismatch", size, len(data), flush=True)
                sys.exit(1)
            break
        else:
            print("lost", size, flush=True)
            sys.exit(1)
    print("ok", maxsize, flush=True)


def burst_payload(index, size):
    head = index.to_bytes(4, "big")
    return head + hashlib.sha256(head).digest() * (size // 32 + 1)


def udp_burst_sink(port, fam):
    s = socket.socket(family(fam), socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("::" if fam == "6" else "0.0.0.0", port))
    s.settimeout(60)
    seen, bad, dups = set(), 0, 0
    while True:
        try:
            data, _ = s.recvfrom(65535)
        except socket.timeout:
            break
        s.settimeout(2)
        index = int.from_bytes(data[:4], "big")
        if len(data) < 4 or data != burst_payload(index, len(data))[:len(data)]:
            bad += 1
        elif index in seen:
            dups += 1
        else:
            seen.add(index)
    print(len(seen), bad, dups, flush=True)


UDP_SEGMENT = 103


def udp_burst(host, port, count, size, gso):
    # the 2 ms pauses pace the burst (the workload itself); nothing here waits for the receiver
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if gso:
        s.setsockopt(socket.IPPROTO_UDP, UDP_SEGMENT, size)
        for first in range(0, count, 32):
            s.sendto(b"".join(burst_payload(i, size)[:size] for i in range(first, min(count, first + 32))),
                     (host, port))
            time.sleep(0.002)
        print("sent", count, flush=True)
        return
    for i in range(count):
        s.sendto(burst_payload(i, size)[:size], (host, port))
        if i % 32 == 31:
            time.sleep(0.002)
    print("sent", count, flush=True)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "tcp-sink":
        tcp_sink(int(sys.argv[2]), sys.argv[3])
    elif cmd == "tcp-source":
        tcp_source(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "udp-echo":
        udp_echo(int(sys.argv[2]), sys.argv[3])
    elif cmd == "udp-check":
        udp_check(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "udp-burst-sink":
        udp_burst_sink(int(sys.argv[2]), sys.argv[3])
    elif cmd == "udp-burst":
        udp_burst(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6:] == ["gso"])
    else:
        sys.exit("unknown command " + cmd)
