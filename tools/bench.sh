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

# The same RTL and schedule in Icarus (cosim emit-tb + tools/iverilog_run.sh):
# the default set once in each simulator, measured in this run. Verilator's
# figure is its simulation loop (best of 3); Icarus's is the wall time of vvp.
if command -v iverilog >/dev/null && command -v vvp >/dev/null; then
  best=0
  for i in 1 2 3; do
    log=$("$cosim" run --vectors "$vectors" 2>&1) || { echo "$log"; echo "bench: verilator run failed" >&2; exit 1; }
    rate=$(sed -n 's/^\([0-9]*\) cycles simulated in \([0-9.]*\) ms.*/\1 \2/p' <<<"$log" | awk '{ print ($2 > 0 ? $1 / ($2 / 1000) : 0) }')
    vcycles=$(sed -n 's/^\([0-9]*\) cycles simulated in.*/\1/p' <<<"$log")
    best=$(awk -v a="$best" -v b="$rate" 'BEGIN { print (b > a ? b : a) }')
  done
  "$cosim" emit-tb --vectors "$vectors" --out "$out/icarus" >/dev/null
  ilog=$("$root/tools/iverilog_run.sh" "$out/icarus" 2>&1) || { echo "$ilog"; echo "bench: icarus run failed" >&2; exit 1; }
  read -r icycles isecs < <(sed -n 's/^icarus: \([0-9]*\) cycles in \([0-9.]*\) s of vvp.*/\1 \2/p' <<<"$ilog")
  [ "$icycles" = "$vcycles" ] || { echo "bench: Icarus ran $icycles cycles, Verilator $vcycles: not the same schedule" >&2; exit 1; }
  echo
  echo "same RTL and schedule (default set, $vcycles cycles), Verilator vs Icarus:"
  awk -v c="$vcycles" -v v="$best" -v s="$isecs" 'BEGIN {
    i = (s > 0 ? c / s : 0)
    printf "  %-32s %12.0f cycles/s\n", "Verilator (simulation loop)", v
    printf "  %-32s %12.0f cycles/s (%.3f s)\n", "Icarus (vvp wall time)", i, s
    printf "  %-32s %12.0fx\n", "Verilator/Icarus speed ratio", (i > 0 ? v / i : 0)
  }'
fi
