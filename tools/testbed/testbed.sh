#!/usr/bin/env bash
# testbed.sh - N-host network-namespace testbed for vnetd (or, for comparison, kernel VXLAN).
#
#   testbed.sh up --hosts N [--transport udp|tcp|tls] [--links star|star+direct|mesh]
#                 [--overlay vnetd|vxlan] [--mtu 1400] [--prefix P] [--run DIR] [--timeout S]
#                 [--listen-all] [--tls-key ec|rsa] [--ipv6] [--journal] [--keep]
#                 [--datapath java|auto|kernel] [--adapt] [--adapt-opts 'key: v, ...'] [--hub-rate RATE]
#                 [--link-keys] [--http PORT]
#                 [--if-opts 'key: v, ...']
#   testbed.sh down   [--prefix P | --run DIR] [--purge]   (--purge: also remove the run directory)
#   testbed.sh status [--prefix P | --run DIR]
#   testbed.sh env    [--prefix P | --run DIR]      shell-sourceable KEY=VALUE lines
#   testbed.sh spawn  [--prefix P | --run DIR] NAME NETNS CMD...
#                     run CMD in one of the testbed's namespaces in the background, record its
#                     PID (so `down` kills it), print the PID; output goes to RUN/NAME.log
#
# Shape (every address exists only inside namespaces made here; docs/testbed.md has the picture):
#   ${P}h1..${P}hN  host namespaces; underlay ul0 10.200.0.i/24, MTU 1500. N=2: one veth pair
#                   h1:ul0 <-> h2:ul0. N>2: one veth per host to bridge br0 in namespace ${P}ul.
#   ${P}v1..${P}vN  VM namespaces; eth0 = persistent TAP made here (vnetd attaches to it), MAC
#                   02:00:00:00:00:<i in hex>, 10.77.0.i/24, MTU = overlay MTU (1400).
#                   With --overlay vxlan, eth0 is instead a kernel VXLAN device (VNI 42, UDP 4789)
#                   created in the host namespace on ul0 and moved into the VM namespace; BUM
#                   traffic goes by head-end replication to every other host (always a full mesh:
#                   --links and --transport do not apply to VXLAN).
# --datapath (vnetd): which data path switches established flows (default java). With auto or
#                   kernel a bpffs is mounted at RUN/bpffs for the daemons' pinned maps (unmounted by down).
# --adapt (vnetd, star): the topology adaptation config: h1 is the leader (enabled: false, so nothing
#                   changes until `vnetctl adapt on|once`), every spoke follows h1's directives.
#                   --adapt-opts 'key: v, key: v' overrides or adds keys of h1's adaptation map
#                   (and implies --adapt).
# --link-keys (udp): every link is sealed (security: aead) with a pre-shared key per host pair,
#                   RUN/hA-hB.psk (A < B, 32 random bytes in base64, mode 0600) as its keyFile.
# --http PORT (vnetd): every daemon serves HTTP (GET /metrics) on 127.0.0.1:PORT of its host
#                   namespace (http: { listen: ... } in hI.yaml); reach it with ip netns exec.
# --hub-rate RATE   (N > 2) makes the hub's underlay the bottleneck: a tc tbf of RATE (tc syntax,
#                   e.g. 100mbit) on h1's ul0 egress and on the bridge port p1's egress (toward h1),
#                   so both directions through the hub are limited.
# --if-opts 'key: v, ...' adds keys to every host's eth0 interface entry (port security and storm
#                   control, e.g. 'pinMac: first, storm: { broadcast: { rate: 100 } }').
# The run directory (default /tmp/vnet-testbed-$PREFIX) holds the generated hI.yaml, hI.log,
# hI.sock, hI.state.json, TLS material (ca.crt, hI.crt/.key, rogue.crt/.key from another CA), and
# the bookkeeping: testbed.env, namespaces (every namespace made), pids (NAME PID STARTTIME).
# `down` kills only recorded PIDs whose start time still matches (and their children), then any
# process left inside its own namespaces, then deletes only the namespaces it recorded.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VNETD=${VNETD:-$ROOT/tools/bin/vnetd}
VNETCTL=${VNETCTL:-$ROOT/tools/bin/vnetctl}

readonly UL_NET=10.200.0 OV_NET=10.77.0 UL_MTU=1500
readonly PORT_UDP=7700 PORT_TCP=7701 PORT_TLS=7702
readonly VXLAN_VNI=42 VXLAN_PORT=4789

