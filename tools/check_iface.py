#!/usr/bin/env python3
"""Check a core's interface before it is verilated for the harness.

Usage:
  tools/check_iface.py --filelist F [--top core] [--rows 8 --cols 8 --act-w 4
      --psum-w 16] [--inst-w 34|35] [--params]
      [--probe PATH --probe-ports CEN,WEN,A,D] [--deps FILE]

What it checks (README "Bring your own core"):
  - the file list reads (tools/filelist.py: sources, +incdir+, +define+,
    nested -f/-F, -v, $VAR; each error names file:line and cause); its
    include folders and defines are passed to every Verilator run;
  - the top module is found in them (Verilator elaborates it: `--xml-only`);
  - its ports clk, reset, inst, D_xmem, ofifo_valid, sfp_out exist with the
    expected directions and widths: inst 34 (or 35 with --inst-w 35), D_xmem
    rows*act_w, sfp_out cols*psum_w, the others 1 bit;
  - with --probe: the instance u_core.PATH and its four write-port signals
    exist (a wrapper like the harness's cosim_top is linted), and, when the
    instance can be found in the elaborated hierarchy, that its address is 11
    bits and its data cols*psum_w bits.

Verilator warnings on the user's RTL are shown but never fatal. The design is
elaborated with its own parameter defaults unless --params is given (then
bw, psum_bw, col, row are overridden with -G, as the harness's wrapper would).

Exit codes (SPEC section 5): 0 the interface matches, 2 it does not, or the
input is bad (a missing file list, a file it names, Verilator not found).
The last line printed is the verdict.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import filelist  # tools/filelist.py: the one parser of file lists

BAD = 2
MAX_WARNING_LINES = 30
COURSE_PORTS = ["clk", "reset", "inst", "D_xmem", "ofifo_valid", "sfp_out"]


class InputError(Exception):
    pass


def pairs(items, option, form):
    """NAME=VALUE arguments as a dict; InputError naming a malformed one."""
    out = {}
    for it in items:
        name, eq, value = it.partition("=")
        if not eq or not name.strip() or not value.strip():
            raise InputError(f"{option} '{it}': expected {form}")
        out[name.strip()] = value.strip()
    return out


def run_verilator(args, cwd):
    exe = shutil.which("verilator")
    if not exe:
        raise InputError("verilator not found (make deps)")
    p = subprocess.run([exe] + args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def split_messages(text):
    """Verilator's %Error / %Warning lines (without the context lines)."""
    errors, warnings = [], []
    for line in text.splitlines():
        if line.startswith("%Error") and "Exiting due to" not in line:
            errors.append(line)
        elif line.startswith("%Warning"):
            warnings.append(line)
    return errors, warnings


def show_warnings(warnings, what):
    if not warnings:
        return
    print(f"interface: {len(warnings)} Verilator warning(s) in {what} "
          f"(shown, not fatal for your RTL):")
    for w in warnings[:MAX_WARNING_LINES]:
        print(f"  {w}")
    if len(warnings) > MAX_WARNING_LINES:
        print(f"  ... {len(warnings) - MAX_WARNING_LINES} more")


def dtype_width(types, dtype_id, depth=0):
    """(width, description) of a dtype of Verilator's XML type table."""
    t = types.get(dtype_id)
    if t is None or depth > 20:
        return None, "unknown type"
    tag = t.tag
    if tag == "basicdtype":
        if t.get("left") is None:
            return 1, t.get("name", "logic")
        left, right = int(t.get("left")), int(t.get("right"))
        return abs(left - right) + 1, f"{t.get('name', 'logic')} [{left}:{right}]"
    if tag in ("refdtype", "typedef", "constdtype", "typedefdtype"):
        sub = t.get("sub_dtype_id")
        return dtype_width(types, sub, depth + 1) if sub else (None, tag)
    if tag == "packarraydtype":
        return None, "a packed array"
    if tag == "unpackarraydtype":
        return None, "an unpacked array"
    if tag in ("structdtype", "uniondtype"):
        return None, "a struct"
    return None, tag


def ports_of(module, types):
    ports = {}
    for v in module.iter("var"):
        d = v.get("dir")
        if not d:
            continue
        width, desc = dtype_width(types, v.get("dtype_id"))
        ports[v.get("name")] = (d, width, desc)
    return ports


def describe(direction, width):
    if width is None:
        return f"{direction} (width unknown)"
    if width == 1:
        return f"{direction} (1 bit)"
    return f"{direction} [{width - 1}:0] ({width} bit{'s' if width != 1 else ''})"


