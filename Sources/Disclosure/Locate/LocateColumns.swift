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

    /// Where a table's values are, decided once for the whole table: no row is placed on its own.
    enum ColumnPlan {
        /// Under the located header cells (a sheet's columns; a document table's grid after spans).
        case header([ColumnPosition])
        /// A text copy, whose merged cells are lost so that header cells do not sit above their values: each row's
        /// values are the cells after its labels (`columnsAfterLabels`), less the table's `helpers` value cells right of
        /// the total.
        case afterLabels(units: [String: ValueParser.MoneyUnit], helpers: Int)
        /// No header found: the values from one column on, the same column for every row (said by a finding).
        case assumed(start: Int, units: [String: ValueParser.MoneyUnit])
    }

    /// The table's column plan from its header positions (nil: not found) and its matched rows, and, where the plan is
    /// a fallback, what it assumed (for `layout.columns_assumed`, which the caller adds with the cells it read).
    func columnPlan(for table: LayoutTable, positions: [ColumnPosition]?,
                    rows: [(row: LayoutRow, scan: RowScan)]) -> (plan: ColumnPlan, assumed: String?) {
        var units: [String: ValueParser.MoneyUnit] = [:]
        for position in positions ?? [] where units[position.key] == nil { units[position.key] = position.unit }
        let missing = "「\(Self.tableName(table))」没有找到表头（\(table.columns.map(\.label).joined(separator: "、"))）"
        // One start column for the table: where most of its rows begin their values.
        var starts: [Int: Int] = [:]
        for (_, scan) in rows {
            if let first = scan.valueColumns.first(where: { $0 > scan.lastLabelColumn }) { starts[first, default: 0] += 1 }
        }
        let start = Self.mostCommon(starts) ?? ((rows.map(\.scan.lastLabelColumn).max() ?? -1) + 1)
        let assumed = ColumnPlan.assumed(start: start, units: units)
        let sameColumn = workbook.format == .pdf || workbook.format == .text
            ? "假定各行的数值在同一位置、依次为这些列"
            : "假定各行数值从\(workbook.format.isDocument ? "表格第 \(start + 1) 列" : "\(CellRef.columnName(start)) 列")起依次为这些列"
        guard workbook.format == .text || workbook.format == .pdf else {
            // A sheet's or a document table's header sits above its values (a document's grid is laid out after spans).
            if let positions { return (.header(positions), nil) }
            return (assumed, "\(missing)，\(sameColumn)；请核对")
        }
        // A text copy or a PDF loses merged cells: a header cell need not sit above its values, and a row may lack the
        // empty cells of a merged label. The plans that could hold are weighed by how the whole table's rows fit each,
        // and one is chosen for the table: the header where it fits as well as any, then one start column for every
        // row, then each row's values after its labels.
        // Helper cells right of the total (备注 with numbers): as many as most rows carry beyond their columns.
        var extras: [Int: Int] = [:]
        for (row, scan) in rows {
            let after = scan.valueColumns.filter { $0 > scan.lastLabelColumn }.count
            extras[max(0, after - row.columns.count), default: 0] += 1
        }
        let afterLabels = ColumnPlan.afterLabels(units: units, helpers: Self.mostCommon(extras) ?? 0)
        var candidates = [assumed, afterLabels]
        if let positions { candidates.insert(.header(positions), at: 0) }
        var best = candidates[0]
        var bestFit = Int.min
        for plan in candidates {
            let fit = rows.reduce(0) { $0 + Self.fit(row: $1.row, scan: $1.scan, plan: plan) }
            if fit > bestFit { (best, bestFit) = (plan, fit) }
        }
        guard positions == nil else { return (best, nil) }
        if case .assumed = best { return (best, "\(missing)，\(sameColumn)；请核对") }
        return (best, "\(missing)，各行按标签之后的数值依次读作这些列；请核对")
    }

    /// The key counted most often; the smallest of equals.
    static func mostCommon(_ counts: [Int: Int]) -> Int? {
        counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// The table as a person names it: the section heading, and the caption of a sub-table.
    static func tableName(_ table: LayoutTable) -> String {
        table.caption.map { "\(table.section.heading) › \($0)" } ?? table.section.heading
    }

    /// Finds the header above the table's first data row; nil when there is none (`columnPlan` then assumes, and says so).
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
