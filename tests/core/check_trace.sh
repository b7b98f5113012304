#!/usr/bin/env bash
# check_trace.sh COSIM VECTORS OUT.vcd FIRST LAST
# Runs a traced window of cycles FIRST:LAST and checks the VCD: it has a
# header, its time stamps are clock periods (cycle N at N ns = #N*10 in
# 100 ps units) and they stay inside the window.
set -eu
cosim=$1 vectors=$2 vcd=$3 first=$4 last=$5
rm -f "$vcd"
"$cosim" run --vectors "$vectors" --trace "$vcd" --trace-cycles "$first:$last" >/dev/null
grep -q '^\$timescale' "$vcd" || { echo "no \$timescale in $vcd"; exit 1; }
grep -q '100ps' "$vcd" || { echo "time resolution is not 100ps"; exit 1; }
grep -q 'clk' "$vcd" || { echo "no clk signal in $vcd"; exit 1; }
stamps=$(grep -E '^#[0-9]+$' "$vcd" | tr -d '#')
lo=$(sort -n <<<"$stamps" | head -1)
hi=$(sort -n <<<"$stamps" | tail -1)
[ "$lo" -eq $((first * 10)) ] || { echo "first stamp #$lo, expected #$((first * 10))"; exit 1; }
[ "$hi" -eq $((last * 10 + 5)) ] || { echo "last stamp #$hi, expected #$((last * 10 + 5))"; exit 1; }
echo "trace ok: #$lo..#$hi"
