#!/usr/bin/env bash
# adapt-steps.sh - Patterns run time against the number of direct (fast-path) links: the star through a
# rate-limited hub, each step of the adaptation agent, the full mesh built by hand, and the automatic loop.
#
#   bench/e2e/adapt-steps.sh [--hosts N] [--topologies all-to-all,ring,torus] [--phases a,b,c,d]
#                            [--datapath auto|java|kernel] [--hub-rate 100mbit] [--out DIR]
#
# Testbed: `testbed.sh up --hosts N --links star --adapt --hub-rate RATE` (default N = 9: hub h1 and 8
# spokes). Patterns runs one rank per VM on v2..vN (rank r on v(r+2); v1, the hub's VM, stays idle), so
# every byte between two ranks crosses the hub's rate-limited underlay until a direct link carries it.
# Topologies: all-to-all; ring = Patterns `--topology torus --dims R` (R ranks); torus = a 2-D torus of
# near-square sides (2x4 for 8 ranks: the side of 2 does not wrap, so 12 edges).
# Phases, per topology:
#   a  star: one run, no direct link (step 0)
#   b  steps: after each run `vnetctl adapt once` on h1 (one decision round on the rate it saw during
#      the run), wait until the links it decided exist at both ends, run again; until a round adds nothing
#   c  full mesh by hand (one testbed for every topology): on every spoke pair `vnetctl link add hJ
#      --transport udp --peer 10.200.0.J:7700` and `rule add --src any --dst <vJ MAC> --from if:eth0
#      --to link:hJ` at both ends, as an operator would (or as testbed.sh --links star+direct does)
#   d  automatic: fresh star, `adapt on`, one long run (LONG_FACTOR x iterations) during which the agent
#      adds links, then one run of the usual length (converged); links over time and every removal
# Phases b and d need the adaptation agent: if vnetd refuses the --adapt config or `adapt status`, they
# are skipped with a message and a and c still run.
# Output (default bench/results/adapt-<UTC stamp>): steps.csv (topology,phase,step,links,runtime_s;
# phase star, adapt (phase b), mesh, auto-long, auto-next),
# links/ (the direct links of each step), status/ (adapt status of each step), auto-TOPO/, env.txt,
# summary.md, runtime-vs-links.png, and logs-*/ (daemon and rank logs) of any testbed that failed.
# Environment: ITERATIONS (100), ELEMENTS (100000), FLOPS (40), MSG_ALL (32000), MSG_RING (112000),
# MSG_TORUS (74000) bytes per message (each topology moves about the same bytes per iteration),
# LONG_FACTOR (2), MAX_STEPS (12), RUN_TIMEOUT (240 s per run), ADAPT_OPTS (h1's adaptation keys over
# testbed.sh's defaults; default 'addBytesPerSecond: 100000, removeBytesPerSecond: 20000' because a
# pair of an all-to-all run through a 100mbit hub moves about 0.3 MB/s), PREFIX (random).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TB=$ROOT/tools/testbed/testbed.sh
VNETCTL=${VNETCTL:-$ROOT/tools/bin/vnetctl}
REPORT=$HERE/adapt_report.py

HOSTS=9 TOPOLOGIES=all-to-all,ring,torus PHASES=a,b,c,d DATAPATH=auto HUB_RATE=100mbit
OUT=${OUT:-$ROOT/bench/results/adapt-$(date -u +%Y-%m-%dT%H%MZ)}
ITERATIONS=${ITERATIONS:-100} ELEMENTS=${ELEMENTS:-100000} FLOPS=${FLOPS:-40}
MSG_ALL=${MSG_ALL:-32000} MSG_RING=${MSG_RING:-112000} MSG_TORUS=${MSG_TORUS:-74000}
LONG_FACTOR=${LONG_FACTOR:-2} MAX_STEPS=${MAX_STEPS:-12} RUN_TIMEOUT=${RUN_TIMEOUT:-240}
ADAPT_OPTS=${ADAPT_OPTS-addBytesPerSecond: 100000, removeBytesPerSecond: 20000}
PREFIX=${PREFIX:-$(printf 'ad%04x' $((RANDOM % 65536)))}
while [ $# -gt 0 ]; do
  case $1 in
    --hosts) HOSTS=${2:?}; shift 2 ;;
    --topologies) TOPOLOGIES=${2:?}; shift 2 ;;
    --phases) PHASES=${2:?}; shift 2 ;;
    --datapath) DATAPATH=${2:?}; shift 2 ;;
    --hub-rate) HUB_RATE=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "adapt-steps: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { printf '[adapt-steps %s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (network namespaces)"
