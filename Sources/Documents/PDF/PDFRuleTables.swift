// Tables from a page's ruling lines: cells from the rules, characters into the cell that holds their centre.
import Spreadsheet

/// A table drawn with rules, the way pdfplumber's lines strategy reads one:
/// - horizontal and vertical rules snap to shared positions and join where they touch; rules that cross form one
///   **table** (at least two of each);
/// - the positions of its vertical rules are the **column edges**, of its horizontal rules the **row edges**; a missing
///   internal rule between two neighbouring elementary cells merges them (a merged cell);
/// - each character goes into the cell whose box holds its centre; a cell's text is its own lines joined, so a label
///   wrapped or vertically centred in its cell stays in it, and numbers in neighbouring cells never touch;
/// - a table that goes on at the top of the next page with the same column edges is the same table: repeated header
///   rows are dropped, a row cut by the page break (one side without values) is joined, and a group label cut by it
///   (`（四）无` | `法提供`) or left blank on the next page goes on over the rows below.
/// Nothing here depends on a font or a glyph's width: only on where the lines are.
extension PDFLayout {
    struct RuleTable {
        var page: Int
        var xs: [Float]
        var ys: [Float]
        var cells: [RuleCell]
        /// The page of each row (grows when a continuation joins).
        var rowPages: [Int]
        /// Where the last page's part of the table ends (for a continuation).
        var top: Float { ys.first ?? 0 }
        var bottom: Float
        var rowCount: Int { rowPages.count }
        var columnCount: Int { max(xs.count - 1, 0) }
    }

    struct RuleCell {
        var row: Int, column: Int
        var rows: Int, columns: Int
        var text: String
        var lines: Int
    }

    struct Edge {
        var position: Float
        var start: Float
        var end: Float
    }

    /// Positions closer than this are one line (points): a border drawn twice, or by two cells, a little apart.
    static let snap: Float = 2
    /// Collinear pieces closer than this join.
    static let join: Float = 3

