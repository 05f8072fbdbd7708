// Section 四: tables without row labels, found by their grouped header and the first row of values under it.
import Foundation
import Spreadsheet

extension LocateSession {
    /// Section 四 has no row labels: find its grouped header and the first row of values under it.
    mutating func locateSingleRowTables(excluding used: Set<Int>) {
        for table in layout.tables where table.isSingleRow {
            let groupBodies = index.rowBodies[table.id] ?? []
            let columnNames = index.columnNames[table.id] ?? []
            let subBodies = Set(columnNames.flatMap(\.names))
            var headerRows: [Int] = []
            for (index, scan) in scans.enumerated() {
                let subs = scan.texts.filter { subBodies.contains($0.label.body) }.count
                let hasGroup = scan.texts.contains { groupBodies.contains($0.label.body) }
                if subs >= 3 || (hasGroup && scan.valueColumns.isEmpty) { headerRows.append(index) }
            }
            var positions: [ColumnPosition]?
            var dataScan: Int?
            var blankRow: RowScan?
            if let firstHeader = headerRows.first {
                let sheet = scans[firstHeader].sheet
                let block = headerRows.filter { scans[$0].sheet == sheet && scans[$0].row <= scans[firstHeader].row + 3 }
                // Group starts: the leftmost column of each group label.
                var starts: [(column: Int, group: String)] = []
                var subs: [(column: Int, body: String)] = []
                for index in block {
                    for text in scans[index].texts {
                        if let position = groupBodies.firstIndex(of: text.label.body) {
                            starts.append((text.column, table.rows[position].label))
                        } else if subBodies.contains(text.label.body) {
                            subs.append((text.column, text.label.body))
                        }
                    }
                }
                starts.sort { $0.column < $1.column }
                subs.sort { $0.column < $1.column }
                var mapped: [ColumnPosition] = []
                for (order, sub) in subs.enumerated() {
                    let groupLabel = starts.last { $0.column <= sub.column }?.group
                        ?? (order / 5 < table.rows.count ? table.rows[order / 5].label : nil)
                    guard let groupLabel, let row = table.rows.first(where: { $0.label == groupLabel }),
                          let column = row.columns.first(where: { column in
                              columnNames.first { $0.key == column.key }?.names.contains(sub.body) ?? false
                          }) else { continue }
                    let key = "\(row.key).\(column.key)"
                    if !mapped.contains(where: { $0.key == key }) { mapped.append(ColumnPosition(key: key, column: sub.column, span: 1, unit: .wan)) }
                }
                if mapped.count >= 5 { positions = mapped }
                let lastHeaderRow = block.map { scans[$0].row }.max() ?? scans[firstHeader].row
                dataScan = scans.indices.first { index in
                    scans[index].sheet == sheet && scans[index].row > lastHeaderRow && !used.contains(index)
                        && scans[index].valueColumns.count >= 3 && scans[index].leading.isEmpty
                }
                // A blank form (the Word template as issued): the whole header is there and nothing below it, so the
                // row under the header is the data row, every cell blank.
                if dataScan == nil, let positions, positions.count == table.rows.flatMap(\.valueKeys).count,
                   !scans.contains(where: { $0.sheet == sheet && $0.row > lastHeaderRow && !$0.valueColumns.isEmpty }) {
                    blankRow = RowScan(sheet: sheet, row: lastHeaderRow + 1, cells: [])
                }
            }
            if let blankRow, let positions {
                let grid = grid(blankRow.sheet)
                for position in positions {
                    values[position.key] = LocatedValue(key: position.key, cell: grid[blankRow.row, position.column],
                                                        source: source(blankRow, column: position.column), sheetIndex: blankRow.sheet, unit: .wan)
                }
                continue
            }
            if dataScan == nil {
                dataScan = scans.indices.first { !used.contains($0) && scans[$0].leading.isEmpty && scans[$0].valueColumns.count >= table.columns.count }
            }
            guard let dataIndex = dataScan else {
                findings.append(Finding(.layoutTableMissing,
                                        message: "没有找到「\(table.section.heading)」的表格", keys: table.rows.flatMap(\.valueKeys)))
                continue
            }
            let scan = scans[dataIndex]
            let grid = grid(scan.sheet)
            let keys = table.rows.flatMap(\.valueKeys)
            let resolved: [(String, Int)]
            if let positions, positions.count == keys.count {
                // A sheet's or document's header sits above its values; a text copy or PDF may lose the merged cells
                // before them, so its one row is placed by one offset for the whole table.
                let shift = workbook.format == .text || workbook.format == .pdf ? bestShift(positions.map(\.column), scan: scan) : 0
                resolved = positions.map { ($0.key, $0.column + shift) }
            } else {
                resolved = zip(keys, scan.valueColumns).map { ($0, $1) }
                findings.append(Finding(.layoutColumnsAssumed,
                                        message: "「\(table.section.heading)」没有找到完整的表头（找到 \(positions?.count ?? 0) 列，应有 \(keys.count) 列），这一行的数值按从左到右的顺序依次读作各列；请核对",
                                        keys: resolved.map(\.0), cells: resolved.map { source(scan, column: $0.1) }))
            }
            for (key, column) in resolved {
                values[key] = LocatedValue(key: key, cell: grid[scan.row, column], source: source(scan, column: column),
                                           sheetIndex: scan.sheet, unit: .wan)
            }
        }
    }

    func bestShift(_ columns: [Int], scan: RowScan) -> Int {
        var best = (shift: 0, captured: -1)
        for shift in [0, 1, -1, 2, -2] {
            let captured = columns.filter { scan.valueColumns.contains($0 + shift) }.count
            if captured > best.captured { best = (shift, captured) }
        }
        return best.shift
    }
}
