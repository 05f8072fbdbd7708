// The rollup of the demo county: sums equal an independent sum, members screened, seeded errors listed.
import Readers
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct RollupTests {
    static let county = Fixtures.project.appendingPathComponent("Samples/demo-county/2023").path

    static func members() throws -> (reports: [Report], unreadable: [(path: String, error: String)]) {
        var reports: [Report] = []
        var unreadable: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: county).sorted() where !name.hasSuffix(".jpg") {
            let path = (county as NSString).appendingPathComponent(name)
            do { reports.append(try Pipeline.report(path: path)) } catch { unreadable.append((path, "\(error)")) }
        }
        return (reports, unreadable)
    }

    @Test func aggregateIsTheSumOfIncludedMembers() throws {
        let (reports, unreadable) = try Self.members()
        #expect(reports.count == 13)
        #expect(unreadable.count == 1)
        let result = Rollup(agency: "示范县", year: 2023).run(reports, unreadable: unreadable, source: "county.xlsx")
        #expect(result.included.count == 13)
        #expect(result.excluded.isEmpty)
        #expect(result.partial.map { $0.report.agency } == ["柳林镇"])
        // Independent sum, straight from the members' values: the 2019 member feeds 三 and 四 (its single （六） row
        // as （六）3.), never 二.
        let old = try #require(reports.first { $0.layout.id == "2019" })
        for key in Layout.layout2021.valueKeys {
            var sum: Decimal = 0
            var any = false
            for member in reports where member.layout.id == "2021" {
                if let value = member.values[key] { sum += value; any = true }
            }
            if !key.hasPrefix("s2."), let value = old.values[key] ?? old.values[key.replacingOccurrences(of: "s3.other.other.", with: "s3.other.")] {
                sum += value
                any = true
            } else if key.hasPrefix("s3."), key.hasSuffix(".total") {
                // 柳林镇's blank 总计 is derived from its applicant columns when any of them is filled.
                let row = key.dropLast("total".count)
                let parts = ["natural_person", "business", "research", "public_interest", "legal_service", "other_org"].compactMap { old.values[row + $0] }
                if !parts.isEmpty { sum += parts.reduce(0, +); any = true }
            }
            #expect(result.aggregate.values[key] == (any ? sum : nil), "\(key)")
        }
        let codes = Set(result.aggregate.findings.map(\.code))
        #expect(codes.isSuperset(of: ["rollup.member_outdated", "rollup.member_unreadable", "identity.s3.row_total", "identity.s3.balance"]))
        let outdated = try #require(result.aggregate.findings.first { $0.code == "rollup.member_outdated" })
        #expect(outdated.message.hasSuffix("未汇总；第三、四部分已汇总"))
        let seeded = result.aggregate.findings.filter { $0.code.hasPrefix("identity.") }.compactMap { $0.likelyCell?.reference }
        #expect(seeded.contains("J46"))  // 青山镇's grand total
        #expect(seeded.contains("J30"))  // 白水乡's row total
        // The aggregate's own identities are re-checked; errors carried from members are not repeated as its own.
        #expect(result.aggregate.findings.filter { $0.message.hasPrefix("【汇总】") }.allSatisfy { $0.code.hasPrefix("identity.") })
    }

    /// `--include-outdated` once summed section 二's decision counts of a 2019 member while saying it did not.
    @Test func outdatedMembersNeverFeedSection2() throws {
        let (reports, _) = try Self.members()
        for includeOutdated in [false, true] {
            let result = Rollup(agency: "示范县", year: 2023, includeOutdated: includeOutdated).run(reports, source: "county.xlsx")
            #expect(result.included.count == 13)
            let old = try #require(reports.first { $0.layout.id == "2019" })
            let others = reports.filter { $0.layout.id == "2021" }
            let key = "s3.other.other.natural_person"
            let expected = others.reduce(Decimal(0)) { $0 + ($1.values[key] ?? 0) } + (old.values["s3.other.natural_person"] ?? 0)
            #expect(result.aggregate.values[key] == expected)
            for key in Layout.layout2021.valueKeys where key.hasPrefix("s2.") {
                let sum = others.compactMap { $0.values[key] }
                #expect(result.aggregate.values[key] == (sum.isEmpty ? nil : sum.reduce(0, +)), "\(key)")
            }
        }
    }

    @Test func otherYearsAreLeftOut() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        var lastYear = report
        lastYear.source = "old.csv"
        lastYear.agency = "龙泉乡"
        lastYear.year = 2022
        let result = Rollup(agency: "示范县", year: 2023).run([report, lastYear], source: "county.xlsx")
        #expect(result.included.count == 1)
        #expect(result.aggregate.findings.map(\.code).contains("rollup.year_mismatch"))
        #expect(result.aggregate.values["s3.new.total"] == 286)
    }

    /// Two reports of one agency and year were settled by modification time (a draft copied in later won). Now: the
    /// same values are one member; else the name that marks the final version; else an error asking to choose.
    @Test func duplicatesAreSettledByContentThenNameNeverTime() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        func copy(_ source: String, plusOne: Bool = false) -> Report {
            var copy = report
            copy.source = source
            if plusOne { copy.values["s2.licensing.decisions"] = (copy.values["s2.licensing.decisions"] ?? 0) + 1 }
            return copy
        }
        let rollup = Rollup(agency: "示范县", year: 2023)
        // Identical: one member, an info, no error (a rollup takes no file dates: time never chooses).
        let identical = rollup.run([copy("石桥镇年报.csv"), copy("石桥镇年报 - 副本.csv")], source: "c.xlsx")
        #expect(identical.included.map(\.source) == ["石桥镇年报.csv"])
        #expect(identical.excluded.map(\.reason) == ["与 石桥镇年报.csv 数值完全相同，只汇总一份"])
        #expect(identical.aggregate.findings.filter { $0.kind.entry.stage == .rollup }.map(\.code) == ["rollup.duplicate_identical"])
        #expect(identical.aggregate.values["s2.licensing.decisions"] == report.values["s2.licensing.decisions"])
        // By name: the final version wins over a draft copied in later, with a warning.
        let draft = copy("后宫乡年报-初稿.csv"), final = copy("后宫乡年报-终稿.csv", plusOne: true)
        let byName = rollup.run([final, draft], source: "c.xlsx")
        #expect(byName.included.map(\.source) == ["后宫乡年报-终稿.csv"])
        let warning = try #require(byName.aggregate.findings.first { $0.code == "rollup.duplicate_by_name" })
        #expect(warning.severity == .warning)
        #expect(warning.message == "「石桥镇」2023 年度有两份内容不同的报告：后宫乡年报-终稿.csv 与 后宫乡年报-初稿.csv；按文件名采用 后宫乡年报-终稿.csv，未汇总 后宫乡年报-初稿.csv；如应采用另一份，请用 --prefer 指定")
        #expect(byName.undecided.isEmpty)
        // Undecided: an error naming both; the first in input order is summed meanwhile; --prefer chooses (a warning).
        let a = copy("石桥镇年报.csv"), b = copy("石桥镇年报（二）.csv", plusOne: true)
        let undecided = rollup.run([a, b], source: "c.xlsx")
        #expect(undecided.included.map(\.source) == ["石桥镇年报.csv"])
        let error = try #require(undecided.aggregate.findings.first { $0.code == "rollup.duplicate_member" })
        #expect(error.severity == .error)
        #expect(error.message == "「石桥镇」2023 年度有两份内容不同的报告：石桥镇年报.csv 与 石桥镇年报（二）.csv，文件名不能说明哪一份是定稿；暂按输入顺序汇总 石桥镇年报.csv，未汇总 石桥镇年报（二）.csv；请用 --prefer 指定采用哪一份")
        #expect(undecided.undecided == ["石桥镇年报.csv", "石桥镇年报（二）.csv"])
        #expect(undecided.membersToFix.map(\.source) == ["石桥镇年报.csv", "石桥镇年报（二）.csv"])
        let chosen = rollup.run([a, b], preferred: ["石桥镇年报（二）.csv"], source: "c.xlsx")
        #expect(chosen.included.map(\.source) == ["石桥镇年报（二）.csv"])
        #expect(chosen.aggregate.values["s2.licensing.decisions"] == (report.values["s2.licensing.decisions"] ?? 0) + 1)
        #expect(chosen.aggregate.findings.first { $0.code == "rollup.duplicate_member" }?.severity == .warning)
        // The dropped file is in 说明 and 问题清单.
        let notes = RollupWorkbook.notes(undecided)
        #expect(notes.cells[CellRef(row: 2, column: 0)]?.value == .text("石桥镇年报（二）.csv"))
        #expect(notes.cells[CellRef(row: 2, column: 4)]?.value == .text("否"))
        let problems = RollupWorkbook.problems(undecided)
        #expect(problems.cells.values.contains { $0.value == .text("rollup.duplicate_member") })
    }

    /// The demo county's form did not balance and nothing said so: 柳林镇's blank 总计 column was summed as 0.
    @Test func blankTotalsAreDerivedAndTheImbalanceIsTracedToMembers() throws {
        let (reports, unreadable) = try Self.members()
        let result = Rollup(agency: "示范县", year: 2023).run(reports, unreadable: unreadable, source: "county.xlsx")
        let derived = try #require(result.aggregate.findings.first { $0.code == "rollup.total_derived" })
        #expect(derived.severity == .warning)
        #expect(derived.message.hasPrefix("「柳林镇」（柳林镇2023年度政府信息公开工作年度报告.txt）有 11 个空白单元格按勾稽关系推算后汇总：第52行第10列 = 272（「（一）予以公开」行，按「总计列 = 各类申请人之和」）"))
        #expect(derived.keys.first == "s3.granted.total")
        #expect(result.derived.map(\.count) == result.included.map { $0.agency == "柳林镇" ? 11 : 0 })
        // What is left comes from the three townships with wrong cells, and from nobody else.
        #expect(result.contributors == ["青山镇", "杨庄乡", "白水乡"])
        #expect(result.unbalanced.count == 5)
        #expect(!result.balanced)
        let first = try #require(result.unbalanced.first)
        #expect(first.message == "汇总表「总计」列不符合「本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理」：J24 + J25 = 3157，J47 + J48 = 3158，相差 -1；来自 1 个单位：青山镇 相差 -1（青山镇2023年度政府信息公开工作年度报告.xlsx）")
        #expect(result.note == "汇总表不平衡：5 处勾稽关系不符（J24、J31、J47、D47、J47），来自 青山镇、杨庄乡、白水乡；请先改正这些单位的报告（见「问题清单」）")
        // The imbalance comes first among the county's findings, and 汇总 starts with the red note row.
        #expect(result.aggregate.findings.prefix(5).allSatisfy { $0.code == "rollup.unbalanced" })
        let bytes = try RollupWorkbook.bytes(result)
        let workbook = try XLSXReader(bytes: bytes, fileName: "county.xlsx").readWorkbook()
        #expect(workbook.sheets[0].grid[0, 0].value == .text(result.note!))
        #expect(workbook.sheets[2].grid[1, 3].value == .text("rollup.unbalanced"))
        // The form read back has the same values, at the cells the findings name (one row down).
        let summary = Pipeline.report(workbook: Workbook(source: "county.xlsx", format: .xlsx, sheets: [workbook.sheets[0]]))
        for key in result.aggregate.layout.valueKeys { #expect(summary.values[key] == result.aggregate.values[key], "\(key)") }
        #expect(summary.cells["s3.new.total"]?.reference == "J24")
        #expect(summary.agency == "示范县")
    }

    /// Our own inbox: once 大河乡's blank 总计 column is derived, the county form balances; with 白水乡's wrong cell it
    /// does not, and 白水乡 alone is named. 河口镇's narrative-only report, last year's file and the draft are not summed.
    @Test func ownInboxBalancesOnceDerivedOrNamesTheMember() throws {
        for withError in [false, true] {
            let folder = try CountyInbox.make("rollup", withError: withError)
            var members: [Report] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                members.append(try Pipeline.report(path: "\(folder)/\(name)"))
            }
            let result = Rollup(agency: "示范县", year: 2023).run(members, source: "county.xlsx")
            let included = result.included.map { ($0.source as NSString).lastPathComponent }
            #expect(included == ["后宫乡年报-终稿.csv", "城关镇2023年报.csv", "大河乡2023年报.csv", "新集镇2023年报.csv"] + (withError ? ["白水乡2023年报.csv"] : []))
            let excluded = result.excluded.map { (($0.report.source as NSString).lastPathComponent, $0.reason) }
            #expect(excluded.map(\.0) == ["后宫乡年报-初稿.csv", "河口镇2023年报.txt", "龙泉乡2022年报.csv"])
            #expect(excluded[1].1 == "没有找到统计表格，未汇总")
            #expect(excluded[2].1 == "报告年度为 2022，不是汇总年度 2023")
            let codes = result.aggregate.findings.map(\.code)
            #expect(codes.contains("rollup.member_no_tables") && codes.contains("rollup.total_derived") && codes.contains("rollup.duplicate_by_name"))
            #expect(result.derived[2].count == 25)
            // Exact sums: 总计 of new applications is four (five) times t2's 286, 大河乡's derived.
            #expect(result.aggregate.values["s3.new.total"] == Decimal(withError ? 5 * 286 : 4 * 286))
            #expect(result.aggregate.values["s2.licensing.decisions"] == Decimal(withError ? 5 * 389 + 1 : 4 * 389 + 1))
            let workbook = try XLSXReader(bytes: try RollupWorkbook.bytes(result), fileName: "county.xlsx").readWorkbook()
            let recheck = Pipeline.report(workbook: Workbook(source: "county.xlsx", format: .xlsx, sheets: [workbook.sheets[0]]))
            let identityErrors = recheck.findings.filter { $0.code.hasPrefix("identity.") }
            if withError {
                #expect(result.contributors == ["白水乡"])
                #expect(result.unbalanced.map(\.code) == ["rollup.unbalanced", "rollup.unbalanced"])
                #expect(result.unbalanced.map { $0.message.components(separatedBy: "；来自 ").last } == ["1 个单位：白水乡 相差 1（白水乡2023年报.csv）", "1 个单位：白水乡 相差 -1（白水乡2023年报.csv）"])
                #expect(result.unbalanced.first?.placedCells.first?.reference == "J31")
                #expect(identityErrors.map(\.code) == ["identity.s3.row_total", "identity.s3.results_total"])
            } else {
                #expect(result.balanced)
                #expect(result.note == nil)
                #expect(identityErrors.isEmpty)
            }
        }
    }

    @Test func skippedAndUnreadableFilesAreNamed() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        let result = Rollup(agency: "示范县", year: 2023).run([report], unreadable: [("坏.xlsx", "文件不完整")],
                                                            skipped: [("盖章页.jpg", "不支持的文件格式（.jpg），未读取")], source: "county.xlsx")
        let notes = RollupWorkbook.notes(result)
        // File names, not full paths.
        #expect((1...3).map { notes.cells[CellRef(row: $0, column: 0)]?.value } == [.text("t2.csv"), .text("坏.xlsx"), .text("盖章页.jpg")])
        #expect(notes.cells[CellRef(row: 3, column: 5)]?.value == .text("跳过：不支持的文件格式（.jpg），未读取"))
        let json = RollupWorkbook.json(result).render(indent: nil)
        #expect(json.contains(#""unreadable":[{"file":"坏.xlsx","error":"文件不完整"}]"#))
        #expect(json.contains(#""skipped":[{"file":"盖章页.jpg","reason":"不支持的文件格式（.jpg），未读取"}]"#))
        #expect(result.aggregate.findings.map(\.code).contains("rollup.member_skipped"))
    }

    @Test func countyWorkbookHasFourSheetsAndReadsBack() throws {
        let (reports, unreadable) = try Self.members()
        let result = Rollup(agency: "示范县", year: 2023).run(reports, unreadable: unreadable, source: "county.xlsx")
        let bytes = try RollupWorkbook.bytes(result)
        let workbook = try XLSXReader(bytes: bytes, fileName: "county.xlsx").readWorkbook()
        #expect(workbook.sheets.map(\.name) == ["汇总", "分单位明细", "问题清单", "说明"])
        let summary = Pipeline.report(workbook: Workbook(source: "county.xlsx", format: .xlsx, sheets: [workbook.sheets[0]]))
        for key in result.aggregate.layout.valueKeys {
            #expect(summary.values[key] == result.aggregate.values[key], "\(key)")
        }
        #expect(summary.agency == "示范县")
        let detail = workbook.sheets[1].grid
        #expect(detail.rowCount == result.included.count + 3)
        #expect(detail[result.included.count + 2, 0].value == .text("合计"))
        // Headed like the form, in Chinese: row and column labels, never canonical keys.
        let column = try #require(result.aggregate.layout.valueKeys.firstIndex(of: "s3.new.business")) + 3
        #expect(detail[0, column].value == .text("一、本年新收政府信息公开申请数量"))
        #expect(detail[1, column].value == .text("法人或其他组织 · 商业企业"))
        let fees = try #require(result.aggregate.layout.valueKeys.firstIndex(of: "s2.fees.amount")) + 3
        #expect(detail[0, fees].value == .text("第二十条第（八）项 行政事业性收费"))
        #expect(detail[1, fees].value == .text("本年收费金额（单位：万元）"))
        for row in 0...1 {
            #expect(!detail.rowTexts(row).contains { $0.hasPrefix("s2.") || $0.hasPrefix("s3.") || $0.hasPrefix("s4.") })
        }
        #expect(workbook.sheets[1].grid.merged.contains(CellRange(first: CellRef(row: 0, column: column - 1), last: CellRef(row: 0, column: column + 5))))
        let problems = workbook.sheets[2].grid
        #expect((0..<problems.rowCount).contains { problems.rowTexts($0).contains("青山镇") })
        let json = RollupWorkbook.json(result).render()
        #expect(json.contains("\"members\""))
        #expect(json.contains("\"agency\": \"示范县\""))
    }

    /// Two county workbooks (one balanced, one not), read back: each is a report of its own kind (汇总 the report,
    /// 分单位明细 its members, no row_unmatched), and the city's rollup is their exact sum with two members.
    @Test func countyWorkbooksAreReportsAndRollUpIntoACity() throws {
        var counties: [Report] = []
        var paths: [String] = []
        for (name, withError) in [("东县", false), ("西县", true)] {
            let folder = try CountyInbox.make(name, withError: withError)
            let members = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { try Pipeline.report(path: "\(folder)/\($0)") }
            let result = Rollup(agency: name, year: 2023).run(members, source: "\(name).xlsx")
            let path = try temporaryFile("\(name)2023.xlsx", try RollupWorkbook.bytes(result))
            paths.append(path)
            let county = try Pipeline.report(path: path)
            #expect(county.agency == name)
            #expect(county.year == 2023)
            #expect(!county.findings.contains { $0.code == "layout.row_unmatched" })
            for key in county.layout.valueKeys { #expect(county.values[key] == result.aggregate.values[key], "\(key)") }
            // 分单位明细 holds the members as summed (大河乡's totals derived): they balance, except 白水乡.
            let workbook = try FormatRegistry.read(path: path)
            let rows = CountyWorkbook.members(workbook, layout: county.layout, year: county.year)
            #expect(rows.map(\.agency) == result.included.map(\.agency))
            #expect(rows.map(\.source) == result.included.map { ($0.source as NSString).lastPathComponent })
            let carried = county.findings.filter { $0.message.hasPrefix("【") }
            #expect(carried.map(\.code) == (withError ? ["identity.s3.row_total", "identity.s3.results_total"] : []))
            #expect(carried.allSatisfy { $0.message.hasPrefix("【白水乡】") })
            #expect(!county.findings.contains { $0.code == "rollup.detail_mismatch" })
            counties.append(county)
        }
        let city = Rollup(agency: "示范市", year: 2023).run(counties, source: "示范市.xlsx")
        #expect(city.included.map(\.agency) == ["东县", "西县"])
        for key in city.aggregate.layout.valueKeys {
            let sum = counties.compactMap { $0.values[key] }
            #expect(city.aggregate.values[key] == (sum.isEmpty ? nil : sum.reduce(0, +)), "\(key)")
        }
        #expect(city.aggregate.values["s3.new.total"] == Decimal(9 * 286))
        #expect(city.contributors == ["西县"])
        // A county form edited by hand no longer matches its 分单位明细.
        var workbook = try FormatRegistry.read(path: paths[0])
        let ref = try #require(FormGeometry(layout: .layout2021).cells["s2.licensing.decisions"])
        var grid = workbook.sheets[0].grid
        grid[ref] = Cell(.number(1, source: "1"))
        workbook.sheets[0].grid = grid
        let edited = Pipeline.report(workbook: workbook)
        let mismatch = try #require(edited.findings.first { $0.code == "rollup.detail_mismatch" })
        #expect(mismatch.message == "汇总表 \(ref.a1) 为 1，分单位明细各单位之和为 1557，相差 -1556")
    }
}
