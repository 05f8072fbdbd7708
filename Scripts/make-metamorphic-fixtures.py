#!/usr/bin/env python3
"""Builds Tests/Fixtures/metamorphic: one report of our own, perturbed and rendered into every format nianbao reads.

The report is 青石镇's for 2024, with fresh numbers drawn here (every identity of the 2021 layout holds); nothing
comes from the shared samples. Each perturbation is rendered from one model of the official form (three tables
二/三/四 with their merged header cells) into:

    xlsx  openpyxl (merged cells as the form has them)      xls, ods, csv   LibreOffice from that xlsx
    docx  python-docx, a clerk's filled official form         odt, pdf, rtf   LibreOffice from that docx
    html  a CMS page (rowspan/colspan)                        txt             the page's text as a browser copies it:
                                                                              cells split by tabs, merged cells once

Perturbations (the acceptance of issue 21): clean · blank (one blank cell: （一）予以公开 · 自然人) · wrong (one
wrong number: 4.保护第三方合法权益 · 商业企业 one more) · helper (a column 备注 right of 总计 with numbers in every
row of 三) · blank-helper (both) · fullwidth (every number in full-width digits, ３８４).

    python3 Scripts/make-metamorphic-fixtures.py     # from the project root; needs openpyxl, python-docx, soffice

`expected.json` holds the clean values and each perturbation's changes to them (null: a blank cell). The python-written
files are reproducible byte for byte (fixed times, zip entries rewritten); LibreOffice's depend on its version.
"""
import copy, csv, importlib.util, io, json, os, random, shutil, subprocess, sys, tempfile

import openpyxl
from openpyxl.styles import Alignment, Border, Side
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "metamorphic")
AGENCY, YEAR = "青石镇", 2024

# The python-docx kit of the document fixtures (our own script): fonts, cell text, widths, zip normalising.
_spec = importlib.util.spec_from_file_location("docfix", os.path.join(ROOT, "Scripts", "make-document-fixtures.py"))
docfix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docfix)
docfix.YEAR = YEAR
docfix.FIXED_TIME = docfix.datetime.datetime(2025, 1, 10, 9, 0, 0)

APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org"]
S3_ROWS = docfix.S3_ROWS
RESULTS = [key for key, path in S3_ROWS if len(path) > 1 and key != "total"]
S4_GROUPS, S4_SUFFIX, S4_RESULTS = docfix.S4_GROUPS, docfix.S4_SUFFIX, docfix.S4_RESULTS
BLANK_KEY = "s3.granted.natural_person"
WRONG_KEY = "s3.denied.third_party.business"


# ------------------------------------------------------------------------------------------------ values
def generate():
    """青石镇 2024: every identity of the 2021 layout holds; a township makes no 规章."""
    rng = random.Random(20240101)
    v = {"s2.rules.issued": 0, "s2.rules.repealed": 0, "s2.rules.in_force": 0,
         "s2.normative.issued": 4, "s2.normative.repealed": 1, "s2.normative.in_force": 23,
         "s2.licensing.decisions": 173, "s2.penalty.decisions": 41, "s2.coercion.decisions": 6, "s2.fees.amount": 3.75}
    for c in APPLICANTS:
        for r in RESULTS:
            v[f"s3.{r}.{c}"] = rng.randint(1, 9) if c == "natural_person" else rng.choice([0, 0, 1, 2, 3])
        v[f"s3.total.{c}"] = sum(v[f"s3.{r}.{c}"] for r in RESULTS)
        cf, co = rng.randint(0, 3), rng.randint(0, 3)
        v[f"s3.carried_over.{c}"] = co
        v[f"s3.carried_forward.{c}"] = cf
        v[f"s3.new.{c}"] = v[f"s3.total.{c}"] + cf - co
    for key, _ in S3_ROWS:
        v[f"s3.{key}.total"] = sum(v[f"s3.{key}.{c}"] for c in APPLICANTS)
    for g in S4_GROUPS:
        parts = [rng.randint(0, 3) for _ in range(4)]
        for suffix, x in zip(S4_SUFFIX, parts):
            v[f"{g}.{suffix}"] = x
        v[f"{g}.total"] = sum(parts)
    assert v[BLANK_KEY] != 0 and v[WRONG_KEY] is not None
    return v


FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def perturbations(clean):
    """name → (values, cell texts by key, helper numbers or None, what changed)."""
    def texts(values, full=False):
        out = {}
        for k, x in values.items():
            s = "" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))
            out[k] = s.translate(FULLWIDTH) if full else s
        return out
    blank = dict(clean, **{BLANK_KEY: None})
    wrong = dict(clean, **{WRONG_KEY: clean[WRONG_KEY] + 1})
    helper = [(i * 7) % 19 + 1 for i in range(len(S3_ROWS))]  # 备注: a number in every row
    return {
        "clean": (clean, texts(clean), None, "nothing"),
        "blank": (blank, texts(blank), None, f"{BLANK_KEY} left blank"),
        "wrong": (wrong, texts(wrong), None, f"{WRONG_KEY} {clean[WRONG_KEY]} → {wrong[WRONG_KEY]}"),
        "helper": (clean, texts(clean), helper, "a column 备注 right of 总计 in 三, a number in every row"),
        "blank-helper": (blank, texts(blank), helper, f"{BLANK_KEY} left blank and the 备注 column"),
        "fullwidth": (clean, texts(clean, full=True), None, "every number in full-width digits"),
    }


# --------------------------------------------------------------------------------------------- the form
class Table:
    """A table as placed cells: (row, column, rowspan, colspan, text, key); `key` marks a value cell."""

    def __init__(self, columns):
        self.columns = columns
        self.cells = []
        self.rows = 0

    def put(self, r, c, text, rs=1, cs=1, key=None, align="center"):
        self.cells.append(dict(r=r, c=c, rs=rs, cs=cs, text=text, key=key, align=align))
        self.rows = max(self.rows, r + rs)

    def row_cells(self, r):
        return sorted((x for x in self.cells if x["r"] == r), key=lambda x: x["c"])


def s2_table(t):
    """二: four sub-tables under their captions, 信息内容 headers, one value cell over three columns in (五)(六)(八)."""
    tab, r = Table(4), 0
    for row in docfix.S2_ROWS:
        kind = row[0]
        if kind == "caption":
            tab.put(r, 0, row[1], cs=4, align="left")
        elif kind == "header3":
            for i, label in enumerate(row[1]):
                tab.put(r, i, label)
        elif kind == "header1":
            tab.put(r, 0, row[1][0])
            tab.put(r, 1, row[1][1], cs=3)
        elif kind == "row3":
            tab.put(r, 0, row[1])
            for i, col in enumerate(docfix.S2_COLS):
                tab.put(r, 1 + i, t[f"{row[2]}.{col}"], key=f"{row[2]}.{col}")
        else:
            tab.put(r, 0, row[1])
            tab.put(r, 1, t[row[2]], cs=3, key=row[2])
        r += 1
    return tab


def s3_table(t, helper):
    """三: the 3-row merged header (勾稽 note in the corner), 25 rows, 三、本年度办理结果 and the groups merged down."""
    tab = Table(11 if helper else 10)
    tab.put(0, 0, docfix.S3_HEAD_CORNER, rs=3, cs=3)
    tab.put(0, 3, "申请人情况", cs=7)
    tab.put(1, 3, "自然人", rs=2)
    tab.put(1, 4, "法人或其他组织", cs=5)
    tab.put(1, 9, "总计", rs=2)
    for i, label in enumerate(docfix.S3_ORG_LABELS):
        tab.put(2, 4 + i, label)
    if helper:
        tab.put(0, 10, "备注", rs=3)
    first = 3
    results = [i for i, (_, p) in enumerate(S3_ROWS) if len(p) > 1]
    tab.put(first + results[0], 0, docfix.R3, rs=len(results))
    for group in (docfix.D, docfix.U, docfix.N, docfix.O):
        rows = [i for i, (_, p) in enumerate(S3_ROWS) if len(p) == 3 and p[1] == group]
        tab.put(first + rows[0], 1, group, rs=len(rows))
    for i, (key, path) in enumerate(S3_ROWS):
        r = first + i
        if len(path) == 1:
            tab.put(r, 0, path[0], cs=3, align="left")
        elif len(path) == 2:
            tab.put(r, 1, path[1], cs=2, align="left")
        else:
            tab.put(r, 2, path[2], align="left")
        for j, col in enumerate(APPLICANTS + ["total"]):
            tab.put(r, 3 + j, t[f"s3.{key}.{col}"], key=f"s3.{key}.{col}")
        if helper:
            tab.put(r, 10, str(helper[i]))
    return tab


