#!/usr/bin/env python3
"""Writes the benchmark sheet (the same 10 columns as nianbao-bench write-xlsx) with XlsxWriter
(constant_memory) or rustpy-xlsxwriter, and prints elapsed seconds. Usage: writers.py xlsxwriter|rustpy ROWS OUT"""
import datetime, sys, time

tool, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = [f"乡镇{i % 97}-项目{i}" for i in range(5000)]
base = datetime.date(2020, 1, 1)

def row(r):
    return [r, (r * 7919) % 100000, r % 365, (r * 31) % 1000, (r % 10000) / 4 + 0.125, ((r * 13) % 100000) / 100,
            words[(r * 17) % 5000], words[(r * 101) % 5000], words[r % 5000], base + datetime.timedelta(days=r % 1500)]

start = time.perf_counter()
if tool == "xlsxwriter":
    import xlsxwriter
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("data")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r in range(count):
        values = row(r)
        for c, v in enumerate(values[:9]):
            ws.write(r, c, v)
        ws.write_datetime(r, 9, datetime.datetime.combine(values[9], datetime.time()), date)
    wb.close()
elif tool == "rustpy":
    import rustpy_xlsxwriter as rx
    records = []
    for r in range(count):
        v = row(r)
        records.append({f"c{i}": (x if i < 9 else x.isoformat()) for i, x in enumerate(v)})
    rx.write_worksheet(records, out, sheet_name="data")
else:
    sys.exit(__doc__)
print(f"{tool} wrote {count} {time.perf_counter() - start:.3f} s")
