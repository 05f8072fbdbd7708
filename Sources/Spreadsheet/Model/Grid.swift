// A sparse sheet of cells with merged ranges, and where each row came from in a text source.

/// A sparse grid of cells. Rows and columns are 0-based; `rowCount`/`columnCount` are the extent of
/// the non-blank cells (the `<dimension>` a file declares is ignored).
public struct Grid: Sendable, Equatable {
    private var rows: [Int: [Int: Cell]] = [:]
    public private(set) var rowCount = 0
    public private(set) var columnCount = 0
    /// Merged ranges as the source declared them.
    public var merged: [CellRange] = []
    /// For text sources: the 1-based line number each grid row came from (same count as rows).
    public var sourceLines: [Int]?

    public init() {}

    /// Builds a grid from rows of text (blank strings stay blank). Handy for tests and text sources.
    public init(text rows: [[String]]) {
        for (r, row) in rows.enumerated() {
            for (c, text) in row.enumerated() where !text.isEmpty { self[r, c] = Cell(.text(text)) }
        }
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { rows[row]?[column] ?? .empty }
        set {
            if newValue.isBlank {
                rows[row]?[column] = nil
                return
            }
            rows[row, default: [:]][column] = newValue
            rowCount = max(rowCount, row + 1)
            columnCount = max(columnCount, column + 1)
        }
    }

    public subscript(ref: CellRef) -> Cell {
        get { self[ref.row, ref.column] }
        set { self[ref.row, ref.column] = newValue }
    }

    /// The non-blank cells of `row`, by column, in column order.
    public func cells(inRow row: Int) -> [(column: Int, cell: Cell)] {
        guard let cells = rows[row] else { return [] }
        return cells.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Indices of rows holding at least one non-blank cell, ascending.
    public var nonBlankRows: [Int] { rows.filter { !$0.value.isEmpty }.keys.sorted() }

    /// The merged range covering `ref`, if any.
    public func mergedRange(containing ref: CellRef) -> CellRange? {
        merged.first { $0.contains(ref) }
    }

    /// Text of a row from column 0 to the row's last cell (blank cells as "").
    public func rowTexts(_ row: Int) -> [String] {
        let cells = cells(inRow: row)
        guard let last = cells.last?.column else { return [] }
        var texts = [String](repeating: "", count: last + 1)
        for (column, cell) in cells { texts[column] = cell.value.text }
        return texts
    }

    public static func == (lhs: Grid, rhs: Grid) -> Bool {
        lhs.rows == rhs.rows && lhs.merged == rhs.merged && lhs.sourceLines == rhs.sourceLines
    }
}
