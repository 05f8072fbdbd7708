// Remembers where the tables were in a workbook's shape, so files filled in from one template are located once.
import Foundation
import Spreadsheet

/// Everything locating reads from a workbook, as bytes: sheet names, visibility, merges, and for every non-blank
/// cell its position and either "a value" or its text. Rows made only of inert texts (titles, 填报单位, notes; see
/// `TextFacts.isInert`) keep their cell positions but not their words, so a county's township files, which differ
/// in their titles and numbers, share one shape. Two workbooks of one shape locate to the same cells and findings.
struct LocateShape: Hashable, CustomStringConvertible {
    private(set) var bytes: [UInt8] = []

    /// The facts of the texts in the first 40 non-blank rows of the sheets locating reads first (the visible ones,
    /// else all): what the title and 填报单位 readers look at, gathered on the same pass.
    private(set) var leadingTexts: [TextFacts] = []

    /// Nil for text and PDF reports: their findings carry line and page numbers, which the shape does not hold (a PDF
    /// with a cover page has the same shape as one without, on other pages). The shape is complete
    /// once `finish(year:)` adds the report year (which the leading texts tell).
    init?(_ workbook: Workbook, choice: LayoutChoice) {
        guard workbook.sheets.allSatisfy({ $0.grid.origins == nil }) else { return nil }
        bytes.reserveCapacity(8_192)
        switch choice {
        case .auto: append("auto")
        case .fixed(let layout): append(layout.id)
        }
        append(workbook.format.rawValue)
        let anyVisible = workbook.sheets.contains { $0.visibility == .visible }
        var leadingRows = 0
        for sheet in workbook.sheets {
            if workbook.sourcesNameSheets { append(sheet.name) }  // a CSV's is its file's name
            append(sheet.visibility.rawValue)
            append(sheet.grid.merged.count)
            for range in sheet.grid.merged {
                append(range.first.row)
                append(range.first.column)
                append(range.last.row)
                append(range.last.column)
            }
            let leads = !anyVisible || sheet.visibility == .visible
            for row in sheet.grid.nonBlankRows {
                let cells = sheet.grid.columnCells(inRow: row)
                let leading = leads && leadingRows < 40
                if leading { leadingRows += 1 }
                append(row)
                // Written as a row that steers (most do) in one pass over the cells; an inert row is rewritten
                // without its words.
                let flag = bytes.count
                bytes.append(0x52)  // R
                append(cells.count)
                let cellsStart = bytes.count
                var inert = true
                for index in cells.indices {
                    append(cells[index].column)
                    switch RowScan.classify(cells[index].cell) {
                    case .value:
                        inert = false
                        bytes.append(0x56)  // V
                    case .text(let raw, let facts):
                        if !facts.isInert { inert = false }
                        if leading { leadingTexts.append(facts) }
                        bytes.append(0x54)  // T
                        append(raw)
                    }
                }
                if inert {
                    // Only texts, none of which matters: positions alone.
                    bytes[flag] = 0x49  // I
                    bytes.removeSubrange(cellsStart...)
                    for index in cells.indices {
                        append(cells[index].column)
                        bytes.append(0x54)  // T
                    }
                }
            }
            bytes.append(0x2F)
        }
    }

    /// Adds the report year, which decides the layout when the texts do not.
    mutating func finish(year: Int?) {
        append(year ?? -1)
    }

