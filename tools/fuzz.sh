#!/usr/bin/env bash
# `make fuzz`: runs the vector reader's libFuzzer target (tests/fuzz) for a
# bounded time and prints what it did. The corpus starts from seeds generated
# from valid sets (every file kind, format and array shape) plus the committed
# regression inputs, and grows in BUILD_DIR/fuzz-corpus across runs.
#
# Usage: tools/fuzz.sh BUILD_DIR [SECONDS]     (BUILD_DIR configured with -DCOSIM_FUZZ=ON)
# Exit: 0 no crash, 1 a crash / leak / timeout (the input is in BUILD_DIR/fuzz-crashes;
# turn it into a regression: copy it to tests/fuzz/regressions/ and add a
# vectors.fuzz.regression.* test).
set -euo pipefail
dir=${1:?usage: tools/fuzz.sh BUILD_DIR [SECONDS]}
secs=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
fuzzer=$dir/tests/fuzz/fuzz_reader
replay=$dir/tests/fuzz/fuzz_reader_replay
corpus=$dir/fuzz-corpus
seeds=$dir/fuzz-seeds
crashes=$dir/fuzz-crashes
log=$dir/fuzz.log
mkdir -p "$corpus" "$crashes"
"$replay" --write-seeds "$seeds" >/dev/null

echo "fuzz: $fuzzer for ${secs} s (log: $log)"
status=0
# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: memory blow-up.
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$corpus" "$seeds" "$src/tests/fuzz/regressions" >"$log" 2>&1 || status=$?

# The numbers, from libFuzzer's own final lines.
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
units=$(find "$corpus" -type f | wc -l)
echo "fuzz: ${execs:-?} executions in ${secs} s (${rate:-?}/s), ${cov:-cov: ?} edges, corpus ${units} inputs"
if [ "$status" -ne 0 ]; then
  grep -E '^==[0-9]+==ERROR|^SUMMARY|reader contract violated|error was:|Test unit written to|ALARM' "$log" | head -20
  echo "fuzz: CRASH (exit $status): the input is in $crashes/"
  exit 1
fi
echo "fuzz: 0 crashes, leaks, timeouts or contract violations"
