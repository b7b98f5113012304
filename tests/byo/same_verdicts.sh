#!/usr/bin/env bash
# same_verdicts.sh RC -- COMMAND_A... -- COMMAND_B...
# Passes when two `cosim run` commands give the same verdict rows (check,
# result, checked, failed), the same last line and both exit with RC: a
# user-path build of a core against the built-in build of the same core.
set -u
want=$1; shift
[ "$1" = "--" ] || { echo "same_verdicts.sh: expected --" >&2; exit 2; }
shift
a=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do a+=("$1"); shift; done
shift
aout=$("${a[@]}" 2>&1); arc=$?
bout=$("$@" 2>&1); brc=$?
echo "=== A (exit $arc): ${a[*]} ==="; printf '%s\n' "$aout"
echo "=== B (exit $brc): $* ===";      printf '%s\n' "$bout"
rows() { grep -E '^(kij[0-9]+|out_relu|input_consistency) +(PASS|FAIL|SKIP) ' | awk '{print $1, $2, $3, $4}'; }
ok=1
[ "$arc" = "$want" ] && [ "$brc" = "$want" ] || { echo "same_verdicts.sh: exits $arc and $brc, expected $want" >&2; ok=0; }
ra=$(rows <<<"$aout"); rb=$(rows <<<"$bout")
[ -n "$ra" ] || { echo "same_verdicts.sh: no verdict rows" >&2; ok=0; }
[ "$ra" = "$rb" ] || { echo "same_verdicts.sh: verdicts differ:" >&2; diff <(printf '%s\n' "$ra") <(printf '%s\n' "$rb") >&2; ok=0; }
[ "$(tail -n 1 <<<"$aout")" = "$(tail -n 1 <<<"$bout")" ] || { echo "same_verdicts.sh: last lines differ" >&2; ok=0; }
[ $ok = 1 ]
