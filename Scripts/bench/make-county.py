#!/usr/bin/env python3
"""Makes N township workbooks for the batch benchmark: the LibreOffice sample t1.xlsx with consistent random
values (openpyxl keeps the sample's layout and merges). Usage: make-county.py N FOLDER [--libreoffice K]

With --libreoffice K: K townships written by openpyxl, saved again by LibreOffice (soffice --convert-to xlsx, so
shared strings and LibreOffice's XML, as a county receives them), then copied to N files in turn (N/K copies each).
`make-county.py 1002 /tmp/county-1002 --libreoffice 6` makes the county of the instruction-count target (issue 14)."""
import json, os, random, shutil, subprocess, sys, tempfile
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from importlib.machinery import SourceFileLoader
demo = SourceFileLoader("demo", os.path.join(HERE, "..", "make-demo-county.py")).load_module()

count, folder = int(sys.argv[1]), sys.argv[2]
distinct = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--libreoffice" else None
os.makedirs(folder, exist_ok=True)
final, folder = folder, (tempfile.mkdtemp() if distinct else folder)
cells = json.load(open(os.path.join(HERE, "cells-2021.json"), encoding="utf-8"))
template = os.path.join(HERE, "..", "..", "Tests", "Fixtures", "spreadsheets", "libreoffice", "t1.xlsx")
rng = random.Random(7)
for i in range(distinct or count):
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
if distinct:
    written = os.path.join(folder, "libreoffice")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".xlsx"))
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "xlsx", "--outdir", written] + [os.path.join(folder, n) for n in names],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for i in range(count):
        name = names[i % distinct]
        shutil.copyfile(os.path.join(written, name), os.path.join(final, f"{name[:-5]}-{i // distinct + 1:03d}.xlsx"))
    shutil.rmtree(folder)
print("made", count, "files in", final)