log() { printf '[testbed %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ------------------------------------------------------------------ options
CMD=${1:-}
[ -n "$CMD" ] || usage
shift
HOSTS=2 TRANSPORT=udp LINKS=star OVERLAY=vnetd MTU=1400 TIMEOUT=60 KEEP=0 LISTEN_ALL=0 TLS_KEY=ec PURGE=0 IPV6=0 JOURNAL=0
DATAPATH=java ADAPT=0 ADAPT_OPTS= HUB_RATE= LINK_KEYS=0 HTTP_PORT= IF_OPTS=

PREFIX=${TB_PREFIX:-tb}
RUN=${TB_RUN:-}
while [ $# -gt 0 ]; do
  case $1 in
    --hosts) HOSTS=${2:?}; shift 2 ;;
    --transport) TRANSPORT=${2:?}; shift 2 ;;
    --links) LINKS=${2:?}; shift 2 ;;
    --overlay) OVERLAY=${2:?}; shift 2 ;;
    --mtu) MTU=${2:?}; shift 2 ;;
    --prefix) PREFIX=${2:?}; shift 2 ;;
    --run) RUN=${2:?}; shift 2 ;;
    --timeout) TIMEOUT=${2:?}; shift 2 ;;
    --tls-key) TLS_KEY=${2:?}; shift 2 ;;
    --listen-all) LISTEN_ALL=1; shift ;;
    --ipv6) IPV6=1; shift ;;
    --journal) JOURNAL=1; shift ;;
    --datapath) DATAPATH=${2:?}; shift 2 ;;
    --if-opts) IF_OPTS=${2:?}; shift 2 ;;
    --adapt) ADAPT=1; shift ;;
    --adapt-opts) ADAPT_OPTS=${2?}; shift 2 ;;
    --hub-rate) HUB_RATE=${2:?}; shift 2 ;;
    --link-keys) LINK_KEYS=1; shift ;;
    --http) HTTP_PORT=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --purge) PURGE=1; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[[ $PREFIX =~ ^[A-Za-z0-9_-]{1,16}$ ]] || die "--prefix must match [A-Za-z0-9_-]{1,16}"
