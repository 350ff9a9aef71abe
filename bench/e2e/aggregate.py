#!/usr/bin/env python3
"""aggregate.py RESULTS_DIR - summarise a vs-vxlan.sh run.

Reads RESULTS_DIR/raw/<target>/r<N>/{ping.txt,tcp1.json,tcp4.json,udp64.json,cpu_*_{before,after}.txt},
prints one line per target (median over rounds and the median of the same-round ratios
target/vxlan), and writes RESULTS_DIR/summary.md and RESULTS_DIR/summary.json. Targets are whatever
directories raw/ holds (vxlan is the baseline; vnetd-udp, vnetd-kernel, vnetd-udp+VARIANT... alike).

Kernel data path (any target with kstats-tcp1-{before,after}-h{1,2}.json, i.e. vnetd-kernel): the
slow-path frames during the steady single-stream TCP test, (txSlowPathMiss + txSlowPathHoldoff)
after - before, summed over both hosts, per second of iperf3 test time, and their share of the TX
frames the TAP programs saw (txSwitchedInKernel + txSlowPathMiss + txSlowPathHoldoff + txSlowPathGroup).
status-hI.json tells whether each interface really ran on the kernel path.
"""
import json
import os
import re
import statistics
import sys

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

# metric key -> (label, unit, higher is better)
METRICS = {
    "tcp1_gbps": ("TCP 1 stream", "Gb/s", True),
    "tcp4_gbps": ("TCP 4 streams", "Gb/s", True),
    "udp64_kpps": ("UDP 64 B rx", "kpps", True),
    "ping_avg_us": ("ping avg", "us", False),
    "ping_p99_us": ("ping p99", "us", False),
    "flood_avg_us": ("flood ping avg", "us", False),
    "tcp1_daemon_s_per_gb": ("vnetd CPU, TCP 1", "s/GB", False),
    "tcp4_daemon_s_per_gb": ("vnetd CPU, TCP 4", "s/GB", False),
    "tcp1_box_s_per_gb": ("machine CPU, TCP 1", "s/GB", False),
    "tcp4_box_s_per_gb": ("machine CPU, TCP 4", "s/GB", False),
    "tcp1_slowpath_fps": ("slow path, TCP 1", "frames/s", False),
    "tcp1_slowpath_pct": ("slow-path share, TCP 1", "% of TX", False),
}

