#!/usr/bin/env python3
"""What a county office's straightforward Python script does with a folder of township workbooks: read the 200
values at the template's cells, check the identities (I1–I4), sum the county, write the totals as CSV.
Usage: batch_reference.py openpyxl|calamine FOLDER OUT.csv"""
import csv, json, os, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
tool, folder, out = sys.argv[1], sys.argv[2], sys.argv[3]
cells = json.load(open(os.path.join(HERE, "cells-2021.json"), encoding="utf-8"))
APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org"]
COLUMNS = APPLICANTS + ["total"]
RESULTS = ["granted", "partial"] + [f"denied.{x}" for x in ["state_secret", "prohibited", "security_stability", "third_party",
           "internal_affairs", "process_info", "enforcement_file", "inquiry"]] + [f"unable.{x}" for x in ["not_held", "needs_creation", "unclear"]] \
           + [f"not_processed.{x}" for x in ["petition", "repeat", "publication", "excessive", "confirmation"]] \
           + [f"other.{x}" for x in ["no_correction", "unpaid_fee", "other"]]
ROWS = ["new", "carried_over"] + RESULTS + ["total", "carried_forward"]


def a1(ref):
    col, i = 0, 0
    while ref[i].isalpha():
        col = col * 26 + ord(ref[i]) - 64
        i += 1
    return int(ref[i:]) - 1, col - 1


POSITIONS = {key: a1(ref) for key, ref in cells.items()}


def read_openpyxl(path):
    import openpyxl
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    return grid


def read_calamine(path):
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()


def number(grid, key):
    r, c = POSITIONS[key]
    try:
        value = grid[r][c]
    except IndexError:
        return 0
    if value in (None, ""):
        return 0
    return float(value)


def check(values):
    errors = []
    v = lambda k: values[k]
    for c in COLUMNS:
        if v(f"s3.new.{c}") + v(f"s3.carried_over.{c}") != v(f"s3.total.{c}") + v(f"s3.carried_forward.{c}"):
            errors.append(f"balance {c}")
        if v(f"s3.total.{c}") != sum(v(f"s3.{r}.{c}") for r in RESULTS):
            errors.append(f"results_total {c}")
    for r in ROWS:
        if v(f"s3.{r}.total") != sum(v(f"s3.{r}.{c}") for c in APPLICANTS):
            errors.append(f"row_total {r}")
    for g in ["review", "suit_direct", "suit_after_review"]:
        if v(f"s4.{g}.total") != sum(v(f"s4.{g}.{k}") for k in ["upheld", "corrected", "other", "pending"]):
            errors.append(f"s4 {g}")
    return errors


start = time.perf_counter()
read = read_openpyxl if tool == "openpyxl" else read_calamine
totals = {key: 0.0 for key in cells}
files = sorted(f for f in os.listdir(folder) if f.endswith(".xlsx"))
error_count = 0
for name in files:
    grid = read(os.path.join(folder, name))
    values = {key: number(grid, key) for key in cells}
    error_count += len(check(values))
    for key in cells:
        totals[key] += values[key]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    for key in sorted(totals):
        w.writerow([key, totals[key]])
print(f"{tool} files {len(files)} errors {error_count} s3.new.total {totals['s3.new.total']:g} {time.perf_counter() - start:.2f} s")
