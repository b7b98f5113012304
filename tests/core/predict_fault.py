#!/usr/bin/env python3
"""The planted PE bug (activation sign-extended) seen from inside the array:
from the vector files and the schedule alone (`cosim schedule`, not the
harness's timing code), where the first PE goes wrong, and the row timeline
of the first wrong psum row. Checks cosim run's report names both.

  predict_fault.py --cosim EXE --model M --vectors DIR [--latency D0] [RUN-ARGS...]

D0: PE (r, c) holds vector i in cycle execute_i + D0 + r + c (the core's
design: 1 for rtl/, 2 for tests/byo/compat/pe_grid). RUN-ARGS go to cosim
run (e.g. --pe PATTERN +ws_bug_sign).
"""
import argparse
import re
import subprocess
import sys

import predict_planted as pp


def execute_cycles(cosim, vectors):
    """The cycles of kij 0's executes when every wait succeeds at once
    (C lines and E bounds of `cosim schedule`, counted)."""
    out = subprocess.run([cosim, "schedule", "--vectors", vectors], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    t, execs, pops = 0, [], []
    for line in out.splitlines():
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        if f[0] == "C":
            inst = int(f[4], 16)
            if f[2] == "0" and (inst >> 1) & 1 and (inst >> 3) & 1:
                execs.append(t)
            if f[2] == "0" and (inst >> 6) & 1:
                pops.append(t)
            t += 1
        elif f[0] == "E":
            t += int(f[3])
    return execs, pops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--latency", type=int, default=1)
    ap.add_argument("--found", action="store_true",
                    help="the report must also say it found the latency (a user's core)")
    a, run_args = ap.parse_known_args()
    act = [pp.fields(w, 8, 4) for w in pp.data_lines(f"{a.vectors}/activation.txt")]
    wgt = [[pp.signed(x, 4) for x in pp.fields(w, 8, 4)]
           for w in pp.data_lines(f"{a.vectors}/weight_kij0.txt")]
    execs, pops = execute_cycles(a.cosim, a.vectors)
    # PE (r, c) holds vector i in cycle execute_i + D0 + r + c; its psum the
    # partial sum of rows 0..r. The first (cycle, row, col) where the bug's
    # partial sum differs from the right one.
    first = None
    for i, e in enumerate(execs):
        for r in range(8):
            for c in range(8):
                good = pp.wrap(sum(wgt[c][q] * act[i][q] for q in range(r + 1)))
                bad = pp.wrap(sum(wgt[c][q] * pp.signed(act[i][q], 4) for q in range(r + 1)))
                if good != bad:
                    key = (e + a.latency + r + c, r, c)
                    if first is None or key < first[0]:
                        first = (key, i, good, bad)
    (cycle, r, c), i, good, bad = first
    want_fault = (f"PE (row {r}, col {c}) is the first to go wrong: in cycle {cycle} it holds kij 0 "
                  f"nij {i} (activation {act[i][r]}, weight {wgt[c][r]}) and its psum is {bad}, the "
                  f"golden partial sum of rows 0..{r} is {good}")
    # The first wrong psum row of kij 0 and its timeline.
    good_all, bad_all, _, _ = pp.predict(a.vectors)
    n = min(nij for (k, nij, col) in good_all if k == 0 and good_all[(k, nij, col)] != bad_all[(k, nij, col)])
    want_row = f"row executed at {execs[n]} (L0 row r leaves at {execs[n]}+r), popped at {pops[n]}"
    r = subprocess.run([a.cosim, "run", "--model", a.model, "--vectors", a.vectors, "--max-report", "1", *run_args],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout)
    ok = True
    wants = [want_fault, want_row]
    if a.found:
        wants.append(f"the PE latency found: {a.latency} + 1 row + 1 col cycles after the execute")
    for want in wants:
        if want not in r.stdout:
            print(f"predict_fault: the report does not say: {want}", file=sys.stderr)
            ok = False
    if not re.search(r"^see the first wrong row: .* --trace first_mismatch.fst --trace-cycles \d+:\d+$",
                     r.stdout, re.M):
        print("predict_fault: no trace command for the first wrong row", file=sys.stderr)
        ok = False
    print(f"predicted: {want_fault}; {want_row}")
    return 0 if ok and r.returncode == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
