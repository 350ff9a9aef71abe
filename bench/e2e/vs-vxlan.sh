#!/usr/bin/env bash
# vs-vxlan.sh - vnetd against the kernel's VXLAN on the same 2-host namespace testbed, in ONE run.
#
#   bench/e2e/vs-vxlan.sh [--transports udp,kernel[,udp-aead,tcp,tls]|none] [--rounds N] [--out DIR]
#                         [--variant NAME=JAVA_OPTS ...]
#
# Targets: "vxlan" (kernel VXLAN, VNI 42) and "vnetd-T" for each transport T (one vnetd per host
# namespace, one link between them). Transport "kernel" is the target "vnetd-kernel": the UDP link
# with `testbed.sh up --datapath kernel` (vnetd switches established flows with eBPF on the TAP and
# a collect_md VXLAN device; the Java daemon is the slow path: misses, hold-off, broadcast).
# Transport "udp-aead" is the UDP link sealed with a pre-shared key (`testbed.sh up --link-keys`,
# security: aead: AES-256-GCM per datagram; never on the kernel path). The
# default stays --transports udp. Every target attaches the same way: the VM's eth0 lives in the VM
# namespace - a persistent TAP that vnetd opens, or the VXLAN device itself (created in the host
# namespace on the underlay veth, then moved into the VM namespace). Underlay MTU 1500, overlay MTU
# 1400 for every target. Rounds are interleaved (each round brings every target up in turn, the
# order rotating by round) and the report gives the median over rounds (min-max) and the median of
# the same-round ratios vnetd/VXLAN.
#
# Per target and round, VM v1 -> VM v2 (10.77.0.2):
#   ping   : ping -c $PING_N -i 0.01 -W 1             (avg and p99 over the individual samples)
#   tcp1   : iperf3 -c 10.77.0.2 -t $TCP_T -J         (single stream)
#   tcp4   : iperf3 -c 10.77.0.2 -t $TCP_T -P 4 -J
#   udp64  : iperf3 -c 10.77.0.2 -u -l 64 -b 0 -t $UDP_T -J   (packets received per second)
#   CPU    : utime+stime of the vnetd process trees (/proc/PID/stat) and the busy time of the whole
#            machine (/proc/stat), read before and after each TCP test -> CPU seconds per GB received.
#   kernel : (vnetd-kernel only) `vnetctl --json stats` of both hosts just before and after tcp1
#            (kstats-tcp1-{before,after}-hI.json) -> slow-path frames/s during the steady TCP test:
#            delta of txSlowPathMiss + txSlowPathHoldoff, both hosts, over iperf3's test time.
# Every vnetd target also saves `vnetctl --json status` and `--json stats` of both hosts per round
# (status-hI.json, stats-hI.json; the text stats in stats-hI.txt).
# Before measuring, every target gets an unrecorded `iperf3 -t $WARMUP_T` and `ping -f -c $WARMUP_PINGS`
# (JIT warm-up for vnetd: at ping rates the small-frame path would otherwise still be interpreted).
# Environment: ROUNDS (3), TCP_T (10), UDP_T (5), PING_N (200), WARMUP_T (3, 0 = none), WARMUP_PINGS
# (20000, 0 = none),
# TRANSPORTS (udp), OUT (results dir,
# default /tmp/vnet-vs-vxlan-<UTC time>), PREFIX (namespace prefix, default random).
# Quick check: ROUNDS=1 TCP_T=3 UDP_T=2 PING_N=50 WARMUP_T=1 WARMUP_PINGS=2000 bench/e2e/vs-vxlan.sh --transports udp,kernel
# A variant is one more target, "vnetd-udp+NAME": the UDP link with JAVA_OPTS added to the daemons'
# JVM options, measured in the same interleaved rounds, e.g. to weigh one lever:
#   bench/e2e/vs-vxlan.sh --variant fallback=-Dvnet.udp.native=false --variant nocoalesce=-Dvnet.udp.coalesce=false
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh

ROUNDS=${ROUNDS:-3}
TCP_T=${TCP_T:-10}
UDP_T=${UDP_T:-5}
PING_N=${PING_N:-200}
WARMUP_T=${WARMUP_T:-3}
WARMUP_PINGS=${WARMUP_PINGS:-20000}
TRANSPORTS=${TRANSPORTS:-udp}
OUT=${OUT:-/tmp/vnet-vs-vxlan-$(date -u +%Y%m%dT%H%M%SZ)}
PREFIX=${PREFIX:-$(printf 'bx%04x' $((RANDOM * 2 + RANDOM % 2)))}
VARIANTS=()
declare -A VARIANT_OPTS=()
BASE_JAVA_OPTS=${VNET_JAVA_OPTS:-}

