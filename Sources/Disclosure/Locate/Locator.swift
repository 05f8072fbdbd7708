// Finds the official tables in a workbook wherever they sit: layout detection, row matching, column mapping.
import Foundation
import Spreadsheet

/// Which layout to read a workbook with.
public enum LayoutChoice: Sendable, Equatable {
    case auto
    case fixed(Layout)

    /// Auto-detection or one of `Layout.all`: what text inertness (`TextFacts`) is judged against, so what the shape
    /// memo may serve. A layout built by a caller is located afresh every time.
    var isBuiltIn: Bool {
        switch self {
        case .auto: return true
        case .fixed(let layout): return Layout.all.contains(layout)
        }
    }
}

/// Locates the tables of a layout in a workbook. Reads only the layout description: no label or key is
/// spelled here.
public struct Locator: Sendable {
    public var choice: LayoutChoice
    /// Overrides of the agency and year read from the source.
    public var agency: String?
    public var year: Int?
    /// Whether to reuse the outcome of an earlier workbook of the same shape (`LocateShape`); off only to compare.
    var usesMemo = true

    public init(choice: LayoutChoice = .auto, agency: String? = nil, year: Int? = nil) {
        self.choice = choice
        self.agency = agency
        self.year = year
    }

    /// Detects the layout (unless fixed), matches rows and columns, and returns each official cell found
    /// with its source, plus the layout findings.
    public func locate(_ workbook: Workbook) -> LocatedTables {
        var located = locateTables(workbook)
        if located.agency == nil {
            located.findings.append(Finding(code: "meta.agency_unknown", severity: .info,
                                            message: "没有从标题、填报单位、首行或文件名中找到报告单位；可用 --agency 指定"))
        }
        return located
    }

    private func locateTables(_ workbook: Workbook) -> LocatedTables {
        // Hidden sheets (helper copies, last year's data) are read only when the visible ones hold no table.
        func scan(_ sheets: [(offset: Int, element: Sheet)]) -> [RowScan] {
            sheets.flatMap { index, sheet in
                sheet.grid.nonBlankRows.map { RowScan(sheet: index, row: $0, cells: sheet.grid.columnCells(inRow: $0)) }
            }
        }
        let all = Array(workbook.sheets.enumerated())
        let visible = all.filter { $0.element.visibility == .visible }
        var shape = usesMemo && choice.isBuiltIn ? LocateShape(workbook, choice: choice) : nil
        let metadata = readMetadata(workbook, leading: shape?.leadingTexts ?? Self.leadingTexts(visible.isEmpty ? all : visible))
        shape?.finish(year: metadata.year)
        if let shape, let outcome = LocateMemo.shared.value(for: shape) {
            return outcome.replayed(for: workbook, agency: metadata.agency, year: metadata.year)
        }
        var scans = scan(visible.isEmpty ? all : visible)
        var findings: [Finding] = []
        let layout: Layout
        switch choice {
        case .fixed(let fixed):
            layout = fixed
        case .auto:
            let detection = detectLayout(scans, year: metadata.year)
            layout = detection.layout
            findings.append(Finding(code: "layout.detected", severity: .info, message: detection.reason))
        }
        var session = LocateSession(workbook: workbook, layout: layout, scans: scans)
        session.run()
        if session.values.isEmpty && visible.count < all.count {
            scans = scan(all)
            session = LocateSession(workbook: workbook, layout: layout, scans: scans)
            session.run()
        }
        findings += session.findings
        let located = LocatedTables(workbook: workbook, layout: layout, values: session.values, findings: findings,
                                    agency: metadata.agency, year: metadata.year)
        if let shape { LocateMemo.shared.store(LocateOutcome(located), for: shape) }
        return located
    }

    // MARK: metadata

    /// The facts of the texts of the first 40 non-blank rows (what `LocateShape` gathers when there is a shape).
    static func leadingTexts(_ sheets: [(offset: Int, element: Sheet)]) -> [TextFacts] {
        var facts: [TextFacts] = []
        var rowsSeen = 0
        rows: for (_, sheet) in sheets {
            for row in sheet.grid.nonBlankRows {
                guard rowsSeen < 40 else { break rows }
                rowsSeen += 1
                for cell in sheet.grid.columnCells(inRow: row) {
                    if case .text(_, let text) = RowScan.classify(cell.cell) { facts.append(text) }
                }
            }
        }
        return facts
    }

