// Where a value came from: file, sheet and A1 cell, or line and column of a report text.
import Spreadsheet

/// The provenance of one value, carried into findings and JSON so a clerk knows which cell to fix.
public struct SourceCell: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var sheet: String?
    /// Row and column in the sheet's grid (0-based).
    public var row: Int
    public var column: Int
    /// For report texts: the 1-based line the row came from.
    public var line: Int?
    /// For report documents (Word, OpenDocument, web pages): the 1-based number of the table in the document.
    public var table: Int?
    /// For PDFs: the 1-based page, the row's label as printed, and which number of the row it is (1-based), which is
    /// what a person can find on paper.
    public var page: Int?
    public var rowLabel: String?
    public var numberInRow: Int?

    public init(file: String, sheet: String?, row: Int, column: Int, line: Int? = nil, table: Int? = nil,
                page: Int? = nil, rowLabel: String? = nil, numberInRow: Int? = nil) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.line = line
        self.table = table
        self.page = page
        self.rowLabel = rowLabel
        self.numberInRow = numberInRow
    }

    /// `D27` for spreadsheets; `52:4` (line:column, 1-based) for report texts; `表2 第11行第4列` for documents (rows
    /// and columns counted as the table shows them, merged cells as one).
    public var reference: String {
        if let line { return "\(line):\(column + 1)" }
        if let page {
            let label = rowLabel.map { "「\($0)」" } ?? ""
            return "第\(page)页\(label)" + (numberInRow.map { "第\($0)个数" } ?? "第\(column + 1)列")
        }
        if let table { return "表\(table) 第\(row + 1)行第\(column + 1)列" }
        return CellRef(row: row, column: column).a1
    }

    /// `表1!D27`, `第52行第4列` or `表2 第11行第4列`, as a clerk reads it.
    public var description: String {
        if let line { return "第\(line)行第\(column + 1)列" }
        if table != nil || page != nil { return reference }
        if let sheet { return "\(sheet)!\(reference)" }
        return reference
    }
}
