// The county archive: one SQLite file of every accepted report by agency, year and version, with its source's bytes.
import Disclosure
import Foundation
import GRDB
import Synchronization

/// An archive file opened for reading and adding. WAL mode: one writer at a time (a second waits up to `wait`
/// seconds, then fails with `ArchiveError.busy`), readers never blocked; every change is one transaction, so a crash
/// leaves whole reports only. The schema is `ArchiveSchema`; docs/archive.md describes it.
public struct ReportArchive: Sendable {
    /// The database file, as the user named it (every error names it).
    public let path: String
    let queue: DatabaseQueue

    /// Files larger than this are not kept (a zip member's own limit is 256 MB too).
    public static let maxSourceBytes = 256 << 20

    /// Opens (creating when `create`) the archive at `path` and brings its schema up to date; refuses a database of a
    /// newer nianbao or of another program, naming the file.
    public init(path: String, create: Bool = true, wait: Double = 30) throws {
        self.path = path
        self.wait = wait
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw ArchiveError(file: path, .missing)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(wait)
        configuration.prepareDatabase { db in
            // WAL with NORMAL: a commit is durable once the WAL is synced at checkpoint, and never torn.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let file = path
        queue = try Self.mapping(file, wait: wait) { try DatabaseQueue(path: file, configuration: configuration) }
        let queue = self.queue
        try Self.mapping(file, wait: wait) {
            try queue.writeWithoutTransaction { db in
                // A newer or foreign database is refused before anything is written to it (not even the journal mode).
                // In one read transaction: its statements see one state of the file (another process may be creating it).
                try db.inTransaction(.deferred) {
                    try ArchiveSchema.refuseForeign(db, file: file)
                    return .commit
                }
                try Self.enableWAL(db, file: file, wait: wait)
                try ArchiveSchema.migrate(db, file: file)
            }
        }
    }

    let wait: Double

    /// `PRAGMA journal_mode = WAL` needs the file to itself for a moment and, unlike other statements, answers
    /// SQLITE_BUSY at once instead of waiting (two adders creating one archive at the same time): asked again every
    /// 20 ms until `wait` seconds of tries have passed.
    static func enableWAL(_ db: Database, file: String, wait: Double) throws {
        let tries = max(1, Int(wait * 50))
        for _ in 0..<tries {
            do {
                if try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")?.lowercased() == "wal" { return }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                // Another process holds the file for this moment; ask again.
            }
            usleep(20_000)
        }
        throw ArchiveError(file: file, .busy(seconds: wait))
    }
    /// The ids of the keys held, by layout: keys are only ever added, so ids once read stay true.
    let keyIDs = KeyCache()

    /// The `keys` ids of a layout's value keys, in its order; keys the archive lacks are added first, in a transaction of
    /// their own (a key without values harms nothing, and an add that fails later leaves no id behind that is not there).
    func keys(for layout: Layout) throws -> [Int64] {
        if let known = keyIDs.ids.withLock({ $0[layout.id] }) { return known }
        let ids = try writing { db -> [Int64] in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO keys (key) VALUES (?)")
            for key in layout.valueKeys { try insert.execute(arguments: [key]) }
            let all = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, id FROM keys").map { ($0[0] as String, $0[1] as Int64) })
            return try layout.valueKeys.map { key in
                guard let id = all[key] else { throw ArchiveError(file: path, .database("键 \(key) 未能写入")) }
                return id
            }
        }
        keyIDs.ids.withLock { $0[layout.id] = ids }
        return ids
    }

    /// The schema version this program reads and writes.
    public static var schemaVersion: Int { ArchiveSchema.version }

    /// Runs `body` in one immediate transaction: all of it is written, or nothing.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapping(path, wait: wait) {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw ArchiveError(file: path, .database("事务没有结果")) }
                return result
            }
        }
    }

    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapping(path, wait: wait) { try queue.read(body) }
    }

    /// SQLite's errors in the archive's words.
    static func mapping<T>(_ file: String, wait: Double, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw ArchiveError(file: file, .notAnArchive("它不是 SQLite 数据库"))
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw ArchiveError(file: file, .busy(seconds: wait))
            default: throw ArchiveError(file: file, .database(error.message ?? "\(error.resultCode)"))
            }
        }
    }

    /// `2026-12-04T18:43:40Z`: the added time as stored (UTC, to the second), sortable as text.
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// Key ids by layout, shared by the copies of one opened archive.
final class KeyCache: Sendable {
    let ids = Mutex<[String: [Int64]]>([:])
}

/// A file as received: the name it was given (a path, or `报表.zip/乡镇/后宫乡.xlsx`) and its bytes.
public struct SourceFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public let sha256: String

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        sha256 = SHA256.hex(bytes)
    }
}

/// One stored version of one agency's report for one year, without its values.
public struct ArchivedVersion: Sendable, Equatable {
    public var id: Int64
    public var agency: String
    public var year: Int
    public var version: Int
    public var layout: String
    public var errors: Int
    public var warnings: Int
    public var isCurrent: Bool
    public var removed: Bool
    public var source: String
    public var size: Int
    public var sha256: String
    public var addedAt: String

    static let columns = """
        r.id, r.agency, r.year, r.version, r.layout, r.errors, r.warnings, r.is_current, r.removed,
        s.name, s.size, s.sha256, s.added_at
        """
    static let from = "reports r JOIN sources s ON s.id = r.source_id"

    init(_ row: Row) {
        id = row[0]
        agency = row[1]
        year = row[2]
        version = row[3]
        layout = row[4]
        errors = row[5]
        warnings = row[6]
        isCurrent = row[7]
        removed = row[8]
        source = row[9]
        size = row[10]
        sha256 = row[11]
        addedAt = row[12]
    }
}
