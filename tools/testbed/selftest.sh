#!/usr/bin/env bash
# selftest.sh - checks the testbed's own plumbing and cleanup guarantees, with the kernel VXLAN
# overlay (no vnetd needed), as root, in about 15 s:
#   - 2-host (veth pair) and 4-host (bridge) shapes come up; every VM reaches every other VM;
#     addresses, MACs and MTUs are as documented; nothing of it is visible outside the namespaces
#   - two testbeds with different prefixes coexist, and taking one down leaves the other working
#   - `up` refuses a prefix whose namespaces already exist, without touching them
#   - `spawn` processes are stopped by `down`
#   - a Ctrl-C (SIGINT) during `up` leaves no namespace and no process behind
#   - a failing `up` (daemon launcher that never opens its socket) cleans up and exits non-zero
#   - --hub-rate puts a tbf on h1's ul0 and on the bridge port p1 only; --adapt writes the hub's
#     leader map (with --adapt-opts' overrides) and the spokes' follow line
# Prints "N passed, M failed"; exit status 0 only if all passed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TB=$HERE/testbed.sh
SUFFIX=$(printf '%04x' $((RANDOM * 2 + RANDOM % 2)))
A=sta$SUFFIX B=stb$SUFFIX C=stc$SUFFIX
WORK=$(mktemp -d /tmp/vnet-testbed-selftest.XXXXXX)
PASS=0 FAIL=0

