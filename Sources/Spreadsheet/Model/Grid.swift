// A sparse sheet of cells with merged ranges, and where each row came from in a text or PDF source.

/// A sparse grid of cells. Rows and columns are 0-based; `rowCount`/`columnCount` are the extent of
/// the non-blank cells (the `<dimension>` a file declares is ignored).
public struct Grid: Sendable, Equatable {
    /// Each non-blank row's cells, in column order (rows arrive in order from every reader: appending is the
    /// common case, lookups are binary searches).
    private var rows: [Int: [ColumnCell]] = [:]
    public private(set) var rowCount = 0
    public private(set) var columnCount = 0
    /// Non-blank cells held.
    public private(set) var cellCount = 0
    /// Set when a reader offered more than `maximumCells` cells: those past the cap were dropped (memory stays bounded
    /// whatever the file holds), and `FormatRegistry` refuses the file instead of reading part of it.
    public private(set) var overflowed = false
    /// Cells one file may hold: far above any report (a 2021 form has about 300 values, a long PDF a few thousand
    /// cells), above nianbao's own county workbook of 3,000 members (分单位明细: 300 columns a member, read back as a
    /// report) and the 65,536 × 10 sheets the benchmarks read; a 59 MB data export stops here after about 8 MB.
    public static let maximumCells = 1_000_000
    /// Merged ranges as the source declared them.
    public var merged: [CellRange] = []
    /// Rows and columns the sheet hides from view (their cells are read all the same).
    public var hidden = HiddenLines()
    /// For sources that are not sheets (report text, PDF): where each grid row came from, indexed by row; nil for
    /// sheets and documents, whose cells are named by their position.
    public var origins: [RowOrigin]?

    public init() {}

    /// An empty grid with room for `rows` rows before its table grows (a township's form has 40–60; growing a
    /// row at a time from empty rehashes it seven times).
    public init(reservingRows rows: Int) {
        self.rows.reserveCapacity(rows)
    }

    /// Builds a grid from rows of text (blank strings stay blank). Handy for tests and text sources.
    public init(text rows: [[String]]) {
        for (r, row) in rows.enumerated() {
            for (c, text) in row.enumerated() where !text.isEmpty { self[r, c] = Cell(.text(text)) }
        }
    }

    /// Where `row` came from, when the source says (text and PDF sources).
    public func origin(ofRow row: Int) -> RowOrigin? {
        guard let origins, origins.indices.contains(row) else { return nil }
        return origins[row]
    }

    /// Where `column` is, or would be inserted, in a row's cells.
    private static func search(_ column: Int, in cells: [ColumnCell]) -> (index: Int, found: Bool) {
        var low = 0, high = cells.count
        while low < high {
            let middle = (low + high) / 2
            if cells[middle].column < column { low = middle + 1 } else { high = middle }
        }
        return (low, low < cells.count && cells[low].column == column)
    }

    /// The cell at a position (`.empty` where nothing is); setting a blank cell removes it.
    public subscript(row: Int, column: Int) -> Cell {
        get {
            guard let cells = rows[row] else { return .empty }
            let (index, found) = Grid.search(column, in: cells)
            return found ? cells[index].cell : .empty
        }
        set {
            if newValue.isBlank {
                guard let cells = rows[row] else { return }
                let (index, found) = Grid.search(column, in: cells)
                guard found else { return }
                cellCount -= 1
                rows[row]?.remove(at: index)
                if rows[row]?.isEmpty == true { rows[row] = nil }
                return
            }
            if let last = rows[row]?.last?.column, last >= column {
                let (index, found) = Grid.search(column, in: rows[row] ?? [])
                if found {
                    rows[row]?[index].cell = newValue
                } else {
                    guard admit(1) else { return }
                    rows[row]?.insert(ColumnCell(column: column, cell: newValue), at: index)
                }
            } else {
                guard admit(1) else { return }
                rows[row, default: []].append(ColumnCell(column: column, cell: newValue))
            }
            rowCount = max(rowCount, row + 1)
            columnCount = max(columnCount, column + 1)
        }
    }

