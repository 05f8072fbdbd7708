// Broken and rewritten variants of a consistent sample: each change gives its exact finding code and cell.
import Documents
import Readers
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

/// The t2 sample (石桥镇) as a grid to mutate.
struct Sample {
    var workbook: Workbook

    init(_ path: String = "spreadsheets/libreoffice/t2.csv") throws {
        workbook = try FormatRegistry.read(path: Fixtures.path(path))
    }

    var grid: Grid {
        get { workbook.sheets[0].grid }
        set { workbook.sheets[0].grid = newValue }
    }

    mutating func set(_ a1: String, _ text: String) {
        let ref = CellRef(a1)!
        grid[ref] = text.isEmpty ? .empty : Cell(CSVReader.value(of: text))
    }

    mutating func setCell(_ a1: String, _ cell: Cell) { grid[CellRef(a1)!] = cell }

    /// Text of row `row` (1-based, as Excel numbers rows).
    func rowTexts(_ row: Int) -> [String] { grid.rowTexts(row - 1) }

    /// Removes 1-based rows, shifting the rest up.
    mutating func deleteRows(_ rows: Set<Int>) {
        let old = grid
        var new = Grid()
        var target = 0
        for row in 0..<old.rowCount {
            if rows.contains(row + 1) { continue }
            for (column, cell) in old.cells(inRow: row) { new[target, column] = cell }
            target += 1
        }
        grid = new
    }

    /// Finds the 1-based row whose label cells contain `text`.
    func row(containing text: String) -> Int? {
        (0..<grid.rowCount).first { grid.rowTexts($0).contains { $0.contains(text) } }.map { $0 + 1 }
    }

    func report(_ options: ReadOptions = ReadOptions()) -> Report { Pipeline.report(workbook: workbook, options: options) }
}

extension Report {
    func findings(_ code: String) -> [Finding] { findings.filter { $0.code == code } }
    var errors: [Finding] { findings.filter { $0.severity == .error } }
}

@Suite struct BrokenVariantTests {
    @Test func consistentSampleHasNoErrors() throws {
        #expect(try Sample().report().errors.isEmpty)
    }

    @Test func wrongGrandTotalIsNamedAsTheLikelyCell() throws {
        var sample = try Sample()
        sample.set("J46", "288")
        let report = sample.report()
        #expect(Set(report.errors.map(\.code)) == ["identity.s3.balance", "identity.s3.row_total", "identity.s3.results_total"])
        for finding in report.errors {
            #expect(finding.likelyCell?.reference == "J46", "\(finding.message)")
            #expect(finding.placedCells.map(\.reference).contains("J46"))
        }
        let balance = try #require(report.findings("identity.s3.balance").first)
        #expect(balance.actual == 297)
        #expect(balance.expected == 298)
        #expect(balance.message.contains("最可能出错的是 J46（现为 288，应为 287）"))
    }

    @Test func applicantCellOffByOne() throws {
        var sample = try Sample()
        sample.set("D25", "6")
        let report = sample.report()
        #expect(Set(report.errors.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"])
        #expect(report.errors.allSatisfy { $0.likelyCell?.reference == "D25" })
        let rowTotal = try #require(report.findings("identity.s3.row_total").first)
        #expect(rowTotal.placedCells.first?.reference == "J25")
        #expect(rowTotal.delta == -1)
    }

    @Test func section4GroupTotal() throws {
        var sample = try Sample()
        sample.set("E53", "9")
        let report = sample.report()
        let finding = try #require(report.findings("identity.s4.total").first)
        #expect(report.errors.count == 1)
        #expect(finding.placedCells.first?.reference == "E53")
        #expect(finding.placedCells.map(\.reference) == ["E53", "A53", "B53", "C53", "D53"])
    }

