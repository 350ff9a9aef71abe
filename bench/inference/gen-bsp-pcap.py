#!/usr/bin/env python3
"""Write a synthetic BSP capture (pcap, Ethernet, microsecond timestamps) for the inference benchmarks.

Every iteration each rank computes (a gap of --compute-ms, +-5 % jitter), then sends one message (--message-bytes
+ rank x --skew-bytes) to each neighbour over TCP: MSS-sized segments (1448 bytes of payload) 12 us apart, the receiver ACKing every
second segment and the last one 30 us later; timestamps are made strictly increasing, as at one capture point. Ranks are MACs 02:00:00:00:00:RR with IPs 10.77.0.(RR+1), one TCP
flow per ordered pair (ports 40000+src -> 31000). Frames are cut to --snap bytes like `tcpdump -s 128`; the wire
length stays in the record, so tshark and the engine count full frame bytes.

Prints the frame count and, with --expect FILE, writes the exact per-(src MAC, dst MAC) frames and bytes as TSV.

  gen-bsp-pcap.py OUT.pcap [--ranks 16] [--topology torus|ring|all-to-all] [--frames 3000000] ...
"""
import argparse
import random
import struct
import sys

MSS = 1448
ETH_IP_TCP = 14 + 20 + 32  # TCP with the timestamp option length, as Linux sends


def neighbours(rank, n, topology):
    if topology == "ring":
        return sorted({(rank - 1) % n, (rank + 1) % n} - {rank})
    if topology == "all-to-all":
        return [r for r in range(n) if r != rank]
    side = int(round(n ** 0.5))
    if side * side != n or side < 3:
        sys.exit("torus needs a square number of ranks, side >= 3")
    x, y = rank % side, rank // side
    return sorted({((x + 1) % side) + y * side, ((x - 1) % side) + y * side,
                   x + ((y + 1) % side) * side, x + ((y - 1) % side) * side})


def mac(rank):
    return bytes([2, 0, 0, 0, 0, rank])


def ip(rank):
    return bytes([10, 77, 0, rank + 1])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out")
    p.add_argument("--ranks", type=int, default=16)
    p.add_argument("--topology", default="torus", choices=["torus", "ring", "all-to-all"])
    p.add_argument("--frames", type=int, default=3_000_000, help="stop after the iteration that reaches this")
    p.add_argument("--message-bytes", type=int, default=16_000)
    p.add_argument("--skew-bytes", type=int, default=512,
                   help="rank r's messages are r * this longer, so the two directions of a pair differ")
    p.add_argument("--compute-ms", type=float, default=5.0)
    p.add_argument("--snap", type=int, default=128)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--expect", help="write the true per-pair frames and bytes here (TSV)")
    a = p.parse_args()
    if not 2 <= a.ranks <= 250:
        sys.exit("ranks must be in [2, 250]")
    rnd = random.Random(a.seed)
    nbrs = [neighbours(r, a.ranks, a.topology) for r in range(a.ranks)]
    seq = {}
    ip_id = [0] * a.ranks
    counts = {}
    frames = 0
    t = 1_700_000_000.0  # seconds
    with open(a.out, "wb", buffering=1 << 22) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, a.snap, 1))

        def frame(ts, src, dst, payload, flags, sport, dport, sq, ack):
            nonlocal frames
            wire = ETH_IP_TCP + payload
            ip_id[src] = (ip_id[src] + 1) & 0xFFFF
            hdr = (mac(dst) + mac(src) + b"\x08\x00"
                   + struct.pack("!BBHHHBBH4s4s", 0x45, 0, wire - 14, ip_id[src], 0x4000, 64, 6, 0, ip(src), ip(dst))
                   + struct.pack("!HHIIBBHHH", sport, dport, sq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x80, flags,
                                 502, 0, 0)
                   + b"\x01\x01\x08\x0a" + struct.pack("!II", int(ts * 1000) & 0xFFFFFFFF, 0))
            data = hdr + bytes(max(0, min(a.snap, wire) - len(hdr)))
            data = data[:min(a.snap, wire)]
            pending.append((ts, data, wire))
            frames += 1
            c = counts.setdefault((src, dst), [0, 0])
            c[0] += 1
            c[1] += wire

        pending = []
        last_us = 0
        while frames < a.frames:
            pending.clear()
            events = []
            for src in range(a.ranks):
                start = t + a.compute_ms / 1000 * rnd.uniform(0.95, 1.05)
                for k, dst in enumerate(nbrs[src]):
                    events.append((start + k * 20e-6, src, dst))
            events.sort()
            end = t
            for start, src, dst in events:
                sport, dport = 40000 + src, 31000
                s = seq.setdefault((src, dst), rnd.randrange(1 << 31))
                r = seq.setdefault((dst, src, "ack"), rnd.randrange(1 << 31))
                left, ts, segs = a.message_bytes + src * a.skew_bytes, start, 0
                while left > 0:
                    n = min(MSS, left)
                    frame(ts, src, dst, n, 0x18 if n == left else 0x10, sport, dport, s, r)
                    s += n
                    left -= n
                    segs += 1
                    if segs % 2 == 0 or left == 0:
                        frame(ts + 30e-6, dst, src, 0, 0x10, dport, sport, r, s)
                    ts += 12e-6
                seq[(src, dst)] = s
                end = max(end, ts + 30e-6)
            t = max(end, (last_us + 1) / 1e6)
            pending.sort(key=lambda p: p[0])
            for ts, data, wire in pending:
                # one capture point serialises frames: strictly increasing microseconds
                us = max(int(round(ts * 1e6)), last_us + 1)
                last_us = us
                f.write(struct.pack("<IIII", us // 1_000_000, us % 1_000_000, len(data), wire))
                f.write(data)
    if a.expect:
        with open(a.expect, "w") as e:
            for (src, dst), (n, b) in sorted(counts.items()):
                e.write("%s\t%s\t%d\t%d\n" % (mac(src).hex(":"), mac(dst).hex(":"), n, b))
    print("wrote %s: %d frames, %d ranks, %s" % (a.out, frames, a.ranks, a.topology))


if __name__ == "__main__":
    main()
