// Finding which sheet column holds which layout column, from the header rows above the matched rows.
import Foundation
import Spreadsheet

extension LocateSession {
    /// A column's position in the grid and how far its header spans.
    struct ColumnPosition {
        var key: String
        var column: Int
        var span: Int
        var unit: ValueParser.MoneyUnit
    }

    func grid(_ sheet: Int) -> Grid { workbook.sheets[sheet].grid }

    /// Finds the header above the table's first data row; falls back to the order of the value cells.
    func columnPositions(for table: LayoutTable, firstDataScan: Int) -> [ColumnPosition]? {
        let first = scans[firstDataScan]
        let candidates = scans.indices.filter { scans[$0].sheet == first.sheet && scans[$0].row < first.row && scans[$0].row >= first.row - 6 }
        for index in candidates.reversed() {
            let header = scans[index]
            var found: [(LayoutColumn, RowScan.Text)] = []
            let columnNames = self.index.columnNames[table.id] ?? []
            for (column, names) in zip(table.columns, columnNames.map(\.names)) {
                let exact = header.texts.first { names.contains($0.label.body) }
                let loose = header.texts.first { text in
                    names.contains { name in name.count >= LabelIndex.looseNameLength && text.label.body.containsBytes(name) }
                }
                if let hit = exact ?? loose { found.append((column, hit)) }
            }
            let needed = table.section == .s3 ? 4 : 1
            guard found.count >= needed else { continue }
            // For multi-row headers (section 三) gather labels from the rows above too.
            if table.section == .s3 {
                var all: [String: RowScan.Text] = [:]
                for other in candidates.filter({ scans[$0].row >= header.row - 3 && scans[$0].row <= header.row }) {
                    for (column, names) in zip(table.columns, columnNames.map(\.names)) where all[column.key] == nil {
                        if let hit = scans[other].texts.first(where: { $0.label.body == names[0] }) { all[column.key] = hit }
                    }
                }
                return completeContiguous(table.columns.map { column in all[column.key].map { ($0.column) } }, table: table)
            }
            let textColumns = header.texts.map(\.column).sorted()
            return found.map { column, text in
                let next = textColumns.first { $0 > text.column }
                let merged = grid(header.sheet).mergedRange(containing: CellRef(row: header.row, column: text.column))
                let span = next.map { $0 - text.column } ?? merged.map { $0.last.column - $0.first.column + 1 } ?? 1
                let unit: ValueParser.MoneyUnit = text.label.body.containsBytes("万元") || !text.label.body.containsBytes("元") ? .wan : .yuan
                return ColumnPosition(key: column.key, column: text.column, span: max(1, span), unit: unit)
            }
        }
        return nil
    }

    /// Fills columns whose header was not found from their neighbours (columns are adjacent in section 三).
    func completeContiguous(_ found: [Int?], table: LayoutTable) -> [ColumnPosition]? {
        guard let anchorIndex = found.firstIndex(where: { $0 != nil }), let anchor = found[anchorIndex] else { return nil }
        return table.columns.enumerated().map { index, column in
            let position = found[index] ?? (anchor + index - anchorIndex)
            return ColumnPosition(key: column.key, column: position, span: 1, unit: .wan)
        }
    }
}
