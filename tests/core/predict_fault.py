#!/usr/bin/env python3
"""The planted PE bug (activation sign-extended) seen from inside the array:
from the vector files and the schedule alone (`cosim schedule`, not the
harness's timing code), where the first PE goes wrong, and the row timeline
of the first wrong psum row. Checks cosim run's report names both.

  predict_fault.py --cosim EXE --model M --vectors DIR [--latency D0] [--flow-args "..."] [RUN-ARGS...]

D0: PE (r, c) holds vector i in cycle execute_i + D0 + r + c (the core's
design: 1 for rtl/, 2 for tests/byo/compat/pe_grid). RUN-ARGS go to cosim
run (e.g. --pe PATTERN +ws_bug_sign).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import predict_planted as pp


def execute_cycles(cosim, vectors, flow_args):
    """Every vector when every wait succeeds at once (C lines and E bounds
    of `cosim schedule`, counted): {(kij, nij): (execute cycle, pop cycle)}.
    Rows leave the output FIFO in the order their vectors entered, so the
    j-th pop of the run is the row of the j-th execute, whatever kij the
    pop's cycle is labelled with; a kij executes its positions in order, all
    of them or (--positions outputs) those that feed an output."""
    out = subprocess.run([cosim, "schedule", "--vectors", vectors, *flow_args], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    t, execs, pops = 0, [], []
    for line in out.splitlines():
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        if f[0] == "C":
            inst = int(f[4], 16)
            if (inst >> 1) & 1 and (inst >> 3) & 1:
                execs.append((int(f[2]), t))
            if (inst >> 6) & 1:
                pops.append(t)
            t += 1
        elif f[0] == "E":
            t += int(f[3])
    outputs_only = "--positions outputs" in " ".join(flow_args)
    times = {}
    for k in range(9):
        mine = [(t, pops[j] if j < len(pops) else None) for j, (kk, t) in enumerate(execs) if kk == k]
        # Output (oi, oj) of the 4x4 map reads position (oi + ki, oj + kj) of the 6x6 at kij (ki, kj).
        due = sorted({(oi + k // 3) * 6 + oj + k % 3 for oi in range(4) for oj in range(4)}) \
            if outputs_only else list(range(36))
        times.update({(k, n): tp for n, tp in zip(due, mine)})
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--latency", type=int, default=1)
    ap.add_argument("--flow-args", default="", help="flow options for both schedule and run, e.g. '--flow fast'")
    ap.add_argument("--found", action="store_true",
                    help="the report must also say it found the latency (a user's core)")
    a, run_args = ap.parse_known_args()
    act = [pp.fields(w, 8, 4) for w in pp.data_lines(f"{a.vectors}/activation.txt")]
    wgt = [[pp.signed(x, 4) for x in pp.fields(w, 8, 4)]
           for w in pp.data_lines(f"{a.vectors}/weight_kij0.txt")]
    flow_args = a.flow_args.split()
    execs = execute_cycles(a.cosim, a.vectors, flow_args)
    # PE (r, c) holds vector i in cycle execute_i + D0 + r + c; its psum the
    # partial sum of rows 0..r. The first (cycle, row, col) where the bug's
    # partial sum differs from the right one.
    first = None
    for i, (e, _) in sorted((n, tp) for (k, n), tp in execs.items() if k == 0):
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
    e, p = execs[(0, n)]
    want_row = f"row executed at {e} (L0 row r leaves at {e}+r), popped at {p}"
    js = os.path.join(tempfile.mkdtemp(prefix="predict_fault_"), "run.json")
    r = subprocess.run([a.cosim, "run", "--model", a.model, "--vectors", a.vectors, "--max-report", "1",
                        "--json", js, *flow_args, *run_args],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout)
    ok = True
    # Every psum mismatch of every kij: its row's execute and pop where the schedule puts them.
    rows = 0
    for m in [m for s in json.load(open(js))["sets"] for m in s["mismatches"]]:
        if m["kind"] != "value" or m["kij"] is None:
            continue
        e, p = execs[(m["kij"], m["nij"])]
        got = m["row"] and (m["row"]["executed"], m["row"]["popped"])
        if got != (e, p):
            print(f"predict_fault: kij {m['kij']} nij {m['nij']}: the report's row {m['row']}, "
                  f"the schedule's executed {e} popped {p}", file=sys.stderr)
            ok = False
            break
        rows += 1
    print(f"predict_fault: {rows} mismatching psum words, each row's execute and pop as the schedule says")
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
