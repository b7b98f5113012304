#!/usr/bin/env bash
# icarus_dump.sh OUTDIR VECTORS "VWINDOW" "IWINDOW" VCOSIM -- ICOSIM [EMIT ARGS...]
# The Icarus replay's waveform option against cosim's trace of the same run:
#   Verilator: VCOSIM run --vectors VECTORS --trace OUTDIR/verilator.vcd VWINDOW
#   Icarus:    ICOSIM emit-tb --vectors VECTORS EMIT ARGS --out OUTDIR/tb;
#              tools/iverilog_run.sh OUTDIR/tb +dump=OUTDIR/icarus.vcd IWINDOW
# (VWINDOW e.g. "--trace-cycles 150:170", IWINDOW "+dump_cycles=150:170").
# Then: iverilog_run.sh names the trace and the cycles it holds, every signal
# of tools/cosim.gtkw is in the Icarus VCD with its width (its scopes are
# renamed as in cosim's traces), and tests/byo/vcd_same.py compares the two
# VCDs (same stamps, same values of every signal both have). Exits with
# vcd_same.py's verdict: 0 the same, 1 different; 2 a step before it failed.
set -u
out=$1 vectors=$2 vwin=$3 iwin=$4 vcosim=$5
shift 5
[ "${1:-}" = "--" ] || { echo "icarus_dump.sh: expected -- before the Icarus cosim" >&2; exit 2; }
shift
icosim=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${COSIM_PYTHON:-python3}

rm -rf "$out" && mkdir -p "$out" || exit 2
# shellcheck disable=SC2086  # the windows are word lists on purpose
"$vcosim" run --vectors "$vectors" --trace "$out/verilator.vcd" $vwin >"$out/verilator.txt" 2>&1
echo "verilator: exit $? ($(tail -n 1 "$out/verilator.txt"))"
[ -s "$out/verilator.vcd" ] || { cat "$out/verilator.txt"; echo "icarus_dump.sh: no Verilator trace" >&2; exit 2; }
"$icosim" emit-tb --vectors "$vectors" "$@" --out "$out/tb" >"$out/emit.txt" 2>&1 ||
  { cat "$out/emit.txt"; echo "icarus_dump.sh: emit-tb failed" >&2; exit 2; }
# shellcheck disable=SC2086
"$root/tools/iverilog_run.sh" "$out/tb" "+dump=$out/icarus.vcd" $iwin >"$out/icarus.txt" 2>&1
echo "icarus: exit $? ($(tail -n 1 "$out/icarus.txt"))"
grep '^icarus: trace ' "$out/icarus.txt" ||
  { cat "$out/icarus.txt"; echo "icarus_dump.sh: iverilog_run.sh did not name the trace" >&2; exit 2; }
grep -q '^\$timescale' "$out/icarus.vcd" && grep -q '100ps' "$out/icarus.vcd" ||
  { echo "icarus_dump.sh: $out/icarus.vcd has no 100ps time scale" >&2; exit 2; }
"$py" "$root/tests/core/check_gtkw.py" "$root/tools/cosim.gtkw" "$out/icarus.vcd" || exit 2
u=TOP.cosim_top
"$py" "$here/vcd_same.py" "$out/verilator.vcd" "$out/icarus.vcd" --min-signals 1000 \
  --require $u.clk --require $u.inst --require $u.probe_psum_data --require $u.sfp_out \
  --require $u.ofifo_valid --require "$u.u_core.u_corelet.u_mac_array.g_row[7].g_col[7].u_pe.psum_q"
