// Reading the value of each matched row and column, with the source cell it came from.
import Foundation
import Spreadsheet

extension Workbook {
    /// Whether a located value's source names its sheet. A CSV's only sheet is the file itself (named after it): its
    /// references name none, and the locate shape leaves the name out, so a county's CSVs share one shape.
    var sourcesNameSheets: Bool { format != .csv }
}

extension LocateSession {
    func source(_ scan: RowScan, column: Int) -> SourceCell {
        let sheet = workbook.sheets[scan.sheet]
        // A text copied one cell per line: the cell's own line is what a person finds again.
        let origin = sheet.grid.origin(ofRow: scan.row)
        if let cellLines = origin?.cellLines, cellLines.indices.contains(column) {
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: 0, line: cellLines[column])
        }
        if workbook.format == .pdf, let page = origin?.page {
            // The row's own label (its leaf), not the fragments of a vertical parent label printed beside it.
            let label = (scan.leading.last?.raw ?? "").replacingOccurrences(of: "\n", with: "")
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: column, page: page,
                              rowLabel: label.isEmpty ? nil : label, numberInRow: scan.valueColumns.firstIndex(of: column).map { $0 + 1 })
        }
        if workbook.format.isDocument {
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: column,
                              table: sheet.tableNumber ?? scan.sheet + 1)
        }
        return SourceCell(file: workbook.source, sheet: workbook.sourcesNameSheets ? sheet.name : nil, row: scan.row, column: column,
                          line: sheet.grid.origins == nil ? nil : origin?.line ?? scan.row + 1)
    }

    /// Reads a data row's values where the table's column plan puts them. The plan was decided once for the whole
    /// table (`columnPlan`): a row is never moved on its own, whatever its values are.
    mutating func extract(row: LayoutRow, scan: RowScan, plan: ColumnPlan) {
        let grid = grid(scan.sheet)
        let picks = Self.picks(row: row, scan: scan, plan: plan)
        // The row's own labels under a value column: the table's columns do not fit this row, which is read not at all
        // rather than moved.
        if picks.isEmpty || picks.contains(where: { $0.column <= scan.lastLabelColumn }) {
            findings.append(Finding(.layoutColumnsUnaligned,
                                    message: "「\(row.label)」行的数值列无法对齐", keys: row.valueKeys,
                                    cells: [source(scan, column: scan.lastLabelColumn)]))
            return
        }
        // A text row with fewer cells after its label than the table has columns (a blank cell whose field the copy
        // dropped): which value is which column is not known, so the reading says so. (More cells are the empty cells of
        // a merged label, which every text copy has.)
        if case .afterLabels(_, let helpers) = plan, let cells = Self.cellsAfterLabels(scan, helpers: helpers), cells < row.columns.count {
            findings.append(Finding(.layoutColumnsAssumed,
                                    message: "「\(row.label)」行标签后有 \(cells) 个单元格，表头有 \(row.columns.count) 列，无法确定每个数值属于哪一列，"
                                        + "已按靠近标签的顺序读取；请核对这一行", keys: row.valueKeys,
                                    cells: picks.map { source(scan, column: $0.column) }))
        }
        for pick in picks {
            let key = "\(row.key).\(pick.key)"
            values[key] = LocatedValue(key: key, cell: grid[scan.row, pick.column], source: source(scan, column: pick.column),
                                       sheetIndex: scan.sheet, unit: pick.unit)
        }
    }

    /// The grid column (and unit) of each of a row's values under the table's plan.
    static func picks(row: LayoutRow, scan: RowScan, plan: ColumnPlan) -> [(key: String, column: Int, unit: ValueParser.MoneyUnit)] {
        var picks: [(key: String, column: Int, unit: ValueParser.MoneyUnit)] = []
        switch plan {
        case .header(let positions):
            for column in row.columns {
                guard let position = positions.first(where: { $0.key == column.key }) else { continue }
                // A header merged over several grid columns: the value sits in one of them (the first that holds one).
                let span = position.column..<(position.column + max(1, position.span))
                let chosen = span.first { scan.valueColumns.contains($0) } ?? position.column
                picks.append((column.key, chosen, position.unit))
            }
        case .afterLabels(let units, let helpers):
            let columns = columnsAfterLabels(scan, count: row.columns.count, helpers: helpers)
            for (column, grid) in zip(row.columns, columns) { picks.append((column.key, grid, units[column.key] ?? .wan)) }
        case .assumed(let start, let units):
            for (offset, column) in row.columns.enumerated() { picks.append((column.key, start + offset, units[column.key] ?? .wan)) }
        }
        return picks
    }

    /// How well a plan fits a row: its value cells read, less those it passes over (left of its last column), and the
    /// whole row lost where a value column falls on the row's labels.
    static func fit(row: LayoutRow, scan: RowScan, plan: ColumnPlan) -> Int {
        let columns = picks(row: row, scan: scan, plan: plan).map(\.column)
        guard let last = columns.max(), !columns.contains(where: { $0 <= scan.lastLabelColumn }) else { return -row.columns.count }
        let values = scan.valueColumns.filter { $0 > scan.lastLabelColumn && $0 <= last }
        let read = values.filter(columns.contains).count
        return read - (values.count - read)
    }

    /// The grid columns of a text row's `count` values: the cells after its labels up to its last value, less the
    /// table's helper cells right of the total. A text copy loses merged cells, so a row may keep empty cells of a
    /// merged label before its values (more cells than columns: the values are the last ones) or end early (fewer:
    /// the missing ones are the last, blank). Blank cells kept as empty fields (tabs, pipes) stay in place.
    /// How many cells a text row holds from after its labels to its last value, less the table's helper cells; nil
    /// when it has no value there.
    static func cellsAfterLabels(_ scan: RowScan, helpers: Int) -> Int? {
        let first = scan.lastLabelColumn + 1
        guard let last = scan.valueColumns.last(where: { $0 >= first }) else { return nil }
        let helperCells = scan.valueColumns.filter { $0 > last - helpers && $0 <= last }.count
        return last - first + 1 - min(helpers, helperCells)
    }

    static func columnsAfterLabels(_ scan: RowScan, count: Int, helpers: Int) -> [Int] {
        let first = scan.lastLabelColumn + 1
        guard let last = scan.valueColumns.last(where: { $0 >= first }) else {
            return (0..<count).map { first + $0 }
        }
        var cells = Array(first...last)
        if cells.count > count && helpers > 0 { cells.removeLast(min(helpers, cells.count - count)) }
        if cells.count > count {
            if cells.prefix(count).allSatisfy(scan.valueColumns.contains) {
                // Values right after the label, then a stray one (a cut-off next label): the first ones.
                cells.removeLast(cells.count - count)
            } else {
                // Empty cells of a merged label before the values: the last ones.
                cells.removeFirst(cells.count - count)
            }
        }
        while cells.count < count { cells.append((cells.last ?? scan.lastLabelColumn) + 1) }
        return cells
    }
}
