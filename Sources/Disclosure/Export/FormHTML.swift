// The official form as an HTML table, laid out like the template, with the cells of findings marked.
import Spreadsheet

/// Draws a report as the official form in HTML: the same rows, columns and merged headers as the XLSX template
/// (both read `FormGeometry`), each value cell carrying its canonical key, the source cell it came from and the findings on it.
///
/// A value cell with an error finding gets class `cell-error` (warnings: `cell-warning`), the likely culprit of an
/// identity also `cell-likely`; `data-cell` names the source cell as the report's JSON does (`J46`, `表2 第11行第4列`),
/// and `title` holds the findings' messages so that hovering shows them.
public enum FormHTML {
    /// The `<table class="form">` of `report` in its layout.
    public static func render(_ report: Report) -> String {
        let geometry = FormGeometry(layout: report.layout)
        let marks = Marks(report)
        var anchors: [CellRef: FormGeometry.Place] = [:]
        var covered = Set<CellRef>()
        for place in geometry.places {
            anchors[place.range.first] = place
            for row in place.range.first.row...place.range.last.row {
                for column in place.range.first.column...place.range.last.column where row != place.range.first.row || column != place.range.first.column {
                    covered.insert(CellRef(row: row, column: column))
                }
            }
        }
        let lastRow = geometry.places.map(\.range.last.row).max() ?? 0
        // The title and the 填报单位 line belong to the page around the table, not to it.
        let firstRow = (geometry.places.filter { [.title, .filledBy, .contact].contains($0.role) }.map(\.range.last.row).max() ?? -1) + 1
        let kinds = report.layout.kinds

        var html = "<table class=\"form\" data-layout=\"\(escape(report.layout.id))\">"
        for row in firstRow...max(firstRow, lastRow) {
            html += "<tr>"
            for column in 0..<geometry.width {
                let ref = CellRef(row: row, column: column)
                if covered.contains(ref) { continue }
                guard let place = anchors[ref] else {
                    html += "<td class=\"gap\"></td>"
                    continue
                }
                var attributes: [(String, String)] = []
                var classes: [String] = []
                let rows = place.range.last.row - place.range.first.row + 1
                let columns = place.range.last.column - place.range.first.column + 1
                if rows > 1 { attributes.append(("rowspan", "\(rows)")) }
                if columns > 1 { attributes.append(("colspan", "\(columns)")) }
                var text = place.text
                switch place.role {
                case .input(let key, _):
                    classes.append(geometry.definitions[key] != nil ? "value total" : "value")
                    attributes.append(("data-key", key))
                    text = report.values[key].map { FormWriter.cellValue($0, kind: kinds[key] ?? .count).text } ?? ""
                    if let source = report.cells[key] { attributes.append(("data-cell", source.reference)) }
                    if let mark = marks.byKey[key] {
                        classes.append(mark.severity == .error ? "cell-error" : mark.severity == .warning ? "cell-warning" : "cell-info")
                        if mark.likely { classes.append("cell-likely") }
                        attributes.append(("title", mark.messages.joined(separator: "\n")))
                        attributes.append(("tabindex", "0"))
                    }
                case .heading, .title, .filledBy, .contact: classes.append("heading")
                case .header: classes.append("header")
                case .label: classes.append("label")
                }
                html += "<td class=\"\(classes.joined(separator: " "))\""
                for (name, value) in attributes { html += " \(name)=\"\(escape(value))\"" }
                html += ">\(escape(text))</td>"
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
