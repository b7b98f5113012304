#!/usr/bin/env python3
"""Every signal the GTKWave save file names exists, with that width, in a VCD
written by cosim run --trace (so the layout opens on real signals)."""
import re
import sys

gtkw, vcd = sys.argv[1], sys.argv[2]
have = {}
scope = []
with open(vcd) as f:
    for line in f:
        t = line.split()
        if not t:
            continue
        if t[0] == "$scope":
            scope.append(t[2])
        elif t[0] == "$upscope":
            scope.pop()
        elif t[0] == "$var":
            have[".".join(scope + [t[4]])] = int(t[2])
        elif t[0] == "$enddefinitions":
            break
missing = 0
count = 0
for line in open(gtkw):
    line = line.strip()
    if not line or line[0] in "[@-*":
        continue
    count += 1
    m = re.fullmatch(r"(.+?)(\[(\d+):(\d+)\])?", line)
    name, width = m.group(1), (int(m.group(3)) - int(m.group(4)) + 1 if m.group(2) else 1)
    if have.get(name) != width:
        print(f"{gtkw}: {line}: " + ("not in the trace" if name not in have else
                                     f"the trace has width {have[name]}"))
        missing += 1
print(f"{count} signals checked, {missing} wrong")
sys.exit(1 if missing or count == 0 else 0)
