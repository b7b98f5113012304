#!/usr/bin/env python3
"""cli.report.*: the JSON and JUnit reports of `cosim run` (docs/REPORTS.md).

  check_reports.py CASE --cosim EXE --work DIR --vectors V --corner C --doc REPORTS.md --xsd JUnit.xsd

The JSON is validated against the schema table of docs/REPORTS.md, both ways
(every documented key present with a documented type, every key of the report
documented); the JUnit XML against the Ant schema with xmllint. Cases:

  every_set     folders and generated sets in one run: one suite and one set
                entry each, distinct class names, the run's totals
  replaces_old  a run of generated sets that all pass replaces an old report
  files_wrong   a given file that disagrees: exit 4, an <error>, not a <failure>
  both_wrong    the planted PE bug on that file: exit 1, failures and the error
  bad_input     a folder that does not exist: exit 2, both reports say so
  any_bytes     a folder whose name holds any bytes: both reports stay valid
  nulls         absent values are null (profile, pattern, cycle of a file's mismatch)
  must_fail     the checks themselves: a report missing a key, with an unknown
                key, a wrong type, or a testcase without time, is rejected
"""

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "null": type(None),
         "object": dict}


def fail(msg):
    print(f"check_reports: {msg}", file=sys.stderr)
    sys.exit(1)


def schema_from_doc(doc):
    """{path: set of type names} from the table of docs/REPORTS.md."""
    schema = {}
    for line in open(doc, encoding="utf-8"):
        m = re.match(r"^\| `([a-z_\[\].]+)` \| ([a-z ]+?) \|", line)
        if not m:
            continue
        kinds = set()
        for word in re.split(r" or |, ", m.group(2)):
            word = word.strip()
            if word.startswith("array"):
                kinds.add("array")
            elif word in TYPES:
                kinds.add(word)
            else:
                fail(f"{doc}: unknown type '{word}' for {m.group(1)}")
        schema[m.group(1)] = kinds
    if len(schema) < 20:
        fail(f"{doc}: the schema table has only {len(schema)} rows")
    return schema


def type_of(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, list):
        return "array"
    for name, t in TYPES.items():
        if name not in ("number", "boolean") and isinstance(v, t):
            return name
    return "number" if isinstance(v, float) else "?"


def json_problems(report, schema):
    """Everything that does not match the schema (an empty list when it does):
    a key not documented, a value of another type, a documented key missing
    from an object that should have it."""
    problems = []
    children = {}
    for path in schema:
        parent, _, key = path.rpartition(".")
        children.setdefault(parent, []).append(key)

    def walk(v, path, element=False):
        if path and not element:
            kinds = schema.get(path)
            if kinds is None:
                problems.append(f"{path}: not documented")
                return
            t = type_of(v)
            if not (t in kinds or (t == "integer" and "number" in kinds)):
                problems.append(f"{path}: {t}, documented as {' or '.join(sorted(kinds))}")
        if isinstance(v, dict):
            for key in children.get(path, []):
                if key not in v:
                    problems.append(f"{path + '.' if path else ''}{key}: documented, missing")
            for k, x in v.items():
                walk(x, f"{path}.{k}" if path else k)
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, dict):
                    walk(x, path + "[]", element=True)
                elif isinstance(x, list):
                    problems.append(f"{path}: an array of arrays")
    walk(report, "")
    return problems


def load_json(path):
    with open(path, "rb") as f:
        data = f.read()
    data.decode("utf-8")  # strict: a report is valid UTF-8
    return json.loads(data)


def xmllint(xsd, path):
    r = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


def validate(a, js, xml, want_code):
    report = load_json(js)
    problems = json_problems(report, schema_from_doc(a.doc))
    if problems:
        fail(f"{js} does not match {a.doc}:\n  " + "\n  ".join(problems[:20]))
    if report["schema_version"] != 2 or report["exit_code"] != want_code:
        fail(f"{js}: schema_version {report['schema_version']}, exit_code {report['exit_code']} (expected {want_code})")
    rc, out = xmllint(a.xsd, xml)
    if rc != 0:
        fail(f"{xml} is not valid JUnit (tests/junit/JUnit.xsd):\n{out}")
    return report, ET.parse(xml).getroot()


