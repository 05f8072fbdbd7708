#!/usr/bin/env python3
"""A county's January for the page test: N township files of mixed formats with known outcomes.

Formats in turn: LibreOffice-shaped CSV (UTF-8), the same as GB18030, report text (.txt), and XLSX (openpyxl over the
t1 sample, when openpyxl is installed; CSV otherwise). Every 10th township has a wrong total (an error); every 50th file
is not a report at all (无法读取); two townships send two versions (one named 终稿, one identical copy); one township's
title says 2022 (the year the clerk corrects on the page). Writes manifest.json beside the files:
{"files": {name: "error" | "unreadable" | "ok"}, "duplicates": {...}, "wrong_year": name, "year": 2023}.
Usage: make_county.py N FOLDER
"""
import json, os, random, sys
from importlib.machinery import SourceFileLoader

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
demo = SourceFileLoader("demo", os.path.join(ROOT, "Scripts", "make-demo-county.py")).load_module()
try:
    import openpyxl
except ImportError:
    openpyxl = None

DIGITS = "〇一二三四五六七八九"


def town(i):
    """Distinct township names in Chinese numerals (第一二三乡), so no two share an agency."""
    return "第" + "".join(DIGITS[int(d)] for d in str(i + 1)) + ("镇" if i % 3 else "乡")


def write(folder, name, agency, year, values, kind):
    path = os.path.join(folder, name)
    if kind == "xlsx":
        cells = json.load(open(os.path.join(ROOT, "Scripts", "bench", "cells-2021.json"), encoding="utf-8"))
        wb = openpyxl.load_workbook(os.path.join(ROOT, "Tests", "Fixtures", "spreadsheets", "libreoffice", "t1.xlsx"))
        ws = wb.worksheets[0]
        ws["A1"] = f"{agency}{year}年度政府信息公开工作年度报告"
        ws["A2"] = f"填报单位：{agency}人民政府"
        for key, ref in cells.items():
            ws[ref] = values[key]
        wb.save(path)
    elif kind == "txt":
        text = demo.report_text(agency, values).replace("2023", str(year))
        open(path, "w", encoding="utf-8").write(text)
    else:
        demo.write_csv(path, demo.csv_rows(agency, year, values), encoding="gb18030" if kind == "gbk" else "utf-8")


def main():
    count, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(25)
    kinds = ["csv", "gbk", "txt", "xlsx" if openpyxl else "csv"]
    manifest = {"files": {}, "duplicates": {}, "year": 2023}
    made = 0
    i = 0
    while made < count:
        agency = town(i)
        kind = kinds[i % len(kinds)]
        ext = {"gbk": "csv"}.get(kind, kind)
        name = f"{agency}2023年度政府信息公开工作年度报告.{ext}"
        if i % 50 == 49:
            # Not a report: a photo of the stamped page saved under a spreadsheet's name.
            open(os.path.join(folder, name.replace("." + ext, ".xlsx")), "wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF not a workbook" * 10)
            manifest["files"][name.replace("." + ext, ".xlsx")] = "unreadable"
            made += 1
            i += 1
            continue
        values = demo.generate(rng)
        outcome = "ok"
        if i % 10 == 3:
            values["s3.total.total"] += 1   # a wrong total, as in real batches
            outcome = "error"
        year = 2023
        if i == 12:
            year = 2022                     # a title with last year's number: the clerk corrects it on the page
            name = name.replace("2023", "2022")
            manifest["wrong_year"] = name
        write(folder, name, agency, year, values, kind)
        manifest["files"][name] = outcome
        made += 1
        if i in (4, 8) and made < count:
            # A second version: for 4 a different draft (the name 终稿 decides), for 8 an identical copy.
            other = name.replace("年度报告", "年度报告（终稿）") if i == 4 else name.replace("年度报告", "年度报告（副本）")
            second = dict(values)
            if i == 4:
                second["s2.licensing.decisions"] += 1
            write(folder, other, agency, year, second, kind)
            manifest["files"][other] = outcome
            manifest["duplicates"][agency] = [name, other]
            made += 1
        i += 1
    json.dump(manifest, open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print("made", made, "files in", folder)


if __name__ == "__main__":
    main()
