#!/usr/bin/env python3
"""Build Verilated models for cosim: one shared library per model, loaded at
run time, so that an RTL edit rebuilds one small library and never the
harness (docs/ARCHITECTURE.md, "Models").

Usage:
  tools/build_model.py [-j N] [--quiet] DIR...
  tools/build_model.py --propose DIR     (cosim calibrate: the interface check
                                          only, resolving what it can guess)

Each DIR holds recipe.json, written by `cosim` (what to build: the file list,
the top, the shape, the probe, the port map, trace, optimisation). The
builder brings each DIR up to date, in parallel with -j:

  1. the interface check (tools/check_iface.py; user cores only), re-run only
     when the content of a file it read, or its arguments, changed;
  2. the probe wrapper cosim_top.sv around the core;
  3. Verilator (--cc) into DIR/obj;
  4. one translation unit of all of Verilator's C++ plus the model's entry
     point (model_entry.cpp: its ModelInfo and factory), compiled against a
     precompiled header; skipped when the generated C++ did not change, or
     taken from the object cache (an undone edit);
  5. DIR/model.so, linked against one shared Verilator runtime.

DIR/stamp.json then lists every input (sources, `include files, file lists,
the recipe, this script, the harness headers, the tools) with size, mtime
and content hash. cosim compares sizes and mtimes to tell whether a model is
up to date without starting Python; the builder compares content, so a file
touched but unchanged costs no rebuild.

Shared by all models of a runtime folder (recipe key runtime_dir):
  <runtime>/<key>/libcosim_verilated.so   Verilator's runtime (VCD and FST)
  <runtime>/<key>/pch-<opt>-<trace>/        precompiled headers
  <runtime>/objcache/                       compiled units by content hash

Exit codes: 0 every model is up to date, 2 bad input (the interface check
refused the core, Verilator or the compiler rejected it, a bad recipe).
"""

import argparse
import concurrent.futures
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import filelist  # noqa: E402  tools/filelist.py: the one parser of file lists

RECIPE_VERSION = 1
BAD = 2

# Optimisation of the model's C++, chosen by `make bench-build`'s figures
# (docs/ARCHITECTURE.md, "Models"). edit: the edit loop, where the compile
# dominates (-O0 builds 0.45 s faster than -O1; a `make sim` runs 1.7 k
# cycles, 4 ms at -O0's 0.4 M cycles/s); run: long runs, where the
# simulation dominates (-O1 runs at about 3 M cycles/s, as fast as -O2).
OPT_FLAGS = {"edit": ["-O0"], "run": ["-O1"]}
# For `make bench-build` (tools/bench_build.sh), which measures the choices:
# COSIM_MODEL_OPT replaces the edit flags, COSIM_MODEL_PCH=0 compiles without
# the precompiled header, COSIM_MODEL_CCACHE=1 compiles through ccache and
# COSIM_MODEL_OBJCACHE=0 turns off the object cache.
if os.environ.get("COSIM_MODEL_OPT"):
    OPT_FLAGS["edit"] = os.environ["COSIM_MODEL_OPT"].split()