    /// Agency and year from the first lines of a report text, the leading texts of the sheets, or the file name; the
    /// user's overrides win.
    private func readMetadata(_ workbook: Workbook, leading facts: [TextFacts]) -> (agency: String?, year: Int?) {
        var agency = self.agency
        var year = self.year
        let opening = Array(workbook.narrative.prefix(12))
        var titles = opening.map { Metadata.fromTitle($0.text) }
        // A title broken over two lines: 「后宫乡」 / 「2023年政府信息公开工作年度报告」.
        for (first, second) in zip(opening, opening.dropFirst()) where first.text.count <= 30 && Metadata.fromTitle(first.text) == nil {
            titles.append(Metadata.fromTitle(first.text + second.text))
        }
        titles += facts.map(\.title)
        for case let parsed? in titles {
            if agency == nil { agency = parsed.agency }
            if year == nil { year = parsed.year }
            if agency != nil && year != nil { break }
        }
        if agency == nil {
            agency = facts.lazy.compactMap(\.filler).first
        }
        if agency == nil {
            agency = opening.prefix(3).lazy.compactMap { Metadata.fromNameLine($0.text) }.first
        }
        if year == nil {
            year = workbook.narrative.prefix(40).lazy.compactMap { Metadata.periodYear($0.text) }.first
        }
        if agency == nil || year == nil {
            let fromName = Metadata.fromFileName(workbook.source)
            agency = agency ?? fromName.agency
            year = year ?? fromName.year
        }
        if agency == nil {
            agency = workbook.narrative.prefix(20).lazy.compactMap { Metadata.fromSentence($0.text) }.first
        }
        return (agency, year)
    }

    // MARK: layout detection

    private func detectLayout(_ scans: [RowScan], year: Int?) -> (layout: Layout, reason: String) {
        // Every label body in one haystack (NUL-separated), searched once per signal.
        var haystack: [UInt8] = []
        for body in Set(scans.flatMap { $0.texts.map(\.label.body) }) {
            haystack.append(contentsOf: body.utf8)
            haystack.append(0)
        }
        let signals = LabelIndex.of(.layout2021).signals
        var found: [String: [String]] = [:]
        for signal in signals where ByteSearch.contains(haystack, signal.utf8) {
            found[signal.layout, default: []].append(signal.text)
        }
        let ranked = Layout.all.map { ($0, found[$0.id] ?? []) }.sorted { $0.1.count > $1.1.count }
        let best = ranked[0]
        if best.1.isEmpty || (ranked.count > 1 && ranked[1].1.count == best.1.count) {
            let byYear = Layout.all.sorted { $0.firstYear > $1.firstYear }.first { layout in year.map { $0 >= layout.firstYear } ?? true } ?? .layout2021
            return (byYear, "未能从表格文字判断格式，按\(year.map { "报告年度 \($0)" } ?? "默认")采用 \(byYear.name)")
        }
        return (best.0, "按 \(best.0.name) 读取（识别到：\(best.1.prefix(5).joined(separator: "、"))）")
    }
}

/// The mutable work of locating one workbook under one layout.
struct LocateSession {
    let workbook: Workbook
    let layout: Layout
    let scans: [RowScan]
    var values: [String: LocatedValue] = [:]
    var findings: [Finding] = []

    /// Every label of the layout, normalised once.
    private let index: LabelIndex
    private var headerBodies: Set<String> { index.headerBodies }

    init(workbook: Workbook, layout: Layout, scans: [RowScan]) {
        self.workbook = workbook
        self.layout = layout
        self.scans = scans
        index = LabelIndex.of(layout)
    }

    private struct RowMatch {
        var scan: Int
        var rowKey: String
        var score: Double
        var via: String?
        var fromParent: Bool
    }

    mutating func run() {
        let labelled = layout.tables.filter { !$0.isSingleRow }
        let matches = matchRows(labelled)
        var used = Set<Int>()
        for table in labelled {
            let tableMatches = matches.filter { match in table.rows.contains { $0.key == match.rowKey } }
            if tableMatches.isEmpty {
                continue
            }
            let positions = columnPositions(for: table, firstDataScan: tableMatches.map(\.scan).min()!)
            for match in tableMatches {
                used.insert(match.scan)
                guard let row = table.rows.first(where: { $0.key == match.rowKey }) else { continue }
                extract(row: row, scan: scans[match.scan], positions: positions, table: table)
            }
        }
        locateSingleRowTables(excluding: used)
        reportMissing(matches: matches)
    }

    // MARK: rows