def cosim(a, *args):
    cmd = [a.cosim, *args]
    print("$ " + " ".join(os.fsdecode(x) for x in cmd), flush=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode("utf-8", "replace")
    print(out, flush=True)
    return r.returncode, out


def paths(a, name):
    js, xml = os.path.join(a.work, name + ".json"), os.path.join(a.work, name + ".xml")
    for p in (js, xml):
        if os.path.exists(p):
            os.remove(p)
    return js, xml


def flipped(a, name):
    """A copy of the default set with one bit of psum_kij3.txt flipped, for
    case `name` alone (the cases run in parallel)."""
    d = os.path.join(a.work, "flipped_" + name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(a.vectors, d)
    p = os.path.join(d, "psum_kij3.txt")
    lines = open(p).read().split("\n")
    lines[20] = lines[20][:119] + ("1" if lines[20][119] == "0" else "0") + lines[20][120:]
    open(p, "w").write("\n".join(lines))
    return d


def case_every_set(a):
    js, xml = paths(a, "every_set")
    rc, _ = cosim(a, "run", "-v", a.vectors, "-v", a.corner, "--gen", "zero,max", "--repeat", "2",
                  "--json", js, "--junit", xml)
    if rc != 0:
        fail(f"exit {rc}")
    report, root = validate(a, js, xml, 0)
    names = [s["name"] for s in report["sets"]]
    if names != ["default", "corner", "zero_1", "max_2"]:
        fail(f"sets {names}")
    t = report["totals"]
    if (t["sets"], t["passed"], t["failed"]) != (4, 44, 0):
        fail(f"totals {t}")
    suites = root.findall("testsuite")
    classes = {c.get("classname") for s in suites for c in s.findall("testcase")}
    if len(suites) != 4 or len(classes) != 4:
        fail(f"{len(suites)} suites, {len(classes)} class names: one each per set")
    for s in suites:
        if "kij0" not in (s.findtext("system-out") or ""):
            fail(f"suite {s.get('name')}: the report text is not in <system-out>")
        props = {p.get("name"): p.get("value") for p in s.find("properties")}
        if props.get("run.passed") != "44" or props.get("run.exit_code") != "0":
            fail(f"suite {s.get('name')}: run totals {props}")


def case_replaces_old(a):
    js, xml = paths(a, "replaces_old")
    for p in (js, xml):
        open(p, "w").write("an old report\n")
    rc, _ = cosim(a, "run", "--gen", "relu,random", "--repeat", "3", "--json", js, "--junit", xml)
    if rc != 0:
        fail(f"exit {rc}")
    report, root = validate(a, js, xml, 0)
    if len(report["sets"]) != 3 or len(root.findall("testsuite")) != 3:
        fail("the reports do not hold the 3 sets of this run")


def case_files_wrong(a):
    js, xml = paths(a, "files_wrong")
    rc, out = cosim(a, "run", "-v", flipped(a, "files_wrong"), "--json", js, "--junit", xml)
    if rc != 4:
        fail(f"exit {rc}, expected 4 (the RTL passed, the files disagree)")
    report, root = validate(a, js, xml, 4)
    if report["verdict"] != "files-disagree":
        fail(f"verdict {report['verdict']}")
    cases = root.findall("testsuite/testcase")
    errors = [c for c in cases if c.find("error") is not None]
    if root.findall(".//failure") or [c.get("name") for c in errors] != ["input_consistency"]:
        fail("expected exactly one <error> (input_consistency) and no <failure>")
    if errors[0].find("error").get("type") != "inconsistent-input":
        fail("the error's type is not inconsistent-input")
    if root.find("testsuite").get("errors") != "1" or root.find("testsuite").get("failures") != "0":
        fail("suite counts: errors must be 1, failures 0")


def case_both_wrong(a):
    js, xml = paths(a, "both_wrong")
    rc, _ = cosim(a, "run", "--model", "planted_pe_act_sign_extend", "-v", flipped(a, "both_wrong"), "--json", js,
                  "--junit", xml)
    if rc != 1:
        fail(f"exit {rc}, expected 1 (the RTL is wrong, and the files too)")
    report, root = validate(a, js, xml, 1)
    if not root.findall(".//failure") or len(root.findall(".//error")) != 1:
        fail("expected failures of the RTL and one error of the files")
    s = report["sets"][0]
    if not (s["diagnosis"] or "").startswith("activations read as signed") or not s["trace_command"]:
        fail(f"the set's diagnosis {s['diagnosis']!r} and trace command {s['trace_command']!r}")
    row = next(m["row"] for m in s["mismatches"] if m["kind"] == "value")
    if row is None or not row["executed"] < row["popped"] <= row["written"] or s["counters"] is None:
        fail(f"the first wrong psum's row {row}, counters {s['counters']}")


def case_bad_input(a):
    js, xml = paths(a, "bad_input")
    for p in (js, xml):
        open(p, "w").write("an old report\n")
    missing = os.path.join(a.work, "no_such_set")
    rc, out = cosim(a, "run", "-v", missing, "--json", js, "--junit", xml)
    if rc != 2:
        fail(f"exit {rc}, expected 2")
    report, root = validate(a, js, xml, 2)
    if "folder not found" not in (report["error"] or "") or report["sets"]:
        fail(f"error {report['error']!r}, {len(report['sets'])} sets")
    e = root.find(".//testcase/error")
    if e is None or e.get("type") != "bad-input" or "folder not found" not in e.get("message"):
        fail("the JUnit report has no bad-input error naming the cause")


def case_any_bytes(a):
    base = os.fsencode(a.work)
    d = base + b"/set \xff\xfe\x01<&'\"> \xc3\xa9 \x7f"
    a.vectors = os.fsencode(a.vectors)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(a.vectors, d)
    js, xml = paths(a, "any_bytes")
    rc, _ = cosim(a, "run", "-v", d, "--json", js, "--junit", xml)
    if rc != 0:
        fail(f"exit {rc}")
    report, root = validate(a, js, xml, 0)
    v = report["sets"][0]["vectors"]
    if "\\xff\\xfe\x01<&'\"> é \x7f" not in v:
        fail(f"the folder's name in JSON: {v!r}")
    props = {p.get("name"): p.get("value") for p in root.find("testsuite/properties")}
    if "\\xff\\xfe\\x01<&'\"> é \\x7f" not in props["vectors"]:
        fail(f"the folder's name in JUnit: {props['vectors']!r}")
    shutil.rmtree(d)


def case_nulls(a):
    js, xml = paths(a, "nulls")
    cosim(a, "run", "-v", flipped(a, "nulls"), "--json", js, "--junit", xml)
    report, _ = validate(a, js, xml, 4)
    s = report["sets"][0]
    m = s["mismatches"][0]
    want = {"profile": report["profile"], "pattern": s["pattern"], "seed": s["seed"], "cycle": m["cycle"],
            "addr": m["addr"], "error": report["error"], "stopped": report["stopped"]}
    if any(v is not None for v in want.values()):
        fail(f"absent values must be null: {want}")
    if (m["kind"], m["kij"], m["nij"], m["col"]) != ("inconsistent-input", 3, 17, 0):
        fail(f"mismatch {m}")


def case_must_fail(a):
    js, xml = paths(a, "must_fail")
    rc, _ = cosim(a, "run", "-v", a.vectors, "--json", js, "--junit", xml)
    report, _ = validate(a, js, xml, 0)
    schema = schema_from_doc(a.doc)
    broken = []
    r1 = copy.deepcopy(report)
    del r1["sets"][0]["cases"][0]["checked"]
    broken.append(("a missing key", r1))
    r2 = copy.deepcopy(report)
    r2["totals"]["bogus"] = 1
    broken.append(("an undocumented key", r2))
    r3 = copy.deepcopy(report)
    r3["exit_code"] = "0"
    broken.append(("a string for an integer", r3))
    for what, r in broken:
        if not json_problems(r, schema):
            fail(f"the JSON check accepts {what}")
    text = open(xml).read()
    bad = os.path.join(a.work, "must_fail_no_time.xml")
    open(bad, "w").write(text.replace(' time="0"', "", 1))
    rc, out = xmllint(a.xsd, bad)
    if rc == 0 or "time" not in out:
        fail(f"xmllint accepts a testcase without time:\n{out}")
    print("the checks reject each broken report")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("case")
    for opt in ("--cosim", "--work", "--vectors", "--corner", "--doc", "--xsd"):
        ap.add_argument(opt, required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    cases = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}
    if a.case not in cases:
        fail(f"no case {a.case}: {', '.join(cases)}")
    cases[a.case](a)
    print(f"check_reports: {a.case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
