#!/usr/bin/env bash
# Replay a schedule written by `cosim emit-tb` in Icarus Verilog.
# Usage: tools/iverilog_run.sh DIR
# Compiles DIR/files.f (the RTL, the generated cosim_top wrapper, the
# testbench) with iverilog -g2012, runs vvp and exits with the testbench's
# verdict, which vvp cannot return itself: 0 all passed, 1 a mismatch,
# 3 hung (the watchdog or a wait bound fired), 2 it could not be compiled or
# run. Prints the testbench's report; the last line is `N passed, N failed`,
# the line before it the Icarus speed (cycles and wall seconds of vvp).
set -uo pipefail
dir=${1:?usage: tools/iverilog_run.sh DIR (written by cosim emit-tb)}
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

t0=$(date +%s.%N)
out=$(vvp -n "$dir/cosim_tb.vvp" "+cosim_dir=$dir" 2>&1)
rc=$?
t1=$(date +%s.%N)
code=$(sed -n 's/^cosim-tb exit code: \([0-9]*\)$/\1/p' <<<"$out" | tail -1)
last=$(tail -n 1 <<<"$out")
if [ $rc -ne 0 ] || [ -z "$code" ] || ! grep -Eq '^[0-9]+ passed, [0-9]+ failed$' <<<"$last"; then
  printf '%s\n' "$out"
  echo "iverilog_run: vvp stopped without a verdict (exit $rc)" >&2
  exit 2
fi
# Everything but the last line, the speed, then the last line.
head -n -1 <<<"$out" | grep -v '^cosim-tb exit code:'
cycles=$(sed -n 's/^\([0-9]*\) cycles simulated$/\1/p' <<<"$out" | tail -1)
awk -v c="${cycles:-0}" -v a="$t0" -v b="$t1" \
  'BEGIN { s = b - a; printf "icarus: %d cycles in %.3f s of vvp (%.0f cycles/s)\n", c, s, (s > 0 ? c / s : 0) }'
printf '%s\n' "$last"
exit "$code"