while [ $# -gt 0 ]; do
  case $1 in
    --transports) TRANSPORTS=${2:?}; shift 2 ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --variant) VARIANTS+=("${2:?}"); shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "vs-vxlan: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf '[vs-vxlan %s] %s\n' "$(date +%T)" "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run as root (network namespaces)"; exit 2; }
for tool in ip iperf3 ping python3; do
  command -v "$tool" >/dev/null || { log "$tool is missing"; exit 2; }
done

TARGETS=(vxlan)
if [ "$TRANSPORTS" != none ]; then
  IFS=, read -r -a tlist <<<"$TRANSPORTS"
  for t in "${tlist[@]}"; do
    case $t in udp|udp-aead|tcp|tls|kernel) TARGETS+=("vnetd-$t") ;; *) log "bad transport '$t' (udp, udp-aead, tcp, tls, kernel)"; exit 2 ;; esac
  done
  for v in "${VARIANTS[@]}"; do
    [[ $v == *=* ]] || { log "bad variant '$v' (want NAME=JAVA_OPTS)"; exit 2; }
    VARIANT_OPTS[${v%%=*}]=${v#*=}
    TARGETS+=("vnetd-udp+${v%%=*}")
  done
  if [ ! -f "$ROOT/tools/target/vnet.jar" ] || [ ! -x "$ROOT/tools/bin/vnetd" ]; then
    log "tools/target/vnet.jar or tools/bin/vnetd missing: build first (mvn -q -DskipTests package)"
    exit 2
  fi
fi

mkdir -p "$OUT/raw"
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  trap - EXIT INT TERM
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
  echo "iperf3: $(iperf3 --version | head -1)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "rounds: $ROUNDS  tcp_t: $TCP_T  udp_t: $UDP_T  ping_n: $PING_N  warmup_t: $WARMUP_T  warmup_pings: $WARMUP_PINGS  targets: ${TARGETS[*]}"
  for v in "${VARIANTS[@]}"; do echo "variant: vnetd-udp+${v%%=*}: VNET_JAVA_OPTS += ${v#*=}"; done
  echo "attachment: VM eth0 in the VM namespace (vnetd: persistent TAP; vxlan: VXLAN device moved in); overlay MTU 1400, underlay veth MTU 1500"
  case " ${TARGETS[*]} " in *" vnetd-kernel "*) echo "vnetd-kernel: UDP link, testbed.sh up --datapath kernel (eBPF tc on the TAP + collect_md VXLAN; vnetd = slow path)" ;; esac
} >"$OUT/env.txt"

ticks_of_tree() { # PID: utime+stime of PID and its descendants, in clock ticks
  local p=$1 t=0 c stat rest
  stat=$(cat "/proc/$p/stat" 2>/dev/null) || { echo 0; return; }
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  t=$((${12} + ${13}))
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do t=$((t + $(ticks_of_tree "$c"))); done
  echo "$t"
}

# cpu_snap FILE: "DAEMON ticks" for vnetd h1 and h2 (if any) and "SYS busy total" from /proc/stat
cpu_snap() {
  local i pid_var
  {
    for i in 1 2; do
      pid_var=TB_H${i}_PID
      if [ -n "${!pid_var:-}" ]; then echo "h$i $(ticks_of_tree "${!pid_var}")"; fi
    done
    awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print "SYS", b, b+$5+$6}' /proc/stat
  } >"$1"
}

# ctl_json FILE CMD: `vnetctl --json CMD` of both hosts into FILE-h1.json / FILE-h2.json
ctl_json() {
  local i sock_var
  for i in 1 2; do
    sock_var=TB_H${i}_SOCK
    "$TB_VNETCTL" -s "${!sock_var}" --json "$2" >"$1-h$i.json" 2>"$1-h$i.err" || true
    [ -s "$1-h$i.err" ] || rm -f "$1-h$i.err"
  done
}

