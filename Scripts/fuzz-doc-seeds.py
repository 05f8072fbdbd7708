#!/usr/bin/env python3
"""Seeds for Fuzz/worddoc.swift: each .doc's WordDocument stream with its table stream appended and the FIB's offsets
into the table stream (Clx, PlcBteChpx, PlcBtePapx, PlcfSed) moved by the document's length, then the Data stream and
its offset (four bytes, little-endian), so that the buffer read by WordBinaryReader.read(streams:) is a real document.
Usage: fuzz-doc-seeds.py OUTPUT_FOLDER FILE.doc..."""
import os
import struct
import sys


def streams(data):
    """The streams of a compound file by name (FAT chains, the mini stream for small ones)."""
    shift = struct.unpack_from('<H', data, 30)[0]
    size = 1 << shift
    mini_cutoff = struct.unpack_from('<I', data, 56)[0]
    difat = [s for s in struct.unpack_from('<109I', data, 76) if s < 0xFFFFFFFA]
    fat = []
    for sector in difat:
        fat += struct.unpack_from('<%dI' % (size // 4), data, (sector + 1) * size)

    def chain(start):
        out, seen = [], set()
        while start < 0xFFFFFFFA and start not in seen and start < len(fat):
            seen.add(start)
            out.append(start)
            start = fat[start]
        return out

    def read(start):
        return b''.join(data[(s + 1) * size:(s + 2) * size] for s in chain(start))

    directory = read(struct.unpack_from('<I', data, 48)[0])
    mini_fat_bytes = read(struct.unpack_from('<I', data, 60)[0])
    mini_fat = list(struct.unpack_from('<%dI' % (len(mini_fat_bytes) // 4), mini_fat_bytes))
    entries, root = {}, None
    for offset in range(0, len(directory) - 127, 128):
        length = struct.unpack_from('<H', directory, offset + 64)[0]
        name = directory[offset:offset + max(length - 2, 0)].decode('utf-16-le', 'replace')
        kind = directory[offset + 66]
        start, length = struct.unpack_from('<IQ', directory, offset + 116)
        if kind == 5:
            root = (start, length)
        elif kind == 2:
            entries[name] = (start, length)
    mini_stream = read(root[0]) if root else b''
    result = {}
    for name, (start, length) in entries.items():
        if length < mini_cutoff:
            out, seen = [], set()
            while start < 0xFFFFFFFA and start not in seen and start < len(mini_fat):
                seen.add(start)
                out.append(mini_stream[start * 64:(start + 1) * 64])
                start = mini_fat[start]
            result[name] = b''.join(out)[:length]
        else:
            result[name] = read(start)[:length]
    return result


def main():
    folder = sys.argv[1]
    for path in sys.argv[2:]:
        found = streams(open(path, 'rb').read())
        document = bytearray(found['WordDocument'])
        flags = struct.unpack_from('<H', document, 0x0A)[0]
        table = found['1Table' if flags & 0x0200 else '0Table']
        csw = struct.unpack_from('<H', document, 32)[0]
        cslw = struct.unpack_from('<H', document, 34 + csw * 2)[0]
        pairs = 34 + csw * 2 + 2 + cslw * 4 + 2
        for index in (6, 12, 13, 33):  # PlcfSed, PlcBteChpx, PlcBtePapx, Clx
            fc = struct.unpack_from('<I', document, pairs + index * 8)[0]
            struct.pack_into('<I', document, pairs + index * 8, fc + len(document))
        name = os.path.join(folder, os.path.basename(path) + '.streams')
        with open(name, 'wb') as out:
            data = found.get('Data', b'')
            out.write(bytes(document) + table + data + struct.pack('<I', len(document) + len(table)))


if __name__ == '__main__':
    main()
