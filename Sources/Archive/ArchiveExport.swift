// `archive export`: one row per report version, wide (a column per key), as CSV or JSON.
import Disclosure
import Foundation
import Spreadsheet

extension ReportArchive {
    /// The columns before the keys, in the order both formats give them.
    public static let exportColumns = ["agency", "year", "version", "current", "removed", "layout", "source", "size", "sha256",
                                       "added_at", "errors", "warnings"]

    /// Every key of every layout, the newest layout's first: the wide table's value columns.
    static var exportKeys: [String] {
        var seen = Set<String>()
        return Layout.all.flatMap(\.valueKeys).filter { seen.insert($0).inserted }
    }

    /// Every version (removed ones too, marked) with every value: CSV (UTF-8 with BOM, a column per key, blank where a
    /// layout has no such key or the cell was blank).
    public func exportCSV() throws -> [UInt8] {
        let keys = Self.exportKeys
        var writer = CSVWriter()
        writer.append(texts: Self.exportColumns + keys)
        for (version, report) in try everyReport() {
            var row: [CellValue] = [
                .text(version.agency), .number(Double(version.year)), .number(Double(version.version)), .number(version.isCurrent ? 1 : 0),
                .number(version.removed ? 1 : 0), .text(version.layout), .text(version.source), .number(Double(version.size)),
                .text(version.sha256), .text(version.addedAt), .number(Double(version.errors)), .number(Double(version.warnings)),
            ]
            for key in keys {
                row.append(report.values[key].map { FormWriter.cellValue($0, kind: report.layout.kinds[key] ?? .count) } ?? .empty)
            }
            writer.append(row)
        }
        return try writer.bytes()
    }

    /// Every version as the report JSON of DESIGN.md (source, layout, agency, year, values, findings) with the archive's
    /// fields after it.
    public func exportJSON() throws -> JSONValue {
        .array(try everyReport().map { version, report in
            guard case .object(var fields) = ReportJSON.object(report) else { return .null }
            fields += [
                ("version", .number(Decimal(version.version))), ("current", .bool(version.isCurrent)), ("removed", .bool(version.removed)),
                ("size", .number(Decimal(version.size))), ("sha256", .string(version.sha256)), ("added_at", .string(version.addedAt)),
            ]
            return .object(fields)
        })
    }

    private func everyReport() throws -> [(ArchivedVersion, Report)] {
        let file = path
        return try reading { db in
            try versionsIn(db).map { ($0, try ReportRows.report($0.id, file: file, db)) }
        }
    }
}
