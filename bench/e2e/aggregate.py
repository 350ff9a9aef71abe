#!/usr/bin/env python3
"""aggregate.py RESULTS_DIR - summarise a vs-vxlan.sh run.

Reads RESULTS_DIR/raw/<target>/r<N>/{ping.txt,tcp1.json,tcp4.json,udp64.json,cpu_*_{before,after}.txt},
prints one line per target (median over rounds and the median of the same-round ratios
target/vxlan), and writes RESULTS_DIR/summary.md and RESULTS_DIR/summary.json.
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
    "tcp1_daemon_s_per_gb": ("vnetd CPU, TCP 1", "s/GB", False),
    "tcp4_daemon_s_per_gb": ("vnetd CPU, TCP 4", "s/GB", False),
    "tcp1_box_s_per_gb": ("machine CPU, TCP 1", "s/GB", False),
    "tcp4_box_s_per_gb": ("machine CPU, TCP 4", "s/GB", False),
}


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
    return m


def fmt(v, unit=""):
    if v is None:
        return "-"
    if unit in ("us", "kpps"):
        return "%.0f" % v
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
    header = "| target | " + " | ".join("%s (%s)" % (METRICS[k][0], METRICS[k][1]) for k in METRICS) + " |"
    lines += [header, "|---" * (len(METRICS) + 1) + "|"]
    for t in targets:
        s = summary["targets"][t]
        cells = []
        for key, (_, unit, _) in METRICS.items():
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
    with open(os.path.join(res, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(res, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
    print("wrote %s and %s" % (os.path.join(res, "summary.md"), os.path.join(res, "summary.json")))


if __name__ == "__main__":
    main()
