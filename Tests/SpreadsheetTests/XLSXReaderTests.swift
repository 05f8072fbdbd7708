// The XLSX reader against real producers' files, and hand-made parts for what no sample covers.
import Foundation
import Testing
import TestSupport
import ZipArchive
@testable import Spreadsheet

@Suite struct XLSXReaderTests {
    @Test(arguments: ["openpyxl", "libreoffice", "gnumeric"], ["t1", "t2", "t3"])
    func sampleReadsToItsExpectedCells(producer: String, sample: String) throws {
        let expected = try Expected(sample)
        let workbook = try XLSXReader(path: Fixtures.path("spreadsheets/\(producer)/\(sample).xlsx")).readWorkbook()
        #expect(workbook.sheets.count == 1)
        let grid = workbook.sheets[0].grid
        #expect(expected.cells.count == 200)
        for (key, a1) in expected.cells {
            let ref = try #require(CellRef(a1))
            let cell = grid[ref]
            switch expected.values[key] ?? nil {
            case .some(let number):
                guard case .number(let value, let source) = cell.value else {
                    Issue.record("\(producer)/\(sample) \(a1) (\(key)): \(cell.value)"); continue
                }
                #expect(value == number, "\(producer)/\(sample) \(a1)")
                #expect(Double(source) == number)
            case .none:
                #expect(cell.isBlank, "\(producer)/\(sample) \(a1) should be blank")
            }
        }
        #expect(grid[0, 0].value.text.hasSuffix("2023年度政府信息公开工作年度报告"))
        #expect(grid.merged.count > 40, "merged ranges of \(producer)/\(sample)")
        #expect(grid.merged.contains(CellRange("A25:A46")!) || producer != "openpyxl")
    }

    @Test func moneyKeepsItsSourceText() throws {
        let grid = try XLSXReader(path: Fixtures.path("spreadsheets/libreoffice/t2.xlsx")).readSheet(0).grid
        #expect(grid[CellRef("D17")!].value == .number(6.13, source: "6.13"))
    }

    @Test func streamingDeliversRowsInOrder() throws {
        let reader = try XLSXReader(path: Fixtures.path("spreadsheets/gnumeric/t2.xlsx"))
        var rows: [Int] = []
        try reader.forEachRow(inSheet: 0) { row, cells in
            rows.append(row)
            #expect(!cells.isEmpty)
            #expect(cells.map(\.column) == cells.map(\.column).sorted())
        }
        #expect(rows == rows.sorted())
        #expect(rows.first == 0)
    }

