// The main document's characters → paragraphs → tables (cell marks, row marks, nesting) and the narrative.
import Spreadsheet

/// Builds tables and narrative from the document's characters in order: fields show their result, paragraph marks
/// (0x0D) and cell marks (0x07) end paragraphs, whose properties say whether they are in a table, end a cell or a row.
struct WordBody {
    private var paragraphs: WordParagraphTable
    private(set) var tables = TableStack<WordOpenTable>()
    private(set) var narrative = NarrativeCollector()
    /// The current paragraph's text (UTF-16 code units).
    private var text: [UInt16] = []
    /// Per open field: whether it is still in its instruction (before the separator 0x14).
    private var fields: [Bool] = []
    /// How many open fields are in their instruction: their characters are not shown.
    private var hiddenFields = 0
    /// Fields nested past the cap are counted only.
    private var ignoredFields = 0
    /// Without paragraph properties: what the last mark ended, to tell a row end from a cell end.
    private var lastMark = Mark.paragraph

    private enum Mark { case paragraph, cell, row }

    static let maxFieldNesting = 64
    static let maxParagraphUnits = 1 << 21

    init(paragraphs: WordParagraphTable) {
        self.paragraphs = paragraphs
    }

    /// One character of the main document, at stream offset `fc`; `endsSection` when it is the last of a section.
    mutating func character(_ unit: UInt16, fc: Int, endsSection: Bool) {
        switch unit {
        case 0x13:
            if fields.count < WordBody.maxFieldNesting && ignoredFields == 0 {
                fields.append(true)
                hiddenFields += 1
            } else {
                ignoredFields += 1
            }
            return
        case 0x14:
            if ignoredFields == 0, fields.last == true {
                fields[fields.count - 1] = false
                hiddenFields -= 1
            }
            return
        case 0x15:
            if ignoredFields > 0 {
                ignoredFields -= 1
            } else if let open = fields.popLast(), open {
                hiddenFields -= 1
            }
            return
        case 0x0D, 0x07:
            endParagraph(mark: unit, fc: fc)
            return
        case 0x0C where endsSection:
            // A section break ends its paragraph as a paragraph mark does.
            endParagraph(mark: 0x0D, fc: fc)
            return
        default:
            break
        }
        guard hiddenFields == 0, text.count < WordBody.maxParagraphUnits else { return }
        switch unit {
        case 0x09: text.append(0x20)  // tab
        case 0x0A, 0x0B, 0x0C: text.append(0x0A)  // line break, page break
        case 0x1E: text.append(0x2D)  // non-breaking hyphen
        case 0..<0x20: break  // pictures (0x01), drawn objects (0x08), note marks, optional hyphens (0x1F)…
        default: text.append(unit)
        }
    }

    private mutating func endParagraph(mark: UInt16, fc: Int) {
        let utf8 = Array(String(decoding: text, as: UTF16.self).utf8)
        text.removeAll(keepingCapacity: true)
        var depth: Int
        var rowEnd = false
        var cellEnd = false
        var layout: WordTableRow?
        if !paragraphs.isEmpty, let properties = paragraphs.properties(atMark: fc) {
            depth = min(properties.depth, TableStack<WordOpenTable>.maxNesting)
            if depth == 1 {
                rowEnd = properties.rowEnd
                cellEnd = !rowEnd && mark == 0x07
            } else if depth > 1 {
                rowEnd = properties.innerRowEnd
                cellEnd = !rowEnd && (properties.innerCellEnd || mark == 0x07)
            }
            layout = properties.row
        } else if mark == 0x07 {
            // No paragraph properties: a cell mark ends a cell, and an empty one straight after a cell end ends the row
            // (Word writes the row mark as a cell mark too). An empty cell at a row's end reads as that row's end.
            depth = 1
            rowEnd = lastMark == .cell && DocumentText.trimmed(utf8).isEmpty
            cellEnd = !rowEnd
        } else {
            // A paragraph mark inside an open row is a line of its cell; after a row end the table is over.
            depth = !tables.isEmpty && lastMark != .row ? 1 : 0
        }
        lastMark = rowEnd ? .row : cellEnd ? .cell : .paragraph
        while tables.open.count > depth { closeTable() }
        while tables.open.count < depth { tables.push(WordOpenTable()) }
        guard depth > 0 else {
            narrative.add(utf8)
            return
        }
        tables.top { entry in
            if rowEnd {
                entry.state.endRow(layout)
            } else {
                entry.state.append(utf8)
                if cellEnd { entry.state.endCell() } else { entry.state.append([0x0A]) }
            }
        }
    }

