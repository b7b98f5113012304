#!/usr/bin/env python3
"""sim.core.interrupt.*: a long `cosim run` into a pipe, stopped by a signal.

  interrupt.py SIGNAL --cosim EXE --work DIR --xsd JUnit.xsd

Starts a run of many generated sets with its standard output a pipe, as CI
and `| tee` have it. Its first line must come as soon as it is printed
(stdout line-buffered: a fully buffered pipe would deliver nothing before
4096 bytes, and here the first read must be shorter than that while the run
is still going), then SIGNAL (INT or TERM) stops it: the summary so far,
`STOPPED: interrupted (SIGINT|SIGTERM)`, the last line `N passed, N failed`,
exit 128 + the signal, and both reports written and valid.
"""

import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import time


def fail(msg, out=""):
    print(out)
    print(f"interrupt.py: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("signal", choices=["INT", "TERM"])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--xsd", required=True)
    a = ap.parse_args()
    sig = getattr(signal, "SIG" + a.signal)
    os.makedirs(a.work, exist_ok=True)
    js = os.path.join(a.work, f"interrupt_{a.signal}.json")
    xml = os.path.join(a.work, f"interrupt_{a.signal}.xml")
    for p in (js, xml):
        if os.path.exists(p):
            os.remove(p)
    # Each set several runs (X seeds), so that 4096 bytes of set lines take
    # seconds, and the whole run far longer than the test.
    cmd = [a.cosim, "run", "--gen", "random,relu", "--repeat", "100000", "--x-seeds", "1-8",
           "--opt", "edit", "--progress", "0", "--json", js, "--junit", xml]
    print("$ " + " ".join(cmd), flush=True)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    first = b""
    while b"set 1/100000" not in first:
        ready, _, _ = select.select([p.stdout], [], [], 60)
        chunk = os.read(p.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            p.kill()
            fail("no set line within 60 s", first.decode())
        first += chunk
    running = p.poll() is None
    print(f"first read: {len(first)} bytes, the run {'still going' if running else 'over'}")
    if not running:
        fail("the run ended before it was interrupted", first.decode())
    if len(first) >= 4096:
        p.kill()
        fail(f"the first read held {len(first)} bytes: standard output is not line-buffered", first.decode())
    time.sleep(0.3)
    p.send_signal(sig)
    try:
        rest, _ = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        fail(f"still running 60 s after SIG{a.signal}")
    out = (first + rest).decode()
    print(out[-3000:])
    want = 128 + sig
    if p.returncode != want:
        fail(f"exit {p.returncode}, expected {want}")
    lines = out.strip().splitlines()
    if not re.match(r"^[0-9]+ passed, [0-9]+ failed$", lines[-1]):
        fail(f"last line '{lines[-1]}'")
    if not any(re.match(rf"^STOPPED: interrupted \(SIG{a.signal}\)", l) for l in lines):
        fail(f"no line 'STOPPED: interrupted (SIG{a.signal})'")
    with open(js) as f:
        report = json.load(f)
    if report["exit_code"] != want or report["verdict"] != "interrupted" or not report["stopped"]:
        fail(f"JSON: exit_code {report['exit_code']} verdict {report['verdict']} stopped {report['stopped']}")
    if report["totals"]["sets"] < 1 or report["totals"]["planned_sets"] != 100000:
        fail(f"JSON totals {report['totals']}")
    r = subprocess.run(["xmllint", "--noout", "--schema", a.xsd, xml], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        fail(f"the JUnit report is not valid:\n{r.stdout}")
    if "run.stopped" not in open(xml).read():
        fail("the JUnit report does not say the run stopped")
    print(f"interrupt.py: SIG{a.signal}: exit {want}, summary, both reports written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
