#!/usr/bin/env bash
# demo.sh - the vnet demo (README command 1), as root:
#   builds the jar if it is missing, brings up 4 hosts (network namespaces) in a star with one direct
#   link (h1 = hub, h2-h3 direct) over UDP, pings VM to VM through the hub and over the direct link,
#   runs Patterns (a BSP program) on the 4 VMs as a 2x2 torus and prints the topology the daemons
#   inferred from the frames they switched, runs a 3-second iperf3 between two VMs, prints each daemon's
#   per-link statistics, then tears everything down (also on failure or Ctrl-C).
#   Exit status 0 only if every ping and the iperf3 run worked.
# Environment: DEMO_OVERLAY=vxlan runs the same checks over kernel VXLAN (plumbing check, no vnetd);
#              DEMO_DATAPATH=auto|kernel|java: vnetd's data path (default auto: established flows over
#              the direct link are switched by eBPF in the kernel where it can be used);
#              DEMO_PREFIX=name to choose the namespace prefix (default: dm + 4 random hex digits);
#              DEMO_IPERF_T=seconds (default 3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh
VNETCTL=$ROOT/tools/bin/vnetctl
OVERLAY=${DEMO_OVERLAY:-vnetd}
PREFIX=${DEMO_PREFIX:-$(printf 'dm%04x' $((RANDOM * 2 + RANDOM % 2)))}
IPERF_T=${DEMO_IPERF_T:-3}

if [ -t 1 ]; then B=$'\033[1m' N=$'\033[0m'; else B='' N=''; fi
say() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
fail() { echo "demo: FAILED: $*" >&2; FAILED=1; }

[ "$(id -u)" = 0 ] || { echo "demo: run as root (it creates network namespaces)" >&2; exit 2; }
"$ROOT/tools/install-deps.sh" || exit 2

if [ "$OVERLAY" = vnetd ] && [ ! -f "$ROOT/tools/target/vnet.jar" ]; then
  say "building tools/target/vnet.jar (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  trap - EXIT INT TERM
  say "teardown"
  if [ "$DEMO_OK" = 1 ]; then "$TB" down --purge --prefix "$PREFIX" || true; else "$TB" down --prefix "$PREFIX" || true; fi
}
FAILED=0 DEMO_OK=0
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "up: 4 hosts, star + direct link h2-h3, UDP links, overlay $OVERLAY (prefix $PREFIX)"
"$TB" up --hosts 4 --links star+direct --transport udp --overlay "$OVERLAY" --prefix "$PREFIX" \
  --datapath "${DEMO_DATAPATH:-auto}"
eval "$("$TB" env --prefix "$PREFIX")"
echo "VMs: v1 $TB_V1_IP (on the hub h1), v2 $TB_V2_IP, v3 $TB_V3_IP, v4 $TB_V4_IP; underlay 10.200.0.0/24"

# ping_check LABEL FROM_NS TO_IP
ping_check() {
  local out
  if out=$(timeout 20 ip netns exec "$2" ping -c 5 -i 0.2 -W 2 "$3" 2>&1); then
    printf '%-44s %s\n' "$1" "$(echo "$out" | grep -E 'packets transmitted|rtt' | tr '\n' ' ')"
  else
    echo "$out" | tail -3 >&2
    fail "ping $1"
  fi
}
# iperf_check FROM FROM_NS TO TO_NS TO_IP: a $IPERF_T s TCP stream, its sender/receiver lines
iperf_check() {
  local out
  "$TB" spawn --prefix "$PREFIX" "iperf3-server-$3" "$4" iperf3 -s -1 >/dev/null
  sleep 0.5
  if out=$(timeout $((IPERF_T + 20)) ip netns exec "$2" iperf3 -c "$5" -t "$IPERF_T" --connect-timeout 3000 2>&1); then
    echo "$out" | grep -E 'sender|receiver'
  else
    echo "$out" | tail -5 >&2
    fail "iperf3 $1 -> $3"
  fi
}
say "ping between VMs on different hosts"
ping_check "v1 -> v4 (hub's VM to a spoke)" "$TB_V1_NS" "$TB_V4_IP"
ping_check "v2 -> v4 (spoke to spoke through hub h1)" "$TB_V2_NS" "$TB_V4_IP"
ping_check "v2 -> v3 (over the direct link h2-h3)" "$TB_V2_NS" "$TB_V3_IP"
ping_check "v4 -> v3 (spoke to spoke through hub h1)" "$TB_V4_NS" "$TB_V3_IP"