def find_cell(root_cell, path):
    """The cell at `path` (dot-separated instance names) below root_cell.
    Generate-block names do not appear in the XML hierarchy; the lint has
    already proved the path exists, so a part that is not an instance name
    is taken as one and skipped. None when no instance matched at all."""
    cell = root_cell
    for part in path:
        nxt = [c for c in cell.findall("cell") if c.get("name") == part.split("[")[0]]
        if nxt:
            cell = nxt[0]
    return cell if cell is not root_cell else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--filelist", required=True)
    ap.add_argument("--top", default="core")
    ap.add_argument("--rows", type=int, default=8)
    ap.add_argument("--cols", type=int, default=8)
    ap.add_argument("--act-w", type=int, default=4)
    ap.add_argument("--psum-w", type=int, default=16)
    ap.add_argument("--inst-w", type=int, default=34, choices=(34, 35))
    ap.add_argument("--params", action="store_true",
                    help="override bw, psum_bw, col, row (-G) as the wrapper will")
    ap.add_argument("--probe", default="", help="psum SRAM instance path below the core")
    ap.add_argument("--deps", default="",
                    help="write the files the core is read from (includes too) to this file")
    ap.add_argument("--probe-ports", default="CEN,WEN,A,D",
                    help="its chip enable, write enable, address, data (comma or space separated)")
    ap.add_argument("--port", action="append", default=[], metavar="COURSE=CORE",
                    help="the core's name of a course port (a port map), e.g. sfp_out=sfu_out")
    ap.add_argument("--tie", action="append", default=[], metavar="NAME=VALUE",
                    help="an extra input of the core and the value the wrapper ties it to")
    ap.add_argument("--vflag", action="append", default=[], metavar="ARG",
                    help="an extra Verilator argument for the core's RTL, e.g. -Wno-BLKANDNBLK")
    ap.add_argument("--json", default="", metavar="FILE",
                    help="write what the check resolved (ports, ties, probe) as JSON")
    a = ap.parse_args()

    try:
        fl = filelist.read(a.filelist)
    except filelist.FileListError as e:
        print(f"interface: {e}")
        print("interface check failed: bad input; nothing was simulated")
        return BAD
    # What every Verilator run gets: include folders, defines, the user's
    # Verilator options, the sources.
    rtl = fl.verilator_args() + a.vflag + fl.sources
    try:
        port_map = pairs(a.port, "--port", "COURSE=CORE")
        ties = pairs(a.tie, "--tie", "NAME=VALUE")
    except InputError as e:
        print(f"interface: {e}")
        print("interface check failed: bad input; nothing was simulated")
        return BAD
    unknown = [k for k in port_map if k not in COURSE_PORTS]
    if unknown:
        print(f"interface: --port {unknown[0]}=...: '{unknown[0]}' is not a course port "
              f"({', '.join(COURSE_PORTS)})")
        print("interface check failed: bad input; nothing was simulated")
        return BAD

    probe_ports = [p for p in re.split(r"[,;\s]+", a.probe_ports.strip()) if p]
    if a.probe and len(probe_ports) != 4:
        print(f"interface: --probe-ports needs 4 names (chip enable, write enable, address, "
              f"data), got {len(probe_ports)}: '{a.probe_ports}'")
        print("interface check failed: bad input; nothing was simulated")
        return BAD

    params = []
    if a.params:
        params = [f"-Gbw={a.act_w}", f"-Gpsum_bw={a.psum_w}", f"-Gcol={a.cols}",
                  f"-Grow={a.rows}"]
    where = f"{a.top} ({a.filelist})"
    problems = []

    with tempfile.TemporaryDirectory(prefix="cosim_iface_") as tmp:
        if a.deps:
            write_deps(a.deps, fl, tmp)
        xml = os.path.join(tmp, "core.xml")
        rc, out = run_verilator(["--xml-only", "-Wall", "-Wno-fatal", "--top-module", a.top,
                                 "-Mdir", tmp, "--xml-output", xml] + params + rtl, tmp)
        errors, warnings = split_messages(out)
        show_warnings(warnings, where)
        if rc != 0 or not os.path.isfile(xml):
            if any("was not found in design" in e for e in errors) or \
               any("Cannot find top module" in e for e in errors):
                mods = module_names(fl, tmp)
                problems.append(f"top module '{a.top}' not found in {a.filelist}; "
                                f"modules there: {', '.join(mods) or 'none'} "
                                f"(set RTL_TOP / COSIM_USER_TOP)")
            else:
                problems.append(f"Verilator cannot elaborate {where}:")
                problems += [f"  {e}" for e in errors[:MAX_WARNING_LINES]]
            return verdict(problems, where)

        root = ET.parse(xml).getroot()
        types = {t.get("id"): t for t in root.iter() if t.get("id") is not None
                 and t.tag.endswith("dtype")}
        tops = [m for m in root.iter("module") if m.get("topModule") == "1"]
        if not tops:
            problems.append(f"top module '{a.top}' not found in {a.filelist}")
            return verdict(problems, where)
        ports = ports_of(tops[0], types)

        expected = [
            ("clk", "input", 1),
            ("reset", "input", 1),
            ("inst", "input", a.inst_w),
            ("D_xmem", "input", a.rows * a.act_w),
            ("ofifo_valid", "output", 1),
            ("sfp_out", "output", a.cols * a.psum_w),
        ]
        why = {
            "inst": f"the {a.inst_w}-bit instruction word" +
                    (" (set RTL_INST_W=35 for the variant with the ReLU pulse in bit 34)"
                     if a.inst_w == 34 else " (RTL_INST_W=35: bit 34 is the ReLU pulse)"),
            "D_xmem": f"rows*act_w = {a.rows}*{a.act_w}",
            "sfp_out": f"cols*psum_w = {a.cols}*{a.psum_w}",
        }
        for name, d, w in expected:
            actual = port_map.get(name, name)
            shown = name if actual == name else f"{name}' (the core's '{actual}"
            if actual not in ports:
                near = [p for p in ports if p.lower() == actual.lower()]
                hint = f" (found '{near[0]}': port names are case-sensitive)" if near else ""
                problems.append(f"port '{shown}' is missing: expected {describe(d, w)}{hint}")
                continue
            fd, fw, fdesc = ports[actual]
            if fd != d or fw != w:
                note = f"; {why[name]}" if name in why and fw != w else ""
                found = describe(fd, fw) if fw is not None else f"{fd} {fdesc}"
                problems.append(f"port '{shown}': expected {describe(d, w)}, found {found}{note}")
        claimed = {port_map.get(e[0], e[0]) for e in expected}
        for t in ties:
            if t not in ports:
                problems.append(f"--tie {t}=...: the core has no port '{t}'")
            elif ports[t][0] != "input":
                problems.append(f"--tie {t}=...: '{t}' is an {ports[t][0]}, only inputs are tied")
            elif t in claimed:
                problems.append(f"--tie {t}=...: '{t}' is a course port, it cannot be tied")
        extra_in = [p for p, (d, _, _) in ports.items() if d == "input" and p not in claimed
                    and p not in ties]
        extra_out = [p for p, (d, _, _) in ports.items() if d != "input" and p not in claimed]
        for p in extra_in:
            problems.append(f"port '{p}' is an input the course's core does not have: tie it "
                            f"to a value (RTL_TIE={p}=0, or [core.tie] {p} = 0 in the profile)")
        if extra_out:
            print(f"interface: note: output(s) {', '.join(extra_out)} are not the course's: "
                  f"the wrapper leaves them unconnected")

        if a.probe and not problems:
            problems += check_probe(a, rtl, params, root, types, tmp, probe_ports, port_map, ties)

    if not problems:
        probe = (f"; psum probe u_core.{a.probe} ({' '.join(probe_ports)}) found"
                 if a.probe else "; no psum probe (outputs only)")
        if a.json:
            resolved = {
                "ports": {p: port_map.get(p, p) for p in COURSE_PORTS},
                "ties": ties,
                "probes": [a.probe] if a.probe else [],
                "probe_ports": probe_ports,
                "probe_desc": f"u_core.{a.probe} ({' '.join(probe_ports)})" if a.probe else "",
                "notes": [],
            }
            with open(a.json, "w", encoding="utf-8") as f:
                json.dump(resolved, f, indent=1)
        print(f"interface: ok: {where}: clk, reset, inst[{a.inst_w - 1}:0], "
              f"D_xmem[{a.rows * a.act_w - 1}:0], ofifo_valid, "
              f"sfp_out[{a.cols * a.psum_w - 1}:0]{probe}")
        return 0
    return verdict(problems, where)


