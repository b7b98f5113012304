#!/usr/bin/env bash
# expect.sh CODE [--match REGEX]... [--no-match REGEX]... -- COMMAND...
# Runs COMMAND, passes when it exits with CODE and its output (stdout+stderr)
# matches every --match REGEX (grep -E) and no --no-match REGEX. Prints the
# output either way, so a failing ctest shows what the command said.
set -u
want=$1; shift
patterns=()
absent=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --match) patterns+=("$2") ;;
    --no-match) absent+=("$2") ;;
    *) echo "expect.sh: bad argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
shift
out=$("$@" 2>&1); rc=$?
printf '%s\n' "$out"
ok=1
if [ "$rc" != "$want" ]; then
  echo "expect.sh: exit code $rc, expected $want" >&2; ok=0
fi
for p in "${patterns[@]}"; do
  if ! grep -Eq -- "$p" <<<"$out"; then
    echo "expect.sh: output does not match: $p" >&2; ok=0
  fi
done
for p in "${absent[@]}"; do
  if grep -Eq -- "$p" <<<"$out"; then
    echo "expect.sh: output matches what it must not: $p" >&2; ok=0
  fi
done
[ $ok = 1 ]
