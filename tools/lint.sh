#!/usr/bin/env bash
# Lint the RTL: verilator --lint-only -Wall and iverilog -g2012 elaboration of
# the whole design (top `core`, at the default size and a few others) and of
# each module alone with only the files it needs. One line per check; any
# warning or error fails the check and the script exits 1.
#
# The file list is rtl/files.f (the one the CMake build reads): a module's own
# file list is computed from it by following instantiations, in files.f order.
# rtl/lint.vlt (Verilator waivers), if present, is passed to every Verilator run.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rtl=$root/rtl
filelist=$rtl/files.f
cd "$rtl" || exit 2

for tool in verilator iverilog; do
  command -v "$tool" >/dev/null || { echo "lint: $tool not found (make deps)" >&2; exit 2; }
done

# The files of files.f, in order, and the module each one holds.
files=()
while IFS= read -r line; do
  line=${line%%//*}; line=${line%%#*}
  line=$(echo "$line" | xargs)
  [ -n "$line" ] && files+=("$line")
done <"$filelist"
modules=()
for f in "${files[@]}"; do modules+=("$(basename "$f" .sv)"); done

waiver=()
[ -f lint.vlt ] && waiver=(lint.vlt)

file_of() {  # module -> file
  local i
  for i in "${!modules[@]}"; do
    [ "${modules[$i]}" = "$1" ] && { echo "${files[$i]}"; return; }
  done
}

# Modules of files.f that <module> instantiates, directly or not (and itself).
needs() {
  local todo=("$1") seen=" $1 " m n
  while [ ${#todo[@]} -gt 0 ]; do
    m=${todo[0]}; todo=("${todo[@]:1}")
    for n in "${modules[@]}"; do
      case "$seen" in *" $n "*) continue ;; esac
      if grep -Eq "^[[:space:]]*$n([[:space:]]+(#|u_)|[[:space:]]*#)" "$(file_of "$m")"; then
        seen="$seen$n "; todo+=("$n")
      fi
    done
  done
  # Back in files.f order (leaves first).
  for n in "${modules[@]}"; do
    case "$seen" in *" $n "*) file_of "$n" ;; esac
  done
}

fails=0
check() {  # <label> <command...>: passes when the command succeeds silently
  local label=$1 out rc
  shift
  out=$("$@" 2>&1); rc=$?
  if [ $rc -eq 0 ] && [ -z "$out" ]; then
    printf 'lint: ok    %s\n' "$label"
  else
    printf 'lint: FAIL  %s\n' "$label"
    printf '%s\n' "$out" | sed 's/^/      /'
    fails=$((fails + 1))
  fi
}

# Illegal parameters must stop elaboration in both tools.
check_rejects() {  # <label> <command...>: passes when the command fails
  local label=$1
  shift
  if "$@" >/dev/null 2>&1; then
    printf 'lint: FAIL  %s (accepted)\n' "$label"
    fails=$((fails + 1))
  else
    printf 'lint: ok    %s\n' "$label"
  fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The whole design: default size, then other array shapes (widths that only
# show up at other sizes, e.g. a 1-row skew, must lint too).
for size in "8 8" "2 2" "4 4" "1 1" "2 3"; do
  set -- $size
  params=(-Grow=$1 -Gcol=$2)
  ivparams=(-Pcore.row=$1 -Pcore.col=$2)
  check "verilator core row=$1 col=$2" \
    verilator --lint-only -Wall "${waiver[@]}" --top-module core "${params[@]}" -f files.f
  check "iverilog  core row=$1 col=$2" \
    iverilog -g2012 -Wall -s core "${ivparams[@]}" -o "$tmp/core.vvp" -c files.f
done

# Each module alone, with only the files it needs.
for m in "${modules[@]}"; do
  mapfile -t own < <(needs "$m")
  check "verilator $m (${own[*]})" \
    verilator --lint-only -Wall "${waiver[@]}" --top-module "$m" "${own[@]}"
  check "iverilog  $m (${own[*]})" \
    iverilog -g2012 -Wall -s "$m" -o "$tmp/$m.vvp" "${own[@]}"
done

# Illegal parameter values are refused at elaboration, by both tools.
for bad in "core psum_bw=8" "fifo_sync Depth=1" "sfp AccW=8" "pe WgtW=5" "sram_sp Depth=1"; do
  set -- $bad
  mapfile -t own < <(needs "$1")
  check_rejects "verilator rejects $1 $2" \
    verilator --lint-only -Wall "${waiver[@]}" --top-module "$1" "-G$2" "${own[@]}"
  check_rejects "iverilog  rejects $1 $2" \
    iverilog -g2012 -s "$1" "-P$1.$2" -o "$tmp/bad.vvp" "${own[@]}"
done

if [ $fails -ne 0 ]; then
  echo "lint: $fails check(s) failed"
  exit 1
fi
echo "lint: all checks passed"