    private mutating func closeTable() {
        tables.top { entry in
            entry.state.endRow(nil, onlyIfOpen: true)
            entry.state.layout(into: &entry.builder)
        }
        tables.pop()
    }

    /// Ends the document: text after the last mark is a paragraph, open tables close.
    mutating func finish() -> (sheets: [Sheet], narrative: [(line: Int, text: String)]) {
        if !text.isEmpty {
            narrative.add(Array(String(decoding: text, as: UTF16.self).utf8))
            text.removeAll()
        }
        while !tables.isEmpty { closeTable() }
        return (tables.sheets(), narrative.paragraphs)
    }
}

/// A table being read: its finished rows (cells' text and the row's layout) until the table ends, when the grid is
/// laid out over the boundaries of all its rows.
struct WordOpenTable {
    private var rows: [(cells: [[UInt8]], layout: WordTableRow?)] = []
    private var cells: [[UInt8]] = []
    private var cell: [UInt8] = []
    static let maxCellBytes = 1 << 20

    mutating func append(_ utf8: [UInt8]) {
        if cell.count + utf8.count <= WordOpenTable.maxCellBytes { cell += utf8 }
    }

    mutating func endCell() {
        if cells.count < TableBuilder.maxColumns { cells.append(cell) }
        cell.removeAll(keepingCapacity: true)
    }

    /// Ends the row (a row mark, with its layout); `onlyIfOpen`: only when a cell has begun (a table that ends early).
    mutating func endRow(_ layout: WordTableRow?, onlyIfOpen: Bool = false) {
        if !cell.isEmpty { endCell() }
        if onlyIfOpen && cells.isEmpty { return }
        if rows.count < TableBuilder.maxRows { rows.append((cells, layout)) }
        cells.removeAll(keepingCapacity: true)
    }

    /// Boundaries closer than this (twips, 1/1440 inch) are one grid line: writers round each row on its own.
    static let tolerance = 8

    /// Lays the rows out: the grid's columns are the distinct cell boundaries of all rows (as Word's own grid is), a
    /// cell spans the columns between its boundaries; vertical merges continue the cell above; cells merged by the old
    /// horizontal flags join their first cell.
    func layout(into builder: inout TableBuilder) {
        var edges = rows.flatMap { $0.layout?.boundaries ?? [] }
        edges.sort()
        var grid: [Int] = []
        for edge in edges where grid.last.map({ edge - $0 > WordOpenTable.tolerance }) ?? true { grid.append(edge) }
        func column(_ x: Int) -> Int {
            var low = 0
            var high = grid.count
            while low < high {
                let middle = (low + high) / 2
                if grid[middle] < x - WordOpenTable.tolerance { low = middle + 1 } else { high = middle }
            }
            return low
        }
        struct Placed {
            var text: [UInt8]
            var start: Int?
            var span: Int
            var continuesAbove: Bool
        }
        for row in rows {
            builder.startRow()
            var placed: [Placed] = []
            for (index, text) in row.cells.enumerated() {
                guard let layout = row.layout, index < layout.cells.count, index + 1 < layout.boundaries.count else {
                    placed.append(Placed(text: text, start: nil, span: 1, continuesAbove: false))
                    continue
                }
                let start = column(layout.boundaries[index])
                let span = max(column(layout.boundaries[index + 1]) - start, 1)
                let flags = layout.cells[index]
                if flags.merged && !flags.firstMerged, !placed.isEmpty {
                    placed[placed.count - 1].span += span
                    placed[placed.count - 1].text += text
                    continue
                }
                placed.append(Placed(text: text, start: start, span: span, continuesAbove: flags.verticalContinue))
            }
            for cell in placed {
                if let start = cell.start, start > builder.column { builder.skip(start - builder.column) }
                if cell.continuesAbove {
                    builder.continueVerticalMerge(cell.text, columnSpan: cell.span)
                } else {
                    builder.addCell(cell.text, columnSpan: cell.span)
                }
            }
        }
    }
}
