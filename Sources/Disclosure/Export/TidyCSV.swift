// Tidy (long) CSV: one row per value, for databases and pandas.
import Foundation
import Spreadsheet

/// One row per value (source, agency, year, layout, key, section, labels, value, cell).
public enum TidyCSV {
    public static let columns = ["source", "agency", "year", "layout", "key", "section", "row_label", "column_label", "value", "cell"]

    /// Appends one report's rows (every key of the layout; missing values empty).
    public static func append(_ report: Report, to writer: inout CSVWriter) {
        for table in report.layout.tables {
            for row in table.rows {
                for column in row.columns {
                    let key = "\(row.key).\(column.key)"
                    let value: CellValue = report.values[key].map { FormWriter.cellValue($0, kind: column.kind) } ?? .empty
                    let columnLabel = column.group.map { "\($0) › \(column.label)" } ?? column.label
                    writer.append([
                        .text(report.source), .text(report.agency ?? ""), report.year.map { CellValue.number(Double($0)) } ?? .empty,
                        .text(report.layout.id), .text(key), .text(table.section.rawValue), .text(row.path.joined(separator: " › ")),
                        .text(columnLabel), value, .text(report.cells[key]?.description ?? ""),
                    ])
                }
            }
        }
    }

    /// The header and every report's rows as CSV bytes (UTF-8 with BOM unless `options` says otherwise).
    public static func render(_ reports: [Report], options: CSVWriterOptions = CSVWriterOptions()) throws -> [UInt8] {
        var writer = CSVWriter(options: options)
        writer.append(texts: columns)
        for report in reports { append(report, to: &writer) }
        return try writer.bytes()
    }
}
