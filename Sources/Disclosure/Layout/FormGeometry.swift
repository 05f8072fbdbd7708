// Where everything sits in the official form of a layout: titles, headings, headers, labels and each key's cell.
import Spreadsheet

/// The official form's geometry, from the layout description alone: every merged range with its text and role,
/// the cell of each canonical key, and row heights. The XLSX/CSV writer (`FormWriter`), the HTML form of the web page
/// (`FormHTML`) and the rollup (the 汇总 cells its findings point at) all read it.
public struct FormGeometry: Sendable {
    /// What a place of the form is, which decides how each writer draws it.
    public enum Role: Sendable, Equatable {
        /// The report's title, the 填报单位 line and the contact line: texts the writer fills in.
        case title, filledBy, contact
        /// A section heading (`三、收到和处理政府信息公开申请情况`).
        case heading
        case header, label
        /// The cell of a value.
        case input(key: String, kind: ValueKind)
    }

    /// One merged range (or single cell) of the form.
    public struct Place: Sendable {
        public var range: CellRange
        public var text: String
        public var role: Role
    }

    public let layout: Layout
    /// Columns the form spans.
    public let width: Int
    /// In drawing order (the order the writers merge them, so outputs stay byte-identical).
    public private(set) var places: [Place] = []
    /// The top-left cell of each canonical key.
    public private(set) var cells: [String: CellRef] = [:]
    public private(set) var rowHeights: [Int: Double] = [:]
    /// Keys the layout defines as a sum (an identity with one key on its left), with their addends.
    public let definitions: [String: [String]]

    /// Columns of row labels before the values of sections 二 and 三.
    public static let labelColumns = 3

    public init(layout: Layout) {
        self.layout = layout
        let s3 = layout.tables.first { $0.section == .s3 }
        let s4 = layout.tables.first { $0.section == .s4 }
        width = max(Self.labelColumns + (s3?.columns.count ?? 7), s4?.columns.count ?? 15)
        var definitions: [String: [String]] = [:]
        for identity in layout.identities {
            for instance in identity.instances where instance.lhs.count == 1 && definitions[instance.lhs[0]] == nil {
                definitions[instance.lhs[0]] = instance.rhs
            }
        }
        self.definitions = definitions
        let last = width - 1
        var row = 0
        func span(_ first: Int, _ lastColumn: Int) -> CellRange {
            CellRange(first: CellRef(row: row, column: first), last: CellRef(row: row, column: lastColumn))
        }
        place(span(0, last), "", .title)
        rowHeights[row] = 36
        row += 1
        let split = width / 2 + 1
        place(span(0, split - 1), "", .filledBy)
        place(span(split, last), "联系人：          电话：          填报日期：    年  月  日", .contact)
        row += 1
        var printedSections = Set<Section>()
        for table in layout.tables {
            if !printedSections.contains(table.section) {
                if row > 2 { row += 1 }
                place(span(0, last), table.section.heading, .heading)
                rowHeights[row] = 24
                row += 1
                printedSections.insert(table.section)
            }
            switch table.section {
            case .s2: layoutSection2(table, row: &row, valueWidth: (s3?.columns.count ?? 7))
            case .s3: layoutSection3(table, row: &row)
            case .s4: layoutSection4(table, row: &row)
            }
        }
    }

    private mutating func place(_ range: CellRange, _ text: String, _ role: Role) {
        places.append(Place(range: range, text: text, role: role))
        if case .input(let key, _) = role { cells[key] = range.first }
    }

    /// Splits `total` columns among `parts` as evenly as the form does (7 over 3 → 2, 2, 3).
    static func widths(_ parts: Int, total: Int) -> [Int] {
        guard parts > 0 else { return [] }
        var result = Array(repeating: total / parts, count: parts)
        for index in 0..<(total % parts) { result[parts - 1 - index] += 1 }
        return result
    }

