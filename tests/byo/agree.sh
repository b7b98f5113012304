#!/usr/bin/env bash
# agree.sh RC OUTDIR -- COSIM ARGS...
# Runs the same schedule in both simulators and passes when they agree:
#   Verilator: COSIM run ARGS
#   Icarus:    COSIM emit-tb ARGS --out OUTDIR; tools/iverilog_run.sh OUTDIR
# Agreement: the same verdict rows (check, result, checked, failed), the
# same last line `N passed, N failed`, the same first value mismatch (case,
# place, values, cycle) when there is one, and both exit codes equal RC.
set -u
want=$1 outdir=$2; shift 2
[ "$1" = "--" ] || { echo "agree.sh: expected -- before the command" >&2; exit 2; }
shift
cosim=$1; shift
root=$(cd "$(dirname "$0")/../.." && pwd)

vout=$("$cosim" run --max-report 1000 "$@" 2>&1); vrc=$?
rm -rf "$outdir"
eout=$("$cosim" emit-tb "$@" --max-report 1000 --out "$outdir" 2>&1) || { echo "$eout"; echo "agree.sh: emit-tb failed" >&2; exit 1; }
iout=$("$root/tools/iverilog_run.sh" "$outdir" 2>&1); irc=$?

echo "=== Verilator (exit $vrc) ==="; printf '%s\n' "$vout"
echo "=== Icarus (exit $irc) ===";    printf '%s\n' "$iout"

rows() { grep -E '^(kij[0-9]+|out_relu|out_raw|input_consistency) +(PASS|FAIL|SKIP) ' | awk '{print $1, $2, $3, $4}'; }
first_value() { grep -E '^ +kij[0-9]+ \[value\]|^ +out_(relu|raw) \[value\]' | head -1 | sed 's/^ *//; s/ - .*//'; }

ok=1
[ "$vrc" = "$want" ] || { echo "agree.sh: Verilator exit $vrc, expected $want" >&2; ok=0; }
[ "$irc" = "$want" ] || { echo "agree.sh: Icarus exit $irc, expected $want" >&2; ok=0; }
vr=$(rows <<<"$vout"); ir=$(rows <<<"$iout")
[ -n "$vr" ] || { echo "agree.sh: no verdict rows from Verilator" >&2; ok=0; }
if [ "$vr" != "$ir" ]; then
  echo "agree.sh: the verdicts differ (< Verilator, > Icarus):" >&2
  diff <(printf '%s\n' "$vr") <(printf '%s\n' "$ir") >&2; ok=0
fi
vl=$(tail -n 1 <<<"$vout"); il=$(tail -n 1 <<<"$iout")
[ "$vl" = "$il" ] || { echo "agree.sh: last lines differ: '$vl' vs '$il'" >&2; ok=0; }
vf=$(first_value <<<"$vout"); if_=$(first_value <<<"$iout")
[ "$vf" = "$if_" ] || { echo "agree.sh: first value mismatches differ:"$'\n'"  $vf"$'\n'"  $if_" >&2; ok=0; }
[ $ok = 1 ] && echo "agree.sh: Verilator and Icarus agree: $vl (exit $vrc)${vf:+; first mismatch: $vf}"
[ $ok = 1 ]
