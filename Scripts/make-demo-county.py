#!/usr/bin/env python3
"""Builds Samples/demo-county: a county's township files for 2023 (and last year's for cross-year checks).

The files are shaped exactly like the real samples: CSV as LibreOffice exports it (the t1 layout), XLSX
written by LibreOffice itself (soffice --convert-to xlsx), a report text in the shape of a published report,
a GB18030 CSV without BOM, an old 2019-layout report, a broken zip, a Word report filled from the official
form (python-docx, as Scripts/make-document-fixtures.py builds it) and the same kind of report as a web page
(LibreOffice Writer's HTML export). A few carry realistic errors.
Run from the project root: python3 Scripts/make-demo-county.py   (needs soffice for the xlsx files)
"""
import csv, io, json, os, random, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "Fixtures")
OUT = os.path.join(ROOT, "Samples", "demo-county")

APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org"]
RESULTS = ["granted", "partial", "denied.state_secret", "denied.prohibited", "denied.security_stability", "denied.third_party",
           "denied.internal_affairs", "denied.process_info", "denied.enforcement_file", "denied.inquiry", "unable.not_held",
           "unable.needs_creation", "unable.unclear", "not_processed.petition", "not_processed.repeat", "not_processed.publication",
           "not_processed.excessive", "not_processed.confirmation", "other.no_correction", "other.unpaid_fee", "other.other"]
S3_ROWS = ["new", "carried_over"] + RESULTS + ["total", "carried_forward"]


def generate(rng, carried_over=None):
    """A consistent set of values for one township (every identity holds)."""
    v = {"s2.rules.issued": 0, "s2.rules.repealed": 0, "s2.rules.in_force": 0}
    issued, repealed = rng.randint(0, 6), rng.randint(0, 3)
    v.update({"s2.normative.issued": issued, "s2.normative.repealed": repealed,
              "s2.normative.in_force": rng.randint(repealed + 5, 40),
              "s2.licensing.decisions": rng.randint(0, 400), "s2.penalty.decisions": rng.randint(0, 80),
              "s2.coercion.decisions": rng.randint(0, 15), "s2.fees.amount": round(rng.uniform(0, 50), 2)})
    if carried_over:
        v["s2.normative.in_force"] = carried_over["s2.normative.in_force"] + issued - repealed
    for c in APPLICANTS:
        for r in RESULTS:
            v[f"s3.{r}.{c}"] = rng.choice([0, 0, 0, 1, 2, 3]) if c != "natural_person" else rng.randint(0, 8)
        total = sum(v[f"s3.{r}.{c}"] for r in RESULTS)
        v[f"s3.total.{c}"] = total
        co = carried_over[f"s3.carried_forward.{c}"] if carried_over else rng.randint(0, 3)
        cf = rng.randint(0, 3)
        co = min(co, total + cf)
        v[f"s3.carried_over.{c}"] = co
        v[f"s3.carried_forward.{c}"] = cf
        v[f"s3.new.{c}"] = total + cf - co
    for r in S3_ROWS:
        v[f"s3.{r}.total"] = sum(v[f"s3.{r}.{c}"] for c in APPLICANTS)
    for g in ["review", "suit_direct", "suit_after_review"]:
        parts = [rng.randint(0, 3) for _ in range(4)]
        for k, x in zip(["upheld", "corrected", "other", "pending"], parts):
            v[f"s4.{g}.{k}"] = x
        v[f"s4.{g}.total"] = sum(parts)
    return v


def a1(ref):
    col = 0
    i = 0
    while ref[i].isalpha():
        col = col * 26 + ord(ref[i]) - 64
        i += 1
    return int(ref[i:]) - 1, col - 1


