// The other sheets a form workbook carries: the filling instructions (from the layout's notes) and the findings.
import Spreadsheet

extension FormWriter {
    /// The instruction sheet, from the layout's notes.
    public func instructions() -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "填报说明")
        sheet["A1"] = WriterCell(.text("填报说明（\(layout.name)）"), style: CellStyle(font: Self.headingFont))
        for (index, note) in layout.notes.enumerated() {
            sheet.cells[CellRef(row: index + 2, column: 0)] = WriterCell(.text("\(index + 1). \(note)"), style: CellStyle(font: Self.bodyFont, wrap: true))
        }
        // Within an A4 portrait page: one column as wide as the printable width, each note's row as tall as its lines.
        sheet.columnWidths = [0: 80]
        sheet.page = PageSetup(landscape: false, fitToWidth: false)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths)
        return sheet
    }

    /// A sheet listing findings: severity, code, message, cells; with `sources`, a first column naming the
    /// file each finding belongs to (same order as `findings`).
    public static func findingsSheet(_ findings: [Finding], name: String = "问题清单", sources: [String]? = nil) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: name)
        var headers = ["级别", "代码", "说明", "单元格"]
        if sources != nil { headers.insert("文件", at: 0) }
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: header)
        }
        for (index, finding) in findings.enumerated() {
            var texts = [finding.severity.chinese, finding.code, finding.message, finding.placedCells.map(\.description).joined(separator: " ")]
            if let sources { texts.insert(sources[index], at: 0) }
            for (column, text) in texts.enumerated() {
                sheet.cells[CellRef(row: index + 1, column: column)] = WriterCell.fitting(text, style: label)
            }
        }
        sheet.columnWidths = sources == nil ? [0: 6, 1: 24, 2: 80, 3: 24] : [0: 28, 1: 6, 2: 24, 3: 70, 4: 24]
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths)
        return sheet
    }
}
