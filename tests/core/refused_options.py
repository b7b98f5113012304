#!/usr/bin/env python3
"""cli.options.refused: every bad option value of the issue, on every
sub-command that takes the option, is refused before anything runs with
exit 2 and one line, `error: cosim SUB: --OPTION: REASON (see cosim SUB
--help)`, the same REASON on every sub-command.

  refused_options.py --cosim EXE --vectors DIR --work DIR
"""
import argparse
import os
import re
import subprocess
import sys

# option value -> the sub-commands that take the option
BAD = [
    (["--seed", "-1"], ["run", "emit-tb", "schedule", "calibrate", "gen"]),
    (["--max-cycles", "0"], ["run", "emit-tb"]),
    (["--wait-bound", "0"], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--settle", "-5"], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--kij", ""], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--kij", "0,0"], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--kij", "0-400000000"], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--x-seeds", ""], ["run"]),
    (["--x-seeds", "0"], ["run"]),
    (["--max-report", "-1"], ["run", "emit-tb", "check"]),
    (["--vectors", ""], ["run", "emit-tb", "schedule", "calibrate", "check"]),
    (["--repeat", "0"], ["run"]),
    (["--scramble", "-3"], ["run", "emit-tb", "schedule", "calibrate"]),
    (["--json", ""], ["run"]),
    (["--tile", "1"], ["run", "emit-tb", "schedule", "calibrate", "check"]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    # What each sub-command needs besides the option under test.
    base = {"run": [], "emit-tb": ["--out", os.path.join(a.work, "refused_tb")],
            "schedule": ["--out", os.path.join(a.work, "refused.txt")],
            "calibrate": ["--out", os.path.join(a.work, "refused.toml")],
            "gen": ["--out", os.path.join(a.work, "refused_gen")], "check": ["--vectors", a.vectors]}
    bad = 0
    for opt, subs in BAD:
        reasons = {}
        for sub in subs:
            extra = [x for x in base[sub] if not (opt[0] == "--vectors" and x == a.vectors)]
            if opt[0] == "--vectors" and sub == "check":
                extra = []
            cmd = [a.cosim, sub, *extra, *opt]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
            lines = r.stdout.strip().splitlines()
            m = re.match(rf"^error: cosim {re.escape(sub)}: {re.escape(opt[0])}: (.+) \(see cosim {re.escape(sub)} --help\)$",
                         lines[0]) if lines else None
            shown = " ".join(f"'{x}'" if x == "" else x for x in cmd[1:])
            if r.returncode != 2 or len(lines) != 1 or not m:
                print(f"FAIL cosim {shown}: exit {r.returncode}, {len(lines)} lines:\n  " + "\n  ".join(lines[:5]))
                bad += 1
                continue
            reasons[sub] = m.group(1)
            print(f"ok   cosim {shown}: {lines[0]}")
        if len(set(reasons.values())) > 1:
            print(f"FAIL {' '.join(opt)}: the reason differs between sub-commands: {reasons}")
            bad += 1
    for d in ("refused_tb", "refused_gen"):
        if os.path.exists(os.path.join(a.work, d)):
            print(f"FAIL {d} was written by a refused command")
            bad += 1
    print(f"refused_options: {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