[ -f "$ROOT/tools/target/vnet.jar" ] || die "tools/target/vnet.jar missing: build first (mvn -q -DskipTests package)"
RANKS=$((HOSTS - 1))
[ "$RANKS" -ge 3 ] || die "--hosts must be 4 or more (a hub and 3 spokes)"
has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }

mkdir -p "$OUT/links" "$OUT/status"
echo "topology,phase,step,links,runtime_s" >"$OUT/steps.csv"
SEQ=0 RUN=
# cleanup: the testbed that is up (its `down` also stops the ranks spawned in it, by PID); after a
# failure, the summary of what was measured until then
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$RUN" ]; then "$TB" down --run "$RUN" --purge >/dev/null 2>&1 || true; fi
  if [ "$rc" != 0 ] && [ "$(wc -l <"$OUT/steps.csv")" -gt 1 ]; then python3 "$REPORT" summary "$OUT" || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# torus_dims N: near-square sides as Patterns picks them, small side first (8 -> 2x4)
torus_dims() {
  local n=$1 a
  a=$(awk -v n="$n" 'BEGIN { print int(sqrt(n)) }')
  while [ $((n % a)) -ne 0 ]; do a=$((a - 1)); done
  if [ "$a" -eq 1 ]; then echo "$n"; else echo "${a}x$((n / a))"; fi
}
kind_of() { # TOPOLOGY -> "KIND DIMS" (DIMS 0: none)
  case $1 in
    all-to-all) echo "all-to-all 0" ;;
    ring) echo "torus $RANKS" ;;
    torus) echo "torus $(torus_dims "$RANKS")" ;;
    *) die "unknown topology '$1' (all-to-all, ring, torus)" ;;
  esac
}
msg_of() { case $1 in all-to-all) echo "$MSG_ALL" ;; ring) echo "$MSG_RING" ;; torus) echo "$MSG_TORUS" ;; esac; }
IFS=, read -r -a TOPOS <<<"$TOPOLOGIES"
for t in "${TOPOS[@]}"; do kind_of "$t" >/dev/null; done

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -r)"
  echo "cpus: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "testbed: $HOSTS hosts, star through h1 over UDP, datapath $DATAPATH, hub underlay tbf $HUB_RATE each way"
  echo "patterns: ranks $RANKS on v2..v$HOSTS, iterations $ITERATIONS, elements $ELEMENTS, flops $FLOPS, message bytes all-to-all $MSG_ALL ring $MSG_RING torus $MSG_TORUS"
  echo "adaptation: testbed.sh --adapt, h1 overrides: ${ADAPT_OPTS:-none}; long run x$LONG_FACTOR"
  echo "phases: $PHASES; topologies: $TOPOLOGIES"
  echo "ranks: $RANKS"
  for t in "${TOPOS[@]}"; do echo "kind $t: $(kind_of "$t")"; done
} >"$OUT/env.txt"

ctl() { "$VNETCTL" -s "$RUN/h$1.sock" "${@:2}"; }

