#!/usr/bin/env python3
"""Checks the report of the planted PE bug (activation sign-extended) against
an independent prediction, then checks the waveform at the reported cycle.

From the vector files alone (not the golden model's code), it computes every
psum and output twice: as the maths says (activation unsigned) and as the
planted bug computes it (activation's top bit taken as a sign). The report
(cosim --json) must list a value mismatch exactly where the two differ, with
expected = correct and actual = buggy, and nothing else. Then a VCD window
around the first mismatch's cycle must show that word on the psum-SRAM probe
at that cycle's time (cycle N = N ns = #N*10 at 100 ps resolution).
"""

import argparse
import json
import os
import subprocess
import sys

ROWS = COLS = 8
PSUM_W = 16
N_KIJ = 9


def data_lines(path):
    with open(path) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def wrap(v, bits=PSUM_W):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def fields(word, count, width):
    """Fields of a binary string, element 0 = the least significant."""
    return [int(word[len(word) - (i + 1) * width: len(word) - i * width], 2) for i in range(count)]


def signed(v, bits):
    return v - (1 << bits) if v >> (bits - 1) else v


def predict(vectors):
    """Every psum and output, correct and with the bug; the map's size is
    what the activation file holds ((map + 2)^2 positions)."""
    act = [fields(w, ROWS, 4) for w in data_lines(os.path.join(vectors, "activation.txt"))]
    wgt = [[[signed(x, 4) for x in fields(w, ROWS, 4)]
            for w in data_lines(os.path.join(vectors, f"weight_kij{k}.txt"))] for k in range(N_KIJ)]
    n_nij = len(act)
    side = round(n_nij ** 0.5)
    out_side = side - 2
    good, bad = {}, {}
    for k in range(N_KIJ):
        for n in range(n_nij):
            for c in range(COLS):
                good[(k, n, c)] = wrap(sum(wgt[k][c][r] * act[n][r] for r in range(ROWS)))
                bad[(k, n, c)] = wrap(sum(wgt[k][c][r] * signed(act[n][r], 4) for r in range(ROWS)))
    out_good, out_bad = {}, {}
    for o in range(out_side * out_side):
        oi, oj = divmod(o, out_side)
        for c in range(COLS):
            sg = sb = 0
            for k in range(N_KIJ):
                ki, kj = divmod(k, 3)
                n = (oi + ki) * side + (oj + kj)
                sg, sb = wrap(sg + good[(k, n, c)]), wrap(sb + bad[(k, n, c)])
            out_good[(o, c)], out_bad[(o, c)] = max(sg, 0), max(sb, 0)
    return good, bad, out_good, out_bad


def vcd_value_at(path, name, time):
    """Value (int) of the VCD variable `name` at `time`."""
    ident, value = None, None
    with open(path) as f:
        now = -1
        for line in f:
            t = line.split()
            if not t:
                continue
            if t[0] == "$var" and t[4] == name and ident is None:
                ident = t[3]
            elif t[0].startswith("#"):
                now = int(t[0][1:])
                if now > time:
                    break
            elif ident is not None and t[0].startswith("b") and len(t) == 2 and t[1] == ident:
                value = int(t[0][1:], 2)
            elif ident is not None and len(t) == 1 and t[0][1:] == ident and t[0][0] in "01":
                value = int(t[0][0])
    if ident is None:
        sys.exit(f"predict_planted: no variable {name} in {path}")
    return value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()

    good, bad, out_good, out_bad = predict(a.vectors)
    with open(a.json) as f:
        report = json.load(f)
    if report.get("schema_version") != 2 or len(report["sets"]) != 1:
        sys.exit(f"predict_planted: {a.json}: expected a report of schema 2 with one set")
    mm = report["sets"][0]["mismatches"]
    errors = []

    want_psum = {k: (good[k], bad[k]) for k in good if good[k] != bad[k]}
    got_psum = {(m["kij"], m["nij"], m["col"]): (m["expected"], m["actual"])
                for m in mm if m["check"].startswith("kij") and m["kind"] == "value"}
    want_out = {k: (out_good[k], out_bad[k]) for k in out_good if out_good[k] != out_bad[k]}
    got_out = {(m["nij"], m["col"]): (m["expected"], m["actual"])
               for m in mm if m["check"] == "out_relu" and m["kind"] == "value"}
    others = [m for m in mm if m["kind"] != "value"]
    if not want_psum:
        errors.append("the prediction finds no affected psum: the vector set cannot show this bug")
    if want_psum != got_psum:
        errors.append(f"psum mismatches: predicted {len(want_psum)}, reported {len(got_psum)}, "
                      f"{len(set(want_psum.items()) ^ set(got_psum.items()))} differ")
    if want_out != got_out:
        errors.append(f"output mismatches: predicted {len(want_out)}, reported {len(got_out)}")
    if others:
        errors.append(f"{len(others)} unexpected non-value mismatches, first: {others[0]}")
    print(f"predicted {len(want_psum)} psum and {len(want_out)} output mismatches; "
          f"report has {len(got_psum)} and {len(got_out)}")

    # The waveform at the first reported mismatch.
    first = next(m for m in mm if m["check"].startswith("kij"))
    cycle = first["cycle"]
    vcd = os.path.join(a.work, "planted_window.vcd")
    if os.path.exists(vcd):
        os.remove(vcd)
    r = subprocess.run([a.cosim, "run", "--model", a.model, "--vectors", a.vectors, "--trace", vcd,
                        "--trace-cycles", f"{max(cycle - 3, 0)}:{cycle + 3}"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 1:
        errors.append(f"traced run exited {r.returncode}, expected 1")
    data = vcd_value_at(vcd, "probe_psum_data", cycle * 10)
    addr = vcd_value_at(vcd, "probe_psum_addr", cycle * 10)
    we = vcd_value_at(vcd, "probe_psum_we", cycle * 10)
    lane = wrap((data >> (first["col"] * PSUM_W)) & 0xFFFF)
    print(f"first mismatch: kij {first['kij']} nij {first['nij']} col {first['col']} at cycle "
          f"{cycle}; waveform at #{cycle * 10}: probe_psum_we={we} addr={addr} lane={lane}")
    if (we, addr, lane) != (1, first["addr"], first["actual"]):
        errors.append(f"waveform at cycle {cycle} shows we={we} addr={addr} value={lane}, the report "
                      f"says addr={first['addr']} actual={first['actual']}")
    for e in errors:
        print("predict_planted: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
