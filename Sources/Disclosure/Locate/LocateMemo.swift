// Remembers where the tables were in a workbook's shape, so files filled in from one template are located once.
import Foundation
import Spreadsheet

/// Everything locating reads from a workbook, as bytes: sheet names, visibility, merges, and for every non-blank
/// cell its position and either "a value" or its text. Rows made only of inert texts (titles, 填报单位, notes; see
/// `TextFacts.isInert`) keep their cell positions but not their words, so a county's township files, which differ
/// in their titles and numbers, share one shape. Two workbooks of one shape locate to the same cells and findings.
struct LocateShape: Hashable, CustomStringConvertible {
    private(set) var bytes: [UInt8] = []

    /// Nil for text reports: their findings carry line numbers, which the shape does not hold.
    init?(_ workbook: Workbook, choice: LayoutChoice, year: Int?) {
        guard workbook.sheets.allSatisfy({ $0.grid.sourceLines == nil }) else { return nil }
        bytes.reserveCapacity(8_192)
        switch choice {
        case .auto: append("auto")
        case .fixed(let layout): append(layout.id)
        }
        append(workbook.format.rawValue)
        append(year ?? -1)
        for sheet in workbook.sheets {
            append(sheet.name)
            append(sheet.visibility.rawValue)
            append(sheet.grid.merged.count)
            for range in sheet.grid.merged {
                for number in [range.first.row, range.first.column, range.last.row, range.last.column] { append(number) }
            }
            for row in sheet.grid.nonBlankRows {
                let cells = sheet.grid.columnCells(inRow: row)
                var kinds: [RowScan.Kind] = []
                kinds.reserveCapacity(cells.count)
                var inert = true
                for cell in cells {
                    let kind = RowScan.classify(cell.cell)
                    switch kind {
                    case .value: inert = false
                    case .text(_, _, let isInert): if !isInert { inert = false }
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
                    case .text(let raw, _, _):
                        bytes.append(0x54)  // T
                        if !inert { append(raw) }
                    }
                }
            }
            bytes.append(0x2F)
        }
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
    struct Value {
        var key: String
        var sheet: Int
        var row: Int
        var column: Int
        var unit: ValueParser.MoneyUnit
    }

    var layout: Layout
    var values: [Value]
    var findings: [Finding]

    init(_ located: LocatedTables) {
        layout = located.layout
        values = located.values.values.map { value in
            Value(key: value.key, sheet: value.sheetIndex, row: value.source.row, column: value.source.column, unit: value.unit)
        }.sorted { $0.key < $1.key }
        findings = located.findings
    }

    /// The outcome for another workbook of the same shape: its cells, its file name in every source.
    func replayed(for workbook: Workbook, agency: String?, year: Int?) -> LocatedTables {
        func source(sheet: Int, row: Int, column: Int) -> SourceCell {
            SourceCell(file: workbook.source, sheet: workbook.format == .csv ? nil : workbook.sheets[sheet].name, row: row, column: column)
        }
        func rewritten(_ cell: SourceCell) -> SourceCell {
            var cell = cell
            cell.file = workbook.source
            return cell
        }
        var located: [String: LocatedValue] = [:]
        located.reserveCapacity(values.count)
        for value in values {
            located[value.key] = LocatedValue(key: value.key, cell: workbook.sheets[value.sheet].grid[value.row, value.column],
                                              source: source(sheet: value.sheet, row: value.row, column: value.column),
                                              sheetIndex: value.sheet, unit: value.unit)
        }
        let findings = self.findings.map { finding in
            var finding = finding
            finding.cells = finding.cells.map(rewritten)
            finding.likelyCell = finding.likelyCell.map(rewritten)
            return finding
        }
        return LocatedTables(workbook: workbook, layout: layout, values: located, findings: findings, agency: agency, year: year)
    }
}

/// The process-wide memo of located shapes (bounded; shared by the threads of a batch).
final class LocateMemo: @unchecked Sendable {
    static let shared = LocateMemo()

    private var outcomes: [LocateShape: LocateOutcome] = [:]
    private let lock = NSLock()
    private let capacity = 256
    /// How many lookups found a shape (tests read it).
    private(set) var hits = 0

    func outcome(_ shape: LocateShape) -> LocateOutcome? {
        lock.lock()
        defer { lock.unlock() }
        let outcome = outcomes[shape]
        if outcome != nil { hits += 1 }
        return outcome
    }

    func store(_ outcome: LocateOutcome, for shape: LocateShape) {
        lock.lock()
        defer { lock.unlock() }
        if outcomes.count >= capacity { outcomes.removeAll(keepingCapacity: true) }
        outcomes[shape] = outcome
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        outcomes.removeAll()
        hits = 0
    }
}
