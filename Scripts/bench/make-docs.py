#!/usr/bin/env python3
"""Writes the report-document benchmark inputs: a Word file of N official section-三 tables (merged cells as Word
writes them, python-docx), a web page of about 5 MB (CMS markup: layout table, spans, rowspan/colspan, GBK), and a
6-page PDF report (the official form filled, with a long narrative, printed by LibreOffice).
Usage: python3 Scripts/bench/make-docs.py OUT_DIR [TABLES]"""
import importlib.util, os, shutil, subprocess, sys, tempfile
from docx import Document

ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"] + [f"（{i}）办理结果第{i}项" for i in range(1, 22)] + ["（七）总计", "四、结转下年度继续办理"]
HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def docx(path, tables):
    doc = Document()
    for t in range(tables):
        doc.add_paragraph(f"第{t + 1}张表：三、收到和处理政府信息公开申请情况。本年度共受理政府信息公开申请{t}件。")
        table = doc.add_table(rows=len(ROWS) + 3, cols=10)
        table.cell(0, 0).merge(table.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
        table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
        for c, label in enumerate(HEAD):
            table.cell(2, 3 + c).text = label
        for r, label in enumerate(ROWS):
            table.cell(3 + r, 0).merge(table.cell(3 + r, 2)).text = label
            for c in range(7):
                table.cell(3 + r, 3 + c).text = str((t * 7 + r * 3 + c) % 50)
    doc.save(path)


def html(path, size):
    parts = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>基准</title></head><body>',
             '<table width="100%"><tr><td class="menu"><a href="#">首页</a></td></tr><tr><td class="content">']
    t = 0
    total = 0
    while total < size:
        block = [f'<h2>第{t + 1}张表</h2><p style="text-indent:2em"><span>本年度共受理政府信息公开申请{t}件，办结{t}件。</span></p>',
                 '<table border="1" cellspacing="0"><tr><td rowspan="3" colspan="3"><p align="center"><span>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</span></p></td>'
                 '<td colspan="7"><p align="center"><span>申请人情况</span></p></td></tr>'
                 '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr><tr>'
                 + "".join(f"<td>{h}</td>" for h in HEAD[1:6]) + "</tr>"]
        for r, label in enumerate(ROWS):
            cells = "".join(f'<td><p align="center"><span lang="EN-US">{(t * 7 + r * 3 + c) % 50}</span></p></td>' for c in range(7))
            block.append(f'<tr><td colspan="3"><p><span>{label}</span></p></td>{cells}</tr>')
        block.append("</table>")
        text = "".join(block)
        parts.append(text)
        total += len(text.encode("gbk"))
        t += 1
    parts.append("</td></tr></table></body></html>")
    with open(path, "wb") as f:
        f.write("".join(parts).encode("gbk"))


def report_pdf(path):
    """The official form filled for one township, with a narrative long enough for six pages, as a LibreOffice PDF."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    spec = importlib.util.spec_from_file_location("fixtures", os.path.join(root, "Scripts", "make-document-fixtures.py"))
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    doc = fixtures.report("样本镇", fixtures.load("t2")["values"])[0]
    for i in range(60):
        doc.add_paragraph(f"（{i + 1}）本年度，样本镇坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切开展工作，"
                          "进一步规范依申请公开办理流程，加强政府信息公开平台建设，提升公开质量和实效。")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "report-6p.docx")
        doc.save(source)
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file:///tmp/lo-profile-bench", "--convert-to", "pdf",
                        "--outdir", tmp, source], check=True, capture_output=True, timeout=300)
        shutil.move(os.path.join(tmp, "report-6p.pdf"), path)


if __name__ == "__main__":
    out = sys.argv[1]
    tables = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    docx(os.path.join(out, f"tables-{tables}.docx"), tables)
    html(os.path.join(out, "page-5mb.html"), 5 << 20)
    if shutil.which("soffice"):
        report_pdf(os.path.join(out, "report-6p.pdf"))
    print("written", out)