def preprocess(fl, tmp):
    """The sources after Verilator's preprocessor, with the list's include
    folders and defines (`line directives name every file read); None when
    Verilator cannot preprocess them."""
    rc, text = run_verilator(["-E"] + fl.verilator_args() + fl.sources, tmp)
    return text if rc == 0 else None


def module_names(fl, tmp):
    """The modules the list's sources define, after preprocessing (includes
    read, `ifdef resolved); from the plain sources when that fails."""
    text = preprocess(fl, tmp)
    if text is None:
        text = "\n".join(open(s, encoding="utf-8", errors="replace").read() for s in fl.sources)
    return sorted(set(re.findall(r"^\s*module\s+(\w+)", text, re.M)))


def write_deps(path, fl, tmp):
    """Every file the core is read from, `include files too, one a line
    (CMake re-runs the check when one changes)."""
    text = preprocess(fl, tmp) or ""
    files = list(dict.fromkeys(fl.sources + re.findall(r'^`line \d+ "(.*)" \d+$', text, re.M)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(f"{p}\n" for p in files))


def check_probe(a, rtl, params, root, types, tmp, names, port_map, ties):
    """Lints a wrapper that reads the probe by hierarchical reference, as the
    harness's cosim_top does, then checks the port widths when it can."""
    problems = []
    conns = ", ".join([f".{port_map.get(p, p)}({p})" for p in COURSE_PORTS] +
                      [f".{t}({v})" for t, v in ties.items()])
    cen, wen, addr, data = names
    p = f"u_core.{a.probe}"
    out_w = a.cols * a.psum_w
    overrides = (f" #(.bw({a.act_w}), .psum_bw({a.psum_w}), .col({a.cols}), .row({a.rows}))"
                 if a.params else "")
    # Same instance name and references as harness/probe/cosim_top.sv.in.
    wrapper = f"""module cosim_probe_check (
  input logic clk, reset,
  input logic [{a.inst_w - 1}:0] inst,
  input logic [{a.rows * a.act_w - 1}:0] D_xmem,
  output logic ofifo_valid,
  output logic [{out_w - 1}:0] sfp_out,
  output logic probe_we,
  output logic [10:0] probe_addr,
  output logic [{out_w - 1}:0] probe_data
);
  {a.top}{overrides} u_core ({conns});
  assign probe_we = !{p}.{cen} && !{p}.{wen};
  assign probe_addr = {p}.{addr};
  assign probe_data = {p}.{data};
endmodule
"""
    wfile = os.path.join(tmp, "cosim_probe_check.sv")
    with open(wfile, "w", encoding="utf-8") as f:
        f.write(wrapper)
    rc, out = run_verilator(["--lint-only", "-Wno-fatal", "-Wno-WIDTH", "--top-module",
                             "cosim_probe_check"] + rtl + [wfile], tmp)
    errors, _ = split_messages(out)
    if rc != 0:
        for e in errors:
            m = re.search(r"Can't find definition of '([^']+)' in dotted [a-z/]+: '([^']+)'", e)
            if m:
                dotted = m.group(2).replace("__BRA__", "[").replace("__KET__", "]")
                problems.append(f"psum probe: '{m.group(1)}' not found in '{dotted}' "
                                f"(RTL_PROBE={a.probe} RTL_PROBE_PORTS={','.join(names)}; the "
                                f"path is below the core instance u_core)")
            else:
                problems.append(f"psum probe: {e}")
        if not problems:
            problems.append(f"psum probe u_core.{a.probe}: Verilator rejects the wrapper")
        return list(dict.fromkeys(problems))  # one line per missing name

    # Widths, when the instance is in the elaborated hierarchy.
    cells = root.find("cells")
    top_cell = cells.find("cell") if cells is not None else None
    cell = find_cell(top_cell, a.probe.split(".")) if top_cell is not None else None
    if cell is None:
        return problems
    mods = [m for m in root.iter("module") if m.get("name") == cell.get("submodname")]
    if not mods:
        return problems
    pports = ports_of(mods[0], types)
    for name, want in ((addr, 11), (data, out_w)):
        if name in pports and pports[name][1] is not None and pports[name][1] != want:
            problems.append(f"psum probe: u_core.{a.probe}.{name}: expected {want} bits, "
                            f"found {pports[name][1]} ({'address' if want == 11 else 'write data, cols*psum_w'})")
    return problems


def verdict(problems, where):
    for p in problems:
        print(f"interface: {p}")
    print(f"interface check failed: {len(problems)} problem(s) in {where}; nothing was "
          f"verilated or simulated")
    return BAD


def run():
    try:
        return main()
    except InputError as e:  # e.g. no verilator on the PATH
        print(f"interface: {e}")
        print("interface check failed: bad input; nothing was simulated")
        return BAD


if __name__ == "__main__":
    sys.exit(run())
