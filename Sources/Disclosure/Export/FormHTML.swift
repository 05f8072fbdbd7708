// The official form as an HTML table, laid out like the template, with the cells of findings marked.
import Spreadsheet

/// Draws a report as the official form in HTML: the same rows, columns and merged headers as the XLSX template
/// (`FormWriter`), each value cell carrying its canonical key, the source cell it came from and the findings on it.
///
/// A value cell with an error finding gets class `cell-error` (warnings: `cell-warning`), the likely culprit of an
/// identity also `cell-likely`; `data-cell` names the source cell as the report's JSON does (`J46`, `表2 第11行第4列`),
/// and `title` holds the findings' messages so that hovering shows them.
public enum FormHTML {
    /// The `<table class="form">` of `report` in its layout.
    public static func render(_ report: Report) -> String {
        let form = FormWriter(layout: report.layout).form(report)
        let sheet = form.sheet
        var keyAt: [CellRef: String] = [:]
        for (key, ref) in form.cells { keyAt[ref] = key }
        let marks = Marks(report)

        var covered = Set<CellRef>()
        var spans: [CellRef: (rows: Int, columns: Int)] = [:]
        for range in sheet.merged {
            spans[range.first] = (range.last.row - range.first.row + 1, range.last.column - range.first.column + 1)
            for row in range.first.row...range.last.row {
                for column in range.first.column...range.last.column where (row, column) != (range.first.row, range.first.column) {
                    covered.insert(CellRef(row: row, column: column))
                }
            }
        }
        let lastRow = sheet.cells.keys.map(\.row).max() ?? 0
        let lastColumn = sheet.cells.keys.map(\.column).max() ?? 0
        // The first two rows (title, 填报单位) belong to the page, not the table.
        let firstRow = 2

        var html = "<table class=\"form\" data-layout=\"\(escape(report.layout.id))\">"
        for row in firstRow...max(firstRow, lastRow) {
            html += "<tr>"
            var column = 0
            while column <= lastColumn {
                let ref = CellRef(row: row, column: column)
                defer { column += 1 }
                if covered.contains(ref) { continue }
                guard let cell = sheet.cells[ref] else {
                    html += "<td class=\"gap\"></td>"
                    continue
                }
                var attributes: [(String, String)] = []
                var classes: [String] = []
                if let span = spans[ref] {
                    if span.rows > 1 { attributes.append(("rowspan", "\(span.rows)")) }
                    if span.columns > 1 { attributes.append(("colspan", "\(span.columns)")) }
                }
                if let key = keyAt[ref] {
                    classes.append(cell.formula != nil ? "value total" : "value")
                    attributes.append(("data-key", key))
                    if let source = report.cells[key] { attributes.append(("data-cell", source.reference)) }
                    if let mark = marks.byKey[key] {
                        classes.append(mark.severity == .error ? "cell-error" : mark.severity == .warning ? "cell-warning" : "cell-info")
                        if mark.likely { classes.append("cell-likely") }
                        attributes.append(("title", mark.messages.joined(separator: "\n")))
                        attributes.append(("tabindex", "0"))
                    }
                } else if !cell.style.border {
                    classes.append("heading")
                } else {
                    classes.append(cell.style.horizontal == .left ? "label" : "header")
                }
                html += "<td"
                if !classes.isEmpty { html += " class=\"\(classes.joined(separator: " "))\"" }
                for (name, value) in attributes { html += " \(name)=\"\(escape(value))\"" }
                html += ">\(escape(cell.value.text))</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// The worst severity and the messages of the findings on each key.
    struct Marks {
        struct Mark {
            var severity: Severity
            var messages: [String]
            var likely: Bool
        }
        var byKey: [String: Mark] = [:]

        init(_ report: Report) {
            var keyOfCell: [SourceCell: String] = [:]
            for (key, cell) in report.cells { keyOfCell[cell] = key }
            for finding in report.findings where finding.severity != .info {
                let likelyKey = finding.likelyCell.flatMap { keyOfCell[$0] }
                var keys = finding.keys
                // A finding that names cells but no keys (a value that could not be read) still marks its cells.
                if keys.isEmpty { keys = finding.cells.compactMap { $0.flatMap { keyOfCell[$0] } } }
                for key in Set(keys) {
                    var mark = byKey[key] ?? Mark(severity: finding.severity, messages: [], likely: false)
                    mark.severity = max(mark.severity, finding.severity)
                    mark.messages.append("[\(finding.severity.chinese)] \(finding.message)")
                    if key == likelyKey && finding.severity == .error { mark.likely = true }
                    byKey[key] = mark
                }
            }
        }
    }

    /// Text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\n": output += "&#10;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