def fmt(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def csv_rows(agency, year, values):
    """The t1 LibreOffice CSV with this agency's title, filler line and values."""
    with open(os.path.join(FIX, "spreadsheets", "libreoffice", "t1.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    cells = json.load(open(os.path.join(FIX, "expected", "t1.json"), encoding="utf-8"))["cells"]
    rows[0][0] = f"{agency}{year}年度政府信息公开工作年度报告"
    rows[1][0] = f"填报单位：{agency}人民政府"
    for key, ref in cells.items():
        r, c = a1(ref)
        rows[r][c] = fmt(values[key]) if values.get(key) is not None else ""
    return rows


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(buffer.getvalue())


def to_xlsx(csv_path, out_dir):
    subprocess.run(["soffice", "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                    "--outdir", out_dir, csv_path], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def report_text(agency, values):
    """The seed report's text with this agency's title and numbers, in its tab-table shape."""
    with open(os.path.join(FIX, "reports", "000_1ee85899e4f00aa5.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    order = [k for k in json.load(open(os.path.join(FIX, "expected", "t1.json"), encoding="utf-8"))["cells"]]
    # Key order of the tables as they appear: section 二, 三 row by row, 四.
    keys = ([k for k in order if k.startswith("s2.")] if False else
            ["s2.rules.issued", "s2.rules.repealed", "s2.rules.in_force", "s2.normative.issued", "s2.normative.repealed",
             "s2.normative.in_force", "s2.licensing.decisions", "s2.penalty.decisions", "s2.coercion.decisions", "s2.fees.amount"]
            + [f"s3.{r}.{c}" for r in S3_ROWS for c in APPLICANTS + ["total"]]
            + [f"s4.{g}.{k}" for g in ["review", "suit_direct", "suit_after_review"] for k in ["upheld", "corrected", "other", "pending", "total"]])
    queue = [values[k] for k in keys]
    out = []
    for line in lines:
        line = line.replace("后宫乡", agency)
        if "\t" in line:
            cells = line.split("\t")
            for i, cell in enumerate(cells):
                if cell == "0" and queue:
                    cells[i] = fmt(queue.pop(0))
            line = "\t".join(cells)
        out.append(line)
    assert not queue, "every value placed"
    return "\n".join(out)


def main():
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) is needed to write the xlsx files")
    rng = random.Random(2023)
    shutil.rmtree(OUT, ignore_errors=True)
    this, last = os.path.join(OUT, "2023"), os.path.join(OUT, "2022")
    os.makedirs(this)
    os.makedirs(last)
    towns = ["城关镇", "后宫乡", "石桥镇", "龙泉乡", "五里镇", "大河乡", "青山镇", "白水乡", "新集镇", "马庄乡", "东关街道", "柳林镇",
             "河口镇", "杨庄乡"]
    previous = {}
    for town in ["城关镇", "石桥镇", "龙泉乡", "新集镇"]:
        previous[town] = generate(rng)
        write_csv(os.path.join(last, f"{town}2022年报.csv"), csv_rows(town, 2022, previous[town]))
    values = {t: generate(rng, previous.get(t)) for t in towns}
    # 新集镇 carried over one application less than last year carried forward: a cross-year warning.
    values["新集镇"]["s3.carried_over.natural_person"] += 1
    values["新集镇"]["s3.new.natural_person"] -= 1
    values["新集镇"]["s3.carried_over.total"] += 1
    values["新集镇"]["s3.new.total"] -= 1
    tmp = tempfile.mkdtemp()
    for town, kind in [("城关镇", "xlsx"), ("后宫乡", "xlsx"), ("石桥镇", "xlsx"), ("新集镇", "xlsx"), ("青山镇", "xlsx"),
                       ("东关街道", "xlsx"), ("龙泉乡", "csv"), ("马庄乡", "csv"), ("白水乡", "csv")]:
        v = dict(values[town])
        if town == "青山镇":
            v["s3.total.total"] += 1            # a wrong grand total
        if town == "白水乡":
            v["s3.denied.third_party.total"] -= 1  # a row total off by one
        if town == "马庄乡":
            for key in ["s2.penalty.decisions", "s2.coercion.decisions"]:
                v[key] = None                    # left blank
        rows = csv_rows(town, 2023, v)
        if kind == "csv":
            write_csv(os.path.join(this, f"{town}2023年度政府信息公开工作年度报告.csv"), rows)
        else:
            source = os.path.join(tmp, f"{town}2023年度政府信息公开工作年度报告.csv")
            write_csv(source, rows)
            to_xlsx(source, this)
    # GB18030 without BOM, as Chinese Excel/WPS saves CSV.
    write_csv(os.path.join(this, "五里镇2023年报.csv"), csv_rows("五里镇", 2023, values["五里镇"]), encoding="gb18030")
    # The report text itself.
    with open(os.path.join(this, "大河乡2023年度政府信息公开工作年度报告.txt"), "w", encoding="utf-8") as f:
        f.write(report_text("大河乡", values["大河乡"]))
    # An old 2019-layout report for 2023 (a town reusing an old page), from the Shanghai sample's tables.
    with open(os.path.join(FIX, "reports", "shanghai-bangongting-2019.txt"), encoding="utf-8") as f:
        text = [l for l in f.read().split("\n") if not l.startswith("#")]
    text[0] = "柳林镇2023年度政府信息公开工作年度报告"
    with open(os.path.join(this, "柳林镇2023年度政府信息公开工作年度报告.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(text))
    # A broken zip: the 东关街道 workbook cut short, as when a copy is interrupted.
    broken = os.path.join(this, "东关街道2023年度政府信息公开工作年度报告.xlsx")
    data = open(broken, "rb").read()
    open(broken, "wb").write(data[: len(data) * 6 // 10])
    # Word reports filled from the official form: 河口镇 as .docx, 杨庄乡 as the web page LibreOffice Writer exports.
    import importlib.util
    spec = importlib.util.spec_from_file_location("fixtures", os.path.join(ROOT, "Scripts", "make-document-fixtures.py"))
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    for town in ["河口镇", "杨庄乡"]:
        v = dict(values[town])
        if town == "杨庄乡":
            v["s3.denied.third_party.natural_person"] += 1   # one cell off: row and column totals disagree
        doc = fixtures.report(town, v)[0]
        name = f"{town}2023年度政府信息公开工作年度报告"
        if town == "河口镇":
            fixtures.save_docx(doc, os.path.join(this, name + ".docx"))
        else:
            source = os.path.join(tmp, name + ".docx")
            fixtures.save_docx(doc, source)
            subprocess.run(["soffice", "--headless", "-env:UserInstallation=file:///tmp/lo-profile-demo", "--convert-to",
                            "html:HTML (StarWriter)", "--outdir", this, source], check=True, capture_output=True)
    # A file the batch skips: a photo of the stamped page, as townships often add.
    with open(os.path.join(this, "盖章页.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 not really a photo")
    shutil.rmtree(tmp)
    print("written", OUT)


if __name__ == "__main__":
    main()
