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
        #expect(result.included.count == 12)
        #expect(result.excluded.map { $0.report.agency } == ["柳林镇"])
        // Independent sum, straight from the members' values.
        for key in Layout.layout2021.valueKeys {
            var sum: Decimal = 0
            var any = false
            for member in reports where member.layout.id == "2021" {
                if let value = member.values[key] { sum += value; any = true }
            }
            #expect(result.aggregate.values[key] == (any ? sum : nil), "\(key)")
        }
        let codes = Set(result.aggregate.findings.map(\.code))
        #expect(codes.isSuperset(of: ["rollup.member_outdated", "rollup.member_unreadable", "identity.s3.row_total", "identity.s3.balance"]))
        let seeded = result.aggregate.findings.filter { $0.code.hasPrefix("identity.") }.compactMap { $0.likelyCell?.reference }
        #expect(seeded.contains("J46"))  // 青山镇's grand total
        #expect(seeded.contains("J30"))  // 白水乡's row total
        // The aggregate's own identities are re-checked; errors carried from members are not repeated as its own.
        #expect(result.aggregate.findings.filter { $0.message.hasPrefix("【汇总】") }.allSatisfy { $0.code.hasPrefix("identity.") })
    }

    @Test func outdatedMembersCanFeedSections3And4() throws {
        let (reports, _) = try Self.members()
        let result = Rollup(agency: "示范县", year: 2023, includeOutdated: true).run(reports, source: "county.xlsx")
        #expect(result.included.count == 13)
        let old = try #require(reports.first { $0.layout.id == "2019" })
        let others = reports.filter { $0.layout.id == "2021" }
        let key = "s3.other.other.natural_person"
        let expected = others.reduce(Decimal(0)) { $0 + ($1.values[key] ?? 0) } + (old.values["s3.other.natural_person"] ?? 0)
        #expect(result.aggregate.values[key] == expected)
        #expect(result.aggregate.values["s2.rules.issued"] == others.reduce(Decimal(0)) { $0 + ($1.values["s2.rules.issued"] ?? 0) })
    }

    @Test func duplicatesAndOtherYearsAreLeftOut() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        var other = report
        other.source = "copy.csv"
        var lastYear = report
        lastYear.source = "old.csv"
        lastYear.agency = "龙泉乡"
        lastYear.year = 2022
        let result = Rollup(agency: "示范县", year: 2023).run([report, other, lastYear], source: "county.xlsx")
        #expect(result.included.count == 1)
        #expect(result.aggregate.findings.contains { $0.code == "rollup.duplicate_member" })
        #expect(result.aggregate.findings.contains { $0.code == "rollup.year_mismatch" })
        #expect(result.aggregate.values["s3.new.total"] == 286)
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
        #expect(detail.rowCount == result.included.count + 2)
        #expect(detail[result.included.count + 1, 0].value == .text("合计"))
        let problems = workbook.sheets[2].grid
        #expect((0..<problems.rowCount).contains { problems.rowTexts($0).contains("青山镇") })
        let json = RollupWorkbook.json(result).render()
        #expect(json.contains("\"members\""))
        #expect(json.contains("\"agency\": \"示范县\""))
    }
}
