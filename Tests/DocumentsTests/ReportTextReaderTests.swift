// The report-text reader on both sample reports: table blocks as grids with line provenance.
@testable import Documents
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
        #expect(section2.origins?.first?.line == 19)
        #expect(section2.rowTexts(2) == ["规章", "0", "0", "0"])
        #expect(section2.rowTexts(section2.rowCount - 1) == ["行政事业性收费", "0"])
        let section3 = workbook.sheets[1].grid
        let other = try #require((0..<section3.rowCount).first { section3.rowTexts($0).first == "3. 其他" })
        #expect(section3.rowTexts(other) == ["3. 其他", "", "0", "0", "0", "0", "0", "0", "0"])
        #expect(section3.origin(ofRow: other)?.line == 62)
        let section4 = workbook.sheets[2].grid
        #expect(section4.rowTexts(3) == Array(repeating: "0", count: 15))
    }

    @Test func shanghaiReportKeepsBlankCellsInPlace() throws {
        let workbook = try ReportTextReader.read(path: Fixtures.path("reports/shanghai-bangongting-2019.txt"))
        let section2 = workbook.sheets[0].grid
        #expect(section2.rowTexts(section2.rowCount - 1) == ["政府集中采购", "6", "", "251000元"])
        let section3 = workbook.sheets[1].grid
        #expect(section3.rowTexts(3) == ["一、本年新收政府信息公开申请数量", "", "", "821", "35", "", "", "2", "1", "859"])
        #expect(section3.origin(ofRow: 3)?.line == 52)
    }
}

@Suite struct ReportTextShapeTests {
    func sheets(_ text: String) throws -> Workbook {
        try ReportTextReader.read(bytes: Array(text.utf8), fileName: "page.txt")
    }

    @Test func pipeRowsWithAndWithoutOuterPipes() throws {
        let workbook = try sheets("石桥镇2023年政府信息公开工作年度报告\n| 信息内容 | 本年制发件数 | 本年废止件数 |\n规章 | 0 | 1 |\n行政规范性文件|2|3\n正文继续。")
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["信息内容", "本年制发件数", "本年废止件数"])
        #expect(grid.rowTexts(1) == ["规章", "0", "1"])
        #expect(grid.rowTexts(2) == ["行政规范性文件", "2", "3"])
        #expect(workbook.narrative.map(\.text) == ["石桥镇2023年政府信息公开工作年度报告", "正文继续。"])
    }

    @Test func oneCellPerLineWithFillerLines() throws {
        let text = "第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n/ |\n/ |\n/ |\n规范性文件 |\n21 |\n0 |\n21 |\n"
        let grid = try #require(try sheets(text).sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
        #expect(grid.rowTexts(1) == ["规章", "/", "/", "/"])
        #expect(grid.rowTexts(2) == ["规范性文件", "21", "0", "21"])
        #expect(grid.origin(ofRow: 2)?.cellLines == [11, 12, 13, 14])
    }

    @Test func blankLineSeparatedCellsJoinWrappedHeaders() throws {
        let text = "信息内容\n\n本年新\n制作数量\n\n本年新\n公开数量\n\n规章\n\n  0\n\n 3\n\n(三)不予公开\n\n1.属于国家秘密\n\n 0\n\n 1\n"
        let grid = try #require(try sheets(text).sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["信息内容", "本年新\n制作数量", "本年新\n公开数量"])
        #expect(grid.rowTexts(1) == ["规章", "0", "3"])
        #expect(grid.rowTexts(2) == ["(三)不予公开", "1.属于国家秘密", "0", "1"])
    }

    @Test func sectionFourValuesWithoutALabel() throws {
        let text = "行政复议\n行政诉讼\n结果维持\n总计\n结果维持\n总计\n0\n0\n0\n0\n"
        let grid = try #require(try sheets(text).sheets.first?.grid)
        #expect(grid.rowTexts(grid.rowCount - 1) == ["0", "0", "0", "0"])
    }

    @Test func fixedWidthColumns() throws {
        let text = "一、总体情况\n信息内容      本年制发件数    本年废止件数\n规章          0               1\n行政规范性文件  2   3\n"
        let workbook = try sheets(text)
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(1) == ["规章", "0", "1"])
        #expect(grid.rowTexts(2) == ["行政规范性文件", "2", "3"])
        #expect(workbook.narrative.map(\.text) == ["一、总体情况"])
    }

    @Test func labelsFollowedByValuesAfterSingleSpaces() throws {
        let text = "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件 2 1 15\n行政处罚 1472\n本年度共办理申请 12 件。\n"
        let workbook = try sheets(text)
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(1) == ["规章", "0", "0", "0"])
        #expect(grid.rowTexts(2) == ["行政规范性文件", "2", "1", "15"])
        #expect(grid.rowTexts(3) == ["行政处罚", "1472"])
        #expect(workbook.narrative.map(\.text) == ["本年度共办理申请 12 件。"])
    }

    @Test func datesPhonesAndStatementsAreNotTableCells() throws {
        let text = """
        发布时间：
        2024-01-15
        信息内容 |
        本年制发件数 |
        规章 |
        1 |
        行政规范性文件 |
        2 |
        本年度共收到政府信息公开申请12件，均已按时办结
        """
        let workbook = try sheets(text)
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(!(0..<grid.rowCount).contains { grid.rowTexts($0) == ["发布时间：", "2024-01-15"] })
        #expect(grid.rowTexts(grid.rowCount - 1) == ["行政规范性文件", "2"])
        #expect(workbook.narrative.map(\.text).contains("本年度共收到政府信息公开申请12件，均已按时办结"))
        #expect(TextLine.isValue("1,472") && TextLine.isValue("12件") && TextLine.isValue("0.5万元") && TextLine.isValue("-3"))
        #expect(!TextLine.isValue("2024-01-15") && !TextLine.isValue("0731-12345678") && !TextLine.isValue("1,47"))
    }

    @Test func titlesAndHeadingsLeaveCellStreams() throws {
        let text = "大五里镇2020年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n信息内容\n\n本年新\n制作数量\n\n规章\n\n 0\n\n规范性文件\n\n 3\n"
        let workbook = try sheets(text)
        #expect(workbook.narrative.map(\.text) == ["大五里镇2020年政府信息公开工作年度报告", "二、主动公开政府信息情况"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["信息内容", "本年新\n制作数量"])
        #expect(grid.rowTexts(2) == ["规范性文件", "3"])
    }

    @Test func aLongRowOfValuesSplitsInOnePass() throws {
        let line = "规章" + String(repeating: " 1", count: 50_000)
        let grid = try #require(try sheets(line + "\n").sheets.first?.grid)
        #expect(grid.columnCount == 50_001)
    }
}