    /// A township that fills only the 总计 column once passed: a wholly blank long side was not evaluated.
    @Test func onlyTheTotalColumnFilledFails() throws {
        var sample = try Sample()
        sample.set("D23", "")
        for column in ["E", "F", "G", "H", "I"] { sample.set("\(column)23", "") }
        let report = sample.report()
        let row = try #require(report.findings("identity.s3.row_total").first)
        #expect(row.placedCells.first?.reference == "J23")
        #expect(row.message.hasSuffix("；申请人各列（D23 至 I23）均为空白，按 0 计算：没有发生请填 0，否则请补填"))
        #expect(row.expected == 0)
        // Every applicant column blank: the file fails, both ways (row totals and the columns' own identities).
        var onlyTotals = try Sample()
        for row in 23...60 { for column in ["D", "E", "F", "G", "H", "I"] { onlyTotals.set("\(column)\(row)", "") } }
        let blank = onlyTotals.report()
        #expect(blank.errorCount > 0)
        #expect(Set(blank.findings.filter { $0.severity == .error }.map(\.code)).isSuperset(of: ["identity.s3.row_total"]))
        #expect(blank.findings("value.missing").isEmpty == false)
    }

    @Test func deletedRowIsReported() throws {
        var sample = try Sample()
        sample.deleteRows([try #require(sample.row(containing: "2. 重复申请"))])
        let report = sample.report()
        let missing = report.findings("layout.row_missing").filter { $0.severity == .error }
        #expect(missing.count == 1)
        #expect(missing.first?.keys.first == "s3.not_processed.repeat.natural_person")
        #expect(report.values["s3.not_processed.repeat.total"] == nil)
        // The other rows still read, so identities flag the gap.
        #expect(!report.findings("identity.s3.results_total").isEmpty)
        // Cells stay parallel to keys: the deleted row's key has no cell, and says so in its place (JSON null).
        let total = try #require(report.findings("identity.s3.results_total").first { $0.keys.contains("s3.not_processed.repeat.natural_person") })
        #expect(total.cells.count == total.keys.count)
        let gap = try #require(total.keys.firstIndex(of: "s3.not_processed.repeat.natural_person"))
        #expect(total.cells[gap] == nil)
        #expect(total.cells[0]?.reference == "D45")
        guard case .object(let fields) = ReportJSON.finding(total), case .array(let cells)? = fields.first(where: { $0.0 == "cells" })?.1 else {
            Issue.record("finding JSON without cells"); return
        }
        #expect(cells.count == total.keys.count)
        #expect(cells[gap] == .null)
    }

    @Test func valueVariantsAreReadAsTheChecksSay() throws {
        var sample = try Sample()
        sample.set("D6", "３")           // full-width
        sample.set("H7", "27件")          // unit
        sample.set("D10", "389 ")         // spaces
        sample.set("D17", "61300元")      // 元 → 万元
        sample.set("E24", "/")            // missing, counted as 0 (was 0)
        sample.set("F24", "-3")           // negative count
        sample.set("G24", "2.5")          // not an integer
        sample.set("H24", "见附件")        // not a number
        let report = sample.report()
        #expect(report.values["s2.rules.issued"] == 3)
        #expect(report.values["s2.normative.in_force"] == 27)
        #expect(report.values["s2.licensing.decisions"] == 389)
        #expect(report.values["s2.fees.amount"] == Decimal(string: "6.13"))
        #expect(report.values["s3.carried_over.business"] == nil)
        #expect(report.findings("value.missing").first?.placedCells.map(\.reference) == ["E24"])
        #expect(report.findings("value.negative").first?.placedCells.first?.reference == "F24")
        #expect(report.findings("value.not_integer").first?.placedCells.first?.reference == "G24")
        #expect(report.findings("value.not_number").first?.placedCells.first?.reference == "H24")
        #expect(Set(report.findings("value.reformatted").compactMap { $0.placedCells.first?.reference }) == ["D6", "H7", "D10", "D17"])
    }

    @Test func uncachedFormulasAreEvaluatedOrReported() throws {
        var sample = try Sample()
        sample.setCell("J24", Cell(.empty, formula: "SUM(D24:I24)"))
        sample.setCell("J25", Cell(.empty, formula: "D25+E25+F25+G25+H25+I25"))
        sample.setCell("J26", Cell(.empty, formula: "VLOOKUP(A1,B:C,2,0)"))
        let report = sample.report()
        #expect(report.values["s3.carried_over.total"] == 11)
        #expect(report.values["s3.granted.total"] == 11)
        #expect(report.values["s3.partial.total"] == nil)
        let uncached = try #require(report.findings("value.formula_uncached").first)
        #expect(uncached.placedCells.first?.reference == "J26")
        #expect(uncached.message.contains("VLOOKUP"))
    }

    @Test func labelVariantsStillMatch() throws {
        var sample = try Sample()
        let rewrites: [(String, String)] = [
            ("(一) 予以公开", "（一）予以公开"),
            ("1. 属于国家秘密", "1、属于国家秘密"),
            ("2. 其他法律行政法规禁止公开", "2.其他法律行政止公开"),
            ("四、结转下年度继续办理", "四、结转下一年度继续办理"),
            ("(二) 部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开（区分处理）"),
            ("一、本年新收政府信息公开申请数量", "⼀、本年新收政府信息公开申请数量"),
            ("4. 保护第三方合法权益", "4. 保護第三方合法權益"),
            ("5. 属于三类内部事务信息", "5.\n属\n于\n三\n类\n内\n部\n事\n务\n信\n息"),
            ("行政规范性文件", "规范性文件"),
            ("规章", "规章（县级无此项）"),
            ("本年制发件数", "本年(2023)制发件数"),
            ("第二十条第(一)项", "第二十条 第（一）项"),
        ]
        for (old, new) in rewrites {
            for row in 0..<sample.grid.rowCount {
                for (column, cell) in sample.grid.cells(inRow: row) where cell.value.text == old {
                    sample.grid[row, column] = Cell(.text(new))
                }
            }
        }
        let report = sample.report()
        let expected = try ExpectedReport("t2")
        for (key, value) in expected.values { #expect(report.values[key] == value, "\(key)") }
        #expect(report.errors.isEmpty, "\(report.errors.map(\.message))")
        #expect(report.findings("layout.label_variant").count >= 3)
    }

    @Test func tablesMovedAndSplitAcrossSheets() throws {
        let original = try Sample().grid
        func copy(_ rows: ClosedRange<Int>, offset: (Int, Int)) -> Grid {
            var grid = Grid()
            grid[0, 0] = Cell(.text("附表"))
            for (index, row) in rows.enumerated() {
                for (column, cell) in original.cells(inRow: row - 1) { grid[index + offset.0, column + offset.1] = cell }
            }
            return grid
        }
        let workbook = Workbook(source: "石桥镇2023年度政府信息公开工作年度报告.xlsx", format: .xlsx, sheets: [
            Sheet(name: "说明", grid: Grid(text: [["填写说明"]])),
            Sheet(name: "二", grid: copy(3...17, offset: (2, 1))),
            Sheet(name: "三", grid: copy(19...47, offset: (5, 3))),
            Sheet(name: "四", grid: copy(49...53, offset: (1, 0))),
        ])
        let report = Pipeline.report(workbook: workbook)
        let expected = try ExpectedReport("t2")
        for (key, value) in expected.values { #expect(report.values[key] == value, "\(key)") }
        #expect(report.agency == "石桥镇")
        #expect(report.year == 2023)
        #expect(report.errors.isEmpty)
        #expect(report.cells["s3.new.natural_person"]?.sheet == "三")
        #expect(report.cells["s3.new.natural_person"]?.reference == "G10")
    }

    @Test func oldLayoutUnderA2023Title() throws {
        let text = try String(contentsOfFile: Fixtures.path("reports/shanghai-bangongting-2019.txt"), encoding: .utf8)
            .replacingOccurrences(of: "2019年上海市人民政府办公厅", with: "2023年上海市人民政府办公厅")
        let workbook = try ReportTextReader.read(bytes: Array(text.utf8), fileName: "sh2023.txt")
        let report = Pipeline.report(workbook: workbook)
        #expect(report.layout.id == "2019")
        #expect(report.year == 2023)
        #expect(report.findings("layout.outdated").count == 1)
    }

    @Test func singleOtherRowInA2021Report() throws {
        var sample = try Sample()
        let first = try #require(sample.row(containing: "1. 申请人无正当理由"))
        sample.deleteRows([first + 1, first + 2])
        for (column, text) in ["", "(六) 其他处理", "", "5", "9", "4", "7", "4", "6", "35"].enumerated() {
            sample.set(CellRef(row: first - 1, column: column).a1, text)
        }
        let report = sample.report()
        #expect(report.values["s3.other.other.total"] == 35)
        #expect(report.values["s3.other.no_correction.total"] == nil)
        let warning = try #require(report.findings("layout.s3_single_other_row").first)
        #expect(warning.severity == .warning)
        #expect(report.findings("identity.s3.results_total").isEmpty)
    }

    @Test func notAReportIsTableMissing() throws {
        let workbook = Workbook(source: "工资表.xlsx", format: .xlsx, sheets: [
            Sheet(name: "Sheet1", grid: Grid(text: [["姓名", "基本工资", "绩效"], ["张三", "3000", "500"], ["李四", "3200", "450"]])),
        ])
        let report = Pipeline.report(workbook: workbook)
        #expect(report.findings("layout.table_missing").count == 3)
        #expect(report.values.isEmpty)
    }

    @Test func crossYearCarryAndInForce() throws {
        let current = try Sample().report()
        var lastYearSample = try Sample()
        // Last year's carried-forward row equals this year's carried-over row, except business (5 ≠ 0).
        for (a1, text) in [("D47", "1"), ("E47", "5"), ("F47", "3"), ("G47", "1"), ("H47", "2"), ("I47", "4"), ("J47", "16")] {
            lastYearSample.set(a1, text)
        }
        lastYearSample.set("H7", "23")   // normative in force last year: 23 + 6 − 2 = 27 ✓
        lastYearSample.set("H6", "9")    // rules: 9 + 3 − 1 = 11 ≠ 2
        let previous = lastYearSample.report()
        let findings = Checker().crossYearFindings(current, previous: previous)
        #expect(findings.filter { $0.code == "cross_year.s3.carry" }.map { $0.placedCells.first?.reference } == ["E24", "J24"])
        #expect(findings.filter { $0.code == "cross_year.s2.in_force" }.map(\.keys.first) == ["s2.rules.in_force"])
    }
}

@Suite struct SheetVisibilityTests {
    @Test func aHiddenCopyOfLastYearsTablesIsIgnored() throws {
        let current = try Sample().grid
        var lastYear = try Sample()
        lastYear.set("D23", "999")
        let workbook = Workbook(source: "石桥镇2023年度政府信息公开工作年度报告.xlsx", format: .xlsx, sheets: [
            Sheet(name: "上年", visibility: .hidden, grid: lastYear.grid),
            Sheet(name: "本年", grid: current),
        ])
        let report = Pipeline.report(workbook: workbook)
        #expect(report.values["s3.new.natural_person"] == 110)
        #expect(report.cells["s3.new.natural_person"]?.sheet == "本年")
        #expect(report.errors.isEmpty)
        // A workbook whose only tables are hidden is still read.
        let onlyHidden = Workbook(source: "x.xlsx", format: .xlsx, sheets: [
            Sheet(name: "封面", grid: Grid(text: [["石桥镇2023年度政府信息公开工作年度报告"]])),
            Sheet(name: "数据", visibility: .hidden, grid: current),
        ])
        #expect(Pipeline.report(workbook: onlyHidden).values["s3.new.natural_person"] == 110)
    }
}

@Suite struct ColumnOrderTests {
    /// Columns are found by their header text, not their position: swapping 自然人 and 总计 (header and
    /// data alike) reads the same values.
    @Test func permutedSection3ColumnsStillRead() throws {
        var sample = try Sample()
        let original = sample.grid
        for row in 19...46 {  // 0-based rows 19…46 hold section 三's header and data (Excel rows 20…47)
            let d = original[row, 3], j = original[row, 9]
            sample.grid[row, 3] = j
            sample.grid[row, 9] = d
        }
        let report = sample.report()
        let expected = try ExpectedReport("t2")
        for (key, value) in expected.values where key.hasPrefix("s3.") {
            #expect(report.values[key] == value, "\(key)")
        }
        #expect(report.cells["s3.new.total"]?.reference == "D23")
        #expect(report.errors.isEmpty)
    }
}
