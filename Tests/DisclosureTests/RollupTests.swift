// The rollup of the demo county: sums equal an independent sum, members screened, seeded errors listed.
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

    /// Two reports of one agency and year were resolved by path order, silently; now the newer wins, the finding
    /// names both, and `--prefer` chooses.
    @Test func duplicatesTakeTheNewerFileAndNameBoth() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        var original = report
        original.source = "石桥镇年报.csv"
        var corrected = report
        corrected.source = "石桥镇年报_修改.csv"
        corrected.values["s3.new.natural_person"] = (corrected.values["s3.new.natural_person"] ?? 0) + 1
        let modified = [original.source: Date(timeIntervalSince1970: 2_000_000_000), corrected.source: Date(timeIntervalSince1970: 1_000_000_000)]
        let byDate = Rollup(agency: "示范县", year: 2023).run([corrected, original], modified: modified, source: "county.xlsx")
        #expect(byDate.included.map(\.source) == ["石桥镇年报.csv"])
        #expect(byDate.excluded.map(\.report.source) == ["石桥镇年报_修改.csv"])
        let duplicate = try #require(byDate.aggregate.findings.first { $0.code == "rollup.duplicate_member" })
        #expect(duplicate.severity == .error)
        #expect(duplicate.message.contains("石桥镇年报.csv") && duplicate.message.contains("石桥镇年报_修改.csv") && duplicate.message.contains("--prefer"))
        let chosen = Rollup(agency: "示范县", year: 2023).run([corrected, original], modified: modified, preferred: ["石桥镇年报_修改.csv"], source: "county.xlsx")
        #expect(chosen.included.map(\.source) == ["石桥镇年报_修改.csv"])
        #expect(chosen.aggregate.values["s3.new.natural_person"] == (report.values["s3.new.natural_person"] ?? 0) + 1)
        #expect(chosen.aggregate.findings.first { $0.code == "rollup.duplicate_member" }?.severity == .warning)
        // Without dates, the later input (a corrected file sorts after its original) is taken.
        #expect(Rollup(agency: "示范县", year: 2023).run([original, corrected], source: "c.xlsx").included.map(\.source) == ["石桥镇年报_修改.csv"])
        // The dropped file is in 说明 and 问题清单.
        let notes = RollupWorkbook.notes(byDate)
        #expect(notes.cells[CellRef(row: 1, column: 0)]?.value == .text("石桥镇年报_修改.csv"))
        #expect(notes.cells[CellRef(row: 1, column: 4)]?.value == .text("否"))
        let problems = RollupWorkbook.problems(byDate)
        #expect(problems.cells.values.contains { $0.value == .text("rollup.duplicate_member") })
    }

    @Test func skippedAndUnreadableFilesAreNamed() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        let result = Rollup(agency: "示范县", year: 2023).run([report], unreadable: [("坏.xlsx", "文件不完整")],
                                                            skipped: [("盖章页.jpg", "不支持的文件格式（.jpg），未读取")], source: "county.xlsx")
        let notes = RollupWorkbook.notes(result)
        #expect((1...3).map { notes.cells[CellRef(row: $0, column: 0)]?.value } == [.text(report.source), .text("坏.xlsx"), .text("盖章页.jpg")])
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
}
