// Adding a report: its source, version row, every value with its cell and every finding, in one transaction.
import Disclosure
import Foundation
import GRDB

/// What adding one file did.
public enum AddOutcome: Sendable, Equatable {
    /// The first report of its agency and year.
    case added(ArchivedVersion)
    /// A later version of an agency and year already held; it is now the current one.
    case newVersion(ArchivedVersion)
    /// These bytes are already in the archive (`已在档案中`): nothing changed.
    case alreadyThere(ArchivedVersion)
    /// Not stored: the report names no agency or no year, so it could not be filed.
    case refused(String)

    /// The stored version the outcome is about (nil when refused).
    public var version: ArchivedVersion? {
        switch self {
        case .added(let version), .newVersion(let version), .alreadyThere(let version): return version
        case .refused: return nil
        }
    }

    /// One line for a person: what happened to the file.
    public var sentence: String {
        switch self {
        case .added(let v): return "已收入档案：\(v.agency) \(v.year) 年度（第 1 版）"
        case .newVersion(let v): return "已收入档案：\(v.agency) \(v.year) 年度第 \(v.version) 版，现为当前版本（前 \(v.version - 1) 版仍保留）"
        case .alreadyThere(let v):
            let state = v.removed ? "，已移除；可用 archive restore 恢复" : v.isCurrent ? "" : "，不是当前版本"
            return "已在档案中：\(v.agency) \(v.year) 年度第 \(v.version) 版（\(v.source)\(state)），未作改动"
        case .refused(let why): return "未收入档案：\(why)"
        }
    }
}

extension ReportArchive {
    /// Stages of an add, where tests inject a failure to prove that nothing of a half-done add stays.
    enum Stage: Sendable { case source, report, cells, findings }

    /// The version that holds exactly these bytes, if any (read before reading the file at all).
    public func holding(sha256: String) throws -> ArchivedVersion? {
        try reading { db in try Self.holding(sha256: sha256, db) }
    }

    static func holding(sha256: String, _ db: Database) throws -> ArchivedVersion? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) WHERE s.sha256 = ?"), arguments: [sha256])
            .map(ArchivedVersion.init)
    }

    /// Stores `report`, read from `source`, as the current version of its agency and year (earlier versions stay).
    /// The same bytes again change nothing. `addedAt` is injected so that tests and reruns are deterministic.
    public func add(_ report: Report, source: SourceFile, addedAt: Date = Date()) throws -> AddOutcome {
        try add(report, source: source, addedAt: addedAt, failing: nil)
    }

    func add(_ report: Report, source: SourceFile, addedAt: Date, failing stage: Stage?) throws -> AddOutcome {
        try add([(report, source)], addedAt: addedAt, failing: stage)[0]
    }

    /// Stores several files in one transaction: all of them or none (a crash keeps whole reports only, and a batch of a
    /// folder pays for one commit instead of one per file). Outcomes in order; a later file of the batch sees the earlier
    /// ones (the same bytes twice are stored once, two files of an agency and year are versions 1 and 2).
    public func add(_ items: [(report: Report, source: SourceFile)], addedAt: Date = Date()) throws -> [AddOutcome] {
        try add(items, addedAt: addedAt, failing: nil)
    }

    func add(_ items: [(report: Report, source: SourceFile)], addedAt: Date, failing stage: Stage?) throws -> [AddOutcome] {
        for (_, source) in items where source.bytes.count > Self.maxSourceBytes {
            throw ArchiveError(file: path, .tooLarge(bytes: source.bytes.count, limit: Self.maxSourceBytes))
        }
        var keyIDs: [String: [Int64]] = [:]
        for (report, _) in items where keyIDs[report.layout.id] == nil { keyIDs[report.layout.id] = try keys(for: report.layout) }
        let path = self.path
        let time = Self.timestamp(addedAt)
        func fail(_ at: Stage) throws {
            if stage == at { throw ArchiveError(file: path, .database("测试注入的故障（\(at)）")) }
        }
        return try writing { db in
            try items.map { report, source -> AddOutcome in
                guard let agency = report.agency, !agency.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    return .refused("认不出报告单位（可用 --agency 指定）")
                }
                guard let year = report.year else { return .refused("认不出报告年度（可用 --year 指定）") }
                if let held = try Self.holding(sha256: source.sha256, db) { return .alreadyThere(held) }
                try db.cachedStatement(sql: "INSERT INTO sources (name, size, sha256, added_at, bytes) VALUES (?, ?, ?, ?, ?)").execute(
                    arguments: [source.name, source.bytes.count, source.sha256, time, Data(source.bytes)])
                let sourceID = db.lastInsertedRowID
                try fail(.source)
                let agencyKey = Rollup.agencyKey(agency)
                let version = (try Int.fetchOne(db.cachedStatement(sql: "SELECT max(version) FROM reports WHERE agency_key = ? AND year = ?"),
                                                arguments: [agencyKey, year]) ?? 0) + 1
                try db.cachedStatement(sql: """
                    INSERT INTO reports (source_id, agency, agency_key, year, version, layout, errors, warnings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [sourceID, agency, agencyKey, year, version, report.layout.id, report.errorCount, report.warningCount])
                let reportID = db.lastInsertedRowID
                try fail(.report)
                try ReportRows.insertCells(report, reportID: reportID, source: source.name, keys: keyIDs[report.layout.id] ?? [], db)
                try fail(.cells)
                try ReportRows.insertFindings(report, reportID: reportID, db)
                try fail(.findings)
                try Self.settleCurrent(agencyKey: agencyKey, year: year, db)
                guard let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) WHERE r.id = ?"),
                                                    arguments: [reportID]).map(ArchivedVersion.init) else {
                    throw ArchiveError(file: path, .database("刚写入的报告读不回来"))
                }
                return version == 1 ? .added(stored) : .newVersion(stored)
            }
        }
    }

    /// The current version of an agency and year is its latest version not removed (none when all are removed).
    static func settleCurrent(agencyKey: String, year: Int, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE reports SET is_current = 0 WHERE agency_key = ? AND year = ? AND is_current")
            .execute(arguments: [agencyKey, year])
        try db.cachedStatement(sql: """
            UPDATE reports SET is_current = 1 WHERE id = (
                SELECT id FROM reports WHERE agency_key = ? AND year = ? AND NOT removed ORDER BY version DESC LIMIT 1)
            """).execute(arguments: [agencyKey, year])
    }
}