RUN=${RUN:-/tmp/vnet-testbed-$PREFIX}
case $RUN in /*) ;; *) RUN=$PWD/$RUN ;; esac

# ------------------------------------------------------------------ helpers
hostns() { echo "${PREFIX}h$1"; }
vmns() { echo "${PREFIX}v$1"; }
ulns() { echo "${PREFIX}ul"; }
vm_mac() { printf '02:00:00:00:00:%02x' "$1"; }
ul_ip() { echo "$UL_NET.$1"; }
vm_ip() { echo "$OV_NET.$1"; }
port_of() { case $1 in udp) echo $PORT_UDP ;; tcp) echo $PORT_TCP ;; tls) echo $PORT_TLS ;; esac; }

ns_exists() { [ -e "/var/run/netns/$1" ]; }

# proc_start PID: the process start time (clock ticks since boot), empty if gone or a zombie
proc_start() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  [ "$1" = Z ] && return 0
  echo "${20}"
}

# ns_add NAME: create a namespace that must not exist yet, recording it BEFORE creation so that an
# interrupt at any point still lets cleanup find it.
ns_add() {
  local ns=$1
  ns_exists "$ns" && die "namespace $ns already exists (another testbed with prefix '$PREFIX'? use --prefix)"
  echo "$ns" >>"$RUN/namespaces"
  ip netns add "$ns" || die "ip netns add $ns failed"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
}

# is_our_ns NAME: NAME is recorded in this run directory
is_our_ns() { [ -f "$RUN/namespaces" ] && grep -qx -- "$1" "$RUN/namespaces"; }

# record_pid NAME PID
record_pid() {
  local st
  st=$(proc_start "$2")
  [ -n "$st" ] || { log "WARNING: $1 (pid $2) exited at once"; st=gone; }
  echo "$1 $2 $st" >>"$RUN/pids"
}

# spawn_bg NAME NETNS CMD...: start CMD inside NETNS (own session, so a terminal Ctrl-C reaches
# only this script, whose trap then stops it in order), log to RUN/NAME.log, record the PID.
SPAWNED_PID=
spawn_bg() {
  local name=$1 ns=$2; shift 2
  setsid ip netns exec "$ns" "$@" >"$RUN/$name.log" 2>&1 </dev/null &
  SPAWNED_PID=$!
  record_pid "$name" "$SPAWNED_PID"
}

descendants() {
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$c"
    echo "$c"
  done
}

# stop_recorded: SIGTERM every recorded process (if its start time still matches) and its
# descendants, wait up to TB_STOP_WAIT seconds, then SIGKILL what is left of them.
stop_recorded() {
  [ -s "$RUN/pids" ] || return 0
  local name pid st victims=() p i alive
  while read -r name pid st; do
    [ -n "$pid" ] || continue
    if [ "$(proc_start "$pid")" != "$st" ]; then continue; fi
    for p in $(descendants "$pid") "$pid"; do victims+=("$p:$(proc_start "$p")"); done
    log "stopping $name (pid $pid)"
  done <"$RUN/pids"
  [ ${#victims[@]} -gt 0 ] || return 0
  for p in "${victims[@]}"; do kill -TERM "${p%%:*}" 2>/dev/null || true; done
  for ((i = 0; i < ${TB_STOP_WAIT:-10} * 10; i++)); do
    alive=0
    for p in "${victims[@]}"; do
      [ -n "${p#*:}" ] && [ "$(proc_start "${p%%:*}")" = "${p#*:}" ] && alive=1
    done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for p in "${victims[@]}"; do
    if [ -n "${p#*:}" ] && [ "$(proc_start "${p%%:*}")" = "${p#*:}" ]; then
      log "pid ${p%%:*} ignored SIGTERM: SIGKILL"
      kill -KILL "${p%%:*}" 2>/dev/null || true
    fi
  done
}

# do_down: stop recorded processes, then whatever still runs in our own namespaces, then delete
# exactly the namespaces recorded in RUN/namespaces (TAP and VXLAN devices first, explicitly).
do_down() {
  set +e
  stop_recorded
  local nss=() ns pid i
  [ -f "$RUN/namespaces" ] && mapfile -t nss <"$RUN/namespaces"
  for ns in "${nss[@]}"; do
    ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      log "leftover pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) in our namespace $ns: SIGTERM"
      kill -TERM "$pid" 2>/dev/null
    done
  done
  for ((i = 0; i < 30; i++)); do
    pid=
    for ns in "${nss[@]}"; do ns_exists "$ns" && pid=$pid$(ip netns pids "$ns" 2>/dev/null); done
    [ -z "$pid" ] && break
    sleep 0.1
  done
  for ns in "${nss[@]}"; do
    ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  for ns in "${nss[@]}"; do
    ns_exists "$ns" || continue
    ip -n "$ns" link del eth0 2>/dev/null
    ip netns del "$ns" 2>/dev/null || log "WARNING: could not delete namespace $ns"
  done
  if [ -f "$RUN/namespaces" ]; then
    : >"$RUN/namespaces.gone"
    for ns in "${nss[@]}"; do ns_exists "$ns" && echo "$ns" >>"$RUN/namespaces.gone"; done
    if [ -s "$RUN/namespaces.gone" ]; then
      log "WARNING: namespaces still present: $(tr '\n' ' ' <"$RUN/namespaces.gone")"
    fi
    rm -f "$RUN/namespaces.gone"
  fi
  rm -f "$RUN/namespaces" "$RUN/pids" "$RUN"/*.sock
  if mountpoint -q "$RUN/bpffs" 2>/dev/null; then
    umount "$RUN/bpffs" 2>/dev/null || log "WARNING: could not unmount $RUN/bpffs"
  fi
  [ -f "$RUN/testbed.env" ] && sed -i 's/^TB_STATE=.*/TB_STATE=down/' "$RUN/testbed.env"
  set -e
  return 0
}

load_env() {
  [ -f "$RUN/testbed.env" ] || die "no testbed in $RUN (run 'up' first, or give --prefix/--run)"
  # shellcheck disable=SC1091
  . "$RUN/testbed.env"
  PREFIX=$TB_PREFIX HOSTS=$TB_HOSTS TRANSPORT=$TB_TRANSPORT LINKS=$TB_LINKS OVERLAY=$TB_OVERLAY MTU=$TB_MTU
}

# ------------------------------------------------------------------ building blocks
make_underlay() {
  local i
  if [ "$HOSTS" -eq 2 ]; then
    ip -n "$(hostns 1)" link add ul0 mtu $UL_MTU type veth peer name ul0 netns "$(hostns 2)" mtu $UL_MTU
  else
    local ul
    ul=$(ulns)
    ns_add "$ul"
    ip -n "$ul" link add br0 mtu $UL_MTU type bridge stp_state 0 forward_delay 0
    ip -n "$ul" link set br0 up
    for ((i = 1; i <= HOSTS; i++)); do
      ip -n "$ul" link add "p$i" mtu $UL_MTU type veth peer name ul0 netns "$(hostns "$i")" mtu $UL_MTU
      ip -n "$ul" link set "p$i" master br0 up
    done
  fi
  for ((i = 1; i <= HOSTS; i++)); do
    ip -n "$(hostns "$i")" addr add "$(ul_ip "$i")/24" dev ul0
    ip -n "$(hostns "$i")" link set ul0 up
  done
}

