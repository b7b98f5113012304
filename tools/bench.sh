#!/usr/bin/env bash
# Speed figures of the Verilated core under the harness: cycles simulated,
# wall time and cycles/s, tracing off and on, for the default vector set and
# for a long run of generated sets back to back. Not a test: numbers only.
# Usage: tools/bench.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
cosim=$build/cosim
root=$(cd "$(dirname "$0")/.." && pwd)
vectors=$root/tests/vectors/default
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ -x "$cosim" ] || { echo "bench: $cosim not built (make build)" >&2; exit 2; }

now() { date +%s.%N; }
# run LABEL TRACEFILE ARGS...: one row of the table. The harness prints the
# cycles and the time of its simulation loop; the process wall time includes
# reading the files, building the model and writing the trace.
row() {
  local label=$1 trace=$2; shift 2
  local t0 t1 log
  t0=$(now)
  log=$("$cosim" run "$@" ${trace:+--trace "$trace"} 2>&1) || { echo "$log"; echo "bench: run failed: $label" >&2; exit 1; }
  t1=$(now)
  local cycles secs
  if grep -q '^[0-9]* sets, ' <<<"$log"; then
    cycles=$(sed -n 's/^[0-9]* sets, \([0-9]*\) cycles simulated in \([0-9.]*\) s.*/\1/p' <<<"$log")
    secs=$(sed -n 's/^[0-9]* sets, \([0-9]*\) cycles simulated in \([0-9.]*\) s.*/\2/p' <<<"$log")
  else
    cycles=$(sed -n 's/^\([0-9]*\) cycles simulated in \([0-9.]*\) ms.*/\1/p' <<<"$log")
    secs=$(awk -v ms="$(sed -n 's/^\([0-9]*\) cycles simulated in \([0-9.]*\) ms.*/\2/p' <<<"$log")" 'BEGIN{print ms/1000}')
  fi
  local size="-"
  [ -n "$trace" ] && size=$(du -ch "${trace%.*}"* | tail -1 | cut -f1)
  awk -v l="$label" -v c="$cycles" -v s="$secs" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" -v z="$size" \
    'BEGIN{ printf "%-34s %10d %10.4f %10.3f %10.2f  %s\n", l, c, s, w, (s>0? c/s/1e6 : 0), z }'
  [ -n "$trace" ] && rm -f "${trace%.*}"*
  return 0
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "cosim:   $("$cosim" --version)"
printf '%-34s %10s %10s %10s %10s  %s\n' "scenario" "cycles" "sim s" "wall s" "M cyc/s" "trace"
for i in 1 2 3; do row "default set, untraced (run $i)" "" --vectors "$vectors"; done
row "default set, VCD" "$out/d.vcd" --vectors "$vectors"
row "default set, FST" "$out/d.fst" --vectors "$vectors"
row "default set, VCD window kij 4" "$out/w.vcd" --vectors "$vectors" --trace-kij 4
row "2000 generated sets, untraced" "" --gen relu,random,sparse,max --seed 1 --repeat 2000
row "20 generated sets, VCD" "$out/l.vcd" --gen relu,random,sparse,max --seed 1 --repeat 20
row "20 generated sets, FST" "$out/l.fst" --gen relu,random,sparse,max --seed 1 --repeat 20
