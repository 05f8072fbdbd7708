// Reading the archive: versions by agency and year, current reports rebuilt, last year's report, trends; remove and
// restore, which mark and never destroy.
import Disclosure
import Foundation
import GRDB

extension ReportArchive {
    /// Every version held, by year, agency and version (removed ones too).
    public func versions() throws -> [ArchivedVersion] {
        try reading(versionsIn)
    }

    func versionsIn(_ db: Database) throws -> [ArchivedVersion] {
        try Row.fetchAll(db, sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) ORDER BY r.year, r.agency_key, r.version")
            .map(ArchivedVersion.init)
    }

    /// Every version of one agency (matched as the rollup matches agencies: 后宫乡人民政府 is 后宫乡), by year and version.
    public func versions(agency: String) throws -> [ArchivedVersion] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) WHERE r.agency_key = ? ORDER BY r.year, r.version",
                             arguments: [Rollup.agencyKey(agency)]).map(ArchivedVersion.init)
        }
    }

    /// The stored report of one version, rebuilt (values, cells, findings).
    public func report(_ version: ArchivedVersion) throws -> Report {
        try reading { db in try ReportRows.report(version.id, file: path, db) }
    }

    /// The current reports of `year`, ordered by their source's name as a folder walk orders files.
    public func currentReports(year: Int) throws -> [(version: ArchivedVersion, report: Report)] {
        let file = path
        return try reading { db in
            try Row.fetchAll(db, sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) WHERE r.year = ? AND r.is_current",
                             arguments: [year]).map(ArchivedVersion.init)
                .sorted { $0.source < $1.source }
                .map { ($0, try ReportRows.report($0.id, file: file, db)) }
        }
    }

    /// The current report of an agency for a year, if the archive holds one.
    public func currentReport(agency: String, year: Int) throws -> Report? {
        let file = path
        return try reading { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND is_current",
                               arguments: [Rollup.agencyKey(agency), year])
                .map { try ReportRows.report($0, file: file, db) }
        }
    }

    /// The current report of the year before for `report`'s agency: what `--previous` would have given from a folder
    /// of last year's files. None when the report names no agency or year, or the archive holds none.
    public func previousYear(of report: Report) throws -> Report? {
        guard let agency = report.agency, let year = report.year else { return nil }
        return try currentReport(agency: agency, year: year - 1)
    }

    /// The bytes of a version's source file, exactly as received.
    public func sourceBytes(_ version: ArchivedVersion) throws -> [UInt8] {
        try reading { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT s.bytes FROM \(ArchivedVersion.from) WHERE r.id = ?", arguments: [version.id]) else {
                throw ArchiveError(file: path, .notFound("编号为 \(version.id) 的报告"))
            }
            return [UInt8](data)
        }
    }

    /// One key of an agency's current reports across the years held: (year, value or nil when blank).
    public func trend(agency: String, key: String) throws -> [(year: Int, value: Decimal?)] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT r.year, c.value FROM reports r
                JOIN cells c ON c.report_id = r.id JOIN keys k ON k.id = c.key_id
                WHERE r.agency_key = ? AND r.is_current AND k.key = ? ORDER BY r.year
                """, arguments: [Rollup.agencyKey(agency), key]).map { row in
                (row[0], (row[1] as String?).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) })
            }
        }
    }

    /// Marks a version removed (the current one when `version` is nil); the latest version left becomes current. The
    /// report and its bytes stay, and `restore` brings it back.
    @discardableResult
    public func remove(agency: String, year: Int, version: Int? = nil, at date: Date = Date()) throws -> ArchivedVersion {
        try mark(agency: agency, year: year, version: version, removed: true, at: date)
    }

    /// Unmarks a removed version (the latest removed one when `version` is nil); it is current again when it is the
    /// latest version not removed.
    @discardableResult
    public func restore(agency: String, year: Int, version: Int? = nil) throws -> ArchivedVersion {
        try mark(agency: agency, year: year, version: version, removed: false, at: nil)
    }

    private func mark(agency: String, year: Int, version: Int?, removed: Bool, at date: Date?) throws -> ArchivedVersion {
        let key = Rollup.agencyKey(agency)
        let file = path
        return try writing { db in
            let chosen: Int64?
            if let version {
                chosen = try Int64.fetchOne(db, sql: "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND version = ?",
                                            arguments: [key, year, version])
            } else if removed {
                chosen = try Int64.fetchOne(db, sql: "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND is_current", arguments: [key, year])
            } else {
                chosen = try Int64.fetchOne(db, sql: "SELECT id FROM reports WHERE agency_key = ? AND year = ? AND removed ORDER BY version DESC LIMIT 1",
                                            arguments: [key, year])
            }
            let what = "「\(agency)」\(year) 年度" + (version.map { "第 \($0) 版" } ?? "") + (removed ? "可移除的报告" : "已移除的报告")
            guard let id = chosen else { throw ArchiveError(file: file, .notFound(what)) }
            try db.execute(sql: "UPDATE reports SET removed = ?, removed_at = ? WHERE id = ?",
                           arguments: [removed, date.map(Self.timestamp), id])
            try Self.settleCurrent(agencyKey: key, year: year, db)
            guard let stored = try Row.fetchOne(db, sql: "SELECT \(ArchivedVersion.columns) FROM \(ArchivedVersion.from) WHERE r.id = ?",
                                                arguments: [id]).map(ArchivedVersion.init) else { throw ArchiveError(file: file, .notFound(what)) }
            return stored
        }
    }
}
