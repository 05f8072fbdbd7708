#!/usr/bin/env python3
"""Builds Tests/Fixtures/documents/pdf-*: the t2 report (石桥镇, Tests/Fixtures/expected/t2.json) filled into a
Word-template-like document the way agencies set it before exporting a PDF, printed by LibreOffice.

    python3 Scripts/make-pdf-fixtures.py        # from the project root; needs python-docx and soffice

What differs from make-document-fixtures.py's t2.docx (whose tables and narrative this reuses):
- the table text is set at 10.5, 12 or 14 pt (`pdf-t2-10pt`, `-12pt`, `-14pt`): in the same narrow cells, labels
  wrap over two or three lines and numbers over two;
- every table cell is vertically centred (Word's template): a merged group label (三、本年度办理结果, （三）不予公开)
  sits in the middle of its rows, not on the row of its first line;
- section 三's three header rows repeat on each page (`w:tblHeader`) and rows may break across pages, so at 12 and 14 pt
  the table goes on over the next page, the break falling inside a row group;
- `pdf-t2-14pt-blank`: the 14 pt document with one value cell left empty (s3.granted.natural_person); its .docx twin
  is kept so that a test can compare the PDF's findings with the document's.
Nothing comes from the shared samples. The PDFs depend on the LibreOffice version and the fonts installed (the .docx
asks for 宋体/仿宋_GB2312; LibreOffice substitutes what it has, e.g. Noto Serif CJK, and embeds it).
"""
import importlib.util, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "Scripts", "make-document-fixtures.py"))
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)

OUT = fx.OUT
_set_fonts = fx.set_fonts


def table_text_size(size):
    """Table cells (written without a size) get `size`; paragraphs keep theirs."""
    def set_fonts(run, east_asia="宋体", size_=None, bold=False, **kw):
        given = kw.get("size", size_)
        _set_fonts(run, east_asia=east_asia, size=size if given is None else given, bold=bold)
    return set_fonts


def centre_cells(table):
    for row in table.rows:
        for cell in row.cells:
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(fx.qn("w:vAlign")):
                tc_pr.remove(old)
            tc_pr.append(fx.el("w:vAlign", val="center"))


def repeat_header(table, rows):
    for row in table.rows[:rows]:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(fx.el("w:tblHeader"))


def build(name, size, blank_key=None):
    v = dict(fx.load("t2")["values"])
    if blank_key:
        v[blank_key] = None
    fx.set_fonts = table_text_size(size)
    try:
        doc, cells, marks, tables = fx.report("石桥镇", v)
    finally:
        fx.set_fonts = _set_fonts
    for table in tables.values():
        centre_cells(table)
    repeat_header(tables[2], fx.S3_HEADER_ROWS)
    path = os.path.join(OUT, name + ".docx")
    fx.save_docx(doc, path)
    return path


def to_pdf(docx, keep_docx):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "-env:UserInstallation=file:///tmp/lo-profile-fixtures", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, docx], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        shutil.move(os.path.join(tmp, os.path.basename(docx)[:-5] + ".pdf"), docx[:-5] + ".pdf")
    if not keep_docx:
        os.remove(docx)


def main():
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        sys.exit("soffice not found")
    for name, size, blank in [("pdf-t2-10pt", 10.5, None), ("pdf-t2-12pt", 12, None), ("pdf-t2-14pt", 14, None),
                              ("pdf-t2-14pt-blank", 14, "s3.granted.natural_person")]:
        to_pdf(build(name, size, blank), keep_docx=blank is not None)
        print(name)


if __name__ == "__main__":
    main()
