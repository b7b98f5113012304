#!/usr/bin/env python3
"""Planted-bug campaign: can the harness's checks be fooled?

Applies each single-point mutation of tools/mutants.py to a copy of rtl/
(never to the tree itself), verilates every mutant into one program
(cosim_mutants, CMake option COSIM_MUTANTS_DIR), runs it under several flows
and prints which check caught it, where. Ends with the line
`mutants: K killed, S survived, E equivalent`; exits 1 if any mutant that is
not declared equivalent survived.

  tools/mutate.py                      the whole campaign (make mutate)
  tools/mutate.py --only ID,ID         some mutants
  tools/mutate.py --list               the mutants
  tools/mutate.py --apply ID --out DIR write one mutated copy of rtl/ to DIR
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from mutants import MUTANTS  # noqa: E402

DEFAULT_SET = os.path.join(ROOT, "tests", "vectors", "default")

# The flows each mutant is run under, in order; the first that fails kills it.
# (name, cosim run arguments)
FLOWS = [
    ("default", ["--vectors", DEFAULT_SET]),
    ("generated", ["--gen", "relu,random,max,min,sparse,ones", "--seed", "7", "--repeat", "12"]),
    ("x-init", ["--vectors", DEFAULT_SET, "--x-seeds", "1-3"]),
    ("no-kij-reset", ["--vectors", DEFAULT_SET, "--no-kij-reset"]),
    ("scramble", ["--vectors", DEFAULT_SET, "--scramble", "99"]),
    ("drain-each", ["--vectors", DEFAULT_SET, "--drain-each"]),
]


def fail(msg):
    print(f"mutate: {msg}", file=sys.stderr)
    sys.exit(2)


def by_id(ident):
    for m in MUTANTS:
        if m["id"] == ident:
            return m
    fail(f"no mutant '{ident}' (see --list)")


def apply(mutant, out_dir):
    """Copy rtl/ to out_dir and apply the mutant's edits there."""
    src = os.path.join(ROOT, "rtl")
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    shutil.copytree(src, out_dir)
    path = os.path.join(out_dir, mutant["file"])
    with open(path) as f:
        text = f.read()
    for old, new in mutant["edits"]:
        n = text.count(old)
        if n != 1:
            fail(f"{mutant['id']}: rtl/{mutant['file']} holds {n} copies of {old!r}, need 1 "
                 "(the RTL changed: update tools/mutants.py)")
        text = text.replace(old, new)
    with open(path, "w") as f:
        f.write(text)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def build(mutants, work, jobs):
    mdir = os.path.join(work, "mutants")
    if os.path.exists(mdir):
        shutil.rmtree(mdir)
    for m in mutants:
        apply(m, os.path.join(mdir, m["id"]))
    bdir = os.path.join(work, "build")
    t0 = time.time()
    cfg = run(["cmake", "-S", ROOT, "-B", bdir, "-DCMAKE_BUILD_TYPE=Release",
               "-DCOSIM_SMALL_MODELS=OFF", f"-DCOSIM_MUTANTS_DIR={mdir}"])
    if cfg.returncode != 0:
        print(cfg.stdout)
        fail("configure failed")
    print(f"mutate: configured {len(mutants)} mutants in {time.time() - t0:.0f} s; building "
          f"cosim_mutants (-j {jobs})", flush=True)
    b = run(["cmake", "--build", bdir, "--target", "cosim_mutants", "-j", str(jobs)])
    if b.returncode != 0:
        print(b.stdout[-5000:])
        fail("build failed")
    print(f"mutate: built in {time.time() - t0:.0f} s", flush=True)
    return os.path.join(bdir, "cosim_mutants")


def first_failure(report):
    """(case, kind, location) of the first failing case in a cosim --json file."""
    case = next((c for c in report["cases"] if c["status"] == "FAIL"), None)
    if case is None:
        return None
    mm = [m for m in report["mismatches"] if m["check"] == case["name"]]
    m = mm[0] if mm else {}
    loc = []
    if m.get("kij", -1) >= 0:
        loc.append(f"kij {m['kij']}")
    if m.get("nij", -1) >= 0:
        loc.append(("o_nij " if case["name"] == "out_relu" else "nij ") + str(m["nij"]))
    if m.get("col", -1) >= 0:
        loc.append(f"col {m['col']}")
    if m.get("kind") not in (None, "not-reached", "inconsistent-input"):
        loc.append(f"cycle {m['cycle']}")
    where = " ".join(loc)
    if m.get("kind") in ("not-reached", "protocol", "unexpected", "duplicate", "x-dependent",
                         "missing"):
        where = (where + ": " if where else "") + m.get("note", "")[:90]
    return case["name"], m.get("kind", "?"), where


