#!/usr/bin/env python3
"""Builds Tests/Fixtures/documents: our own report documents (Word, OpenDocument, web pages, MHTML).

Everything is written from scratch here (python-docx, lxml through python-docx's oxml, plain strings);
nothing is copied from the template samples under /work/shared. The values come from
Tests/Fixtures/expected/t1.json, t2.json and t3.json (canonical keys, layout 2021, see spec/layouts.md).

    python3 Scripts/make-document-fixtures.py          # from the project root; needs python-docx
                                                       # (and soffice for the .odt/.lo.* conversions)

The python-docx files are byte-for-byte reproducible (fixed core properties, zip entries re-written with
a fixed timestamp). The LibreOffice conversions are re-zipped the same way; their content depends on the
LibreOffice version (7.4 here). Without soffice the conversions are skipped with a message.
"""
import base64, datetime, json, os, quopri, re, shutil, struct, subprocess, sys, tempfile, zipfile, zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Cm, Twips

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPECTED = os.path.join(ROOT, "Tests", "Fixtures", "expected")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "documents")
YEAR = 2023
FIXED_TIME = datetime.datetime(2024, 1, 15, 9, 30, 0)
ZIP_TIME = (2024, 1, 15, 9, 30, 0)

# ---------------------------------------------------------------------------------------------- layout
APPLICANTS = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org", "total"]
S3_HEAD_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
S3_ORG_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
R3 = "三、本年度办理结果"
D, U, N, O = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
# (row key, label path): path of 1 = label over grid columns 0-2; 2 = 三 › label over 1-2; 3 = 三 › group › label
S3_ROWS = [
    ("new", ["一、本年新收政府信息公开申请数量"]),
    ("carried_over", ["二、上年结转政府信息公开申请数量"]),
    ("granted", [R3, "（一）予以公开"]),
    ("partial", [R3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
    ("denied.state_secret", [R3, D, "1.属于国家秘密"]),
    ("denied.prohibited", [R3, D, "2.其他法律行政法规禁止公开"]),
    ("denied.security_stability", [R3, D, "3.危及“三安全一稳定”"]),
    ("denied.third_party", [R3, D, "4.保护第三方合法权益"]),
    ("denied.internal_affairs", [R3, D, "5.属于三类内部事务信息"]),
    ("denied.process_info", [R3, D, "6.属于四类过程性信息"]),
    ("denied.enforcement_file", [R3, D, "7.属于行政执法案卷"]),
    ("denied.inquiry", [R3, D, "8.属于行政查询事项"]),
    ("unable.not_held", [R3, U, "1.本机关不掌握相关政府信息"]),
    ("unable.needs_creation", [R3, U, "2.没有现成信息需要另行制作"]),
    ("unable.unclear", [R3, U, "3.补正后申请内容仍不明确"]),
    ("not_processed.petition", [R3, N, "1.信访举报投诉类申请"]),
    ("not_processed.repeat", [R3, N, "2.重复申请"]),
    ("not_processed.publication", [R3, N, "3.要求提供公开出版物"]),
    ("not_processed.excessive", [R3, N, "4.无正当理由大量反复申请"]),
    ("not_processed.confirmation", [R3, N, "5.要求行政机关确认或重新出具已获取信息"]),
    ("other.no_correction", [R3, O, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
    ("other.unpaid_fee", [R3, O, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
    ("other.other", [R3, O, "3.其他"]),
    ("total", [R3, "（七）总计"]),
    ("carried_forward", ["四、结转下年度继续办理"]),
]
S3_HEADER_ROWS = 3
S3_WIDTHS = [720, 880, 2508] + [556] * 7  # twips
# section 二: one 4-column table of four sub-tables
S2_ROWS = [
    ("caption", "第二十条第（一）项"),
    ("header3", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
    ("row3", "规章", "s2.rules"),
    ("row3", "行政规范性文件", "s2.normative"),
    ("caption", "第二十条第（五）项"),
    ("header1", ["信息内容", "本年处理决定数量"]),
    ("row1", "行政许可", "s2.licensing.decisions"),
    ("caption", "第二十条第（六）项"),
    ("header1", ["信息内容", "本年处理决定数量"]),
    ("row1", "行政处罚", "s2.penalty.decisions"),
    ("row1", "行政强制", "s2.coercion.decisions"),
    ("caption", "第二十条第（八）项"),
    ("header1", ["信息内容", "本年收费金额（单位：万元）"]),
    ("row1", "行政事业性收费", "s2.fees.amount"),
]
S2_COLS = ["issued", "repealed", "in_force"]
S4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
S4_SUFFIX = ["upheld", "corrected", "other", "pending", "total"]
S4_GROUPS = ["s4.review", "s4.suit_direct", "s4.suit_after_review"]
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def load(name):
    with open(os.path.join(EXPECTED, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def fmt(v):
    """A value as the clerk types it: integers plainly, money as written (6.13)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ------------------------------------------------------------------------------------------ narrative
def narrative(agency, v, new_override=None):
    """Section texts whose figures agree with the tables (text.mismatch must not fire)."""
    new = v["s3.new.total"] if new_override is None else new_override
    suits = v["s4.suit_direct.total"] + v["s4.suit_after_review.total"]
    return {
        "intro": f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室"
                 f"有关要求编制。报告中所列数据的统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止。",
        "一": [
            f"{YEAR}年，{agency}在县委、县政府的坚强领导下，认真贯彻落实《条例》，围绕中心工作，持续深化政务公开，"
            f"不断提升政府信息公开工作质量。",
            f"（一）主动公开。本年度制发行政规范性文件{v['s2.normative.issued']}件，废止{v['s2.normative.repealed']}件，"
            f"现行有效{v['s2.normative.in_force']}件；作出行政许可决定{v['s2.licensing.decisions']}件、"
            f"行政处罚决定{v['s2.penalty.decisions']}件、行政强制决定{v['s2.coercion.decisions']}件。",
            f"（二）依申请公开。本年度共受理政府信息公开申请{new}件，上年结转{v['s3.carried_over.total']}件，"
            f"办结{v['s3.total.total']}件，结转下年度继续办理{v['s3.carried_forward.total']}件。",
            f"（三）行政复议和行政诉讼。本年度因政府信息公开工作被申请行政复议{v['s4.review.total']}件，"
            f"被提起行政诉讼{suits}件。",
            "（四）平台建设。持续加强政府网站和政务新媒体建设管理，及时更新栏目内容。",
        ],
        "五": ["一是公开内容的深度和广度还需拓展；二是工作人员业务能力有待提高。下一步，我们将加强业务培训，"
               "进一步规范依申请公开办理流程。"],
        "六": ["本年度未收取信息处理费。无其他需要报告的事项。"],
    }


# ------------------------------------------------------------------------------------------- docx kit
def set_fonts(run, east_asia="宋体", size=10.5, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def el(tag, text=None, **attrs):
    e = OxmlElement(tag)
    for k, val in attrs.items():
        e.set(qn("w:" + k), str(val))
    if text is not None:
        e.text = text
        if text != text.strip():
            e.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return e


def run_el(text=None, tag="w:t", size=10.5):
    """A bare <w:r> with the cell font and one text child (w:t, w:delText or w:instrText)."""
    r = el("w:r")
    rpr = el("w:rPr")
    rpr.append(el("w:rFonts", ascii="Times New Roman", hAnsi="Times New Roman", eastAsia="宋体"))
    rpr.append(el("w:sz", val=int(size * 2)))
    r.append(rpr)
    if text is not None:
        r.append(el(tag, text))
    return r


def cell_text(cell, parts, align="center", bold=False):
    """Writes a cell's one paragraph; parts is a str or a list of run texts ('\\t' / '\\n' become w:tab / w:br)."""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.space_after = Pt(0)
    for part in ([parts] if isinstance(parts, str) else parts):
        if part == "":
            continue
        run = p.add_run(part)  # python-docx turns \t and \n into w:tab and w:br
        set_fonts(run, bold=bold)
    return p


def set_widths(table, widths_twips):
    """Column and cell widths in twips, each a multiple of 4 and 8000 in all. LibreOffice keeps column
    positions as relative units (10000 for the table width) and rounds each cell's share on import: with
    widths that are not whole units (15 × 576 twips: 666.67 units each) a row of 5 cells and the cell
    merged over them end at different positions, and its re-saved docx/html gets a 1-twip sliver column
    (a 16-column grid, 行政诉讼 gridSpan 11, 总计 gridSpan 2). Whole units avoid that."""
    assert sum(widths_twips) == 8000 and all(w % 4 == 0 for w in widths_twips), widths_twips
    for i, w in enumerate(widths_twips):
        tw = Twips(w)
        table.columns[i].width = tw
        for cell in table.columns[i].cells:
            cell.width = tw


def add_para(doc, text, indent=True, style=None, east_asia="仿宋_GB2312", size=16, bold=False, align=None):
    p = doc.add_paragraph(style=style)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        set_fonts(p.add_run(text), east_asia=east_asia, size=size, bold=bold)
    return p


def add_heading(doc, text, style):
    if style == "heading":  # a built-in heading style (t3)
        p = doc.add_heading(level=2)
        set_fonts(p.add_run(text), east_asia="黑体", size=16)
        return p
    return add_para(doc, text, indent=True, east_asia="黑体", size=16)  # a plain bold-looking line (t2)


# -------------------------------------------------------------------------------------------- tables
def s2_table(doc, v, blank_fill=""):
    """Section 二: captions over 4 columns, 信息内容 headers, one value cell over 3 columns in (五)(六)(八)."""
    cells = {}
    t = doc.add_table(rows=len(S2_ROWS), cols=4)
    t.style = "Table Grid"
    set_widths(t, [2000, 2000, 2000, 2000])
    for r, row in enumerate(S2_ROWS):
        kind = row[0]
        if kind == "caption":
            c = t.cell(r, 0).merge(t.cell(r, 3))
            cell_text(c, row[1], align="left", bold=True)
        elif kind == "header3":
            for i, label in enumerate(row[1]):
                # a label split over two runs, as Word leaves it after an edit
                cell_text(t.cell(r, i), [label[:2], label[2:]] if i else label)
        elif kind == "header1":
            cell_text(t.cell(r, 0), row[1][0])
            cell_text(t.cell(r, 1).merge(t.cell(r, 3)), row[1][1])
        elif kind == "row3":
            cell_text(t.cell(r, 0), row[1])
            for i, col in enumerate(S2_COLS):
                key = f"{row[2]}.{col}"
                cells[key] = t.cell(r, i + 1)
                cell_text(cells[key], fmt(v.get(key)) or blank_fill)
        else:
            cell_text(t.cell(r, 0), row[1])
            c = t.cell(r, 1).merge(t.cell(r, 3))
            cells[row[2]] = c
            cell_text(c, fmt(v.get(row[2])) or blank_fill)
    return t, cells


def s3_labels(quirky):
    """Label texts per row; the quirks variant puts w:tab / w:br inside some labels."""
    labels = [list(path) for _, path in S3_ROWS]
    if quirky:
        labels[3][1] = "（二）部分公开\t（区分处理的，只计这一情形，不计其他情形）"
        labels[19][2] = "5.要求行政机关确认或重新\n出具已获取信息"
    return labels


def s3_table(doc, v, corner_note=True, quirky=False):
    """Section 三: the 3-row merged header, then 25 rows; 三、本年度办理结果 and the (三)…(六) groups merged
    vertically (w:vMerge), the one- and two-level labels merged horizontally (w:gridSpan)."""
    cells = {}
    nrows = S3_HEADER_ROWS + len(S3_ROWS)
    t = doc.add_table(rows=nrows, cols=10)
    t.style = "Table Grid"
    set_widths(t, S3_WIDTHS)
    # header
    corner = t.cell(0, 0).merge(t.cell(2, 2))
    if corner_note:
        cell_text(corner, S3_HEAD_CORNER)
    cell_text(t.cell(0, 3).merge(t.cell(0, 9)), "申请人情况")
    cell_text(t.cell(1, 3).merge(t.cell(2, 3)), "自然人")
    cell_text(t.cell(1, 4).merge(t.cell(1, 8)), "法人或其他组织")
    cell_text(t.cell(1, 9).merge(t.cell(2, 9)), "总计")
    org = list(S3_ORG_LABELS)
    if quirky:
        org[0], org[3] = "商业\n企业", "法律服务\n机构"
    for i, label in enumerate(org):
        cell_text(t.cell(2, 4 + i), label)
    # body: horizontal merges first, then the vertical ones
    labels = s3_labels(quirky)
    for i, (key, path) in enumerate(S3_ROWS):
        r = S3_HEADER_ROWS + i
        if len(path) == 1:
            cell_text(t.cell(r, 0).merge(t.cell(r, 2)), labels[i][0], align="left")
        elif len(path) == 2:
            cell_text(t.cell(r, 1).merge(t.cell(r, 2)), labels[i][1], align="left")
        else:
            cell_text(t.cell(r, 2), labels[i][2], align="left")
        for j, col in enumerate(APPLICANTS):
            k = f"s3.{key}.{col}"
            cells[k] = t.cell(r, 3 + j)
            cell_text(cells[k], fmt(v.get(k)))
    first3 = next(i for i, (_, p) in enumerate(S3_ROWS) if len(p) > 1)
    last3 = max(i for i, (_, p) in enumerate(S3_ROWS) if len(p) > 1)
    cell_text(t.cell(S3_HEADER_ROWS + first3, 0).merge(t.cell(S3_HEADER_ROWS + last3, 0)), R3)
    for group in (D, U, N, O):
        rows = [i for i, (_, p) in enumerate(S3_ROWS) if len(p) == 3 and p[1] == group]
        c = t.cell(S3_HEADER_ROWS + rows[0], 1).merge(t.cell(S3_HEADER_ROWS + rows[-1], 1))
        cell_text(c, group)
    return t, cells


def s4_table(doc, v):
    """Section 四: 行政复议 over 5, 行政诉讼 over 10 (两组 of 5), the 5 复议 labels merged down two rows."""
    cells = {}
    t = doc.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    set_widths(t, [544] * 5 + [528] * 10)
    cell_text(t.cell(0, 0).merge(t.cell(0, 4)), "行政复议")
    cell_text(t.cell(0, 5).merge(t.cell(0, 14)), "行政诉讼")
    for i, label in enumerate(S4_RESULTS):
        cell_text(t.cell(1, i).merge(t.cell(2, i)), label)
        cell_text(t.cell(2, 5 + i), label)
        cell_text(t.cell(2, 10 + i), label)
    cell_text(t.cell(1, 5).merge(t.cell(1, 9)), "未经复议直接起诉")
    cell_text(t.cell(1, 10).merge(t.cell(1, 14)), "复议后起诉")
    for g, group in enumerate(S4_GROUPS):
        for i, suffix in enumerate(S4_SUFFIX):
            k = f"{group}.{suffix}"
            cells[k] = t.cell(3, g * 5 + i)
            cell_text(cells[k], fmt(v.get(k)))
    return t, cells


# ----------------------------------------------------------------------------------------- documents
def new_document(author, title):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    cp = doc.core_properties
    cp.author = cp.last_modified_by = author
    cp.title = title
    cp.created = cp.modified = cp.last_printed = FIXED_TIME
    cp.revision = 1
    cp.comments = cp.subject = cp.keywords = cp.category = ""
    return doc


def report(agency, v, *, heading_style="plain", corner_note=True, new_override=None, quirky=False,
           blank=False, tables=True):
    """A report as a clerk fills the official form; returns (doc, {key: cell}, {name: paragraph})."""
    title = "政府信息公开工作年度报告" if blank else f"{agency}{YEAR}年政府信息公开工作年度报告"
    doc = new_document("政务公开办" if blank else f"{agency}党政办", title)
    marks = {}
    if heading_style == "heading":
        tp = doc.add_paragraph(style="Title")
        set_fonts(tp.add_run(title), east_asia="方正小标宋简体", size=22)
        tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        add_para(doc, title, indent=False, east_asia="方正小标宋简体", size=22, align="center")
    text = None if blank else narrative(agency, v, new_override)
    if text:
        add_para(doc, text["intro"])
    add_heading(doc, HEADINGS[0], heading_style)
    if blank:
        add_para(doc, "（文字描述）")
    else:
        for i, s in enumerate(text["一"]):
            p = add_para(doc, s)
            if i == 2:
                marks["new_sentence"] = p
    if quirky:
        marks["box_anchor"] = doc.add_paragraph()  # the nested-table box goes after 一
    cells = {}
    tabs = {}
    for sec_no, builder in ((1, s2_table), (2, s3_table), (3, s4_table)):
        add_heading(doc, HEADINGS[sec_no], heading_style)
        if not tables:
            add_para(doc, "（详见附表）")
            continue
        if builder is s2_table:
            t, c = s2_table(doc, v, blank_fill="\u3000" if blank else "")
        elif builder is s3_table:
            t, c = s3_table(doc, v, corner_note=corner_note, quirky=quirky)
        else:
            t, c = s4_table(doc, v)
        tabs[sec_no] = t
        cells.update(c)
        doc.add_paragraph()
    for sec_no, key in ((4, "五"), (5, "六")):
        add_heading(doc, HEADINGS[sec_no], heading_style)
        if blank:
            add_para(doc, "（文字描述）" if sec_no == 4 else "（文字描述，收取信息处理费情况在此处报告。）")
        else:
            for s in text[key]:
                add_para(doc, s)
    if not blank:
        add_para(doc, f"{agency}人民政府", indent=False, align=None).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_para(doc, f"{YEAR + 1}年1月15日", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc, cells, marks, tabs


def save_docx(doc, path):
    doc.save(path)
    normalise_zip(path)


def normalise_zip(path):
    """Re-writes a zip with a fixed timestamp per entry (order and compression kept) so reruns are equal.
    LibreOffice's ODT settings.xml carries a random Rsid/RsidRoot per save: fixed here too."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    entries = [(i, re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+<', rb"\g<1>1048576<", data)
                if i.filename == "settings.xml" else data) for i, data in entries]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in entries:
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


# -------------------------------------------------------------------------------------------- quirks
REV = {"author": "后宫乡党政办", "date": "2024-01-12T10:20:00Z"}
_rev_id = [100]


def rev(tag):
    _rev_id[0] += 1
    return el(tag, id=_rev_id[0], **REV)


def clear_paragraph(p):
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)
    return p._p


def quirk_tracked_cell(cell, old, new):
    """The whole number replaced with tracked changes: <w:del>old</w:del><w:ins>new</w:ins>."""
    p = clear_paragraph(cell.paragraphs[0])
    d = rev("w:del")
    d.append(run_el(old, tag="w:delText"))
    i = rev("w:ins")
    i.append(run_el(new))
    p.append(d)
    p.append(i)


def quirk_tracked_digit(cell, keep, old, new):
    """One digit changed: <w:r>keep</w:r><w:del>old</w:del><w:ins>new</w:ins> reads keep+new."""
    p = clear_paragraph(cell.paragraphs[0])
    p.append(run_el(keep))
    d = rev("w:del")
    d.append(run_el(old, tag="w:delText"))
    i = rev("w:ins")
    i.append(run_el(new))
    p.append(d)
    p.append(i)


def quirk_tracked_narrative(p, before, old, new, after):
    p_el = clear_paragraph(p)
    p_el.append(run_el(before, size=16))
    d = rev("w:del")
    d.append(run_el(old, tag="w:delText", size=16))
    i = rev("w:ins")
    i.append(run_el(new, size=16))
    p_el.append(d)
    p_el.append(i)
    p_el.append(run_el(after, size=16))


def sdt_pr(alias, tag, sdt_id, text=True):
    pr = el("w:sdtPr")
    pr.append(el("w:alias", val=alias))
    pr.append(el("w:tag", val=tag))
    pr.append(el("w:id", val=sdt_id))
    if text:
        pr.append(el("w:text"))
    return pr


def quirk_sdt_run(cell, value):
    """A plain-text content control around the number's run, inside the cell's paragraph."""
    p = clear_paragraph(cell.paragraphs[0])
    sdt = el("w:sdt")
    sdt.append(sdt_pr("本年新收申请总计", "s3_new_total", -1859403217))
    content = el("w:sdtContent")
    content.append(run_el(value))
    sdt.append(content)
    p.append(sdt)


def quirk_sdt_cell(cell):
    """A content control around the whole <w:tc> (a cell-level w:sdt as a child of w:tr)."""
    tc = cell._tc
    tr = tc.getparent()
    idx = list(tr).index(tc)
    sdt = el("w:sdt")
    sdt.append(sdt_pr("复议后起诉总计", "s4_after_review_total", 702341188, text=False))
    content = el("w:sdtContent")
    sdt.append(content)
    tr.insert(idx, sdt)
    content.append(tc)  # moves the tc


def quirk_fld_simple(cell, value, instr=" =SUM(LEFT) "):
    p = clear_paragraph(cell.paragraphs[0])
    f = el("w:fldSimple", instr=instr)
    f.append(run_el(value))
    p.append(f)


def quirk_fld_complex(cell, value, instr):
    """begin · instrText (with digits in it) · separate · result · end."""
    p = clear_paragraph(cell.paragraphs[0])
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("result", value), ("end", None)):
        if kind == "instr":
            p.append(run_el(text, tag="w:instrText"))
        elif kind == "result":
            p.append(run_el(text))
        else:
            r = run_el()
            r.append(el("w:fldChar", fldCharType=kind))
            p.append(r)


def quirk_split_bookmark(cell, value):
    """The number in two runs with Word's _GoBack bookmark between them."""
    p = clear_paragraph(cell.paragraphs[0])
    p.append(run_el(value[:-1]))
    p.append(el("w:bookmarkStart", id=0, name="_GoBack"))
    p.append(el("w:bookmarkEnd", id=0))
    p.append(run_el(value[-1]))


def quirk_grid_before(table, row_index):
    """The row starts one grid column in (w:gridBefore=1, w:wBefore) and its label spans 2 instead of 3."""
    tr = table.rows[row_index]._tr
    tc0 = tr.tc_lst[0]
    tc0.tcPr.grid_span = 2
    tc0.width = Twips(S3_WIDTHS[1] + S3_WIDTHS[2])
    trPr = tr.get_or_add_trPr()
    trPr.insert(0, el("w:wBefore", w=S3_WIDTHS[0], type="dxa"))
    trPr.insert(0, el("w:gridBefore", val=1))


def quirk_nested_box(doc, anchor, v):
    """A 1×1 layout table in the narrative area holding a heading line and a small nested table."""
    outer = doc.add_table(rows=1, cols=1)
    outer.style = "Table Grid"
    anchor._p.addnext(outer._tbl)
    box = outer.cell(0, 0)
    cell_text(box, "【数据速览】", align="left", bold=True)
    inner = box.add_table(rows=2, cols=4)
    inner.style = "Table Grid"
    suits = v["s4.suit_direct.total"] + v["s4.suit_after_review.total"]
    rows = [("新收申请（件）", v["s3.new.total"], "办结（件）", v["s3.total.total"]),
            ("行政复议（件）", v["s4.review.total"], "行政诉讼（件）", suits)]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell_text(inner.cell(r, c), fmt(text))
    return outer


# ------------------------------------------------------------------------------------- the documents
def rules_level_note(v):
    r = [v["s2.rules.issued"], v["s2.rules.repealed"], v["s2.rules.in_force"]]
    return (f"plausibility.s2.rules_level: a 乡/镇 reporting 规章 {r[0]}/{r[1]}/{r[2]} (true of t1–t3 as transcribed), "
            f"if the agency kind is recognised")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def make_docx_fixtures():
    t1, t2, t3 = load("t1"), load("t2"), load("t3")
    # t2: plain bold headings, the note in the corner cell
    doc, _, _, _ = report("石桥镇", t2["values"], heading_style="plain", corner_note=True)
    save_docx(doc, os.path.join(OUT, "t2.docx"))
    # t3: built-in Title / Heading 2 styles, the corner note deleted (a blank merged header cell)
    doc, _, _, _ = report("龙泉乡", t3["values"], heading_style="heading", corner_note=False)
    save_docx(doc, os.path.join(OUT, "t3.docx"))

    # t2-error: one wrong number in section 三
    key, old = "s3.granted.natural_person", t2["values"]["s3.granted.natural_person"]
    wrong = dict(t2["values"], **{key: old + 1})
    doc, _, _, _ = report("石桥镇", wrong, heading_style="plain", corner_note=True)
    save_docx(doc, os.path.join(OUT, "t2-error.docx"))
    v = t2["values"]
    res_sum = sum(wrong[f"s3.{k}.natural_person"] for k, p in S3_ROWS if len(p) > 1 and k != "total")
    row_sum = sum(wrong[f"s3.granted.{c}"] for c in APPLICANTS[:-1])
    write_json(os.path.join(OUT, "t2-error.expect.json"), {
        "file": "t2-error.docx", "agency": "石桥镇", "year": YEAR, "layout": "2021",
        "values": "../expected/t2.json with one key changed",
        "changed": {"key": key, "old": old, "new": old + 1, "cell": "section 三 table, row （一）予以公开, column 自然人"},
        "findings": [
            {"code": "identity.s3.row_total", "row": "s3.granted", "cells": [f"s3.granted.{c}" for c in APPLICANTS],
             "total_cell": v["s3.granted.total"], "sum_of_parts": row_sum, "delta": row_sum - v["s3.granted.total"]},
            {"code": "identity.s3.results_total", "column": "natural_person",
             "total_cell": v["s3.total.natural_person"], "sum_of_parts": res_sum,
             "delta": res_sum - v["s3.total.natural_person"]},
        ],
        "most_likely_wrong": key,
        "not_expected": ["identity.s3.balance (s3.total.* is unchanged, so 一+二 = 七+四 still holds)"],
    })

    # t3-narrative-mismatch: tables right, the narrative's 受理 figure has two digits swapped
    real = t3["values"]["s3.new.total"]
    said = int(str(real)[0] + str(real)[2] + str(real)[1]) if real >= 100 and str(real)[1] != str(real)[2] else real + 10
    doc, _, _, _ = report("龙泉乡", t3["values"], heading_style="heading", corner_note=False, new_override=said)
    save_docx(doc, os.path.join(OUT, "t3-narrative-mismatch.docx"))
    write_json(os.path.join(OUT, "t3-narrative-mismatch.expect.json"), {
        "file": "t3-narrative-mismatch.docx", "agency": "龙泉乡", "year": YEAR, "layout": "2021",
        "values": "../expected/t3.json (tables unchanged)",
        "narrative": {"sentence": f"本年度共受理政府信息公开申请{said}件，上年结转{t3['values']['s3.carried_over.total']}件，"
                                  f"办结{t3['values']['s3.total.total']}件，结转下年度继续办理{t3['values']['s3.carried_forward.total']}件。",
                      "keyword": "受理", "narrative_value": said, "table_key": "s3.new.total", "table_value": real},
        "findings": [{"code": "text.mismatch", "severity": "warning", "key": "s3.new.total",
                      "text": said, "table": real}],
    })

    # quirks (t1 values)
    v1 = t1["values"]
    doc, cells, marks, tabs = report("后宫乡", v1, heading_style="plain", corner_note=True, quirky=True)
    settings = doc.settings.element  # w:trackRevisions goes before w:defaultTabStop (schema order)
    settings.find(qn("w:defaultTabStop")).addprevious(el("w:trackRevisions"))
    quirks = []

    def q(name, key, how, **extra):
        item = {"quirk": name, "xml": how}
        if key:
            item.update(key=key, expected=v1[key])
        quirks.append(dict(item, **extra))

    k = "s3.new.natural_person"
    old = str(v1[k] - 6)
    quirk_tracked_cell(cells[k], old, fmt(v1[k]))
    q("tracked_change_cell", k, f"<w:del><w:delText>{old}</w:delText></w:del><w:ins><w:t>{fmt(v1[k])}</w:t></w:ins>",
      wrong_if_deleted_text_read=int(old + fmt(v1[k])))
    k = "s3.new.legal_service"
    s = fmt(v1[k])
    old_digit = str((int(s[-1]) + 5) % 10)
    quirk_tracked_digit(cells[k], s[:-1], old_digit, s[-1])
    q("tracked_change_digit", k, f"<w:r>{s[:-1]}</w:r><w:del>{old_digit}</w:del><w:ins>{s[-1]}</w:ins>",
      wrong_if_deleted_text_read=int(s[:-1] + old_digit + s[-1]))
    k = "s3.new.total"
    quirk_sdt_run(cells[k], fmt(v1[k]))
    q("content_control_run", k, "<w:p><w:sdt><w:sdtPr>…<w:text/></w:sdtPr><w:sdtContent><w:r>…</w:r></w:sdtContent></w:sdt></w:p> in the cell")
    k = "s4.suit_after_review.total"
    quirk_sdt_cell(cells[k])
    q("content_control_cell", k, "<w:tr>…<w:sdt><w:sdtContent><w:tc>…</w:tc></w:sdtContent></w:sdt></w:tr>: the row's last cell is not a direct child of w:tr")
    k = "s3.total.total"
    quirk_fld_simple(cells[k], fmt(v1[k]))
    q("field_simple", k, '<w:fldSimple w:instr=" =SUM(LEFT) "><w:r><w:t>…</w:t></w:r></w:fldSimple>')
    k = "s3.total.natural_person"
    first = S3_HEADER_ROWS + 1 + next(i for i, (_, p) in enumerate(S3_ROWS) if len(p) > 1)
    instr = f" =SUM(D{first}:D{first + 20}) "
    quirk_fld_complex(cells[k], fmt(v1[k]), instr)
    q("field_complex", k, f"fldChar begin · <w:instrText>{instr}</w:instrText> · separate · <w:t>{fmt(v1[k])}</w:t> · end",
      note="the instruction has digits; only the result between separate and end is the value")
    k = "s2.licensing.decisions"
    quirk_split_bookmark(cells[k], fmt(v1[k]))
    q("split_runs_bookmark", k, f"<w:r>{fmt(v1[k])[:-1]}</w:r><w:bookmarkStart w:name=\"_GoBack\"/><w:bookmarkEnd/><w:r>{fmt(v1[k])[-1]}</w:r>")
    q("tab_in_label", None, "（二）部分公开<w:tab/>（区分处理的，只计这一情形，不计其他情形）",
      row="s3.partial", values_of_row={f"s3.partial.{c}": v1[f"s3.partial.{c}"] for c in APPLICANTS})
    q("br_in_label", None, "5.要求行政机关确认或重新<w:br/>出具已获取信息 ; headers 商业<w:br/>企业, 法律服务<w:br/>机构",
      row="s3.not_processed.confirmation",
      values_of_row={f"s3.not_processed.confirmation.{c}": v1[f"s3.not_processed.confirmation.{c}"] for c in APPLICANTS})
    cf_row = S3_HEADER_ROWS + [k for k, _ in S3_ROWS].index("carried_forward")
    quirk_grid_before(tabs[2], cf_row)
    q("grid_before", None, "<w:trPr><w:gridBefore w:val=\"1\"/><w:wBefore …/></w:trPr>; label gridSpan 2 from grid column 1; numbers stay in grid columns 3–9",
      row="s3.carried_forward",
      values_of_row={f"s3.carried_forward.{c}": v1[f"s3.carried_forward.{c}"] for c in APPLICANTS})
    quirk_nested_box(doc, marks["box_anchor"], v1)
    q("nested_table", None, "a 1×1 table after 一、总体情况 whose cell holds a 2×4 table (新收申请/办结/行政复议/行政诉讼 figures, all agreeing with the tables)",
      note="not one of the official tables; must not be taken for section 二/三/四 nor change any value")
    p = marks["new_sentence"]
    before = f"（二）依申请公开。本年度共受理政府信息公开申请"
    after = (f"件，上年结转{v1['s3.carried_over.total']}件，办结{v1['s3.total.total']}件，"
             f"结转下年度继续办理{v1['s3.carried_forward.total']}件。")
    old_n = str(v1["s3.new.total"] - 9)
    quirk_tracked_narrative(p, before, old_n, fmt(v1["s3.new.total"]), after)
    q("tracked_change_narrative", None, f"受理政府信息公开申请<w:del>{old_n}</w:del><w:ins>{v1['s3.new.total']}</w:ins>件",
      note="the narrative agrees once deletions are dropped: no text.mismatch")
    save_docx(doc, os.path.join(OUT, "quirks.docx"))
    write_json(os.path.join(OUT, "quirks.expect.json"), {
        "file": "quirks.docx", "agency": "后宫乡", "year": YEAR, "layout": "2021",
        "values": "../expected/t1.json (every value)",
        "findings": {"errors": [], "text.mismatch": "none (the narrative agrees once w:del is dropped)",
                     "warnings_from_the_data": [rules_level_note(v1)]},
        "settings": "w:trackRevisions is on in word/settings.xml", "quirks": quirks,
    })

    # blank form
    doc, _, _, _ = report("", {}, blank=True)
    save_docx(doc, os.path.join(OUT, "blank-2021.docx"))

    # no tables
    doc, _, _, _ = report("石桥镇", t2["values"], heading_style="plain", tables=False)
    save_docx(doc, os.path.join(OUT, "notables.docx"))


# ----------------------------------------------------------------------------------------- LibreOffice
def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src, fmt_arg, out_name):
    exe = soffice()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [exe, "-env:UserInstallation=file:///tmp/lo-profile-fixtures", "--headless",
               "--convert-to", fmt_arg, "--outdir", tmp, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        produced = [f for f in os.listdir(tmp)]
        if len(produced) != 1:
            raise SystemExit(f"soffice produced {produced} for {src}")
        dst = os.path.join(OUT, out_name)
        shutil.move(os.path.join(tmp, produced[0]), dst)
    if out_name.endswith((".odt", ".docx")):
        normalise_zip(dst)
    return dst


def make_lo_fixtures():
    if not soffice():
        print("soffice not found: t2.odt, t2.lo.html, t2.lo.docx, t3.odt skipped", file=sys.stderr)
        return False
    t2, t3 = os.path.join(OUT, "t2.docx"), os.path.join(OUT, "t3.docx")
    convert(t2, "odt", "t2.odt")
    convert(t2, "html:HTML (StarWriter)", "t2.lo.html")
    convert(t2, 'docx:MS Word 2007 XML', "t2.lo.docx")
    convert(t3, "odt", "t3.odt")
    # Rich Text Format as LibreOffice saves it (`\uN` text, `\cellx` grids, `\clvmgf/\clvmrg`, nested tables, `\deleted`).
    for name in ("t2", "t3", "t2-error", "quirks"):
        convert(os.path.join(OUT, name + ".docx"), "rtf", name + ".rtf")
    # PDFs as LibreOffice prints the filled form: labels wrapped, vertical labels split, numbers wrapped in narrow cells.
    convert(t2, "pdf", "t2.pdf")
    convert(t3, "pdf", "t3.pdf")
    convert(os.path.join(OUT, "t2-error.docx"), "pdf", "t2-error.pdf")
    convert(os.path.join(OUT, "t3-narrative-mismatch.docx"), "pdf", "t3-narrative-mismatch.pdf")
    # Another producer's geometry: the web-page export printed by Writer/Web (a table broken across pages).
    convert(os.path.join(OUT, "t2.lo.html"), "pdf:writer_web_pdf_Export", "t2.web.pdf")
    make_bad_pdfs(os.path.join(OUT, "t2.pdf"))
    return True


def minimal_pdf(objects):
    """A PDF from object bodies (1-based), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_bad_pdfs(good):
    """Hostile and refused PDFs, each with one exact error: cut short, a scan without text, a password, a loop."""
    data = open(good, "rb").read()
    open(os.path.join(OUT, "bad-truncated.pdf"), "wb").write(data[: len(data) // 3])
    # A page with a drawn box and no text: what a scanned page is to a text reader.
    scan = minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                        b"<< /Length 37 >>\nstream\n0 0 1 rg 100 100 300 400 re f Q q\nendstream"])
    open(os.path.join(OUT, "bad-no-text.pdf"), "wb").write(scan)
    # A page tree whose Pages node lists itself as a kid.
    loop = minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
    open(os.path.join(OUT, "bad-page-loop.pdf"), "wb").write(loop)
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        print("pypdf not installed: encrypted PDFs skipped", file=sys.stderr)
        return
    for name, user, owner in [("bad-password.pdf", "1234", "owner"), ("t2-owner-password.pdf", "", "owner")]:
        writer = PdfWriter(clone_from=PdfReader(good))
        writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128", permissions_flag=0)
        writer.add_metadata({"/Producer": "nianbao fixtures", "/CreationDate": "D:20240115000000"})
        with open(os.path.join(OUT, name), "wb") as f:
            writer.write(f)


# ---------------------------------------------------------------------------------------------- HTML
CELL_STYLE = "font-size:10.5pt;font-family:宋体"


def td(text, tag="td", rowspan=1, colspan=1, align="center", span_lang=False, extra=""):
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if text in ("", None):
        return f'<{tag}{attrs} style="border:solid windowtext 1px"{extra}>&nbsp;</{tag}>'
    lang = ' lang="EN-US"' if span_lang else ""
    return (f'<{tag}{attrs} valign="middle" style="border:solid windowtext 1px;padding:0 5px"{extra}>'
            f'<p align="{align}" style="margin:0;text-align:{align}"><span{lang} style="{CELL_STYLE}">{text}</span></p></{tag}>')


def html_s2(v):
    rows = []
    for row in S2_ROWS:
        kind = row[0]
        if kind == "caption":
            rows.append(td(f"<strong>{row[1]}</strong>", colspan=4, align="left", extra=' bgcolor="#c6d9f1"'))
        elif kind == "header3":
            rows.append("".join(td(x) for x in row[1]))
        elif kind == "header1":
            rows.append(td(row[1][0]) + td(row[1][1], colspan=3))
        elif kind == "row3":
            rows.append(td(row[1]) + "".join(td(fmt(v[f"{row[2]}.{c}"]), span_lang=True) for c in S2_COLS))
        else:
            rows.append(td(row[1]) + td(fmt(v[row[2]]), colspan=3, span_lang=True))
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return (f'<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600" '
            f'style="border-collapse:collapse;border:none">\n<tbody>\n{body}\n</tbody>\n</table>')


def html_s3(v):
    head = [
        td("", tag="th", rowspan=3, colspan=3),  # the corner note deleted, as in t3.docx
        td("申请人情况", tag="th", colspan=7),
    ]
    head_rows = ["".join(head),
                 td("自然人", tag="th", rowspan=2) + td("法人或其他组织", tag="th", colspan=5) + td("总计", tag="th", rowspan=2),
                 "".join(td(x, tag="th") for x in ["商业<br>企业", "科研<br>机构", "社会公<br>益组织", "法律服<br>务机构", "其他"])]
    body = []
    n3 = sum(1 for _, p in S3_ROWS if len(p) > 1)
    seen_groups = set()
    for key, path in S3_ROWS:
        cells = ""
        if len(path) == 1:
            cells += td(path[0], colspan=3, align="left")
        else:
            if path[0] not in seen_groups:
                seen_groups.add(path[0])
                cells += td("三、本年度<br>办理结果", rowspan=n3)
            if len(path) == 2:
                cells += td(path[1], colspan=2, align="left")
            else:
                if path[1] not in seen_groups:
                    seen_groups.add(path[1])
                    cells += td(path[1], rowspan=sum(1 for _, p in S3_ROWS if len(p) == 3 and p[1] == path[1]))
                cells += td(path[2], align="left")
        cells += "".join(td(fmt(v[f"s3.{key}.{c}"]), span_lang=True) for c in APPLICANTS)
        body.append(cells)
    thead = "\n".join(f"<tr>{r}</tr>" for r in head_rows)
    tbody = "\n".join(f"<tr>{r}</tr>" for r in body)
    return (f'<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">\n'
            f'<thead>\n{thead}\n</thead>\n<tbody>\n{tbody}\n</tbody>\n</table>')


def html_s4(v):
    r0 = td("行政复议", tag="th", colspan=5) + td("行政诉讼", tag="th", colspan=10)
    r1 = "".join(td(x, tag="th", rowspan=2) for x in S4_RESULTS) + td("未经复议直接起诉", tag="th", colspan=5) \
        + td("复议后起诉", tag="th", colspan=5)
    r2 = "".join(td(x, tag="th") for x in S4_RESULTS * 2)
    r3 = "".join(td(fmt(v[f"{g}.{s}"]), span_lang=True) for g in S4_GROUPS for s in S4_SUFFIX)
    return (f'<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">\n'
            f'<thead>\n<tr>{r0}</tr>\n<tr>{r1}</tr>\n<tr>{r2}</tr>\n</thead>\n<tbody>\n<tr>{r3}</tr>\n</tbody>\n</table>')


SITE = "http://www.longquan.example"
PAGE_URL = SITE + "/zwgk/zfxxgknb/202401/t20240118_35127.html"
IMG_URL = SITE + "/zwgk/zfxxgknb/202401/images/banner.png"


def cms_page(agency, v, charset="gb2312", tables=True, img_src="images/banner.png"):
    text = narrative(agency, v)
    paras = [f'<p style="text-indent:2em;line-height:28px"><span style="font-family:仿宋_GB2312;font-size:16px">{s}</span></p>'
             for s in [text["intro"]]]
    parts = "\n".join(paras)

    def heading(h):
        return f'<p style="text-indent:2em"><strong><span style="font-family:黑体;font-size:16px">{h}</span></strong></p>'

    def para(s):
        return f'<p style="text-indent:2em;line-height:28px">{s}</p>'

    body = [parts, heading(HEADINGS[0])] + [para(s) for s in text["一"]]
    builders = [html_s2, html_s3, html_s4]
    for i in range(3):
        body.append(heading(HEADINGS[i + 1]))
        if tables:
            body.append(builders[i](v))
        else:
            body.append(f'<p style="text-align:center"><img src="W020240118{i + 1}.png" width="600" alt="" border="0"></p>')
        body.append("<p>&nbsp;</p>")
    for sec, key in ((4, "五"), (5, "六")):
        body.append(heading(HEADINGS[sec]))
        body += [para(s) for s in text[key]]
    body.append(f'<p style="text-align:right">{agency}人民政府</p>\n<p style="text-align:right">{YEAR + 1}年1月18日</p>')
    menu = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"]
    menu_rows = "\n".join(f'<tr><td class="menu-item"><a href="/zwgk/{i}/">{m}</a></td></tr>' for i, m in enumerate(menu))
    content = "\n".join(body)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{agency}{YEAR}年政府信息公开工作年度报告_{agency}人民政府</title>
<meta name="keywords" content="政府信息公开,年度报告" />
<link href="/css/style.css" rel="stylesheet" type="text/css" />
<style type="text/css">
body {{ margin:0; font-size:12px; font-family:"宋体"; }}
.menu-title {{ background:#b30000; color:#fff; font-size:14px; height:32px; text-align:center; }}
.menu-item {{ height:30px; border-bottom:1px dashed #ccc; padding-left:20px; }}
h1 {{ font-size:22px; color:#b30000; text-align:center; }}
</style>
<script type="text/javascript" src="/js/jquery.min.js"></script>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
<tr><td colspan="2"><img src="{img_src}" width="1000" height="120" alt="{agency}人民政府" /></td></tr>
<tr>
<td width="200" valign="top" class="left">
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="menu">
<tr><td class="menu-title">政务公开</td></tr>
{menu_rows}
</table>
</td>
<td width="800" valign="top" class="right">
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<h1>{agency}{YEAR}年政府信息公开工作年度报告</h1>
<div class="info">发布时间：{YEAR + 1}-01-18 10:32&nbsp;&nbsp;来源：{agency}人民政府&nbsp;&nbsp;浏览次数：<span id="hits">386</span>&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{content}
</div>
</td>
</tr>
<tr><td colspan="2" class="footer" align="center">主办：{agency}人民政府&nbsp;&nbsp;网站标识码：4100000000&nbsp;&nbsp;ICP备案号：豫ICP备00000000号</td></tr>
</table>
</body>
</html>
"""


def png(width, height):
    """A small striped banner, as a valid PNG (deterministic)."""
    raw = b""
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            red = 0xB3 if (x // 8 + y // 8) % 2 else 0xC8
            row += bytes([red, 0x10, 0x10])
        raw += bytes(row)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def mht(html_bytes, image_bytes):
    """An Internet Explorer 'Web Archive, single file' (.mht): multipart/related, CRLF line ends."""
    boundary = "----=_NextPart_000_0000_01DA49F2.5C3A8E10"
    qp = quopri.encodestring(html_bytes).decode("ascii")
    b64 = base64.encodebytes(image_bytes).decode("ascii")
    subject = "=?gb2312?B?" + base64.b64encode(f"龙泉乡{YEAR}年政府信息公开工作年度报告".encode("gb2312")).decode() + "?="
    text = f"""From: <Saved by Windows Internet Explorer 11>
Subject: {subject}
Date: Thu, 18 Jan 2024 14:05:31 +0800
MIME-Version: 1.0
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="{boundary}"
X-MimeOLE: Produced By Microsoft MimeOLE V6.1.7601.24000

This is a multi-part message in MIME format.

--{boundary}
Content-Type: text/html;
\tcharset="gb2312"
Content-Transfer-Encoding: quoted-printable
Content-Location: {PAGE_URL}

{qp}
--{boundary}
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Location: {IMG_URL}

{b64}
--{boundary}--
"""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def make_html_fixtures():
    t2, t3 = load("t2"), load("t3")
    page = cms_page("龙泉乡", t3["values"])
    gbk = page.encode("gbk")
    with open(os.path.join(OUT, "t3-cms.gbk.html"), "wb") as f:
        f.write(gbk)
    # the saved page: the HTML part refers to the image by its absolute address, as the archive does
    saved = cms_page("龙泉乡", t3["values"], img_src=IMG_URL).encode("gbk")
    with open(os.path.join(OUT, "t3-cms.mht"), "wb") as f:
        f.write(mht(saved, png(160, 24)))
    page = cms_page("石桥镇", t2["values"], charset="utf-8", tables=False)
    with open(os.path.join(OUT, "notables.html"), "wb") as f:
        f.write(page.replace(SITE, "http://www.shiqiao.example").encode("utf-8"))


def main():
    os.makedirs(OUT, exist_ok=True)
    make_docx_fixtures()
    make_html_fixtures()
    lo = make_lo_fixtures()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>8}  {name}")
    if not lo:
        sys.exit(0)


if __name__ == "__main__":
    main()
