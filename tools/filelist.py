#!/usr/bin/env python3
"""Read an RTL file list (`files.f`) the way every part of cosim does.

The one parser of file lists: CMake (cmake/Rtl.cmake, cosim_read_filelist)
runs this script at configure time, tools/check_iface.py imports it, and the
model registry carries its result to `cosim emit-tb`.

Usage:
  tools/filelist.py [--cmake] LIST

A list holds, separated by white space (several on a line are fine):
  path/to/file.sv        a source; relative to the folder of the list it is in
  -v FILE                a library file: read as a source
  +incdir+DIR[+DIR...]   include folders for `include
  +define+NAME[=VALUE][+NAME[=VALUE]...]
                         macros (`define), as on a simulator's command line
  -f LIST, -F LIST       another list, read in place; both take its paths
                         relative to that list's own folder
  // ..., # ...          comments, to the end of the line
  $VAR, ${VAR}           environment variables, in any of the above

The result is flat: the sources in order (each once), the include folders,
the defines (NAME or NAME=VALUE; a later value of a name replaces an earlier
one) and every list read. A path or a folder that does not exist, an option
it does not know (-y, +libext+, ...), a list that includes itself, an unset
variable or a list with no source at all is an error naming file:line and
the cause.

Output: one `kind<TAB>value` line each, kinds `list`, `source`, `incdir`,
`define` (--cmake: the same with a space instead of the tab, what
cmake/Rtl.cmake reads). Exit codes: 0 read, 2 a bad list (the message on
stderr, prefixed `filelist: `).
"""

import os
import re
import sys
from dataclasses import dataclass, field

HELD = "sources, +incdir+DIR, +define+NAME[=VALUE], -f/-F LIST, -v FILE"


class FileListError(Exception):
    """A bad file list; the message names file:line and the cause."""


@dataclass
class FileList:
    sources: list = field(default_factory=list)
    incdirs: list = field(default_factory=list)
    defines: dict = field(default_factory=dict)  # NAME -> VALUE, or None for none
    lists: list = field(default_factory=list)

    def define_args(self):
        """NAME or NAME=VALUE, in the order they were first defined."""
        return [n if v is None else f"{n}={v}" for n, v in self.defines.items()]

    def verilator_args(self):
        """-I and -D options for Verilator (the sources are not included)."""
        return [f"-I{d}" for d in self.incdirs] + [f"-D{d}" for d in self.define_args()]


_VAR = re.compile(r"\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\{))")


def _expand(token, env, where):
    def sub(m):
        if m.group(3):
            raise FileListError(f"{where}: unterminated ${{ in '{token}'")
        name = m.group(1) if m.group(1) is not None else m.group(2)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise FileListError(f"{where}: bad environment variable name '${{{name}}}' in '{token}'")
        if name not in env:
            raise FileListError(f"{where}: environment variable {name} is not set (in '{token}')")
        return env[name]
    return _VAR.sub(sub, token)


def _tokens(line):
    """The words of a line, up to a // or # that starts a word."""
    out = []
    for word in line.split():
        if word.startswith("//") or word.startswith("#"):
            break
        out.append(word)
    return out


def read(path, env=None):
    """Flatten the list at `path` (and every list it names) into a FileList.
    Raises FileListError."""
    env = os.environ if env is None else env
    result = FileList()
    if not os.path.isfile(path):
        raise FileListError(f"RTL file list not found: {path}")
    _read(os.path.abspath(path), path, env, result, [])
    if not result.sources:
        raise FileListError(f"{path}: names no source file")
    return result


def _read(abspath, shown, env, result, stack):
    real = os.path.realpath(abspath)
    stack = stack + [(real, shown)]
    if abspath not in result.lists:
        result.lists.append(abspath)
    base = os.path.dirname(abspath)
    try:
        with open(abspath, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise FileListError(f"cannot read the file list {shown}: {e.strerror}") from None

    for n, line in enumerate(lines, 1):
        where = f"{shown}:{n}"
        words = [_expand(w, env, where) for w in _tokens(line)]
        i = 0
        while i < len(words):
            w = words[i]
            i += 1
            if ";" in w:
                raise FileListError(f"{where}: ';' in '{w}': a path or define cannot hold it")
            if w in ("-f", "-F", "-v"):
                if i >= len(words):
                    raise FileListError(f"{where}: {w} needs a file name after it on the same line")
                arg = words[i]
                i += 1
                p = os.path.normpath(os.path.join(base, arg))
                if w == "-v":
                    _source(p, arg, where, result)
                    continue
                if not os.path.isfile(p):
                    raise FileListError(f"{where}: {w} {arg}: file list not found: {p}")
                if os.path.realpath(p) in [r for r, _ in stack]:
                    chain = " -> ".join([s for _, s in stack] + [p])
                    raise FileListError(f"{where}: {w} {arg}: the file lists include each other: "
                                        f"{chain}")
                _read(p, p, env, result, stack)
            elif w.startswith("+incdir+"):
                dirs = [d for d in w[len("+incdir+"):].split("+") if d]
                if not dirs:
                    raise FileListError(f"{where}: +incdir+ names no folder")
                for d in dirs:
                    p = os.path.normpath(os.path.join(base, d))
                    if not os.path.isdir(p):
                        raise FileListError(f"{where}: +incdir+ names a folder that does not "
                                            f"exist: {d} ({p})")
                    if p not in result.incdirs:
                        result.incdirs.append(p)
            elif w.startswith("+define+"):
                defs = [d for d in w[len("+define+"):].split("+") if d]
                if not defs:
                    raise FileListError(f"{where}: +define+ names no macro")
                for d in defs:
                    name, eq, value = d.partition("=")
                    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name):
                        raise FileListError(f"{where}: +define+{d}: '{name}' is not a macro name")
                    result.defines.pop(name, None)  # the last value wins, as on a command line
                    result.defines[name] = value if eq else None
            elif w == "-y" or w.startswith("+libext+"):
                what = "-y DIR" if w == "-y" else "+libext+"
                raise FileListError(f"{where}: {what} (library folders) is not supported: name "
                                    f"the library's files, as sources or with -v FILE")
            elif w.startswith("-") or w.startswith("+"):
                raise FileListError(f"{where}: unknown option '{w}' (a file list may hold {HELD})")
            else:
                _source(os.path.normpath(os.path.join(base, w)), w, where, result)


def _source(p, given, where, result):
    if not os.path.isfile(p):
        looked = "" if os.path.isabs(given) else f" ({p})"
        folder, name = os.path.split(p)
        try:
            near = [f for f in os.listdir(folder or ".") if f.lower() == name.lower()]
        except OSError:
            near = []
        hint = (f"; the folder has {near[0]}: file names are case-sensitive here (a file list "
                f"written on Windows or macOS may differ in case)") if near else ""
        raise FileListError(f"{where}: names a file that does not exist: {given}{looked}{hint}")
    if p not in result.sources:
        result.sources.append(p)


def main(argv):
    args = argv[1:]
    sep = "\t"
    if args and args[0] == "--cmake":
        sep, args = " ", args[1:]
    if args in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: tools/filelist.py [--cmake] LIST (--help: what a list may hold)",
              file=sys.stderr)
        return 2
    try:
        fl = read(args[0])
    except FileListError as e:
        print(f"filelist: {e}", file=sys.stderr)
        return 2
    out = [f"list{sep}{p}" for p in fl.lists] + [f"source{sep}{p}" for p in fl.sources]
    out += [f"incdir{sep}{p}" for p in fl.incdirs] + [f"define{sep}{d}" for d in fl.define_args()]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
