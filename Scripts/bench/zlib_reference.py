#!/usr/bin/env python3
"""Inflate the largest entry of an archive with Python's zlib (raw deflate), then deflate it at levels 1 and 6.
Usage: zlib_reference.py FILE.xlsx"""
import sys, time, zipfile, zlib

archive = zipfile.ZipFile(sys.argv[1])
info = max(archive.infolist(), key=lambda i: i.file_size)
with open(sys.argv[1], "rb") as f:
    f.seek(info.header_offset)
    header = f.read(30)
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    f.seek(start)
    raw = f.read(info.compress_size)
t = time.perf_counter()
data = zlib.decompressobj(-15).decompress(raw)
s = time.perf_counter() - t
print(f"python zlib inflate {len(data)} bytes: {s:.3f} s, {len(data) / 1e6 / s:.0f} MB/s")
for level in (1, 6):
    t = time.perf_counter()
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush()
    s = time.perf_counter() - t
    print(f"python zlib deflate level {level} → {len(out)} bytes: {s:.3f} s, {len(data) / 1e6 / s:.0f} MB/s")
