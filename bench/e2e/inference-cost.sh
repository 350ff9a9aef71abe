#!/usr/bin/env bash
# inference-cost.sh - what built-in inference costs the data plane, in ONE run: the same traffic
# through vnetd with inference on (every frame recorded into the event ring, MAC-pair counters,
# the inference agent) and off (-Dvnet.inference=false), on the 2-host testbed over a UDP link.
#
#   bench/e2e/inference-cost.sh [--datapath java|auto|kernel] [--out DIR]
#                                (ROUNDS=3 TCP_T=10 UDP_T=5 PATTERNS_IT=300 by default)
#
# --datapath (default java, the behaviour before the option existed) is passed to
# `testbed.sh up`. With kernel, established flows are switched by eBPF on the TAP and inference
# sees them through the BPF programs' ring-buffer events; -Dvnet.inference=false also stops the
# programs from emitting events, so on/off then weighs the event path of the kernel data path.
# The kernel counters (stats.kernel: events, eventsDropped, txSwitchedInKernel...) of h1 are then
# added to the per-round line, and every round saves `vnetctl --json stats` of both hosts
# (stats-r<R>-<mode>-hI.json).
#
# Per mode and round: iperf3 -t $TCP_T v1 -> v2 (Gb/s), iperf3 -u -l 64 -b 0 -t $UDP_T (packets
# received per second: one event record per frame, the hard case), then Patterns all-to-all with 2
# ranks (true iteration rate printed by Patterns itself), then the eventsDropped/eventsRecorded counters.
# Rounds interleave the modes (on/off order alternating); the report gives the medians and the
# median of the same-round ratios on/off (target >= 0.99).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh
VNETCTL=$ROOT/tools/bin/vnetctl
PATTERNS=$ROOT/tools/bin/patterns
ROUNDS=${ROUNDS:-3}
TCP_T=${TCP_T:-10}
UDP_T=${UDP_T:-5}
PATTERNS_IT=${PATTERNS_IT:-300}
DATAPATH=java
while [ $# -gt 0 ]; do
  case $1 in
    --datapath) DATAPATH=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "inference-cost: unknown argument $1" >&2; exit 2 ;;
  esac
done
case $DATAPATH in java|auto|kernel) ;; *) echo "inference-cost: --datapath must be java, auto or kernel" >&2; exit 2 ;; esac
if [ "$DATAPATH" = java ]; then
  OUT=${OUT:-/tmp/vnet-inference-cost-$(date -u +%Y%m%dT%H%M%SZ)}
else
  OUT=${OUT:-/tmp/vnet-inference-cost-$DATAPATH-$(date -u +%Y%m%dT%H%M%SZ)}
fi
PREFIX=${PREFIX:-$(printf 'ic%04x' $((RANDOM * 2 + RANDOM % 2)))}
mkdir -p "$OUT"
[ -f "$ROOT/tools/target/vnet.jar" ] || (cd "$ROOT" && mvn -q -DskipTests package)

