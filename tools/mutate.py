#!/usr/bin/env python3
"""Planted-bug campaign: can the harness's checks be fooled?

Applies each single-point mutation of tools/mutants.py to a copy of rtl/
(never to the tree itself), verilates every mutant into one program
(model mut_<id> each, built by `cosim build`), runs them under several flows
and prints which check caught it, where, and which check of the fast flow
(--flow fast) caught it. Ends with the lines `under --flow fast: K of N
caught` and `mutants: K killed, S survived, E equivalent`; exits 1 if any
mutant that is not declared equivalent survived, or the fast flow missed one
that is not declared correct under its contract (`fast_blind`).

  tools/mutate.py --cosim build/cosim  the whole campaign (make mutate)
  tools/mutate.py --only ID,ID ...     some mutants
  tools/mutate.py --list               the mutants
  tools/mutate.py --apply ID --out DIR write one mutated copy of rtl/ to DIR
  tools/mutate.py --planted DIR [--traced IDS] ID...  the planted-bug models of `make test`:
                                       DIR/<id>/ and DIR/models.toml (a model
                                       list for `cosim build --list`)

Every copy is written file by file, only where it changed, so that an
unchanged mutant keeps its times and its model stays up to date.
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
CORNER_SET = os.path.join(ROOT, "tests", "vectors", "corner")

# The flows each mutant is run under, in order; the first that fails kills it.
# (name, cosim run arguments). "default" is what `make sim` runs: the default
# set and the corner set (the value extremes). Two flows combine others: some
# bugs show only under both (state reset does not clear, seen only when no
# reset between kij lets it live on; an ignored input that matters only
# while a column is still filling).
FLOWS = [
    ("default", ["--vectors", DEFAULT_SET, "--vectors", CORNER_SET]),
    ("generated", ["--gen", "relu,random,max,min,sparse,ones", "--seed", "7", "--repeat", "12"]),
    ("x-init", ["--vectors", DEFAULT_SET, "--x-seeds", "1-3"]),
    ("no-kij-reset", ["--vectors", DEFAULT_SET, "--no-kij-reset"]),
    ("x-init+no-kij-reset", ["--vectors", DEFAULT_SET, "--x-seeds", "1-3", "--no-kij-reset"]),
    ("scramble", ["--vectors", DEFAULT_SET, "--scramble", "99"]),
    ("drain-each", ["--vectors", DEFAULT_SET, "--drain-each"]),
    ("scramble+drain-each", ["--vectors", DEFAULT_SET, "--scramble", "99", "--drain-each"]),
    ("drain-delay", ["--vectors", DEFAULT_SET, "--drain-delay", "32"]),
    # The fast flow (--flow fast) must catch every mutant too: the same
    # variants, under its schedule (it never resets between kij).
    ("fast", ["--vectors", DEFAULT_SET, "--flow", "fast"]),
    ("fast-generated", ["--gen", "relu,random,max,min,sparse,ones", "--seed", "7", "--repeat", "12",
                        "--flow", "fast"]),
    ("fast-x-init", ["--vectors", DEFAULT_SET, "--x-seeds", "1-3", "--flow", "fast"]),
    ("fast-scramble", ["--vectors", DEFAULT_SET, "--scramble", "99", "--flow", "fast"]),
]
FAST = [name for name, args in FLOWS if "fast" in args]


def fail(msg):
    print(f"mutate: {msg}", file=sys.stderr)
    sys.exit(2)


def by_id(ident):
    for m in MUTANTS:
        if m["id"] == ident:
            return m
    fail(f"no mutant '{ident}' (see --list)")


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(text)


def apply(mutant, out_dir):
    """Write a copy of rtl/ to out_dir with the mutant's edits applied."""
    src = os.path.join(ROOT, "rtl")
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(os.listdir(src))
    for stale in set(os.listdir(out_dir)) - set(names):
        p = os.path.join(out_dir, stale)
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    for name in names:
        if os.path.isfile(os.path.join(src, name)):
            with open(os.path.join(src, name)) as f:
                text = f.read()
            if name == mutant["file"]:
                for old, new in mutant["edits"]:
                    n = text.count(old)
                    if n != 1:
                        fail(f"{mutant['id']}: rtl/{mutant['file']} holds {n} copies of {old!r}, "
                             "need 1 (the RTL changed: update tools/mutants.py)")
                    text = text.replace(old, new)
            write_if_changed(os.path.join(out_dir, name), text)


