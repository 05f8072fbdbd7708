// Reading the value of each matched row and column, with the source cell it came from.
import Foundation
import Spreadsheet

extension LocateSession {
    func source(_ scan: RowScan, column: Int) -> SourceCell {
        let sheet = workbook.sheets[scan.sheet]
        // A CSV's only sheet is the file itself: no sheet name in references.
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
        return SourceCell(file: workbook.source, sheet: workbook.format == .csv ? nil : sheet.name, row: scan.row, column: column,
                          line: sheet.grid.origins == nil ? nil : origin?.line ?? scan.row + 1)
    }

    /// Reads a data row's values under the header positions, trying small shifts because text copies of
    /// merged cells do not keep columns aligned from row to row.
    mutating func extract(row: LayoutRow, scan: RowScan, positions: [ColumnPosition]?, table: LayoutTable) {
        let grid = grid(scan.sheet)
        let columns: [ColumnPosition]
        let found = scan.valueColumns
        if workbook.format == .text || workbook.format == .pdf, found.count >= row.columns.count, let first = found.first, first > scan.lastLabelColumn,
           found[row.columns.count - 1] - first == row.columns.count - 1 {
            // A text copy drops merged cells, so its header cells do not sit above their values: a row with one value
            // per column, side by side, is read in order (a stray value after them — a cut-off next label — is left).
            columns = row.columns.enumerated().map { offset, column in
                ColumnPosition(key: column.key, column: first + offset, span: 1, unit: positions?.first { $0.key == column.key }?.unit ?? .wan)
            }
        } else if let positions {
            columns = row.columns.compactMap { column in positions.first { $0.key == column.key } }
        } else {
            // No header: the value cells in order.
            let start = scan.firstValueColumn ?? (scan.lastLabelColumn + 1)
            columns = row.columns.enumerated().map { ColumnPosition(key: $1.key, column: start + $0, span: 1, unit: .wan) }
        }
        var best: (shift: Int, captured: Int, picks: [(ColumnPosition, Int)])?
        for shift in [0, 1, -1, 2, -2] {
            var picks: [(ColumnPosition, Int)] = []
            var captured = 0
            var valid = true
            for position in columns {
                let start = position.column + shift
                if start <= scan.lastLabelColumn || start < 0 { valid = false; break }
                var chosen = start
                for candidate in start..<(start + position.span) where scan.valueColumns.contains(candidate) {
                    chosen = candidate
                    captured += 1
                    break
                }
                picks.append((position, chosen))
            }
            guard valid else { continue }
            if best == nil || captured > best!.captured { best = (shift, captured, picks) }
        }
        guard let best else {
            findings.append(Finding(.layoutColumnsUnaligned,
                                    message: "「\(row.label)」行的数值列无法对齐", keys: row.valueKeys,
                                    cells: [source(scan, column: scan.lastLabelColumn)]))
            return
        }
        for (position, column) in best.picks {
            let key = "\(row.key).\(position.key)"
            values[key] = LocatedValue(key: key, cell: grid[scan.row, column], source: source(scan, column: column),
                                       sheetIndex: scan.sheet, unit: position.unit)
        }
    }
}