vm_addr() { # I: MAC, MTU, IP on the VM's eth0, up (and fd77::I/64 with --ipv6)
  local v
  v=$(vmns "$1")
  ip -n "$v" link set eth0 address "$(vm_mac "$1")" mtu "$MTU"
  ip -n "$v" addr add "$(vm_ip "$1")/24" dev eth0
  if [ "${IPV6:-0}" = 1 ]; then
    ip netns exec "$v" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
      net.ipv6.conf.eth0.disable_ipv6=0 >/dev/null
    ip -n "$v" addr add "fd77::$1/64" dev eth0 nodad
  fi
  # a VM's NIC keeps its neighbours when the daemon behind its TAP restarts (the TAP's carrier follows
  # the daemon's fd here, unlike a virtio NIC's)
  ip netns exec "$v" sysctl -qw net.ipv4.conf.eth0.arp_evict_nocarrier=0 >/dev/null 2>&1 || true
  ip -n "$v" link set eth0 up
}

make_taps() {
  local i
  for ((i = 1; i <= HOSTS; i++)); do
    ip -n "$(vmns "$i")" tuntap add dev eth0 mode tap
    vm_addr "$i"
  done
}

make_vxlan() {
  local i j h v
  for ((i = 1; i <= HOSTS; i++)); do
    h=$(hostns "$i") v=$(vmns "$i")
    ip -n "$h" link add vx0 type vxlan id $VXLAN_VNI local "$(ul_ip "$i")" dev ul0 dstport $VXLAN_PORT
    ip -n "$h" link set vx0 netns "$v"
    ip -n "$v" link set vx0 name eth0
    vm_addr "$i"
    for ((j = 1; j <= HOSTS; j++)); do
      [ "$j" -eq "$i" ] && continue
      bridge -n "$v" fdb append 00:00:00:00:00:00 dev eth0 dst "$(ul_ip "$j")"
    done
  done
}

