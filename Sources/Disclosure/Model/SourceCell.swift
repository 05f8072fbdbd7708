// Where a value came from: file, sheet and A1 cell, or line and column of a report text.
import Spreadsheet

/// The provenance of one value, carried into findings and JSON so a clerk knows which cell to fix.
public struct SourceCell: Sendable, Hashable, CustomStringConvertible {
    /// File, sheet and the document positions, shared by the cells of one sheet: a report copies its source cells
    /// several times per value, and a copy is then one retain rather than one per string.
    struct Fields: Sendable, Equatable {
        var file: String
        var sheet: String?
        var line: Int?
        var table: Int?
        var page: Int?
        var rowLabel: String?
        var numberInRow: Int?
    }

    final class Place: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }

        /// The same place in another file (a workbook of the same shape).
        func inFile(_ file: String) -> Place {
            var moved = fields
            moved.file = file
            return Place(moved)
        }

        func sameContent(as other: Place) -> Bool { self === other || fields == other.fields }
    }

    private(set) var place: Place
    /// Row and column in the sheet's grid (0-based).
    public var row: Int
    public var column: Int

    public var file: String { get { place.fields.file } set { set(\.file, newValue) } }
    public var sheet: String? { get { place.fields.sheet } set { set(\.sheet, newValue) } }
    /// For report texts: the 1-based line the row came from.
    public var line: Int? { get { place.fields.line } set { set(\.line, newValue) } }
    /// For report documents (Word, OpenDocument, web pages): the 1-based number of the table in the document.
    public var table: Int? { get { place.fields.table } set { set(\.table, newValue) } }
    /// For PDFs: the 1-based page, the row's label as printed, and which number of the row it is (1-based), which is
    /// what a person can find on paper.
    public var page: Int? { get { place.fields.page } set { set(\.page, newValue) } }
    public var rowLabel: String? { get { place.fields.rowLabel } set { set(\.rowLabel, newValue) } }
    public var numberInRow: Int? { get { place.fields.numberInRow } set { set(\.numberInRow, newValue) } }

    /// A new place: others may share the current one.
    private mutating func set<Value>(_ field: WritableKeyPath<Fields, Value>, _ value: Value) {
        var fields = place.fields
        fields[keyPath: field] = value
        place = Place(fields)
    }

    public init(file: String, sheet: String?, row: Int, column: Int, line: Int? = nil, table: Int? = nil,
                page: Int? = nil, rowLabel: String? = nil, numberInRow: Int? = nil) {
        place = Place(Fields(file: file, sheet: sheet, line: line, table: table, page: page, rowLabel: rowLabel, numberInRow: numberInRow))
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

    /// The one notation of a cell, in every output (terminal, JSON, CSV, XLSX, the page): `D27` for sheets;
    /// `第52行第4列` for report texts (line and column, 1-based); `表2 第11行第4列` for documents (rows and columns
    /// counted as the table shows them, merged cells as one); `第4页「（一）予以公开」第2个数` for PDFs.
    public var reference: String {
        if let line { return "第\(line)行第\(column + 1)列" }
        if let page {
            let label = rowLabel.map { "「\($0)」" } ?? ""
            return "第\(page)页\(label)" + (numberInRow.map { "第\($0)个数" } ?? "第\(column + 1)列")
        }
        if let table { return "表\(table) 第\(row + 1)行第\(column + 1)列" }
        return CellRef(row: row, column: column).a1
    }

    public var description: String { reference }

    /// `表1!D27` where cells of several sheets meet in one message; `reference` otherwise.
    public var qualified: String {
        if line == nil, table == nil, page == nil, let sheet { return "\(sheet)!\(reference)" }
        return reference
    }
}
