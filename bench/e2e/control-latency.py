#!/usr/bin/env python3
"""control-latency.py - how fast a running vnetd takes configuration changes over its control socket.

  bench/e2e/control-latency.py --socket PATH [-n 1000] [--warmup 50] [--out FILE.json]
                               [--from if:eth0] [--to link:h2] [--dummy-peer 10.200.0.99:7700]
                               [--dummy-link clat-dummy] [--no-links]

Speaks the control protocol (docs/control-protocol.md: one JSON object per line each way, responses
in request order) directly, so no client JVM is timed. Phases, each against the same connection:

  sequential (one request in flight; request -> response latency with time.perf_counter_ns):
    rule.add  x N   distinct rules {src: any, dst: 02:c1:00:00:HH:LL, from: FROM, to: TO} (the rule
                    table grows by N; the MACs are locally administered and belong to no VM)
    rule.del  x N   the same rules by the ids the daemon gave them, oldest first
    link.add / link.del x N   a UDP link named DUMMY to DUMMY_PEER (default 10.200.0.99:7700: an
                    unused address inside the testbed's underlay 10.200.0.0/24), added then deleted
  pipelined (a sender thread writes every request, the main thread reads every response; throughput
  = changes / (last response - first send)):
    rule.add x N, then rule.del x N, then N link.add/link.del pairs.

Before that, --warmup unrecorded add/del pairs of each kind (JIT). FROM / TO default to the first
interface and the first link the daemon lists. Every change the script made is undone on exit, also
after an error. Prints one summary table (microseconds, changes/s) and writes everything, raw
samples included, to --out as JSON. Exit status: 0 done, 1 a request was refused or failed, 2 usage.
"""
import argparse
import datetime
import ipaddress
import json
import os
import socket
import sys
import threading
import time

TESTBED_UNDERLAY = ipaddress.ip_network("10.200.0.0/24")


class ControlError(Exception):
    pass


