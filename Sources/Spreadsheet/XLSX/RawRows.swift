// Cells as the sheet parser saw them, before their values are decoded: batches handed between threads.

/// How a cell's `t` attribute said to read it.
enum RawCellType: UInt8, Sendable {
    case number, sharedString, inlineString, formulaString, boolean, error, isoDate
}

/// A batch of parsed rows: cell records over one byte buffer.
struct RawRows: Sendable {
    struct RawCell: Sendable {
        var column: Int32
        var type: RawCellType
        var hasFormula: Bool
        var style: Int32
        var value: Range<Int32>
        var text: Range<Int32>
        var formula: Range<Int32>
    }

    var bytes: [UInt8] = []
    var cells: [RawCell] = []
    /// Each row's index and where its cells end in `cells`.
    var rows: [(index: Int, cellEnd: Int)] = []

    var isEmpty: Bool { rows.isEmpty }
}

/// Turns raw cells into typed cells: shared strings, numbers with their source text, dates from styles.
struct RowDecoder {
    let sharedStrings: [String]
    let styles: Styles
    let date1904: Bool
    let file: String
    let part: String

    /// Decodes every row of `batch` and hands each to `body`. The cell array is reused between rows, unless
    /// `freshRows`: then each row gets an array of its own, sized to it, for a caller that keeps the rows (a grid).
    func decode(_ batch: RawRows, freshRows: Bool = false, _ body: (Int, [ColumnCell]) throws -> Void) throws {
        var row: [ColumnCell] = []
        if !freshRows { row.reserveCapacity(64) }
        var start = 0
        try batch.bytes.withUnsafeBufferPointer { bytes in
            for (index, cellEnd) in batch.rows {
                if freshRows { row = []; row.reserveCapacity(cellEnd - start) } else { row.removeAll(keepingCapacity: true) }
                for cell in batch.cells[start..<cellEnd] { try decode(cell, row: index, bytes: bytes, into: &row) }
                start = cellEnd
                guard !row.isEmpty else { continue }
                if row.count > 1 && !RowDecoder.isSorted(row) { row.sort { $0.column < $1.column } }
                try body(index, row)
            }
        }
    }

    /// Appends the typed cell of `raw` to `row`, unless it is blank (no value, no formula).
    private func decode(_ raw: RawRows.RawCell, row: Int, bytes: UnsafeBufferPointer<UInt8>, into cells: inout [ColumnCell]) throws {
        func slice(_ range: Range<Int32>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(range.lowerBound)..<Int(range.upperBound)])
        }
        let value = slice(raw.value)
        var result: CellValue
        switch raw.type {
        case .number:
            result = value.isEmpty ? .empty : numberValue(value, style: Int(raw.style))
        case .sharedString:
            guard let index = SheetParser.parseInt(value) else { result = .empty; break }
            guard index >= 0 && index < sharedStrings.count else {
                throw SpreadsheetError(file: file, part: part, location: CellRef(row: row, column: Int(raw.column)).a1,
                                       .sharedStringIndex(index, count: sharedStrings.count))
            }
            result = .text(sharedStrings[index])
        case .inlineString:
            result = .text(XMLText.decodedText(slice(raw.text)))
        case .formulaString:
            result = raw.hasFormula && value.isEmpty ? .empty : .text(XMLText.decodedText(value))
        case .boolean:
            result = value.isEmpty ? .empty : .bool(value.first == UInt8(ascii: "1") || value.first == UInt8(ascii: "t"))
        case .error:
            result = value.isEmpty ? .empty : .error(String(decoding: value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self)
            result = SheetDate(iso: text).map { .date($0) } ?? (text.isEmpty ? .empty : .text(text))
        }
        // `consume`: the value moves into the cell (otherwise each cell is copied once and the original destroyed).
        if raw.hasFormula {
            cells.append(ColumnCell(column: Int(raw.column), cell: Cell(consume result, formula: String(decoding: slice(raw.formula), as: UTF8.self))))
        } else if !result.isEmpty {
            cells.append(ColumnCell(column: Int(raw.column), cell: Cell(consume result)))
        }
    }

    private func numberValue(_ bytes: UnsafeBufferPointer<UInt8>, style: Int) -> CellValue {
        let source = String(decoding: bytes, as: UTF8.self)
        guard let number = SheetParser.parseInteger(bytes) ?? SheetParser.parseDouble(source) else { return .text(source) }
        if style < styles.isDate.count, styles.isDate[style], let date = SheetDate(serial: number, date1904: date1904) {
            return .date(date)
        }
        return .number(number, source: source)
    }

    private static func isSorted(_ cells: [ColumnCell]) -> Bool {
        for index in 1..<cells.count where cells[index - 1].column >= cells[index].column { return false }
        return true
    }
}
