#!/usr/bin/env python3
"""Writes Tests/Fixtures/hidden/: t1 with row 33 hidden and a hidden helper column P holding numbers, as .xlsx (openpyxl)
and re-saved by LibreOffice as .xls and .ods, for the `value.hidden` tests."""
import pathlib
import shutil
import subprocess
import tempfile

import openpyxl

root = pathlib.Path(__file__).resolve().parent.parent
fixtures = root / "Tests" / "Fixtures"
out = fixtures / "hidden"
out.mkdir(exist_ok=True)

book = openpyxl.load_workbook(fixtures / "spreadsheets" / "openpyxl" / "t1.xlsx")
sheet = book.active
sheet.row_dimensions[33].hidden = True
sheet["P22"] = "备注"
for row in range(23, 48):
    sheet.cell(row=row, column=16, value=row)
sheet.column_dimensions["P"].hidden = True
target = out / "t1-hidden.xlsx"
book.save(target)

with tempfile.TemporaryDirectory() as work:
    for fmt in ("xls", "ods"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", fmt,
                        "--outdir", work, str(target)], check=True, capture_output=True)
        shutil.copy(pathlib.Path(work) / f"t1-hidden.{fmt}", out / f"t1-hidden.{fmt}")
print("wrote", sorted(p.name for p in out.iterdir()))
