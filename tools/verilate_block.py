#!/usr/bin/env python3
"""Verilate one RTL block for a test program (tests/sim), at build time.

Usage:
  tools/verilate_block.py --out DIR --prefix VNAME --top MODULE
      [-G NAME=VALUE ...] [-- VERILATOR_ARGS...] SOURCE...

Runs `verilator --cc -Wall` into DIR and writes DIR/VNAME__unity.cpp, one
translation unit that includes every C++ file Verilator generated, so the
build (cmake/Rtl.cmake, cosim_verilate_block) compiles one file whose name
does not depend on the design: nothing is verilated when CMake configures,
and an RTL edit never reconfigures. Exit codes: 0 written, 2 Verilator
refused the RTL (its messages are printed).
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_model import verilator_units  # noqa: E402  (the one reader of Verilator's unit list)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--top", required=True)
    ap.add_argument("-G", dest="params", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("sources", nargs="+")
    a = ap.parse_args(argv[1:])
    exe = shutil.which("verilator")
    if not exe:
        print("verilate_block: verilator not found (make deps)", file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    cmd = [exe, "--cc", "-Wall", "--x-assign", "unique", "--x-initial", "unique",
           "--prefix", a.prefix, "--top-module", a.top, "-Mdir", a.out]
    cmd += [f"-G{p}" for p in a.params] + a.sources
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout, file=sys.stderr)
        print(f"verilate_block: Verilator refused {a.top} ({a.prefix})", file=sys.stderr)
        return 2
    units = verilator_units(a.out, a.prefix)
    with open(os.path.join(a.out, f"{a.prefix}__unity.cpp"), "w", encoding="utf-8") as f:
        f.write(f"// Every C++ file Verilator generated for {a.top} ({a.prefix}), in one unit.\n")
        f.write("".join(f'#include "{u}"\n' for u in units))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
