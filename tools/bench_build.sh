#!/usr/bin/env bash
# make bench-build: how long the edit loop takes, as a student lives it.
# Never part of `make test` (it takes 10-20 minutes: clean builds).
#
# In a scratch worktree of HEAD (the tree itself is never edited), medians
# of several runs, with the machine's load before and after:
#   clean `make sim` and clean `make test` (build folder removed first);
#   no-op `make sim`;
#   edit to verdict in rtl/pe.sv: a comment, and a one-line logic change
#   that gives new C++ each run (so the object cache cannot answer);
#   the same for a user's core (tests/byo/alt_core, make sim RTL=...);
#   the Icarus replay (make iverilog) after the same logic edit;
#   the model's C++ built other ways (-O0/-O1/-Os/-O2, no precompiled
#   header, ccache, Verilator's own --build): build time of one RTL edit
#   plus run time of make sim, and cycles/s of 200 generated sets.
# Usage: tools/bench_build.sh [RUNS] [CLEAN_RUNS] [REV]   (defaults 5, 2, HEAD)
# REV: another commit to measure the same way (the figures before a change;
# the rows its tree cannot give are left out).
set -uo pipefail
runs=${1:-5}
clean_runs=${2:-2}
rev=${3:-HEAD}
root=$(cd "$(dirname "$0")/.." && pwd)
wt=$(mktemp -d /tmp/cosim-bench-build.XXXXXX)
chmod 755 "$wt"  # tests run cosim as user nobody too
trap 'git -C "$root" worktree remove --force "$wt" >/dev/null 2>&1; rm -rf "$wt"' EXIT
git -C "$root" worktree add --detach "$wt" "$rev" >/dev/null 2>&1 || { echo "bench-build: cannot make a worktree of $rev" >&2; exit 2; }
cd "$wt" || exit 2
export MAKEFLAGS= MAKELEVEL=
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) printf "%.2f\n", a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f..%.2f", lo, hi}'; }
rows=()
# measure LABEL N SETUP CMD: runs SETUP (untimed) then CMD (timed) N times.
measure() {
  local label=$1 n=$2 setup=$3 cmd=$4 times=() i t0 t1 out
  for ((i = 1; i <= n; i++)); do
    BENCH_I=$i eval "$setup" >/dev/null 2>&1
    t0=$(now)
    out=$(BENCH_I=$i eval "$cmd" 2>&1) || true
    t1=$(now)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')")
  done
  local med range
  med=$(printf '%s\n' "${times[@]}" | median)
  range=$(printf '%s\n' "${times[@]}" | minmax)
  rows+=("$(printf '%-58s %8s s  (%s, %d runs)  %s' "$label" "$med" "$range" "$n" "$(tail -n 1 <<<"$out" | cut -c1-40)")")
  printf '%s\n' "${rows[-1]}"
}

echo "bench-build: $rev ($(git -C "$wt" log -1 --format='%h %s' | cut -c1-70))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(load)"
pe=rtl/pe.sv
alt=tests/byo/alt_core/ws_core.sv
ALT_ARGS="RTL=tests/byo/alt_core/files.f RTL_TOP=ws_core RTL_INST_W=35 RTL_PROBE=psum_mem_instance"
# A logic change with new C++ every run: the psum XOR a run-specific constant.
# (The constant comes from the clock: never the same twice.)
pe_logic='git checkout -q -- '$pe' && k=$(( $(date +%s%N) % 30000 + 1 )) && sed -i "s/assign psum_s_o = PsumW.(prod) + psum_q;/assign psum_s_o = (PsumW'"'"'(prod) + psum_q) ^ PsumW'"'"'($k);/" '$pe
alt_logic='git checkout -q -- '$alt' && k=$(( $(date +%s%N) % 30000 + 1 )) && sed -i "s/acc_q\[g\] <= acc_q\[g\] + \$signed(pmem_q\[g\*psum_bw +: psum_bw\]);/acc_q[g] <= acc_q[g] + \$signed(pmem_q[g*psum_bw +: psum_bw]) + $k;/" '$alt