# kernel data path counters (stats.kernel) whose tcp1 deltas are kept per round
SLOW = ("txSlowPathMiss", "txSlowPathHoldoff")
TX_ALL = ("txSwitchedInKernel", "txSlowPathMiss", "txSlowPathHoldoff", "txSlowPathGroup")


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def percentile(values, q):
    """Linear interpolation between closest ranks (q in 0..1)."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def read_cpu(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    out[parts[0]] = [int(x) for x in parts[1:]]
    except (OSError, ValueError):
        pass
    return out


def kernel_counters(path):
    """stats.kernel of a saved `vnetctl --json stats` response, or None."""
    j = load_json(path)
    if not isinstance(j, dict):
        return None
    k = (j.get("stats") or {}).get("kernel")
    return k if isinstance(k, dict) else None


def kernel_round(d, m):
    """Slow-path figures of the tcp1 test from the kstats snapshots, if the round has them."""
    deltas = {}
    hosts = 0
    for h in ("h1", "h2"):
        before = kernel_counters(os.path.join(d, "kstats-tcp1-before-%s.json" % h))
        after = kernel_counters(os.path.join(d, "kstats-tcp1-after-%s.json" % h))
        if before is None or after is None:
            continue
        hosts += 1
        for key, v in after.items():
            if isinstance(v, (int, float)) and isinstance(before.get(key), (int, float)):
                deltas[key] = deltas.get(key, 0) + v - before[key]
    if not hosts:
        return
    m["tcp1_kernel_delta"] = deltas
    m["tcp1_kernel_hosts"] = hosts
    j = load_json(os.path.join(d, "tcp1.json"))
    end = (j or {}).get("end", {})
    secs = (end.get("sum_sent") or {}).get("seconds") or (end.get("sum_received") or {}).get("seconds")
    slow = sum(deltas.get(k, 0) for k in SLOW)
    if secs:
        m["tcp1_slowpath_fps"] = slow / secs
    tx = sum(deltas.get(k, 0) for k in TX_ALL)
    if tx > 0:
        m["tcp1_slowpath_pct"] = 100.0 * slow / tx


def data_paths(d):
    """{host: {interface: data path}} from status-hI.json (empty if not saved)."""
    out = {}
    for h in ("h1", "h2"):
        j = load_json(os.path.join(d, "status-%s.json" % h))
        st = (j or {}).get("status") if isinstance(j, dict) else None
        if isinstance(st, dict) and isinstance(st.get("interfaceDataPaths"), dict):
            out[h] = st["interfaceDataPaths"]
    return out


def one_round(d):
    m = {}
    samples = []
    try:
        with open(os.path.join(d, "ping.txt")) as f:
            for line in f:
                hit = re.search(r"time=([0-9.]+) ms", line)
                if hit:
                    samples.append(float(hit.group(1)) * 1000.0)
    except OSError:
        pass
    if samples:
        m["ping_avg_us"] = statistics.fmean(samples)
        m["ping_p99_us"] = percentile(samples, 0.99)
        m["ping_samples"] = len(samples)
    try:
        # the warm-up flood ping (ping -f): back-to-back round trips, no idle CPU to wake between them
        with open(os.path.join(d, "warmup-ping.txt")) as f:
            hit = re.search(r"rtt min/avg/max/mdev = [0-9.]+/([0-9.]+)/", f.read())
            if hit:
                m["flood_avg_us"] = float(hit.group(1)) * 1000.0
    except OSError:
        pass
    for t in ("tcp1", "tcp4"):
        j = load_json(os.path.join(d, t + ".json"))
        end = (j or {}).get("end", {})
        rx = end.get("sum_received")
        if not rx or not rx.get("bytes"):
            continue
        m[t + "_gbps"] = rx["bits_per_second"] / 1e9
        m[t + "_retransmits"] = end.get("sum_sent", {}).get("retransmits")
        gb = rx["bytes"] / 1e9
        before = read_cpu(os.path.join(d, "cpu_%s_before.txt" % t))
        after = read_cpu(os.path.join(d, "cpu_%s_after.txt" % t))
        if "SYS" in before and "SYS" in after:
            m[t + "_box_s_per_gb"] = (after["SYS"][0] - before["SYS"][0]) / CLK_TCK / gb
            busy = after["SYS"][0] - before["SYS"][0]
            total = after["SYS"][1] - before["SYS"][1]
            if total > 0:
                m[t + "_box_cores"] = busy / total * (os.cpu_count() or 1)
        daemons = [k for k in after if k != "SYS" and k in before]
        if daemons:
            ticks = sum(after[k][0] - before[k][0] for k in daemons)
            m[t + "_daemon_s_per_gb"] = ticks / CLK_TCK / gb
    j = load_json(os.path.join(d, "udp64.json"))
    rx = ((j or {}).get("end") or {}).get("sum_received")
    if rx and rx.get("seconds"):
        m["udp64_kpps"] = (rx["packets"] - rx["lost_packets"]) / rx["seconds"] / 1e3
        m["udp64_loss_pct"] = rx.get("lost_percent")
    kernel_round(d, m)
    paths = data_paths(d)
    if paths:
        m["data_paths"] = paths
    return m


def fmt(v, unit=""):
    if v is None:
        return "-"
    if unit in ("us", "kpps", "frames/s"):
        return "%.0f" % v
    if unit.startswith("%"):
        return "%.2g" % v if v < 1 else "%.1f" % v
    return "%.2f" % v if v < 100 else "%.0f" % v


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else "."
    raw = os.path.join(res, "raw")
    targets = sorted(t for t in os.listdir(raw) if os.path.isdir(os.path.join(raw, t)))
    targets.sort(key=lambda t: (t != "vxlan", t))
    rounds = {}
    for t in targets:
        rounds[t] = {}
        for r in sorted(os.listdir(os.path.join(raw, t))):
            if re.fullmatch(r"r\d+", r):
                rounds[t][int(r[1:])] = one_round(os.path.join(raw, t, r))

    summary = {"targets": {}, "rounds": rounds}
    for t in targets:
        s = {}
        for key in METRICS:
            vals = [m[key] for m in rounds[t].values() if m.get(key) is not None]
            if not vals:
                continue
            s[key] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}
            if t != "vxlan":
                ratios = []
                for r, m in rounds[t].items():
                    base = rounds.get("vxlan", {}).get(r, {}).get(key)
                    if base and m.get(key) is not None:
                        ratios.append(m[key] / base)
                if ratios:
                    s[key]["ratio_to_vxlan"] = statistics.median(ratios)
        summary["targets"][t] = s

    env = ""
    try:
        with open(os.path.join(res, "env.txt")) as f:
            env = f.read()
    except OSError:
        pass

    # one line per target
    for t in targets:
        s = summary["targets"][t]
        parts = []
        for key, (label, unit, _) in METRICS.items():
            if key not in s:
                continue
            text = "%s %s %s" % (label, fmt(s[key]["median"], unit), unit)
            if "ratio_to_vxlan" in s[key]:
                text += " (x%.2f)" % s[key]["ratio_to_vxlan"]
            parts.append(text)
        print("%-10s %s" % (t + ":", " | ".join(parts) if parts else "no data"))
    print("(xR = median of the same-round ratios target/vxlan; throughput: higher is better, "
          "latency and CPU: lower is better)")

    lines = ["# vnetd vs kernel VXLAN (same 2-host netns testbed, one run)", ""]
    if env:
        lines += ["```", env.strip(), "```", ""]
    lines += ["Values: median (min-max) over rounds. `xR`: median of the same-round ratios target / vxlan "
              "(throughput: higher is better; latency and CPU: lower is better).", ""]
    columns = [k for k in METRICS if any(k in summary["targets"][t] for t in targets)]
    header = "| target | " + " | ".join("%s (%s)" % (METRICS[k][0], METRICS[k][1]) for k in columns) + " |"
    lines += [header, "|---" * (len(columns) + 1) + "|"]
    for t in targets:
        s = summary["targets"][t]
        cells = []
        for key in columns:
            unit = METRICS[key][1]
            if key not in s:
                cells.append("-")
                continue
            c = "%s (%s-%s)" % (fmt(s[key]["median"], unit), fmt(s[key]["min"], unit), fmt(s[key]["max"], unit))
            if "ratio_to_vxlan" in s[key]:
                c += " x%.2f" % s[key]["ratio_to_vxlan"]
            cells.append(c)
        lines.append("| %s | %s |" % (t, " | ".join(cells)))
    failures = os.path.join(res, "failures.txt")
    if os.path.exists(failures):
        with open(failures) as f:
            lines += ["", "Did not come up: " + ", ".join(x.strip() for x in f if x.strip())]
    lines += ["", "CPU s/GB: CPU seconds per GB received during the TCP test; 'vnetd' counts both daemons' "
              "process trees, 'machine' the busy time of every CPU (iperf3 and kernel work included), "
              "so only the machine figure compares with kernel VXLAN."]
    if "tcp1_slowpath_fps" in columns:
        lines += ["", "Slow path (kernel data path only): frames the TAP programs left to vnetd during the single-stream "
                  "TCP test, txSlowPathMiss + txSlowPathHoldoff summed over both hosts, per second of iperf3 test "
                  "time; the share is of every TX frame the programs counted (switched in the kernel + slow path + "
                  "broadcast/multicast; as the counters stand, a GSO super-frame of TCP counts once). Per round:"]
        for t in targets:
            for r, m in sorted(rounds[t].items()):
                dl = m.get("tcp1_kernel_delta")
                if dl is None:
                    continue
                keys = [k for k in ("txSwitchedInKernel",) + SLOW + ("txSlowPathGroup", "rxSwitchedInKernel",
                        "eventsDropped", "flowsInstalled") if k in dl]
                lines.append("- %s r%d: %s" % (t, r, ", ".join("%s +%d" % (k, dl[k]) for k in keys) or "no counters"))
    warn = []
    for t in targets:
        if t != "vnetd-kernel":
            continue
        for r, m in sorted(rounds[t].items()):
            for h, ifs in sorted((m.get("data_paths") or {}).items()):
                for ifname, path in sorted(ifs.items()):
                    if path != "kernel":
                        warn.append("%s r%d %s %s: %s" % (t, r, h, ifname, path))
    if warn:
        lines += ["", "WARNING, not on the kernel data path: " + "; ".join(warn)]
        print("WARNING, not on the kernel data path: " + "; ".join(warn))
    with open(os.path.join(res, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(res, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print("wrote %s and %s" % (os.path.join(res, "summary.md"), os.path.join(res, "summary.json")))


if __name__ == "__main__":
    main()
