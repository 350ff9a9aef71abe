#!/usr/bin/env bash
# Runs vnetd's frame-path JMH benchmarks with the GC profiler (ns/op and B/op).
#
#   bench/run-jmh.sh [regex] [more JMH options]
#
# Builds bench/target/benchmarks.jar if it is missing or older than a source of bench/, inference/, optimiser/ or
# vnetd/ (offline first, online once if a plugin is missing), then writes
# bench/results/jmh-<UTC date>.txt (human-readable log) and .json (-rf json).
# Fork, warm-up and measurement come from each benchmark's annotations; the full run takes
# about 5 minutes on 2 cores. The JVM flags vnet needs (tools/bin/jvm.flags) go to the JMH host
# JVM as an argument file; the forks start with the host's JVM arguments.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar="$here/target/benchmarks.jar"
flags="$root/tools/bin/jvm.flags"

stale() {
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$here/pom.xml" "$here/src" "$root/vnetd/src/main" "$root/inference/src/main" "$root/optimiser/src/main" "$root/vnetd/pom.xml" \
        "$root/pom.xml" -newer "$jar" -type f -print -quit)" ]]
}

if stale; then
    echo "building $jar" >&2
    (cd "$root" && { mvn -o -q -pl bench -am package -DskipTests || mvn -q -pl bench -am package -DskipTests; })
fi

regex=${1:-.}
shift || true
mkdir -p "$here/results"
stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="$here/results/jmh-$stamp"

{
    echo "# $(date -u +%FT%TZ)  host $(uname -n)  $(nproc) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -2 | tr '\n' ' ')"
    echo "# java @tools/bin/jvm.flags -jar bench/target/benchmarks.jar '$regex' -prof gc -rf json -rff $out.json $*"
} > "$out.txt"

java @"$flags" -jar "$jar" "$regex" -prof gc -rf json -rff "$out.json" "$@" 2>&1 | tee -a "$out.txt"
echo "results: $out.txt $out.json" >&2
