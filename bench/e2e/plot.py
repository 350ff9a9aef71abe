#!/usr/bin/env python3
"""plot.py RESULTS_DIR [OUT.png] - bar chart of a vs-vxlan.sh run's throughput per target.

Reads RESULTS_DIR/summary.json (written by aggregate.py) and draws TCP 1-stream and 4-stream
throughput (median, with min-max whiskers) per target with gnuplot (Debian: gnuplot-nox).
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    results = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(results, "throughput.png")
    summary = json.load(open(os.path.join(results, "summary.json")))
    rows = []
    for target, s in summary["targets"].items():
        def cell(key):
            m = s.get(key) or {}
            return m.get("median"), m.get("min"), m.get("max")
        t1, t4 = cell("tcp1_gbps"), cell("tcp4_gbps")
        if t1[0] is None:
            continue
        rows.append((target, t1, t4))
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
        for i, (target, t1, t4) in enumerate(rows):
            f.write("%d \"%s\" %s %s %s %s %s %s\n" % ((i, target) + tuple(
                "%.3f" % (v if v is not None else 0) for v in t1 + t4)))
        data = f.name
    script = """
set terminal pngcairo size 1100,520 font ",11"
set output '%s'
set title "iperf3 VM to VM on the 2-host namespace testbed (overlay MTU 1400), median of rounds, min-max bars"
set ylabel "Gb/s"
set yrange [0:*]
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -25 noenhanced
set grid ytics
set key top right
plot '%s' using 3:4:5:xtic(2) title "TCP, 1 stream", '' using 6:7:8 title "TCP, 4 streams"
""" % (out, data)
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except FileNotFoundError:
        sys.exit("plot: gnuplot is missing (tools/install-deps.sh --bench)")
    finally:
        os.unlink(data)
    print("wrote %s" % out)


if __name__ == "__main__":
    main()