def s4_table(t):
    """四: 行政复议 over 5, 行政诉讼 over 10 (two groups of 5), the five 复议 labels merged down two rows."""
    tab = Table(15)
    tab.put(0, 0, "行政复议", cs=5)
    tab.put(0, 5, "行政诉讼", cs=10)
    for i, label in enumerate(S4_RESULTS):
        tab.put(1, i, label, rs=2)
        tab.put(2, 5 + i, label)
        tab.put(2, 10 + i, label)
    tab.put(1, 5, "未经复议直接起诉", cs=5)
    tab.put(1, 10, "复议后起诉", cs=5)
    for g, group in enumerate(S4_GROUPS):
        for i, suffix in enumerate(S4_SUFFIX):
            tab.put(3, g * 5 + i, t[f"{group}.{suffix}"], key=f"{group}.{suffix}")
    return tab


def narrative(v):
    """Figures that agree with the clean tables (the perturbations leave every total alone)."""
    suits = v["s4.suit_direct.total"] + v["s4.suit_after_review.total"]
    return {
        "intro": f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止。",
        "一": [f"{YEAR}年，{AGENCY}认真贯彻落实《条例》，持续推进政务公开。",
               f"本年度共受理政府信息公开申请{v['s3.new.total']}件，上年结转{v['s3.carried_over.total']}件，"
               f"办结{v['s3.total.total']}件，结转下年度继续办理{v['s3.carried_forward.total']}件。",
               f"本年度因政府信息公开工作被申请行政复议{v['s4.review.total']}件，被提起行政诉讼{suits}件。"],
        "五": ["公开内容的深度还需拓展，下一步将加强业务培训。"],
        "六": ["本年度未收取信息处理费，无其他需要报告的事项。"],
    }


HEADINGS = docfix.HEADINGS
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"


