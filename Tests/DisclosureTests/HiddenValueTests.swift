// Values in hidden rows and columns: read as any other, and each row that has some is named in a warning.
import Foundation
import Readers
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

@Suite struct HiddenValueTests {
    /// t1 with row 33 hidden and a hidden helper column P (Scripts/make-hidden-fixtures.py), as openpyxl wrote it and
    /// as LibreOffice re-saved it in Excel 97–2003 and OpenDocument.
    @Test(arguments: ["hidden/t1-hidden.xlsx", "hidden/t1-hidden.xls", "hidden/t1-hidden.ods"])
    func hiddenRowIsReadAndNamed(fixture: String) throws {
        let workbook = try FormatRegistry.read(path: Fixtures.path(fixture))
        let hidden = workbook.sheets[0].grid.hidden
        #expect(hidden.isHidden(row: 32) && !hidden.isHidden(row: 31) && !hidden.isHidden(row: 33))
        #expect(hidden.isHidden(column: 15) && !hidden.isHidden(column: 14))
        let report = Pipeline.report(workbook: workbook)
        let findings = report.findings.filter { $0.code == FindingCode.valueHidden.rawValue }
        #expect(findings.count == 1)
        let keys = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org", "total"]
            .map { "s3.denied.enforcement_file.\($0)" }
        #expect(findings.first?.keys == keys)
        #expect(findings.first?.cells.map { $0?.reference } == ["D33", "E33", "F33", "G33", "H33", "I33", "J33"])
        // The values are the file's, hidden or not; nothing else changes.
        let plain = Pipeline.report(workbook: try FormatRegistry.read(path: Fixtures.path("spreadsheets/openpyxl/t1.xlsx")))
        for key in report.layout.keys.keys {
            #expect(report.values[key] == plain.values[key], "\(key)")
        }
        #expect(report.findings.filter { $0.code != FindingCode.valueHidden.rawValue }.map(\.code) == plain.findings.map(\.code))
    }

    /// Ranges join as readers report them in order; a column range covers each column it spans.
    @Test func hiddenLinesJoinRanges() {
        var lines = HiddenLines()
        lines.hideRows(3...3)
        lines.hideRows(4...4)
        lines.hideRows(9...9)
        lines.hideColumns(5...16383)
        #expect(lines.rows == [3...4, 9...9])
        #expect(lines.isHidden(row: 4, column: 0) && lines.isHidden(row: 0, column: 200) && !lines.isHidden(row: 5, column: 4))
    }
}