def write_model_list(path, prefix, ids, traced=()):
    """A model list (`cosim build --list`): one model <prefix><id> a mutant,
    our RTL's conventions on the mutated copy DIR/<id>/files.f; for the ids
    in `traced` its VCD-traced model <prefix><id>_vcd too (the one the
    fault location runs)."""
    text = "# Written by tools/mutate.py: one model per mutant of tools/mutants.py.\n"
    for ident in ids:
        text += f'\n[{prefix}{ident}]\nrtl = "{ident}/files.f"\nours = true\n'
        if ident in traced:
            text += f'\n[{prefix}{ident}_vcd]\nrtl = "{ident}/files.f"\nours = true\ntrace = "vcd"\n'
    write_if_changed(path, text)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def build(cosim, mutants, work, jobs):
    mdir = os.path.join(work, "mutants")
    os.makedirs(mdir, exist_ok=True)
    for m in mutants:
        apply(m, os.path.join(mdir, m["id"]))
    write_model_list(os.path.join(mdir, "models.toml"), "mut_", [m["id"] for m in mutants])
    models = os.path.join(work, "models")
    t0 = time.time()
    print(f"mutate: building {len(mutants)} mutant models (-j {jobs}) into {models}", flush=True)
    b = run([cosim, "build", "--list", os.path.join(mdir, "models.toml"), "--build-dir", models,
             "-j", str(jobs), "--quiet"])
    if b.returncode != 0:
        print(b.stdout[-5000:])
        fail("build failed")
    print(f"mutate: built in {time.time() - t0:.0f} s", flush=True)
    return models


def first_failure(report):
    """(case, kind, location) of the first failing case in a cosim --json file
    (schema 2: docs/REPORTS.md): "set/case" when the run has several sets."""
    if report.get("schema_version") != 2:
        fail(f"cosim wrote a JSON report of schema {report.get('schema_version')}, mutate.py reads 2")
    several = len(report["sets"]) > 1
    for s in report["sets"]:
        case = next((c for c in s["cases"] if c["status"] == "FAIL"), None)
        if case is None:
            continue
        mm = [m for m in s["mismatches"] if m["check"] == case["name"]]
        m = mm[0] if mm else {}
        loc = []
        if m.get("kij") is not None:
            loc.append(f"kij {m['kij']}")
        if m.get("nij") is not None:
            loc.append(("o_nij " if case["name"] in ("out_relu", "out_raw") else "nij ") + str(m["nij"]))
        if m.get("col") is not None:
            loc.append(f"col {m['col']}")
        if m.get("cycle") is not None and m.get("kind") != "not-reached":
            loc.append(f"cycle {m['cycle']}")
        where = " ".join(loc)
        if m.get("kind") in ("not-reached", "protocol", "unexpected", "duplicate", "x-dependent",
                             "missing"):
            where = (where + ": " if where else "") + (m.get("note") or "")[:90]
        name = f"{s['name']}/{case['name']}" if several else case["name"]
        return name, m.get("kind", "?"), where
    return None


