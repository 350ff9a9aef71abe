#!/usr/bin/env bash
# install-deps.sh [--bench] - installs, as root with apt-get, the Debian packages that vnet's build,
# tests, demo and end-to-end benchmarks use (clang, llvm, libbpf-dev and bpftool build, load and
# inspect the kernel data path), if any is missing; --bench adds the profiler and the plotter of
# bench/e2e (linux-perf, gnuplot-nox). curl and prometheus (for promtool) serve the metrics
# end-to-end test. Idempotent and quiet when everything is there.
set -uo pipefail

log() { echo "[deps] $*" >&2; }

PKGS=(iproute2 iperf3 iputils-ping openssl procps psmisc tcpdump tshark ethtool util-linux nftables python3
      gcc make libc6-dev clang llvm libbpf-dev bpftool curl prometheus)
[ "${1:-}" = --bench ] && PKGS+=(linux-perf gnuplot-nox)
command -v java >/dev/null 2>&1 || PKGS+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || PKGS+=(maven)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "missing packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})"
  exit 2
fi
log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/tmp/vnet-apt.log 2>&1 || { cat /tmp/vnet-apt.log; log "apt-get update failed"; exit 2; }
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/vnet-apt.log 2>&1; then
  tail -20 /tmp/vnet-apt.log
  log "apt-get install failed"
  exit 2
fi
# TAP devices need /dev/net/tun (present on this kind; recreate the node if a minimal image lacks it)
if [ ! -c /dev/net/tun ]; then
  mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 0666 /dev/net/tun && log "created /dev/net/tun"
fi
