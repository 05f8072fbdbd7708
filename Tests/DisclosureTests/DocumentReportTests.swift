// Report documents (Word, OpenDocument, web pages, MHT) and web-page texts read to exactly their expected values.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct DocumentReportTests {
    /// Our own documents (Scripts/make-document-fixtures.py): python-docx, LibreOffice conversions, a GBK CMS page.
    static let documents: [(String, String)] = [
        ("documents/t2.docx", "t2"), ("documents/t2.lo.docx", "t2"), ("documents/t2.odt", "t2"), ("documents/t2.lo.html", "t2"),
        ("documents/t3.docx", "t3"), ("documents/t3.odt", "t3"), ("documents/t3-cms.gbk.html", "t3"), ("documents/t3-cms.mht", "t3"),
        ("documents/quirks.docx", "t1"),
    ]

    @Test(arguments: documents)
    func documentReadsExactly(path: String, name: String) throws {
        let expected = try ExpectedReport(name)
        let report = try Pipeline.report(path: Fixtures.path(path))
        #expect(report.layout.id == expected.layout, "\(path)")
        #expect(report.agency == expected.agency, "\(path)")
        #expect(report.year == expected.year, "\(path)")
        #expect(Set(report.layout.valueKeys) == Set(expected.values.keys))
        for (key, value) in expected.values {
            #expect(report.values[key] == value, "\(path) \(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.errorCount == 0, "\(path): \(report.findings.filter { $0.severity == .error }.map(\.message))")
        #expect(!report.findings.contains { $0.code == "text.mismatch" }, "\(path): the narrative agrees with the tables")
        // Every value points at a table, row and column of the document.
        let cell = try #require(report.cells["s3.new.total"])
        #expect(cell.table != nil && cell.reference.hasPrefix("表"), "\(path): \(cell.reference)")
    }

    @Test func documentCellsAreNamedByTableRowAndColumn() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t2.docx"))
        // Section 三 is the second table; 一、本年新收 is its fourth row (three header rows), 总计 its tenth column.
        #expect(report.cells["s3.new.total"]?.reference == "表2 第4行第10列")
        let json = ReportJSON.cell(try #require(report.cells["s3.new.total"])).render(indent: nil)
        #expect(json.contains(#""table":2"#) && json.contains(#""row":4"#) && json.contains(#""column":10"#))
    }

    @Test func aWrongCellIsNamedByItsKey() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t2-error.docx"))
        #expect(report.values["s3.granted.natural_person"] == 6)
        let errors = report.findings.filter { $0.severity == .error }
        #expect(Set(errors.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"])
        for finding in errors {
            #expect(finding.keys.contains("s3.granted.natural_person"))
            #expect(finding.likelyCell == report.cells["s3.granted.natural_person"])
        }
    }

    @Test func narrativeThatContradictsTheTableIsReportedWithItsParagraph() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t3-narrative-mismatch.docx"))
        let mismatch = try #require(report.findings.first { $0.code == "text.mismatch" })
        #expect(mismatch.keys == ["s3.new.total"])
        #expect(mismatch.actual == 219 && mismatch.expected == 291)
        #expect(mismatch.message.contains("段"), "\(mismatch.message)")
        let paragraph = try #require(Int(mismatch.message.split(separator: " ")[1]))
        #expect(report.narrative.first { $0.line == paragraph }?.text.contains("219") == true)
    }

    @Test func blankFormsReadAsTheLayoutWithEveryValueBlank() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/blank-2021.docx"))
        #expect(report.layout.id == "2021")
        #expect(report.values.values.allSatisfy { $0 == nil } && report.values.count == 0 || report.layout.valueKeys.allSatisfy { report.values[$0] == nil })
        #expect(!report.findings.contains { $0.code.hasPrefix("layout.table_missing") || $0.code == "layout.row_missing" || $0.code == "layout.row_unmatched" })
        // Unfilled, it is one error (report.blank), not a pass; its name's 2021 is the layout, not the year.
        #expect(report.findings.filter { $0.severity != .info }.map(\.code) == ["report.blank"])
        #expect(report.year == nil)
        #expect(report.agency == nil)
        #expect(report.findings.contains { $0.code == "meta.agency_unknown" && $0.severity == .info })
    }

    @Test(arguments: ["documents/notables.docx", "documents/notables.html"])
    func aDocumentWithoutTablesSaysSo(path: String) throws {
        let report = try Pipeline.report(path: Fixtures.path(path))
        let missing = report.findings.filter { $0.code == "layout.table_missing" }
        #expect(missing.count == 3)
        #expect(report.agency == "石桥镇" && report.year == 2023)
    }

    // MARK: web pages copied as text

    @Test(arguments: ["015_guanzhou_jiedao_haizhu_2023", "019_yueyang_xinfangju_2021", "026_dawulizhen_qianan_2020"])
    func webPageTextReadsEveryVisibleValue(name: String) throws {
        let expected = try ExpectedReport("web/\(name)")
        let report = try Pipeline.report(path: Fixtures.path("web-reports/\(name).txt"))
        #expect(report.layout.id == expected.layout)
        #expect(report.agency == expected.agency)
        #expect(report.year == expected.year)
        #expect(!expected.visible.isEmpty)
        for key in expected.visible {
            #expect(report.values[key] == expected.values[key] ?? nil, "\(name) \(key)")
        }
        // The pages stop mid-table: one finding says so, the rest stays blank (never 0), and no identity is judged on it.
        let truncated = try #require(report.findings.first { $0.code == "layout.table_truncated" })
        for key in truncated.keys { #expect(report.values[key] == nil, "\(name) \(key)") }
        #expect(!report.findings.contains { $0.code.hasPrefix("identity.") || $0.code == "layout.row_missing" || $0.code == "layout.table_missing" },
                "\(report.findings.map(\.code))")
    }

    @Test func labelsWithExplanationsMatchAndExtraRowsAreReported() throws {
        let text = """
        某某市2023年政府信息公开工作年度报告
        第二十条第（一）项
        信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
        规章(设区的市、自治州人民政府应提供相关数据) | 1 | 0 | 5
        规范性文件 | 3 | 1 | 20
        其他主动公开文件(含政策解读) | 9 | 0 | 9
        """
        let report = try Pipeline.report(path: try temporaryFile("hubei.txt", Array(text.utf8)))
        #expect(report.values["s2.rules.issued"] == 1 && report.values["s2.rules.in_force"] == 5)
        #expect(report.values["s2.normative.in_force"] == 20)
        // The row the form lacks is reported, and its 9s land on no key.
        #expect(report.findings.contains { $0.code == "layout.row_unmatched" && $0.message.contains("其他主动公开文件") })
        #expect(!report.values.values.contains(9))
    }

    @Test func oldTablesInANewYearAreTheOldLayoutAndOutdated() throws {
        // A 2023 page that still prints the 2019 tables (the 026 page's tables under a 2023 title).
        let text = try String(contentsOfFile: Fixtures.path("web-reports/026_dawulizhen_qianan_2020.txt"), encoding: .utf8)
            .replacingOccurrences(of: "大五里镇2020年政府信息公开工作年度报告", with: "大五里镇2023年政府信息公开工作年度报告")
        let path = try temporaryFile("old-tables-2023.txt", Array(text.utf8))
        let report = try Pipeline.report(path: path)
        #expect(report.year == 2023)
        #expect(report.layout.id == "2019")
        #expect(report.findings.contains { $0.code == "layout.outdated" })
    }
}