# keep_logs TAG: the daemons' and the ranks' logs of the testbed that is up, for a failure's post-mortem
keep_logs() {
  mkdir -p "$OUT/logs-$1"
  cp "$RUN"/*.log "$RUN"/h*.yaml "$OUT/logs-$1/" 2>/dev/null || true
}

# tb_up TAG ADAPT(0|1): a fresh star; returns non-zero (logs kept) if it does not come up
tb_up() {
  SEQ=$((SEQ + 1))
  RUN=/tmp/vnet-testbed-$PREFIX$SEQ
  local args=(up --hosts "$HOSTS" --links star --hub-rate "$HUB_RATE" --datapath "$DATAPATH" --prefix "$PREFIX$SEQ" --run "$RUN" --timeout 120)
  if [ "$2" = 1 ]; then args+=(--adapt --adapt-opts "$ADAPT_OPTS"); fi
  log "testbed $1: up ($HOSTS hosts, adapt $2)"
  if ! "$TB" "${args[@]}" >"$OUT/testbed-$1.log" 2>&1; then
    keep_logs "$1"
    "$TB" down --run "$RUN" --purge >/dev/null 2>&1 || true
    RUN=
    return 1
  fi
}
tb_down() {
  [ -n "$RUN" ] || return 0
  "$TB" down --run "$RUN" --purge >/dev/null 2>&1 || log "WARNING: down of $RUN failed"
  RUN=
}

# patterns_run TAG TOPOLOGY ITERATIONS: one run of every rank; prints the largest runtime_s
patterns_run() {
  local tag=$1 topo=$2 iters=$3 kind dims peers r pids=() deadline=$((SECONDS + RUN_TIMEOUT)) done_n f
  read -r kind dims <<<"$(kind_of "$topo")"
  peers=$(seq -s, -f '10.77.0.%g' 2 "$HOSTS")
  local opts=(--topology "$kind" --iterations "$iters" --message-size "$(msg_of "$topo")" --elements "$ELEMENTS" --flops "$FLOPS")
  [ "$dims" != 0 ] && opts+=(--dims "$dims")
  for ((r = RANKS - 1; r >= 0; r--)); do # highest first: each rank finds its higher-ranked peers listening
    pids[r]=$("$TB" spawn --run "$RUN" "pat-$tag-$r" "$PREFIX${SEQ}v$((r + 2))" "$ROOT/tools/bin/patterns" \
      --rank "$r" --peers "$peers" "${opts[@]}")
  done
  while :; do
    done_n=0
    for ((r = 0; r < RANKS; r++)); do
      f=$RUN/pat-$tag-$r.log
      if grep -q 'runtime_s=' "$f" 2>/dev/null; then
        done_n=$((done_n + 1))
      elif ! kill -0 "${pids[r]}" 2>/dev/null; then
        log "rank $r of run $tag exited without a result: $(tail -3 "$f" 2>/dev/null | tr '\n' ' ')"
        return 1
      fi
    done
    [ "$done_n" -eq "$RANKS" ] && break
    [ $SECONDS -lt $deadline ] || { log "run $tag: not done after ${RUN_TIMEOUT}s"; return 1; }
    sleep 0.3
  done
  cat "$RUN"/pat-"$tag"-*.log >"$OUT/links/$tag.patterns.txt"
  sed -n 's/.*runtime_s=\([0-9.]*\).*/\1/p' "$RUN"/pat-"$tag"-*.log | sort -g | tail -1
}

# direct_links: the spoke pairs "hA hB" with a link at both ends (one vnetctl per spoke, in parallel)
direct_links() {
  local i tmp
  tmp=$(mktemp -d)
  for ((i = 2; i <= HOSTS; i++)); do (ctl "$i" link list >"$tmp/$i" 2>/dev/null || true) & done
  wait
  for ((i = 2; i <= HOSTS; i++)); do
    awk -v me="$i" 'NR > 1 && $1 ~ /^h[0-9]+$/ && $1 != "h1" { p = substr($1, 2) + 0
      print (me < p ? "h" me " h" p : "h" p " h" me) }' "$tmp/$i"
  done | sort | uniq -d | sort -V
  rm -rf "$tmp"
}

record() { # TOPOLOGY PHASE STEP LINKS RUNTIME
  echo "$1,$2,$3,$4,$5" >>"$OUT/steps.csv"
  log "$1 $2 step $3: $4 direct links, run time $5 s"
}