def judge(exe, mutant, work):
    """Runs the flows; returns (killed_by, details) with details per flow."""
    details = []
    killed_by = None
    for name, args in FLOWS:
        js = os.path.join(work, "json", f"{mutant['id']}.{name}.json")
        os.makedirs(os.path.dirname(js), exist_ok=True)
        if os.path.exists(js):
            os.remove(js)
        r = run([exe, "run", "--model", "mut_" + mutant["id"], "--json", js, "--max-report", "0"]
                + args, timeout=600)
        if r.returncode == 0:
            details.append((name, "pass", ""))
            continue
        if r.returncode not in (1, 3) or not os.path.exists(js):
            details.append((name, f"error (exit {r.returncode})", r.stdout.strip()[-200:]))
            continue
        with open(js) as f:
            ff = first_failure(json.load(f))
        how = "hung (exit 3)" if r.returncode == 3 else "mismatch (exit 1)"
        details.append((name, how, ff))
        if killed_by is None:
            killed_by = name
    return killed_by, details


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="list the mutants")
    ap.add_argument("--apply", metavar="ID", help="write one mutated copy of rtl/ (with --out)")
    ap.add_argument("--out", metavar="DIR", help="where --apply writes")
    ap.add_argument("--only", metavar="IDS", help="comma-separated mutant ids")
    ap.add_argument("--work", metavar="DIR", default=os.path.join(ROOT, "build-mutate"),
                    help="work folder (default build-mutate/)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()

    if a.list:
        for m in MUTANTS:
            eq = "  [declared equivalent]" if m.get("equivalent") else ""
            print(f"{m['id']:<28} rtl/{m['file']:<14} {m['what']}{eq}")
        return 0
    if a.apply:
        if not a.out:
            fail("--apply needs --out DIR")
        apply(by_id(a.apply), a.out)
        return 0

    mutants = [by_id(i) for i in a.only.split(",")] if a.only else MUTANTS
    ids = [m["id"] for m in mutants]
    if len(set(ids)) != len(ids):
        fail("duplicate mutant ids")
    exe = build(mutants, os.path.abspath(a.work), a.jobs)

    killed = survived = equivalent = 0
    wrong_equivalence = []
    missed_expected = []
    print()
    print("flows: " + ", ".join(f"{n} ({' '.join(x for x in args if not x.startswith('/'))})"
                                for n, args in FLOWS))
    print("caught by: the first flow that failed (+N: how many other flows failed too)")
    print(f"{'mutant':<28} {'verdict':<11} {'caught by':<15} {'first failing check':<22} where")
    for m in mutants:
        killed_by, details = judge(exe, m, os.path.abspath(a.work))
        must = m.get("caught_by")
        if must and not any(d[0] == must and d[1] != "pass" and not d[1].startswith("error")
                            for d in details):
            missed_expected.append((m["id"], must))
        if killed_by:
            killed += 1
            verdict = "killed"
            flow = next(d for d in details if d[0] == killed_by)
            ff = flow[2]
            check = f"{ff[0]} [{ff[1]}]" if isinstance(ff, tuple) else flow[1]
            where = ff[2] if isinstance(ff, tuple) else ""
            if m.get("equivalent"):
                wrong_equivalence.append(m["id"])
        elif m.get("equivalent"):
            equivalent += 1
            verdict, killed_by, check, where = "equivalent", "-", "-", m["equivalent"]
        else:
            survived += 1
            verdict, killed_by, check, where = "SURVIVED", "-", "-", m["what"]
        errors = [d for d in details if d[1].startswith("error")]
        flows = [d[0] for d in details if d[1] != "pass" and not d[1].startswith("error")]
        caught = flows[0] + (f" +{len(flows) - 1}" if len(flows) > 1 else "") if flows else ""

        print(f"{m['id']:<28} {verdict:<11} {caught or '-':<15} {check:<22} {where}")
        for d in errors:
            print(f"{'':<28} flow {d[0]}: {d[1]}: {d[2]}")
    print()
    for ident in wrong_equivalence:
        print(f"mutate: {ident} is declared equivalent but was killed: fix tools/mutants.py")
    for ident, flow in missed_expected:
        print(f"mutate: {ident} must be caught by the {flow} flow and was not: that check is broken")
    print(f"mutants: {killed} killed, {survived} survived, {equivalent} equivalent")
    return 1 if survived or wrong_equivalence or missed_expected else 0


if __name__ == "__main__":
    sys.exit(main())
