#!/usr/bin/env bash
# profile.sh - where the CPU goes while one TCP stream crosses vnetd: brings up the 2-host testbed
# (UDP link, overlay MTU 1400), runs iperf3 -t $T from VM 1 to VM 2 and, meanwhile, a system-wide
# `perf record -g` (cpu-clock) of $PT seconds, then tears down and prints the top symbols, kernel
# and JIT-compiled Java alike (the daemons run with -XX:+DumpPerfMapAtExit so perf can name Java
# frames). Needs root and perf (Debian: linux-perf).
#
#   bench/e2e/profile.sh [--out DIR] [-- extra testbed up arguments]
# Environment: T (12), PT (8), IPERF_ARGS (extra iperf3 client arguments, e.g. "-u -l 64 -b 0" for
# small UDP datagrams), VNET_JAVA_OPTS (passed on to the daemons, e.g. -Dvnet.udp.native=false).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh
T=${T:-12}
PT=${PT:-8}
OUT=/tmp/vnet-profile-$(date -u +%Y%m%dT%H%M%SZ)
PREFIX=$(printf 'pf%04x' $((RANDOM * 2 + RANDOM % 2)))
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=${2:?}; shift 2 ;;
    --) shift; break ;;
    *) echo "profile: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "profile: perf is missing (tools/install-deps.sh --bench)" >&2; exit 2; }
mkdir -p "$OUT"
cleanup() { trap - EXIT; "$TB" down --purge --prefix "$PREFIX" >/dev/null 2>&1 || true; }
trap cleanup EXIT
export VNET_JAVA_OPTS="${VNET_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
"$TB" up --hosts 2 --prefix "$PREFIX" --mtu 1400 "$@" >"$OUT/up.log" 2>&1
eval "$("$TB" env --prefix "$PREFIX")"
"$TB" spawn --prefix "$PREFIX" iperf3-server "$TB_V2_NS" iperf3 -s >/dev/null
sleep 0.5
ip netns exec "$TB_V1_NS" iperf3 -c 10.77.0.2 -t 3 >/dev/null 2>&1 || true   # JIT warm-up
# shellcheck disable=SC2086  # IPERF_ARGS is a list of words
ip netns exec "$TB_V1_NS" iperf3 -c 10.77.0.2 -t "$T" ${IPERF_ARGS:-} -J >"$OUT/iperf3.json" 2>&1 &
ipf=$!
sleep 2
perf record -a -g -F 999 -o "$OUT/perf.data" -- sleep "$PT" >"$OUT/perf-record.log" 2>&1
wait "$ipf" || true
# stop the daemons gracefully so that they write /tmp/perf-PID.map
"$TB" down --prefix "$PREFIX" >/dev/null 2>&1 || true
sleep 1
perf report -i "$OUT/perf.data" --no-children --sort comm,dso,sym --percent-limit 0.7 --stdio 2>/dev/null \
  | grep -v '^$' | grep -E '^ +[0-9]' >"$OUT/top.txt" || true
perf report -i "$OUT/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' >"$OUT/by-comm.txt" || true
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); e=d['end']; s=e.get('sum_received') or e['sum']; print('iperf3: %.2f Gb/s, %s packets' % (s['bits_per_second']/1e9, s.get('packets', '-')))" \
  "$OUT/iperf3.json" 2>/dev/null || echo "iperf3: no result"
echo "== by command"; head -12 "$OUT/by-comm.txt"
echo "== top symbols"; head -45 "$OUT/top.txt"
echo "(profile in $OUT)"
