// Streams a worksheet part through SAX2: cells typed from their attributes, rows delivered in order.
import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// One cell of a streamed row.
public struct ColumnCell: Sendable, Equatable {
    public var column: Int
    public var cell: Cell
}

/// Parses `<sheetData>` rows and `<mergeCells>` of one worksheet, handing each row to a callback.
final class SheetParser: SAXHandler {
    private enum CellType { case number, sharedString, inlineString, formulaString, boolean, error, isoDate }
    private enum Capture { case none, value, text, formula }

    /// Longest text we accept in one cell (Excel's own limit is 32,767 characters).
    static let maxCellBytes = 1 << 20

    private let sharedStrings: [String]
    private let styles: Styles
    private let date1904: Bool
    private let file: String
    private let part: String
    private let onRow: (Int, [ColumnCell]) throws -> Void
    weak var parser: SAXParser?

    private(set) var merged: [CellRange] = []
    /// The per-cell state, behind a pointer: the hot path then pays no dynamic exclusivity checks.
    private struct State {
        var row: [ColumnCell] = []
        var rowIndex = -1
        var nextColumn = 0
        var cellColumn = 0
        var cellType = CellType.number
        var cellStyle = 0
        var capture = Capture.none
        var value: [UInt8] = []
        var inlineText: [UInt8] = []
        var formula: [UInt8] = []
        var hasFormula = false
        var phoneticDepth = 0
        var inCell = false
    }
    private let state: UnsafeMutablePointer<State> = {
        let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
        pointer.initialize(to: State())
        return pointer
    }()
    private var failed = false

    // Interned element names; nil until `bind` (then pointer comparison is exact).
    private var nameRow: UnsafePointer<xmlChar>?
    private var nameC: UnsafePointer<xmlChar>?
    private var nameV: UnsafePointer<xmlChar>?
    private var nameT: UnsafePointer<xmlChar>?
    private var nameF: UnsafePointer<xmlChar>?
    private var nameIs: UnsafePointer<xmlChar>?
    private var nameRPh: UnsafePointer<xmlChar>?
    private var nameMergeCell: UnsafePointer<xmlChar>?
    private var attributeR: UnsafePointer<xmlChar>?
    private var attributeT: UnsafePointer<xmlChar>?
    private var attributeS: UnsafePointer<xmlChar>?