make_tls() {
  local i d=$RUN newkey
  case $TLS_KEY in
    ec) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
    rsa) newkey=(-newkey rsa:2048) ;;
    *) die "--tls-key must be ec or rsa" ;;
  esac
  # a CA, one key (PKCS#8, unencrypted) + certificate per host, and a rogue identity from another CA
  local ca
  for ca in ca rogue-ca; do
    openssl req -x509 "${newkey[@]}" -nodes -days 30 -subj "/CN=vnet testbed $ca $PREFIX" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout "$d/$ca.key" -out "$d/$ca.crt" 2>/dev/null || die "openssl: $ca"
  done
  issue() { # NAME CN IP CA
    openssl req -new "${newkey[@]}" -nodes -subj "/CN=$2" -keyout "$d/$1.key" -out "$d/$1.csr" 2>/dev/null \
      || die "openssl: key for $1"
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s,IP:%s\n' \
      "$2" "$3" >"$d/$1.ext"
    openssl x509 -req -in "$d/$1.csr" -CA "$d/$4.crt" -CAkey "$d/$4.key" -CAcreateserial -days 30 \
      -extfile "$d/$1.ext" -out "$d/$1.crt" 2>/dev/null || die "openssl: certificate for $1"
    rm -f "$d/$1.csr" "$d/$1.ext"
  }
  for ((i = 1; i <= HOSTS; i++)); do issue "h$i" "h$i" "$(ul_ip "$i")" ca; done
  # the rogue claims to be h2 (a real member's name and address) but is signed by the wrong CA
  issue rogue h2 "$(ul_ip 2)" rogue-ca
  rm -f "$d"/*.srl
  chmod 600 "$d"/*.key
}

# links_of I: lines "PEER ROLE" for host I, ROLE = dial | accept (accept: the peer dials us)
links_of() {
  local i=$1 j
  case $LINKS in
    star|star+direct)
      if [ "$i" -eq 1 ]; then
        for ((j = 2; j <= HOSTS; j++)); do echo "$j accept"; done
      else
        echo "1 dial"
      fi
      if [ "$LINKS" = star+direct ] && [ "$i" -ge 2 ]; then
        j=$(direct_partner "$i")
        if [ -n "$j" ]; then
          if [ "$i" -gt "$j" ]; then echo "$j dial"; else echo "$j accept"; fi
        fi
      fi
      ;;
    mesh)
      for ((j = 1; j <= HOSTS; j++)); do
        [ "$j" -eq "$i" ] && continue
        if [ "$i" -gt "$j" ]; then echo "$j dial"; else echo "$j accept"; fi
      done
      ;;
  esac
}

# direct_partner I: the spoke paired with spoke I by a direct link in star+direct (h2-h3, h4-h5, ...)
direct_partner() {
  local i=$1 j
  if [ $((i % 2)) -eq 0 ]; then j=$((i + 1)); else j=$((i - 1)); fi
  if [ "$j" -ge 2 ] && [ "$j" -le "$HOSTS" ]; then echo "$j"; fi
}

# adaptation_map I: the `adaptation:` line for host I with --adapt (the hub leads, the spokes follow it)
readonly ADAPT_DEFAULTS='leader: true, enabled: false, addBytesPerSecond: 1000000, removeBytesPerSecond: 200000, dwellMillis: 20000, linksPerHost: 7, addsPerRound: 4, periodMillis: 2000'
adaptation_map() {
  if [ "$1" -ne 1 ]; then
    echo "adaptation: { follow: h1 }"
    return
  fi
  local keys=() pair k v i out=
  declare -A val=()
  IFS=, read -r -a pairs <<<"$ADAPT_DEFAULTS${ADAPT_OPTS:+,$ADAPT_OPTS}"
  for pair in "${pairs[@]}"; do
    k=${pair%%:*} v=${pair#*:}
    k=${k//[[:space:]]/} v=$(echo "$v" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    [[ $pair == *:* && $k =~ ^[A-Za-z][A-Za-z0-9]*$ && -n $v && $v != *[{}]* ]] \
      || die "--adapt-opts: bad entry '$pair' (want 'key: value, key: value')"
    [ -n "${val[$k]+set}" ] || keys+=("$k")
    val[$k]=$v
  done
  for i in "${!keys[@]}"; do out="$out${i:+, }${keys[$i]}: ${val[${keys[$i]}]}"; done
  echo "adaptation: { ${out#, } }"
}

# limit_hub: tc tbf of HUB_RATE on h1's ul0 egress and on the bridge port p1's egress (toward h1)
limit_hub() {
  local burst=${TB_HUB_BURST:-64kb}
  tc -n "$(hostns 1)" qdisc add dev ul0 root tbf rate "$HUB_RATE" burst "$burst" latency 100ms \
    || die "tc tbf rate $HUB_RATE on h1's ul0 failed"
  tc -n "$(ulns)" qdisc add dev p1 root tbf rate "$HUB_RATE" burst "$burst" latency 100ms \
    || die "tc tbf rate $HUB_RATE on the bridge port p1 failed"
  log "hub underlay limited to $HUB_RATE each way (tbf burst $burst, latency 100ms, on h1:ul0 and ul:p1)"
}

# The pre-shared key file of the link between hosts $1 and $2 (made on first use, mode 0600).
pair_key() {
  local a=$1 b=$2 f
  [ "$a" -lt "$b" ] || { a=$2; b=$1; }
  f=$RUN/h$a-h$b.psk
  if [ ! -f "$f" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$f") || die "cannot write $f"
  fi
  echo "$f"
}

write_config() {
  local i=$1 f=$RUN/h$1.yaml peer role t hub=false
  [ "$LINKS" != mesh ] && [ "$i" -eq 1 ] && hub=true
  {
    echo "# generated by tools/testbed/testbed.sh: testbed '$PREFIX', host $i of $HOSTS, links $LINKS, transport $TRANSPORT"
    echo "name: h$i"
    echo "hub: $hub"
    echo "listen:"
    for t in udp tcp tls; do
      if [ "$LISTEN_ALL" = 1 ] || [ "$t" = "$TRANSPORT" ]; then echo "  $t: \"$(ul_ip "$i"):$(port_of $t)\""; fi
    done
    if [ "$LISTEN_ALL" = 1 ] || [ "$TRANSPORT" = tls ]; then
      echo "tls: { cert: \"$RUN/h$i.crt\", key: \"$RUN/h$i.key\", ca: \"$RUN/ca.crt\" }"
    fi
    echo "control: \"$RUN/h$i.sock\""
    echo "state: \"$RUN/h$i.state.json\""
    echo "underlayMtu: $UL_MTU"
    if [ "$JOURNAL" = 1 ]; then echo "journal: { dir: \"$RUN/h$i.journal\", rollCycle: HOURLY, cycles: 2 }"; fi
    if [ "$DATAPATH" != java ]; then echo "datapath: { mode: $DATAPATH, bpffs: \"$RUN/bpffs\" }"; else echo "datapath: { mode: java }"; fi
    if [ "$ADAPT" = 1 ]; then adaptation_map "$i"; fi
    if [ -n "$HTTP_PORT" ]; then echo "http: { listen: \"127.0.0.1:$HTTP_PORT\" }"; fi
    echo "interfaces:"
    echo "  - { name: eth0, netns: $(vmns "$i"), mtu: $MTU${IF_OPTS:+, $IF_OPTS} }"
    echo "links:"
    while read -r peer role; do
      if [ "$TRANSPORT" = udp ] && [ "$LINK_KEYS" = 1 ]; then
        echo "  - { name: h$peer, transport: udp, peer: \"$(ul_ip "$peer"):$PORT_UDP\", security: aead, keyFile: \"$(pair_key "$i" "$peer")\" }"
      elif [ "$TRANSPORT" = udp ]; then
        echo "  - { name: h$peer, transport: udp, peer: \"$(ul_ip "$peer"):$PORT_UDP\" }"
      else
        echo "  - { name: h$peer, transport: $TRANSPORT, peer: \"$(ul_ip "$peer"):$(port_of "$TRANSPORT")\", accept: $([ "$role" = accept ] && echo true || echo false) }"
      fi
    done < <(links_of "$i")
    if [ "$LINKS" = star+direct ] && [ "$i" -ge 2 ] && [ -n "$(direct_partner "$i")" ]; then
      peer=$(direct_partner "$i")
      echo "rules:"
      echo "  - { src: any, dst: \"$(vm_mac "$peer")\", from: \"if:eth0\", to: \"link:h$peer\" }"
    else
      echo "rules: []"
    fi
  } >"$f"
}

start_daemons() {
  local i
  [ -x "$VNETD" ] || die "$VNETD not found or not executable (is the daemon built? mvn -q -DskipTests package)"
  for ((i = 1; i <= HOSTS; i++)); do
    spawn_bg "h$i" "$(hostns "$i")" "$VNETD" --config "$RUN/h$i.yaml"
  done
}

daemon_pid() { awk -v n="h$1" '$1 == n { print $2 }' "$RUN/pids" 2>/dev/null | tail -1; }

show_logs() {
  local f
  for f in "$RUN"/h*.log; do
    [ -e "$f" ] || continue
    echo "----- tail of $f" >&2
    tail -n "${TB_LOG_LINES:-25}" "$f" >&2
  done
}

# wait_ready: control sockets exist (vnetd) and VM 1 reaches every other VM, before the deadline
wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) i pid todo
  if [ "$OVERLAY" = vnetd ]; then
    for ((i = 1; i <= HOSTS; i++)); do
      until [ -S "$RUN/h$i.sock" ]; do
        pid=$(daemon_pid "$i")
        [ -n "$(proc_start "$pid")" ] || { log "vnetd h$i (pid $pid) exited"; return 1; }
        [ $SECONDS -lt $deadline ] || { log "timeout: no control socket $RUN/h$i.sock"; return 1; }
        sleep 0.2
      done
    done
    log "control sockets up after ${SECONDS}s"
  fi
  todo=$(seq 2 "$HOSTS")
  while [ -n "$todo" ]; do
    local left=
    for i in $todo; do
      ip netns exec "$(vmns 1)" ping -c1 -W1 -q "$(vm_ip "$i")" >/dev/null 2>&1 || left="$left $i"
    done
    todo=$left
    [ -z "$todo" ] && break
    if [ "$OVERLAY" = vnetd ]; then
      for ((i = 1; i <= HOSTS; i++)); do
        pid=$(daemon_pid "$i")
        [ -n "$(proc_start "$pid")" ] || { log "vnetd h$i (pid $pid) exited"; return 1; }
      done
    fi
    [ $SECONDS -lt $deadline ] || { log "timeout: VM 1 cannot reach VM(s)$todo"; return 1; }
    sleep 0.3
  done
  return 0
}

# ------------------------------------------------------------------ commands
UP_OK=0
on_up_exit() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ $UP_OK = 1 ] && exit 0
  [ $rc = 0 ] && rc=1
  show_logs
  if [ $KEEP = 1 ]; then
    log "up failed (rc $rc); --keep: left as is, remove with: $0 down --run $RUN"
  else
    log "up failed (rc $rc): tearing down what was made"
    do_down
  fi
  exit $rc
}

cmd_up() {
  if ! [[ $HOSTS =~ ^[0-9]+$ ]] || [ "$HOSTS" -lt 2 ] || [ "$HOSTS" -gt 64 ]; then die "--hosts must be 2..64"; fi
  case $TRANSPORT in udp|tcp|tls) ;; *) die "--transport must be udp, tcp or tls" ;; esac
  [ "$LINK_KEYS" = 0 ] || [ "$TRANSPORT" = udp ] || die "--link-keys needs --transport udp"
  case $LINKS in star|star+direct|mesh) ;; *) die "--links must be star, star+direct or mesh" ;; esac
  case $OVERLAY in vnetd|vxlan) ;; *) die "--overlay must be vnetd or vxlan" ;; esac
  case $DATAPATH in java|auto|kernel) ;; *) die "--datapath must be java, auto or kernel" ;; esac
  if [ -n "$HTTP_PORT" ] && { ! [[ $HTTP_PORT =~ ^[0-9]+$ ]] || [ "$HTTP_PORT" -lt 1 ] || [ "$HTTP_PORT" -gt 65535 ]; }; then
    die "--http must be a port 1..65535"
  fi
  [ -n "$ADAPT_OPTS" ] && ADAPT=1
  if [ "$ADAPT" = 1 ]; then
    [ "$OVERLAY" = vnetd ] || die "--adapt needs --overlay vnetd"
    [ "$LINKS" != mesh ] || die "--adapt needs a hub (--links star or star+direct)"
    adaptation_map 1 >/dev/null # refuses a bad --adapt-opts before anything is made
  fi
  if [ -n "$HUB_RATE" ]; then
    [[ $HUB_RATE =~ ^[0-9.]+[kmgKMG]?(bit|bps)$ ]] || die "--hub-rate wants a tc rate such as 100mbit"
    [ "$HOSTS" -gt 2 ] || die "--hub-rate needs --hosts 3 or more (the bridge port toward h1)"
  fi
  if ! [[ $MTU =~ ^[0-9]+$ ]] || [ "$MTU" -lt 576 ] || [ "$MTU" -gt 1500 ]; then die "--mtu must be 576..1500"; fi
  [ "$OVERLAY" = vxlan ] && [ "$MTU" -gt 1450 ] && die "VXLAN over a 1500 underlay fits at most MTU 1450"
  [ $(( ${#RUN} + 12 )) -lt 108 ] || die "run directory path too long for a Unix socket path: $RUN"
  [ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
  if [ -f "$RUN/testbed.env" ]; then
    log "run directory $RUN holds an earlier testbed: taking it down first"
    do_down
  elif [ -d "$RUN" ] && [ -n "$(ls -A "$RUN")" ]; then
    die "$RUN exists, is not empty and is not a testbed run directory"
  fi
  mkdir -p "$RUN" && chmod 700 "$RUN"
  rm -f "$RUN"/h*.yaml "$RUN"/*.log "$RUN"/h*.state.json "$RUN"/h*.counters "$RUN"/*.crt "$RUN"/*.key "$RUN"/*.psk
  : >"$RUN/namespaces"
  : >"$RUN/pids"
  {
    echo "TB_PREFIX=$PREFIX"
    echo "TB_HOSTS=$HOSTS"
    echo "TB_TRANSPORT=$TRANSPORT"
    echo "TB_LINKS=$LINKS"
    echo "TB_OVERLAY=$OVERLAY"
    echo "TB_MTU=$MTU"
    echo "TB_DATAPATH=$DATAPATH"
    echo "TB_ADAPT=$ADAPT"
    echo "TB_HUB_RATE=$HUB_RATE"
    echo "TB_LINK_KEYS=$LINK_KEYS"
    echo "TB_HTTP_PORT=$HTTP_PORT"
    echo "TB_STATE=starting"
  } >"$RUN/testbed.env"
  trap on_up_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  log "up: $HOSTS hosts, overlay $OVERLAY$([ "$OVERLAY" = vnetd ] && echo ", links $LINKS over $TRANSPORT"), MTU $MTU, prefix '$PREFIX', run $RUN"
  local i
  for ((i = 1; i <= HOSTS; i++)); do ns_add "$(hostns "$i")"; done
  for ((i = 1; i <= HOSTS; i++)); do ns_add "$(vmns "$i")"; done
  make_underlay
  if [ -n "$HUB_RATE" ]; then limit_hub; fi
  if [ "$OVERLAY" = vxlan ]; then
    make_vxlan
  else
    make_taps
    if [ "$TRANSPORT" = tls ] || [ "$LISTEN_ALL" = 1 ]; then make_tls; fi
    for ((i = 1; i <= HOSTS; i++)); do write_config "$i"; done
    if [ "$DATAPATH" != java ]; then
      # the daemons' pins outlive them here (ip netns exec hides /sys/fs/bpf from them)
      mkdir -p "$RUN/bpffs"
      mountpoint -q "$RUN/bpffs" || mount -t bpf bpf "$RUN/bpffs" || die "cannot mount a bpffs at $RUN/bpffs"
    fi
    start_daemons
  fi
  wait_ready || die "testbed did not come up within ${TIMEOUT}s"
  sed -i 's/^TB_STATE=.*/TB_STATE=up/' "$RUN/testbed.env"
  UP_OK=1
  trap - EXIT INT TERM
  log "up after ${SECONDS}s: VM 1 reaches all $((HOSTS - 1)) other VMs; eval \"\$($0 env --run $RUN)\" for the names"
}

