#!/usr/bin/env python3
"""Makes N township workbooks for the batch benchmark: the LibreOffice sample t1.xlsx with consistent random
values (openpyxl keeps the sample's layout and merges). Usage: make-county.py N FOLDER [--libreoffice K | --mixed [SEED]]

With --libreoffice K: K townships written by openpyxl, saved again by LibreOffice (soffice --convert-to xlsx, so
shared strings and LibreOffice's XML, as a county receives them), then copied to N files in turn (N/K copies each).
`make-county.py 1002 /tmp/county-1002 --libreoffice 6` makes the county of the instruction-count target (issue 14).

With --mixed: N distinct reports (own agency and values, seeded: the same SEED, default 27, gives the same files) in a
folder per format and producer — xlsx from LibreOffice, openpyxl and gnumeric's ssconvert (when installed), xls, ods,
csv in UTF-8, GB18030 and UTF-16, docx (python-docx), odt, html and pdf (LibreOffice from the docx) — as a county's
January inbox; `nianbao-bench county FOLDER` measures it against its floors. `make-county.py 1000 /tmp/mixed-1000
--mixed` is the full county (about 10 minutes, most of it LibreOffice), `make-county.py 100 /tmp/mixed-100 --mixed`
the quick one."""
import importlib.util, json, os, random, shutil, subprocess, sys, tempfile
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from importlib.machinery import SourceFileLoader
demo = SourceFileLoader("demo", os.path.join(HERE, "..", "make-demo-county.py")).load_module()

count, folder = int(sys.argv[1]), sys.argv[2]
cells = json.load(open(os.path.join(HERE, "cells-2021.json"), encoding="utf-8"))
template = os.path.join(HERE, "..", "..", "Tests", "Fixtures", "spreadsheets", "libreoffice", "t1.xlsx")
# --- The mixed county: distinct reports in every format and from several producers ---------------------------------
# Shares of N per folder (format/producer); each file has its own agency and values (seeded), so no shape memo or
# package-part memo sees the same bytes twice the way it does in the county of copies.
MIXED = [("xlsx-libreoffice", 15), ("xlsx-openpyxl", 10), ("xlsx-gnumeric", 10), ("xls", 10), ("ods", 8),
         ("csv-utf8", 8), ("csv-gb18030", 8), ("csv-utf16", 6), ("docx", 8), ("odt", 5), ("html", 5), ("pdf", 7)]
SYLLABLES = "东西南北上下前后新老大小高低长安平和兴隆丰宁永清河山林泉桥湾塘坪岭庄集店铺营堡"
KINDS = ["镇", "乡", "街道", "县财政局", "县教育局", "县民政局", "县自然资源局", "县卫生健康委员会", "县市场监督管理局"]


def agency_name(i):
    a, b = SYLLABLES[i % len(SYLLABLES)], SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]
    return f"{a}{b}{KINDS[(i // len(SYLLABLES)) % len(KINDS)]}{i:04d}"


def soffice(profile, target, out_dir, sources):
    """LibreOffice converts `sources` (one process, in chunks) into `out_dir`."""
    for start in range(0, len(sources), 200):
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", "--convert-to",
                        target, "--outdir", out_dir] + sources[start:start + 200],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)


def mixed(count, final, seed):
    spec = importlib.util.spec_from_file_location("fixtures", os.path.join(HERE, "..", "make-document-fixtures.py"))
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    shares = sum(share for _, share in MIXED)
    sizes = [count * share // shares for _, share in MIXED]
    sizes[0] += count - sum(sizes)
    rng = random.Random(seed)
    gnumeric = shutil.which("ssconvert")
    scratch = tempfile.mkdtemp()
    profile = os.path.join(scratch, "profile")
    index = 0
    for (kind, _), size in zip(MIXED, sizes):
        out = os.path.join(final, kind)
        os.makedirs(out, exist_ok=True)
        stage = os.path.join(scratch, kind)
        os.makedirs(stage)
        staged = []
        for _ in range(size):
            name, values = agency_name(index), demo.generate(rng)
            if index % 50 == 7:
                values["s3.total.total"] += 1  # a few wrong totals, as in real batches
            index += 1
            base = f"{name}2023年度政府信息公开工作年度报告"
            if kind.startswith("csv"):
                encoding = {"csv-utf8": "utf-8", "csv-gb18030": "gb18030", "csv-utf16": "utf-16"}[kind]
                demo.write_csv(os.path.join(out, base + ".csv"), demo.csv_rows(name, 2023, values), encoding=encoding)
            elif kind in ("docx", "odt", "html", "pdf"):
                doc = fixtures.report(name, values)[0]
                path = os.path.join(out if kind == "docx" else stage, base + ".docx")
                fixtures.save_docx(doc, path)
                staged.append(path)
            else:
                wb = openpyxl.load_workbook(template)
                ws = wb.worksheets[0]
                ws["A1"] = f"{name}2023年度政府信息公开工作年度报告"
                ws["A2"] = f"填报单位：{name}人民政府"
                for key, ref in cells.items():
                    ws[ref] = values[key]
                path = os.path.join(out if kind == "xlsx-openpyxl" else stage, base + ".xlsx")
                wb.save(path)
                staged.append(path)
        if kind == "xlsx-libreoffice":
            soffice(profile, "xlsx", out, staged)
        elif kind in ("xls", "ods", "odt", "pdf"):
            soffice(profile, kind, out, staged)
        elif kind == "html":
            soffice(profile, "html:HTML (StarWriter)", out, staged)
        elif kind == "xlsx-gnumeric":
            for path in staged:
                target = os.path.join(out, os.path.basename(path))
                if gnumeric:
                    subprocess.run([gnumeric, "--export-type=Gnumeric_Excel:xlsx2", path, target], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                else:  # without gnumeric these stay openpyxl's, and the folder says so
                    shutil.copyfile(path, target)
            if not gnumeric:
                os.rename(out, out.replace("gnumeric", "openpyxl-no-gnumeric"))
    shutil.rmtree(scratch)
    print("made", count, "distinct files in", final, "(" + ", ".join(f"{k} {s}" for (k, _), s in zip(MIXED, sizes)) + ")")


if len(sys.argv) > 3 and sys.argv[3] == "--mixed":
    mixed(count, folder, int(sys.argv[4]) if len(sys.argv) > 4 else 27)
    sys.exit(0)
distinct = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--libreoffice" else None
os.makedirs(folder, exist_ok=True)
final, folder = folder, (tempfile.mkdtemp() if distinct else folder)
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