# link_tx SOCK LINK: frames the daemon behind SOCK sent on LINK (empty if stats are unavailable)
link_tx() {
  "$VNETCTL" -s "$1" --json stats 2>/dev/null | python3 -c '
import json, sys
def ports(n):
    if isinstance(n, dict):
        if isinstance(n.get("ports"), list):
            return n["ports"]
        for v in n.values():
            p = ports(v)
            if p is not None:
                return p
    return None
for p in ports(json.load(sys.stdin)) or []:
    if p.get("kind") == "link" and p.get("name") == sys.argv[1]:
        print(p.get("txFrames", 0))
' "$2" 2>/dev/null || true
}
if [ "$OVERLAY" = vnetd ] && command -v python3 >/dev/null; then
  say "the direct link carries v2 <-> v3 (forwarding rules on h2 and h3)"
  h2_to_h3=$(link_tx "$TB_H2_SOCK" h3)
  h3_to_h2=$(link_tx "$TB_H3_SOCK" h2)
  if [ -z "$h2_to_h3" ] || [ -z "$h3_to_h2" ]; then
    echo "(per-link counters not available from vnetctl --json stats; not checked)"
  elif [ "$h2_to_h3" -gt 0 ] && [ "$h3_to_h2" -gt 0 ]; then
    echo "link h2->h3: $h2_to_h3 frames sent; link h3->h2: $h3_to_h2 frames sent"
  else
    fail "direct link unused (h2->h3 $h2_to_h3 frames, h3->h2 $h3_to_h2 frames)"
  fi
fi

if [ "$OVERLAY" = vnetd ]; then
  say "application: Patterns, a BSP program, runs on the 4 VMs as a 2x2 torus (v1-v2, v1-v3, v2-v4, v3-v4)"
  peers="$TB_V1_IP,$TB_V2_IP,$TB_V3_IP,$TB_V4_IP"
  for rank in 3 2 1; do
    ns_var=TB_V$((rank + 1))_NS
    "$TB" spawn --prefix "$PREFIX" "patterns$rank" "${!ns_var}" "$ROOT/tools/bin/patterns" --rank "$rank" \
      --peers "$peers" --topology torus --dims 2x2 --iterations 400 --elements 50000 >/dev/null
  done
  if ! ip netns exec "$TB_V1_NS" "$ROOT/tools/bin/patterns" --rank 0 --peers "$peers" --topology torus --dims 2x2 \
      --iterations 400 --elements 50000 | sed 's/^/  /'; then
    fail "Patterns rank 0"
  fi
  sleep 4.5 # two summary periods: every daemon has heard every other
  say "inferred topology (vnetctl topology: the global view the daemons inferred from the frames they switched)"
  if topo=$("$VNETCTL" -s "$TB_H1_SOCK" topology 2>/tmp/vnet-demo-topology.$$); then
    echo "$topo"
    echo "(Patterns ran a 2x2 torus, which is a ring of 4: the classifier names it ring 4, with the"
    echo " 2x2 mesh and the 2-cube as isomorphic alternatives)"
    echo "$topo" | grep -q '^topology: ring 4 ' || fail "the inferred topology is not the 2x2 torus Patterns ran"
    say "the same question asked of a spoke (h4): its global view comes from the hub"
    "$VNETCTL" -s "$TB_H4_SOCK" topology | head -2
  else
    fail "vnetctl topology: $(head -1 /tmp/vnet-demo-topology.$$)"
  fi
  rm -f /tmp/vnet-demo-topology.$$
fi

if [ "$OVERLAY" = vnetd ]; then
  say "data path of each daemon (vnetctl status): the hub switches in Java, the direct link h2-h3 in the kernel"
  for i in 1 2 3 4; do
    sock_var=TB_H${i}_SOCK
    printf 'h%s: %s\n' "$i" "$("$VNETCTL" -s "${!sock_var}" status 2>/dev/null | sed -n 's/^data path *//p')"
  done
  say "iperf3 -t $IPERF_T: v2 -> v3 over the direct link"
  iperf_check v2 "$TB_V2_NS" v3 "$TB_V3_NS" "$TB_V3_IP"
fi

say "iperf3 -t $IPERF_T: v2 -> v4 through the hub"
iperf_check v2 "$TB_V2_NS" v4 "$TB_V4_NS" "$TB_V4_IP"

if [ "$OVERLAY" = vnetd ]; then
  for i in 1 2 3 4; do
    sock_var=TB_H${i}_SOCK
    say "h$i: vnetctl stats"
    "$VNETCTL" -s "${!sock_var}" stats || echo "(vnetctl stats on h$i failed: see above)" >&2
  done
else
  for i in 1 2 3 4; do
    ns_var=TB_V${i}_NS
    say "v$i: eth0 counters (kernel VXLAN)"
    ip -n "${!ns_var}" -s link show eth0 | sed -n '3,6p'
  done
fi

if [ $FAILED = 0 ]; then
  DEMO_OK=1
  say "demo OK"
  exit 0
fi
say "demo FAILED (see above)"
exit 1