# adapt_status FILE: h1's `adapt status` as JSON into FILE; non-zero if the daemon refuses it
adapt_status() { ctl 1 --json adapt status >"$1" 2>"$1.err" && rm -f "$1.err"; }

ADAPT_OK=0
if has_phase b || has_phase d; then ADAPT_OK=1; fi
adapt_refused() {
  log "the daemon refuses the adaptation config or 'vnetctl adapt status' ($1): the adaptation agent is" \
    "not in this build, so phases b and d are skipped"
  echo "adaptation: NOT AVAILABLE in this build ($1): phases b and d skipped" >>"$OUT/env.txt"
  ADAPT_OK=0
}

# up_star TAG: a star with --adapt while the agent is usable, else without it
up_star() {
  if [ $ADAPT_OK = 1 ]; then
    if ! tb_up "$1" 1; then adapt_refused "testbed up with --adapt failed, see logs-$1"; fi
    if [ $ADAPT_OK = 1 ] && ! adapt_status "$OUT/status/probe.json"; then
      adapt_refused "$(cat "$OUT/status/probe.json.err")"
      tb_down
    fi
  fi
  [ -n "$RUN" ] || tb_up "$1" 0
}

# phase_steps TOPOLOGY: phase a (step 0) and, with the agent, phase b
phase_steps() {
  local topo=$1 step=0 rt links rounds before n
  up_star "$topo-steps" || die "testbed for $topo did not come up (see $OUT/logs-$topo-steps)"
  links=$(direct_links)
  while :; do
    echo "$links" >"$OUT/links/$topo-step$step.txt"
    n=$(grep -c . <<<"$links" || true)
    if has_phase b && [ $ADAPT_OK = 1 ]; then # rounds so far, read before the run: `once` follows it at once
      adapt_status "$OUT/status/$topo-before$step.json" || die "adapt status refused"
      before=$(python3 "$REPORT" status-field "$OUT/status/$topo-before$step.json" rounds)
    fi
    rt=$(patterns_run "$topo-s$step" "$topo" "$ITERATIONS") || { keep_logs "$topo-s$step"; die "run $topo step $step failed"; }
    if [ $step = 0 ]; then record "$topo" star 0 "$n" "$rt"; else record "$topo" adapt "$step" "$n" "$rt"; fi
    if ! has_phase b || [ $ADAPT_OK = 0 ] || [ $step -ge "$MAX_STEPS" ]; then break; fi
    ctl 1 adapt once >/dev/null || { keep_logs "$topo-once$step"; die "adapt once refused"; }
    rounds=$before
    local deadline=$((SECONDS + 30))
    until [ "$rounds" -gt "$before" ]; do # the round ran
      [ $SECONDS -lt $deadline ] || { keep_logs "$topo-once$step"; die "adapt once: no new round in 30 s"; }
      sleep 0.5
      adapt_status "$OUT/status/$topo-step$((step + 1)).json" || continue
      rounds=$(python3 "$REPORT" status-field "$OUT/status/$topo-step$((step + 1)).json" rounds)
    done
    local want
    want=$(python3 "$REPORT" status-links "$OUT/status/$topo-step$((step + 1)).json")
    if [ "$want" = "$links" ]; then log "$topo: the round after step $step changed nothing: done"; break; fi
    deadline=$((SECONDS + 60))
    until links=$(direct_links) && [ "$links" = "$want" ]; do # the agent's links exist at both ends
      [ $SECONDS -lt $deadline ] || { keep_logs "$topo-links$step"; die "links of step $((step + 1)) not there in 60 s"; }
      sleep 1
    done
    step=$((step + 1))
  done
  tb_down
}

