// Builds one Grid from a document table's rows of cells that span columns and rows (DOCX, ODT, HTML).

/// Lays out a document table's cells on a grid: spans become merged ranges, cells covered by a span from an
/// earlier row are skipped over, and each cell's text becomes a typed value the way a text source's would.
struct TableBuilder {
    private(set) var grid = Grid()
    /// The current row (−1 before the first `startRow`).
    private(set) var row = -1
    /// The next free column of the current row.
    private(set) var column = 0
    /// Per column: the last row a row span from above still covers.
    private var coveredUntil: [Int] = []
    /// Caps that keep a hostile table (a colspan of a million) from exhausting memory.
    static let maxColumns = 1_024
    static let maxRows = 100_000

    var isEmpty: Bool { grid.rowCount == 0 && grid.merged.isEmpty }
    var rowCount: Int { row + 1 }

    mutating func startRow() {
        guard row + 1 < TableBuilder.maxRows else { return }
        row += 1
        column = 0
        skipCovered()
    }

    /// Moves past columns a row span from an earlier row still covers.
    private mutating func skipCovered() {
        while column < coveredUntil.count, coveredUntil[column] >= row { column += 1 }
    }

    /// Skips `count` grid columns (DOCX `w:gridBefore`, ODT covered cells).
    mutating func skip(_ count: Int) {
        column = min(column + max(count, 0), TableBuilder.maxColumns)
        skipCovered()
    }

    /// Places a cell at the next free column (HTML, ODT): `columnSpan × rowSpan` becomes a merged range.
    mutating func addCell(_ text: String, columnSpan: Int = 1, rowSpan: Int = 1) {
        addCell(Array(text.utf8), columnSpan: columnSpan, rowSpan: rowSpan)
    }

    /// `addCell` of UTF-8 bytes (what the readers gather).
    mutating func addCell(_ text: [UInt8], columnSpan: Int = 1, rowSpan: Int = 1) {
        if row < 0 { startRow() }
        guard column < TableBuilder.maxColumns else { return }
        let width = min(max(columnSpan, 1), TableBuilder.maxColumns - column)
        let height = min(max(rowSpan, 1), TableBuilder.maxRows - row)
        set(text, row: row, column: column)
        if width > 1 || height > 1 {
            grid.merged.append(CellRange(first: CellRef(row: row, column: column),
                                         last: CellRef(row: row + height - 1, column: column + width - 1)))
        }
        if height > 1 {
            if coveredUntil.count < column + width { coveredUntil += [Int](repeating: -1, count: column + width - coveredUntil.count) }
            for covered in column..<(column + width) { coveredUntil[covered] = row + height - 1 }
        }
        column += width
        skipCovered()
    }

    /// Places a DOCX cell that continues the vertical merge of the cell above (`<w:vMerge/>`): the merged range
    /// that ends on the row above at this column grows by one row; its text, if any, joins the first cell's.
    mutating func continueVerticalMerge(_ text: [UInt8], columnSpan: Int = 1) {
        if row < 0 { startRow() }
        guard column < TableBuilder.maxColumns else { return }
        let width = min(max(columnSpan, 1), TableBuilder.maxColumns - column)
        if let index = grid.merged.lastIndex(where: { $0.first.column == column && $0.last.row == row - 1 }) {
            grid.merged[index].last = CellRef(row: row, column: grid.merged[index].last.column)
            append(text, to: grid.merged[index].first)
        } else if row > 0 {
            grid.merged.append(CellRange(first: CellRef(row: row - 1, column: column), last: CellRef(row: row, column: column + width - 1)))
            append(text, to: CellRef(row: row - 1, column: column))
        } else {
            set(text, row: row, column: column)
        }
        column += width
    }

    /// Text in a cell that continues a merge joins the merge's first cell (Word keeps it; it shows below).
    private mutating func append(_ text: [UInt8], to ref: CellRef) {
        let added = DocumentText.trimmed(text)
        guard !added.isEmpty else { return }
        let existing = grid[ref].value.text
        grid[ref.row, ref.column] = Cell(CSVReader.value(of: existing.isEmpty ? added : existing + "\n" + added))
    }

    private mutating func set(_ text: [UInt8], row: Int, column: Int) {
        let trimmed = DocumentText.trimmed(text)
        guard !trimmed.isEmpty else { return }
        grid[row, column] = Cell(CSVReader.value(of: trimmed))
    }
}
