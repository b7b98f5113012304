#!/usr/bin/env bash
# Speed figures of the Verilated core under the harness: cycles simulated,
# wall time and cycles/s, tracing off and on, for the default vector set and
# for a long run of generated sets back to back. Then the flows' counters
# side by side with the weight-stationary bound: the squeezed layer in the
# course and the fast flow, and the full layer (64 -> 64 channels, 32x32)
# through the RTL. Then, with Icarus installed: Icarus cycles/s of each
# block (tools/icarus_bench/*.sv) and of the core (the replay of the default
# set, and the course-style testbench tests/sim/icarus_core_tb.sv), and the
# Verilator/Icarus ratio on the same RTL and schedule, measured side by side
# here. Not a test: numbers only.
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
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : 0) }'; }
# run LABEL TRACEFILE ARGS...: one row of the table. The harness prints the
# cycles and the time of its simulation loop; the process wall time includes
# reading the files, building the model and writing the trace.
row() {
  local label=$1 trace=$2; shift 2
  local t0 t1 log
  t0=$(now)
  log=$("$cosim" run --opt run "$@" ${trace:+--trace "$trace"} 2>&1) || { echo "$log"; echo "bench: run failed: $label" >&2; exit 1; }
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

# The flows side by side with the weight-stationary bound (counters of the
# report: README "Counters"), the squeezed layer and the full layer (64 ->
# 64 channels, 32x32 map, 37.7 M MACs, generated here), run once each;
# the full layer's fast flows also as the median of 3 runs' simulation time.
# cycles: simulated; bound: 9 x ic x oc tiles x (8 load + positions + 15
# skew); util: useful MACs / (64 x cycles); sim s: the harness loop; wall s:
# the whole cosim run (reading, the golden model, checking every psum).
flow_row() {
  local label=$1; shift
  local t0 t1 log
  t0=$(now)
  log=$("$cosim" run --opt run "$@" 2>&1) || { echo "$log"; echo "bench: run failed: $label" >&2; exit 1; }
  t1=$(now)
  tail -n 1 <<<"$log" | grep -q ' 0 failed$' || { echo "$log" | tail -30; echo "bench: $label did not pass" >&2; exit 1; }
  local cycles bound util secs
  cycles=$(sed -n 's/^  cycles  *\([0-9]*\); the weight-stationary bound \([0-9]*\) .*/\1/p' <<<"$log")
  bound=$(sed -n 's/^  cycles  *\([0-9]*\); the weight-stationary bound \([0-9]*\) .*/\2/p' <<<"$log")
  util=$(sed -n 's/^  utilisation  *\([0-9.]*\)%.*/\1/p' <<<"$log")
  secs=$(sed -n 's/^[0-9]* cycles simulated in \([0-9.]*\) ms.*/\1/p' <<<"$log" | awk '{ print $1 / 1000 }')
  awk -v l="$label" -v c="$cycles" -v b="$bound" -v u="$util" -v s="$secs" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" \
    'BEGIN { printf "%-40s %9d %8d %6.2fx %6.1f%% %8.3f %8.3f %8.2f\n", l, c, b, c / b, u, s, w, (s > 0 ? c / s / 1e6 : 0) }'
  last_secs=$secs
}
echo
echo "Flows and the weight-stationary bound (cosim run --opt run; counters of the report)"
printf '%-40s %9s %8s %7s %7s %8s %8s %8s\n' "scenario" "cycles" "bound" "x bound" "util" "sim s" "wall s" "M cyc/s"
flow_row "squeezed layer, course flow" --vectors "$vectors"
flow_row "squeezed layer, --flow fast" --vectors "$vectors" --flow fast
flow_row "squeezed layer, fast, positions outputs" --vectors "$vectors" --flow fast --positions outputs
flow_row "squeezed layer, fast, sample with-acc" --vectors "$vectors" --flow fast --sample with-acc
"$cosim" gen --layer full --seed 1 --out "$out/full" >/dev/null
flow_row "full layer, --flow fast" --vectors "$out/full" --flow fast
fast=("$last_secs")
flow_row "full layer, fast, positions outputs" --vectors "$out/full" --flow fast --positions outputs
outs=("$last_secs")
flow_row "full layer, course flow" --vectors "$out/full"
for i in 2 3; do
  flow_row "full layer, --flow fast (run $i)" --vectors "$out/full" --flow fast
  fast+=("$last_secs")
  flow_row "full layer, fast, positions outputs (run $i)" --vectors "$out/full" --flow fast --positions outputs
  outs+=("$last_secs")
done
echo "full layer, simulation seconds, median of 3: --flow fast $(printf '%s\n' "${fast[@]}" | median), positions outputs $(printf '%s\n' "${outs[@]}" | median)"

# Icarus Verilog (iverilog -g2012, vvp). Every figure is the median of $runs
# runs, each simulator run in turn in this one invocation, on the RTL of rtl/.
# "loop" is the simulation alone: vvp's wall time minus that of the same
# design stopped after 0 (blocks) or 1 (replay) cycle, i.e. without loading
# the compiled design and reading the files; "process" is vvp's whole wall
# time (the iverilog compile, done once before, is not in either).
runs=5
vvp_secs() {  # vvp ARGS...: wall seconds of one run (its output in $out/vvp.txt)
  local t0 t1
  t0=$(now)
  vvp -n "$@" >"$out/vvp.txt" 2>&1 || { cat "$out/vvp.txt"; echo "bench: vvp $* failed" >&2; exit 1; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
}
rtl_files() { sed -e 's/[[:space:]]*\/\/.*//' -e '/^[[:space:]]*$/d' "$root/rtl/files.f" | sed "s|^|$root/rtl/|"; }
# block LABEL TOP CYCLES: a block bench of tools/icarus_bench/ (TOP.sv).
block() {
  local label=$1 top=$2 n=$3 i full zero
  mapfile -t src < <(rtl_files)
  iverilog -g2012 -s "$top" -o "$out/$top.vvp" "${src[@]}" "$root/tools/icarus_bench/$top.sv" ||
    { echo "bench: cannot compile $top" >&2; exit 1; }
  full=() zero=()
  for ((i = 0; i < runs; i++)); do
    zero+=("$(vvp_secs "$out/$top.vvp" +cycles=0)")
    full+=("$(vvp_secs "$out/$top.vvp" "+cycles=$n")")
  done
  grep -q "^$top: $n cycles" "$out/vvp.txt" || { cat "$out/vvp.txt"; exit 1; }
  local f z
  f=$(printf '%s\n' "${full[@]}" | median)
  z=$(printf '%s\n' "${zero[@]}" | median)
  awk -v l="$label" -v n="$n" -v f="$f" -v z="$z" 'BEGIN {
    printf "  %-44s %8d %9.3f %9.3f %12.0f %12.0f\n", l, n, f, f - z, n / f, (f > z ? n / (f - z) : 0) }'
}

if command -v iverilog >/dev/null && command -v vvp >/dev/null; then
  echo
  echo "Icarus $(iverilog -V 2>&1 | head -1 | sed 's/^Icarus Verilog version //'), medians of $runs runs"
  printf '  %-44s %8s %9s %9s %12s %12s\n' "block (tools/icarus_bench/)" "cycles" "vvp s" "loop s" "cyc/s proc" "cyc/s loop"
  block "array: mac_array 8x8, load + execute" array_bench 20000
  block "L0: 8 rows, push 36 then staggered pops" l0_bench 100000
  block "OFIFO: 8 columns, skewed pushes, pops" ofifo_bench 100000

  # The core: the schedule of `cosim run` on the default set, in both
  # simulators. Icarus replays what cosim emit-tb writes (the same steps,
  # the same RTL, through the same cosim_top wrapper).
  "$cosim" emit-tb --vectors "$vectors" --out "$out/icarus" >/dev/null
  "$cosim" emit-tb --vectors "$vectors" --out "$out/icarus1" --max-cycles 1 >/dev/null
  for d in icarus icarus1; do
    iverilog -g2012 -s cosim_tb -o "$out/$d/cosim_tb.vvp" -c "$out/$d/files.f" ||
      { echo "bench: cannot compile the replay" >&2; exit 1; }
  done
  vloop=() vproc=() iproc=() izero=()
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    log=$("$cosim" run --opt run --vectors "$vectors" 2>&1) || { echo "$log"; echo "bench: verilator run failed" >&2; exit 1; }
    t1=$(now)
    vcycles=$(sed -n 's/^\([0-9]*\) cycles simulated in.*/\1/p' <<<"$log")
    vloop+=("$(sed -n 's/^[0-9]* cycles simulated in \([0-9.]*\) ms.*/\1/p' <<<"$log" | awk '{ print $1 / 1000 }')")
    vproc+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    iproc+=("$(vvp_secs "$out/icarus/cosim_tb.vvp" "+cosim_dir=$out/icarus")")
    icycles=$(sed -n 's/^\([0-9]*\) cycles simulated$/\1/p' "$out/vvp.txt")
    tail -n 1 "$out/vvp.txt" | grep -q ' 0 failed$' || { cat "$out/vvp.txt"; echo "bench: the Icarus replay failed" >&2; exit 1; }
    izero+=("$(vvp_secs "$out/icarus1/cosim_tb.vvp" "+cosim_dir=$out/icarus1")")
  done
  [ "$icycles" = "$vcycles" ] || { echo "bench: Icarus ran $icycles cycles, Verilator $vcycles: not the same schedule" >&2; exit 1; }
  vl=$(printf '%s\n' "${vloop[@]}" | median)
  vp=$(printf '%s\n' "${vproc[@]}" | median)
  ip=$(printf '%s\n' "${iproc[@]}" | median)
  iz=$(printf '%s\n' "${izero[@]}" | median)
  awk -v n="$vcycles" -v f="$ip" -v z="$iz" 'BEGIN {
    printf "  %-44s %8d %9.3f %9.3f %12.0f %12.0f\n", "core: the default set'"'"'s schedule (cosim_tb)", n, f, f - z, n / f, (f > z ? n / (f - z) : 0) }'

  # The course's kind of testbench on the same core (tests/sim/icarus_core_tb.sv:
  # two kij through the core's ports, `always #5 clk`); a second top prints
  # the cycles it ran ($time / 10 at the end).
  printf 'module bench_cycles;\n  final $display("bench_cycles: %%0d", $time / 10);\nendmodule\n' >"$out/bench_cycles.sv"
  mapfile -t src < <(rtl_files)
  iverilog -g2012 -s icarus_core_tb -s bench_cycles -o "$out/course.vvp" "${src[@]}" \
    "$root/tests/sim/icarus_core_tb.sv" "$out/bench_cycles.sv" || { echo "bench: cannot compile icarus_core_tb" >&2; exit 1; }
  cproc=()
  for ((i = 0; i < runs; i++)); do cproc+=("$(vvp_secs "$out/course.vvp")"); done
  ccycles=$(sed -n 's/^bench_cycles: \([0-9]*\)$/\1/p' "$out/vvp.txt")
  grep -q 'all [0-9]* checks passed' "$out/vvp.txt" || { cat "$out/vvp.txt"; exit 1; }
  cp=$(printf '%s\n' "${cproc[@]}" | median)
  awk -v n="$ccycles" -v f="$cp" 'BEGIN {
    printf "  %-44s %8d %9.3f %9s %12.0f %12s\n", "core: course-style testbench (icarus_core_tb)", n, f, "-", n / f, "-" }'

  echo
  echo "Verilator vs Icarus, side by side in this run: the same RTL (rtl/), the same"
  echo "schedule (default set, $vcycles cycles, cosim run vs its cosim emit-tb replay), medians of $runs:"
  awk -v n="$vcycles" -v vl="$vl" -v vp="$vp" -v ip="$ip" -v iz="$iz" 'BEGIN {
    il = ip - iz
    printf "  %-32s %12s %12s\n", "", "loop", "process"
    printf "  %-32s %12.0f %12.0f  cycles/s\n", "Verilator (cosim run)", n / vl, n / vp
    printf "  %-32s %12.0f %12.0f  cycles/s\n", "Icarus (vvp of the replay)", (il > 0 ? n / il : 0), n / ip
    printf "  %-32s %11.0fx %11.0fx\n", "Verilator/Icarus", (il > 0 ? il / vl : 0), ip / vp
    print "  loop: Verilator the harness loop cosim reports, Icarus vvp minus vvp of the same replay"
    print "  stopped after 1 cycle; process: the whole cosim run (reading the set, the golden model,"
    print "  the report) vs the whole vvp (loading the compiled design and the hex files)."
  }'
fi
