// Builds one Grid from a document table's rows of cells that span columns and rows (DOCX, ODT, HTML).
import Spreadsheet

/// Lays out a document table's cells on a grid: spans become merged ranges, cells covered by a span from an
/// earlier row are skipped over, and each cell's text becomes a typed value the way a text source's would.
struct TableBuilder {
    /// The rows finished so far. The current row's cells wait in `rowCells` and join the grid once, when the row ends
    /// (`Grid.setRow`), rather than with a dictionary update per cell.
    private var finished = Grid()
    private var rowCells: [ColumnCell] = []
    /// The current row (−1 before the first `startRow`).
    private(set) var row = -1
    /// The next free column of the current row.
    private(set) var column = 0
    /// Per column: the last row a row span from above still covers.
    private var coveredUntil: [Int] = []
    /// Per first column: the merged range (index in `grid.merged`) whose last row a Word `<w:vMerge/>` cell may extend.
    private var openMerges: [Int: Int] = [:]
    /// Set once the row cap is reached: what follows is dropped rather than piled onto the last row.
    private var full = false
    /// Caps that keep a hostile table (a colspan of a million) from exhausting memory.
    static let maxColumns = 1_024
    static let maxRows = 100_000

    var isEmpty: Bool { finished.rowCount == 0 && rowCells.isEmpty && finished.merged.isEmpty }

    /// The table's grid, the current row included.
    var grid: Grid {
        var grid = finished
        if !rowCells.isEmpty { grid.setRow(row, rowCells) }
        return grid
    }

    mutating func startRow() {
        guard row + 1 < TableBuilder.maxRows else {
            full = true
            return
        }
        finishRow()
        row += 1
        column = 0
        skipCovered()
    }

    /// Moves past columns a row span from an earlier row still covers.
    private mutating func skipCovered() {
        while column < coveredUntil.count, coveredUntil[column] >= row { column += 1 }
    }

    /// Skips `count` grid columns (DOCX `w:gridBefore`, a blank repeated ODT cell).
    mutating func skip(_ count: Int) {
        column = min(column + max(count, 0), TableBuilder.maxColumns)
        skipCovered()
    }

    /// Places a cell of UTF-8 text at the next free column (HTML, ODT): `columnSpan × rowSpan` becomes a merged range.
    mutating func addCell(_ text: [UInt8], columnSpan: Int = 1, rowSpan: Int = 1) {
        if row < 0 { startRow() }
        guard !full, column < TableBuilder.maxColumns else { return }
        let width = min(max(columnSpan, 1), TableBuilder.maxColumns - column)
        let height = min(max(rowSpan, 1), TableBuilder.maxRows - row)
        set(text, column: column)
        if width > 1 || height > 1 {
            finished.merged.append(CellRange(first: CellRef(row: row, column: column),
                                             last: CellRef(row: row + height - 1, column: column + width - 1)))
            openMerges[column] = finished.merged.count - 1
        } else {
            openMerges[column] = nil
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
        guard !full, column < TableBuilder.maxColumns else { return }
        let width = min(max(columnSpan, 1), TableBuilder.maxColumns - column)
        if let index = openMerges[column], finished.merged[index].last.row == row - 1 {
            finished.merged[index].last = CellRef(row: row, column: finished.merged[index].last.column)
            append(text, to: finished.merged[index].first)
        } else if row > 0 {
            finished.merged.append(CellRange(first: CellRef(row: row - 1, column: column), last: CellRef(row: row, column: column + width - 1)))
            openMerges[column] = finished.merged.count - 1
            append(text, to: CellRef(row: row - 1, column: column))
        } else {
            set(text, column: column)
        }
        column += width
    }

    /// Text in a cell that continues a merge joins the merge's first cell, on an earlier row (Word keeps it; it shows
    /// below).
    private mutating func append(_ text: [UInt8], to ref: CellRef) {
        let added = DocumentText.trimmed(text)
        guard !added.isEmpty else { return }
        if ref.row >= row { finishRow() }
        let existing = finished[ref].value.text
        finished[ref.row, ref.column] = Cell(CSVReader.value(of: existing.isEmpty ? added : existing + "\n" + added))
    }

    /// A cell of the current row; columns only grow along a row, so the row's cells stay in column order.
    private mutating func set(_ text: [UInt8], column: Int) {
        let trimmed = DocumentText.trimmed(text)
        guard !trimmed.isEmpty else { return }
        rowCells.append(ColumnCell(column: column, cell: Cell(CSVReader.value(of: trimmed))))
    }

    /// Hands the current row's cells to the grid.
    private mutating func finishRow() {
        guard !rowCells.isEmpty else { return }
        finished.setRow(row, rowCells)
        rowCells.removeAll(keepingCapacity: true)
    }
}

/// What a reader keeps per open table at least: the text of the cell being read.
protocol OpenCell {
    var cell: [UInt8] { get set }
    var inCell: Bool { get set }
}

/// The tables open at a point of a document, innermost last, each with its reader's per-table state; the tables
/// closed so far; and the document order that names them (`表1`, `表2`… in the order they start).
struct TableStack<State> {
    struct Entry {
        var builder = TableBuilder()
        var order: Int
        var state: State
    }

