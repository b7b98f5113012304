#!/usr/bin/env python3
"""vcd_same.py A.vcd B.vcd [--require NAME]... [--min-signals N]

Two VCDs of one run hold the same waveform (tests byo.icarus.dump_*): A is
written by `cosim run --trace` (Verilator), B by the Icarus replay's
+dump (tools/iverilog_run.sh). They must have the same time stamps, and
every signal both have (same full name and width) the same value at every
stamp. Verilator is 2-state: an x or z bit in B (state nothing has set yet,
which Verilator starts at 0) matches any bit of A, and is counted. B may
end with one $dumpoff block after A's last stamp (the end of its window).
Every --require name must be in both files. Exit 0 the same, 1 different
(the first differences are printed), 2 bad input.
"""
import argparse
import sys


def parse(path):
    """-> (names {full name: (id, width)}, stamps [t], changes {id: [(t, v)]},
    dumpoff stamps [t])."""
    names, changes = {}, {}
    stamps, offs = [], []
    scope = []
    t = None
    in_off = False
    with open(path) as f:
        lines = iter(f)
        for line in lines:
            tok = line.split()
            if not tok:
                continue
            if tok[0] == "$scope":
                scope.append(tok[2])
            elif tok[0] == "$upscope":
                scope.pop()
            elif tok[0] == "$var":
                names[".".join(scope + [tok[4]])] = (tok[3], int(tok[2]))
                changes.setdefault(tok[3], [])
            elif tok[0] == "$enddefinitions":
                break
        for line in lines:
            line = line.strip()
            if not line:
                continue
            c = line[0]
            if c == "#":
                t = int(line[1:])
                stamps.append(t)
            elif line == "$dumpoff":
                in_off = True
                offs.append(t)
            elif line == "$end":
                in_off = False
            elif line[0] == "$":
                continue
            elif in_off:
                continue
            elif c in "bB":
                v, ident = line[1:].split()
                changes.setdefault(ident, []).append((t, v.lower()))
            elif c in "rR":
                v, ident = line[1:].split()
                changes.setdefault(ident, []).append((t, v))
            else:
                changes.setdefault(line[1:], []).append((t, c.lower()))
    # A stamp that holds only a $dumpoff is not a stamp of the waveform.
    stamps = [s for s in stamps if s not in offs or any(
        s == ct for ch in changes.values() for ct, _ in ch)]
    return names, sorted(set(stamps)), changes, offs


def widen(v, width):
    """A VCD vector value, left-extended to width bits as VCD defines it."""
    if len(v) >= width:
        return v[-width:]
    pad = v[0] if v[0] in "xz" else "0"
    return pad * (width - len(v)) + v


def show(v):
    """A widened value, in hex when it has no x or z."""
    if len(v) > 1 and set(v) <= set("01"):
        return f"0x{int(v, 2):0{(len(v) + 3) // 4}x}"
    return f"b{v}"


def values_at(ch, stamps, width):
    out, i, cur = [], 0, None
    for s in stamps:
        while i < len(ch) and ch[i][0] <= s:
            cur = ch[i][1]
            i += 1
        out.append(None if cur is None else widen(cur, width))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--require", action="append", default=[])
    ap.add_argument("--min-signals", type=int, default=1)
    o = ap.parse_args()
    try:
        na, sa, ca, _ = parse(o.a)
        nb, sb, cb, offb = parse(o.b)
    except (OSError, ValueError, IndexError) as e:
        print(f"vcd_same: cannot read: {e}")
        return 2
    bad = []
    if not sa:
        bad.append(f"{o.a}: no time stamps")
    if sa != sb:
        bad.append(f"time stamps differ: {o.a} #{sa[0] if sa else '-'}..#{sa[-1] if sa else '-'} "
                   f"({len(sa)}), {o.b} #{sb[0] if sb else '-'}..#{sb[-1] if sb else '-'} ({len(sb)})")
    if len(offb) > 1 or (offb and sa and offb[0] <= sa[-1]):
        bad.append(f"{o.b}: $dumpoff at {offb}: expected at most one, after #{sa[-1] if sa else '-'}")
    for r in o.require:
        for path, names in ((o.a, na), (o.b, nb)):
            if r not in names:
                bad.append(f"{path}: required signal {r} not found")
    common = sorted(n for n in na if n in nb and na[n][1] == nb[n][1])
    if len(common) < o.min_signals:
        bad.append(f"only {len(common)} signals in both files (at least {o.min_signals} expected)")
    diffs, with_x = [], 0
    if sa == sb:
        for n in common:
            (ia, w), (ib, _) = na[n], nb[n]
            va, vb = values_at(ca[ia], sa, w), values_at(cb[ib], sb, w)
            saw_x = False
            for s, x, y in zip(sa, va, vb):
                if x is None or y is None:
                    if x != y:
                        diffs.append(f"{n} at #{s}: {o.a} {x}, {o.b} {y}")
                    continue
                if "x" in y or "z" in y:
                    saw_x = True
                if any(p != q and q not in "xz" for p, q in zip(x, y)):
                    diffs.append(f"{n} [{w}] at #{s}: {o.a} {show(x)}, {o.b} {show(y)}")
            with_x += saw_x
    for line in bad + diffs[:10]:
        print(f"vcd_same: {line}")
    if len(diffs) > 10:
        print(f"vcd_same: ... {len(diffs) - 10} more differences")
    span = f"#{sa[0]}..#{sa[-1]}" if sa else "none"
    print(f"vcd_same: {len(sa)} stamps ({span}), {len(common)} signals in both, "
          f"{with_x} with x or z in {o.b}, {len(diffs)} differences")
    return 1 if bad or diffs else 0


if __name__ == "__main__":
    sys.exit(main())
