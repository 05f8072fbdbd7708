#!/usr/bin/env python3
"""Peers for the report-document benchmark: python-docx over every table cell of a .docx; lxml.html over every
table cell of a web page. Usage: python3 Scripts/bench/doc_readers.py python-docx|lxml FILE"""
import sys

kind, path = sys.argv[1], sys.argv[2]
cells = 0
if kind == "python-docx":
    from docx import Document
    doc = Document(path)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text
                cells += 1
    print("tables", len(doc.tables), "cells", cells, "paragraphs", len(doc.paragraphs))
else:
    import lxml.html
    with open(path, "rb") as f:
        tree = lxml.html.fromstring(f.read())
    tables = tree.xpath("//table")
    for td in tree.xpath("//td|//th"):
        _ = td.text_content()
        cells += 1
    print("tables", len(tables), "cells", cells)
