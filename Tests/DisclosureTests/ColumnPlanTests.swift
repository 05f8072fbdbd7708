// Columns by geometry, never by order (issue 21 item 1): each value is read under its header's column, a row is never
// moved on its own, and where no header is found the one assumption for the table is a finding.
import Foundation
import Testing
import TestSupport
@testable import Disclosure

@Suite struct ColumnPlanTests {
    /// t1's LibreOffice CSV as lines of fields (it quotes nothing).
    static func t1Lines() throws -> [[String]] {
        let text = try String(contentsOfFile: Fixtures.path("spreadsheets/libreoffice/t1.csv"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func csv(_ lines: [[String]], _ name: String) throws -> String {
        try temporaryFile(name, Array(lines.map { $0.joined(separator: ",") }.joined(separator: "\n").utf8))
    }

    /// The township: （一）予以公开 · 自然人 blank (D25) and a helper column 备注 right of 总计 with a number in every
    /// row. The row used to move one column left (5 values wrong, errors on `E25 至 D45`); now only D25 is blank.
    @Test func aBlankCellAndAHelperColumnMoveNothing() throws {
        var lines = try Self.t1Lines()
        #expect(lines[24][1].hasPrefix("(一) 予以公开") && lines[24][3] == "4")
        lines[24][3] = ""
        lines[19][10] = "备注"
        for row in 22...46 { lines[row][10] = String(row * 3 % 17 + 1) }
        let report = try Pipeline.report(path: try Self.csv(lines, "t1-blank-helper.csv"))
        let expected = try ExpectedReport("t1")
        for (key, value) in expected.values where key != "s3.granted.natural_person" {
            #expect(report.values[key] == value, "\(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.values["s3.granted.natural_person"] == nil)
        #expect(report.values["s3.granted.business"] == 0 && report.values["s3.granted.public_interest"] == 2
                && report.values["s3.granted.other_org"] == 3 && report.values["s3.granted.total"] == 9)
        // The blank cell is what the errors name: its row and its column, D25 the likely cell.
        let errors = report.findings.filter { $0.severity == .error }
        #expect(errors.map(\.code).sorted() == ["identity.s3.results_total", "identity.s3.row_total"], "\(errors.map(\.message))")
        #expect(errors.allSatisfy { $0.likelyCell?.reference == "D25" }, "\(errors.map(\.message))")
        #expect(report.findings.contains { $0.code == "value.missing" && $0.keys == ["s3.granted.natural_person"] })
        #expect(!report.findings.contains { $0.code == "layout.columns_assumed" })
    }

    /// Without section 三's header rows the columns are assumed once for the table, from where its rows begin their
    /// values, and said; a row whose first cell is blank is read in the same columns as the others.
    @Test func withoutAHeaderTheAssumptionIsOneForTheTableAndAFinding() throws {
        var lines = try Self.t1Lines()
        lines[24][3] = ""
        lines.remove(at: 21)
        lines.remove(at: 20)
        lines.remove(at: 19)
        let report = try Pipeline.report(path: try Self.csv(lines, "t1-no-s3-header.csv"))
        let expected = try ExpectedReport("t1")
        for (key, value) in expected.values where key != "s3.granted.natural_person" {
            #expect(report.values[key] == value, "\(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.values["s3.granted.natural_person"] == nil)
        let assumed = report.findings.filter { $0.code == "layout.columns_assumed" }
        #expect(assumed.count == 1)
        let finding = try #require(assumed.first)
        #expect(finding.severity == .warning)
        #expect(finding.message.hasPrefix("「三、收到和处理政府信息公开申请情况」没有找到表头") && finding.message.contains("D 列起"), "\(finding.message)")
        #expect(finding.keys.count == 175 && finding.cells.count == finding.keys.count)
        #expect(finding.keys.first == "s3.new.natural_person" && finding.cells.first??.reference == "D20")
    }

    /// The same township as a text copy that kept every cell (tabs, empty cells under merges): a grid like the sheet's,
    /// so the header plan fits the whole table and the row stays where its header says. It used to slide left here too.
    @Test func anAlignedTextCopyReadsUnderItsHeader() throws {
        var lines = try Self.t1Lines()
        lines[24][3] = ""
        lines[19][10] = "备注"
        for row in 22...46 { lines[row][10] = String(row * 3 % 17 + 1) }
        let text = lines.map { $0.joined(separator: "\t").replacingOccurrences(of: "\t+$", with: "", options: .regularExpression) }
        let path = try temporaryFile("t1-blank-helper.txt", Array(text.joined(separator: "\n").utf8))
        let report = try Pipeline.report(path: path)
        let expected = try ExpectedReport("t1")
        for (key, value) in expected.values where key != "s3.granted.natural_person" {
            #expect(report.values[key] == value, "\(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.values["s3.granted.natural_person"] == nil)
        #expect(report.findings.filter { $0.severity == .error }.map(\.code).sorted() == ["identity.s3.results_total", "identity.s3.row_total"])
    }
}
