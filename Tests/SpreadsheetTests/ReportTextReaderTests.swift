// The report-text reader on both sample reports: table blocks as grids with line provenance.
import Testing
import TestSupport
@testable import Spreadsheet

@Suite struct ReportTextReaderTests {
    @Test func seedReportTablesAndNarrative() throws {
        let workbook = try ReportTextReader.read(path: Fixtures.path("reports/000_1ee85899e4f00aa5.txt"))
        #expect(workbook.format == .text)
        #expect(workbook.narrative.first?.text == "后宫乡 2023 年度政府信息公开工作 年度报告")
        #expect(workbook.narrative.first?.line == 5)
        #expect(workbook.sheets.count == 3)
        let section2 = workbook.sheets[0].grid
        #expect(section2.sourceLines?.first == 19)
        #expect(section2.rowTexts(2) == ["规章", "0", "0", "0"])
        #expect(section2.rowTexts(section2.rowCount - 1) == ["行政事业性收费", "0"])
        let section3 = workbook.sheets[1].grid
        let other = try #require((0..<section3.rowCount).first { section3.rowTexts($0).first == "3. 其他" })
        #expect(section3.rowTexts(other) == ["3. 其他", "", "0", "0", "0", "0", "0", "0", "0"])
        #expect(section3.sourceLines?[other] == 62)
        let section4 = workbook.sheets[2].grid
        #expect(section4.rowTexts(3) == Array(repeating: "0", count: 15))
    }

    @Test func shanghaiReportKeepsBlankCellsInPlace() throws {
        let workbook = try ReportTextReader.read(path: Fixtures.path("reports/shanghai-bangongting-2019.txt"))
        let section2 = workbook.sheets[0].grid
        #expect(section2.rowTexts(section2.rowCount - 1) == ["政府集中采购", "6", "", "251000元"])
        let section3 = workbook.sheets[1].grid
        #expect(section3.rowTexts(3) == ["一、本年新收政府信息公开申请数量", "", "", "821", "35", "", "", "2", "1", "859"])
        #expect(section3.sourceLines?[3] == 52)
    }
}