    // MARK: hand-made packages

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
    """

    static func package(sheet: String, sharedStrings: String? = nil, styles: String? = nil, workbook: String? = nil,
                        workbookRels: String? = nil, rootRels: String? = nil) throws -> [UInt8] {
        var entries: [(String, [UInt8])] = [("[Content_Types].xml", Array(contentTypes.utf8))]
        entries.append(("_rels/.rels", Array((rootRels ?? """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """).utf8)))
        entries.append(("xl/workbook.xml", Array((workbook ?? """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="表&amp;一" sheetId="1" r:id="rId1"/></sheets></workbook>
        """).utf8)))
        var rels = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
        """
        if sharedStrings != nil { rels += "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" }
        if styles != nil { rels += "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" }
        rels += "</Relationships>"
        entries.append(("xl/_rels/workbook.xml.rels", Array((workbookRels ?? rels).utf8)))
        entries.append(("xl/worksheets/sheet1.xml", Array(sheet.utf8)))
        if let sharedStrings { entries.append(("xl/sharedStrings.xml", Array(sharedStrings.utf8))) }
        if let styles { entries.append(("xl/styles.xml", Array(styles.utf8))) }
        return try ZipWriter.archive(entries)
    }

    static func sheetXML(_ body: String, prefix: String = "", extra: String = "") -> String {
        let p = prefix.isEmpty ? "" : "\(prefix):"
        let ns = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
        return "<?xml version=\"1.0\"?><\(p)worksheet \(ns)=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><\(p)dimension ref=\"A1:A1\"/><\(p)sheetData>\(body)</\(p)sheetData>\(extra)</\(p)worksheet>"
    }

    @Test func cellTypesAndImpliedPositions() throws {
        let sheet = Self.sheetXML("""
        <row><c t="s"><v>0</v></c><c t="inlineStr"><is><r><t>富</t></r><r><t xml:space="preserve"> 文本</t></r></is></c><c t="b"><v>1</v></c>\
        <c t="e"><v>#REF!</v></c><c t="str"><f>A1&amp;"x"</f><v>abcx</v></c><c><f>SUM(A3:A4)</f></c><c t="d"><v>2024-01-15</v></c></row>\
        <row r="3"><c r="A3"><v>96171.6</v></c><c r="C3" t="s"><v>1</v></c></row>\
        <row><c><v>-2.5E-3</v></c></row>
        """, extra: "<mergeCells count=\"1\"><mergeCell ref=\"A1:B2\"/></mergeCells>")
        let shared = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>共享</t></si>\
        <si><r><t>后</t></r><r><t>宫乡</t></r><rPh sb="0" eb="1"><t>ホウ</t></rPh><t>_x000D_行</t></si></sst>
        """
        let workbook = try XLSXReader(bytes: try Self.package(sheet: sheet, sharedStrings: shared)).readWorkbook()
        #expect(workbook.sheets[0].name == "表&一")
        let grid = workbook.sheets[0].grid
        #expect(grid[0, 0].value == .text("共享"))
        #expect(grid[0, 1].value == .text("富 文本"))
        #expect(grid[0, 2].value == .bool(true))
        #expect(grid[0, 3].value == .error("#REF!"))
        #expect(grid[0, 4] == Cell(.text("abcx"), formula: "A1&\"x\""))
        #expect(grid[0, 5].isUncachedFormula)
        #expect(grid[0, 5].formula == "SUM(A3:A4)")
        #expect(grid[0, 6].value == .date(SheetDate(year: 2024, month: 1, day: 15)))
        #expect(grid[2, 0].value == .number(96171.6, source: "96171.6"))
        #expect(grid[2, 2].value == .text("后宫乡\r行"))
        #expect(grid[3, 0].value == .number(-0.0025, source: "-2.5E-3"))
        #expect(grid.merged == [CellRange("A1:B2")!])
        #expect(grid.rowCount == 4, "the A1:A1 dimension WPS writes is ignored")
    }

    @Test func datesFromStylesIncluding1904() throws {
        let styles = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2">\
        <numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.0000&quot;万元&quot;"/></numFmts>\
        <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>
        """
        let sheet = Self.sheetXML("<row><c s=\"1\"><v>45306</v></c><c s=\"2\"><v>45306.5</v></c><c s=\"3\"><v>12.5</v></c><c s=\"0\"><v>45306</v></c></row>")
        var grid = try XLSXReader(bytes: try Self.package(sheet: sheet, styles: styles)).readSheet(0).grid
        #expect(grid[0, 0].value == .date(SheetDate(year: 2024, month: 1, day: 15)))
        #expect(grid[0, 1].value == .date(SheetDate(year: 2024, month: 1, day: 15, hour: 12)))
        #expect(grid[0, 2].value == .number(12.5, source: "12.5"))
        #expect(grid[0, 3].value == .number(45306, source: "45306"))
        let workbook1904 = """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
        grid = try XLSXReader(bytes: try Self.package(sheet: sheet, styles: styles, workbook: workbook1904)).readSheet(0).grid
        #expect(grid[0, 0].value == .date(SheetDate(year: 2028, month: 1, day: 16)))
    }

    @Test func strictOOXMLPrefixesAndAbsoluteTargets() throws {
        let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
        let sheet = "<x:worksheet xmlns:x=\"\(strictMain)\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>"
        let shared = "<sst xmlns=\"\(strictMain)\"><si><t>严格</t></si></sst>"
        let workbook = """
        <workbook xmlns="\(strictMain)" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">\
        <sheets><sheet name="Strict" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
        let rels = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="../xl/sharedStrings.xml"/></Relationships>
        """
        let root = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>
        """
        let reader = try XLSXReader(bytes: try Self.package(sheet: sheet, sharedStrings: shared, workbook: workbook, workbookRels: rels, rootRels: root))
        let grid = try reader.readSheet(0).grid
        #expect(grid[1, 1].value == .text("严格"))
        #expect(reader.sheets[0].name == "Strict")
    }

    @Test func missingSharedStringsAndStylesAreFine() throws {
        let grid = try XLSXReader(bytes: try Self.package(sheet: Self.sheetXML("<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>"))).readSheet(0).grid
        #expect(grid[0, 0].value == .number(7, source: "7"))
    }

    @Test func doctypeAndEntitiesAreRefused() throws {
        let xxe = """
        <?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>
        """
        let laughs = """
        <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>
        """
        for xml in [xxe, laughs] {
            do {
                let grid = try XLSXReader(bytes: try Self.package(sheet: xml)).readSheet(0).grid
                Issue.record("read: \(grid)")
            } catch let error as SpreadsheetError {
                #expect(error.kind == .doctypeRefused)
                #expect(!error.description.contains("root:"))
            }
        }
    }

    @Test func badInputIsATypedError() throws {
        func kind(_ sheet: String, shared: String? = nil) -> SpreadsheetError.Kind? {
            do { _ = try XLSXReader(bytes: try Self.package(sheet: sheet, sharedStrings: shared)).readSheet(0); return nil }
            catch let error as SpreadsheetError { return error.kind } catch { return nil }
        }
        guard case .malformedXML = kind(Self.sheetXML("<row><c><v>1</v></row>")) else { Issue.record("malformed accepted"); return }
        guard case .sharedStringIndex(5, count: 1) = kind(Self.sheetXML("<row><c t=\"s\"><v>5</v></c></row>"), shared: "<sst><si><t>a</t></si></sst>") else {
            Issue.record("index out of range accepted"); return
        }
        guard case .outOfRange = kind(Self.sheetXML("<row><c r=\"XFE1\"><v>1</v></c></row>")) else { Issue.record("column beyond XFD accepted"); return }
        // The last legal cell is fine and allocates nothing for the empty space.
        let grid = try XLSXReader(bytes: try Self.package(sheet: Self.sheetXML("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"))).readSheet(0).grid
        #expect(grid[CellRef("XFD1048576")!].value == .number(1, source: "1"))
        #expect(grid.rowCount == CellRef.maxRows)
    }

    @Test func foreignFilesNamedXLSXGetClearErrors() throws {
        let csv = try temporaryFile("fake.xlsx", Array("a,b\n1,2\n".utf8))
        #expect(throws: SpreadsheetError.self) { try XLSXReader(path: csv) }
        do { _ = try XLSXReader(path: csv) } catch let error as SpreadsheetError {
            #expect(error.kind == .container(.notZip(.text)))
            #expect(error.description.contains("fake.xlsx"))
        }
    }
}
