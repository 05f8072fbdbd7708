// The report-document readers on hand-written markup: merges, nesting, revisions, fields, charsets, hostile input.
@testable import Documents
import Readers
import Foundation
import Testing
import TestSupport
@testable import Spreadsheet
import ZipArchive

@Suite struct DocumentReaderTests {
    static let w = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#

    static func docx(_ body: String, prolog: String = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#) throws -> [UInt8] {
        let document = prolog + "<w:document \(w)><w:body>\(body)</w:body></w:document>"
        return try ZipWriter.archive([
            ("[Content_Types].xml", Array(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.utf8)),
            ("_rels/.rels", Array(#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.utf8)),
            ("word/document.xml", Array(document.utf8)),
        ])
    }

    static func p(_ text: String) -> String { "<w:p><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>" }
    static func tc(_ text: String, _ properties: String = "") -> String { "<w:tc><w:tcPr>\(properties)</w:tcPr>\(p(text))</w:tc>" }

    @Test func wordTablesKeepMergesAndBodyOrder() throws {
        let p = Self.p, tc = Self.tc
        let body = p("后宫乡2023年政府信息公开工作年度报告") + "<w:tbl>"
            + "<w:tr>" + tc("申请人情况", #"<w:gridSpan w:val="3"/>"#) + "</w:tr>"
            + "<w:tr>" + tc("三、本年度办理结果", #"<w:vMerge w:val="restart"/>"#) + tc("（一）予以公开", "") + tc("5", "") + "</w:tr>"
            + "<w:tr>" + tc("", "<w:vMerge/>") + tc("（二）部分公开", "") + tc("2", "") + "</w:tr>"
            + "<w:tr><w:trPr><w:gridBefore w:val=\"2\"/></w:trPr>" + tc("9", "") + "</w:tr>"
            + "</w:tbl>" + p("") + p("二、正文第二段")
        let workbook = try DOCXReader.read(bytes: try Self.docx(body), fileName: "a.docx")
        #expect(workbook.format == .docx)
        #expect(workbook.narrative.map(\.line) == [1, 2])
        #expect(workbook.narrative.map(\.text) == ["后宫乡2023年政府信息公开工作年度报告", "二、正文第二段"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(workbook.sheets.first?.name == "表1")
        #expect(grid.rowTexts(0) == ["申请人情况"])
        #expect(grid.rowTexts(1) == ["三、本年度办理结果", "（一）予以公开", "5"])
        #expect(grid.rowTexts(2) == ["", "（二）部分公开", "2"])
        #expect(grid.rowTexts(3) == ["", "", "9"])
        #expect(grid.merged == [CellRange("A1:C1")!, CellRange("A2:A3")!])
        #expect(grid[1, 2].value == .number(5, source: "5"))
    }

    @Test func revisionsFieldsAndContentControlsShowWhatWordShows() throws {
        let cell = { (runs: String) in "<w:tc><w:p>\(runs)</w:p></w:tc>" }
        let body = "<w:tbl><w:tr>"
            + cell("<w:del><w:r><w:delText>71</w:delText></w:r></w:del><w:ins><w:r><w:t>77</w:t></w:r></w:ins>")
            + cell(#"<w:fldSimple w:instr=" =SUM(LEFT) "><w:r><w:t>261</w:t></w:r></w:fldSimple>"#)
            + cell(#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =SUM(D6:D26) </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>81</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#)
            + cell("<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent><w:r><w:t>249</w:t></w:r></w:sdtContent></w:sdt>")
            + cell(#"<w:r><w:t>38</w:t></w:r><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/><w:r><w:t>4</w:t></w:r>"#)
            + cell("<w:r><w:t>商业</w:t><w:br/><w:t>企业</w:t><w:tab/><w:t>x</w:t></w:r>")
            + cell(#"<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:drawing><w:t>box</w:t></w:drawing></w:r></mc:Choice><mc:Fallback><w:r><w:pict><w:t>box</w:t></w:pict></w:r></mc:Fallback></mc:AlternateContent><w:r><w:t> 12</w:t></w:r>"#)
            + "</w:tr></w:tbl>"
        let grid = try #require(try DOCXReader.read(bytes: try Self.docx(body), fileName: "a.docx").sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["77", "261", "81", "249", "384", "商业\n企业 x", "box 12"])  // a text box read once, not again from its fallback
    }

    @Test func wordRunMarksAndSkippedContent() throws {
        let math = #"<m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r><m:t>y</m:t></m:r></m:oMath></m:oMathPara>"#
        let body = #"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:cr/><w:t>c</w:t><w:tab/><w:t>d</w:t></w:r>"#
            + "<w:moveFrom><w:r><w:t>x</w:t></w:r></w:moveFrom>\(math)<w:r><w:t>e</w:t></w:r></w:p>"
        let workbook = try DOCXReader.read(bytes: try Self.docx(body), fileName: "marks.docx")
        #expect(workbook.narrative.map(\.text) == ["a-b\nc de"])
    }

    /// Every element the Word handler acts on is told apart from its interned name, in any namespace; others are not.
    @Test func everyWordElementIsRecognised() throws {
        final class Recorder: SAXHandler {
            var names: InternedNames?
            var starts: [UInt8] = []
            var ends: [UInt8] = []
            func startElement(_ name: UnsafePointer<UInt8>, _ attributes: SAXAttributes) { starts.append(names?.tag(name) ?? 255) }
            func endElement(_ name: UnsafePointer<UInt8>) { ends.append(names?.tag(name) ?? 255) }
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
        }
        let known = WordElement.allCases.dropFirst()
        #expect(Set(known.map { "\($0.name)" }).count == known.count)
        let elements = known.map { "<w:\($0.name)/>" }.joined() + #"<a:t xmlns:a="urn:a"/><w:rPr/><w:tblGrid/>"#
        let document = "<w:document \(Self.w)>\(elements)</w:document>"
        let recorder = Recorder()
        let parser = try SAXParser(handler: recorder, file: "n.docx", part: "word/document.xml")
        recorder.names = try InternedNames(WordElement.named, parser: parser, file: "n.docx", part: "word/document.xml")
        try Array(document.utf8).withUnsafeBytes { try parser.feed($0, final: true) }
        let expected = [0] + known.map(\.rawValue) + [WordElement.text.rawValue, 0, 0]
        #expect(recorder.starts == expected)
        #expect(recorder.ends == Array(expected.dropFirst()) + [0])
        #expect(known.filter(\.isSkipped).map(\.name.description) == ["del", "moveFrom", "Fallback", "oMath", "oMathPara", "rt"])
    }

    @Test func nestedTablesAreTheirOwnGridsInDocumentOrder() throws {
        let inner = "<w:tbl><w:tr>" + Self.tc("新收", "") + Self.tc("17", "") + "</w:tr></w:tbl>"
        let body = "<w:tbl><w:tr><w:tc>\(Self.p("外层"))\(inner)\(Self.p("后"))</w:tc></w:tr></w:tbl>"
        let workbook = try DOCXReader.read(bytes: try Self.docx(body), fileName: "a.docx")
        #expect(workbook.sheets.map(\.name) == ["表1", "表2"])
        #expect(workbook.sheets[0].grid.rowTexts(0) == ["外层\n后"])
        #expect(workbook.sheets[1].grid.rowTexts(0) == ["新收", "17"])
    }

    @Test func doctypeInAWordDocumentIsRefused() throws {
        let bomb = #"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#
        let bytes = try Self.docx(Self.p("&b;&xxe;"), prolog: bomb)
        #expect {
            try DOCXReader.read(bytes: bytes, fileName: "bomb.docx")
        } throws: { error in
            (error as? SpreadsheetError)?.kind == .doctypeRefused
        }
    }

    @Test func legacyAndForeignDocumentsGetClearWords() throws {
        let doc = try temporaryFile("旧版.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600))
        #expect {
            try FormatRegistry.read(path: doc)
        } throws: { error in
            "\(error)".contains("另存为 .docx")
        }
        // An RTF saved under a .doc name is read as the RTF it is.
        let rtf = try temporaryFile("a.doc", Array("{\\rtf1\\ansi hello}".utf8))
        #expect(try FormatRegistry.read(path: rtf).narrative.map(\.text) == ["hello"])
        // A web page saved under a .doc name is read as the web page it is.
        let page = try temporaryFile("page.doc", Array("<html><body><p>石桥镇2023年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>1</td></tr></table></body></html>".utf8))
        let workbook = try FormatRegistry.read(path: page)
        #expect(workbook.format == .html && workbook.sheets.count == 1)
    }

    // MARK: OpenDocument

    @Test func openDocumentSpansCoveredAndRepeatedCells() throws {
        let content = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
        <text:h>龙泉乡2023年政府信息公开工作年度报告</text:h>
        <text:p>正文<text:s text:c="2"/>一段<text:note><text:note-body><text:p>脚注</text:p></text:note-body></text:note></text:p>
        <table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>申请人情况</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>总计</text:p></table:table-cell></table:table-row>
        <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>三、本年度</text:p><text:p>办理结果</text:p></table:table-cell><table:table-cell><text:p>（一）予以公开</text:p></table:table-cell><table:table-cell><text:p>3</text:p></table:table-cell></table:table-row>
        <table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-repeated="2"><text:p>0</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        </table:table></office:text></office:body></office:document-content>
        """
        let bytes = try ZipWriter.archive([("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Array(content.utf8))])
        let workbook = try ODTReader.read(bytes: bytes, fileName: "a.odt")
        #expect(workbook.narrative.map(\.text) == ["龙泉乡2023年政府信息公开工作年度报告", "正文  一段"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["申请人情况", "", "总计"])
        #expect(grid.rowTexts(1) == ["三、本年度\n办理结果", "（一）予以公开", "3"])
        #expect(grid.rowTexts(2) == ["", "0", "0"])
        #expect(grid.merged == [CellRange("A1:B1")!, CellRange("A2:A3")!])
        #expect(grid.rowCount == 3)
    }

    // MARK: HTML and MHT

    @Test func htmlTablesWithSpansNbspAndBreaks() throws {
        let html = """
        <html><head><title>x</title><style>td{}</style><script>var a = "<td>1</td>";</script></head><body>
        <h1>石桥镇2023年政府信息公开工作年度报告</h1><p>正文<br>第二行</p>
        <table><thead><tr><th rowspan=2>&nbsp;</th><th colspan="2">法人或其他组织</th></tr>
        <tr><th>商业<br>企业</th><th>科研机构</th></tr></thead>
        <tbody><tr><td><p align=center><span>一、本年新收</span></p></td><td><span lang=EN-US>3</span></td><td>0</td></tr></tbody></table>
        </body></html>
        """
        let workbook = try HTMLReader.read(bytes: Array(html.utf8), fileName: "a.html")
        #expect(workbook.narrative.map(\.text) == ["石桥镇2023年政府信息公开工作年度报告", "正文", "第二行"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["", "法人或其他组织"])
        #expect(grid.rowTexts(1) == ["", "商业\n企业", "科研机构"])
        #expect(grid.rowTexts(2) == ["一、本年新收", "3", "0"])
        #expect(grid.merged == [CellRange("A1:A2")!, CellRange("B1:C1")!])
    }

    @Test func htmlCharsetFromMetaOrDetection() throws {
        let body = "<p>龙泉乡2023年政府信息公开工作年度报告</p>"
        let declared = try TextDecoding.encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>\(body)</body></html>", as: .gb18030, file: "x")
        #expect(try HTMLReader.read(bytes: declared, fileName: "a.html").narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
        let undeclared = try TextDecoding.encode("<html><body>\(body)</body></html>", as: .gb18030, file: "x")
        let read = try HTMLReader.read(bytes: undeclared, fileName: "b.html")
        #expect(read.narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
        #expect(read.encoding == .gb18030)
        // A page that says UTF-8 but is GBK (common on old CMSs) is still read.
        let lying = try TextDecoding.encode("<html><head><meta charset=\"utf-8\"></head><body>\(body)</body></html>", as: .gb18030, file: "x")
        #expect(try HTMLReader.read(bytes: lying, fileName: "c.html").narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
    }

    @Test func htmlEntitiesAreNeverExpandedFromADoctype() throws {
        var html = "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
        html += "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        html += "<html><body><p>x&c;&c;&c;&xxe;y</p></body></html>"
        let workbook = try HTMLReader.read(bytes: Array(html.utf8), fileName: "bomb.html")
        let text = workbook.narrative.map(\.text).joined()
        #expect(text.count < 200, "\(text.prefix(80))")
        #expect(!text.contains("root:"))
    }

    @Test func mhtHtmlPartWithQuotedPrintableGBK() throws {
        let html = try TextDecoding.encode("<html><body><p>龙泉乡2023年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>7</td></tr></table></body></html>", as: .gb18030, file: "x")
        var qp = ""
        for (index, byte) in html.enumerated() {
            if index > 0 && index % 19 == 0 { qp += "=\r\n" }  // soft breaks, some inside a GBK character
            qp += byte >= 0x80 || byte == UInt8(ascii: "=") ? String(format: "=%02X", byte) : String(UnicodeScalar(byte))
        }
        let mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=\"----=_NextPart_000\";\r\n\ttype=\"text/html\"\r\n\r\nThis is a multi-part message.\r\n\r\n------=_NextPart_000\r\nContent-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\(qp)\r\n\r\n------=_NextPart_000\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\r\n------=_NextPart_000--\r\n"
        let path = try temporaryFile("page.mht", Array(mht.utf8))
        let workbook = try FormatRegistry.read(path: path)
        #expect(workbook.format == .html)
        #expect(workbook.narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["规章", "7"])
    }

    // MARK: found in review

    @Test func tablesNestedPastTheCapNeverCloseTheirParents() throws {
        var body = ""
        for level in 0..<40 { body += "<w:tbl><w:tr><w:tc>" + Self.p("c\(level)") }
        for _ in 0..<40 { body += "</w:tc></w:tr></w:tbl>" }
        let workbook = try DOCXReader.read(bytes: try Self.docx(body), fileName: "deep.docx")
        #expect(workbook.sheets.count == 32)
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["c0"])
        #expect(workbook.sheets.last?.grid.rowTexts(0).first?.hasPrefix("c31") == true)
        #expect(workbook.narrative.isEmpty)
    }

    @Test func manyVerticalMergesReadEveryRow() throws {
        var rows = ""
        for row in 0..<5_000 {
            let merge = row % 2 == 0 ? #"<w:vMerge w:val="restart"/>"# : "<w:vMerge/>"
            rows += "<w:tr>" + Self.tc("m\(row)", #"<w:gridSpan w:val="2"/>"# + merge) + Self.tc("\(row)", "") + "</w:tr>"
        }
        let grid = try #require(try DOCXReader.read(bytes: try Self.docx("<w:tbl>\(rows)</w:tbl>"), fileName: "m.docx").sheets.first?.grid)
        #expect(grid.merged.count == 2_500)
        #expect(grid.merged.last == CellRange("A4999:B5000"))
        #expect(grid.rowTexts(4_999) == ["", "", "4999"])
        #expect(grid.rowTexts(4_998) == ["m4998\nm4999", "", "4998"])
    }

    @Test func rubyPlaceholdersAndTextBoxes() throws {
        let ruby = #"<w:p><w:r><w:t>后</w:t></w:r><w:r><w:ruby><w:rt><w:r><w:t>gōng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>宫</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>乡2023年政府信息公开工作年度报告</w:t></w:r></w:p>"#
        let placeholder = #"<w:tbl><w:tr>"# + Self.tc("规章", "") + #"<w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>"#
        let box = #"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:txbxContent><w:tbl><w:tr>"#
            + Self.tc("行政许可", "") + Self.tc("384", "") + #"</w:tr></w:tbl></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
        let workbook = try DOCXReader.read(bytes: try Self.docx(ruby + placeholder + box), fileName: "r.docx")
        #expect(workbook.narrative.first?.text == "后宫乡2023年政府信息公开工作年度报告")
        #expect(workbook.sheets.count == 2)
        #expect(workbook.sheets[0].grid.rowTexts(0) == ["规章"])
        #expect(workbook.sheets[1].grid.rowTexts(0) == ["行政许可", "384"])
        let html = "<p>后<ruby>宫<rp>(</rp><rt>gōng</rt><rp>)</rp></ruby>乡2023年政府信息公开工作年度报告</p>"
        #expect(try HTMLReader.read(bytes: Array(html.utf8), fileName: "r.html").narrative.first?.text == "后宫乡2023年政府信息公开工作年度报告")
    }

    /// Every element and attribute the OpenDocument handler acts on is told apart from its interned name; an attribute
    /// given twice (in two namespaces) counts once, as first given.
    @Test func everyOpenDocumentNameIsRecognised() throws {
        let names = OpenDocumentName.allCases.dropFirst().map { "\($0.name)" }
        #expect(Set(names).count == names.count)
        #expect(OpenDocumentName.allCases.filter(\.isSkipped).map(\.name.description) == ["tracked-changes", "note", "annotation", "ruby-text"])
        let ns = #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:x="urn:x""#
        let content = "<office:document-content \(ns)><office:body><office:text>"
            + #"<text:p>a<text:tab/>b<text:line-break/>c<text:s/>d<text:s text:c="3" x:c="9"/>e<text:ruby><text:ruby-base>f</text:ruby-base><text:ruby-text>g</text:ruby-text></text:ruby></text:p>"#
            + #"<text:tracked-changes><text:changed-region><text:deletion><text:p>删</text:p></text:deletion></text:changed-region></text:tracked-changes>"#
            + #"<text:p>h<office:annotation><text:p>批注</text:p></office:annotation></text:p>"#
            + #"<table:table><table:table-row table:number-rows-repeated="2" x:number-rows-repeated="5"><table:table-cell table:number-columns-spanned="2" x:number-columns-spanned="7" table:number-columns-repeated="1"><text:p>1</text:p></table:table-cell><table:covered-table-cell/><table:table-cell table:number-rows-spanned="1" x:number-rows-spanned="4" table:number-columns-repeated="2" x:number-columns-repeated="6"><text:h>2</text:h></table:table-cell></table:table-row></table:table>"#
            + "</office:text></office:body></office:document-content>"
        let workbook = try ODTReader.read(contentXML: Array(content.utf8), fileName: "n.odt")
        #expect(workbook.narrative.map(\.text) == ["a b\nc d   ef", "h"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["1", "", "2", "2"])
        #expect(grid.rowTexts(1) == ["1", "", "2", "2"])
        #expect(grid.merged == [CellRange("A1:B1")!, CellRange("A2:B2")!])
    }

    /// Every element name the web page handler acts on is told apart on its bytes; near misses are other elements.
    @Test func everyHTMLElementIsRecognised() {
        var expected: [String: HTMLBodyHandler.Tag] = ["p": .paragraph, "div": .paragraph, "td": .cell, "th": .cell, "tr": .row, "br": .lineBreak,
                                                       "table": .table, "caption": .caption]
        for name in ["h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dd", "dt", "dl", "hr", "pre", "nav", "body", "main", "form", "aside",
                     "center", "header", "footer", "figure", "section", "article", "address", "blockquote", "figcaption"] { expected[name] = .block }
        for name in ["rt", "rp", "svg", "head", "style", "script", "select", "option", "button", "iframe", "object", "noscript", "template"] {
            expected[name] = .skipped
        }
        for name in ["", "a", "span", "tdx", "t", "tables", "h7", "divs", "TD", "thead", "tbody", "font", "blockquotes", "figcaptionx", "abcdefghijklmnop"] {
            expected[name] = .other
        }
        for (name, tag) in expected {
            let found = (Array(name.utf8) + [0]).withUnsafeBufferPointer { HTMLBodyHandler.tag($0.baseAddress!) }
            #expect(found == tag, "\(name)")
        }
    }

    @Test func blankCellTextIsWhatTrimmingEmpties() {
        let samples: [[UInt8]] = [[], [0x20], [0x09, 0x0A, 0x0D, 0x0B, 0x0C], [0xC2, 0xA0], [0xE3, 0x80, 0x80], [0xE2, 0x80, 0x8B], [0xEF, 0xBB, 0xBF],
                                  [0xC2], [0xE3, 0x80], [0x20, 0x41, 0x20], [0x80, 0x80], [0x0A, 0x80, 0x80], Array("　 ".utf8), Array(" 0 ".utf8), [0xC2, 0xA0, 0x41]]
        for bytes in samples {
            #expect(DocumentText.isBlank(bytes) == DocumentText.trimmed(bytes).isEmpty, "\(bytes)")
        }
        #expect(samples.filter(DocumentText.isBlank).count == 8)
    }

    @Test func openDocumentRepeatsStayWithinABudget() throws {
        let row = #"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1024"><text:p>0</text:p></table:table-cell></table:table-row>"#
        let content = #"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><table:table>"#
            + String(repeating: row, count: 50) + "</table:table></office:text></office:body></office:document-content>"
        let workbook = try ODTReader.read(contentXML: Array(content.utf8), fileName: "bomb.odt")
        let grid = try #require(workbook.sheets.first?.grid)
        let cells = grid.nonBlankRows.reduce(0) { $0 + grid.columnCells(inRow: $1).count }
        #expect(cells <= OpenDocumentBodyHandler.repeatBudget + 50 * 1_024)
        #expect(grid.rowTexts(0).count == 1_024)
    }

    @Test func aWebPageWithOneBadByteIsStillRead() throws {
        var bytes = Array("<html><head><meta charset=\"utf-8\"></head><body><p>龙泉乡2023年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>1</td></tr></table><p>页脚".utf8)
        bytes += [0xE5, 0x8F]  // a character cut in half
        bytes += Array("</p></body></html>".utf8)
        let workbook = try HTMLReader.read(bytes: bytes, fileName: "cut.html")
        #expect(workbook.narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["规章", "1"])
        var gbk = try TextDecoding.encode("<html><body><p>龙泉乡2023年政府信息公开工作年度报告</p><p>页脚", as: .gb18030, file: "x")
        gbk += [0x81]
        gbk += Array("</p></body></html>".utf8)
        #expect(try HTMLReader.read(bytes: gbk, fileName: "cut-gbk.html").narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
    }

    @Test func spreadsheetCommentsAndRepeatedMergeRowsStayBounded() throws {
        let ns = #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#
        let spans = String(repeating: #"<table:table-cell table:number-columns-spanned="2"/><table:covered-table-cell/>"#, count: 40)
        let content = "<?xml version=\"1.0\"?><office:document-content \(ns)><office:body><office:spreadsheet><table:table table:name=\"表\">"
            + #"<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>note</text:p></office:annotation><text:p>label</text:p></table:table-cell></table:table-row>"#
            + #"<table:table-row table:number-rows-repeated="1000000">"# + spans + "</table:table-row>"
            + "</table:table></office:spreadsheet></office:body></office:document-content>"
        let workbook = try ODSReader.read(contentXML: Array(content.utf8), fileName: "m.ods")
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["label"])
        #expect(grid.merged.count == 40)
        let xml = #"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="Number">12</Data><Comment><ss:Data><Font>note</Font></ss:Data></Comment></Cell></Row></Table></Worksheet></Workbook>"#
        let sheet = try SpreadsheetMLReader.read(bytes: Array(xml.utf8), fileName: "c.xml")
        #expect(sheet.sheets.first?.grid[0, 0].value == .number(12, source: "12"))
    }
}
