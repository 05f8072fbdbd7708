// Lays out an RTF table's rows on one grid: columns from the union of every row's `\cellx` boundaries, merges from
// `\clmgf/\clmrg` (across) and `\clvmgf/\clvmrg` (down).
import Spreadsheet

/// One cell's definition in a row (`\clvmgf … \cellx1892`): its right boundary in twips and its merge flags.
struct RTFCellDefinition: Equatable {
    var right = 0
    var firstOfVerticalMerge = false
    var continuesVerticalMerge = false
    var firstOfHorizontalMerge = false
    var continuesHorizontalMerge = false
}

/// One `\row`: the cell definitions in force and the text of each `\cell`.
struct RTFRow {
    var definitions: [RTFCellDefinition]
    var cells: [[UInt8]]
}

enum RTFTable {
    /// Boundaries closer than this (twips, about half a millimetre) are one column edge: writers round widths.
    static let tolerance = 20

    /// The grid of a table's rows. A row with more cells than definitions places the rest one column each after its
    /// last defined cell; boundaries out of order never move a cell left of the one before it.
    static func grid(_ rows: [RTFRow]) -> Grid {
        let edges = columnEdges(rows)
        var builder = TableBuilder()
        for row in rows {
            builder.startRow()
            // Cells merged across (`\clmrg`) join the cell they continue: one wider cell.
            var placed: [(text: [UInt8], start: Int, end: Int, continuesDown: Bool)] = []
            var previousRight: Int?
            var fallback = 0
            for (index, text) in row.cells.enumerated() {
                var start: Int
                var end: Int
                var definition = RTFCellDefinition()
                if index < row.definitions.count {
                    definition = row.definitions[index]
                    start = previousRight.map { column(after: $0, in: edges) } ?? 0
                    end = max(start, column(endingAt: definition.right, in: edges))
                    previousRight = definition.right
                } else {
                    start = fallback
                    end = start
                }
                if let last = placed.last { start = max(start, last.end + 1); end = max(end, start) }
                fallback = end + 1
                if definition.continuesHorizontalMerge, !placed.isEmpty {
                    placed[placed.count - 1].end = end
                    if !DocumentText.trimmed(text).isEmpty {
                        placed[placed.count - 1].text += [0x0A] + text
                    }
                    continue
                }
                placed.append((text, start, end, definition.continuesVerticalMerge))
            }
            for cell in placed {
                guard cell.start < TableBuilder.maxColumns else { break }
                if cell.start > builder.column { builder.skip(cell.start - builder.column) }
                let span = cell.end - cell.start + 1
                if cell.continuesDown {
                    builder.continueVerticalMerge(cell.text, columnSpan: span)
                } else {
                    builder.addCell(cell.text, columnSpan: span)
                }
            }
        }
        return builder.grid
    }

    /// The distinct right boundaries of every row's cells, ascending, near ones taken as one.
    static func columnEdges(_ rows: [RTFRow]) -> [Int] {
        var all: [Int] = []
        for row in rows { all += row.definitions.map(\.right) }
        all.sort()
        var edges: [Int] = []
        for value in all where edges.last.map({ value - $0 > tolerance }) ?? true {
            edges.append(value)
            if edges.count >= TableBuilder.maxColumns { break }
        }
        return edges
    }

    /// The column whose right edge is `boundary` (the nearest edge at or after it, within the tolerance).
    private static func column(endingAt boundary: Int, in edges: [Int]) -> Int {
        var low = 0, high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < boundary - tolerance { low = middle + 1 } else { high = middle }
        }
        return min(low, max(edges.count - 1, 0))
    }

    /// The first column right of `boundary` (a cell starts where the one before it ended).
    private static func column(after boundary: Int, in edges: [Int]) -> Int {
        column(endingAt: boundary, in: edges) + 1
    }
}
