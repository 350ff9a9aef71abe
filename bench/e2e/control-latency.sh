#!/usr/bin/env bash
# control-latency.sh - control-plane latency and throughput of vnetd on the 2-host testbed.
#
#   bench/e2e/control-latency.sh [--datapath kernel|auto|java] [--tmpfs] [--out DIR] [control-latency.py options...]
#
# Brings up `tools/testbed/testbed.sh up --hosts 2 --links mesh --datapath kernel` (default) under a
# random prefix, runs bench/e2e/control-latency.py against h1's control socket (N rule.add then
# rule.del, N link.add/link.del of a dummy UDP link to 10.200.0.99:7700 - an unused address of the
# testbed's underlay - one at a time, then pipelined), and always tears the testbed down
# (`down --purge`, also on error or Ctrl-C). Other options go to control-latency.py, e.g. -n 200.
# Results: DIR/control-latency.json (everything, raw samples included), DIR/summary.txt, the
# daemons' logs. Environment: OUT (default /tmp/vnet-control-latency-<UTC time>), PREFIX (random).
# --tmpfs puts the testbed's run directory (state files included) in /dev/shm, so a state file's
# fsync costs little and the figures show the control path itself.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh

DATAPATH=kernel
OUT=${OUT:-/tmp/vnet-control-latency-$(date -u +%Y%m%dT%H%M%SZ)}
PREFIX=${PREFIX:-$(printf 'cl%04x' $((RANDOM * 2 + RANDOM % 2)))}
PY_ARGS=()
while [ $# -gt 0 ]; do
  case $1 in
    --datapath) DATAPATH=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --tmpfs) export TB_RUN=/dev/shm/vnet-testbed-$PREFIX; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) PY_ARGS+=("$1"); shift ;;
  esac
done

log() { printf '[control-latency %s] %s\n' "$(date +%T)" "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run as root (network namespaces)"; exit 2; }
case $DATAPATH in java|auto|kernel) ;; *) log "--datapath must be java, auto or kernel"; exit 2 ;; esac
if [ ! -f "$ROOT/tools/target/vnet.jar" ] || [ ! -x "$ROOT/tools/bin/vnetd" ]; then
  log "tools/target/vnet.jar or tools/bin/vnetd missing: build first (mvn -q -DskipTests package)"
  exit 2
fi

mkdir -p "$OUT"
RUN_DIR=
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$RUN_DIR" ]; then
    cp "$RUN_DIR"/h1.log "$OUT/vnetd-h1.log" 2>/dev/null || true
    cp "$RUN_DIR"/h2.log "$OUT/vnetd-h2.log" 2>/dev/null || true
  fi
  "$TB" down --purge --prefix "$PREFIX" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -r)"
  echo "cpus: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "testbed: 2 hosts, mesh, udp, --datapath $DATAPATH, run dir ${TB_RUN:-/tmp}; VNET_JAVA_OPTS=${VNET_JAVA_OPTS:-}"
} >"$OUT/env.txt"

log "testbed up (prefix $PREFIX, datapath $DATAPATH)"
if ! "$TB" up --hosts 2 --links mesh --datapath "$DATAPATH" --prefix "$PREFIX" 2>"$OUT/up.log"; then
  log "testbed did not come up: see $OUT/up.log"
  exit 1
fi
eval "$("$TB" env --prefix "$PREFIX")"
RUN_DIR=$TB_RUN
rc=0
python3 "$HERE/control-latency.py" --socket "$TB_H1_SOCK" --out "$OUT/control-latency.json" "${PY_ARGS[@]}" \
  | tee "$OUT/summary.txt" || rc=$?
log "results in $OUT"
exit $rc