class Conn:
    """One control connection: send a request line, read response lines in order."""

    def __init__(self, path, timeout=30.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = bytearray()
        self.next_id = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def encode(self, req):
        self.next_id += 1
        req = dict(req, id=self.next_id)
        return self.next_id, (json.dumps(req, separators=(",", ":")) + "\n").encode()

    def readline(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[:i + 1]
                return line
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ControlError("the daemon closed the connection")
            self.buf += chunk

    def response(self, want_id, what, check=True):
        line = self.readline()
        try:
            resp = json.loads(line)
        except ValueError:
            raise ControlError("%s: not JSON: %r" % (what, line[:200]))
        if resp.get("id") != want_id:
            raise ControlError("%s: response id %r, expected %r" % (what, resp.get("id"), want_id))
        if check and not resp.get("ok"):
            raise ControlError("%s: %s: %s" % (what, resp.get("code"), resp.get("error")))
        return resp

    def request(self, req):
        rid, data = self.encode(req)
        self.sock.sendall(data)
        return self.response(rid, req["cmd"])

    def timed(self, req):
        """(response, latency in ns) of one request with nothing else in flight."""
        rid, data = self.encode(req)
        t0 = time.perf_counter_ns()
        self.sock.sendall(data)
        resp = self.response(rid, req["cmd"])
        return resp, time.perf_counter_ns() - t0

    def pipelined(self, reqs):
        """Sends every request from a thread while reading the responses; (responses, seconds)."""
        encoded = [self.encode(r) for r in reqs]
        err = []

        def sender():
            try:
                # a few requests per write, as a busy client would
                for k in range(0, len(encoded), 16):
                    self.sock.sendall(b"".join(e[1] for e in encoded[k:k + 16]))
            except OSError as e:
                err.append(e)

        t0 = time.perf_counter_ns()
        th = threading.Thread(target=sender, daemon=True)
        th.start()
        out = []
        for (rid, _), req in zip(encoded, reqs):
            out.append(self.response(rid, req["cmd"], check=False))
        elapsed = (time.perf_counter_ns() - t0) / 1e9
        th.join()
        if err:
            raise ControlError("sending: %s" % err[0])
        bad = [(req["cmd"], r) for req, r in zip(reqs, out) if not r.get("ok")]
        if bad:
            raise ControlError("%d of %d pipelined requests failed, first: %s: %s: %s"
                               % (len(bad), len(reqs), bad[0][0], bad[0][1].get("code"), bad[0][1].get("error")))
        return out, elapsed


def percentile(values, q):
    """Linear interpolation between closest ranks (q in 0..1), as bench/e2e/aggregate.py."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summarize(samples_ns):
    us = [x / 1000.0 for x in samples_ns]
    total_s = sum(samples_ns) / 1e9
    tenth = max(1, len(us) // 10)
    return {
        "n": len(us),
        "p50_us": percentile(us, 0.50),
        "p90_us": percentile(us, 0.90),
        "p99_us": percentile(us, 0.99),
        "max_us": max(us) if us else None,
        "mean_us": sum(us) / len(us) if us else None,
        "changes_per_s": len(us) / total_s if total_s > 0 else None,
        "p50_first_tenth_us": percentile(us[:tenth], 0.5),
        "p50_last_tenth_us": percentile(us[-tenth:], 0.5),
        "samples_us": [round(x, 1) for x in us],
    }


MAC_PREFIX = "02:c1:00:"


def rule_req(k, src_port, dst_port):
    return {"cmd": "rule.add", "src": "any", "dst": MAC_PREFIX + "%02x:%02x:%02x" % (k >> 16 & 0xFF, k >> 8 & 0xFF, k & 0xFF),
            "from": src_port, "to": dst_port}


def undo(path, keep_rule_ids, dummy_link, log):
    """Deletes every rule of ours (dst MAC_PREFIX..., not there before) and the dummy link, if present."""
    try:
        u = Conn(path)
        rules = u.request({"cmd": "rule.list"})["rules"]
        ours = [r["id"] for r in rules
                if r["id"] not in keep_rule_ids and str(r.get("dst", "")).lower().startswith(MAC_PREFIX)]
        links = u.request({"cmd": "link.list"})["links"]
        has_link = any(l["name"] == dummy_link for l in links)
        if ours or has_link:
            log("undoing: %d rule(s)%s" % (len(ours), " and the dummy link" if has_link else ""))
        for rid in ours:
            u.request({"cmd": "rule.del", "rule": rid})
        if has_link:
            u.request({"cmd": "link.del", "name": dummy_link})
        u.close()
        return True
    except (OSError, ControlError, KeyError) as e:
        log("could not undo the changes: %s" % e)
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--socket", "-s", required=True, help="the daemon's control socket")
    ap.add_argument("-n", type=int, default=1000, help="changes of each kind per phase (default 1000, max 30000)")
    ap.add_argument("--warmup", type=int, default=50, help="unrecorded add/del pairs of each kind first (default 50)")
    ap.add_argument("--out", help="write the results as JSON here")
    ap.add_argument("--from", dest="src_port", help="the rules' from (default: if:<first interface>)")
    ap.add_argument("--to", dest="dst_port", help="the rules' to (default: link:<first link>)")
    ap.add_argument("--dummy-peer", default="10.200.0.99:7700",
                    help="peer of the dummy UDP link; must be an unused address in the testbed underlay 10.200.0.0/24")
    ap.add_argument("--dummy-link", default="clat-dummy", help="name of the dummy link (default clat-dummy)")
    ap.add_argument("--no-links", action="store_true", help="skip the link.add/link.del phases")
    a = ap.parse_args()
    if not 1 <= a.n <= 30000 or a.warmup < 0:
        ap.error("-n must be 1..30000 and --warmup >= 0")
    host, _, port = a.dummy_peer.rpartition(":")
    try:
        if ipaddress.ip_address(host) not in TESTBED_UNDERLAY or not 1 <= int(port) <= 65535:
            raise ValueError
    except ValueError:
        ap.error("--dummy-peer must be IP:port with the IP inside the testbed underlay %s" % TESTBED_UNDERLAY)

    def log(msg):
        print("[control-latency %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)

    try:
        c = Conn(a.socket)
    except OSError as e:
        log("cannot connect to %s: %s" % (a.socket, e))
        return 2
    keep_rule_ids = None
    result = {"socket": a.socket, "n": a.n, "warmup": a.warmup,
              "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "sequential": {}, "pipelined": {}}
    rc = 0
    try:
        status = c.request({"cmd": "status"})["status"]
        result["status"] = status
        ifs = c.request({"cmd": "if.list"})["interfaces"]
        links = c.request({"cmd": "link.list"})["links"]
        rules_before = c.request({"cmd": "rule.list"})["rules"]
        keep_rule_ids = {r["id"] for r in rules_before}
        src_port = a.src_port or ("if:" + ifs[0]["name"] if ifs else None)
        dst_port = a.dst_port or ("link:" + links[0]["name"] if links else None)
        if not src_port or not dst_port:
            raise ControlError("the daemon has no interface or no link to put into the rules (give --from/--to)")
        if any(l["name"] == a.dummy_link for l in links):
            raise ControlError("a link named %s already exists" % a.dummy_link)
        if any(l["peer"] == a.dummy_peer for l in links):
            raise ControlError("a link already goes to %s: choose another --dummy-peer" % a.dummy_peer)
        result.update(rule_from=src_port, rule_to=dst_port, dummy_link=a.dummy_link, dummy_peer=a.dummy_peer,
                      rules_before=len(rules_before), links_before=len(links))
        log("daemon %s, data path %s; rules %s -> %s; %d rules and %d links already there"
            % (status.get("name"), status.get("dataPath", "?"), src_port, dst_port, len(rules_before), len(links)))
        link_add = {"cmd": "link.add", "name": a.dummy_link, "transport": "udp", "peer": a.dummy_peer}
        link_del = {"cmd": "link.del", "name": a.dummy_link}

        def add_rule(req, timed):
            resp, ns = c.timed(req) if timed else (c.request(req), 0)
            return resp["rule"]["id"], ns

        def del_rule(rid, timed):
            req = {"cmd": "rule.del", "rule": rid}
            _, ns = c.timed(req) if timed else (c.request(req), 0)
            return ns

        def link(req, timed):
            _, ns = c.timed(req) if timed else (c.request(req), 0)
            return ns

        log("warm-up: %d rule and %d link add/del pairs" % (a.warmup, 0 if a.no_links else a.warmup))
        for k in range(a.warmup):
            rid, _ = add_rule(rule_req(0x200000 + k, src_port, dst_port), False)
            del_rule(rid, False)
            if not a.no_links:
                link(link_add, False)
                link(link_del, False)

        log("sequential: %d rule.add, %d rule.del" % (a.n, a.n))
        ids, lat = [], []
        for k in range(a.n):
            rid, ns = add_rule(rule_req(k, src_port, dst_port), True)
            ids.append(rid)
            lat.append(ns)
        result["sequential"]["rule.add"] = summarize(lat)
        result["sequential"]["rule.del"] = summarize([del_rule(rid, True) for rid in ids])
        if not a.no_links:
            log("sequential: %d link.add/link.del pairs" % a.n)
            la, ld = [], []
            for _ in range(a.n):
                la.append(link(link_add, True))
                ld.append(link(link_del, True))
            result["sequential"]["link.add"] = summarize(la)
            result["sequential"]["link.del"] = summarize(ld)

        log("pipelined: %d rule.add, %d rule.del%s" % (a.n, a.n, "" if a.no_links else ", %d link add/del pairs" % a.n))
        reqs = [rule_req(0x100000 + k, src_port, dst_port) for k in range(a.n)]
        resps, secs = c.pipelined(reqs)
        ids = [r["rule"]["id"] for r in resps]
        result["pipelined"]["rule.add"] = {"changes": a.n, "seconds": secs, "changes_per_s": a.n / secs}
        resps, secs = c.pipelined([{"cmd": "rule.del", "rule": rid} for rid in ids])
        result["pipelined"]["rule.del"] = {"changes": a.n, "seconds": secs, "changes_per_s": a.n / secs}
        if not a.no_links:
            resps, secs = c.pipelined([link_add, link_del] * a.n)
            result["pipelined"]["link.add+del"] = {"changes": 2 * a.n, "seconds": secs,
                                                   "changes_per_s": 2 * a.n / secs}
        total = sum(v["changes"] for v in result["pipelined"].values())
        secs = sum(v["seconds"] for v in result["pipelined"].values())
        result["pipelined"]["all"] = {"changes": total, "seconds": secs, "changes_per_s": total / secs}
    except (ControlError, OSError, KeyError, IndexError, TypeError) as e:
        log("FAILED: %s: %s" % (type(e).__name__, e))
        result["error"] = str(e)
        rc = 1
    finally:
        c.close()
        if keep_rule_ids is not None:
            if rc:
                time.sleep(0.5)  # let requests still in the daemon's hands finish
            if not undo(a.socket, keep_rule_ids, a.dummy_link, log):
                rc = 1

    # summary table
    seq, pipe = result["sequential"], result["pipelined"]
    if seq or pipe:
        print("control-latency: daemon %s, data path %s, n=%d (%s)"
              % (result.get("status", {}).get("name"), result.get("status", {}).get("dataPath"), a.n, a.socket))
        print("%-13s %-10s %6s %9s %9s %9s %9s %10s" % ("command", "mode", "n", "p50 us", "p90 us", "p99 us",
                                                       "max us", "changes/s"))
        for op, s in seq.items():
            print("%-13s %-10s %6d %9.0f %9.0f %9.0f %9.0f %10.0f" % (op, "one-by-one", s["n"], s["p50_us"],
                  s["p90_us"], s["p99_us"], s["max_us"], s["changes_per_s"]))
        for op, s in pipe.items():
            print("%-13s %-10s %6d %9s %9s %9s %9s %10.0f" % (op, "pipelined", s["changes"], "-", "-", "-", "-",
                                                             s["changes_per_s"]))
        if "rule.add" in seq:
            s = seq["rule.add"]
            print("rule.add p50 over the first / last tenth (table growing by %d rules): %.0f / %.0f us"
                  % (a.n, s["p50_first_tenth_us"], s["p50_last_tenth_us"]))
        print("(one-by-one changes/s = n / sum of latencies; pipelined = changes / (last response - first send))")
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
        print("wrote %s" % a.out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