check() { # LABEL CMD...
  local label=$1
  shift
  if "$@" >/dev/null 2>&1; then
    PASS=$((PASS + 1))
    echo "ok   $label"
  else
    FAIL=$((FAIL + 1))
    echo "FAIL $label"
  fi
}
ns_count() { ip netns list | awk '{print $1}' | grep -c "^$1" || true; }
none_left() { [ "$(ns_count "$1")" = 0 ]; }
pings() { ip netns exec "$1" ping -c 1 -W 2 -q "$2"; }
mtu_is() { [ "$(ip -n "$1" -o link show "$2" | sed -n 's/.* mtu \([0-9]*\).*/\1/p')" = "$3" ]; }
mac_is() { ip -n "$1" -o link show eth0 | grep -q "link/ether $2 "; }
not_in_root() { ! ip -4 addr show | grep -qE '10\.(77|200)\.0\.'; }
alive() { [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status"; }

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  trap - EXIT INT TERM
  local p
  for p in "$A" "$B" "$C"; do "$TB" down --purge --prefix "$p" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[ "$(id -u)" = 0 ] || { echo "selftest: run as root" >&2; exit 2; }

echo "== 2 hosts (veth pair) and 4 hosts (bridge), side by side"
check "up 2 hosts ($A)" "$TB" up --hosts 2 --overlay vxlan --prefix "$A"
check "up 4 hosts ($B) while $A is up" "$TB" up --hosts 4 --overlay vxlan --prefix "$B"
check "$A: 4 namespaces" test "$(ns_count "$A")" = 4
check "$B: 9 namespaces (4 hosts, 4 VMs, underlay)" test "$(ns_count "$B")" = 9
check "$A: v1 -> v2" pings "${A}v1" 10.77.0.2
for i in 1 2 3 4; do
  for j in 1 2 3 4; do
    [ "$i" = "$j" ] || check "$B: v$i -> v$j" pings "${B}v$i" "10.77.0.$j"
  done
done
check "$B: v4 eth0 MAC 02:00:00:00:00:04" mac_is "${B}v4" 02:00:00:00:00:04
check "$B: v3 eth0 MTU 1400" mtu_is "${B}v3" eth0 1400
check "$B: h2 ul0 MTU 1500" mtu_is "${B}h2" ul0 1500
check "$A: h1 underlay 10.200.0.1 reaches h2" pings "${A}h1" 10.200.0.2
check "no testbed address in the root namespace" not_in_root
check "env names the VM namespaces" bash -c "eval \"\$('$TB' env --prefix $B)\"; [ \"\$TB_V3_NS\" = ${B}v3 ] && [ \"\$TB_V3_IP\" = 10.77.0.3 ]"
check "status works" "$TB" status --prefix "$B"

echo "== a second up with a prefix in use elsewhere is refused and touches nothing"
check "up $A again from another run dir fails" bash -c "! '$TB' up --hosts 2 --overlay vxlan --prefix $A --run $WORK/other"
check "$A still works after the refused up" pings "${A}v1" 10.77.0.2

echo "== spawn + down"
SPAWNED=$("$TB" spawn --prefix "$B" sleeper "${B}v2" sleep 300)
check "spawned process runs" alive "$SPAWNED"
check "down $B" "$TB" down --prefix "$B"
check "spawned process stopped by down" bash -c "! { [ -d /proc/$SPAWNED ] && ! grep -q '^State:.*Z' /proc/$SPAWNED/status; }"
check "$B: no namespace left" none_left "$B"
check "$A unaffected by down $B" pings "${A}v1" 10.77.0.2
check "down $A" "$TB" down --prefix "$A"
check "$A: no namespace left" none_left "$A"
check "down with nothing up is a no-op" "$TB" down --prefix "$A"
check "down --purge removes the run directory" bash -c "'$TB' down --purge --prefix $A && [ ! -e /tmp/vnet-testbed-$A ]"

echo "== Ctrl-C during up, and a daemon that never comes up"
printf '#!/bin/sh\necho "launcher $*"\nexec sleep 300\n' >"$WORK/never-ready"
chmod +x "$WORK/never-ready"
# job control on: otherwise bash starts background jobs with SIGINT ignored (untrappable)
set -m
VNETD=$WORK/never-ready "$TB" up --hosts 3 --prefix "$C" --timeout 30 >"$WORK/c.log" 2>&1 &
UP=$!
set +m
for _ in $(seq 1 50); do [ -s "/tmp/vnet-testbed-$C/pids" ] && [ "$(wc -l <"/tmp/vnet-testbed-$C/pids")" -ge 3 ] && break; sleep 0.1; done
LAUNCHED=$(awk '{print $2}' "/tmp/vnet-testbed-$C/pids" 2>/dev/null | tr '\n' ' ')
kill -INT "$UP"
wait "$UP" || true
check "SIGINT during up: no namespace left" none_left "$C"
check "SIGINT during up: launched daemons ($LAUNCHED) stopped" bash -c "for p in $LAUNCHED; do [ -d /proc/\$p ] && ! grep -q '^State:.*Z' /proc/\$p/status && exit 1; done; exit 0"
check "failing up exits non-zero" bash -c "! VNETD=$WORK/never-ready '$TB' up --hosts 2 --prefix $C --timeout 2"
check "failing up: no namespace left" none_left "$C"
check "failing up printed the daemon log" grep -q "launcher --config" "$WORK/c.log"

echo "== --hub-rate and --adapt"
check "up 3 hosts with --hub-rate 50mbit ($B)" "$TB" up --hosts 3 --overlay vxlan --hub-rate 50mbit --prefix "$B"
check "$B: tbf 50mbit on h1's ul0" bash -c "tc -n ${B}h1 qdisc show dev ul0 | grep -q 'tbf .*rate 50Mbit'"
check "$B: tbf 50mbit on the bridge port p1" bash -c "tc -n ${B}ul qdisc show dev p1 | grep -q 'tbf .*rate 50Mbit'"
check "$B: no tbf on the bridge port p2" bash -c "! tc -n ${B}ul qdisc show dev p2 | grep -q tbf"
check "$B: v1 -> v3 through the limited hub underlay" pings "${B}v1" 10.77.0.3
check "down $B" "$TB" down --purge --prefix "$B"
check "--hub-rate refused with 2 hosts" bash -c "! '$TB' up --hosts 2 --overlay vxlan --hub-rate 50mbit --prefix $B"
check "--adapt refused with --links mesh" bash -c "! '$TB' up --hosts 3 --links mesh --adapt --prefix $B"
VNETD=$WORK/never-ready "$TB" up --hosts 3 --prefix "$C" --timeout 2 --keep --adapt \
  --adapt-opts 'enabled: true, addsPerRound: 2, minGainPercent: 5' >/dev/null 2>&1 || true
check "--adapt: h1 leads, with the overrides and a new key" grep -qx \
  "adaptation: { leader: true, enabled: true, addBytesPerSecond: 1000000, removeBytesPerSecond: 200000, dwellMillis: 20000, linksPerHost: 7, addsPerRound: 2, periodMillis: 2000, minGainPercent: 5 }" \
  "/tmp/vnet-testbed-$C/h1.yaml"
check "--adapt: the spokes follow h1" grep -qx "adaptation: { follow: h1 }" "/tmp/vnet-testbed-$C/h3.yaml"
check "down --purge of the kept testbed" "$TB" down --purge --prefix "$C"
check "$C: no namespace left" none_left "$C"
VNETD=$WORK/never-ready "$TB" up --hosts 3 --prefix "$C" --timeout 2 --adapt-opts 'nocolon' >"$WORK/bad.log" 2>&1 || true
check "--adapt-opts refuses a bad entry" grep -q "bad entry 'nocolon'" "$WORK/bad.log"
check "$C: no namespace left after the bad entry" none_left "$C"

echo
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
