#!/usr/bin/env python3
"""adapt_report.py - helpers of bench/e2e/adapt-steps.sh.

  adapt_report.py edges TOPOLOGY RANKS [DIMS]   host pairs "hA hB" (A < B) that the Patterns topology's
                                                 edges join; rank r runs on host h(r + 2)
  adapt_report.py status-links FILE              pairs "hA hB" of `vnetctl --json adapt status`'s links
  adapt_report.py status-field FILE KEY          one top-level field (rounds, enabled)
  adapt_report.py summary OUT                    OUT/summary.md and OUT/runtime-vs-links.png from
                                                 OUT/steps.csv, OUT/env.txt and OUT/auto-*/
"""
import csv
import json
import os
import subprocess
import sys
import tempfile


def neighbours(kind, n, dims, rank):
    """Patterns' neighbours of rank (PatternTopology: a torus side wraps only when it is 3 or more)."""
    if kind == "all-to-all":
        return {r for r in range(n) if r != rank}
    out, stride = set(), 1
    for side in dims:
        c = (rank // stride) % side
        if c + 1 < side:
            out.add(rank + stride)
        elif side > 2:
            out.add(rank - c * stride)
        if c > 0:
            out.add(rank - stride)
        elif side > 2:
            out.add(rank + (side - 1) * stride)
        stride *= side
    out.discard(rank)
    return out


def host_pairs(kind, n, dims):
    pairs = set()
    for a in range(n):
        for b in neighbours(kind, n, dims, a):
            pairs.add((min(a, b) + 2, max(a, b) + 2))
    return sorted(pairs)


def status_pairs(doc):
    pairs = set()
    for link in doc.get("links", []):
        a, b = int(link["a"].lstrip("h")), int(link["b"].lstrip("h"))
        pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def load(path):
    """A JSON file; for an `adapt status` answer, the object that holds "rounds" (top level or one down)."""
    with open(path) as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "rounds" not in doc:
        for v in doc.values():
            if isinstance(v, dict) and "rounds" in v:
                return v
    return doc


def read_env(out):
    env = {}
    path = os.path.join(out, "env.txt")
    if os.path.exists(path):
        for line in open(path):
            if ":" in line:
                k, v = line.split(":", 1)
                env[k.strip()] = v.strip()
    return env


def edges_of(env, topo):
    kind, dims = env.get("kind " + topo, "all-to-all 0").split(" ", 1)
    ranks = int(env.get("ranks", "8"))
    return host_pairs(kind, ranks, [int(d) for d in dims.split("x")] if dims != "0" else [])


def auto_section(out, topo, env, mesh):
    d = os.path.join(out, "auto-" + topo)
    if not os.path.isdir(d):
        return []
    lines = ["", "#### %s, automatic (`adapt on` from the star)" % topo, ""]
    info = {}
    if os.path.exists(os.path.join(d, "runs.txt")):
        for line in open(os.path.join(d, "runs.txt")):
            k, v = line.split(None, 1)
            info[k] = v.strip()
    for k in ("long_runtime_s", "long_iterations", "next_runtime_s", "next_iterations", "next_links_before",
              "next_links_after"):
        if k in info:
            lines.append("- %s: %s" % (k.replace("_", " "), info[k]))
    if "next_runtime_s" in info and mesh:
        ratio = float(info["next_runtime_s"]) / mesh
        lines.append("- next run / full mesh: %.2f (%s the 10 %% target)" % (ratio, "within" if ratio <= 1.10 else "outside"))
    final = os.path.join(d, "status-final.json")
    if os.path.exists(final):
        doc = load(final)
        pairs = status_pairs(doc)
        expected = set(edges_of(env, topo))
        extra = [p for p in pairs if p not in expected]
        removes = [x for x in doc.get("decisions", []) if x.get("action") == "remove"]
        t0, t1 = int(info.get("long_start_ms", 0)), int(info.get("next_end_ms", 0))
        steady = [x for x in removes if t0 <= int(x.get("atMillis", -1)) <= t1]
        lines.append("- links at the end: %d of %d edges; links off the topology's edges: %s"
                     % (len(pairs), len(expected), ", ".join("h%d-h%d" % p for p in extra) or "none"))
        lines.append("- removals: %d; during the two runs (flapping): %d" % (len(removes), len(steady)))
        lines.append("- decisions: %s" % ", ".join("%s h%s-h%s" % (x.get("action"), x.get("a", "?").lstrip("h"),
                                                                   x.get("b", "?").lstrip("h"))
                                                   for x in doc.get("decisions", [])))
    tsv = os.path.join(d, "links-over-time.tsv")
    if os.path.exists(tsv):
        lines.append("- links over time (s since the long run started: links): "
                     + ", ".join("%s: %s" % tuple(l.split()[:2]) for l in open(tsv) if l.strip()))
    return lines


def summary(out):
    env = read_env(out)
    rows = list(csv.DictReader(open(os.path.join(out, "steps.csv"))))
    topos = []
    for r in rows:
        if r["topology"] not in topos:
            topos.append(r["topology"])
    for d in sorted(os.listdir(out)):
        if d.startswith("auto-") and d[5:] not in topos:
            topos.append(d[5:])
    mesh = {r["topology"]: float(r["runtime_s"]) for r in rows if r["phase"] == "mesh"}
    md = ["# Adaptation experiment (bench/e2e/adapt-steps.sh)", ""]
    md += ["- %s: %s" % (k, v) for k, v in env.items() if not k.startswith("kind ")]
    md += ["", "Run time = the largest `runtime_s` that a Patterns rank printed. Links = direct spoke-to-spoke "
           "links present at both ends during the run.", ""]
    for topo in topos:
        md += ["### %s (%d edges)" % (topo, len(edges_of(env, topo))), "",
               "| phase | step | links | run time (s) | / full mesh |", "|---|---|---|---|---|"]
        for r in rows:
            if r["topology"] != topo:
                continue
            rel = "%.2f" % (float(r["runtime_s"]) / mesh[topo]) if topo in mesh else "-"
            md.append("| %s | %s | %s | %.2f | %s |" % (r["phase"], r["step"], r["links"], float(r["runtime_s"]), rel))
        md += auto_section(out, topo, env, mesh.get(topo))
        md.append("")
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    plot(out, rows, topos, mesh)


def plot(out, rows, topos, mesh):
    png = os.path.join(out, "runtime-vs-links.png")
    files, cmds = [], []
    max_links = max(int(r["links"]) for r in rows)
    for i, topo in enumerate(topos):
        pts = [(int(r["links"]), float(r["runtime_s"])) for r in rows
               if r["topology"] == topo and r["phase"] in ("star", "adapt")]
        if not pts:
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
            f.write("".join("%d %.4f\n" % p for p in pts))
            files.append(f.name)
        cmds.append("'%s' using 1:2 with linespoints lw 2 pt 7 lc %d title '%s: star, then each step'"
                    % (f.name, i + 1, topo))
        if topo in mesh:
            cmds.append("%.4f with lines dt 2 lw 2 lc %d title '%s: full mesh by hand (%s links)'"
                        % (mesh[topo], i + 1, topo, next(r["links"] for r in rows
                                                         if r["topology"] == topo and r["phase"] == "mesh")))
        auto = [(int(r["links"]), float(r["runtime_s"])) for r in rows
                if r["topology"] == topo and r["phase"] == "auto-next"]
        if auto:
            with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
                f.write("".join("%d %.4f\n" % p for p in auto))
                files.append(f.name)
            cmds.append("'%s' using 1:2 with points pt 9 ps 2 lc %d title '%s: automatic, run after convergence'"
                        % (f.name, i + 1, topo))
    if not cmds:
        return
    script = """
set terminal pngcairo size 1000,560 font ",11"
set output '%s'
set title "Patterns run time against direct links (8 VMs on 8 spokes, hub underlay rate-limited)" noenhanced
set xlabel "direct spoke-to-spoke links"
set ylabel "run time (s)"
set yrange [0:*]
set xrange [-0.5:%d]
set grid
set key top right noenhanced
plot %s
""" % (png, max_links + 1, ", ".join(cmds))
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except FileNotFoundError:
        print("adapt_report: gnuplot is missing (tools/install-deps.sh --bench): no plot", file=sys.stderr)
    finally:
        for f in files:
            os.unlink(f)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "edges":
        dims = [int(d) for d in sys.argv[4].split("x")] if len(sys.argv) > 4 else []
        for a, b in host_pairs(sys.argv[2], int(sys.argv[3]), dims):
            print("h%d h%d" % (a, b))
    elif cmd == "status-links":
        for a, b in status_pairs(load(sys.argv[2])):
            print("h%d h%d" % (a, b))
    elif cmd == "status-field":
        v = load(sys.argv[2]).get(sys.argv[3])
        print(json.dumps(v) if isinstance(v, bool) else v)
    elif cmd == "summary":
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
