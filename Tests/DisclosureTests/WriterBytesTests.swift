// The XLSX we write, byte for byte as before the writer was made faster (Tests/Fixtures/expected/writer/README.md).
import Foundation
import Testing
import TestSupport
@testable import Disclosure
@testable import Spreadsheet

@Suite struct WriterBytesTests {
    static func expected(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("expected/writer/\(name)"))))
    }

    /// What `nianbao convert --to xlsx` writes for one input.
    static func form(_ path: String) throws -> [UInt8] {
        let report = try Pipeline.report(path: path)
        return try XLSXWriter.bytes(FormWriter(layout: report.layout).workbook(report), level: 1)
    }

    @Test func filledFormsAreTheBytesTheyWere() throws {
        let t1 = try Self.form(Fixtures.path("spreadsheets/libreoffice/t1.xlsx"))
        #expect(t1 == (try Self.expected("form-t1.xlsx")))
        let errors = try Self.form(Fixtures.project.appendingPathComponent("Samples/demo-county/2023/青山镇2023年度政府信息公开工作年度报告.xlsx").path)
        #expect(errors == (try Self.expected("form-qingshan.xlsx")))
        // The second form of a run (its fixed parts remembered) is the same as the first.
        #expect(try Self.form(Fixtures.path("spreadsheets/libreoffice/t1.xlsx")) == t1)
    }

    @Test func templatesAreTheBytesTheyWere() throws {
        let blank = try XLSXWriter.bytes(FormWriter(layout: .layout2021).workbook())
        #expect(blank == (try Self.expected("template-2021.xlsx")))
        let old = try XLSXWriter.bytes(FormWriter(layout: .layout2019, agency: "示范县", year: 2020).workbook())
        #expect(old == (try Self.expected("template-2019.xlsx")))
    }

    /// The streamed benchmark sheet of `nianbao-bench write-xlsx` (its data, copied here), at zlib level 1.
    @Test func streamedSheetIsTheBytesItWas() throws {
        let words: [String] = (0..<5_000).map { "乡镇\($0 % 97)-项目\($0)" }
        func row(_ r: Int) -> [CellValue] {
            let day = SheetDate(serial: Double(43_831 + r % 1_500), date1904: false) ?? SheetDate(year: 2020, month: 1, day: 1)
            return [
                .number(Double(r)), .number(Double((r &* 7919) % 100_000)), .number(Double(r % 365)), .number(Double((r &* 31) % 1_000)),
                .number(Double(r % 10_000) / 4 + 0.125), .number(Double((r &* 13) % 100_000) / 100),
                .text(words[(r &* 17) % words.count]), .text(words[(r &* 101) % words.count]), .text(words[r % words.count]),
                .date(day),
            ]
        }
        var options = SheetOptions(name: "data")
        options.columnWidths = [6: 18, 7: 18, 8: 18, 9: 12]
        let dateStyle = CellStyle(verticalCenter: false, numberFormat: "yyyy-mm-dd")
        let bytes = try XLSXWriter.bytes(level: 1) { writer in
            try writer.addSheet(options) { rows in
                for r in 0..<300 {
                    try rows.row(r, row(r).enumerated().map { ($0.offset, WriterCell($0.element, style: $0.offset == 9 ? dateStyle : .plain)) })
                }
            }
        }
        #expect(bytes == (try Self.expected("stream-300.xlsx")))
    }

    @Test func columnLettersWrittenAsBytesAreTheColumnNames() {
        for column in 0..<CellRef.maxColumns {
            var bytes: [UInt8] = []
            RowWriter.appendColumnName(column, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == CellRef.columnName(column), "\(column)")
        }
    }
}