    private mutating func layoutSection2(_ table: LayoutTable, row: inout Int, valueWidth: Int) {
        let labelLast = Self.labelColumns - 1
        let last = Self.labelColumns + valueWidth - 1
        if let caption = table.caption {
            place(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: last)), caption, .label)
            row += 1
        }
        let widths = Self.widths(table.columns.count, total: valueWidth)
        var starts: [Int] = []
        var start = Self.labelColumns
        for width in widths { starts.append(start); start += width }
        place(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: labelLast)), table.cornerLabel ?? "", .header)
        for (index, column) in table.columns.enumerated() {
            place(CellRange(first: CellRef(row: row, column: starts[index]), last: CellRef(row: row, column: starts[index] + widths[index] - 1)), column.label, .header)
        }
        rowHeights[row] = 30
        row += 1
        for layoutRow in table.rows {
            place(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: labelLast)), layoutRow.label, .label)
            for (index, column) in layoutRow.columns.enumerated() {
                let position = table.columns.firstIndex { $0.key == column.key } ?? index
                let range = CellRange(first: CellRef(row: row, column: starts[position]), last: CellRef(row: row, column: starts[position] + widths[position] - 1))
                place(range, "", .input(key: "\(layoutRow.key).\(column.key)", kind: column.kind))
            }
            row += 1
        }
    }

    private mutating func layoutSection3(_ table: LayoutTable, row: inout Int) {
        let first = Self.labelColumns
        let columns = table.columns
        let lastColumn = first + columns.count - 1
        func range(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> CellRange {
            CellRange(first: CellRef(row: r0, column: c0), last: CellRef(row: r1, column: c1))
        }
        // Three header rows: the note; the spanning heading; ungrouped columns down two rows, groups over their columns.
        place(range(row, 0, row + 2, first - 1), table.cornerLabel ?? "", .header)
        let spanned = table.spanningHeader != nil ? columns.count - 1 : columns.count
        if let heading = table.spanningHeader {
            place(range(row, first, row, first + spanned - 1), heading, .header)
            place(range(row, lastColumn, row + 2, lastColumn), columns[columns.count - 1].label, .header)
        }
        var index = 0
        while index < spanned {
            let column = columns[index]
            if let group = column.group {
                var end = index
                while end + 1 < spanned, columns[end + 1].group == group { end += 1 }
                place(range(row + 1, first + index, row + 1, first + end), group, .header)
                for inner in index...end {
                    place(range(row + 2, first + inner, row + 2, first + inner), columns[inner].label, .header)
                }
                index = end + 1
            } else {
                place(range(row + 1, first + index, row + 2, first + index), column.label, .header)
                index += 1
            }
        }
        rowHeights[row] = 30
        row += 3
        // Data rows: parents merged down the rows they head; the row's own label fills the remaining label columns.
        let top = row
        for (offset, layoutRow) in table.rows.enumerated() {
            let r = top + offset
            let path = layoutRow.path
            for (level, text) in path.enumerated() {
                let isOwn = level == path.count - 1
                let c0 = level
                let c1 = isOwn ? first - 1 : level
                let sameParentBefore = offset > 0 && !isOwn && Array(table.rows[offset - 1].path.prefix(level + 1)) == Array(path.prefix(level + 1))
                    && table.rows[offset - 1].path.count > level + 1
                if sameParentBefore { continue }
                var r1 = r
                if !isOwn {
                    while r1 - top + 1 < table.rows.count, Array(table.rows[r1 - top + 1].path.prefix(level + 1)) == Array(path.prefix(level + 1)),
                          table.rows[r1 - top + 1].path.count > level + 1 { r1 += 1 }
                }
                place(range(r, c0, r1, c1), text, .label)
            }
            for (index, column) in layoutRow.columns.enumerated() {
                let ref = CellRef(row: r, column: first + index)
                place(CellRange(first: ref, last: ref), "", .input(key: "\(layoutRow.key).\(column.key)", kind: column.kind))
            }
        }
        row = top + table.rows.count
    }

    private mutating func layoutSection4(_ table: LayoutTable, row: inout Int) {
        func range(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> CellRange {
            CellRange(first: CellRef(row: r0, column: c0), last: CellRef(row: r1, column: c1))
        }
        var column = 0
        var parentsDone = Set<String>()
        for group in table.rows {
            let count = group.columns.count
            if let parent = table.groupParents[group.label] {
                if !parentsDone.contains(parent) {
                    let members = table.rows.filter { table.groupParents[$0.label] == parent }.reduce(0) { $0 + $1.columns.count }
                    place(range(row, column, row, column + members - 1), parent, .header)
                    parentsDone.insert(parent)
                }
                place(range(row + 1, column, row + 1, column + count - 1), group.label, .header)
                for (offset, sub) in group.columns.enumerated() {
                    place(range(row + 2, column + offset, row + 2, column + offset), sub.label, .header)
                }
            } else {
                place(range(row, column, row, column + count - 1), group.label, .header)
                for (offset, sub) in group.columns.enumerated() {
                    place(range(row + 1, column + offset, row + 2, column + offset), sub.label, .header)
                }
            }
            column += count
        }
        rowHeights[row + 2] = 30
        row += 3
        column = 0
        for group in table.rows {
            for sub in group.columns {
                let ref = CellRef(row: row, column: column)
                place(CellRange(first: ref, last: ref), "", .input(key: "\(group.key).\(sub.key)", kind: sub.kind))
                column += 1
            }
        }
        row += 1
    }
}
