#!/usr/bin/env python3
"""Writes the report-document benchmark inputs: a Word file of N official section-三 tables (merged cells as Word
writes them, python-docx) and a web page of about 5 MB (CMS markup: layout table, spans, rowspan/colspan, GBK).
Usage: python3 Scripts/bench/make-docs.py OUT_DIR [TABLES]"""
import os, sys
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


if __name__ == "__main__":
    out = sys.argv[1]
    tables = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    docx(os.path.join(out, f"tables-{tables}.docx"), tables)
    html(os.path.join(out, "page-5mb.html"), 5 << 20)
    print("written", out)