cmd_down() {
  if [ ! -f "$RUN/testbed.env" ]; then
    log "no testbed in $RUN: nothing to do"
    return 0
  fi
  load_env
  trap '' INT
  do_down
  if [ "$PURGE" = 1 ]; then
    # only a directory that holds our marker, and only after everything in it was stopped
    rm -rf -- "$RUN"
    log "down: $RUN (removed)"
  else
    log "down: $RUN (logs kept; --purge removes the directory)"
  fi
}

cmd_status() {
  load_env
  local i ns pid st name alive
  echo "testbed '$PREFIX' in $RUN: $TB_STATE, $HOSTS hosts, overlay $OVERLAY, links $LINKS, transport $TRANSPORT, MTU $MTU"
  if [ -f "$RUN/namespaces" ]; then
    while read -r ns; do
      if ns_exists "$ns"; then echo "  netns $ns: present"; else echo "  netns $ns: MISSING"; fi
    done <"$RUN/namespaces"
  fi
  if [ -f "$RUN/pids" ]; then
    while read -r name pid st; do
      alive=dead
      [ "$(proc_start "$pid")" = "$st" ] && alive=running
      echo "  process $name pid $pid: $alive"
    done <"$RUN/pids"
  fi
  for ((i = 1; i <= HOSTS; i++)); do
    ns=$(vmns "$i")
    ns_exists "$ns" || continue
    echo "  $ns eth0: $(ip -n "$ns" -br link show eth0 2>/dev/null | tr -s ' ') $(ip -n "$ns" -br -4 addr show eth0 2>/dev/null | awk '{print $3}')"
    if [ "$OVERLAY" = vnetd ] && [ -S "$RUN/h$i.sock" ] && [ -x "$VNETCTL" ]; then
      echo "  h$i vnetctl status:"
      "$VNETCTL" -s "$RUN/h$i.sock" status 2>&1 | sed 's/^/    /' || true
    fi
  done
}

