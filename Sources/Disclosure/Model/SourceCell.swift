// Where a value came from: file, sheet and A1 cell, or line and column of a report text.
import Spreadsheet

/// The provenance of one value, carried into findings and JSON so a clerk knows which cell to fix.
public struct SourceCell: Sendable, Hashable, CustomStringConvertible {
    /// File, sheet and the document positions, shared by the cells of one sheet: a report copies its source cells
    /// several times per value, and a copy is then one retain rather than one per string.
    final class Place: Sendable {
        let file: String
        let sheet: String?
        let line: Int?
        let table: Int?
        let page: Int?
        let rowLabel: String?
        let numberInRow: Int?

        init(file: String, sheet: String?, line: Int?, table: Int?, page: Int?, rowLabel: String?, numberInRow: Int?) {
            self.file = file
            self.sheet = sheet
            self.line = line
            self.table = table
            self.page = page
            self.rowLabel = rowLabel
            self.numberInRow = numberInRow
        }

        /// The same place in another file (a workbook of the same shape).
        func inFile(_ file: String) -> Place {
            Place(file: file, sheet: sheet, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow)
        }

        func sameContent(as other: Place) -> Bool {
            self === other || (file == other.file && sheet == other.sheet && line == other.line && table == other.table
                && page == other.page && rowLabel == other.rowLabel && numberInRow == other.numberInRow)
        }
    }

    private(set) var place: Place
    /// Row and column in the sheet's grid (0-based).
    public var row: Int
    public var column: Int

    public var file: String {
        get { place.file }
        set { place = Place(file: newValue, sheet: sheet, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow) }
    }
    public var sheet: String? {
        get { place.sheet }
        set { place = Place(file: file, sheet: newValue, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow) }
    }
    /// For report texts: the 1-based line the row came from.
    public var line: Int? {
        get { place.line }
        set { place = Place(file: file, sheet: sheet, line: newValue, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow) }
    }
    /// For report documents (Word, OpenDocument, web pages): the 1-based number of the table in the document.
    public var table: Int? {
        get { place.table }
        set { place = Place(file: file, sheet: sheet, line: line, table: newValue, page: page, rowLabel: rowLabel, numberInRow: numberInRow) }
    }
    /// For PDFs: the 1-based page, the row's label as printed, and which number of the row it is (1-based), which is
    /// what a person can find on paper.
    public var page: Int? {
        get { place.page }
        set { place = Place(file: file, sheet: sheet, line: line, table: table, page: newValue, rowLabel: rowLabel, numberInRow: numberInRow) }
    }
    public var rowLabel: String? {
        get { place.rowLabel }
        set { place = Place(file: file, sheet: sheet, line: line, table: table, page: page, rowLabel: newValue, numberInRow: numberInRow) }
    }
    public var numberInRow: Int? {
        get { place.numberInRow }
        set { place = Place(file: file, sheet: sheet, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: newValue) }
    }

    public init(file: String, sheet: String?, row: Int, column: Int, line: Int? = nil, table: Int? = nil,
                page: Int? = nil, rowLabel: String? = nil, numberInRow: Int? = nil) {
        place = Place(file: file, sheet: sheet, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow)
        self.row = row
        self.column = column
    }

    init(place: Place, row: Int, column: Int) {
        self.place = place
        self.row = row
        self.column = column
    }

    public static func == (lhs: SourceCell, rhs: SourceCell) -> Bool {
        lhs.row == rhs.row && lhs.column == rhs.column && lhs.place.sameContent(as: rhs.place)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(sheet)
        hasher.combine(row)
        hasher.combine(column)
        hasher.combine(line)
        hasher.combine(table)
        hasher.combine(page)
        hasher.combine(rowLabel)
        hasher.combine(numberInRow)
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