    init(sharedStrings: [String], styles: Styles, date1904: Bool, file: String, part: String,
         onRow: @escaping (Int, [ColumnCell]) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.file = file
        self.part = part
        self.onRow = onRow
        state.pointee.row.reserveCapacity(64)
        state.pointee.value.reserveCapacity(64)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func bind(_ parser: SAXParser) {
        self.parser = parser
        nameRow = parser.intern("row")
        nameC = parser.intern("c")
        nameV = parser.intern("v")
        nameT = parser.intern("t")
        nameF = parser.intern("f")
        nameIs = parser.intern("is")
        nameRPh = parser.intern("rPh")
        nameMergeCell = parser.intern("mergeCell")
        attributeR = parser.intern("r")
        attributeT = parser.intern("t")
        attributeS = parser.intern("s")
    }

    private func fail(_ error: SpreadsheetError) {
        guard !failed else { return }
        failed = true
        parser?.stop(error)
    }

    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        if name == nameC {
            startCell(attributes)
        } else if name == nameV {
            if state.pointee.inCell { state.pointee.capture = .value; state.pointee.value.removeAll(keepingCapacity: true) }
        } else if name == nameT {
            if state.pointee.inCell && state.pointee.phoneticDepth == 0 { state.pointee.capture = .text }
        } else if name == nameF {
            if state.pointee.inCell { state.pointee.capture = .formula; state.pointee.hasFormula = true }
        } else if name == nameRPh {
            state.pointee.phoneticDepth += 1
        } else if name == nameRow {
            startRow(attributes)
        } else if name == nameIs {
            state.pointee.inlineText.removeAll(keepingCapacity: true)
        } else if name == nameMergeCell {
            if let text = attributes.string("ref"), let range = CellRange(text) { merged.append(range) }
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if name == nameC {
            endCell()
        } else if name == nameV || name == nameT || name == nameF {
            state.pointee.capture = .none
        } else if name == nameRPh {
            state.pointee.phoneticDepth -= 1
        } else if name == nameRow {
            flushRow()
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch state.pointee.capture {
        case .none: return
        case .value: state.pointee.value.append(contentsOf: bytes)
        case .text: state.pointee.inlineText.append(contentsOf: bytes)
        case .formula: state.pointee.formula.append(contentsOf: bytes)
        }
        if state.pointee.value.count + state.pointee.inlineText.count + state.pointee.formula.count > SheetParser.maxCellBytes {
            fail(SpreadsheetError(file: file, part: part, location: CellRef(row: max(state.pointee.rowIndex, 0), column: state.pointee.cellColumn).a1,
                                  .tooLarge("单元格内容超过 \(SheetParser.maxCellBytes) 字节")))
        }
    }

    private func startRow(_ attributes: SAXAttributes) {
        flushRow()
        if let r = attributes.value(interned: attributeR), let number = SheetParser.parseInt(r) {
            guard number >= 1 && number <= CellRef.maxRows else {
                fail(SpreadsheetError(file: file, part: part, .outOfRange("行号 \(number)")))
                return
            }
            state.pointee.rowIndex = number - 1
        } else {
            state.pointee.rowIndex += 1
        }
        state.pointee.nextColumn = 0
    }

    private func startCell(_ attributes: SAXAttributes) {
        state.pointee.inCell = true
        state.pointee.hasFormula = false
        state.pointee.value.removeAll(keepingCapacity: true)
        state.pointee.inlineText.removeAll(keepingCapacity: true)
        state.pointee.formula.removeAll(keepingCapacity: true)
        if state.pointee.rowIndex < 0 { state.pointee.rowIndex = 0 }
        if let r = attributes.value(interned: attributeR) {
            guard let ref = SheetParser.parseReference(r) else {
                fail(SpreadsheetError(file: file, part: part, .outOfRange("单元格引用 \(String(decoding: r, as: UTF8.self))")))
                return
            }
            if ref.row != state.pointee.rowIndex {
                // A cell outside its row element: honour the cell's own reference.
                flushRow()
                state.pointee.rowIndex = ref.row
            }
            state.pointee.cellColumn = ref.column
        } else {
            state.pointee.cellColumn = state.pointee.nextColumn
        }
        guard state.pointee.cellColumn < CellRef.maxColumns else {
            fail(SpreadsheetError(file: file, part: part, .outOfRange("列号 \(state.pointee.cellColumn + 1) 超过 16384")))
            return
        }
        state.pointee.nextColumn = state.pointee.cellColumn + 1
        state.pointee.cellType = .number
        if let t = attributes.value(interned: attributeT), let first = t.first {
            switch first {
            case UInt8(ascii: "s"): state.pointee.cellType = t.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "i"): state.pointee.cellType = .inlineString
            case UInt8(ascii: "b"): state.pointee.cellType = .boolean
            case UInt8(ascii: "e"): state.pointee.cellType = .error
            case UInt8(ascii: "d"): state.pointee.cellType = .isoDate
            default: state.pointee.cellType = .number
            }
        }
        state.pointee.cellStyle = attributes.value(interned: attributeS).flatMap(SheetParser.parseInt) ?? 0
    }

    private func endCell() {
        guard state.pointee.inCell else { return }
        state.pointee.inCell = false
        state.pointee.capture = .none
        var result: CellValue
        switch state.pointee.cellType {
        case .number:
            result = state.pointee.value.isEmpty ? .empty : numberValue()
        case .sharedString:
            guard let index = SheetParser.parseInt(state.pointee.value[...]) else { result = .empty; break }
            guard index >= 0 && index < sharedStrings.count else {
                fail(SpreadsheetError(file: file, part: part, location: CellRef(row: state.pointee.rowIndex, column: state.pointee.cellColumn).a1,
                                      .sharedStringIndex(index, count: sharedStrings.count)))
                return
            }
            result = .text(sharedStrings[index])
        case .inlineString:
            result = .text(XMLText.decodeEscapes(String(decoding: state.pointee.inlineText, as: UTF8.self)))
        case .formulaString:
            result = state.pointee.hasFormula && state.pointee.value.isEmpty ? .empty : .text(XMLText.decodeEscapes(String(decoding: state.pointee.value, as: UTF8.self)))
        case .boolean:
            result = state.pointee.value.isEmpty ? .empty : .bool(state.pointee.value.first == UInt8(ascii: "1") || state.pointee.value.first == UInt8(ascii: "t"))
        case .error:
            result = state.pointee.value.isEmpty ? .empty : .error(String(decoding: state.pointee.value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: state.pointee.value, as: UTF8.self)
            result = SheetDate(iso: text).map { .date($0) } ?? (text.isEmpty ? .empty : .text(text))
        }
        let formulaText: String? = state.pointee.hasFormula ? String(decoding: state.pointee.formula, as: UTF8.self) : nil
        if result.isEmpty && formulaText == nil { return }
        state.pointee.row.append(ColumnCell(column: state.pointee.cellColumn, cell: Cell(result, formula: formulaText)))
    }

    private func numberValue() -> CellValue {
        let source = String(decoding: state.pointee.value, as: UTF8.self)
        guard let number = SheetParser.parseInteger(state.pointee.value) ?? SheetParser.parseDouble(source) else { return .text(source) }
        if state.pointee.cellStyle < styles.isDate.count, styles.isDate[state.pointee.cellStyle], let date = SheetDate(serial: number, date1904: date1904) {
            return .date(date)
        }
        return .number(number, source: source)
    }

    func flushRow() {
        guard !state.pointee.row.isEmpty else { return }
        if state.pointee.row.count > 1 && !SheetParser.isSorted(state.pointee.row) { state.pointee.row.sort { $0.column < $1.column } }
        do { try onRow(state.pointee.rowIndex, state.pointee.row) } catch { if !failed { failed = true; parser?.stop(error) } }
        state.pointee.row.removeAll(keepingCapacity: true)
    }

    private static func isSorted(_ cells: [ColumnCell]) -> Bool {
        for index in 1..<cells.count where cells[index - 1].column >= cells[index].column { return false }
        return true
    }

    static func parseInt<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var result = 0
        var any = false
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            result = result &* 10 &+ Int(byte - 48)
            any = true
            if result > 1 << 40 { return nil }
        }
        return any ? result : nil
    }