    /// The rule tables of one page and the characters they hold; what is left is the page's free text.
    static func ruleTables(_ page: PDFPageText, number: Int) -> (tables: [RuleTable], free: [PDFGlyph]) {
        guard !page.rules.isEmpty else { return ([], page.glyphs) }
        let horizontal = edges(page.rules.filter(\.isHorizontal), horizontal: true)
        let vertical = edges(page.rules.filter { !$0.isHorizontal }, horizontal: false)
        guard horizontal.count >= 2, vertical.count >= 2, horizontal.count * vertical.count <= 4_000_000 else { return ([], page.glyphs) }
        // Rules that cross (or touch) are one table: union-find over the horizontal then the vertical edges.
        var parent = Array(0..<(horizontal.count + vertical.count))
        func find(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { parent[index] = parent[parent[index]]; index = parent[index] }
            return index
        }
        for (h, line) in horizontal.enumerated() {
            for (v, column) in vertical.enumerated()
            where column.position >= line.start - join && column.position <= line.end + join
                && line.position >= column.start - join && line.position <= column.end + join {
                let a = find(h), b = find(horizontal.count + v)
                if a != b { parent[a] = b }
            }
        }
        var groups: [Int: (h: [Edge], v: [Edge])] = [:]
        for (h, line) in horizontal.enumerated() { groups[find(h), default: ([], [])].h.append(line) }
        for (v, column) in vertical.enumerated() { groups[find(horizontal.count + v), default: ([], [])].v.append(column) }
        var tables: [RuleTable] = []
        var boxes: [(x0: Float, y0: Float, x1: Float, y1: Float, table: Int)] = []
        // In the order of the groups' first edges, so that the same page gives the same tables in every run.
        for key in groups.keys.sorted() {
            guard var group = groups[key], group.h.count >= 2, group.v.count >= 2 else { continue }
            // A table cut by the page break has no rule on its open side: its vertical rules run past the last (or
            // first) horizontal one, and their ends close it.
            let left = group.h.map(\.start).min() ?? 0, right = group.h.map(\.end).max() ?? 0
            if let lowest = group.v.map(\.end).max(), let last = group.h.map(\.position).max(), lowest - last > 2 * snap {
                group.h.append(Edge(position: lowest, start: left, end: right))
            }
            if let highest = group.v.map(\.start).min(), let first = group.h.map(\.position).min(), first - highest > 2 * snap {
                group.h.append(Edge(position: highest, start: left, end: right))
            }
            let xs = positions(group.v), ys = positions(group.h)
            // A grid far beyond any form (a hostile page of thousands of rules) is left to the text layout, which is
            // bounded: cells × edges would otherwise take minutes.
            guard xs.count >= 2, ys.count >= 2, xs.count * ys.count <= 20_000 else { continue }
            let table = grid(xs: xs, ys: ys, horizontal: group.h, vertical: group.v, page: number)
            boxes.append((xs[0], ys[0], xs[xs.count - 1], ys[ys.count - 1], tables.count))
            tables.append(table)
        }
        guard !tables.isEmpty else { return ([], page.glyphs) }
        // Characters into cells.
        var members: [[[PDFGlyph]]] = tables.map { [[PDFGlyph]](repeating: [], count: $0.cells.count) }
        var cellIndex: [[Int]] = tables.map { table in
            var index = [Int](repeating: -1, count: table.columnCount * table.rowCount)
            for (position, cell) in table.cells.enumerated() {
                for row in cell.row..<(cell.row + cell.rows) {
                    for column in cell.column..<(cell.column + cell.columns) { index[row * table.columnCount + column] = position }
                }
            }
            return index
        }
        var free: [PDFGlyph] = []
        for glyph in page.glyphs {
            let x = (glyph.x0 + glyph.x1) / 2, y = (glyph.y0 + glyph.y1) / 2
            guard let box = boxes.first(where: { x > $0.x0 && x < $0.x1 && y > $0.y0 && y < $0.y1 }) else {
                free.append(glyph)
                continue
            }
            let table = tables[box.table]
            let column = slot(x, in: table.xs), row = slot(y, in: table.ys)
            let cell = cellIndex[box.table][row * table.columnCount + column]
            if cell >= 0 { members[box.table][cell].append(glyph) }
        }
        cellIndex.removeAll()
        for index in tables.indices {
            for cell in tables[index].cells.indices {
                let (text, lines) = cellText(members[index][cell])
                tables[index].cells[cell].text = text
                tables[index].cells[cell].lines = lines
            }
        }
        // A box around text (a framed paragraph, a 1×1 table, two boxes of words) is not a table of values: its text
        // stays free text.
        var kept: [RuleTable] = []
        for (index, table) in tables.enumerated() {
            if table.columnCount >= 2 && (table.cells.count >= 3 || table.cells.contains { isValueText($0.text) }) {
                kept.append(table)
            } else {
                free += members[index].flatMap { $0 }
            }
        }
        kept.sort { $0.top < $1.top }
        return (kept, free)
    }

    /// Rules snapped to shared positions (within `snap`) and joined along their length (gaps within `join`).
    static func edges(_ rules: [PDFRule], horizontal: Bool) -> [Edge] {
        let pieces = rules.map { rule in
            horizontal ? Edge(position: (rule.y0 + rule.y1) / 2, start: rule.x0, end: rule.x1)
                : Edge(position: (rule.x0 + rule.x1) / 2, start: rule.y0, end: rule.y1)
        }.sorted { $0.position < $1.position }
        var clusters: [[Edge]] = []
        for piece in pieces {
            if let last = clusters.last?.last, piece.position - last.position <= snap {
                clusters[clusters.count - 1].append(piece)
            } else {
                clusters.append([piece])
            }
        }
        var result: [Edge] = []
        for cluster in clusters {
            let position = cluster.reduce(0) { $0 + $1.position } / Float(cluster.count)
            var current: Edge?
            for piece in cluster.sorted(by: { $0.start < $1.start }) {
                if var open = current, piece.start <= open.end + join {
                    open.end = max(open.end, piece.end)
                    current = open
                } else {
                    if let open = current { result.append(open) }
                    current = Edge(position: position, start: piece.start, end: piece.end)
                }
            }
            if let open = current { result.append(open) }
        }
        return result
    }

    /// The distinct positions of a table's edges (within `snap`), ascending.
    static func positions(_ edges: [Edge]) -> [Float] {
        var positions: [Float] = []
        for value in edges.map(\.position).sorted() {
            if let last = positions.last, value - last <= snap { continue }
            positions.append(value)
        }
        return positions
    }

    /// The index of the gap between edges that holds `value` (clamped to the first and last).
    static func slot(_ value: Float, in edges: [Float]) -> Int {
        var low = 0, high = edges.count - 1
        while low + 1 < high {
            let middle = (low + high) / 2
            if edges[middle] <= value { low = middle } else { high = middle }
        }
        return min(low, max(edges.count - 2, 0))
    }

