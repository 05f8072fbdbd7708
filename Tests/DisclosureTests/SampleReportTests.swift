// Every sample (report texts, xlsx from three producers, CSV, GB18030 CSV) reads to exactly its expected values.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

struct ExpectedReport {
    var agency: String
    var year: Int
    var layout: String
    var values: [String: Decimal?]
    var cells: [String: String]
    /// For page texts cut short: the keys whose cells the text shows (`visible_keys`).
    var visible: [String]

    init(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("expected/\(name).json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        agency = object["agency"] as? String ?? ""
        year = object["year"] as? Int ?? 0
        layout = object["layout"] as? String ?? ""
        var values: [String: Decimal?] = [:]
        for (key, value) in object["values"] as? [String: Any] ?? [:] {
            // Through the JSON text, so 25.1 stays exactly 25.1.
            values[key] = (value as? NSNumber).flatMap { Decimal(string: "\($0)") }
        }
        self.values = values
        cells = object["cells"] as? [String: String] ?? [:]
        visible = object["visible_keys"] as? [String] ?? []
    }
}

@Suite struct SampleReportTests {
    static let spreadsheetSamples: [(String, String)] = [
        ("spreadsheets/openpyxl/t1.xlsx", "t1"), ("spreadsheets/openpyxl/t2.xlsx", "t2"), ("spreadsheets/openpyxl/t3.xlsx", "t3"),
        ("spreadsheets/libreoffice/t1.xlsx", "t1"), ("spreadsheets/libreoffice/t2.xlsx", "t2"), ("spreadsheets/libreoffice/t3.xlsx", "t3"),
        ("spreadsheets/gnumeric/t1.xlsx", "t1"), ("spreadsheets/gnumeric/t2.xlsx", "t2"), ("spreadsheets/gnumeric/t3.xlsx", "t3"),
        ("spreadsheets/libreoffice/t1.csv", "t1"), ("spreadsheets/libreoffice/t2.csv", "t2"), ("spreadsheets/libreoffice/t3.csv", "t3"),
        ("spreadsheets/encodings/t1.lo.gb18030.csv", "t1"),
        ("spreadsheets/libreoffice/t1.xls", "t1"), ("spreadsheets/libreoffice/t2.xls", "t2"), ("spreadsheets/libreoffice/t3.xls", "t3"),
        // LibreOffice Calc's web-page export under an .xls name, as WPS/Excel "web page" saves and OA systems give it.
        ("spreadsheets/libreoffice/t1.html.xls", "t1"), ("spreadsheets/libreoffice/t2.html.xls", "t2"), ("spreadsheets/libreoffice/t3.html.xls", "t3"),
        ("spreadsheets/libreoffice/t1.ods", "t1"), ("spreadsheets/libreoffice/t2.ods", "t2"), ("spreadsheets/libreoffice/t3.ods", "t3"),
        ("spreadsheets/spreadsheetml/t1.xml", "t1"), ("spreadsheets/spreadsheetml/t2.xml", "t2"), ("spreadsheets/spreadsheetml/t3.xml", "t3"),
    ]

    private func assertValues(_ report: Report, _ expected: ExpectedReport, file: String) {
        #expect(Set(report.layout.valueKeys) == Set(expected.values.keys), "\(file): key set")
        for (key, value) in expected.values {
            #expect(report.values[key] == value, "\(file) \(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
    }

    @Test(arguments: spreadsheetSamples)
    func spreadsheetSampleReadsExactly(path: String, name: String) throws {
        let expected = try ExpectedReport(name)
        let report = try Pipeline.report(path: Fixtures.path(path))
        #expect(report.layout.id == expected.layout)
        #expect(report.agency == expected.agency)
        #expect(report.year == expected.year)
        assertValues(report, expected, file: path)
        for (key, a1) in expected.cells {
            #expect(report.cells[key]?.reference == a1, "\(path) \(key) cell")
        }
        #expect(report.errorCount == 0, "\(path): \(report.findings.filter { $0.severity == .error }.map(\.message))")
    }

    @Test func seedReportTextIsAllZeroAndClean() throws {
        let expected = try ExpectedReport("000_1ee85899e4f00aa5")
        let report = try Pipeline.report(path: Fixtures.path("reports/000_1ee85899e4f00aa5.txt"))
        #expect(report.layout.id == "2021")
        #expect(report.agency == "后宫乡")
        #expect(report.year == 2023)
        #expect(report.layout.valueKeys.count == 200)
        #expect(report.layout.valueKeys.allSatisfy { report.values[$0] == 0 })
        assertValues(report, expected, file: "seed")
        #expect(report.errorCount == 0)
        #expect(report.warningCount == 0, "\(report.findings.map(\.message))")
        // The row that lost its parent cells still lands in （六）3. 其他, with its line.
        #expect(report.cells["s3.other.other.natural_person"]?.line == 62)
    }

    @Test func shanghai2019ReadsExactlyWithItsBlankTotals() throws {
        let expected = try ExpectedReport("shanghai-bangongting-2019")
        let report = try Pipeline.report(path: Fixtures.path("reports/shanghai-bangongting-2019.txt"))
        #expect(report.layout.id == "2019")
        #expect(report.agency == "上海市人民政府办公厅")
        #expect(report.year == 2019)
        assertValues(report, expected, file: "shanghai")
        #expect(report.values["s2.procurement.amount"] == Decimal(string: "25.1"))
        #expect(report.findings.contains { $0.code == "value.reformatted" && $0.message.contains("251000元") })
        let errors = report.findings.filter { $0.severity == .error }
        #expect(Set(errors.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"], "\(errors.map(\.message))")
        // Its 总计 column has only the grand total: blanks count as 0, so the column's results do not add up.
        let column = try #require(errors.first { $0.code == "identity.s3.results_total" })
        #expect(column.message.hasSuffix("；第54行第10列 至 第72行第10列 各项均为空白，按 0 计算：没有发生请填 0，否则请补填"))
        // Each result row with applicants but a blank 总计 is named by its 总计 cell.
        let rowTotals = errors.filter { $0.code == "identity.s3.row_total" }.map { $0.placedCells.first?.line ?? 0 }.sorted()
        #expect(rowTotals == [54, 55, 56, 60, 61, 63, 64, 65, 66, 67, 68])
        #expect(errors.first?.placedCells.first?.column == 9)
    }
}
