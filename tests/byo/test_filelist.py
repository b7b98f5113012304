#!/usr/bin/env python3
"""byo.filelist.parser: tools/filelist.py, the one parser of RTL file lists.

Table-driven: each case writes a few files into a fresh folder, reads its
top list `top.f` and compares either the flattened result (sources, include
folders, defines, lists read) or the error message, which must name
file:line and the cause. Then the command line (what CMake runs): its output
lines and its exit codes. Prints one line a case and `N passed, N failed`;
exits 1 when a case fails.
"""

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "..", "..", "tools", "filelist.py")
sys.path.insert(0, os.path.dirname(TOOL))
import filelist  # noqa: E402

ENV = {"RTL_ROOT": "lib", "SUB": "sub"}

# name, files (path -> text; a path ending in / is a folder), expected:
# a dict of the result (paths relative to the case folder) or an error regex.
CASES = [
    ("one_path_a_line", {"top.f": "a.sv\nb.sv\n", "a.sv": "", "b.sv": ""},
     {"sources": ["a.sv", "b.sv"], "incdirs": [], "defines": [], "lists": ["top.f"]}),
    ("every_form",
     {"top.f": "// a comment\n# another\n\n"
               "a.sv b.sv   // two sources, then a comment\n"
               "+incdir+inc+inc2\r\n"
               "+define+FAST+PSUM_W=16 +define+WIDTH=8\n"
               "-v lib/cells.v\n"
               "-f sub/sub.f\n"
               "-F ${SUB}/more.f\n"
               "$RTL_ROOT/env.sv a.sv\n"
               "+define+WIDTH=4\n"
               "top.sv\n",
      "a.sv": "", "b.sv": "", "top.sv": "", "inc/": None, "inc2/": None,
      "lib/cells.v": "", "lib/env.sv": "",
      "sub/sub.f": "x.sv\n+incdir+.\n", "sub/x.sv": "",
      "sub/more.f": "y.sv # y\n", "sub/y.sv": ""},
     {"sources": ["a.sv", "b.sv", "lib/cells.v", "sub/x.sv", "sub/y.sv", "lib/env.sv", "top.sv"],
      "incdirs": ["inc", "inc2", "sub"],
      "defines": ["FAST", "PSUM_W=16", "WIDTH=4"],
      "lists": ["top.f", "sub/sub.f", "sub/more.f"]}),
    ("absolute_paths_kept", {"top.f": "@/a.sv\n+incdir+@/inc\n", "a.sv": "", "inc/": None},
     {"sources": ["a.sv"], "incdirs": ["inc"], "defines": [], "lists": ["top.f"]}),
    ("same_list_twice_is_not_a_cycle",
     {"top.f": "-f s.f\n-f s.f\nt.sv\n", "s.f": "a.sv\n", "a.sv": "", "t.sv": ""},
     {"sources": ["a.sv", "t.sv"], "incdirs": [], "defines": [], "lists": ["top.f", "s.f"]}),

    ("missing_source", {"top.f": "a.sv\nnope.sv\n", "a.sv": ""},
     r"^top\.f:2: names a file that does not exist: nope\.sv \(/.*/nope\.sv\)$"),
    ("missing_source_in_nested_list", {"top.f": "-f sub/s.f\n", "sub/s.f": "\n\nnope.sv\n"},
     r"^/.*/sub/s\.f:3: names a file that does not exist: nope\.sv \(/.*/sub/nope\.sv\)$"),
    ("missing_library_file", {"top.f": "-v cells.v\n"},
     r"^top\.f:1: names a file that does not exist: cells\.v"),
    ("missing_incdir", {"top.f": "+incdir+inc+gone\na.sv\n", "a.sv": "", "inc/": None},
     r"^top\.f:1: \+incdir\+ names a folder that does not exist: gone \(/.*/gone\)$"),
    ("missing_nested_list", {"top.f": "a.sv\n-F other.f\n", "a.sv": ""},
     r"^top\.f:2: -F other\.f: file list not found: /.*/other\.f$"),
    ("missing_top_list", {}, r"^RTL file list not found: top\.f$"),
    ("unknown_option", {"top.f": "a.sv --timescale 1ns/1ps\n", "a.sv": ""},
     r"^top\.f:1: unknown option '--timescale' \(a file list may hold sources, \+incdir\+DIR, "
     r"\+define\+NAME\[=VALUE\], -f/-F LIST, -v FILE\)$"),
    ("unknown_plus_option", {"top.f": "+notimingchecks\n"},
     r"^top\.f:1: unknown option '\+notimingchecks'"),
    ("library_folder", {"top.f": "a.sv\n-y lib\n", "a.sv": "", "lib/": None},
     r"^top\.f:2: -y DIR \(library folders\) is not supported: name the library's files, "
     r"as sources or with -v FILE$"),
    ("library_extension", {"top.f": "+libext+.v+.sv\n"},
     r"^top\.f:1: \+libext\+ \(library folders\) is not supported"),
    ("nested_without_name", {"top.f": "a.sv -f\n", "a.sv": ""},
     r"^top\.f:1: -f needs a file name after it on the same line$"),
    ("cycle", {"top.f": "a.sv\n-f b.f\n", "b.f": "// b\n-F c.f\n", "c.f": "-f top.f\n",
               "a.sv": ""},
     r"^/.*/c\.f:1: -f top\.f: the file lists include each other: "
     r"top\.f -> /.*/b\.f -> /.*/c\.f -> /.*/top\.f$"),
    ("list_includes_itself", {"top.f": "a.sv\n-f ./top.f\n", "a.sv": ""},
     r"^top\.f:2: -f \./top\.f: the file lists include each other: top\.f -> /.*/top\.f$"),
    ("unset_variable", {"top.f": "a.sv\n$NOT_SET_HERE/b.sv\n", "a.sv": ""},
     r"^top\.f:2: environment variable NOT_SET_HERE is not set \(in '\$NOT_SET_HERE/b\.sv'\)$"),
    ("unset_variable_braces", {"top.f": "+incdir+${NOT_SET_HERE}/inc\n"},
     r"^top\.f:1: environment variable NOT_SET_HERE is not set"),
    ("unterminated_variable", {"top.f": "${RTL_ROOT/a.sv\n"},
     r"^top\.f:1: unterminated \$\{ in '\$\{RTL_ROOT/a\.sv'$"),
    ("empty_list", {"top.f": "// nothing but comments\n\n# here\n"},
     r"^top\.f: names no source file$"),
    ("no_source_only_options", {"top.f": "+incdir+.\n+define+X\n-f s.f\n", "s.f": ""},
     r"^top\.f: names no source file$"),
    ("bad_macro_name", {"top.f": "+define+9LIVES=1\n"},
     r"^top\.f:1: \+define\+9LIVES=1: '9LIVES' is not a macro name$"),
    ("define_without_name", {"top.f": "+define+\n"}, r"^top\.f:1: \+define\+ names no macro$"),
    ("incdir_without_folder", {"top.f": "+incdir+\n"}, r"^top\.f:1: \+incdir\+ names no folder$"),
    ("semicolon", {"top.f": "+define+A=1;2\n"},
     r"^top\.f:1: ';' in '\+define\+A=1;2': a path or define cannot hold it$"),
]


