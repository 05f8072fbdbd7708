#!/usr/bin/env python3
"""Reads a sheet with python-calamine or openpyxl (read_only) and prints rows and elapsed seconds.
Usage: readers.py calamine|openpyxl FILE.xlsx   |   readers.py polars|csv FILE.csv"""
import sys, time

tool, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if tool == "calamine":
    from python_calamine import CalamineWorkbook
    rows = sum(1 for _ in CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows())
elif tool == "openpyxl":
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
elif tool == "polars":
    import polars as pl
    rows = pl.read_csv(path, has_header=False, infer_schema_length=0).height
elif tool == "csv":
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f))
else:
    sys.exit(__doc__)
print(f"{tool} rows {rows} {time.perf_counter() - start:.3f} s")
