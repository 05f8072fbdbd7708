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

    /// Nil for text reports: their findings carry line numbers, which the shape does not hold. The shape is complete
    /// once `finish(year:)` adds the report year (which the leading texts tell).
    init?(_ workbook: Workbook, choice: LayoutChoice) {
        guard workbook.sheets.allSatisfy({ $0.grid.sourceLines == nil }) else { return nil }
        bytes.reserveCapacity(8_192)
        switch choice {
        case .auto: append("auto")
        case .fixed(let layout): append(layout.id)
        }
        append(workbook.format.rawValue)
        let anyVisible = workbook.sheets.contains { $0.visibility == .visible }
        var leadingRows = 0
        var kinds: [RowScan.Kind] = []
        for sheet in workbook.sheets {
            append(sheet.name)
            append(sheet.visibility.rawValue)
            append(sheet.grid.merged.count)
            for range in sheet.grid.merged {
                for number in [range.first.row, range.first.column, range.last.row, range.last.column] { append(number) }
            }
            let leads = !anyVisible || sheet.visibility == .visible
            for row in sheet.grid.nonBlankRows {
                let cells = sheet.grid.columnCells(inRow: row)
                let leading = leads && leadingRows < 40
                if leading { leadingRows += 1 }
                kinds.removeAll(keepingCapacity: true)
                var inert = true
                for cell in cells {
                    let kind = RowScan.classify(cell.cell)
                    switch kind {
                    case .value: inert = false
                    case .text(_, let facts):
                        if !facts.isInert { inert = false }
                        if leading { leadingTexts.append(facts) }
                    }
                    kinds.append(kind)
                }
                append(row)
                bytes.append(inert ? 0x49 : 0x52)  // I, R
                append(cells.count)
                for (cell, kind) in zip(cells, kinds) {
                    append(cell.column)
                    switch kind {
                    case .value: bytes.append(0x56)  // V
                    case .text(let raw, _):
                        bytes.append(0x54)  // T
                        if !inert { append(raw) }
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

    static func == (lhs: LocateShape, rhs: LocateShape) -> Bool { lhs.bytes == rhs.bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    var description: String { "LocateShape(\(bytes.count) bytes, hash \(hashValue))" }

    private mutating func append(_ number: Int) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
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
        values = located.values
        findings = located.findings
    }

    /// The outcome for another workbook of the same shape: its cells, its file name in every source (sheet names are
    /// part of the shape).
    func replayed(for workbook: Workbook, agency: String?, year: Int?) -> LocatedTables {
        // Values are rewritten by position: no key is hashed again. The grid is fetched once per sheet, not per value.
        let file = workbook.source
        var sheetIndex = -1
        var grid = Grid()
        let located = values.mapValues { template in
            var value = template
            if value.sheetIndex != sheetIndex {
                sheetIndex = value.sheetIndex
                grid = workbook.sheets[sheetIndex].grid
            }
            value.cell = grid[value.source.row, value.source.column]
            value.source.file = file
            return value
        }
        let findings = self.findings.map { finding in
            var finding = finding
            for index in finding.cells.indices { finding.cells[index]?.file = workbook.source }
            finding.likelyCell?.file = workbook.source
            return finding
        }
        return LocatedTables(workbook: workbook, layout: layout, values: located, findings: findings, agency: agency, year: year)
    }
}

/// The process-wide memo of located shapes, shared by the threads of a batch.
enum LocateMemo {
    static let shared = BoundedMemo<LocateShape, LocateOutcome>(capacity: 256)
}
