// The archive's tables, view and indexes, versioned by `PRAGMA user_version`, and the migrations between versions.
import GRDB

/// The schema, one migration per version. A database is brought up to `version` in one transaction; one whose
/// `user_version` is higher was written by a newer nianbao and is refused untouched. docs/archive.md describes it.
enum ArchiveSchema {
    /// `PRAGMA application_id`: marks the file as a nianbao archive ("nbar"), so another program's database is refused.
    static let applicationID: Int32 = 0x6E62_6172

    /// Migration `i` takes a database from version `i` to `i + 1`.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE sources (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL UNIQUE,
                added_at TEXT NOT NULL,
                bytes BLOB NOT NULL
            )
            """,
            """
            CREATE TABLE reports (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL UNIQUE REFERENCES sources(id),
                agency TEXT NOT NULL,
                agency_key TEXT NOT NULL,
                year INTEGER NOT NULL,
                version INTEGER NOT NULL,
                layout TEXT NOT NULL,
                errors INTEGER NOT NULL,
                warnings INTEGER NOT NULL,
                is_current INTEGER NOT NULL DEFAULT 0,
                removed INTEGER NOT NULL DEFAULT 0,
                removed_at TEXT,
                UNIQUE (agency_key, year, version)
            )
            """,
            "CREATE UNIQUE INDEX reports_current ON reports(agency_key, year) WHERE is_current",
            "CREATE INDEX reports_year ON reports(year, is_current)",
            "CREATE TABLE keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
            """
            CREATE TABLE cells (
                report_id INTEGER NOT NULL REFERENCES reports(id),
                key_id INTEGER NOT NULL REFERENCES keys(id),
                value TEXT,
                file TEXT,
                sheet TEXT,
                row INTEGER,
                col INTEGER,
                line INTEGER,
                tbl INTEGER,
                page INTEGER,
                row_label TEXT,
                number_in_row INTEGER,
                PRIMARY KEY (report_id, key_id)
            ) WITHOUT ROWID
            """,
            // Covering a key query (a key across agencies and years) without reading every report's cells.
            "CREATE INDEX cells_key ON cells(key_id, report_id, value)",
            """
            CREATE TABLE findings (
                report_id INTEGER NOT NULL REFERENCES reports(id),
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                severity TEXT NOT NULL,
                message TEXT NOT NULL,
                keys TEXT NOT NULL,
                cells TEXT NOT NULL,
                expected TEXT,
                actual TEXT,
                likely_cell TEXT,
                PRIMARY KEY (report_id, position)
            ) WITHOUT ROWID
            """,
            """
            CREATE VIEW report_values AS
                SELECT r.agency AS agency, r.year AS year, k.key AS key, CAST(c.value AS NUMERIC) AS value
                FROM reports r JOIN cells c ON c.report_id = r.id JOIN keys k ON k.id = c.key_id
                WHERE r.is_current
            """,
        ],
    ]

    /// The version this program writes and reads.
    static var version: Int { migrations.count }

    /// Refuses, without writing anything, a database of a newer nianbao or of another program.
    static func refuseForeign(_ db: Database, file: String) throws {
        let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if found > version { throw ArchiveError(file: file, .newerSchema(found: found, supported: version)) }
        if application != 0 && application != applicationID {
            throw ArchiveError(file: file, .notAnArchive("它是另一个程序的 SQLite 数据库（application_id \(application)）"))
        }
        if found == 0 {
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if tables > 0 { throw ArchiveError(file: file, .notAnArchive("它是另一个程序的 SQLite 数据库（已有 \(tables) 个表）")) }
        }
    }

    /// Brings `db` to `version` in one transaction, checking again inside it (another process may have just created it).
    static func migrate(_ db: Database, file: String) throws {
        try db.inTransaction(.immediate) {
            try refuseForeign(db, file: file)
            let found = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard found < version else { return .commit }
            for migration in migrations[found...] {
                for statement in migration { try db.execute(sql: statement) }
            }
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return .commit
        }
    }
}
