// Text for one spreadsheet cell: a cell holds at most 32,767 characters, so a longer message is cut with a note.
import Spreadsheet

extension WriterCell {
    /// The longest text a cell (or a cell's comment) holds in Excel, WPS and LibreOffice, in UTF-16 units.
    static let textLimit = 32_767

    /// A text cell of at most `textLimit` characters: a message longer than that (a finding that names thousands of
    /// files) is cut, and the cut says where the whole text is, rather than the workbook not being written.
    static func fitting(_ text: String, style: CellStyle) -> WriterCell {
        WriterCell(.text(fitted(text)), style: style)
    }

    static func fitted(_ text: String) -> String {
        guard text.utf16.count > textLimit else { return text }
        let note = "……（全文共 \(text.count) 字，超出单元格的容量；完整内容见 JSON 输出或终端）"
        var kept = ""
        var units = 0
        for character in text {
            units += character.utf16.count
            if units > textLimit - 200 { break }
            kept.append(character)
        }
        return kept + note
    }
}