    private(set) var open: [Entry] = []
    private var finished: [(order: Int, grid: Grid)] = []
    private var started = 0
    /// Tables nested deeper than the cap are not opened: their start and end tags are only counted, so the end tag
    /// of an ignored table never closes its parent.
    private var ignored = 0
    static var maxNesting: Int { 32 }

    var isEmpty: Bool { open.isEmpty }
    /// The document order of the innermost open table, or nil outside tables (read in place: `open.last` would
    /// copy the whole entry, its grid with it).
    var innermostOrder: Int? { open.isEmpty ? nil : open[open.count - 1].order }

    mutating func push(_ state: State) {
        started += 1
        if open.count < Self.maxNesting && ignored == 0 {
            open.append(Entry(order: started, state: state))
        } else {
            ignored += 1
        }
    }

    /// Closes the innermost table (or an ignored one), keeping its grid when it holds anything.
    @discardableResult
    mutating func pop() -> Entry? {
        if ignored > 0 {
            ignored -= 1
            return nil
        }
        guard let entry = open.popLast() else { return nil }
        if !entry.builder.isEmpty { finished.append((entry.order, entry.builder.grid)) }
        return entry
    }

    /// Changes the innermost open table, if any; inside tables nested past the cap nothing is (their content is dropped).
    mutating func top<Result>(_ body: (inout Entry) -> Result) -> Result? {
        guard !open.isEmpty, ignored == 0 else { return nil }
        return body(&open[open.count - 1])
    }

    /// The tables in document order as sheets; tables a truncated document left open are kept with what they hold.
    mutating func sheets() -> [Sheet] {
        while !open.isEmpty || ignored > 0 { pop() }
        return finished.sorted { $0.order < $1.order }.map { Sheet(name: "表\($0.order)", grid: $0.grid, tableNumber: $0.order) }
    }
}

extension TableStack where State: OpenCell {
    /// Caps on the text of one cell and one paragraph: a hostile document's megabytes of text go nowhere.
    static var maxCellBytes: Int { 1 << 20 }
    static var maxParagraphBytes: Int { 1 << 22 }

    /// Text goes into the innermost open cell, or, outside tables, into `paragraph`.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, paragraph: inout [UInt8]) {
        if isEmpty {
            if paragraph.count < Self.maxParagraphBytes { paragraph.append(contentsOf: bytes) }
        } else {
            appendToOpenCell(bytes)
        }
    }

    /// Whether the innermost table has a cell open (never inside tables nested past the cap), read in place.
    var innermostInCell: Bool {
        guard !open.isEmpty, ignored == 0 else { return false }
        return open[open.count - 1].state.inCell
    }

    /// Text into the innermost table's open cell, if one is open.
    mutating func appendToOpenCell(_ bytes: UnsafeBufferPointer<UInt8>) {
        top { entry in
            if entry.state.inCell, entry.state.cell.count < Self.maxCellBytes { entry.state.cell.append(contentsOf: bytes) }
        }
    }
}
