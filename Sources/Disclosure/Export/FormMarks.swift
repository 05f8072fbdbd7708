// The form sent back: every cell an error names as likely wrong filled red, every warning's cell yellow, each with a
// comment holding the message; and a 问题清单 whose cells are this workbook's own, the source's position beside them.
import Spreadsheet

extension FormWriter {
    /// Where a finding points in this form: for an error, its likely wrong cell when it names one, else all its cells;
    /// for a warning, all its cells. Only cells of the report's own file (a rollup's aggregate carries its members'
    /// findings, whose cells are elsewhere).
    static func markedKeys(_ finding: Finding, report: Report) -> [String] {
        var own: [String] = []
        for (index, key) in finding.keys.enumerated() {
            guard index < finding.cells.count, let cell = finding.cells[index], cell.file == report.source else { continue }
            own.append(key)
        }
        if finding.severity == .error, let likely = finding.likelyCell, likely.file == report.source {
            if let index = finding.cells.firstIndex(where: { $0 == likely }), index < finding.keys.count { return [finding.keys[index]] }
            if let key = report.cells.first(where: { $0.value == likely })?.key { return [key] }
        }
        return own
    }

    /// Fills and comments on the cells the report's errors and warnings name.
    func mark(_ report: Report, sheet: inout WorksheetDocument, cells: [String: CellRef]) {
        var severity: [CellRef: Severity] = [:]
        var notes: [CellRef: [String]] = [:]
        for finding in report.findings where finding.severity != .info {
            for key in Self.markedKeys(finding, report: report) {
                guard let ref = cells[key] else { continue }
                severity[ref] = max(severity[ref] ?? .info, finding.severity)
                let note = "【\(finding.severity.chinese)】\(finding.kind.entry.title)：\(finding.message)"
                if notes[ref]?.contains(note) != true { notes[ref, default: []].append(note) }
            }
        }
        for (ref, level) in severity {
            sheet.cells[ref, default: WriterCell(.empty)].style.fill = level == .error ? PrintLayout.errorFill : PrintLayout.warningFill
        }
        for (ref, texts) in notes { sheet.comments[ref] = WriterCell.fitted(texts.joined(separator: "\n\n")) }
    }

    /// The findings of a filled form: this workbook's cells first (`年报!J46`), then where they sit in the source
    /// (`表2 第11行第4列`), severity, code, message. Errors first.
    static func returnSheet(_ report: Report, cells: [String: CellRef], formName: String) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "问题清单")
        let headers = ["本表单元格", "原文件位置", "级别", "代码", "说明"]
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: header)
        }
        let quoted = formName.contains(where: { !$0.isLetter && !$0.isNumber }) ? "'\(formName)'" : formName
        let shown = report.findings.filter { $0.severity != .info }.sorted { $0.severity > $1.severity }
        for (index, finding) in shown.enumerated() {
            let keys = markedKeys(finding, report: report).filter { cells[$0] != nil }
            let own = keys.compactMap { cells[$0] }.map { "\(quoted)!\($0.a1)" }
            let sources = keys.compactMap { report.cells[$0]?.description }
            let texts = [own.joined(separator: " "), (sources.isEmpty ? finding.placedCells.map(\.description) : sources).joined(separator: " "),
                         finding.severity.chinese, finding.code, finding.message]
            var style = label
            style.fill = finding.severity == .error ? PrintLayout.errorFill : PrintLayout.warningFill
            for (column, text) in texts.enumerated() {
                sheet.cells[CellRef(row: index + 1, column: column)] = WriterCell.fitting(text, style: column == 2 ? style : label)
            }
        }
        sheet.columnWidths = [0: 14, 1: 20, 2: 6, 3: 22, 4: 70]
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths)
        return sheet
    }
}
