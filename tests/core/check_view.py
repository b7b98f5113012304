#!/usr/bin/env python3
"""The waveform view of a failing run opens at the bug: the run's report
gives the trace command of its first wrong row; that command's save file
(NAME.gtkw, written with the trace) must frame the row, mark its write,
show the psum lanes a column each in signed decimal and the PE the fault
location names; and, with --screenshot, GTKWave itself (under Xvfb) must
draw the marker at that cycle.

  check_view.py --cosim EXE --work DIR [--screenshot] [--replace OLD NEW] [RUN-ARGS...]

--replace changes the first OLD of the save file to NEW before the checks;
--must-fail REGEX then passes only when a check fails saying REGEX (a
view that does not open at the bug is caught).

What is checked comes from the run's JSON (the first psum mismatch, its row
timeline, the fault location) and the trace itself, not from the save
file's writer:
  - [timestart] is at or before the row's execute, and after the trace's
    first cycle minus one; the marker is at the write (1 cycle = 1000 ps);
  - at GTKWave's zoom, 600 to 1400 pixels of waves span the row, execute to
    write, and less than four times that;
  - every probe_col<c> and sfp_col<c> lane is listed in signed decimal
    (@424), and the fault's PE (its psum output, signed) is listed;
  - every listed signal is in the trace with its width (check_gtkw.py).
--screenshot: GTKWave opens the trace and the save file in a 1600x900 Xvfb
screen; in the screenshot, the marker (GTKWave's (255,128,128) line) must
stand at the write's cycle within half a cycle, measured on the time grid
GTKWave draws (its (32,32,112) lines, 10 ns apart at this zoom), and
waveforms (green) must be drawn. Exit 77 (skipped) when gtkwave, xvfb-run
or ImageMagick is missing.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PS = 1000  # picoseconds a cycle



def the_set(path):
    """The set a page or view shows, from a cosim --json report (schema 2):
    the first failing set, else the first."""
    sets = json.load(open(path))["sets"]
    return next((s for s in sets if s["exit_code"] != 0), sets[0])


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(r.stdout, flush=True)
    return r


def read_gtkw(path):
    v = {"signals": [], "formats": {}}
    fmt = None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("[timestart]"):
            v["timestart"] = int(line.split()[1])
        elif line.startswith("[size]"):
            v["size"] = tuple(int(x) for x in line.split()[1:3])
        elif line.startswith("*") and not line.startswith("[*]"):
            f = line[1:].split()
            v["zoom"], v["marker"] = float(f[0]), int(f[1])
        elif line.startswith("@"):
            fmt = line
        elif line and line[0] not in "[-*":
            v["signals"].append(line)
            v["formats"][line] = fmt
    return v


def check_save_file(v, js, first_cycle):
    bad = []
    m = next(x for x in js["mismatches"] if x["kind"] == "value" and x.get("row"))
    row = m["row"]
    if not ((first_cycle - 1) * PS <= v.get("timestart", -1) <= row["executed"] * PS):
        bad.append(f"timestart {v.get('timestart')}: not between the trace's start and the row's "
                   f"execute at {row['executed']}")
    if v.get("marker") != row["written"] * PS:
        bad.append(f"marker at {v.get('marker')}, the row was written at cycle {row['written']}")
    # GTKWave's zoom z: 2^-z time units per 200 pixels.
    ps_per_px = 2 ** -v["zoom"] / 200
    span = (row["written"] - row["executed"]) * PS
    px = span / ps_per_px
    if not 600 <= px <= 1400:
        bad.append(f"the row (cycles {row['executed']}..{row['written']}) spans {px:.0f} pixels at zoom "
                   f"{v['zoom']}")
    for lane in ("probe_col", "sfp_col"):
        for c in range(8):
            name = f"TOP.cosim_top.{lane}{c}[15:0]"
            if v["formats"].get(name) != "@424":
                bad.append(f"{name}: {v['formats'].get(name, 'not listed')}, not signed decimal (@424)")
    f = re.match(r"PE \(row (\d+), col (\d+)\)", js.get("fault") or "")
    if not f:
        bad.append(f"the run names no PE: {js.get('fault')!r}")
    else:
        pe = [s for s in v["signals"] if f"g_row[{f.group(1)}].g_col[{f.group(2)}].u_pe.psum_s_o" in s]
        if not pe or v["formats"][pe[0]] != "@424":
            bad.append(f"the PE (row {f.group(1)}, col {f.group(2)}) of the fault is not listed in signed decimal")
    return bad


def pixels(png):
    out = subprocess.run(["convert", png, "-depth", "8", "rgb:-"], stdout=subprocess.PIPE, check=True).stdout
    size = subprocess.run(["identify", "-format", "%w %h", png], stdout=subprocess.PIPE, check=True, text=True).stdout
    w, h = (int(x) for x in size.split())
    return w, h, out


def column_share(w, h, raw, x, colour, y0, y1):
    n = sum(1 for y in range(y0, y1) if raw[3 * (y * w + x):3 * (y * w + x) + 3] == colour)
    return n / (y1 - y0)


def check_screenshot(work, vcd, gtkw, v, js):
    for tool in ("gtkwave", "xvfb-run", "import", "convert", "identify"):
        if not shutil.which(tool):
            print(f"check_view: SKIP the screenshot: {tool} is not installed "
                  "(apt-get install gtkwave xvfb xauth imagemagick)")
            return None
    shot = os.path.join(work, "view.png")
    bad = []
    for attempt in range(3):
        if os.path.exists(shot):
            os.remove(shot)
        script = (f"gtkwave '{vcd}' '{gtkw}' >'{work}/gtkwave.log' 2>&1 & p=$!; sleep {4 + 3 * attempt}; "
                  f"import -window root '{shot}'; kill $p")
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", "bash", "-c", script], timeout=120)
        if not os.path.exists(shot):
            continue
        w, h, raw = pixels(shot)
        y0, y1 = h // 5, h - 20
        grid = [x for x in range(w) if column_share(w, h, raw, x, b"\x20\x20\x70", y0, y1) > 0.5]
        marker = [x for x in range(w) if column_share(w, h, raw, x, b"\xff\x80\x80", y0, y1) > 0.5]
        if len(grid) >= 2 and marker:
            break
        time.sleep(1)
    else:
        return [f"no GTKWave view with a marker and a time grid in {shot} (3 tries)"]
    # Grid lines every 10 ns (one may hide under the marker); the view
    # starts at timestart.
    step = min(b - a for a, b in zip(grid, grid[1:]))
    px_per_ns = step / 10
    if any(abs((b - a) - step * round((b - a) / step)) > 2 for a, b in zip(grid, grid[1:])):
        bad.append(f"time grid lines at {grid}: not evenly spaced")
    # The grid line times: a multiple of 10 ns; the one nearest the marker.
    m_x = marker[0]
    start_ns = v["timestart"] / PS
    # The waves' left edge: the first grid line stands at the first multiple of
    # 10 ns after timestart.
    first_line_ns = (int(start_ns // 10) + 1) * 10
    marker_ns = first_line_ns + (m_x - grid[0]) / px_per_ns
    want = js_row(js)["written"]
    if abs(marker_ns - want) > 0.5:
        bad.append(f"the marker is drawn at {marker_ns:.2f} ns (x {m_x}), the write at cycle {want}")
    green = raw.count(b"\x00\xff\x00")
    if green < 2000:
        bad.append(f"only {green} green (waveform) bytes in the screenshot: no waves drawn")
    print(f"check_view: screenshot {shot}: grid {len(grid)} lines, {px_per_ns:.1f} px/ns, marker at "
          f"x {m_x} = {marker_ns:.2f} ns (write at {want})")
    return bad


def js_row(js):
    return next(x for x in js["mismatches"] if x["kind"] == "value" and x.get("row"))["row"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--screenshot", action="store_true")
    ap.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"))
    ap.add_argument("--must-fail", metavar="REGEX",
                    help="pass only when a check fails with a message matching REGEX")
    a, run_args = ap.parse_known_args()
    os.makedirs(a.work, exist_ok=True)
    js_path = os.path.join(a.work, "run.json")
    first = run([a.cosim, "run", *run_args, "--max-report", "1", "--json", js_path])
    hint = re.search(r"^see the first wrong row: (.*)$", first.stdout, re.M)
    if first.returncode != 1 or not hint:
        print("check_view: the run did not fail with a trace command", file=sys.stderr)
        return 1
    js = the_set(js_path)
    window = re.search(r"--trace-cycles (\d+):(\d+)", hint.group(1))
    vcd, gtkw = os.path.join(a.work, "view.vcd"), os.path.join(a.work, "view.gtkw")
    for p in (vcd, gtkw):
        if os.path.exists(p):
            os.remove(p)
    # The hint's command, its trace written as VCD here (the save file is the same for FST).
    second = run([a.cosim, "run", *run_args, "--trace", vcd, "--trace-cycles", f"{window.group(1)}:{window.group(2)}"])
    if f"gtkwave {vcd} {gtkw}" not in second.stdout:
        print(f"check_view: the run does not name the save file: gtkwave {vcd} {gtkw}", file=sys.stderr)
        return 1
    if a.replace:
        text = open(gtkw).read()
        if a.replace[0] not in text:
            print(f"check_view: --replace: {a.replace[0]!r} is not in the save file", file=sys.stderr)
            return 1
        open(gtkw, "w").write(text.replace(a.replace[0], a.replace[1], 1))
    v = read_gtkw(gtkw)
    bad = check_save_file(v, js, int(window.group(1)))
    names = run([sys.executable, os.path.join(HERE, "check_gtkw.py"), gtkw, vcd])
    if names.returncode != 0:
        bad.append("check_gtkw.py: the save file names signals the trace does not have")
    skipped = False
    if a.screenshot:
        shot = check_screenshot(a.work, vcd, gtkw, v, js)
        skipped = shot is None
        bad += shot or []
    for b in bad:
        print(f"check_view: {b}", file=sys.stderr)
    print(f"check_view: {len(v['signals'])} signals in the save file, {len(bad)} wrong")
    if a.must_fail:
        return verdict_must_fail(a.must_fail, bad, skipped)
    if bad:
        return 1
    return 77 if skipped else 0


def verdict_must_fail(regex, bad, skipped):
    if any(re.search(regex, b) for b in bad):
        print(f"check_view: caught, as it must be: {regex}")
        return 0
    if skipped:
        return 77
    print(f"check_view: nothing wrong matches {regex}: the planted error went unseen", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