    private func isHeaderRow(_ scan: RowScan) -> Bool {
        let headerish = scan.leading.filter { headerBodies.contains($0.label.body) }.count
        return headerish >= 2 || (headerish >= 1 && scan.valueColumns.isEmpty && scan.leading.count >= 2)
    }

    private mutating func matchRows(_ tables: [LayoutTable]) -> [RowMatch] {
        let rows = tables.flatMap(\.rows)
        var candidates: [RowMatch] = []
        var unmatchedNumeric: [Int] = []
        for (index, scan) in scans.enumerated() {
            guard let leaf = scan.leading.last, !isHeaderRow(scan) else { continue }
            var best: RowMatch?
            if let hit = self.index.best(leaf.label), rows.contains(where: { $0.key == hit.rowKey }) {
                best = RowMatch(scan: index, rowKey: hit.rowKey, score: hit.score, via: hit.via, fromParent: false)
            }
            if best == nil, let bare = Self.withoutNote(leaf.raw), let hit = self.index.best(LabelNormaliser.normalise(bare)),
               rows.contains(where: { $0.key == hit.rowKey }) {
                // 「规章(设区的市、自治州人民政府应提供相关数据)」: a label carrying an explanation in brackets.
                best = RowMatch(scan: index, rowKey: hit.rowKey, score: hit.score * 0.9, via: hit.via ?? "去掉括号内的说明", fromParent: false)
            }
            if best == nil {
                best = parentMatch(leaf.label, scan: index, rows: rows)
            }
            if let best {
                candidates.append(best)
            } else if scan.valueColumns.count >= 2, !scan.leading.isEmpty {
                unmatchedNumeric.append(index)
            }
        }
        // Each layout row keeps its best match; later duplicates are reported.
        var chosen: [String: RowMatch] = [:]
        for match in candidates {
            if let existing = chosen[match.rowKey] {
                let keep = match.score > existing.score ? match : existing
                let drop = match.score > existing.score ? existing : match
                chosen[match.rowKey] = keep
                let label = scans[drop.scan].leading.map(\.raw).joined(separator: " › ")
                findings.append(Finding(code: "layout.row_unmatched", severity: .warning,
                                        message: "「\(label)」与另一行重复对应到「\(rowLabel(match.rowKey))」，已忽略此行",
                                        cells: [source(scans[drop.scan], column: scans[drop.scan].leading.last?.column ?? 0)]))
            } else {
                chosen[match.rowKey] = match
            }
        }
        // A parent-label row (the 2019-style single （六） row) only stands in when no child row was found.
        // In source order: a dictionary's own order differs from one instance to the next, findings must not.
        for (key, match) in chosen.sorted(by: { $0.value.scan < $1.value.scan }) where match.fromParent {
            let siblings = rows.filter { $0.path.dropLast().elementsEqual(rows.first { $0.key == key }?.path.dropLast() ?? []) }
            if siblings.contains(where: { $0.key != key && chosen[$0.key] != nil && !(chosen[$0.key]!.fromParent) }) {
                chosen[key] = nil
            } else {
                let scan = scans[match.scan]
                findings.append(Finding(code: "layout.s3_single_other_row", severity: .warning,
                                        message: "本表只有一行「\(scan.leading.last?.raw ?? "")」（2019 年版的写法），其数值记入「\(rowLabel(key))」；请按 2021 年版分三行填报",
                                        keys: [key], cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
            }
        }
        for match in chosen.values.sorted(by: { $0.scan < $1.scan }) where match.via != nil && !match.fromParent {
            let scan = scans[match.scan]
            findings.append(Finding(code: "layout.label_variant", severity: .info,
                                    message: "「\(scan.leading.last?.raw ?? "")」按\(match.via!)对应到「\(rowLabel(match.rowKey))」",
                                    keys: [match.rowKey], cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
        }
        for index in unmatchedNumeric {
            let scan = scans[index]
            findings.append(Finding(code: "layout.row_unmatched", severity: .warning,
                                    message: "有数字的行「\(scan.leading.map(\.raw).joined(separator: " › "))」未能对应到格式中的任何一行",
                                    cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
        }
        return chosen.values.sorted { $0.scan < $1.scan }
    }


    /// A label without the explanation in brackets at its end, if it has one: `规章(设区的市…)` → `规章`.
    static func withoutNote(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, last == ")" || last == "）" else { return nil }
        guard let open = trimmed.lastIndex(where: { $0 == "(" || $0 == "（" }), open > trimmed.startIndex else { return nil }
        let bare = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        return bare.isEmpty ? nil : bare
    }

    /// A leaf that equals a parent label (`（六）其他处理` alone on its row) stands for that group's last row.
    private func parentMatch(_ leaf: NormalisedLabel, scan: Int, rows: [LayoutRow]) -> RowMatch? {
        guard let key = index.groupParents[leaf.body], rows.contains(where: { $0.key == key }) else { return nil }
        return RowMatch(scan: scan, rowKey: key, score: 0.5, via: nil, fromParent: true)
    }

    private func rowLabel(_ key: String) -> String {
        layout.tables.lazy.flatMap(\.rows).first { $0.key == key }?.path.joined(separator: " › ") ?? key
    }

    // MARK: columns

    /// A column's position in the grid and how far its header spans.
    struct ColumnPosition {
        var key: String
        var column: Int
        var span: Int
        var unit: ValueParser.MoneyUnit
    }

    private func grid(_ sheet: Int) -> Grid { workbook.sheets[sheet].grid }

    /// Finds the header above the table's first data row; falls back to the order of the value cells.
    private func columnPositions(for table: LayoutTable, firstDataScan: Int) -> [ColumnPosition]? {
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
    private func completeContiguous(_ found: [Int?], table: LayoutTable) -> [ColumnPosition]? {
        guard let anchorIndex = found.firstIndex(where: { $0 != nil }), let anchor = found[anchorIndex] else { return nil }
        return table.columns.enumerated().map { index, column in
            let position = found[index] ?? (anchor + index - anchorIndex)
            return ColumnPosition(key: column.key, column: position, span: 1, unit: .wan)
        }
    }

    // MARK: values

    private func source(_ scan: RowScan, column: Int) -> SourceCell {
        let sheet = workbook.sheets[scan.sheet]
        // A CSV's only sheet is the file itself: no sheet name in references.
        // A text copied one cell per line: the cell's own line is what a person finds again.
        if let cellLines = sheet.grid.sourceCellLines, cellLines.indices.contains(scan.row), cellLines[scan.row].indices.contains(column) {
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: 0, line: cellLines[scan.row][column])
        }
        if workbook.format == .pdf, let pages = sheet.grid.sourcePages, pages.indices.contains(scan.row) {
            // The row's own label (its leaf), not the fragments of a vertical parent label printed beside it.
            let label = (scan.leading.last?.raw ?? "").replacingOccurrences(of: "\n", with: "")
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: column, page: pages[scan.row],
                              rowLabel: label.isEmpty ? nil : label, numberInRow: scan.valueColumns.firstIndex(of: column).map { $0 + 1 })
        }
        if workbook.format.isDocument {
            return SourceCell(file: workbook.source, sheet: sheet.name, row: scan.row, column: column,
                              table: sheet.tableNumber ?? scan.sheet + 1)
        }
        return SourceCell(file: workbook.source, sheet: workbook.format == .csv ? nil : sheet.name, row: scan.row, column: column,
                          line: sheet.grid.sourceLines.map { $0.indices.contains(scan.row) ? $0[scan.row] : scan.row + 1 })
    }

    /// Reads a data row's values under the header positions, trying small shifts because text copies of
    /// merged cells do not keep columns aligned from row to row.
    private mutating func extract(row: LayoutRow, scan: RowScan, positions: [ColumnPosition]?, table: LayoutTable) {
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
            findings.append(Finding(code: "layout.row_unmatched", severity: .error,
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

    // MARK: section 四

    /// Section 四 has no row labels: find its grouped header and the first row of values under it.
    private mutating func locateSingleRowTables(excluding used: Set<Int>) {
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
                findings.append(Finding(code: "layout.table_missing", severity: .error,
                                        message: "没有找到「\(table.section.heading)」的表格", keys: table.rows.flatMap(\.valueKeys)))
                continue
            }
            let scan = scans[dataIndex]
            let grid = grid(scan.sheet)
            let keys = table.rows.flatMap(\.valueKeys)
            let resolved: [(String, Int)]
            if let positions, positions.count == keys.count {
                let shift = bestShift(positions.map(\.column), scan: scan)
                resolved = positions.map { ($0.key, $0.column + shift) }
            } else {
                resolved = zip(keys, scan.valueColumns).map { ($0, $1) }
            }
            for (key, column) in resolved {
                values[key] = LocatedValue(key: key, cell: grid[scan.row, column], source: source(scan, column: column),
                                           sheetIndex: scan.sheet, unit: .wan)
            }
        }
    }

    private func bestShift(_ columns: [Int], scan: RowScan) -> Int {
        var best = (shift: 0, captured: -1)
        for shift in [0, 1, -1, 2, -2] {
            let captured = columns.filter { scan.valueColumns.contains($0 + shift) }.count
            if captured > best.captured { best = (shift, captured) }
        }
        return best.shift
    }

    // MARK: what was not found

    private mutating func reportMissing(matches: [RowMatch]) {
        // A text copy that stops inside the tables (a page cut short): the rows after the last one read are one
        // finding that says so, not dozens of unmatched rows, and their values stay blank rather than 0.
        let orderedRows = layout.tables.flatMap { table in table.rows.map { (table, $0) } }
        var truncatedFrom: Int?
        if endsInsideTables(matches), let last = orderedRows.lastIndex(where: { $0.1.valueKeys.contains { values[$0] != nil } }),
           last + 1 < orderedRows.count {
            truncatedFrom = last + 1
            let lost = orderedRows[(last + 1)...]
            let lostSections = Section.allCases.filter { section in
                let keys = orderedRows.filter { $0.0.section == section }.flatMap(\.1.valueKeys)
                return !keys.isEmpty && keys.allSatisfy { values[$0] == nil }
            }
            let tail = lostSections.isEmpty ? "" : "，「\(lostSections.map(\.heading).joined(separator: "」「"))」整张表没有读到"
            findings.append(Finding(code: "layout.table_truncated", severity: .error,
                                    message: "文本在「\(orderedRows[last].1.path.joined(separator: " › "))」一行之后结束，表格不完整：其后 \(lost.count) 行没有数值\(tail)（按空白处理，不按 0 计）",
                                    keys: lost.flatMap(\.1.valueKeys)))
        }
        let lostKeys = Set(truncatedFrom.map { orderedRows[$0...].flatMap(\.1.valueKeys) } ?? [])
        if !lostKeys.isEmpty {
            findings.removeAll { $0.code == "layout.table_missing" && !$0.keys.isEmpty && $0.keys.allSatisfy(lostKeys.contains) }
        }
        for section in Section.allCases {
            let tables = layout.tables.filter { $0.section == section }
            let keys = tables.flatMap { $0.rows.flatMap(\.valueKeys) }
            if keys.allSatisfy({ values[$0] == nil }) {
                if keys.allSatisfy(lostKeys.contains) { continue }
                if !findings.contains(where: { $0.code == "layout.table_missing" && $0.keys.first.map(keys.contains) == true }) {
                    findings.append(Finding(code: "layout.table_missing", severity: .error,
                                            message: "没有找到「\(section.heading)」的表格", keys: keys))
                }
                continue
            }
            for table in tables {
                for row in table.rows where row.valueKeys.allSatisfy({ values[$0] == nil }) && !row.valueKeys.allSatisfy(lostKeys.contains) {
                    findings.append(Finding(code: "layout.row_unmatched", severity: .error,
                                            message: "没有找到「\(row.path.joined(separator: " › "))」这一行", keys: row.valueKeys))
                }
            }
        }
    }

    /// Whether a report text ends on a table row: the last row read is the last row of the last table, and no
    /// narrative follows it.
    private func endsInsideTables(_ matches: [RowMatch]) -> Bool {
        guard workbook.format == .text, let lastScan = matches.map(\.scan).max() else { return false }
        let scan = scans[lastScan]
        guard scan.sheet == workbook.sheets.count - 1 else { return false }
        let grid = workbook.sheets[scan.sheet].grid
        // Header rows of a table that had begun (texts, no values) may follow.
        guard !grid.nonBlankRows.contains(where: { row in
            row > scan.row && grid.columnCells(inRow: row).contains { if case .value = RowScan.classify($0.cell) { return true } else { return false } }
        }) else { return false }
        let line = grid.sourceLines.map { $0.indices.contains(scan.row) ? $0[scan.row] : 0 } ?? 0
        // A page's footer (主办、技术支持、备案号) may follow a cut-off article; the report's own text after its tables
        // — a numbered heading (五、…) or a sentence — means the tables ended where the report meant them to.
        return !workbook.narrative.contains { entry in
            entry.line > line && (entry.text.contains("。") || Self.startsWithSectionNumber(entry.text))
        }
    }

    /// 「五、存在的主要问题…」: a first-level heading of the report.
    static func startsWithSectionNumber(_ text: String) -> Bool {
        let characters = Array(text.trimmingCharacters(in: .whitespaces).prefix(3))
        guard characters.count >= 2 else { return false }
        return "一二三四五六七八九十".contains(characters[0]) && (characters[1] == "、" || characters[1] == "．" || characters[1] == ".")
    }
}
