#!/usr/bin/env python3
"""Writes Tests/Fixtures/bombs/: three copies of a filled 2021 form whose J23 (本年新收 · 总计) is a
formula bomb without a cached value — 20,000 nested brackets, an exponential chain (Z200=Z201+Z201 … 60 deep, 2^60
visits without a memo) and a cycle (J23 → Z200 → J23). `nianbao check` must end each with exit 1 within seconds.
Only the standard library: the fixture's sheet XML is edited in place."""
import os
import re
import sys
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCE = os.path.join(ROOT, "Tests/Fixtures/spreadsheets/libreoffice/t1.xlsx")
OUT = os.path.join(ROOT, "Tests/Fixtures/bombs")
SHEET = "xl/worksheets/sheet1.xml"


def formula_cell(ref, formula):
    return f'<c r="{ref}" s="8"><f>{formula}</f></c>'


def extra_rows(cells):
    """Rows below the form (200…) holding the helper cells, one per row in column Z."""
    return "".join(f'<row r="{row}">{formula_cell(f"Z{row}", formula)}</row>' for row, formula in cells)


def bomb(name, j23, helpers):
    with zipfile.ZipFile(SOURCE) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == SHEET:
                xml = data.decode("utf-8")
                xml, count = re.subn(r'<c r="J23"[^>]*>.*?</c>', formula_cell("J23", j23), xml, count=1)
                if count != 1:
                    sys.exit("J23 not found in " + SOURCE)
                xml = xml.replace("</sheetData>", extra_rows(helpers) + "</sheetData>", 1)
                data = xml.encode("utf-8")
            info.date_time = (2026, 12, 1, 0, 0, 0)  # deterministic bytes
            target.writestr(info, data)
    os.replace(path + ".tmp", path)
    print(path)


bomb("deep-nesting.xlsx", "(" * 20000 + "249" + ")" * 20000, [])
chain = [(200 + i, f"Z{201 + i}+Z{201 + i}") for i in range(60)] + [(260, "1")]
bomb("exponential-chain.xlsx", "Z200", chain)
bomb("cycle.xlsx", "Z200+1", [(200, "J23*1")])