# ---------------------------------------------------------------------------------------------- writers
def write_xlsx(path, tables, helper):
    """The form on one sheet, as a clerk's workbook: title, 填报单位, each section's heading over its table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年度报告"
    thin = Side(style="thin")
    ws.append([f"{AGENCY}{YEAR}年度政府信息公开工作年度报告"])
    ws.append([f"填报单位：{AGENCY}人民政府"])
    r0 = 3
    for heading, (tab, _) in zip(HEADINGS[1:4], tables):
        ws.cell(r0, 1, heading)
        r0 += 1
        for x in tab.cells:
            cell = ws.cell(r0 + x["r"], 1 + x["c"])
            text = x["text"]
            if x["key"] and text and all(ch in "0123456789." for ch in text):
                cell.value = float(text) if "." in text else int(text)
            else:
                cell.value = text if text != "" else None
            cell.alignment = Alignment(horizontal=x["align"], vertical="center", wrap_text=True)
            for rr in range(x["rs"]):
                for cc in range(x["cs"]):
                    ws.cell(r0 + x["r"] + rr, 1 + x["c"] + cc).border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if x["rs"] > 1 or x["cs"] > 1:
                ws.merge_cells(start_row=r0 + x["r"], start_column=1 + x["c"],
                               end_row=r0 + x["r"] + x["rs"] - 1, end_column=1 + x["c"] + x["cs"] - 1)
        r0 += tab.rows + 1
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["C"].width = 30
    wb.properties.creator = f"{AGENCY}党政办"
    wb.properties.created = wb.properties.modified = docfix.FIXED_TIME
    wb.save(path)
    docfix.normalise_zip(path)


def write_docx(path, tables, text):
    doc = docfix.new_document(f"{AGENCY}党政办", TITLE)
    docfix.add_para(doc, TITLE, indent=False, east_asia="方正小标宋简体", size=22, align="center")
    docfix.add_para(doc, text["intro"])
    docfix.add_heading(doc, HEADINGS[0], "plain")
    for s in text["一"]:
        docfix.add_para(doc, s)
    for heading, (tab, widths) in zip(HEADINGS[1:4], tables):
        docfix.add_heading(doc, heading, "plain")
        t = doc.add_table(rows=tab.rows, cols=tab.columns)
        t.style = "Table Grid"
        docfix.set_widths(t, widths)
        for x in tab.cells:
            cell = t.cell(x["r"], x["c"])
            if x["rs"] > 1 or x["cs"] > 1:
                cell = cell.merge(t.cell(x["r"] + x["rs"] - 1, x["c"] + x["cs"] - 1))
            docfix.cell_text(cell, x["text"], align=x["align"])
        doc.add_paragraph()
    for i, key in ((4, "五"), (5, "六")):
        docfix.add_heading(doc, HEADINGS[i], "plain")
        for s in text[key]:
            docfix.add_para(doc, s)
    docfix.add_para(doc, f"{AGENCY}人民政府", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docfix.add_para(doc, f"{YEAR + 1}年1月10日", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docfix.save_docx(doc, path)


def html_table(tab):
    rows = []
    for r in range(tab.rows):
        cells = []
        for x in tab.row_cells(r):
            attrs = (f' rowspan="{x["rs"]}"' if x["rs"] > 1 else "") + (f' colspan="{x["cs"]}"' if x["cs"] > 1 else "")
            body = x["text"] if x["text"] else "&nbsp;"
            cells.append(f'<td{attrs} style="border:1px solid #000;text-align:{x["align"]}">{body}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0" style="border-collapse:collapse">\n' + "\n".join(rows) + "\n</table>"


def write_html(path, tables, text):
    parts = [f"<h1>{TITLE}</h1>", f"<p>{text['intro']}</p>", f"<h2>{HEADINGS[0]}</h2>"]
    parts += [f"<p>{s}</p>" for s in text["一"]]
    for heading, (tab, _) in zip(HEADINGS[1:4], tables):
        parts += [f"<h2>{heading}</h2>", html_table(tab)]
    for i, key in ((4, "五"), (5, "六")):
        parts += [f"<h2>{HEADINGS[i]}</h2>"] + [f"<p>{s}</p>" for s in text[key]]
    page = ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{TITLE}</title>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(page)


def write_txt(path, tables, text):
    """The page as a browser's copy gives it: one line per table row, cells split by tabs, a merged cell once (in its
    first row), a blank cell an empty field."""
    lines = [TITLE, "", text["intro"], HEADINGS[0]] + text["一"]
    for heading, (tab, _) in zip(HEADINGS[1:4], tables):
        lines.append(heading)
        for r in range(tab.rows):
            lines.append("\t".join(x["text"] for x in tab.row_cells(r)))
        lines.append("")
    for i, key in ((4, "五"), (5, "六")):
        lines += [HEADINGS[i]] + text[key]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def soffice_convert(src, target, out_path, infilter=None):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [exe, "-env:UserInstallation=file:///tmp/lo-profile-metamorphic", "--headless", "--norestore"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", target, "--outdir", tmp, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        produced = os.listdir(tmp)
        if len(produced) != 1:
            raise SystemExit(f"soffice produced {produced} for {src}")
        shutil.move(os.path.join(tmp, produced[0]), out_path)
    if out_path.endswith((".odt", ".ods")):
        docfix.normalise_zip(out_path)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    clean = generate()
    text = narrative(clean)
    expected = {"agency": AGENCY, "year": YEAR, "layout": "2021", "values": clean,
                "formats": ["xlsx", "xls", "ods", "csv", "txt", "docx", "odt", "html", "pdf", "rtf"], "perturbations": {}}
    for name, (values, texts, helper, changed) in perturbations(clean).items():
        s3_widths = [720, 880, 2112] + [536] * 8 if helper else [720, 880, 2508] + [556] * 7
        tables = [(s2_table(texts), [2000] * 4), (s3_table(texts, helper), s3_widths),
                  (s4_table(texts), [544] * 5 + [528] * 10)]
        base = os.path.join(OUT, f"qingshi-{name}")
        write_xlsx(base + ".xlsx", tables, helper)
        write_docx(base + ".docx", tables, text)
        write_html(base + ".html", tables, text)
        write_txt(base + ".txt", tables, text)
        soffice_convert(base + ".xlsx", "xls", base + ".xls")
        soffice_convert(base + ".xlsx", "ods", base + ".ods")
        soffice_convert(base + ".xlsx", "csv:Text - txt - csv (StarCalc):44,34,76,1", base + ".csv")
        soffice_convert(base + ".docx", "odt", base + ".odt")
        soffice_convert(base + ".docx", "pdf", base + ".pdf")
        soffice_convert(base + ".docx", "rtf", base + ".rtf")
        # The perturbation's values are the clean ones with these changes (null: a blank cell).
        changes = {k: x for k, x in values.items() if x != clean[k]}
        expected["perturbations"][name] = {"changed": changed, "changes": changes}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    total = 0
    for name in sorted(os.listdir(OUT)):
        total += os.path.getsize(os.path.join(OUT, name))
    print(f"{len(os.listdir(OUT))} files, {total // 1024} KiB in {OUT}")


if __name__ == "__main__":
    main()
