// The archive as a library: a report read back is the report stored; same bytes change nothing; versions, remove and
// restore; a failure mid-add leaves nothing; newer, foreign and busy databases are refused in words.
@testable import Archive
import Disclosure
import Foundation
import GRDB
import Testing
import TestSupport

enum ArchiveFixtures {
    static let county2023 = Fixtures.project.appendingPathComponent("Samples/demo-county/2023").path
    static let county2022 = Fixtures.project.appendingPathComponent("Samples/demo-county/2022").path
    static let time = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    /// A demo file read as `check` reads it, with its bytes.
    static func file(_ folder: String, _ name: String) throws -> (Report, SourceFile) {
        let path = folder + "/" + name
        return (try Pipeline.report(path: path), SourceFile(name: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    static func archive() throws -> ReportArchive {
        try ReportArchive(path: try temporaryFolder("nianbao-archive") + "/县档案.db", wait: 2)
    }

    /// Rows in each table: what a refused or failed add must leave unchanged.
    static func counts(_ archive: ReportArchive) throws -> [Int] {
        try archive.queue.read { db in
            try ["sources", "reports", "cells", "findings"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
    }
}

@Suite struct ArchiveStoreTests {
    /// Every shape of provenance (sheet cells, text lines, document tables) comes back exactly: values, cells, findings.
    @Test func aReportReadBackIsTheReportStored() throws {
        let archive = try ArchiveFixtures.archive()
        let names = ["青山镇2023年度政府信息公开工作年度报告.xlsx", "柳林镇2023年度政府信息公开工作年度报告.txt",
                     "河口镇2023年度政府信息公开工作年度报告.docx", "杨庄乡2023年度政府信息公开工作年度报告.html",
                     "白水乡2023年度政府信息公开工作年度报告.csv"]
        for name in names {
            let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, name)
            let outcome = try archive.add(report, source: source, addedAt: ArchiveFixtures.time)
            guard case .added(let version) = outcome else { Issue.record("\(name): \(outcome)"); continue }
            #expect(version.version == 1 && version.isCurrent && !version.removed)
            #expect(version.addedAt == "2023-11-14T22:13:20Z")
            #expect(version.sha256 == source.sha256 && version.size == source.bytes.count)
            let back = try archive.report(version)
            #expect(ReportJSON.object(back).render() == ReportJSON.object(report).render(), "\(name)")
            #expect(back.findings.map(\.likelyCell) == report.findings.map(\.likelyCell))
            #expect(try archive.sourceBytes(version) == source.bytes)
        }
        let qingshan = try #require(try archive.currentReport(agency: "青山镇人民政府", year: 2023))
        #expect(qingshan.errorCount == 3)
    }

    @Test func theSameBytesAgainChangeNothing() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "城关镇2023年度政府信息公开工作年度报告.xlsx")
        _ = try archive.add(report, source: source, addedAt: ArchiveFixtures.time)
        let before = try ArchiveFixtures.counts(archive)
        let again = try archive.add(report, source: SourceFile(name: "别的名字.xlsx", bytes: source.bytes), addedAt: Date())
        guard case .alreadyThere(let held) = again else { Issue.record("\(again)"); return }
        #expect(held.source == source.name && held.version == 1)
        #expect(again.sentence.hasPrefix("已在档案中：城关镇 2023 年度第 1 版"))
        #expect(try ArchiveFixtures.counts(archive) == before)
        #expect(try archive.holding(sha256: source.sha256)?.id == held.id)
    }

    /// A corrected file becomes version 2 and current; removing it makes version 1 current again; restoring undoes that.
    @Test func versionsRemoveAndRestore() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "青山镇2023年度政府信息公开工作年度报告.xlsx")
        _ = try archive.add(report, source: source, addedAt: ArchiveFixtures.time)
        var corrected = report
        corrected.values["s3.total.total"] = 156
        corrected.findings = []
        let second = try archive.add(corrected, source: SourceFile(name: "青山镇（修改）.xlsx", bytes: source.bytes + [0]),
                                     addedAt: ArchiveFixtures.time.addingTimeInterval(60))
        guard case .newVersion(let v2) = second else { Issue.record("\(second)"); return }
        #expect(v2.version == 2 && v2.isCurrent && v2.errors == 0)
        #expect(second.sentence == "已收入档案：青山镇 2023 年度第 2 版，现为当前版本（前 1 版仍保留）")
        let history = try archive.versions(agency: "青山镇")
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(try archive.currentReport(agency: "青山镇", year: 2023)?.values["s3.total.total"] == 156)

        let removed = try archive.remove(agency: "青山镇", year: 2023, at: ArchiveFixtures.time)
        #expect(removed.version == 2 && removed.removed && !removed.isCurrent)
        #expect(try archive.versions(agency: "青山镇").map(\.isCurrent) == [true, false])
        #expect(try archive.currentReport(agency: "青山镇", year: 2023)?.values["s3.total.total"] == report.values["s3.total.total"])
        let restored = try archive.restore(agency: "青山镇", year: 2023)
        #expect(restored.version == 2 && restored.isCurrent && !restored.removed)
        // Nothing is ever deleted: both versions' bytes are still there.
        #expect(try archive.versions(agency: "青山镇").map(\.size) == [source.bytes.count, source.bytes.count + 1])
        #expect(throws: ArchiveError.self) { try archive.restore(agency: "青山镇", year: 2023) }
        #expect(throws: ArchiveError.self) { try archive.remove(agency: "没有这个镇", year: 2023) }
    }

