// A report as rows and back: every key's value with the cell it came from, and every finding whole.
import Disclosure
import Foundation
import GRDB
import GRDBSQLite

/// The one mapping between `Report` and the `cells`/`findings` tables. A report read back is the report that was
/// stored — values, cells and findings, so that a rollup or a cross-year check of archived reports is the one of the
/// files (only the narrative, which the findings already judged, is not kept).
enum ReportRows {
    /// Every key of the report's layout: value (exact decimal text, NULL when blank) and source cell (NULL columns when
    /// the key was not found). `file` is NULL when the cell is in the source itself.
    static func insertCells(_ report: Report, reportID: Int64, source: String, keys: [Int64], _ db: Database) throws {
        // Two hundred rows a report, a thousand reports a batch: bound through SQLite's C API, which costs a fraction of
        // building an argument array of existentials per row.
        let insert = try RawStatement(db, """
            INSERT INTO cells (report_id, key_id, value, file, sheet, row, col, line, tbl, page, row_label, number_in_row)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, key) in report.layout.valueKeys.enumerated() {
            let cell = report.cells[key]
            insert.bind(1, reportID)
            insert.bind(2, keys[position])
            insert.bind(3, report.values[key].map { "\($0)" })
            insert.bind(4, cell.flatMap { $0.file == source ? nil : $0.file })
            insert.bind(5, cell?.sheet)
            insert.bind(6, cell.map { Int64($0.row) })
            insert.bind(7, cell.map { Int64($0.column) })
            insert.bind(8, cell?.line.map(Int64.init))
            insert.bind(9, cell?.table.map(Int64.init))
            insert.bind(10, cell?.page.map(Int64.init))
            insert.bind(11, cell?.rowLabel)
            insert.bind(12, cell?.numberInRow.map(Int64.init))
            try insert.run()
        }
    }

    static func insertFindings(_ report: Report, reportID: Int64, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO findings (report_id, position, code, severity, message, keys, cells, expected, actual, likely_cell)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, finding) in report.findings.enumerated() {
            let keys = JSONValue.array(finding.keys.map { .string($0) }).render(indent: nil)
            let cells = JSONValue.array(finding.cells.map { $0.map(cellJSON) ?? .null }).render(indent: nil)
            try insert.execute(arguments: [
                reportID, position, finding.code, finding.severity.rawValue, finding.message, keys, cells,
                finding.expected.map { "\($0)" }, finding.actual.map { "\($0)" }, finding.likelyCell.map { cellJSON($0).render(indent: nil) },
            ])
        }
    }

    /// A cell as stored in `findings`: what a person reads (`file`, `sheet`, `cell` as the JSON contract gives them)
    /// and the grid position (0-based `grid_row`, `grid_column`) and document fields that rebuild it exactly.
    static func cellJSON(_ cell: SourceCell) -> JSONValue {
        var fields: [(String, JSONValue)] = [("file", .string(cell.file))]
        if let sheet = cell.sheet { fields.append(("sheet", .string(sheet))) }
        fields.append(("cell", .string(cell.reference)))
        fields.append(("grid_row", .number(Decimal(cell.row))))
        fields.append(("grid_column", .number(Decimal(cell.column))))
        if let line = cell.line { fields.append(("line", .number(Decimal(line)))) }
        if let table = cell.table { fields.append(("table", .number(Decimal(table)))) }
        if let page = cell.page { fields.append(("page", .number(Decimal(page)))) }
        if let label = cell.rowLabel { fields.append(("row_label", .string(label))) }
        if let number = cell.numberInRow { fields.append(("number_in_row", .number(Decimal(number)))) }
        return .object(fields)
    }

    static func cell(_ object: Any?) -> SourceCell? {
        guard let fields = object as? [String: Any], let file = fields["file"] as? String,
              let row = (fields["grid_row"] as? NSNumber)?.intValue, let column = (fields["grid_column"] as? NSNumber)?.intValue else { return nil }
        let number = { (name: String) in (fields[name] as? NSNumber)?.intValue }
        return SourceCell(file: file, sheet: fields["sheet"] as? String, row: row, column: column, line: number("line"), table: number("table"),
                          page: number("page"), rowLabel: fields["row_label"] as? String, numberInRow: number("number_in_row"))
    }

    /// The stored report `reportID`, rebuilt.
    static func report(_ reportID: Int64, file: String, _ db: Database) throws -> Report {
        guard let head = try Row.fetchOne(db, sql: """
            SELECT s.name, r.layout, r.agency, r.year FROM reports r JOIN sources s ON s.id = r.source_id WHERE r.id = ?
            """, arguments: [reportID]) else { throw ArchiveError(file: file, .notFound("编号为 \(reportID) 的报告")) }
        let source: String = head[0]
        let layoutID: String = head[1]
        guard let layout = Layout.named(layoutID) else {
            throw ArchiveError(file: file, .damaged("报告 \(reportID) 的格式版本 \(layoutID) 本程序不认识"))
        }
        var values: [String: Decimal] = [:]
        var cells: [String: SourceCell] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT k.key, c.value, c.file, c.sheet, c.row, c.col, c.line, c.tbl, c.page, c.row_label, c.number_in_row
            FROM cells c JOIN keys k ON k.id = c.key_id WHERE c.report_id = ?
            """, arguments: [reportID])
        while let row = try rows.next() {
            let key: String = row[0]
            if let text: String = row[1] {
                guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw ArchiveError(file: file, .damaged("报告 \(reportID) 的 \(key) 不是数：\(text)"))
                }
                values[key] = value
            }
            if let gridRow: Int = row[4], let column: Int = row[5] {
                cells[key] = SourceCell(file: row[2] ?? source, sheet: row[3], row: gridRow, column: column, line: row[6], table: row[7],
                                        page: row[8], rowLabel: row[9], numberInRow: row[10])
            }
        }
        var findings: [Finding] = []
        let stored = try Row.fetchCursor(db, sql: """
            SELECT code, severity, message, keys, cells, expected, actual, likely_cell FROM findings WHERE report_id = ? ORDER BY position
            """, arguments: [reportID])
        while let row = try stored.next() {
            let code: String = row[0]
            guard let kind = FindingCode(rawValue: code), let severity = Severity(rawValue: row[1]) else {
                throw ArchiveError(file: file, .damaged("报告 \(reportID) 的问题代码 \(code) 本程序不认识"))
            }
            let keys = (try? JSONSerialization.jsonObject(with: Data((row[3] as String).utf8))) as? [String] ?? []
            let cellList = (try? JSONSerialization.jsonObject(with: Data((row[4] as String).utf8))) as? [Any] ?? []
            let likely = (row[7] as String?).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
            let decimal = { (text: String?) in text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }
            var finding = Finding(kind, message: row[2], keys: keys, cells: cellList.map(cell), expected: decimal(row[5]), actual: decimal(row[6]),
                                  likelyCell: cell(likely))
            finding.severity = severity
            findings.append(finding)
        }
        return Report(source: source, layout: layout, agency: head[2], year: head[3], values: values, cells: cells, findings: findings)
    }
}

/// A statement prepared on the connection GRDB holds, bound and stepped through SQLite's C API, finalized when released.
final class RawStatement {
    private let db: Database
    private var handle: OpaquePointer?
    /// SQLite copies bound text before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &handle, nil)
        guard code == SQLITE_OK, handle != nil else { throw error(code) }
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { sqlite3_bind_text(handle, index, value, -1, Self.transient) } else { sqlite3_bind_null(handle, index) }
    }

    /// Steps the statement to its end and makes it ready for the next bindings.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