cmd_env() {
  load_env
  local i hosts='' vms=''
  q() { printf '%s=%q\n' "$1" "$2"; }
  q TB_RUN "$RUN"
  q TB_PREFIX "$PREFIX"
  q TB_HOSTS "$HOSTS"
  q TB_OVERLAY "$OVERLAY"
  q TB_LINKS "$LINKS"
  q TB_TRANSPORT "$TRANSPORT"
  q TB_MTU "$MTU"
  q TB_STATE "$TB_STATE"
  q TB_ADAPT "${TB_ADAPT:-0}"
  q TB_HUB_RATE "${TB_HUB_RATE:-}"
  q TB_LINK_KEYS "${TB_LINK_KEYS:-0}"
  q TB_HTTP_PORT "${TB_HTTP_PORT:-}"
  q TB_VNETCTL "$VNETCTL"
  if [ "$HOSTS" -gt 2 ]; then q TB_UL_NS "$(ulns)"; else q TB_UL_NS ""; fi
  for ((i = 1; i <= HOSTS; i++)); do
    hosts="$hosts $(hostns "$i")" vms="$vms $(vmns "$i")"
    q "TB_H${i}_NS" "$(hostns "$i")"
    q "TB_H${i}_UL_IP" "$(ul_ip "$i")"
    q "TB_H${i}_CONFIG" "$RUN/h$i.yaml"
    q "TB_H${i}_SOCK" "$RUN/h$i.sock"
    q "TB_H${i}_LOG" "$RUN/h$i.log"
    q "TB_H${i}_PID" "$(daemon_pid "$i")"
    q "TB_V${i}_NS" "$(vmns "$i")"
    q "TB_V${i}_IP" "$(vm_ip "$i")"
    q "TB_V${i}_MAC" "$(vm_mac "$i")"
  done
  q TB_HOST_NSS "${hosts# }"
  q TB_VM_NSS "${vms# }"
  if [ -f "$RUN/ca.crt" ]; then
    q TB_TLS_CA "$RUN/ca.crt"
    q TB_TLS_ROGUE_CERT "$RUN/rogue.crt"
    q TB_TLS_ROGUE_KEY "$RUN/rogue.key"
  fi
}

cmd_spawn() {
  load_env
  [ $# -ge 3 ] || die "usage: spawn [--prefix P|--run DIR] NAME NETNS CMD..."
  local name=$1 ns=$2
  shift 2
  [[ $name =~ ^[A-Za-z0-9_.-]+$ ]] || die "spawn: bad NAME '$name'"
  is_our_ns "$ns" || die "spawn: $ns is not one of this testbed's namespaces"
  spawn_bg "$name" "$ns" "$@"
  echo "$SPAWNED_PID"
}

case $CMD in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  spawn) cmd_spawn "$@" ;;
  -h|--help|help) usage ;;
  *) log "unknown command '$CMD'"; usage ;;
esac
