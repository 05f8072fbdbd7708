#!/usr/bin/env python3
"""Makes N township workbooks for the batch benchmark: the LibreOffice sample t1.xlsx with consistent random
values (openpyxl keeps the sample's layout and merges). Usage: make-county.py N FOLDER"""
import json, os, random, sys
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from importlib.machinery import SourceFileLoader
demo = SourceFileLoader("demo", os.path.join(HERE, "..", "make-demo-county.py")).load_module()

count, folder = int(sys.argv[1]), sys.argv[2]
os.makedirs(folder, exist_ok=True)
cells = json.load(open(os.path.join(HERE, "cells-2021.json"), encoding="utf-8"))
template = os.path.join(HERE, "..", "..", "Tests", "Fixtures", "spreadsheets", "libreoffice", "t1.xlsx")
rng = random.Random(7)
for i in range(count):
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    name = f"乡镇{i:04d}"
    ws["A1"] = f"{name}2023年度政府信息公开工作年度报告"
    ws["A2"] = f"填报单位：{name}人民政府"
    values = demo.generate(rng)
    if i % 50 == 7:
        values["s3.total.total"] += 1  # a few wrong totals, as in real batches
    for key, ref in cells.items():
        ws[ref] = values[key]
    wb.save(os.path.join(folder, f"{name}.xlsx"))
print("made", count, "files in", folder)