    /// One memcmp, not an element-by-element loop over a few kilobytes.
    static func == (lhs: LocateShape, rhs: LocateShape) -> Bool {
        lhs.bytes.count == rhs.bytes.count && lhs.bytes.withUnsafeBytes { a in
            rhs.bytes.withUnsafeBytes { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return true }  // both empty
                return memcmp(x, y, a.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    var description: String { "LocateShape(\(bytes.count) bytes, hash \(hashValue))" }

    /// LEB128 of the bit pattern: prefix-free like the fixed width it replaces, but one byte for most rows and columns
    /// (a shorter shape hashes and compares faster in the memo).
    private mutating func append(_ number: Int) {
        var rest = UInt64(bitPattern: Int64(number))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Length-prefixed, so no two sequences of strings serialise alike.
    private mutating func append(_ text: String) {
        append(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }
}

/// What locating one shape produced, with sources written against the workbook it was first seen in.
struct LocateOutcome {
    var layout: Layout
    /// The located values of the first workbook: the same keys, sheets and cells for every workbook of the shape.
    var values: KeyedSlots<LocatedValue>
    var findings: [Finding]

    init(_ located: LocatedTables) {
        layout = located.layout
        // Consecutive values of one sheet share one source place, so a replay rewrites a place per sheet, not per value.
        var values = located.values
        var last: SourceCell.Place?
        for position in 0..<values.index.count {
            guard var value = values[position: position] else { continue }
            if let last, last !== value.source.place, last.sameContent(as: value.source.place) {
                value.source = SourceCell(place: last, row: value.source.row, column: value.source.column)
                values[position: position] = value
            }
            last = value.source.place
        }
        self.values = values
        findings = located.findings
    }

    /// The outcome for another workbook of the same shape: its cells, its file name in every source (sheet names are
    /// part of the shape).
    func replayed(for workbook: Workbook, agency: String?, year: Int?) -> LocatedTables {
        // Values are rewritten by position: no key is hashed again. A row's cells are fetched once for its values
        // (they come in row order), and each source place once for the values that share it.
        // One map over the slots: each template is read in place and each new slot written once (no blank array
        // to fill, no old value to release).
        let file = workbook.source
        var sheetIndex = -1
        var row = -1
        var rowCells: [ColumnCell] = []
        var templatePlace: SourceCell.Place?
        var place: SourceCell.Place?
        let templates = values
        let located = values.mapFilled { position in
            // Only the template's small fields are read (in place); its cell, the costly part, is never copied.
            let template = templates.peek(position) { ($0.sheetIndex, $0.source.row, $0.source.column, $0.source.place, $0.key, $0.unit) }
            let (templateSheet, templateRow, column) = (template?.0 ?? -1, template?.1 ?? -1, template?.2 ?? 0)
            if templateSheet != sheetIndex || templateRow != row {
                sheetIndex = templateSheet
                row = templateRow
                rowCells = workbook.sheets.indices.contains(sheetIndex) ? workbook.sheets[sheetIndex].grid.columnCells(inRow: row) : []
            }
            if let templateSource = template?.3, templatePlace !== templateSource {
                templatePlace = templateSource
                place = templateSource.inFile(file)
            }
            return LocatedValue(
                key: template?.4 ?? "", cell: Self.cell(at: column, in: rowCells),
                source: place.map { SourceCell(place: $0, row: row, column: column) } ?? SourceCell(file: file, sheet: nil, row: row, column: column),
                sheetIndex: sheetIndex, unit: template?.5 ?? .wan)
        }
        let findings = self.findings.map { finding in
            var finding = finding
            for index in finding.cells.indices { finding.cells[index]?.file = workbook.source }
            finding.likelyCell?.file = workbook.source
            return finding
        }
        return LocatedTables(workbook: workbook, layout: layout, values: located, findings: findings, agency: agency, year: year)
    }

    /// The cell at `column` of a row's cells (ascending columns), blank where there is none.
    private static func cell(at column: Int, in cells: [ColumnCell]) -> Cell {
        var low = 0, high = cells.count
        while low < high {
            let middle = (low + high) / 2
            if cells[middle].column < column { low = middle + 1 } else { high = middle }
        }
        return low < cells.count && cells[low].column == column ? cells[low].cell : .empty
    }
}

/// The process-wide memo of located shapes, shared by the threads of a batch.
enum LocateMemo {
    static let shared = BoundedMemo<LocateShape, LocateOutcome>(capacity: 256)
}
