#!/usr/bin/env bash
# Replay a schedule written by `cosim emit-tb` in Icarus Verilog.
# Usage: tools/iverilog_run.sh DIR [+dump=FILE.vcd [+dump_kij=K] [+dump_cycles=A:B]]
# Compiles DIR/files.f (the RTL, the generated cosim_top wrapper, the
# testbench) with iverilog -g2012, runs vvp and exits with the testbench's
# verdict, which vvp cannot return itself: 0 all passed, 1 a mismatch of the
# RTL, 3 hung (the watchdog or a wait bound fired), 4 the RTL passed but the
# given vector files disagree with the golden model, 2 it could not be
# compiled or run, or a bad option. Prints the testbench's report; the last
# line is `N passed, N failed`, the line before it the Icarus speed (cycles
# and wall seconds of vvp, startup included).
#
# Progress: once the replay has run ICARUS_PROGRESS seconds (default 2; 0:
# from the start), each kij it finishes prints `icarus: kij K done (D of N),
# T elapsed, about L left` on standard error, as it happens.
#
# Waveform: +dump=FILE.vcd writes a VCD of the core, +dump_kij=K and
# +dump_cycles=A:B (both may be given: the cycles in both) narrow it to the
# window `cosim run --trace FILE --trace-kij K | --trace-cycles A:B` writes,
# at the same times (cycle N from N ns, 100 ps resolution). Its scopes are
# renamed as in cosim's traces (the testbench cosim_tb -> TOP, its instance
# dut -> cosim_top), so `gtkwave FILE tools/cosim.gtkw` opens a trace of the
# built-in core with the same layout (the line `icarus: trace ...` before the
# last one gives the command). A window that ends before the run
# does ends with a $dumpoff (every signal x) at the start of the next cycle.
# Dumping is slower: the speed line then includes writing the VCD.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: tools/iverilog_run.sh DIR [+dump=FILE.vcd [+dump_kij=K] [+dump_cycles=A:B]]"
dir=${1:?$usage (DIR written by cosim emit-tb)}
shift
dump= plusargs=()
for a in "$@"; do
  case $a in
    +dump=*.vcd) dump=${a#+dump=} ;;
    +dump=*) echo "iverilog_run: $a: the file name must end in .vcd" >&2; exit 2 ;;
    +dump_kij=*)
      [[ ${a#+dump_kij=} =~ ^[0-9]+$ ]] || { echo "iverilog_run: $a: expected a kij number" >&2; exit 2; } ;;
    +dump_cycles=*)
      if ! [[ ${a#+dump_cycles=} =~ ^([0-9]+):([0-9]+)$ ]] || ((BASH_REMATCH[1] > BASH_REMATCH[2])); then
        echo "iverilog_run: $a: expected A:B with A <= B" >&2; exit 2
      fi ;;
    *) echo "iverilog_run: unknown option '$a'"$'\n'"$usage" >&2; exit 2 ;;
  esac
  plusargs+=("$a")
done
if [ -z "$dump" ] && [ ${#plusargs[@]} -gt 0 ]; then
  echo "iverilog_run: +dump_kij / +dump_cycles need +dump=FILE.vcd" >&2
  exit 2
fi
for tool in iverilog vvp; do
  command -v "$tool" >/dev/null || { echo "iverilog_run: $tool not found (make deps)" >&2; exit 2; }
done
[ -f "$dir/files.f" ] || { echo "iverilog_run: $dir/files.f not found (run cosim emit-tb --out $dir)" >&2; exit 2; }

if ! iverilog -g2012 -s cosim_tb -o "$dir/cosim_tb.vvp" -c "$dir/files.f" 2>"$dir/iverilog.log"; then
  cat "$dir/iverilog.log" >&2
  echo "iverilog_run: iverilog could not compile $dir/files.f" >&2
  exit 2
fi
[ -s "$dir/iverilog.log" ] && sed 's/^/iverilog: /' "$dir/iverilog.log" >&2

[ -n "$dump" ] && rm -f "$dump"
# Progress lines of the testbench, with the time, as they come.
progress() {
  local after=${ICARUS_PROGRESS:-2} line
  while IFS= read -r line; do
    [[ $line =~ ^cosim-tb\ progress:\ kij\ ([0-9]+)\ done\ at\ cycle\ ([0-9]+)\ \(([0-9]+)\ of\ ([0-9]+)\)$ ]] || continue
    awk -v a="$t0" -v b="$(date +%s.%N)" -v after="$after" -v k="${BASH_REMATCH[1]}" -v d="${BASH_REMATCH[3]}" \
        -v n="${BASH_REMATCH[4]}" 'BEGIN { s = b - a; if (s < after) exit;
          left = d < n ? sprintf(", about %.1f s left", s / d * (n - d)) : "";
          printf "icarus: kij %d done (%d of %d), %.1f s elapsed%s\n", k, d, n, s, left }' >&2
  done
}
t0=$(date +%s.%N)
vvp -n "$dir/cosim_tb.vvp" "+cosim_dir=$dir" "${plusargs[@]}" 2>&1 | tee "$dir/vvp.log" | progress
rc=${PIPESTATUS[0]}
t1=$(date +%s.%N)
out=$(grep -v '^cosim-tb progress:' "$dir/vvp.log")
code=$(sed -n 's/^cosim-tb exit code: \([0-9]*\)$/\1/p' <<<"$out" | tail -1)
last=$(tail -n 1 <<<"$out")
if [ "$code" = 2 ]; then
  grep -v '^cosim-tb exit code:' <<<"$out" >&2
  exit 2
fi
if [ $rc -ne 0 ] || [ -z "$code" ] || ! grep -Eq '^[0-9]+ passed, [0-9]+ failed$' <<<"$last"; then
  printf '%s\n' "$out"
  echo "iverilog_run: vvp stopped without a verdict (exit $rc)" >&2
  exit 2
fi
# Everything but the last line, the speed, the trace, then the last line.
head -n -1 <<<"$out" | grep -v -e '^cosim-tb exit code:' -e '^cosim-tb dump:'
cycles=$(sed -n 's/^\([0-9]*\) cycles simulated$/\1/p' <<<"$out" | tail -1)
awk -v c="${cycles:-0}" -v a="$t0" -v b="$t1" \
  'BEGIN { s = b - a; printf "icarus: %d cycles in %.3f s of vvp (%.0f cycles/s)\n", c, s, (s > 0 ? c / s : 0) }'
if [ -n "$dump" ]; then
  dline=$(grep '^cosim-tb dump:' <<<"$out" | tail -1)
  read -r _ _ dfile dfirst dlast <<<"$dline"
  if [ -z "$dline" ]; then
    echo "icarus: trace: none, $dir/cosim_tb.sv has no +dump option (written by an older cosim: run cosim emit-tb again)"
  elif [ "$dfile" = none ] || [ ! -s "$dump" ]; then
    echo "icarus: trace: nothing dumped, the run never reached the window ($(printf '%s\n' "${plusargs[@]}" | grep -v '^+dump=' | tr '\n' ' ' | sed 's/ $//'))"
  else
    # Scope names as in cosim's traces; only the header is touched.
    awk 'done { print; next }
         $1 == "$scope" { if (depth == 0 && $3 == "cosim_tb") $3 = "TOP"
                          else if (depth == 1 && $3 == "dut") $3 = "cosim_top"
                          depth++ }
         $1 == "$upscope" { depth-- }
         $1 == "$enddefinitions" { done = 1 }
         { print }' "$dump" >"$dump.tmp" && mv "$dump.tmp" "$dump"
    # The save file names our core's internals: only for the built-in core.
    layout=
    grep -Fq "localparam RTL = \"$root/rtl/files.f (top core)\";" "$dir/cosim_tb_params.svh" 2>/dev/null &&
      layout=" $root/tools/cosim.gtkw"
    echo "icarus: trace $dump: cycles $dfirst..$dlast (${dfirst} ns to ${dlast}.5 ns); open: gtkwave $dump$layout"
  fi
fi
printf '%s\n' "$last"
exit "$code"
