#!/usr/bin/env bash
# fuzz.sh - the long fuzzing run: fuzzes each Jazzer @FuzzTest target (JAZZER_FUZZ=1) for MINUTES minutes, one
# JVM per target, and prints a line per target: fuzzing seconds, CPU seconds of its Maven run (user+sys, build
# included), executions, crashes. A crash leaves its input as crash-* in the target's
# src/test/resources/.../<Class>Inputs/<method>/ directory, where the normal build then runs it as a regression test.
#   tools/fuzz.sh [-m MINUTES] [TARGET...]     TARGET: module:Class#method (default: every target below)
# Extra Maven arguments: FUZZ_MVN_ARGS. Logs: target/fuzz/<Class>-<method>.log. Exit status 1 if any target crashed
# or its test failed (result "failed": see the log).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

ALL_TARGETS=(
  vnetd:ControlFuzzTest#shouldAnswerEveryRequestLineWithoutInternalError
  vnetd:ConfigFuzzTest#shouldLoadOrRefuseAnyYaml
  vnetd:StateFuzzTest#shouldDecodeOrRefuseAnyDelta
  vnetd:StateFuzzTest#shouldReadOrRefuseAnyStateFile
  protocol:RequestFuzzTest#shouldDecodeOrRefuseWithReasonAnyLine
  inference:CaptureFuzzTest#shouldReadOrRefuseAnyPcap
  inference:CaptureFuzzTest#shouldReadOrRefuseAnyPcapng
  vnetd:WireFuzzTest#shouldCheckAnyMessageHeaderWithoutThrowing
  vnetd:WireFuzzTest#shouldParseAnyFrameHeadersInsideTheFrame
  vnetd:LinkInputFuzzTest#shouldCountOrDeliverAnyDatagram
  vnetd:StreamFramingFuzzTest#shouldFrameOrCloseAnyStream
)
minutes=5
if [[ "${1:-}" == "-m" ]]; then
  minutes=$2
  shift 2
fi
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${ALL_TARGETS[@]}")
seconds=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 }')
mkdir -p target/fuzz
TIMEFORMAT='%U %S'
failed=0
printf '%-62s %8s %8s %12s %8s %s\n' target fuzz_s cpu_s execs crashes result
for t in "${targets[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  log="target/fuzz/${test//#/-}.log"
  inputs=$(find "$module/src/test/resources" -type d -path "*/${test%%#*}Inputs/${test#*#}" 2>/dev/null | head -1)
  before=$( [[ -n "$inputs" ]] && find "$inputs" -name 'crash-*' | wc -l || echo 0)
  cpu=$( { time JAZZER_FUZZ=1 mvn -B -ntp -o -pl "$module" -am test -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.instrumentation_includes='org.vnet.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=$seconds" \
      -Djazzer.internal.arg.2=-timeout=30 -Dorg.slf4j.simpleLogger.defaultLogLevel=error ${FUZZ_MVN_ARGS:-} >"$log" 2>&1; } 2>&1 )
  status=$?
  read -r user sys <<<"$cpu"
  execs=$(grep -oE '^(Done [0-9]+ runs|#[0-9]+)' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  fuzzed=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{ print $5 }')
  after=$( [[ -n "$inputs" ]] && find "$inputs" -name 'crash-*' | wc -l || echo 0)
  # a finding of libFuzzer stops the run with "== Java Exception" and leaves a crash-* input
  findings=$(grep -c '^== Java Exception' "$log")
  crashes=$(( after - before > findings ? after - before : findings ))
  result=ok
  [[ $status -ne 0 ]] && result=failed
  [[ $crashes -ne 0 || $status -ne 0 ]] && failed=1
  printf '%-62s %8s %8.0f %12s %8s %s\n' "$t" "${fuzzed:-?}" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    "${execs:-0}" "$crashes" "$result"
done
exit $failed