def judge(cosim, models, mutant, work):
    """Runs the flows; returns (killed_by, details) with details per flow."""
    details = []
    killed_by = None
    for name, args in FLOWS:
        js = os.path.join(work, "json", f"{mutant['id']}.{name}.json")
        os.makedirs(os.path.dirname(js), exist_ok=True)
        if os.path.exists(js):
            os.remove(js)
        r = run([cosim, "run", "--model-dir", models, "--model", "mut_" + mutant["id"], "--no-build",
                 "--json", js, "--max-report", "0", "--no-locate"] + args, timeout=600)
        if r.returncode == 0:
            details.append((name, "pass", ""))
            continue
        if r.returncode not in (1, 3, 4) or not os.path.exists(js):
            details.append((name, f"error (exit {r.returncode})", r.stdout.strip()[-200:]))
            continue
        with open(js) as f:
            report = json.load(f)
        ff = first_failure(report)
        how = "hung (exit 3)" if r.returncode == 3 else "mismatch (exit 1)"
        details.append((name, how, ff))
        if killed_by is None:
            killed_by = name
            diagnosis = next((s["diagnosis"] for s in report["sets"] if s.get("diagnosis")), "")
    return killed_by, details, diagnosis if killed_by else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="list the mutants")
    ap.add_argument("--apply", metavar="ID", help="write one mutated copy of rtl/ (with --out)")
    ap.add_argument("--out", metavar="DIR", help="where --apply writes")
    ap.add_argument("--only", metavar="IDS", help="comma-separated mutant ids")
    ap.add_argument("--planted", metavar="DIR", help="write the planted-bug models of the tests "
                    "(the ids after it) to DIR, with DIR/models.toml")
    ap.add_argument("ids", nargs="*", help="with --planted: the mutant ids")
    ap.add_argument("--traced", metavar="IDS", default="",
                    help="with --planted: comma-separated ids whose VCD-traced model is built too")
    ap.add_argument("--cosim", metavar="EXE", default=os.path.join(ROOT, "build", "cosim"),
                    help="the cosim program that builds and runs the mutants (default build/cosim)")
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
    if a.planted:
        for ident in a.ids:
            apply(by_id(ident), os.path.join(a.planted, ident))
        traced = [t for t in a.traced.split(",") if t]
        unknown = [t for t in traced if t not in a.ids]
        if unknown:
            fail(f"--traced {','.join(unknown)}: not among the planted ids")
        write_model_list(os.path.join(a.planted, "models.toml"), "planted_", a.ids, traced)
        return 0
    if a.ids:
        fail("mutant ids are taken only with --planted (use --only ID,ID)")
    if not os.access(a.cosim, os.X_OK):
        fail(f"{a.cosim} is not built (make build-cosim)")

    mutants = [by_id(i) for i in a.only.split(",")] if a.only else MUTANTS
    ids = [m["id"] for m in mutants]
    if len(set(ids)) != len(ids):
        fail("duplicate mutant ids")
    models = build(os.path.abspath(a.cosim), mutants, os.path.abspath(a.work), a.jobs)

    killed = survived = equivalent = 0
    wrong_equivalence = []
    wrong_diagnosis = []
    missed_expected = []
    print()
    print("flows: " + ", ".join(f"{n} ({' '.join(os.path.basename(x) if x.startswith('/') else x for x in args)})"
                                for n, args in FLOWS))
    print("caught by: the first flow that failed (+N: how many other flows failed too), its first "
          "failing check and where; then the first fast flow that failed and its check")
    print(f"{'mutant':<28} {'verdict':<11} {'caught by':<22} {'first failing check':<26} {'fast flows: first caught by':<33} where")
    fast_caught = fast_due = 0
    fast_missed = []
    fast_blind = []      # (id, reason): declared not observable under the fast flow
    wrong_blind = []     # declared so, but a fast flow caught it
    for m in mutants:
        killed_by, details, diagnosis = judge(os.path.abspath(a.cosim), models, m, os.path.abspath(a.work))
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
        fast = next((f for f in flows if f in FAST), "")
        if fast:
            ff = next(d for d in details if d[0] == fast)[2]
            if isinstance(ff, tuple):
                fast = f"{fast}: {ff[0]} [{ff[1]}]"
        if m.get("fast_blind"):
            (wrong_blind if fast else fast_blind).append((m["id"], m["fast_blind"]))
        elif not m.get("equivalent"):
            fast_due += 1
            if fast:
                fast_caught += 1
            else:
                fast_missed.append(m["id"])

        print(f"{m['id']:<28} {verdict:<11} {caught or '-':<22} {check:<26} {fast or '-':<33} {where}")
        if diagnosis:
            print(f"{'':<28} diagnosis: {diagnosis}")
        want = m.get("diagnosis")
        if killed_by and want is not None and not diagnosis.startswith(want):
            wrong_diagnosis.append((m["id"], want, diagnosis))
        for d in errors:
            print(f"{'':<28} flow {d[0]}: {d[1]}: {d[2]}")
    print()
    for ident in wrong_equivalence:
        print(f"mutate: {ident} is declared equivalent but was killed: fix tools/mutants.py")
    for ident, flow in missed_expected:
        print(f"mutate: {ident} must be caught by the {flow} flow and was not: that check is broken")
    for ident, want, got in wrong_diagnosis:
        print(f"mutate: {ident} must be diagnosed '{want}...', the diagnosis says '{got}'")
    for ident in fast_missed:
        print(f"mutate: {ident} survived every fast flow ({', '.join(FAST)})")
    for ident, _ in wrong_blind:
        print(f"mutate: {ident} is declared not observable under --flow fast but a fast flow caught it: "
              "fix tools/mutants.py")
    blind = "".join(f"; {ident} not observable under it: {why}" for ident, why in fast_blind)
    print(f"under --flow fast: {fast_caught} of {fast_due} caught{blind}")
    print(f"mutants: {killed} killed, {survived} survived, {equivalent} equivalent")
    return 1 if (survived or wrong_equivalence or missed_expected or wrong_diagnosis or fast_missed
                 or wrong_blind) else 0


if __name__ == "__main__":
    sys.exit(main())