    /// Sets the cells of row `row` (blank cells are dropped): the readers' fast path for a new row.
    public mutating func setRow(_ row: Int, _ cells: [ColumnCell]) {
        if rows[row] != nil {
            // A row given twice (a cell outside its row element): merge cell by cell.
            for cell in cells { self[row, cell.column] = cell.cell }
            return
        }
        // One pass: are there blanks to drop, are the columns ascending, which is the last column.
        var blanks = 0
        var ascending = true
        var previous = -1
        var widest = -1
        for cell in cells {
            if cell.cell.isBlank { blanks += 1; continue }
            if cell.column <= previous { ascending = false }
            previous = cell.column
            widest = max(widest, cell.column)
        }
        guard widest >= 0, admit(cells.count - blanks) else { return }
        var kept = blanks == 0 ? cells : cells.filter { !$0.cell.isBlank }
        if !ascending { kept.sort { $0.column < $1.column } }
        rows[row] = kept
        rowCount = max(rowCount, row + 1)
        columnCount = max(columnCount, widest + 1)
    }

    /// Counts `count` new cells, or marks the grid overflowed when they would pass the cap.
    private mutating func admit(_ count: Int) -> Bool {
        guard cellCount + count <= Grid.maximumCells else {
            overflowed = true
            return false
        }
        cellCount += count
        return true
    }

    public subscript(ref: CellRef) -> Cell {
        get { self[ref.row, ref.column] }
        set { self[ref.row, ref.column] = newValue }
    }

    /// The non-blank cells of `row`, in column order.
    public func cells(inRow row: Int) -> [(column: Int, cell: Cell)] {
        (rows[row] ?? []).map { ($0.column, $0.cell) }
    }

    /// The non-blank cells of `row`, in column order, as stored (no copy).
    public func columnCells(inRow row: Int) -> [ColumnCell] {
        rows[row] ?? []
    }

    /// The grid with every cell transformed in place (positions, merges and sources unchanged); a cell that becomes
    /// blank is dropped.
    public func mapped(_ transform: (Cell) -> Cell) -> Grid {
        var copy = self
        for (row, cells) in rows {
            let kept = cells.map { ColumnCell(column: $0.column, cell: transform($0.cell)) }.filter { !$0.cell.isBlank }
            copy.cellCount -= cells.count - kept.count
            copy.rows[row] = kept.isEmpty ? nil : kept
        }
        return copy
    }

    /// Indices of rows holding at least one non-blank cell, ascending.
    public var nonBlankRows: [Int] { rows.keys.sorted() }

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
        lhs.rows == rhs.rows && lhs.merged == rhs.merged && lhs.origins == rhs.origins && lhs.hidden == rhs.hidden
    }
}

/// Where one grid row of a text or PDF source came from: the 1-based line it was on (or, for a text of one cell per
/// line, the line of each column's cell) and the 1-based page it is printed on.
public struct RowOrigin: Sendable, Equatable {
    public var line: Int?
    /// Per column, the 1-based line of that column's cell (texts of one cell per line).
    public var cellLines: [Int]?
    public var page: Int?

    public init(line: Int? = nil, cellLines: [Int]? = nil, page: Int? = nil) {
        self.line = line
        self.cellLines = cellLines
        self.page = page
    }

    /// The line of `column`'s cell: its own line where the text gives one, else the row's.
    public func line(ofColumn column: Int) -> Int? {
        if let cellLines, cellLines.indices.contains(column) { return cellLines[column] }
        return line
    }
}

/// The rows and columns a sheet hides (0-based, as ranges: a sheet may hide every column right of its table).
public struct HiddenLines: Sendable, Equatable {
    public private(set) var rows: [ClosedRange<Int>] = []
    public private(set) var columns: [ClosedRange<Int>] = []

    public init() {}

    public var isEmpty: Bool { rows.isEmpty && columns.isEmpty }

    public mutating func hideRows(_ range: ClosedRange<Int>) { Self.add(range, to: &rows) }
    public mutating func hideColumns(_ range: ClosedRange<Int>) { Self.add(range, to: &columns) }

    public func isHidden(row: Int) -> Bool { rows.contains { $0.contains(row) } }
    public func isHidden(column: Int) -> Bool { columns.contains { $0.contains(column) } }
    public func isHidden(row: Int, column: Int) -> Bool { isHidden(row: row) || isHidden(column: column) }

    /// Adds a range, joining it to the last one when they touch (readers report rows and columns in order).
    private static func add(_ range: ClosedRange<Int>, to ranges: inout [ClosedRange<Int>]) {
        if let last = ranges.last, range.lowerBound <= last.upperBound + 1, range.lowerBound >= last.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
        } else {
            ranges.append(range)
        }
    }
}
