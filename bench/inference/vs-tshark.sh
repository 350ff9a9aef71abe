#!/usr/bin/env bash
# Times `vnetctl analyze` against `tshark -z conv,eth` on one large synthetic BSP capture, and checks that
# both count the same frames and bytes per MAC pair.
#
#   bench/inference/vs-tshark.sh [FRAMES] [WORKDIR]      # defaults: 3000000 frames, /tmp/vnet-vs-tshark
#
# 1. gen-bsp-pcap.py writes WORKDIR/bsp.pcap (16 ranks, 4x4 torus, snap length 128) and the true per-pair
#    counts (WORKDIR/truth.tsv).
# 2. Three rounds, each timing on the same file, one after the other:
#      tshark -q -r FILE -z conv,eth
#      tools/bin/vnetctl analyze FILE --json                  (the whole engine: matrix, topology, RIR, BIC, ...)
#      tools/bin/vnetctl analyze FILE --matrix-only --json    (only the per-MAC-pair counts, tshark's job)
#      the first again with VNET_JAVA_OPTS=-XX:TieredStopAtLevel=4: tools/bin/vnetctl caps the JIT at C1 for a
#      quick start (a later -XX flag wins), which costs a long analysis its optimising compiler
#    Wall-clock seconds of whole processes (JVM start-up included); the median of 3 is reported with the ratio.
# 3. Compares the per-pair frames and bytes of tshark, the engine's matrix and the raw matrix with the truth.
#    tshark 4.0 prints bytes rounded down to its unit (kB, MB = 1000, 1000000 bytes): compared at that resolution.
# Needs tshark (installed with apt-get if missing), python3 and tools/target/vnet.jar (VNET_JAR overrides).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
frames=${1:-3000000}
work=${2:-/tmp/vnet-vs-tshark}
vnetctl="$root/tools/bin/vnetctl"
mkdir -p "$work"

if ! command -v tshark >/dev/null; then
    echo "installing tshark" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y tshark >/dev/null
fi

pcap="$work/bsp.pcap"
if [[ ! -f "$pcap" || ! -f "$work/truth.tsv" || "$(cat "$work/frames" 2>/dev/null)" != "$frames" ]]; then
    python3 "$here/gen-bsp-pcap.py" "$pcap" --frames "$frames" --expect "$work/truth.tsv"
    echo "$frames" > "$work/frames"
fi
echo "# $(date -u +%FT%TZ)  host $(uname -n)  $(nproc) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(tshark --version 2>/dev/null | head -1);  $(java -version 2>&1 | head -1)"
echo "# capture: $pcap, $(stat -c %s "$pcap") bytes"

# seconds of wall clock of "$@", output to the file named first
timed() {
    local out=$1
    shift
    local start end
    start=$(date +%s.%N)
    "$@" > "$out" 2> "$out.err"
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.3f}')"
}

declare -a t_tshark t_vnet t_matrix t_c2
for round in 1 2 3; do
    t_tshark+=("$(timed "$work/tshark.txt" tshark -q -r "$pcap" -z conv,eth)")
    t_vnet+=("$(timed "$work/vnet.json" "$vnetctl" analyze "$pcap" --json --no-progress)")
    t_matrix+=("$(timed "$work/matrix.json" "$vnetctl" analyze "$pcap" --matrix-only --json --no-progress)")
    t_c2+=("$(VNET_JAVA_OPTS=-XX:TieredStopAtLevel=4 timed "$work/vnet-c2.json" "$vnetctl" analyze "$pcap" --json --no-progress)")
    echo "round $round: tshark ${t_tshark[-1]} s, vnetctl analyze ${t_vnet[-1]} s," \
        "--matrix-only ${t_matrix[-1]} s, analyze with C2 ${t_c2[-1]} s"
done

python3 - "$work" "${t_tshark[*]}" "${t_vnet[*]}" "${t_matrix[*]}" "${t_c2[*]}" <<'EOF'
import json, re, statistics, sys

work = sys.argv[1]
tshark, vnet, matrix, c2 = ([float(x) for x in arg.split()] for arg in sys.argv[2:6])
mt, mv, mm, mc = (statistics.median(x) for x in (tshark, vnet, matrix, c2))
print(f"median of 3: tshark {mt:.3f} s, vnetctl analyze {mv:.3f} s, vnetctl analyze --matrix-only {mm:.3f} s, "
      f"vnetctl analyze with C2 {mc:.3f} s")
print(f"ratio tshark / vnetctl analyze: {mt / mv:.1f}x;  tshark / vnetctl analyze --matrix-only: {mt / mm:.1f}x;"
      f"  tshark / vnetctl analyze with C2: {mt / mc:.1f}x  (target: 10x)")

truth = {}
for line in open(f"{work}/truth.tsv"):
    s, d, f, b = line.split()
    truth[(s, d)] = (int(f), int(b))

units = {"bytes": 1, "kB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3}
conv = {}
row = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+)\s+(bytes|kB|MB|GB)\s+(\d+)\s+(\d+)\s+(bytes|kB|MB|GB)")
for line in open(f"{work}/tshark.txt"):
    m = row.match(line)
    if m:
        a, b = m.group(1), m.group(2)
        # "<-" is B -> A, "->" is A -> B
        conv[(b, a)] = (int(m.group(3)), int(m.group(4)), units[m.group(5)])
        conv[(a, b)] = (int(m.group(6)), int(m.group(7)), units[m.group(8)])

def load(path):
    doc = json.load(open(path))
    return {(e["src"], e["dst"]): (e["frames"], e["bytes"]) for e in doc["matrix"]}

engine, raw, engine2 = load(f"{work}/vnet.json"), load(f"{work}/matrix.json"), load(f"{work}/vnet-c2.json")
problems = 0
for name, got in (("engine matrix", engine), ("raw matrix", raw), ("engine matrix (C2 run)", engine2)):
    diff = {k for k in set(truth) | set(got) if truth.get(k) != got.get(k)}
    for k in sorted(diff)[:10]:
        print(f"DIFF {name} {k}: truth {truth.get(k)}, vnet {got.get(k)}")
    problems += len(diff)
    print(f"{name}: {len(got)} pairs, {len(got) - len(diff)} equal to the truth in frames and bytes")
bad = 0
for k, (f, b) in truth.items():
    c = conv.get(k)
    if c is None or c[0] != f or not (c[1] * c[2] <= b < (c[1] + 1) * c[2]):
        bad += 1
        if bad <= 10:
            print(f"DIFF tshark {k}: truth {(f, b)}, tshark {c}")
extra = set(k for k, c in conv.items() if c[0] > 0) - set(truth)
print(f"tshark conv,eth: {len(truth) - bad} of {len(truth)} pairs agree with the truth (frames exactly, bytes to "
      f"tshark's printed unit); {len(extra)} pairs only tshark has")
problems += bad + len(extra)
print("AGREE: tshark, vnetctl analyze and --matrix-only count the same frames and bytes per pair"
      if problems == 0 else f"DISAGREE: {problems} differences")
EOF
