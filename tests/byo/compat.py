#!/usr/bin/env python3
"""byo.compat.*: one test core per flow convention (tests/byo/compat/<core>,
variants of tests/byo/alt_core), through calibration and back.

  compat.py calibrate --cosim EXE --core DIR --work W --expect KEY=VALUE ...
      `cosim calibrate` must write W/<core>.toml and find KEY=VALUE (the
      convention the core was written with), every other flow key at the
      course flow's value, unless listed too.
  compat.py pass --cosim EXE --core DIR --work W
      `cosim run --profile W/<core>.toml`: every check passes.
  compat.py bug --cosim EXE --core DIR --work W --vectors V
      the same with the core's planted bug (+ws_bug_sign: activations
      sign-extended) must fail, and its first psum mismatch must be where an
      independent prediction from the vector files says (kij, nij, col,
      expected, actual; tests/core/predict_planted.py's maths).
  compat.py wrong --cosim EXE --core DIR --work W --flow "OPTIONS"
      the profile with these options over it (the convention undone) must
      fail: a wrong profile is never a pass.
  Structural conventions: --probe PATTERN (or '' to have calibration find
  it, --probe-found the paths it must find), --calibrate-args "--tie m=1",
  --core-expect ports.sfp_out=sfu_out ([core.ports], [core.tie] entries).

Options common to all: --inst-width (34/35), --vectors (default set).
Models: <core> is built once as model compat_<core> in the build's models
folder (tests/models.toml lists them).
"""

import argparse
import json
import os
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "core"))
import predict_planted  # noqa: E402

# The course flow's values (cosim's defaults) of the keys calibration writes.
DEFAULTS = {"pop_to_write": 0, "valid": "level", "stream": False, "load_hold": False,
            "weights": "l0", "sample": "after-acc", "psum_stride": 36}


def cosim(a, *args, suffix=""):
    name = os.path.basename(os.path.normpath(a.core))
    cmd = [a.cosim, *args, "--name", f"compat_{name}{suffix}", "--build-dir", a.models]
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout, flush=True)
    return r


def profile_path(a):
    return os.path.join(a.work, os.path.basename(os.path.normpath(a.core)) + ".toml")


def fail(msg):
    print(f"compat.py: {msg}", file=sys.stderr)
    return 1


def do_calibrate(a):
    out = profile_path(a)
    if os.path.exists(out):
        os.remove(out)
    probe = ["--probe", a.probe] if a.probe else []
    r = cosim(a, "calibrate", "--rtl", os.path.join(a.core, "files.f"), "--top", "ws_core",
              "--inst-width", str(a.inst_width), *probe, "--vectors", a.vectors, "--out", out,
              *a.calibrate_args.split())
    if r.returncode != 0 or not os.path.isfile(out):
        return fail(f"calibrate exited {r.returncode}, wrote {'a' if os.path.isfile(out) else 'no'} profile")
    with open(out, "rb") as f:
        prof = tomllib.load(f)
    flow = prof.get("flow", {})
    want = dict(DEFAULTS)
    want["relu"] = "pulse" if a.inst_width == 35 else "comb"
    act = predict_planted.data_lines(os.path.join(a.vectors, "activation.txt"))
    want["psum_stride"] = len(act)  # one row per position
    for kv in a.expect:
        k, _, v = kv.partition("=")
        want[k] = int(v) if v.isdigit() else {"true": True, "false": False}.get(v, v)
    bad = [f"{k} = {flow.get(k)!r}, expected {v!r}" for k, v in want.items() if flow.get(k) != v]
    if bad:
        return fail("calibrated profile: " + "; ".join(bad))
    core = prof.get("core", {})
    want_core = {"top": "ws_core", "probe": (a.probe_found or a.probe or "psum_mem_instance").split(",")}
    for kv in a.core_expect:
        k, _, v = kv.partition("=")
        table, _, key = k.partition(".")
        want_core.setdefault(table, {})[key] = v
    bad = [f"[core] {k} = {core.get(k)!r}, expected {v!r}" for k, v in want_core.items()
           if core.get(k) != v]
    if bad:
        return fail("calibrated profile: " + "; ".join(bad))
    print(f"compat.py: calibrated {', '.join(f'{k}={v}' for k, v in sorted(flow.items()))}")
    return 0


def do_pass(a):
    r = cosim(a, "run", "--profile", profile_path(a), "--vectors", a.vectors)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    if r.returncode != 0 or last != "11 passed, 0 failed":
        return fail(f"run with the calibrated profile: exit {r.returncode}, last line '{last}'")
    return 0


def do_bug(a):
    js = os.path.join(a.work, os.path.basename(os.path.normpath(a.core)) + ".bug.json")
    if os.path.exists(js):
        os.remove(js)
    r = cosim(a, "run", "--profile", profile_path(a), "--vectors", a.vectors, "--json", js,
              "--max-report", "3", "+ws_bug_sign")
    if r.returncode != 1:
        return fail(f"the planted bug under the calibrated profile exited {r.returncode}, expected 1")
    good, bad, _, _ = predict_planted.predict(a.vectors)
    want = next((k, good[k], bad[k]) for k in sorted(good) if good[k] != bad[k])
    with open(js) as f:
        mm = [m for s in json.load(f)["sets"] for m in s["mismatches"] if m["check"].startswith("kij")]
    if not mm:
        return fail("no psum mismatch reported")
    m = mm[0]
    got = ((m["kij"], m["nij"], m["col"]), m["expected"], m["actual"])
    if m["kind"] != "value" or got != want:
        return fail(f"first psum mismatch {m['kind']} {got}, predicted {want}")
    print(f"compat.py: planted bug caught at kij {want[0][0]} nij {want[0][1]} col {want[0][2]}: "
          f"expected {want[1]} actual {want[2]}, as predicted")
    return 0


def do_wrong(a):
    # Options that change the model (a tie, a port) build it under another
    # name, so the other tests of this core keep theirs.
    structural = any(o in a.flow.split() for o in ("--tie", "--port", "--probe"))
    r = cosim(a, "run", "--profile", profile_path(a), "--vectors", a.vectors, *a.flow.split(),
              suffix="_wrong" if structural else "")
    if r.returncode not in (1, 3):
        return fail(f"the wrong profile ({a.flow}) exited {r.returncode}: a wrong profile must fail")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["calibrate", "pass", "bug", "wrong"])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--core", required=True, help="tests/byo/compat/<core>")
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", required=True, help="the build's models folder")
    ap.add_argument("--vectors", default=os.path.join(ROOT, "tests", "vectors", "default"))
    ap.add_argument("--inst-width", type=int, default=35)
    ap.add_argument("--expect", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--flow", default="", help="wrong: the flow options that undo the convention")
    ap.add_argument("--probe", default="psum_mem_instance",
                    help="calibrate: the --probe given ('' for none: calibration finds it)")
    ap.add_argument("--probe-found", default="",
                    help="calibrate: the probe the profile must name (default: --probe)")
    ap.add_argument("--calibrate-args", default="", help="calibrate: more options")
    ap.add_argument("--core-expect", action="append", default=[], metavar="TABLE.KEY=VALUE",
                    help="calibrate: a [core.TABLE] entry the profile must hold")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    return {"calibrate": do_calibrate, "pass": do_pass, "bug": do_bug, "wrong": do_wrong}[a.step](a)


if __name__ == "__main__":
    sys.exit(main())
