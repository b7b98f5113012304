#!/usr/bin/env python3
"""Check a core's interface before it is verilated for the harness, and
resolve how to wrap it.

Usage:
  tools/check_iface.py --filelist F [--top core] [--rows 8 --cols 8 --act-w 4
      --psum-w 16] [--inst-w 34|35] [--params]
      [--port COURSE=CORE ...] [--tie NAME=VALUE ...] [--vflag ARG ...]
      [--probe PATH[,PATH...] --probe-ports CEN,WEN,A,D] [--propose]
      [--deps FILE] [--json FILE]

What it checks (README "Bring your own core"):
  - the file list reads (tools/filelist.py: sources, +incdir+, +define+,
    nested -f/-F, -v, $VAR; each error names file:line and cause); its
    include folders, defines and --vflag options go to every Verilator run;
  - the top module is found in them (Verilator elaborates it: `--xml-only`);
  - its ports clk, reset, inst, D_xmem, ofifo_valid, sfp_out exist with the
    expected directions and widths (inst 34 or 35, D_xmem rows*act_w,
    sfp_out cols*psum_w, the others 1 bit), under the core's own names where
    --port maps them; a name that differs only in case is mapped (and said);
    a renamed port is named with the --port option that maps it (--propose:
    mapped, when one port of the core fits);
  - every other input is tied (--tie NAME=VALUE; --propose: tied to 0, and
    said); other outputs are left open;
  - the psum probe: the instance(s) below the core (PATH may hold [*] for a
    generate index, and * in a name; several are joined into one row, the
    first lowest) with their four write-port signals, address 11 bits, data
    adding up to cols*psum_w bits. Without --probe, the SRAM-like instances
    are listed and the only one (or group) that fits is taken, and said.
  - Last, Verilator lints the wrapper the harness will build around the core
    (tools/wrapper.py), so what passes here builds.

Verilator warnings on the user's RTL are shown but never fatal. The design is
elaborated with its own parameter defaults unless --params is given.
--json writes what was resolved (ports, ties, probes, notes) for
tools/build_model.py.

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
import wrapper   # tools/wrapper.py: the wrapper the harness builds around a core

BAD = 2
MAX_WARNING_LINES = 30
COURSE_PORTS = wrapper.COURSE_PORTS


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
    """name -> (direction, width, description), in declaration order."""
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


class Design:
    """The elaborated core: its modules, its ports, every instance below it
    with its path (generate blocks included, e.g. psum_mem[2].u_sram)."""

    def __init__(self, root):
        self.types = {t.get("id"): t for t in root.iter() if t.get("id") is not None
                      and t.tag.endswith("dtype")}
        self.modules = {m.get("name"): m for m in root.iter("module")}
        tops = [m for m in root.iter("module") if m.get("topModule") == "1"]
        self.top = tops[0] if tops else None
        self.instances = []  # (path, module element, origName of the module)
        if self.top is not None:
            self._walk(self.top, "")

    def _walk(self, el, prefix):
        for child in el:
            if child.tag == "begin" and child.get("name"):
                self._walk(child, f"{prefix}{child.get('name')}.")
            elif child.tag == "begin":
                self._walk(child, prefix)
            elif child.tag == "instance":
                path = prefix + child.get("name")
                mod = self.modules.get(child.get("defName"))
                if mod is not None:
                    self.instances.append((path, mod))
                    self._walk(mod, path + ".")

    def ports(self, module):
        return ports_of(module, self.types)


def module_label(mod):
    return mod.get("origName") or mod.get("name")


def natural_key(path):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", path)]


def match_probe(pattern, design):
    """The instance paths a probe PATH names: [*] is any generate index, *
    in a name any characters."""
    rx = "^" + "".join(r"\[\d+\]" if tok == "[*]" else ".*" if tok == "*" else re.escape(tok)
                       for tok in re.split(r"(\[\*\]|\*)", pattern)) + "$"
    found = [(p, m) for p, m in design.instances if re.match(rx, p)]
    return sorted(found, key=lambda pm: natural_key(pm[0]))


# ---------------------------------------------------------------------------

class Check:
    def __init__(self, a):
        self.a = a
        self.problems = []
        self.notes = []
        self.out_w = a.cols * a.psum_w

    def note(self, text):
        self.notes.append(text)
        print(f"interface: note: {text}")

    # -- ports ---------------------------------------------------------------
    def ports(self, design, port_map, ties):
        a = self.a
        ports = design.ports(design.top)
        expected = [
            ("clk", "input", 1),
            ("reset", "input", 1),
            ("inst", "input", a.inst_w),
            ("D_xmem", "input", a.rows * a.act_w),
            ("ofifo_valid", "output", 1),
            ("sfp_out", "output", self.out_w),
        ]
        why = {
            "inst": f"the {a.inst_w}-bit instruction word" +
                    (" (set RTL_INST_W=35 for the variant with the ReLU pulse in bit 34)"
                     if a.inst_w == 34 else " (RTL_INST_W=35: bit 34 is the ReLU pulse)"),
            "D_xmem": f"rows*act_w = {a.rows}*{a.act_w}",
            "sfp_out": f"cols*psum_w = {a.cols}*{a.psum_w}",
        }
        resolved = {}
        claimed = set(port_map.values()) | set(ties)
        for name, d, w in expected:
            actual = port_map.get(name)
            if actual is None and name not in ports:
                near = [p for p in ports if p.lower() == name.lower() and p not in claimed]
                if len(near) == 1:
                    actual = near[0]
                    self.note(f"port {name} is '{actual}' in the core (only the case differs): "
                              f"mapped ([core.ports] {name} = \"{actual}\")")
            actual = actual or name
            shown = name if actual == name else f"{name}' (the core's '{actual}"
            if actual not in ports:
                fit = [p for p, (pd, pw, _) in ports.items() if pd == d and pw == w
                       and p not in claimed and p not in COURSE_PORTS]
                if len(fit) == 1 and a.propose:
                    actual = fit[0]
                    self.note(f"port {name} is missing; the core's only {describe(d, w)} that is "
                              f"not a course port is '{actual}': mapped (guessed, check it)")
                else:
                    hint = ""
                    if len(fit) == 1:
                        hint = (f"; the core's only other {describe(d, w)} is '{fit[0]}': map it "
                                f"with --port {name}={fit[0]} (make: RTL_PORTS={name}={fit[0]}; "
                                f"profile: [core.ports] {name} = \"{fit[0]}\")")
                    self.problems.append(f"port '{shown}' is missing: expected {describe(d, w)}{hint}")
                    continue
            claimed.add(actual)
            resolved[name] = actual
            fd, fw, fdesc = ports[actual]
            if fd != d or fw != w:
                note = f"; {why[name]}" if name in why and fw != w else ""
                found = describe(fd, fw) if fw is not None else f"{fd} {fdesc}"
                self.problems.append(f"port '{shown}': expected {describe(d, w)}, found {found}{note}")
        ties = dict(ties)
        for t in list(ties):
            if t not in ports:
                self.problems.append(f"--tie {t}=...: the core has no port '{t}' (its ports: "
                                     f"{', '.join(ports)})")
            elif ports[t][0] != "input":
                self.problems.append(f"--tie {t}=...: '{t}' is an {ports[t][0]}, only inputs are tied")
            elif t in resolved.values():
                self.problems.append(f"--tie {t}=...: '{t}' is a course port, it cannot be tied")
        for p, (d, w, _) in ports.items():
            if p in claimed or p in ties:
                continue
            if d == "input":
                if a.propose:
                    ties[p] = "0"
                    self.note(f"input '{p}' ({describe(d, w)}) is not a course port: tied to 0 "
                              f"(guessed, check it: [core.tie] {p} = 0)")
                else:
                    self.problems.append(
                        f"port '{p}' is an input the course's core does not have: tie it to a "
                        f"value (--tie {p}=0; make: RTL_TIES={p}=0; profile: [core.tie] {p} = 0)")
            else:
                self.note(f"output '{p}' is not a course port: the wrapper leaves it open")
        return resolved, ties

    # -- the probe -------------------------------------------------------------
    def probe(self, design, names):
        """The probe instances (paths below the core, joined low first) and
        their port names; [] for none."""
        a = self.a
        if a.probe.strip() == "none":
            return [], names
        if a.probe:
            return self.named_probe(design, names)
        return self.discover_probe(design, names)

    def named_probe(self, design, names):
        paths = []
        for pattern in [p.strip() for p in self.a.probe.split(",") if p.strip()]:
            found = match_probe(pattern, design)
            if not found:
                listed = ", ".join(f"{p} ({module_label(m)})" for p, m in design.instances[:40])
                self.problems.append(f"psum probe: no instance '{pattern}' below the core "
                                     f"(u_core.{pattern}); its instances: {listed or 'none'}")
                continue
            paths += found
        if self.problems:
            return [], names
        self.widths(paths, names, design)
        if len(paths) > 1:
            self.note(f"psum probe: {self.a.probe} = {', '.join(p for p, _ in paths)} "
                      f"({len(paths)} instances, their data joined into one row, the first lowest)")
        return [p for p, _ in paths], names

    def widths(self, paths, names, design):
        cen, wen, addr, data = names
        total = 0
        for path, mod in paths:
            pports = design.ports(mod)
            missing = [n for n in names if n not in pports]
            if missing:
                for n in missing:
                    self.problems.append(
                        f"psum probe: '{n}' not found in 'u_core.{path}.{n}' ({module_label(mod)} "
                        f"has ports: {', '.join(pports)}; name them with --probe-ports "
                        f"CEN,WEN,A,D, make: RTL_PROBE_PORTS)")
                continue
            aw, dw = pports[addr][1], pports[data][1]
            if aw is not None and aw != 11:
                self.problems.append(f"psum probe: u_core.{path}.{addr}: expected 11 bits, found "
                                     f"{aw} (address)")
            total += dw or 0
        if not self.problems and total != self.out_w:
            what = paths[0][0] if len(paths) == 1 else f"{len(paths)} instances"
            self.problems.append(
                f"psum probe: u_core.{paths[0][0]}.{data}: expected {self.out_w} bits, found "
                f"{total}" + (f" in {what}" if len(paths) > 1 else "") +
                " (write data, cols*psum_w)")

    def discover_probe(self, design, names):
        """Without --probe: the SRAM-like instances (an 11-bit address input,
        data a row of cols*psum_w bits, or a part of one in each instance of a
        generate loop that adds up to a row); the only fit is taken."""
        cands = []
        groups = {}
        for path, mod in design.instances:
            pports = design.ports(mod)
            guess = self.sram_ports(pports, names)
            if not guess:
                continue
            dw = pports[guess[3]][1]
            if dw == self.out_w:
                cands.append(([path], guess, mod))
            elif dw and self.out_w % dw == 0:
                key = (re.sub(r"\[\d+\]", "[*]", path), module_label(mod))
                groups.setdefault(key, (guess, mod, []))[2].append(path)
        for (pattern, _), (guess, mod, paths) in groups.items():
            dw = design.ports(mod)[guess[3]][1]
            if "[*]" in pattern and len(paths) * dw == self.out_w:
                cands.append((sorted(paths, key=natural_key), guess, mod))
        shown = "; ".join(f"{', '.join(p)} ({module_label(m)}: {' '.join(g)})" for p, g, m in cands)
        if len(cands) == 1:
            paths, guess, mod = cands[0]
            self.note(f"psum probe: found the only SRAM-like instance{'s' if len(paths) > 1 else ''} "
                      f"that hold{'' if len(paths) > 1 else 's'} a row of {self.out_w} bits: "
                      f"u_core.{', u_core.'.join(paths)} "
                      f"({module_label(mod)}, ports {' '.join(guess)}); name it with --probe to "
                      f"be sure")
            return paths, list(guess)
        if cands:
            self.note(f"no psum probe named, and {len(cands)} SRAM-like instances fit: {shown}; "
                      f"name one with --probe (make: RTL_PROBE): outputs only until then")
        return [], names

    @staticmethod
    def sram_ports(pports, names):
        """(cen, wen, addr, data) of an SRAM-like module, or None: the given
        names when it has them, else a guess from the port names."""
        if all(n in pports for n in names) and pports[names[2]][1] == 11:
            return tuple(names)
        ins = {p: w for p, (d, w, _) in pports.items() if d == "input"}
        addr = [p for p, w in ins.items() if w == 11]
        cen = [p for p, w in ins.items() if w == 1 and re.search(r"(^|_)(cen|cs|ce|en|csn|cen_n|ce_n)(_n|b)?$", p, re.I)]
        wen = [p for p, w in ins.items() if w == 1 and re.search(r"(^|_)(wen|we|wen_n|we_n|web)(_n|b)?$", p, re.I)]
        data = [p for p, w in ins.items() if w and w > 1 and p not in addr]
        if len(addr) == 1 and len(cen) == 1 and len(wen) == 1 and len(data) == 1:
            return cen[0], wen[0], addr[0], data[0]
        return None

    # -- the wrapper, linted --------------------------------------------------
    def lint_wrapper(self, rtl, text, tmp):
        """Verilator lints the wrapper the harness will build: the probe's
        references and the port map, checked by the tool that builds them."""
        wfile = os.path.join(tmp, "cosim_top.sv")
        with open(wfile, "w", encoding="utf-8") as f:
            f.write(text)
        rc, out = run_verilator(["--lint-only", "-Wno-fatal", "-Wno-WIDTH", "--top-module",
                                 "cosim_top"] + rtl + [wfile], tmp)
        errors, _ = split_messages(out)
        if rc == 0:
            return
        for e in errors:
            m = re.search(r"Can't find definition of '([^']+)' in dotted [a-z/]+: '([^']+)'", e)
            if m:
                dotted = m.group(2).replace("__BRA__", "[").replace("__KET__", "]")
                self.problems.append(f"psum probe: '{m.group(1)}' not found in '{dotted}' "
                                     f"(the path is below the core instance u_core)")
            elif wfile in e:
                self.problems.append(f"Verilator rejects the wrapper around the core: {e}")
            else:
                self.problems.append(f"Verilator rejects the core's RTL: {e}")
        self.problems += option_hints(errors)
        if not self.problems:
            self.problems.append("Verilator rejects the wrapper around the core")


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
    ap.add_argument("--probe", default="",
                    help="psum SRAM instance path(s) below the core, comma-separated; [*] for "
                         "a generate index; none: no probe, outputs only (default: find it)")
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
    ap.add_argument("--propose", action="store_true",
                    help="calibration: map a renamed port that only one port fits, tie other "
                         "inputs to 0 (each said)")
    ap.add_argument("--json", default="", metavar="FILE",
                    help="write what the check resolved (ports, ties, probe) as JSON")
    a = ap.parse_args()

    try:
        fl = filelist.read(a.filelist)
        port_map = pairs(a.port, "--port", "COURSE=CORE")
        ties = pairs(a.tie, "--tie", "NAME=VALUE")
    except (filelist.FileListError, InputError) as e:
        print(f"interface: {e}")
        print("interface check failed: bad input; nothing was simulated")
        return BAD
    unknown = [k for k in port_map if k not in COURSE_PORTS]
    probe_ports = [p for p in re.split(r"[,;\s]+", a.probe_ports.strip()) if p]
    bad = None
    if unknown:
        bad = (f"--port {unknown[0]}=...: '{unknown[0]}' is not a course port "
               f"({', '.join(COURSE_PORTS)})")
    elif len(probe_ports) != 4:
        bad = (f"--probe-ports needs 4 names (chip enable, write enable, address, data), got "
               f"{len(probe_ports)}: '{a.probe_ports}'")
    if bad:
        print(f"interface: {bad}")
        print("interface check failed: bad input; nothing was simulated")
        return BAD
    # What every Verilator run gets: include folders, defines, the user's
    # Verilator options, the sources.
    rtl = fl.verilator_args() + a.vflag + fl.sources
    params = {}
    if a.params:
        params = {"bw": a.act_w, "psum_bw": a.psum_w, "col": a.cols, "row": a.rows}
    where = f"{a.top} ({a.filelist})"
    c = Check(a)

    with tempfile.TemporaryDirectory(prefix="cosim_iface_") as tmp:
        if a.deps:
            write_deps(a.deps, fl, tmp)
        xml = os.path.join(tmp, "core.xml")
        rc, out = run_verilator(["--xml-only", "-Wall", "-Wno-fatal", "--top-module", a.top,
                                 "-Mdir", tmp, "--xml-output", xml] +
                                [f"-G{k}={v}" for k, v in params.items()] + rtl, tmp)
        errors, warnings = split_messages(out)
        show_warnings(warnings, where)
        if rc != 0 or not os.path.isfile(xml):
            if any("was not found in design" in e for e in errors) or \
               any("Cannot find top module" in e for e in errors):
                mods = module_names(fl, tmp)
                c.problems.append(f"top module '{a.top}' not found in {a.filelist}; "
                                  f"modules there: {', '.join(mods) or 'none'} "
                                  f"(set RTL_TOP / --top)")
            else:
                c.problems.append(f"Verilator cannot elaborate {where}:")
                c.problems += [f"  {e}" for e in errors[:MAX_WARNING_LINES]]
                c.problems += option_hints(errors)
            return verdict(c.problems, where)

        design = Design(ET.parse(xml).getroot())
        if design.top is None:
            c.problems.append(f"top module '{a.top}' not found in {a.filelist}")
            return verdict(c.problems, where)
        resolved, ties = c.ports(design, port_map, ties)
        probes, names = ([], probe_ports)
        if not c.problems:
            probes, names = c.probe(design, probe_ports)
        if not c.problems:
            text = wrapper.generate(a.top, params, a.inst_w, a.rows * a.act_w, c.out_w,
                                    ports=resolved, ties=ties, probes=probes, probe_ports=names)
            c.lint_wrapper(rtl, text, tmp)

    if c.problems:
        return verdict(c.problems, where)
    desc = f"u_core.{', u_core.'.join(probes)} ({' '.join(names)})" if probes else ""
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"ports": resolved, "ties": ties, "probes": probes, "probe_ports": names,
                       "probe_desc": desc, "notes": c.notes}, f, indent=1)
    probe = f"; psum probe {desc} found" if probes else "; no psum probe (outputs only)"
    print(f"interface: ok: {where}: clk, reset, inst[{a.inst_w - 1}:0], "
          f"D_xmem[{a.rows * a.act_w - 1}:0], ofifo_valid, "
          f"sfp_out[{c.out_w - 1}:0]{probe}")
    return 0


def option_hints(errors):
    """The Verilator option that lets an error through, when there is one
    a user's RTL may need (README: RTL_VFLAGS)."""
    codes = sorted({m.group(1) for e in errors for m in [re.match(r"%Error-([A-Z]+):", e)] if m})
    return [f"  Verilator refuses {c} by default; if your simulator accepts it: "
            f"RTL_VFLAGS=-Wno-{c} (make), --vflags=-Wno-{c} (cosim), or "
            f"vflags = [\"-Wno-{c}\"] in the profile's [core]" for c in codes
            if c in ("BLKANDNBLK", "MULTIDRIVEN", "LATCH", "CASEINCOMPLETE", "PINMISSING",
                     "SELRANGE", "WIDTH", "MULTITOP", "IMPLICIT")]


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
    (the model is rebuilt, and the check re-run, when one changes)."""
    text = preprocess(fl, tmp) or ""
    files = list(dict.fromkeys(fl.sources + re.findall(r'^`line \d+ "(.*)" \d+$', text, re.M)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(f"{p}\n" for p in files))


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