    /// The cells of a table: elementary cells between edges, merged where the rule between two neighbours is missing.
    static func grid(xs: [Float], ys: [Float], horizontal: [Edge], vertical: [Edge], page: Int) -> RuleTable {
        let columns = xs.count - 1, rows = ys.count - 1
        func covered(_ edges: [Edge], at position: Float, from start: Float, to end: Float) -> Bool {
            var length: Float = 0
            for edge in edges where abs(edge.position - position) <= snap {
                length += max(0, min(edge.end, end) - max(edge.start, start))
            }
            return length >= 0.6 * (end - start)
        }
        var parent = Array(0..<(rows * columns))
        func find(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { parent[index] = parent[parent[index]]; index = parent[index] }
            return index
        }
        func unite(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for row in 0..<rows {
            for column in 0..<columns {
                if column + 1 < columns, !covered(vertical, at: xs[column + 1], from: ys[row], to: ys[row + 1]) {
                    unite(row * columns + column, row * columns + column + 1)
                }
                if row + 1 < rows, !covered(horizontal, at: ys[row + 1], from: xs[column], to: xs[column + 1]) {
                    unite(row * columns + column, (row + 1) * columns + column)
                }
            }
        }
        var extent: [Int: (r0: Int, c0: Int, r1: Int, c1: Int)] = [:]
        for row in 0..<rows {
            for column in 0..<columns {
                let root = find(row * columns + column)
                if let box = extent[root] {
                    extent[root] = (min(box.r0, row), min(box.c0, column), max(box.r1, row), max(box.c1, column))
                } else {
                    extent[root] = (row, column, row, column)
                }
            }
        }
        // A merge that is not a rectangle (broken rules) takes its bounding box; cells inside another's box are dropped.
        var cells: [RuleCell] = []
        var taken = [Bool](repeating: false, count: rows * columns)
        for box in extent.values.sorted(by: { ($0.r0, $0.c0, $0.r1, $0.c1) < ($1.r0, $1.c0, $1.r1, $1.c1) }) where !taken[box.r0 * columns + box.c0] {
            for row in box.r0...box.r1 { for column in box.c0...box.c1 { taken[row * columns + column] = true } }
            cells.append(RuleCell(row: box.r0, column: box.c0, rows: box.r1 - box.r0 + 1, columns: box.c1 - box.c0 + 1, text: "", lines: 0))
        }
        return RuleTable(page: page, xs: xs, ys: ys, cells: cells, rowPages: [Int](repeating: page, count: rows), bottom: ys[rows])
    }

    /// A cell's text: its characters in lines (top to bottom), each line left to right, lines joined without a space (a
    /// wrapped label or number goes on), except between two Latin letters. Within a line, a wide gap between two digits
    /// keeps a space, so two numbers in one cell never become one.
    static func cellText(_ glyphs: [PDFGlyph]) -> (String, Int) {
        let visible = glyphs.filter { !($0.scalar.properties.isWhitespace || $0.scalar.value < 0x20) }
        guard !visible.isEmpty else { return ("", 0) }
        let lines = PDFLayout.lineGroups(visible)
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.numericType != nil }
        func isLatin(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.isAlphabetic }
        var text = String.UnicodeScalarView()
        for line in lines {
            let sorted = line.sorted { $0.x0 < $1.x0 }
            let lineHeight = median(sorted.map { $0.y1 - $0.y0 })
            if let last = text.last, let first = sorted.first?.scalar, isLatin(last) && isLatin(first) { text.append(" ") }
            var previous: PDFGlyph?
            for glyph in sorted {
                if let previous, isDigit(previous.scalar), isDigit(glyph.scalar), glyph.x0 - previous.x1 > 0.45 * lineHeight {
                    text.append(" ")
                } else if let previous, isLatin(previous.scalar) || isLatin(glyph.scalar), glyph.x0 - previous.x1 > 0.25 * lineHeight {
                    text.append(" ")
                }
                text.append(glyph.scalar)
                previous = glyph
            }
        }
        return (String(text), lines.count)
    }

    // MARK: tables across pages