# measure TARGET ROUND: everything for one target that is up
measure() {
  local target=$1 r=$2 d=$OUT/raw/$1/r$2 dst=10.77.0.2 t p
  mkdir -p "$d"
  "$TB" spawn --prefix "$PREFIX" iperf3-server "$TB_V2_NS" iperf3 -s >/dev/null
  sleep 0.5
  ip netns exec "$TB_V1_NS" ping -c 3 -i 0.2 -W 1 -q "$dst" >/dev/null 2>&1 || true
  if [ "$WARMUP_T" -gt 0 ]; then # not recorded: lets the JIT compile vnetd's fast path first
    timeout $((WARMUP_T + 30)) ip netns exec "$TB_V1_NS" iperf3 -c "$dst" -t "$WARMUP_T" --connect-timeout 3000 \
      >"$d/warmup.txt" 2>&1 || true
    sleep 0.5
  fi
  if [ "$WARMUP_PINGS" -gt 0 ]; then
    timeout 60 ip netns exec "$TB_V1_NS" ping -f -c "$WARMUP_PINGS" -q "$dst" >"$d/warmup-ping.txt" 2>&1 || true
    sleep 0.5
  fi
  if [ "$r" = 1 ]; then
    for ns in "$TB_V1_NS" "$TB_V2_NS"; do
      echo "== $ns eth0 mtu $(ip -n "$ns" -o link show eth0 | sed -n 's/.* mtu \([0-9]*\).*/\1/p')"
      ip netns exec "$ns" ethtool -k eth0 2>/dev/null |
        grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-checksumming):' || true
    done >"$OUT/raw/$target/offloads.txt"
  fi
  log "  $target r$r: ping"
  timeout $((PING_N / 50 + 30)) ip netns exec "$TB_V1_NS" ping -c "$PING_N" -i 0.01 -W 1 "$dst" >"$d/ping.txt" 2>&1 || true
  sleep 0.5
  for t in tcp1 tcp4; do
    p=1
    [ $t = tcp4 ] && p=4
    log "  $target r$r: $t"
    [ "$target" = vnetd-kernel ] && [ $t = tcp1 ] && ctl_json "$d/kstats-$t-before" stats
    cpu_snap "$d/cpu_${t}_before.txt"
    timeout $((TCP_T + 30)) ip netns exec "$TB_V1_NS" iperf3 -c "$dst" -t "$TCP_T" -P $p --connect-timeout 3000 -J \
      >"$d/$t.json" 2>"$d/$t.err" || log "  $target r$r: $t failed (see $d/$t.err / .json)"
    cpu_snap "$d/cpu_${t}_after.txt"
    [ "$target" = vnetd-kernel ] && [ $t = tcp1 ] && ctl_json "$d/kstats-$t-after" stats
    sleep 1
  done
  log "  $target r$r: udp64"
  timeout $((UDP_T + 30)) ip netns exec "$TB_V1_NS" iperf3 -c "$dst" -u -l 64 -b 0 -t "$UDP_T" --connect-timeout 3000 -J \
    >"$d/udp64.json" 2>"$d/udp64.err" || log "  $target r$r: udp64 failed (see $d/udp64.err / .json)"
  if [ "${target#vnetd}" != "$target" ]; then
    for i in 1 2; do
      sock_var=TB_H${i}_SOCK
      "$TB_VNETCTL" -s "${!sock_var}" stats >"$d/stats-h$i.txt" 2>&1 || true
    done
    ctl_json "$d/stats" stats
    ctl_json "$d/status" status
  fi
}

log "targets: ${TARGETS[*]}; $ROUNDS round(s); results in $OUT"
n=${#TARGETS[@]}
for ((r = 1; r <= ROUNDS; r++)); do
  for ((k = 0; k < n; k++)); do
    target=${TARGETS[$(((k + r - 1) % n))]}
    log "round $r/$ROUNDS: $target"
    if [ "$target" = vxlan ]; then
      up_args=(--overlay vxlan)
    elif [ "$target" = vnetd-kernel ]; then
      up_args=(--overlay vnetd --links mesh --transport udp --datapath kernel)
      export VNET_JAVA_OPTS="$BASE_JAVA_OPTS"
    elif [ "$target" = vnetd-udp-aead ]; then
      up_args=(--overlay vnetd --links mesh --transport udp --link-keys)
      export VNET_JAVA_OPTS="$BASE_JAVA_OPTS"
    else
      transport=${target#vnetd-}
      variant=
      [[ $transport == *+* ]] && variant=${transport#*+} && transport=${transport%%+*}
      up_args=(--overlay vnetd --links mesh --transport "$transport")  # 2 hosts: one link, no hub
      export VNET_JAVA_OPTS="$BASE_JAVA_OPTS ${variant:+${VARIANT_OPTS[$variant]}}"
    fi
    if "$TB" up --hosts 2 --prefix "$PREFIX" "${up_args[@]}" 2>"$OUT/raw/up-$target-r$r.log"; then
      unset TB_H1_PID TB_H2_PID
      eval "$("$TB" env --prefix "$PREFIX")"
      [ "$target" = vxlan ] && unset TB_H1_PID TB_H2_PID
      measure "$target" "$r"
      if [ "$target" != vxlan ]; then
        cp "$TB_RUN"/h1.log "$OUT/raw/$target/r$r/vnetd-h1.log" 2>/dev/null || true
        cp "$TB_RUN"/h2.log "$OUT/raw/$target/r$r/vnetd-h2.log" 2>/dev/null || true
      fi
    else
      log "!!! $target did not come up in round $r (see $OUT/raw/up-$target-r$r.log)"
      echo "$target r$r" >>"$OUT/failures.txt"
    fi
    "$TB" down --prefix "$PREFIX" 2>/dev/null
  done
done

python3 "$HERE/aggregate.py" "$OUT"
