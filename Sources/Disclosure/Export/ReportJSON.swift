// The JSON contract of DESIGN.md: one object per input, values under every key of the layout.
import Foundation

/// Reports as the JSON objects DESIGN.md defines.
public enum ReportJSON {
    /// `{"source","layout","agency","year","values":{key:number|null},"findings":[…]}`; `extra` adds fields.
    public static func object(_ report: Report) -> JSONValue {
        var values: [(String, JSONValue)] = []
        for key in report.layout.valueKeys {
            values.append((key, report.values[key].map { .number($0) } ?? .null))
        }
        return .object([
            ("source", .string(report.source)),
            ("layout", .string(report.layout.id)),
            ("agency", report.agency.map { .string($0) } ?? .null),
            ("year", report.year.map { .number(Decimal($0)) } ?? .null),
            ("status", .string(status(report))),
            ("errors", .number(Decimal(report.errorCount))),
            ("warnings", .number(Decimal(report.warningCount))),
            ("values", .object(values)),
            ("findings", .array(report.findings.map(finding))),
        ])
    }

    /// `ok`, `warnings` or `errors`: the worst severity among the report's findings.
    public static func status(_ report: Report) -> String {
        report.errorCount > 0 ? "errors" : report.warningCount > 0 ? "warnings" : "ok"
    }

    /// An input that could not be read: `{"source", "status": "unreadable", "error_code", "error"}`.
    public static func unreadable(_ source: String, _ failure: ReadFailure) -> JSONValue {
        .object([("source", .string(source)), ("status", .string("unreadable")), ("error_code", .string(failure.code.rawValue)),
                 ("error", .string(failure.message))])
    }

    /// A file found among the inputs but not read: `{"source", "status": "skipped", "skipped"}`.
    public static func skipped(_ source: String, reason: String) -> JSONValue {
        .object([("source", .string(source)), ("status", .string("skipped")), ("skipped", .string(reason))])
    }

    /// One finding as JSON: code, severity, message, cells, keys, expected, actual, delta, likely cell.
    public static func finding(_ finding: Finding) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("code", .string(finding.code)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("cells", .array(finding.cells.map { $0.map(cell) ?? .null })),
            ("keys", .array(finding.keys.map { .string($0) })),
            ("expected", finding.expected.map { .number($0) } ?? .null),
            ("actual", finding.actual.map { .number($0) } ?? .null),
        ]
        if let delta = finding.delta { fields.append(("delta", .number(delta))) }
        if let likely = finding.likelyCell { fields.append(("likely_cell", cell(likely))) }
        return .object(fields)
    }

    static func cell(_ cell: SourceCell) -> JSONValue {
        var fields: [(String, JSONValue)] = [("file", .string(cell.file))]
        if let sheet = cell.sheet { fields.append(("sheet", .string(sheet))) }
        fields.append(("cell", .string(cell.reference)))
        if let line = cell.line { fields.append(("line", .number(Decimal(line)))); fields.append(("column", .number(Decimal(cell.column + 1)))) }
        if let page = cell.page {
            fields.append(("page", .number(Decimal(page))))
            if let label = cell.rowLabel { fields.append(("row_label", .string(label))) }
            if let number = cell.numberInRow { fields.append(("number_in_row", .number(Decimal(number)))) }
        }
        if let table = cell.table {
            fields.append(("table", .number(Decimal(table))))
            fields.append(("row", .number(Decimal(cell.row + 1))))
            fields.append(("column", .number(Decimal(cell.column + 1))))
        }
        return .object(fields)
    }
}

/// A minimal JSON value with ordered objects and exact decimals (no floating point on the way out).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.render() == rhs.render() }

    /// The JSON text; `indent: nil` for one line.
    public func render(indent: Int? = 2) -> String {
        var output = ""
        write(into: &output, level: 0, indent: indent)
        return output
    }

    private func write(into output: inout String, level: Int, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (depth: Int) in indent.map { String(repeating: " ", count: $0 * depth) } ?? "" }
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let value): output += Normaliser.format(value)
        case .string(let text): output += JSONValue.quote(text)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[" + newline
            for (index, item) in items.enumerated() {
                output += pad(level + 1)
                item.write(into: &output, level: level + 1, indent: indent)
                output += (index < items.count - 1 ? "," : "") + newline
            }
            output += pad(level) + "]"
        case .object(let fields):
            if fields.isEmpty { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in fields.enumerated() {
                output += pad(level + 1) + JSONValue.quote(key) + (indent == nil ? ":" : ": ")
                value.write(into: &output, level: level + 1, indent: indent)
                output += (index < fields.count - 1 ? "," : "") + newline
            }
            output += pad(level) + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
