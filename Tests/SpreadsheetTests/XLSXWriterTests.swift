// The XLSX writer: round trips through our reader and real clients, schema order, limits, determinism.
import Foundation
import Testing
import TestSupport
import ZipArchive
@testable import Spreadsheet

@Suite struct XLSXWriterTests {
    static func sample() -> WorkbookDocument {
        var sheet = WorksheetDocument(name: "数据")
        sheet["A1"] = WriterCell(.text("后宫乡"), style: CellStyle(font: Font(name: "仿宋", size: 12, bold: true), border: true))
        sheet["B1"] = WriterCell(.number(96171.6, source: "96171.6"), style: CellStyle(numberFormat: "0.0000"))
        sheet["C1"] = WriterCell(.bool(true))
        sheet["D1"] = WriterCell(.date(SheetDate(year: 2024, month: 1, day: 15)))
        sheet["E1"] = WriterCell(.number(3, source: "3"), formula: "SUM(B2:B3)", style: CellStyle(fill: "FFF2F2F2"))
        sheet["F1"] = WriterCell(.text("a\u{1}b _x0041_ <&>"))
        sheet["A2"] = WriterCell(.text("  leading space\nline"))
        sheet["B2"] = WriterCell(.number(1, source: "1"), style: CellStyle(locked: false))
        sheet["B3"] = WriterCell(.number(2, source: "2"))
        sheet["C3"] = WriterCell(.error("#DIV/0!"))
        sheet.merge(CellRange("A4:C5")!, WriterCell(.text("合并"), style: CellStyle(border: true)))
        sheet.frozen = CellRef("A2")
        sheet.protected = true
        sheet.validations = [DataValidation(kind: .whole, minimum: "0", ranges: [CellRange("B2:B3")!], errorTitle: "件数", error: "请填写不小于 0 的整数")]
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        var second = WorksheetDocument(name: "第二页")
        second["A1"] = WriterCell(.text("后宫乡"))
        return WorkbookDocument(sheets: [sheet, second], properties: DocumentProperties(title: "测试"))
    }

    @Test func roundTripThroughOurReader() throws {
        let bytes = try XLSXWriter.bytes(Self.sample())
        let workbook = try XLSXReader(bytes: bytes).readWorkbook()
        #expect(workbook.sheets.map(\.name) == ["数据", "第二页"])
        let grid = workbook.sheets[0].grid
        #expect(grid[CellRef("A1")!].value == .text("后宫乡"))
        #expect(grid[CellRef("B1")!].value == .number(96171.6, source: "96171.6"))
        #expect(grid[CellRef("C1")!].value == .bool(true))
        #expect(grid[CellRef("D1")!].value == .date(SheetDate(year: 2024, month: 1, day: 15)))
        #expect(grid[CellRef("E1")!] == Cell(.number(3, source: "3"), formula: "SUM(B2:B3)"))
        #expect(grid[CellRef("F1")!].value == .text("a\u{1}b _x0041_ <&>"))
        #expect(grid[CellRef("A2")!].value == .text("  leading space\nline"))
        #expect(grid[CellRef("C3")!].value == .error("#DIV/0!"))
        #expect(grid[CellRef("A4")!].value == .text("合并"))
        #expect(grid.merged == [CellRange("A4:C5")!])
    }

    @Test func worksheetElementsAreInSchemaOrder() throws {
        let reader = try ZipReader(bytes: try XLSXWriter.bytes(Self.sample()))
        let xml = String(decoding: try reader.read(named: "xl/worksheets/sheet1.xml"), as: UTF8.self)
        let order = ["<sheetPr", "<dimension", "<sheetViews", "<sheetFormatPr", "<cols", "<sheetData", "<sheetProtection",
                     "<mergeCells", "<dataValidations", "<printOptions", "<pageMargins", "<pageSetup"]
        let positions = order.map { xml.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(order.filter { xml.range(of: $0) == nil })")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let workbook = String(decoding: try reader.read(named: "xl/workbook.xml"), as: UTF8.self)
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'数据'!$1:$1</definedName>"))
        let styles = String(decoding: try reader.read(named: "xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"))
        #expect(styles.contains("<charset val=\"134\"/>"))
        #expect(styles.contains("<protection locked=\"0\"/>"))
        #expect(reader.entry(named: "xl/sharedStrings.xml") != nil)
    }

    @Test func sameDocumentSameBytes() throws {
        #expect(try XLSXWriter.bytes(Self.sample()) == XLSXWriter.bytes(Self.sample()))
    }

    @Test func invalidInputIsRefused() throws {
        func fails(_ document: WorkbookDocument) -> Bool {
            (try? XLSXWriter.bytes(document)) == nil
        }
        #expect(fails(WorkbookDocument(sheets: [WorksheetDocument(name: "a/b")])))
        #expect(fails(WorkbookDocument(sheets: [WorksheetDocument(name: String(repeating: "表", count: 32))])))
        #expect(fails(WorkbookDocument(sheets: [WorksheetDocument(name: "Sheet"), WorksheetDocument(name: "sheet")])))
        var overlapping = WorksheetDocument(name: "S")
        overlapping.merged = [CellRange("A1:B2")!, CellRange("B2:C3")!]
        #expect(fails(WorkbookDocument(sheets: [overlapping])))
        var long = WorksheetDocument(name: "S")
        long["A1"] = WriterCell(.text(String(repeating: "x", count: 32_768)))
        #expect(fails(WorkbookDocument(sheets: [long])))
    }

    @Test func streamingSheetReadsBack() throws {
        let sink = MemorySink()
        let writer = XLSXWriter(sink: sink, level: 1)
        var options = SheetOptions(name: "big")
        options.columnWidths = [0: 12]
        try writer.addSheet(options) { rows in
            for row in 0..<5_000 {
                try rows.row(row, [(0, WriterCell(.number(Double(row), source: String(row)))), (2, WriterCell(.text("s\(row % 50)")))])
            }
        }
        try writer.finish()
        var count = 0
        try XLSXReader(bytes: sink.bytes).forEachRow(inSheet: 0) { row, cells in
            #expect(cells.map(\.column) == [0, 2])
            #expect(cells[1].cell.value == .text("s\(row % 50)"))
            count += 1
        }
        #expect(count == 5_000)
    }

    @Test func realClientsOpenIt() throws {
        let path = try temporaryFile("sample.xlsx", try XLSXWriter.bytes(Self.sample()))
        let script = Fixtures.project.appendingPathComponent("Scripts/check-xlsx.sh").path
        guard let result = runTool(["bash", script, path]) else { return }
        print(result.output)
        #expect(result.status == 0, "\(result.output)")
    }
}

@Suite struct SharedStringLineFeedTests {
    @Test(arguments: ["", "a", "a\nb", "\n", "a\r\nb", "\r\n", "\r", "a\r\n\nb", "\n\u{301}", "乡镇\n", "x\r\r\n"])
    func lineFeedByBytesIsLineFeedByCharacters(text: String) {
        // By characters, as the writer decided before: "\r\n" is one character, not a line feed.
        #expect(SharedStringTable.hasLineFeed(text) == text.contains(Character("\n")), "\(text.debugDescription)")
    }
}