USE_PCH = os.environ.get("COSIM_MODEL_PCH", "1") != "0"
USE_OBJCACHE = os.environ.get("COSIM_MODEL_OBJCACHE", "1") != "0"
RUNTIME_OPT = ["-O2"]
TRACE_DEFS = {
    "none": ["-DVM_TRACE=0", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=0"],
    "vcd": ["-DVM_TRACE=1", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=1"],
    "fst": ["-DVM_TRACE=1", "-DVM_TRACE_FST=1", "-DVM_TRACE_VCD=0"],
}
# What Verilator's own makefile (verilated.mk) gives every compile.
VL_FLAGS = ["-std=gnu++17", "-fPIC", "-faligned-new", "-fcf-protection=none", "-w",
            "-DVM_COVERAGE=0", "-DVM_SC=0"]
RUNTIME_SOURCES = ["verilated.cpp", "verilated_threads.cpp", "verilated_vcd_c.cpp",
                   "verilated_fst_c.cpp"]
HARNESS_HEADERS = ["model_info.hpp", "dut.hpp", "verilated_dut.hpp", "inst.hpp"]
TOOLS = ["build_model.py", "filelist.py", "check_iface.py", "wrapper.py"]


class BuildError(Exception):
    """A model that cannot be built; the message says why (exit 2)."""


# ---------------------------------------------------------------------------
# Small helpers

def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def sha1_text(*parts):
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def write_if_changed(path, text):
    """Writes text to path unless it holds exactly that; True when written."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


@contextlib.contextmanager
def locked(path):
    """An exclusive lock on path (created), held for the block: two cosim
    processes building the same model or runtime take turns."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def run(cmd, cwd=None, log=None):
    """Runs cmd; returns (rc, output). The command and its output go to log."""
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if log is not None:
        log.write("$ " + " ".join(cmd) + "\n" + p.stdout)
        log.flush()
    return p.returncode, p.stdout


def tool(name):
    exe = shutil.which(name)
    if not exe:
        raise BuildError(f"{name} not found (make deps)")
    return exe


def cxx():
    return os.environ.get("CXX") or tool("g++")


def compiler():
    """The compile command: the compiler, through ccache when asked."""
    return ([tool("ccache")] if os.environ.get("COSIM_MODEL_CCACHE") == "1" else []) + [cxx()]


def file_entry(path):
    st = os.stat(path)
    return {"path": path, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha1": sha1_file(path)}


def same_content(entries):
    """True when every listed file still has its recorded content."""
    for e in entries:
        try:
            st = os.stat(e["path"])
        except OSError:
            return False
        if st.st_size != e["size"]:
            return False
        if st.st_mtime_ns != e["mtime_ns"] and sha1_file(e["path"]) != e["sha1"]:
            return False
    return True


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def versions():
    """The compiler and Verilator, by path and version line: part of every key."""
    out = []
    for exe, flag in ((cxx(), "--version"), (tool("verilator"), "--version")):
        p = subprocess.run([exe, flag], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        out.append(f"{exe} {p.stdout.splitlines()[0] if p.stdout else ''}")
    return "\n".join(out)


def verilator_root():
    p = subprocess.run([tool("verilator"), "--getenv", "VERILATOR_ROOT"], stdout=subprocess.PIPE,
                       text=True)
    root = p.stdout.strip()
    if p.returncode != 0 or not os.path.isdir(os.path.join(root, "include")):
        raise BuildError("cannot find Verilator's include folder (verilator --getenv VERILATOR_ROOT)")
    return root


# ---------------------------------------------------------------------------
# The shared runtime and precompiled headers

class Runtime:
    """Verilator's runtime library and the precompiled headers, built once for
    a compiler, a Verilator and a set of flags, shared by every model."""

    def __init__(self, base, vroot, stamp):
        self.vinc = os.path.join(vroot, "include")
        self.key = sha1_text(stamp, " ".join(VL_FLAGS + RUNTIME_OPT))[:12]
        self.dir = os.path.join(base, self.key)
        self.lib = os.path.join(self.dir, "libcosim_verilated.so")
        self.objcache = os.path.join(base, "objcache")
        self.includes = [f"-I{self.vinc}", f"-I{self.vinc}/vltstd", f"-I{os.path.join(ROOT, 'harness')}"]

    def ensure(self, log):
        with locked(os.path.join(self.dir, ".lock")):
            if os.path.isfile(self.lib):
                return
            say(f"build: Verilator runtime (once per compiler and Verilator: {self.dir})")
            objs = []
            defs = ["-DVM_TRACE=1", "-DVM_TRACE_FST=1", "-DVM_TRACE_VCD=1"]
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                jobs = []
                for src in RUNTIME_SOURCES:
                    obj = os.path.join(self.dir, src.replace(".cpp", ".o"))
                    objs.append(obj)
                    cmd = [cxx()] + VL_FLAGS + RUNTIME_OPT + defs + self.includes + [
                        "-c", os.path.join(self.vinc, src), "-o", obj]
                    jobs.append(pool.submit(run, cmd))
                for j in jobs:
                    rc, out = j.result()
                    if rc != 0:
                        raise BuildError(f"the Verilator runtime does not compile:\n{out[-3000:]}")
            tmp = self.lib + f".tmp{os.getpid()}"
            rc, out = run([cxx(), "-shared", "-o", tmp] + objs + ["-lz", "-pthread", "-latomic"], log=log)
            if rc != 0:
                raise BuildError(f"cannot link the Verilator runtime:\n{out[-3000:]}")
            os.replace(tmp, self.lib)

    def pch(self, opt, trace, log):
        """The folder of the precompiled header for these flags (its macros
        and options must match the unit that uses it, so each set of flags
        has its own)."""
        text = "// Precompiled for every model of this kind (tools/build_model.py).\n" + \
               "".join(f'#include "{h}"\n' for h in ["verilated.h", "verilated_vcd_c.h",
                                                     "verilated_fst_c.h", "verilated_dut.hpp"])
        deps = [os.path.join(ROOT, "harness", h) for h in HARNESS_HEADERS]
        flags = VL_FLAGS + OPT_FLAGS[opt] + TRACE_DEFS[trace] + self.includes
        d = os.path.join(self.dir, f"pch-{opt}-{trace}-{sha1_text(' '.join(flags))[:8]}")
        header = os.path.join(d, "cosim_pch.h")
        # A header precompiled with other flags must never be used (GCC may
        # then fail inside, or worse): the flags are part of its key too.
        key = sha1_text(text, " ".join(flags), *[sha1_file(p) for p in deps])
        with locked(os.path.join(self.dir, ".lock")):
            os.makedirs(d, exist_ok=True)
            stamp = os.path.join(d, "key")
            if os.path.isfile(header + ".gch") and read_text(stamp) == key:
                return d
            write_if_changed(header, text)
            tmp = header + f".gch.tmp{os.getpid()}"
            cmd = [cxx()] + flags + ["-x", "c++-header", header, "-o", tmp]
            rc, out = run(cmd, log=log)
            if rc != 0:
                raise BuildError(f"cannot precompile {header}:\n{out[-3000:]}")
            os.replace(tmp, header + ".gch")
            with open(stamp, "w") as f:
                f.write(key)
            return d


# ---------------------------------------------------------------------------
# One model

QUIET = False


def say(msg):
    if not QUIET:
        print(msg, flush=True)


def verilator_units(obj, prefix):
    """The C++ units Verilator generated into obj for a model, from its
    <prefix>_classes.mk (tools/verilate_block.py reads them the same way)."""
    mk = os.path.join(obj, f"{prefix}_classes.mk")
    text = open(mk, encoding="utf-8").read().replace("\\\n", " ")
    units = []
    for line in text.splitlines():
        m = re.match(r"^(VM_CLASSES|VM_SUPPORT)_(FAST|SLOW)\s*\+=(.*)$", line)
        if m:
            units += [u + ".cpp" for u in m.group(3).split()]
    return units


def prefix_of(name):
    return "V" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def cpp_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def cpp_strings(items):
    return "{" + ", ".join(cpp_str(i) for i in items) + "}"


def read_recipe(d):
    path = os.path.join(d, "recipe.json")
    r = load_json(path)
    if r is None:
        raise BuildError(f"{path}: missing or not JSON (cosim writes it)")
    if r.get("version") != RECIPE_VERSION:
        raise BuildError(f"{path}: recipe version {r.get('version')}, this builder reads "
                         f"{RECIPE_VERSION} (rebuild cosim)")
    for k in ("name", "filelist", "top", "rows", "cols", "act_w", "psum_w", "inst_width",
              "trace", "opt", "runtime_dir"):
        if k not in r:
            raise BuildError(f"{path}: no key '{k}'")
    if r["trace"] not in TRACE_DEFS:
        raise BuildError(f"{path}: trace '{r['trace']}' is not none, vcd or fst")
    if r["opt"] not in OPT_FLAGS:
        raise BuildError(f"{path}: opt '{r['opt']}' is not edit or run")
    return r


class Model:
    def __init__(self, d, runtime_of):
        self.dir = os.path.abspath(d)
        self.recipe_path = os.path.join(self.dir, "recipe.json")
        self.r = read_recipe(self.dir)
        self.name = self.r["name"]
        self.prefix = prefix_of(self.name)
        self.obj = os.path.join(self.dir, "obj")
        self.so = os.path.join(self.dir, "model.so")
        self.stamp_path = os.path.join(self.dir, "stamp.json")
        self.runtime_of = runtime_of

    # -- up to date? -------------------------------------------------------
    def fixed_inputs(self):
        """What every model depends on besides its RTL."""
        files = [self.recipe_path]
        files += [os.path.join(HERE, t) for t in TOOLS if os.path.isfile(os.path.join(HERE, t))]
        files += [os.path.join(ROOT, "harness", h) for h in HARNESS_HEADERS]
        files += [tool("verilator"), os.path.realpath(cxx())]
        return files

    def up_to_date(self):
        st = load_json(self.stamp_path)
        if not st or not os.path.isfile(self.so):
            return False
        if not same_content(st.get("inputs", [])):
            return False
        # Touched but unchanged: record the new times, so cosim's check passes.
        inputs = [file_entry(e["path"]) for e in st["inputs"]]
        if inputs != st["inputs"]:
            st["inputs"] = inputs
            write_if_changed(self.stamp_path, json.dumps(st, indent=1) + "\n")
        return True

    # -- the build ---------------------------------------------------------
    def build(self, log):
        t0 = time.time()
        r = self.r
        try:
            fl = filelist.read(r["filelist"])
        except filelist.FileListError as e:
            raise BuildError(f"interface: {e}\ninterface check failed: bad input; nothing was "
                             f"simulated") from None
        iface = self.interface(fl, log)
        wrapper = os.path.join(self.dir, "cosim_top.sv")
        write_if_changed(wrapper, iface["wrapper"])
        read = self.verilate(fl, wrapper, log)
        self.compile_and_link(fl, iface, wrapper, log)
        inputs = list(dict.fromkeys(self.fixed_inputs() + fl.lists + read + iface.get("deps", [])))
        stamp = {"name": self.name, "inputs": [file_entry(p) for p in inputs if os.path.isfile(p)]}
        write_if_changed(self.stamp_path, json.dumps(stamp, indent=1) + "\n")
        return time.time() - t0

    def interface(self, fl, log):
        """The interface check (user cores) and the wrapper it leads to.
        Cached by the content of every file the check read."""
        import wrapper as wrap  # tools/wrapper.py
        r = self.r
        if not r.get("check", False):
            return {"wrapper": wrap.builtin(r), "deps": []}
        cache_path = os.path.join(self.dir, "iface.json")
        args = wrap.check_args(r)
        cached = load_json(cache_path)
        if cached and cached.get("args") == args and same_content(cached.get("inputs", [])):
            return cached
        with tempfile.TemporaryDirectory(prefix="cosim_iface_") as tmp:
            deps_file = os.path.join(tmp, "deps.txt")
            json_file = os.path.join(tmp, "iface.json")
            cmd = [sys.executable, os.path.join(HERE, "check_iface.py")] + args + [
                "--deps", deps_file, "--json", json_file]
            rc, out = run(cmd, log=log)
            text = out.rstrip("\n")
            with open(os.path.join(self.dir, "iface.txt"), "w", encoding="utf-8") as f:
                f.write(text + "\n")
            if rc != 0:
                raise BuildError(text)
            say(text)
            result = load_json(json_file) or {}
            deps = [p.strip() for p in open(deps_file, encoding="utf-8") if p.strip()] \
                if os.path.isfile(deps_file) else []
        result["wrapper"] = wrap.user(r, result)
        result["args"] = args
        result["deps"] = deps
        result["inputs"] = [file_entry(p) for p in dict.fromkeys(deps + fl.lists + [
            os.path.join(HERE, "check_iface.py"), os.path.join(HERE, "wrapper.py")]) if os.path.isfile(p)]
        result["verdict"] = text
        write_if_changed(cache_path, json.dumps(result, indent=1) + "\n")
        return result

    def verilator_args(self, fl, wrapper):
        r = self.r
        args = ["--cc", "-Wall", "--x-assign", "unique", "--x-initial", "unique",
                "--prefix", self.prefix, "--top-module", "cosim_top", "-Mdir", self.obj]
        if r.get("lint") != "strict":
            args.append("-Wno-fatal")  # warnings shown, not fatal: a user's RTL is not ours to lint
        args += fl.verilator_args()
        args += [f"-G{k}={v}" for k, v in r.get("verilator_params", {}).items()]
        if r["trace"] == "vcd":
            args += ["--trace", "--trace-underscore"]
        elif r["trace"] == "fst":
            args += ["--trace-fst", "--trace-underscore"]
        args += list(r.get("vflags", []))
        return args + fl.sources + [wrapper]

    def verilate(self, fl, wrapper, log):
        """Runs Verilator; returns the files it read (its __ver.d)."""
        os.makedirs(self.obj, exist_ok=True)
        rc, out = run([tool("verilator")] + self.verilator_args(fl, wrapper), log=log)
        if rc != 0:
            errors = [line for line in out.splitlines() if line.startswith(("%Error", "%Warning"))
                      and "Exiting due to" not in line]
            shown = "\n".join(f"  {e}" for e in errors[:20]) or out[-3000:]
            hint = ""
            if any("BLKANDNBLK" in e for e in errors):
                hint = "\n  (a Verilator option for your RTL: RTL_VFLAGS=-Wno-BLKANDNBLK, or vflags in the profile)"
            raise BuildError(f"model {self.name}: Verilator rejects the RTL of {self.r['filelist']} "
                             f"(top {self.r['top']}):\n{shown}{hint}\n(full log: "
                             f"{os.path.join(self.dir, 'build.log')})")
        dep = os.path.join(self.obj, f"{self.prefix}__ver.d")
        read = []
        if os.path.isfile(dep):
            text = open(dep, encoding="utf-8").read().replace("\\\n", " ")
            _, _, ins = text.partition(":")
            read = [p for p in ins.split() if os.path.isfile(p)]
        return read

    def generated_units(self):
        return verilator_units(self.obj, self.prefix)

    def entry_source(self, fl, iface, wrapper):
        r = self.r
        trace = r["trace"]
        tracer = {"none": "void", "vcd": "VerilatedVcdC", "fst": "VerilatedFstC"}[trace]
        kind = {"none": "None", "vcd": "Vcd", "fst": "Fst"}[trace]
        probe = bool(iface.get("probe_desc") if r.get("check") else r.get("probe"))
        probe_desc = iface.get("probe_desc", "") if r.get("check") else \
            (f"u_core.{r['probe'][0]} ({' '.join(r['probe_ports'])})" if r.get("probe") else "")
        notes = iface.get("notes", [])
        fmt = "Relu35" if int(r["inst_width"]) == 35 else "Std34"
        return f"""// Generated by tools/build_model.py for model {self.name}: its ModelInfo and
// factory, the entry points cosim looks up after loading model.so.
#include "{self.prefix}.h"
#include "model_info.hpp"
#include "verilated_dut.hpp"

extern "C" int cosim_model_abi() {{ return cosim::kModelAbi; }}

extern "C" const cosim::ModelInfo* cosim_model_info() {{
  static const cosim::ModelInfo info = [] {{
    cosim::ModelInfo m;
    m.name = {cpp_str(self.name)};
    m.rtl = {cpp_str(r["filelist"])};
    m.top = {cpp_str(r["top"])};
    m.rows = {int(r["rows"])};
    m.cols = {int(r["cols"])};
    m.act_w = {int(r["act_w"])};
    m.psum_w = {int(r["psum_w"])};
    m.format = cosim::InstFormat::{fmt};
    m.probe = {"true" if probe else "false"};
    m.trace = cosim::TraceKind::{kind};
    m.probe_path = {cpp_str(probe_desc)};
    m.wrapper = {cpp_str(wrapper)};
    m.sources = {cpp_strings(fl.sources)};
    m.incdirs = {cpp_strings(fl.incdirs)};
    m.defines = {cpp_strings(fl.define_args())};
    m.notes = {cpp_strings(notes)};
    m.make = [](const std::vector<std::string>& a) -> std::unique_ptr<cosim::Dut> {{
      return std::make_unique<cosim::VerilatedDut<{self.prefix}, {tracer}>>(
          {int(r["cols"])}, {int(r["psum_w"])}, {"true" if probe else "false"}, a);
    }};
    return m;
  }}();
  return &info;
}}
"""

    def compile_and_link(self, fl, iface, wrapper, log):
        r = self.r
        rt = self.runtime_of(r["runtime_dir"])
        rt.ensure(log)
        units = self.generated_units()
        entry = os.path.join(self.dir, "model_entry.cpp")
        write_if_changed(entry, self.entry_source(fl, iface, wrapper))
        unity = os.path.join(self.dir, "unity.cpp")
        write_if_changed(unity, "// Every generated unit of the model in one translation unit.\n" +
                         ('#include "cosim_pch.h"\n' if USE_PCH else '#include "verilated.h"\n') +
                         "".join(f'#include "{os.path.join(self.obj, u)}"\n' for u in units) +
                         f'#include "{entry}"\n')
        pch = rt.pch(r["opt"], r["trace"], log) if USE_PCH else None
        flags = VL_FLAGS + OPT_FLAGS[r["opt"]] + TRACE_DEFS[r["trace"]] + (
            [f"-I{pch}", "-Winvalid-pch"] if pch else []) + rt.includes + [f"-I{self.obj}"]
        # The object depends on the content of everything the unit includes
        # that can change: the generated files, the entry, the flags, the PCH.
        key = sha1_text(" ".join(flags), read_text(os.path.join(pch, "key")) if pch else "",
                        *[sha1_file(os.path.join(self.obj, u)) for u in units],
                        *[sha1_file(os.path.join(self.obj, h)) for h in sorted(os.listdir(self.obj))
                          if h.endswith(".h")],
                        sha1_file(entry), sha1_file(unity))
        obj = os.path.join(self.dir, "model.o")
        cached = os.path.join(rt.objcache, key + ".o")
        if USE_OBJCACHE and os.path.isfile(cached):
            shutil.copyfile(cached, obj + ".tmp")
            os.replace(obj + ".tmp", obj)
        else:
            rc, out = run(compiler() + flags + ["-c", unity, "-o", obj + ".tmp"], log=log)
            if rc != 0:
                raise BuildError(f"model {self.name}: the generated C++ does not compile:\n"
                                 f"{out[-3000:]}")
            os.replace(obj + ".tmp", obj)
            os.makedirs(rt.objcache, exist_ok=True)
            shutil.copyfile(obj, cached + f".tmp{os.getpid()}")
            os.replace(cached + f".tmp{os.getpid()}", cached)
        tmp = self.so + f".tmp{os.getpid()}"
        rc, out = run([cxx(), "-shared", "-o", tmp, obj, f"-L{rt.dir}", "-lcosim_verilated",
                       f"-Wl,-rpath,{rt.dir}", "-pthread"], log=log)
        if rc != 0:
            raise BuildError(f"model {self.name}: cannot link {self.so}:\n{out[-3000:]}")
        os.replace(tmp, self.so)  # a running cosim keeps the old file it mapped


def build_one(d, runtime_of):
    m = Model(d, runtime_of)
    with locked(os.path.join(m.dir, ".lock")):
        if m.up_to_date():
            return m.name, None
        with open(os.path.join(m.dir, "build.log"), "w", encoding="utf-8") as log:
            say(f"build: model {m.name} ({m.r['filelist']}, top {m.r['top']}, "
                f"{m.r['trace'] if m.r['trace'] != 'none' else 'untraced'}, opt {m.r['opt']})")
            secs = m.build(log)
        say(f"build: model {m.name} built in {secs:.1f} s")
        return m.name, secs


def propose(d):
    """Calibration's look at a user's core before it is built: the interface
    check in --propose mode on DIR/recipe.json, its resolution written to
    DIR/proposed.json (a renamed port that only one port fits, other inputs
    tied to 0, the probe found; each said). Returns the exit code."""
    import wrapper as wrap  # tools/wrapper.py
    r = read_recipe(d)
    with tempfile.TemporaryDirectory(prefix="cosim_iface_") as tmp:
        cmd = [sys.executable, os.path.join(HERE, "check_iface.py")] + wrap.check_args(r) + [
            "--propose", "--json", os.path.join(d, "proposed.json"), "--deps",
            os.path.join(tmp, "deps.txt")]
        return subprocess.run(cmd).returncode


def main(argv):
    global QUIET
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See the module docstring (--help shows the first part).")
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="model folders holding recipe.json")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--quiet", action="store_true", help="print only errors")
    ap.add_argument("--propose", action="store_true",
                    help="only check the interface as calibration does, into DIR/proposed.json")
    a = ap.parse_args(argv[1:])
    QUIET = a.quiet
    if a.propose:
        try:
            return max(propose(d) for d in a.dirs)
        except BuildError as e:
            print(f"build: {e}", file=sys.stderr)
            return BAD
    try:
        vroot = verilator_root()
        stamp = versions()
    except BuildError as e:
        print(f"build: {e}", file=sys.stderr)
        return BAD
    runtimes = {}

    def runtime_of(base):
        if base not in runtimes:
            runtimes[base] = Runtime(base, vroot, stamp)
        return runtimes[base]

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futures = {pool.submit(build_one, d, runtime_of): d for d in a.dirs}
        for f in concurrent.futures.as_completed(futures):
            try:
                f.result()
            except BuildError as e:
                failed.append(futures[f])
                print(str(e), file=sys.stderr if not str(e).startswith("interface") else sys.stdout,
                      flush=True)
    return BAD if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