    /// Whether `next` (at the top of its page) goes on with `table` (at the bottom of the page before): the same column
    /// edges (every edge of the one with fewer within `join` of one of the other's, the outer edges alike).
    static func continues(_ table: RuleTable, with next: RuleTable) -> Bool {
        guard next.page == (table.rowPages.last ?? table.page) + 1 else { return false }
        guard abs(table.xs[0] - next.xs[0]) <= join, abs(table.xs[table.xs.count - 1] - next.xs[next.xs.count - 1]) <= join else { return false }
        let (few, many) = table.xs.count <= next.xs.count ? (table.xs, next.xs) : (next.xs, table.xs)
        return few.allSatisfy { x in many.contains { abs($0 - x) <= join } } && few.count * 2 >= many.count
    }

    /// Is a cell's text a value (a number or a placeholder), not a label.
    static func isValueText(_ text: String) -> Bool { !text.isEmpty && TextLine.isValue(text) }

    /// `next` appended to `table`: its columns mapped to the table's nearest edges, leading rows that repeat the table's
    /// first rows dropped, and the rows either side of the page break joined where the break cut a row or a group label.
    static func joined(_ table: RuleTable, _ next: RuleTable) -> RuleTable {
        var result = table
        // Edges of the continuation that the table lacks are added (a column split on one page only).
        for x in next.xs where !result.xs.contains(where: { abs($0 - x) <= join }) { result.xs.append(x) }
        result.xs.sort()
        if result.xs.count != table.xs.count {
            let map = table.xs.map { x in result.xs.firstIndex { abs($0 - x) <= join } ?? 0 }
            let lastEdge = map.count - 1
            for index in result.cells.indices {
                // Clamped: a cell joined from an earlier page may end on the table's last edge.
                let start = map[min(result.cells[index].column, lastEdge)]
                let end = map[min(result.cells[index].column + result.cells[index].columns, lastEdge)]
                result.cells[index].column = start
                result.cells[index].columns = max(end - start, 1)
            }
        }
        let columnOf = next.xs.map { x in result.xs.indices.min { abs(result.xs[$0] - x) < abs(result.xs[$1] - x) } ?? 0 }
        func rowTexts(_ cells: [RuleCell], _ row: Int, map: [Int]? = nil) -> [Int: String] {
            var texts: [Int: String] = [:]
            for cell in cells where cell.row == row && !cell.text.isEmpty { texts[map.map { $0[cell.column] } ?? cell.column] = cell.text }
            return texts
        }
        // Repeated header rows: the continuation's first rows equal the table's first rows.
        var dropped = 0
        while dropped < next.rowCount - 1, dropped < table.rowCount {
            let repeated = rowTexts(next.cells, dropped, map: columnOf)
            guard !repeated.isEmpty, repeated == rowTexts(result.cells, dropped),
                  !repeated.values.contains(where: isValueText) else { break }
            dropped += 1
        }
        let firstValueColumn = (result.cells + next.cells.map { cell in var moved = cell; moved.column = columnOf[cell.column]; return moved })
            .filter { isValueText($0.text) }.map(\.column).min() ?? result.columnCount
        let last = table.rowCount - 1
        let offset = table.rowCount - dropped
        var incoming: [RuleCell] = []
        for cell in next.cells where cell.row + cell.rows > dropped {
            var moved = cell
            let start = max(cell.row, dropped)
            moved.row = start + offset
            moved.rows = cell.row + cell.rows - start
            // A cell starts before the table's last edge and ends on or before it, whatever edges the continuation has.
            moved.column = min(columnOf[cell.column], result.xs.count - 2)
            moved.columns = min(max(columnOf[min(cell.column + cell.columns, next.xs.count - 1)] - moved.column, 1), result.xs.count - 1 - moved.column)
            if cell.row < dropped { moved.text = "" }
            incoming.append(moved)
        }
        // A row cut by the page break: the same cells either side; one side holds values in at most a few of the
        // columns where the other has them (none, or the end of a number wrapped over the break: 「1」 | 「7」); where one
        // side has a value the other has a value or nothing (never a header's text); and the part below does not begin
        // a numbered label of its own.
        var lastTexts: [Int: String] = [:], firstTexts: [Int: String] = [:]
        for cell in result.cells where cell.row <= last && cell.row + cell.rows > last { lastTexts[cell.column] = cell.text }
        for cell in incoming where cell.row <= table.rowCount && cell.row + cell.rows > table.rowCount { firstTexts[cell.column] = cell.text }
        let lastValues = Set(lastTexts.filter { isValueText($0.value) }.keys), firstValues = Set(firstTexts.filter { isValueText($0.value) }.keys)
        let (fewer, more) = lastValues.count <= firstValues.count ? (lastValues, firstValues) : (firstValues, lastValues)
        let oneSided = fewer.isSubset(of: more) && (fewer.isEmpty || fewer.count * 2 < more.count)
        let complementary = Set(lastTexts.keys).union(firstTexts.keys).allSatisfy { column in
            let above = lastTexts[column] ?? "", below = firstTexts[column] ?? ""
            return !(isValueText(above) && !below.isEmpty && !isValueText(below)) && !(isValueText(below) && !above.isEmpty && !isValueText(above))
        }
        let firstLabel = incoming.filter { $0.row == table.rowCount && !$0.text.isEmpty }.min { $0.column < $1.column }?.text ?? ""
        // When both sides hold values (a number wrapped over the break, 「1」 | 「7」), the part above is a whole row but for
        // the wrapped numbers, each begins a number (no leading zero: 「0」 | 「4」 is two rows' values), and a part below
        // with a label of its own holds only those wrapped ends: a row whose cells happen to be blank (「行政强制」 under
        // 「行政处罚」) is not the rest of the row above.
        let wrappedNumbers: Bool = {
            guard !fewer.isEmpty else { return true }
            guard lastValues.count >= firstValues.count else { return false }
            let lowerHasLabel = firstTexts.contains { $0.key < firstValueColumn && !$0.value.isEmpty }
            let shared = lastValues.intersection(firstValues)
            let beginsNumbers = shared.allSatisfy { column in
                let above = lastTexts[column] ?? ""
                return above.first.map { $0.isNumber && $0 != "0" && $0 != "０" } ?? false
            }
            return beginsNumbers && (!lowerHasLabel || firstValues.isSubset(of: lastValues))
        }()
        let cutRow = Set(lastTexts.keys) == Set(firstTexts.keys) && oneSided && complementary && !TextTableBuilder.hasNumbering(firstLabel)
            && wrappedNumbers
        var removeFirstRow = false
        for index in incoming.indices where incoming[index].row == table.rowCount {
            let cell = incoming[index]
            // The cell of the table that ends on its last row, in the same column.
            guard let above = result.cells.lastIndex(where: { $0.column == cell.column && $0.row + $0.rows - 1 == last }) else { continue }
            // A group label (a cell over several rows on either side) goes on when the continuation's part is blank or
            // does not begin a new numbered label.
            let isGroupLabel = cell.column < firstValueColumn && max(result.cells[above].rows, cell.rows) >= 2
            let goesOn = cutRow
                || (isGroupLabel && (cell.text.isEmpty || (!TextTableBuilder.hasNumbering(cell.text) && !result.cells[above].text.isEmpty)))
            guard goesOn else { continue }
            result.cells[above].rows += cell.rows
            result.cells[above].text += cell.text
            result.cells[above].lines += cell.lines
            incoming[index].columns = 0  // absorbed
        }
        if cutRow {
            // The joined row is one row: everything below moves up by one.
            removeFirstRow = true
            for index in incoming.indices where incoming[index].columns > 0 && incoming[index].row == table.rowCount {
                // A cell of the first row with no partner above stays on the joined row.
                incoming[index].row = last
                incoming[index].rows = max(incoming[index].rows, 1)
            }
        }
        let shift = removeFirstRow ? 1 : 0
        if removeFirstRow {
            // Absorbed spans counted the joined row twice.
            for index in result.cells.indices where result.cells[index].row + result.cells[index].rows > table.rowCount {
                result.cells[index].rows -= 1
            }
        }
        for cell in incoming where cell.columns > 0 {
            var moved = cell
            if moved.row > last { moved.row -= shift }
            result.cells.append(moved)
        }
        result.rowPages += [Int](repeating: next.page, count: max(next.rowCount - dropped - shift, 0))
        result.bottom = next.bottom
        return result
    }

    /// The grid of a rule table: each cell's text at its first row and column, its span a merged range; the page of
    /// each row as its origin.
    static func grid(_ table: RuleTable) -> Grid {
        var grid = Grid()
        for cell in table.cells.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
            if !cell.text.isEmpty { grid[cell.row, cell.column] = Cell(CSVReader.value(of: cell.text)) }
            if cell.rows > 1 || cell.columns > 1 {
                grid.merged.append(CellRange(first: CellRef(row: cell.row, column: cell.column),
                                             last: CellRef(row: cell.row + cell.rows - 1, column: cell.column + cell.columns - 1)))
            }
        }
        grid.origins = table.rowPages.map { RowOrigin(page: $0) }
        return grid
    }
}