# phase_mesh: one star, every spoke pair linked by hand, then one run per topology
phase_mesh() {
  local i j topo rt n
  tb_up mesh 0 || die "testbed for the full mesh did not come up (see $OUT/logs-mesh)"
  log "full mesh by hand: $((RANKS * (RANKS - 1) / 2)) spoke pairs"
  for ((i = 2; i <= HOSTS; i++)); do
    (for ((j = 2; j <= HOSTS; j++)); do
      [ "$i" = "$j" ] && continue
      ctl "$i" link add "h$j" --transport udp --peer "10.200.0.$j:7700" >/dev/null &&
        ctl "$i" rule add --src any --dst "$(printf '02:00:00:00:00:%02x' "$j")" --from if:eth0 --to "link:h$j" >/dev/null ||
        { log "h$i: link or rule to h$j refused"; exit 1; }
    done) &
  done
  local failed=0
  for ((i = 2; i <= HOSTS; i++)); do wait -n || failed=1; done
  [ $failed = 0 ] || { keep_logs mesh; die "building the full mesh failed"; }
  direct_links >"$OUT/links/mesh.txt"
  n=$(grep -c . "$OUT/links/mesh.txt" || true)
  for topo in "${TOPOS[@]}"; do
    rt=$(patterns_run "$topo-mesh" "$topo" "$ITERATIONS") || { keep_logs "$topo-mesh"; die "run $topo on the mesh failed"; }
    record "$topo" mesh 0 "$n" "$rt"
  done
  tb_down
}

# phase_auto TOPOLOGY: adapt on, a long run while the agent works, then a run of the usual length
phase_auto() {
  local topo=$1 d=$OUT/auto-$1 rt pid t0 n
  mkdir -p "$d"
  up_star "$topo-auto" || die "testbed for $topo (auto) did not come up"
  [ $ADAPT_OK = 1 ] || { tb_down; return 0; }
  ctl 1 adapt on >/dev/null || die "adapt on refused"
  t0=$(date +%s%3N)
  echo "long_start_ms $t0" >"$d/runs.txt"
  patterns_run "$topo-long" "$topo" $((ITERATIONS * LONG_FACTOR)) >"$d/long.rt" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do # links over time, from the leader
    if adapt_status "$d/status-now.json"; then
      n=$(python3 "$REPORT" status-links "$d/status-now.json" | grep -c . || true)
      echo "$(( ($(date +%s%3N) - t0) / 1000 )) $n" >>"$d/links-over-time.tsv"
    fi
    sleep 2
  done
  wait "$pid" || { keep_logs "$topo-auto"; die "long run $topo failed"; }
  rt=$(cat "$d/long.rt")
  echo "long_runtime_s $rt" >>"$d/runs.txt"
  echo "long_iterations $((ITERATIONS * LONG_FACTOR))" >>"$d/runs.txt"
  record "$topo" auto-long 0 "$(direct_links | grep -c . || true)" "$rt"
  direct_links >"$OUT/links/$topo-auto.txt"
  rt=$(patterns_run "$topo-next" "$topo" "$ITERATIONS") || { keep_logs "$topo-auto"; die "next run $topo failed"; }
  { echo "next_runtime_s $rt"; echo "next_iterations $ITERATIONS"; echo "next_end_ms $(date +%s%3N)"; } >>"$d/runs.txt"
  direct_links >"$OUT/links/$topo-auto-after.txt" # the agent may still have added during the next run
  { echo "next_links_before $(grep -c . "$OUT/links/$topo-auto.txt" || true)"
    echo "next_links_after $(grep -c . "$OUT/links/$topo-auto-after.txt" || true)"; } >>"$d/runs.txt"
  record "$topo" auto-next 0 "$(grep -c . "$OUT/links/$topo-auto-after.txt" || true)" "$rt"
  adapt_status "$d/status-final.json" || true
  rm -f "$d/status-now.json"
  tb_down
}

log "results in $OUT"
for topo in "${TOPOS[@]}"; do
  if has_phase a || has_phase b; then phase_steps "$topo"; fi
done
if has_phase c; then phase_mesh; fi
if has_phase d; then
  for topo in "${TOPOS[@]}"; do
    [ $ADAPT_OK = 1 ] || break
    phase_auto "$topo"
  done
fi
python3 "$REPORT" summary "$OUT"
log "done in ${SECONDS}s: $OUT/summary.md"
