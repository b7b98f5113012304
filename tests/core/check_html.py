#!/usr/bin/env python3
"""The HTML report (`cosim run --html`) as a browser shows it: headless
Chromium loads the page (no network: every request but the file itself is
refused), its DOM must agree with the JSON report of the same run, cell for
cell, and its screenshot must show every shade of the heat maps.

  check_html.py --cosim EXE --work DIR [--replace OLD NEW] [RUN-ARGS...]

--replace changes the first OLD of the page to NEW before the checks;
--must-fail REGEX then passes only when a check fails saying REGEX (a page
that disagrees with its JSON is caught).

Checks, against the JSON (written by the same run):
  - the verdict line and every verdict row (case, status, checked, failed);
  - each kij's heat map: a cell per padded-map position, its count the
    number of distinct columns of that kij and nij among the JSON's psum
    mismatches; the outputs map the same from the out_relu mismatches;
  - the diagnosis, the fault location and the trace command, as the JSON
    and the terminal report give them;
  - the schedule's phases: one bar a phase, in cycle order, none overlapping;
  - the counters (cycles, bound, MACs, stalls, a row a kij).
Exit 77 (skipped) when chromium is not installed.
"""
import argparse
import collections
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys


class Dom(html.parser.HTMLParser):
    """The elements with data-* attributes, and the text of a few by id."""

    def __init__(self):
        super().__init__()
        self.elems = []  # (tag, attrs)
        self.text = collections.defaultdict(str)
        self.open = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elems.append((tag, a))
        self.open.append(a.get("id"))

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for i in self.open:
            if i:
                self.text[i] += data


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def browser(exe, work, *args):
    profile = os.path.join(work, "chromium-profile")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", *args]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"check_html: chromium failed (exit {r.returncode}): {r.stderr[-2000:]}")
    return r.stdout


def the_set(path):
    """The set a page or view shows, from a cosim --json report (schema 2):
    the first failing set, else the first."""
    sets = json.load(open(path))["sets"]
    return next((s for s in sets if s["exit_code"] != 0), sets[0])