    /// A failure at any stage of an add (the stand-in for a crash) rolls the whole add back; the archive goes on.
    @Test func aFailureMidAddLeavesNothing() throws {
        let archive = try ArchiveFixtures.archive()
        let (first, firstSource) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "城关镇2023年度政府信息公开工作年度报告.xlsx")
        _ = try archive.add(first, source: firstSource, addedAt: ArchiveFixtures.time)
        let before = try ArchiveFixtures.counts(archive)
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "青山镇2023年度政府信息公开工作年度报告.xlsx")
        for stage in [ReportArchive.Stage.source, .report, .cells, .findings] {
            #expect(throws: ArchiveError.self) { try archive.add(report, source: source, addedAt: ArchiveFixtures.time, failing: stage) }
            #expect(try ArchiveFixtures.counts(archive) == before, "\(stage)")
            #expect(try archive.holding(sha256: source.sha256) == nil)
        }
        guard case .added = try archive.add(report, source: source, addedAt: ArchiveFixtures.time) else { Issue.record("not added"); return }
        #expect(try archive.queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test func reportsWithoutAgencyOrYearAreNotFiled() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "城关镇2023年度政府信息公开工作年度报告.xlsx")
        var anonymous = report
        anonymous.agency = nil
        #expect(try archive.add(anonymous, source: source) == .refused("认不出报告单位（可用 --agency 指定）"))
        var undated = report
        undated.year = nil
        #expect(try archive.add(undated, source: source) == .refused("认不出报告年度（可用 --year 指定）"))
        #expect(try ArchiveFixtures.counts(archive) == [0, 0, 0, 0])
    }

    /// The view other tools read: one row per key of each current report, the value as a number.
    @Test func reportValuesViewAnswersAKeyQuery() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "青山镇2023年度政府信息公开工作年度报告.xlsx")
        _ = try archive.add(report, source: source, addedAt: ArchiveFixtures.time)
        let value = try archive.queue.read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM report_values WHERE agency LIKE '%青山镇%' AND year = 2023 AND key = 's3.new.total'")
        }
        #expect(value.map { Decimal($0) } == report.values["s3.new.total"])
        let rows = try archive.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM report_values") }
        #expect(rows == report.layout.valueKeys.count)
        // The query uses the key index, not a scan of every cell.
        let plan = try archive.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT value FROM report_values WHERE year = 2023 AND key = 's3.new.total'")
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("cells_key") || $0.contains("PRIMARY KEY") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN c") }, "\(plan)")
        #expect(try archive.trend(agency: "青山镇", key: "s3.new.total").map(\.year) == [2023])
    }

    @Test func aNewerArchiveIsRefusedUntouched() throws {
        let path = try temporaryFolder("nianbao-archive") + "/新版.db"
        _ = try ReportArchive(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "PRAGMA user_version = 99") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ArchiveError(file: path, .newerSchema(found: 99, supported: ReportArchive.schemaVersion))) {
            try ReportArchive(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let sentence = ArchiveError(file: path, .newerSchema(found: 99, supported: 1)).description
        #expect(sentence == "档案 \(path) 由更新版本的 nianbao 建立（结构版本 99，本程序只认识到 1），未打开也未改动；请升级 nianbao 后再用")
    }

    @Test func otherFilesAreNotArchives() throws {
        let folder = try temporaryFolder("nianbao-archive")
        let text = folder + "/笔记.db"
        try Data(String(repeating: "不是数据库", count: 200).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: ArchiveError(file: text, .notAnArchive("它不是 SQLite 数据库"))) { try ReportArchive(path: text) }
        let other = folder + "/别的程序.sqlite"
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: ArchiveError(file: other, .notAnArchive("它是另一个程序的 SQLite 数据库（已有 1 个表）"))) { try ReportArchive(path: other) }
        #expect(throws: ArchiveError(file: folder + "/没有.db", .missing)) { try ReportArchive(path: folder + "/没有.db", create: false) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/没有.db"))
    }

    /// A second writer waits for the first and, past its wait, fails cleanly; nothing is half written.
    @Test func aSecondWriterWaitsThenFailsCleanly() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2023, "城关镇2023年度政府信息公开工作年度报告.xlsx")
        let other = try DatabaseQueue(path: archive.path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            #expect(throws: ArchiveError(file: archive.path, .busy(seconds: 2))) { try archive.add(report, source: source) }
            // Readers are not blocked by the writer.
            #expect(try archive.versions().isEmpty)
            try db.execute(sql: "COMMIT")
        }
        guard case .added = try archive.add(report, source: source) else { Issue.record("not added after the lock"); return }
        #expect(try ArchiveFixtures.counts(archive)[0...1] == [1, 1])
    }

    @Test func exportIsOneWideRowPerVersion() throws {
        let archive = try ArchiveFixtures.archive()
        let (report, source) = try ArchiveFixtures.file(ArchiveFixtures.county2022, "城关镇2022年报.csv")
        _ = try archive.add(report, source: source, addedAt: ArchiveFixtures.time)
        let csv = String(decoding: try archive.exportCSV(), as: UTF8.self)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 2)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.prefix(12) == ["\u{FEFF}agency", "year", "version", "current", "removed", "layout", "source", "size", "sha256", "added_at", "errors", "warnings"])
        #expect(header.count == 12 + ReportArchive.exportKeys.count)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row.prefix(4) == ["城关镇", "2022", "1", "1"])
        #expect(row[9] == "2023-11-14T22:13:20Z")
        let index = try #require(header.firstIndex(of: "s3.new.total"))
        #expect(row[index] == report.values["s3.new.total"].map { "\($0)" })
        guard case .array(let items) = try archive.exportJSON(), case .object(let fields)? = items.first else { Issue.record("no JSON"); return }
        // The report's own object (DESIGN.md's contract) first, then the archive's fields.
        guard case .object(let contract) = ReportJSON.object(report) else { Issue.record("no report JSON"); return }
        #expect(fields.map(\.0) == contract.map(\.0) + ["version", "current", "removed", "size", "sha256", "added_at"])
    }
}
