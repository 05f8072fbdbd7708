// The batch summary: one row per input and every finding with its cell, as XLSX, CSV or JSON; and by agency.
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

enum Summary {
    static let columns = ["文件", "单位", "年度", "格式", "状态", "错误数", "警告数", "首个问题"]

    static func status(_ result: BatchResult) -> String {
        guard let report = result.report else { return "无法读取" }
        return report.errorCount > 0 ? "有错误" : report.warningCount > 0 ? "有警告" : "通过"
    }

    static func skippedRow(_ path: String) -> [CellValue] {
        [.text(path), .empty, .empty, .empty, .text("跳过"), .empty, .empty, .text(Batch.skipReason(path))]
    }

    static func row(_ result: BatchResult) -> [CellValue] {
        guard let report = result.report else {
            return [.text(result.path), .empty, .empty, .empty, .text("无法读取"), .empty, .empty, .text(result.error ?? "")]
        }
        let first = report.findings.filter { $0.severity != .info }.max { $0.severity < $1.severity }
        return [.text(result.path), .text(report.agency ?? ""), report.year.map { .number(Double($0)) } ?? .empty, .text(report.layout.id),
                .text(status(result)), .number(Double(report.errorCount)), .number(Double(report.warningCount)),
                .text(first.map { "\($0.placedCells.first?.reference ?? "") \($0.code) \($0.message)" } ?? "")]
    }

    /// Writes the summary file (a row per input, then a row per skipped file); its format follows the extension.
    static func write(_ results: [BatchResult], skipped: [String], to path: String, inputs: [String], csv: CSVWriterOptions = CSVWriterOptions()) throws {
        let lower = path.lowercased()
        let rows = results.map(row) + skipped.map(skippedRow)
        if lower.hasSuffix(".json") {
            let value = JSONValue.object([
                ("files", .array(rows.map { row in
                    .object(zip(["file", "agency", "year", "layout", "status", "errors", "warnings", "first_finding"], row).map { key, value in
                        (key, json(value))
                    })
                })),
                ("findings", .array(results.flatMap { result in
                    (result.report?.findings ?? []).filter { $0.severity != .info }.map { finding in
                        guard case .object(var fields) = ReportJSON.finding(finding) else { return JSONValue.null }
                        fields.insert(("file", .string(result.path)), at: 0)
                        return .object(fields)
                    }
                })),
            ])
            try AtomicFile.write(Array((value.render() + "\n").utf8), to: path, inputs: inputs)
        } else if lower.hasSuffix(".csv") {
            var writer = CSVWriter(options: csv)
            writer.append(texts: columns)
            for row in rows { writer.append(row) }
            try AtomicFile.write(try writer.bytes(), to: path, inputs: inputs)
        } else if lower.hasSuffix(".xlsx") {
            var files = WorksheetDocument(name: "汇总")
            for (column, text) in columns.enumerated() {
                files.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: FormWriter.header)
            }
            for (index, row) in rows.enumerated() {
                for (column, value) in row.enumerated() {
                    files.cells[CellRef(row: index + 1, column: column)] = WriterCell(value, style: FormWriter.label)
                }
            }
            files.columnWidths = [0: 40, 1: 16, 2: 8, 3: 6, 4: 10, 5: 8, 6: 8, 7: 80]
            files.frozen = CellRef(row: 1, column: 0)
            var findings: [(String, Finding)] = []
            for result in results {
                for finding in result.report?.findings ?? [] where finding.severity != .info { findings.append((result.path, finding)) }
            }
            var sheet = FormWriter.findingsSheet(findings.map(\.1), name: "问题清单", sources: findings.map(\.0))
            sheet.columnWidths = [0: 40, 1: 6, 2: 26, 3: 80, 4: 24]
            try AtomicFile.write(try XLSXWriter.bytes(WorkbookDocument(sheets: [files, sheet])), to: path, inputs: inputs)
        } else {
            try validate(path)
        }
    }

    /// Refuses a summary path the writer cannot produce, before any file is read.
    static func validate(_ path: String) throws {
        guard [".xlsx", ".csv", ".json"].contains(where: path.lowercased().hasSuffix) else {
            throw ValidationError("--summary 的文件应以 .xlsx、.csv 或 .json 结尾")
        }
    }

    private static func json(_ value: CellValue) -> JSONValue {
        switch value {
        case .empty: return .null
        case .number(let number, _): return .number(Decimal(number))
        default: return .string(value.text)
        }
    }

    /// `单位：状态` lines for a batch of several agencies.
    static func byAgency(_ results: [BatchResult]) -> [String] {
        let agencies = results.map { $0.report?.agency ?? ($0.path as NSString).lastPathComponent }
        var seen: [String: Int] = [:]
        for agency in agencies { seen[agency, default: 0] += 1 }
        var lines = zip(agencies, results).map { "  \($0)：\(status($1))" }
        // In the order the agencies first appear: a dictionary's order would change from run to run.
        var noted = Set<String>()
        for agency in agencies where (seen[agency] ?? 0) > 1 && noted.insert(agency).inserted {
            lines.append("  注意：\(agency) 出现 \(seen[agency] ?? 0) 次")
        }
        return lines
    }
}
