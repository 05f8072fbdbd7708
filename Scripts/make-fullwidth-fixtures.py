#!/usr/bin/env python3
"""Full-width twins of our own reports: every ASCII digit of the text (never of the markup) becomes its full-width form
(0 → ０ … 9 → ９), so a reader must give the twin exactly the ASCII original's values.

Writes Tests/Fixtures/fullwidth/:
  t2.docx, t3.docx          from Tests/Fixtures/documents/t2.docx, t3.docx (the text of word/document.xml's w:t runs)
  t2.lo.html                from Tests/Fixtures/documents/t2.lo.html (text between tags; entities and style kept)
  dahe-2023.txt, liulin-2023.txt   from the demo county's report texts (Samples/demo-county/2023)
  t2.pdf                    t2.docx above through LibreOffice (skipped with a message without soffice), as
                            Tests/Fixtures/documents/t2.pdf was made from its original, with the tables' text at 7 pt:
                            full-width digits are twice as wide, and at the original size a three-digit number wraps
                            inside its narrow cell (１ over １０), which is the PDF table finder's matter, not the lexer's
  t2.ascii.pdf              its ASCII twin: the original t2.docx printed the same way (tables at 7 pt)
Usage: Scripts/make-fullwidth-fixtures.py
"""
import os, re, shutil, subprocess, sys, tempfile, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOCS = os.path.join(ROOT, "Tests", "Fixtures", "documents")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "fullwidth")
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def wide(text):
    return text.translate(WIDE)


def docx(name):
    source = os.path.join(DOCS, name)
    target = os.path.join(OUT, name)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)", lambda m: m.group(1) + wide(m.group(2)) + m.group(3), xml)
                data = xml.encode("utf-8")
            zout.writestr(info, data)


def html(name):
    text = open(os.path.join(DOCS, name), encoding="utf-8").read()
    # Text between tags only, outside <style>/<script>, entities (&#160;) kept.
    parts = re.split(r"(<style.*?</style>|<script.*?</script>|<[^>]*>|&#?\w+;)", text, flags=re.S | re.I)
    out = [part if index % 2 else wide(part) for index, part in enumerate(parts)]
    open(os.path.join(OUT, name), "w", encoding="utf-8").write("".join(out))


def text(source, name):
    content = open(os.path.join(ROOT, source), encoding="utf-8").read()
    open(os.path.join(OUT, name), "w", encoding="utf-8").write(wide(content))


def pdf(source, target):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        print(f"soffice not found: {target} skipped", file=sys.stderr)
        return
    import docx
    from docx.shared import Pt
    with tempfile.TemporaryDirectory() as work:
        name = os.path.basename(source)
        document = docx.Document(source)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(7)
        document.save(os.path.join(work, name))
        subprocess.run([exe, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", work, os.path.join(work, name)], check=True, capture_output=True)
        shutil.move(os.path.join(work, os.path.splitext(name)[0] + ".pdf"), os.path.join(OUT, target))


def main():
    os.makedirs(OUT, exist_ok=True)
    docx("t2.docx")
    docx("t3.docx")
    html("t2.lo.html")
    county = os.path.join("Samples", "demo-county", "2023")
    text(os.path.join(county, "大河乡2023年度政府信息公开工作年度报告.txt"), "dahe-2023.txt")
    text(os.path.join(county, "柳林镇2023年度政府信息公开工作年度报告.txt"), "liulin-2023.txt")
    pdf(os.path.join(OUT, "t2.docx"), "t2.pdf")
    pdf(os.path.join(DOCS, "t2.docx"), "t2.ascii.pdf")


if __name__ == "__main__":
    main()