def write_case(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        if path.endswith("/"):
            os.makedirs(full, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="") as f:
            f.write(text.replace("@/", root + "/"))


def run_case(root, expected):
    """'' when the case passes, else what went wrong."""
    try:
        fl = filelist.read("top.f", env=ENV)
    except filelist.FileListError as e:
        if isinstance(expected, dict):
            return f"unexpected error: {e}"
        return "" if re.search(expected, str(e)) else f"message '{e}' does not match /{expected}/"
    except Exception as e:  # a crash is a failed case, not a stopped table
        return f"crashed: {type(e).__name__}: {e}"
    if not isinstance(expected, dict):
        return f"no error, expected one matching /{expected}/"

    def rel(paths):
        return [os.path.relpath(p, root) if p != root else "." for p in paths]

    got = {"sources": rel(fl.sources), "incdirs": rel(fl.incdirs), "defines": fl.define_args(),
           "lists": rel(fl.lists)}
    return "" if got == expected else f"got {got}, expected {expected}"


def run_cli(root):
    """The command CMake runs: its output lines and its exit codes."""
    problems = []
    env = dict(os.environ, **ENV)
    write_case(root, {"top.f": "+incdir+inc\n+define+W=3\na.sv\n", "a.sv": "", "inc/": None,
                      "bad.f": "a.sv\n-y lib\n"})
    p = subprocess.run([sys.executable, TOOL, "--cmake", "top.f"], cwd=root, env=env,
                       capture_output=True, text=True)
    want = [f"list {root}/top.f", f"source {root}/a.sv", f"incdir {root}/inc", "define W=3"]
    if p.returncode != 0 or p.stdout.splitlines() != want:
        problems.append(f"--cmake: exit {p.returncode}, output {p.stdout.splitlines()}, want {want}")
    p = subprocess.run([sys.executable, TOOL, "bad.f"], cwd=root, env=env,
                       capture_output=True, text=True)
    if p.returncode != 2 or not p.stderr.startswith("filelist: bad.f:2: -y DIR") or p.stdout:
        problems.append(f"bad list: exit {p.returncode}, stderr '{p.stderr.strip()}', "
                        f"want exit 2 and 'filelist: bad.f:2: -y DIR ...'")
    return "; ".join(problems)


def main():
    passed = failed = 0
    cwd = os.getcwd()
    checks = [(name, files, expected) for name, files, expected in CASES] + [("cli", None, None)]
    for name, files, expected in checks:
        with tempfile.TemporaryDirectory(prefix="cosim_filelist_") as tmp:
            root = os.path.realpath(tmp)
            os.chdir(root)
            try:
                if files is None:
                    why = run_cli(root)
                else:
                    write_case(root, files)
                    why = run_case(root, expected)
            finally:
                os.chdir(cwd)
        if why:
            failed += 1
            print(f"FAIL  {name}: {why}")
        else:
            passed += 1
            print(f"ok    {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
