// Wide CSV: one row per report, one column per canonical key, for spreadsheets and databases that want a report per row.
import Foundation
import Spreadsheet

/// `source, agency, year, layout, status, errors, warnings`, then every canonical key in the layouts' form order (the
/// keys of the first report's layout first; keys of another layout in the batch after them). Blank values stay empty.
public enum WideCSV {
    public static let leading = ["source", "agency", "year", "layout", "status", "errors", "warnings"]

    /// The key columns of a batch: each layout's keys in form order, each key once.
    public static func keys(_ reports: [Report]) -> [String] {
        var layouts: [Layout] = []
        for report in reports where !layouts.contains(where: { $0.id == report.layout.id }) { layouts.append(report.layout) }
        if layouts.isEmpty, let newest = Layout.all.first { layouts = [newest] }
        var seen = Set<String>()
        return layouts.flatMap(\.valueKeys).filter { seen.insert($0).inserted }
    }

    public static func render(_ reports: [Report], options: CSVWriterOptions = CSVWriterOptions()) throws -> [UInt8] {
        let keys = keys(reports)
        var writer = CSVWriter(options: options)
        writer.append(texts: leading + keys)
        for report in reports {
            var row: [CellValue] = [
                .text(report.source), .text(report.agency ?? ""), report.year.map { .number(Double($0)) } ?? .empty, .text(report.layout.id),
                .text(ReportJSON.status(report)), .number(Double(report.errorCount)), .number(Double(report.warningCount)),
            ]
            let kinds = Dictionary(report.layout.tables.flatMap(\.rows).flatMap { row in row.columns.map { ("\(row.key).\($0.key)", $0.kind) } },
                                   uniquingKeysWith: { first, _ in first })
            for key in keys {
                guard let kind = kinds[key], let value = report.values[key] else { row.append(.empty); continue }
                row.append(FormWriter.cellValue(value, kind: kind))
            }
            writer.append(row)
        }
        return try writer.bytes()
    }
}