cleanup() { "$TB" down --prefix "$PREFIX" --purge >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

measure() { # MODE ROUND
  local mode=$1 round=$2 opts=""
  [ "$mode" = off ] && opts="-Dvnet.inference=false"
  if ! VNET_JAVA_OPTS="$opts" "$TB" up --hosts 2 --links mesh --transport udp --datapath "$DATAPATH" --prefix "$PREFIX" \
    >"$OUT/up-r$round-$mode.log" 2>&1; then
    echo "inference-cost: testbed did not come up (round $round, inference $mode): see $OUT/up-r$round-$mode.log" >&2
    return 1
  fi
  eval "$("$TB" env --prefix "$PREFIX")"
  "$TB" spawn --prefix "$PREFIX" iperf3-s "$TB_V2_NS" iperf3 -s >/dev/null
  sleep 0.5
  ip netns exec "$TB_V1_NS" iperf3 -c "$TB_V2_IP" -t 3 >/dev/null 2>&1 || true   # JIT warm-up
  local gbps
  gbps=$(ip netns exec "$TB_V1_NS" iperf3 -c "$TB_V2_IP" -t "$TCP_T" -J | python3 -c \
    'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))')
  local kpps
  kpps=$(ip netns exec "$TB_V1_NS" iperf3 -c "$TB_V2_IP" -u -l 64 -b 0 -t "$UDP_T" -J | python3 -c \
    'import json,sys; e=json.load(sys.stdin)["end"]; e=e.get("sum_received", e["sum"]); print("%.1f" % ((e["packets"]-e["lost_packets"])/e["seconds"]/1e3))')
  local peers="$TB_V1_IP,$TB_V2_IP"
  local common=(--topology all-to-all --iterations "$PATTERNS_IT" --message-size 20000 --elements 20000)
  "$TB" spawn --prefix "$PREFIX" patterns1 "$TB_V2_NS" "$PATTERNS" --rank 1 --peers "$peers" "${common[@]}" >/dev/null
  local rate
  rate=$(ip netns exec "$TB_V1_NS" "$PATTERNS" --rank 0 --peers "$peers" "${common[@]}" 2>/dev/null \
    | sed -n 's/.*rate_it_per_s=\([0-9.]*\).*/\1/p' | head -1)
  local i sock_var
  for i in 1 2; do
    sock_var=TB_H${i}_SOCK
    "$VNETCTL" -s "${!sock_var}" --json stats >"$OUT/stats-r$round-$mode-h$i.json" 2>/dev/null || true
  done
  local dropped recorded kevents kdropped ktx
  read -r dropped recorded kevents kdropped ktx < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["stats"]
y, k = s.get("system", {}), s.get("kernel", {}) or {}
print(y.get("eventsDropped", 0), y.get("eventsRecorded", 0), k.get("events", 0), k.get("eventsDropped", 0),
      k.get("txSwitchedInKernel", 0))' "$OUT/stats-r$round-$mode-h1.json")
  echo "$round $mode $gbps ${rate:-nan} $dropped $recorded $kpps $kevents $kdropped $ktx" | tee -a "$OUT/raw.txt"
  "$TB" down --prefix "$PREFIX" --purge >/dev/null 2>&1
}

echo "# datapath $DATAPATH; round mode iperf3_gbps patterns_it_per_s events_dropped events_recorded udp64_kpps kernel_events kernel_events_dropped kernel_tx_switched (counters of h1)" | tee "$OUT/raw.txt"
for ((r = 1; r <= ROUNDS; r++)); do
  if [ $((r % 2)) = 1 ]; then order="on off"; else order="off on"; fi
  for m in $order; do measure "$m" "$r"; done
done
python3 - "$OUT/raw.txt" "$DATAPATH" <<'PY' | tee "$OUT/summary.md"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith("#")]
by = {}
kern = {}
for row in rows:
    r, mode, g, rate, d, rec, k = row[:7]
    by.setdefault(r, {})[mode] = (float(g), float(rate), int(d), int(rec), float(k))
    if len(row) >= 10:
        kern.setdefault(r, {})[mode] = tuple(int(x) for x in row[7:10])
print("data path: %s" % sys.argv[2])
print()
def med(xs): return statistics.median(xs)
on_g = [v["on"][0] for v in by.values()]; off_g = [v["off"][0] for v in by.values()]
on_r = [v["on"][1] for v in by.values()]; off_r = [v["off"][1] for v in by.values()]
rg = [v["on"][0] / v["off"][0] for v in by.values()]
rr = [v["on"][1] / v["off"][1] for v in by.values()]
on_k = [v["on"][4] for v in by.values()]; off_k = [v["off"][4] for v in by.values()]
rk = [v["on"][4] / v["off"][4] for v in by.values()]
print("| traffic | inference on | inference off | ratio on/off (median of rounds) |")
print("|---|---|---|---|")
print("| iperf3 TCP 1 stream, Gb/s | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) | %.3f |" % (med(on_g), min(on_g), max(on_g), med(off_g), min(off_g), max(off_g), med(rg)))
print("| iperf3 UDP 64 B, kpps received | %.1f (%.1f-%.1f) | %.1f (%.1f-%.1f) | %.3f |" % (med(on_k), min(on_k), max(on_k), med(off_k), min(off_k), max(off_k), med(rk)))
print("| Patterns all-to-all 2 ranks, it/s | %.1f (%.1f-%.1f) | %.1f (%.1f-%.1f) | %.3f |" % (med(on_r), min(on_r), max(on_r), med(off_r), min(off_r), max(off_r), med(rr)))
print()
print("event records with inference on (h1, per round): " + ", ".join("%d recorded / %d dropped" % (v["on"][3], v["on"][2]) for v in by.values()))
if sys.argv[2] != "java" and kern:
    for mode in ("on", "off"):
        print("kernel data path, inference %s (h1, per round): " % mode + ", ".join(
            "%d BPF events / %d dropped / %d TX frames switched in the kernel" % v[mode] for v in kern.values() if mode in v))
PY
echo "results in $OUT" >&2