def expected_maps(js, side, out_side):
    psum = collections.defaultdict(set)
    out = collections.defaultdict(set)
    for m in js["mismatches"]:
        if m["kind"] != "value":
            continue
        if m["check"].startswith("kij"):
            psum[(m["kij"], m["nij"])].add(m["col"])
        elif m["check"] == "out_relu":
            out[m["nij"]].add(m["col"])
    return psum, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"))
    ap.add_argument("--must-fail", metavar="REGEX",
                    help="pass only when a check fails with a message matching REGEX")
    a, run_args = ap.parse_known_args()
    exe = chromium()
    if not exe:
        print("check_html: SKIP: chromium is not installed (apt-get install chromium)")
        return 77
    os.makedirs(a.work, exist_ok=True)
    page, js_path = os.path.join(a.work, "report.html"), os.path.join(a.work, "report.json")
    for p in (page, js_path):
        if os.path.exists(p):
            os.remove(p)
    run = subprocess.run([a.cosim, "run", *run_args, "--html", page, "--json", js_path],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(run.stdout)
    js = the_set(js_path)
    source = open(page).read()
    if a.replace:
        if a.replace[0] not in source:
            sys.exit(f"check_html: --replace: {a.replace[0]!r} is not in the page")
        source = source.replace(a.replace[0], a.replace[1], 1)
        open(page, "w").write(source)
    bad = []
    # Self-contained: nothing fetched (the SVG namespace is a name, not a fetch).
    for url in re.findall(r"""(?:src|href)\s*=\s*["']?([^"' >]+)""", source):
        bad.append(f"the page loads {url}")

    dom = Dom()
    dom.feed(browser(exe, a.work, "--dump-dom", "file://" + os.path.abspath(page)))
    by = collections.defaultdict(list)
    for tag, at in dom.elems:
        for k in at:
            if k.startswith("data-"):
                by[k].append((tag, at))

    # Verdict.
    head = [at for tag, at in dom.elems if at.get("id") == "verdict-line"]
    if not head or (int(head[0]["data-passed"]), int(head[0]["data-failed"])) != (js["passed"], js["failed"]):
        bad.append(f"verdict line {head[:1]} is not {js['passed']} passed, {js['failed']} failed")
    rows = {at["data-case"]: at for _, at in by["data-case"]}
    for c in js["cases"]:
        got = rows.get(c["name"])
        want = {"data-status": c["status"], "data-checked": str(c["checked"]), "data-failed": str(c["failed"])}
        if not got or any(got.get(k) != v for k, v in want.items()):
            bad.append(f"verdict row {c['name']}: the page has {got}, the JSON {want}")
    if len(rows) != len(js["cases"]):
        bad.append(f"{len(rows)} verdict rows, the JSON has {len(js['cases'])} cases")

    # Heat maps.
    psum, out = expected_maps(js, 0, 0)
    cells = [at for _, at in by["data-nij"]]
    kijs = sorted({int(at["data-kij"]) for tag, at in by["data-kij"] if tag == "table"})
    n_kij = sum(1 for c in js["cases"] if re.fullmatch(r"kij\d+", c["name"]))
    if kijs != list(range(n_kij)):
        bad.append(f"heat maps for kij {kijs}, the run has {n_kij}")
    # A cell's kij is its table's: cells come in table order, side*side each.
    per = len(cells) // max(1, len(kijs))
    for i, at in enumerate(cells):
        k, nij = i // per, int(at["data-nij"])
        want = len(psum.get((k, nij), ()))
        if int(at["data-wrong"]) != want:
            bad.append(f"kij {k} nij {nij}: the page shows {at['data-wrong']} wrong columns, the JSON {want}")
    for (k, nij) in psum:
        if nij >= per:
            bad.append(f"kij {k} nij {nij}: wrong in the JSON, not on the map")
    ocells = [at for _, at in by["data-onij"]]
    for at in ocells:
        want = len(out.get(int(at["data-onij"]), ()))
        if int(at["data-wrong"]) != want:
            bad.append(f"output {at['data-onij']}: the page shows {at['data-wrong']}, the JSON {want}")
    if not ocells:
        bad.append("no outputs map")

    # Diagnosis, fault, trace command.
    for key, elem in (("diagnosis", "diagnosis"), ("fault", "fault")):
        if js.get(key) and js[key] not in dom.text.get(elem, ""):
            bad.append(f"the page's {elem} is {dom.text.get(elem)!r}, the JSON's {js[key]!r}")
    # One set: "see the first wrong row: ..."; several: "<set>: see the first ...".
    hint = re.search(rf"^(?:{re.escape(js['name'])}: )?see the first wrong row: (.*)$", run.stdout, re.M)
    if js["mismatches"] and (not hint or hint.group(1) != dom.text.get("trace-command", "")):
        bad.append(f"trace command {dom.text.get('trace-command')!r}, the report says {hint and hint.group(1)!r}")

    # Phases: in order, not overlapping, ending at the run's last cycle.
    bars = [(int(at["data-first"]), int(at["data-last"])) for tag, at in by["data-phase"] if tag == "rect"]
    if not bars:
        bad.append("no phase bars")
    for (f0, l0), (f1, l1) in zip(bars, bars[1:]):
        if f1 <= l0 or l1 < f1:
            bad.append(f"phases {f0}..{l0} and {f1}..{l1} overlap or are out of order")
            break
    if bars and bars[-1][1] != js["cycles"] - 1:
        bad.append(f"the last phase ends at {bars[-1][1]}, the run at cycle {js['cycles'] - 1}")

    # Counters: the table and its kij rows as the JSON has them.
    jc = js.get("counters")
    tab = [at for tag, at in dom.elems if at.get("id") == "counters"]
    if jc:
        want = {"data-cycles": jc["cycles"], "data-bound": jc["bound"]["cycles"],
                "data-macs-useful": jc["macs_useful"], "data-macs-needed": jc["macs_needed"],
                "data-stalls": jc["stalls"]}
        if not tab or any(tab[0].get(k) != str(v) for k, v in want.items()):
            bad.append(f"counters: the page has {tab[:1]}, the JSON {want}")
        krows = {int(at["data-kij-counter"]): at for _, at in by["data-kij-counter"]}
        for k in jc["kij"]:
            got = krows.get(k["kij"])
            if not got or (got["data-cycles"], got["data-vectors"], got["data-stalls"]) != \
                    (str(k["cycles"]), str(k["vectors"]), str(k["stalls"])):
                bad.append(f"counters of kij {k['kij']}: the page has {got}, the JSON {k}")
    elif tab:
        bad.append("counters on the page, none in the JSON")

    # Rendered: every shade the heat cells use is on the screenshot.
    shot = os.path.join(a.work, "report.png")
    browser(exe, a.work, f"--screenshot={shot}", "--window-size=1300,3000", "--hide-scrollbars",
            "file://" + os.path.abspath(page))
    shades = set()
    for at in cells + ocells:
        m = re.search(r"background:rgb\((\d+),(\d+),(\d+)\)", at.get("style", ""))
        if m:
            shades.add(tuple(int(x) for x in m.groups()))
    raw = subprocess.run(["convert", shot, "-depth", "8", "rgb:-"], stdout=subprocess.PIPE, check=True).stdout
    seen = collections.Counter(raw[i:i + 3] for i in range(0, len(raw), 3))
    for s in sorted(shades):
        if seen[bytes(s)] < 50:
            bad.append(f"the screenshot has {seen[bytes(s)]} pixels of the heat shade rgb{s}")
    if not shades and js["mismatches"]:
        bad.append("mismatches, but no heat cell is shaded")

    for b in bad:
        print(f"check_html: {b}", file=sys.stderr)
    print(f"check_html: {len(rows)} verdict rows, {len(cells)} psum cells in {len(kijs)} maps, "
          f"{len(ocells)} output cells, {len(bars)} phase bars, {len(shades)} shades: {len(bad)} wrong")
    if a.must_fail:
        if any(re.search(a.must_fail, b) for b in bad):
            print(f"check_html: caught, as it must be: {a.must_fail}")
            return 0
        print(f"check_html: nothing wrong matches {a.must_fail}: the planted error went unseen", file=sys.stderr)
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