measure "clean make sim (build removed; deps installed)" "$clean_runs" "rm -rf build build-user" "make sim"
measure "no-op make sim" "$runs" "" "make sim"
measure "edit to verdict: rtl/pe.sv comment" "$runs" "echo \"// bench \$BENCH_I\" >> $pe" "make sim"
git checkout -q -- $pe
measure "edit to verdict: rtl/pe.sv logic (new C++)" "$runs" "$pe_logic" "make sim"
measure "Icarus replay after the same edit (make iverilog)" "$runs" "$pe_logic" "make iverilog"
git checkout -q -- $pe
make sim >/dev/null 2>&1
measure "user core, first verdict (alt_core, build-user removed)" "$clean_runs" "rm -rf build-user" "make sim $ALT_ARGS"
measure "user core: no-op make sim RTL=..." "$runs" "" "make sim $ALT_ARGS"
measure "user core: ws_core.sv comment" "$runs" "echo \"// bench \$BENCH_I\" >> $alt" "make sim $ALT_ARGS"
git checkout -q -- $alt
measure "user core: ws_core.sv logic (new C++)" "$runs" "$alt_logic" "make sim $ALT_ARGS"
measure "user core: Icarus replay after the same edit" "$runs" "$alt_logic" "make iverilog $ALT_ARGS"
git checkout -q -- $alt

# The model's C++ built other ways: one logic edit's build + the run of the
# default set (make sim), then 200 generated sets' cycles/s.
if [ -f tools/build_model.py ]; then
echo
echo "model C++: build of one RTL edit + make sim, and the speed of 200 generated sets"
for variant in "-O0 (the edit default)" "-O1 (the run default)" "-Os" "-O2" "-O0 no PCH" "-O0 ccache" ; do
  opt=${variant%% *}
  env=(COSIM_MODEL_OPT="$opt")
  case $variant in
    *"no PCH"*) env+=(COSIM_MODEL_PCH=0) ;;
    *ccache*) command -v ccache >/dev/null || { echo "  (ccache not installed: skipped)"; continue; }
              env+=(COSIM_MODEL_CCACHE=1 COSIM_MODEL_OBJCACHE=0) ;;
  esac
  export "${env[@]}"
  eval "$pe_logic"; make sim >/dev/null 2>&1  # warm: the precompiled header of these flags
  measure "  $variant: edit + make sim" "$runs" "$pe_logic" "make sim"
  git checkout -q -- $pe
  make sim >/dev/null 2>&1
  rate=$(build/cosim run --opt edit --gen random --repeat 200 | sed -n 's/.*(\([0-9.]*\) M cycles\/s)/\1/p')
  echo "  $variant: 200 generated sets at $rate M cycles/s"
  unset COSIM_MODEL_OPT COSIM_MODEL_PCH COSIM_MODEL_CCACHE COSIM_MODEL_OBJCACHE
done
# Verilator's own build of the same model: its makefile, a unit per file,
# the runtime compiled into each model (what a plain `verilator --build` does).
vb=$(mktemp -d)
measure "  verilator --cc --build -j 2 (its makefile, -Os, runtime too)" "$clean_runs" \
  "rm -rf $vb/obj" "verilator --cc --build -j 2 -Wall --top-module cosim_top -Mdir $vb/obj \$(sed 's,^,rtl/,' <(grep -v '^//' rtl/files.f | grep .)) build/models/core_r8c8/cosim_top.sv"
eval "$pe_logic"
measure "  verilator --build after one RTL edit (incremental)" "$runs" "$pe_logic" \
  "verilator --cc --build -j 2 -Wall --top-module cosim_top -Mdir $vb/obj \$(sed 's,^,rtl/,' <(grep -v '^//' rtl/files.f | grep .)) build/models/core_r8c8/cosim_top.sv"
git checkout -q -- $pe
rm -rf "$vb"
fi

measure "clean make test (build removed)" "$clean_runs" "rm -rf build build-user" "make test"
echo
echo "load after: $(load)"
echo
printf '%-58s %10s\n' "what" "median"
printf '%s\n' "${rows[@]}"
