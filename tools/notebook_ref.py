#!/usr/bin/env python3
"""Second, independent implementation of the notebook's maths and writers.

For each vector-set folder given, reads activation.txt and weight_kij0..8.txt,
recomputes psum and out with the notebook's own loops (cells 94-95, plain
Python integers, 8x8 array, 4x4 map, padding 1), writes every file with the
notebook's writer code (cells 97, 121, 123, 126, 128; out.txt after ReLU, as
the notebook's run wrote it) and compares the bytes with the folder's files.

  tools/notebook_ref.py [--cosim BIN] [SET_DIR...]
      SET_DIR       compare a committed or generated set
      --cosim BIN   also generate one set per pattern with `BIN gen` and
                    compare each

Exit 0 when every file is byte-identical, 1 otherwise. Registered as the
ctest vectors.notebook_reference.
"""
import io
import subprocess
import sys
import tempfile
from pathlib import Path


def data_lines(path):
    return [l.rstrip('\n') for l in open(path) if not l.startswith('#')]


def notebook_files(src):
    """The files the notebook would write for the activations and weights in src."""
    def s4(b):
        v = int(b, 2)
        return v - 16 if v >= 8 else v

    act = data_lines(src / 'activation.txt')
    a_tile = [[int(line[(7 - r) * 4:(7 - r) * 4 + 4], 2) for line in act] for r in range(8)]  # [row][nij]
    w_tile = [[[0] * 9 for _ in range(8)] for _ in range(8)]  # [col][row][kij]
    for k in range(9):
        for c, line in enumerate(data_lines(src / f'weight_kij{k}.txt')):
            for r in range(8):
                w_tile[c][r][k] = s4(line[(7 - r) * 4:(7 - r) * 4 + 4])
    # cell 94: psum[col][nij][kij] (the notebook's m(a_tile[:, nij]) per kij)
    psum = [[[sum(w_tile[c][r][k] * a_tile[r][nij] for r in range(8)) for k in range(9)]
             for nij in range(36)] for c in range(8)]
    # cell 95: the SFP accumulation with the notebook's address mapping
    out = [[0] * 16 for _ in range(8)]
    for o_nij in range(16):
        for kij in range(9):
            for c in range(8):
                out[c][o_nij] += psum[c][int(o_nij / 4) * 6 + o_nij % 4 + int(kij / 3) * 6 + kij % 3][kij]

    files = {}
    f = io.StringIO()  # cell 97
    f.write('#time0row7[msb-lsb],time0row6[msb-lst],....,time0row0[msb-lst]#\n')
    f.write('#time1row7[msb-lsb],time1row6[msb-lst],....,time1row0[msb-lst]#\n')
    f.write('#................#\n')
    for i in range(36):
        for j in range(8):
            f.write('{0:04b}'.format(round(a_tile[7 - j][i])))
        f.write('\n')
    files['activation.txt'] = f.getvalue()
    for kij in range(9):  # cell 121
        f = io.StringIO()
        f.write('#col0row7[msb-lsb],col0row6[msb-lst],....,col0row0[msb-lst]#\n')
        f.write('#col1row7[msb-lsb],col1row6[msb-lst],....,col1row0[msb-lst]#\n')
        f.write('#................#\n')
        for i in range(8):
            lis = []
            for j in range(8):
                v = w_tile[i][j][kij]
                lis.append('{0:04b}'.format(v) if v >= 0 else '{0:04b}'.format(v + 16))
            f.write(''.join(reversed(lis)) + '\n')
        files[f'weight_kij{kij}.txt'] = f.getvalue()
    for kij in range(9):  # cell 123
        f = io.StringIO()
        f.write('#time0col7[msb-lsb],time0col6[msb-lst],....,time0col0[msb-lst]#\n')
        f.write('#time1col7[msb-lsb],time1col6[msb-lst],....,time1col0[msb-lst]#\n')
        f.write('#................#\n')
        for i in range(36):
            lis = []
            for j in range(8):
                v = psum[j][i][kij]
                lis.append('{0:016b}'.format(v) if v >= 0 else '{0:016b}'.format(v + 65536))
            f.write(''.join(reversed(lis)) + '\n')
        files[f'psum_kij{kij}.txt'] = f.getvalue()
    for name in ('out.txt', 'out_relu.txt'):  # cells 126 and 128
        f = io.StringIO()
        f.write('#out7feature0[msb-lsb],out6feature0[msb-lst],....,out0feature0[msb-lst]#\n')
        f.write('#out7feature1[msb-lsb],out6feature1[msb-lst],....,out0feature1[msb-lst]#\n')
        f.write('#................#\n')
        for i in range(16):
            for j in range(8):
                f.write('{0:016b}'.format(max(out[7 - j][i], 0)))
            f.write('\n')
        files[name] = f.getvalue()
    return files


def compare(folder):
    bad = 0
    for name, text in notebook_files(folder).items():
        got = (folder / name).read_bytes()
        if got != text.encode():
            print(f'DIFFER {folder / name}')
            bad += 1
    print(f'{"FAIL" if bad else "PASS"} {folder}: {bad} of 21 files differ from the notebook reference')
    return bad == 0


def main(argv):
    args = argv[1:]
    cosim = None
    if '--cosim' in args:
        at = args.index('--cosim')
        cosim = args[at + 1] if at + 1 < len(args) else None
        if cosim is None:
            print(__doc__)
            return 2
        del args[at:at + 2]
    if cosim is None and not args:
        print(__doc__)
        return 2
    ok = all([compare(Path(a)) for a in args])
    if cosim:
        with tempfile.TemporaryDirectory() as tmp:
            for pattern in ('random', 'relu', 'sparse', 'zero', 'max', 'min', 'ones', 'notebook', 'corner'):
                folder = Path(tmp) / pattern
                subprocess.run([cosim, 'gen', '--out', str(folder), '--pattern', pattern, '--seed', '5'],
                               check=True, stdout=subprocess.DEVNULL)
                ok = compare(folder) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