    /// Plain integers of up to 15 digits, straight from the bytes.
    static func parseInteger(_ bytes: [UInt8]) -> Double? {
        bytes.withUnsafeBufferPointer { buffer -> Double? in
            var index = 0
            let count = buffer.count
            var negative = false
            if count > 0, buffer[0] == UInt8(ascii: "-") { negative = true; index = 1 }
            guard count - index > 0, count - index <= 15 else { return nil }
            var value: Int64 = 0
            while index < count {
                let digit = buffer[index] &- 48
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            return Double(negative ? -value : value)
        }
    }

    /// Any other number (`96171.6`, `1E-3`, ` 5 `), through the standard library's strtod.
    static func parseDouble(_ text: String) -> Double? {
        if let value = Double(text), value.isFinite { return value }
        let trimmed = text.trimmingCharacters(in: " ")
        guard trimmed != text, let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// `B7` → (row 6, column 1) from the attribute bytes, within Excel's limits.
    static func parseReference(_ bytes: UnsafeBufferPointer<UInt8>) -> CellRef? {
        var index = 0
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        var column = 0
        var letters = 0
        while index < count {
            let upper = bytes[index] & ~0x20
            guard upper >= 65 && upper <= 90 else { break }
            column = column * 26 + Int(upper - 64)
            letters += 1
            index += 1
            if letters > 3 { return nil }
        }
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        var row = 0
        var digits = 0
        while index < count {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            row = row * 10 + Int(digit)
            digits += 1
            index += 1
            if digits > 7 { return nil }
        }
        guard letters > 0, letters <= 3, digits > 0, digits <= 7, row >= 1, row <= CellRef.maxRows, column <= CellRef.maxColumns else { return nil }
        return CellRef(row: row - 1, column: column - 1)
    }
}
