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
    private var row: [ColumnCell] = []
    private var rowIndex = -1
    private var nextColumn = 0
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var capture = Capture.none
    private var value: [UInt8] = []
    private var inlineText: [UInt8] = []
    private var formula: [UInt8] = []
    private var hasFormula = false
    private var phoneticDepth = 0
    private var inCell = false
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

    init(sharedStrings: [String], styles: Styles, date1904: Bool, file: String, part: String,
         onRow: @escaping (Int, [ColumnCell]) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.file = file
        self.part = part
        self.onRow = onRow
        row.reserveCapacity(64)
        value.reserveCapacity(64)
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
            if inCell { capture = .value; value.removeAll(keepingCapacity: true) }
        } else if name == nameT {
            if inCell && phoneticDepth == 0 { capture = .text }
        } else if name == nameF {
            if inCell { capture = .formula; hasFormula = true }
        } else if name == nameRPh {
            phoneticDepth += 1
        } else if name == nameRow {
            startRow(attributes)
        } else if name == nameIs {
            inlineText.removeAll(keepingCapacity: true)
        } else if name == nameMergeCell {
            if let text = attributes.string("ref"), let range = CellRange(text) { merged.append(range) }
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if name == nameC {
            endCell()
        } else if name == nameV || name == nameT || name == nameF {
            capture = .none
        } else if name == nameRPh {
            phoneticDepth -= 1
        } else if name == nameRow {
            flushRow()
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch capture {
        case .none: return
        case .value: value.append(contentsOf: bytes)
        case .text: inlineText.append(contentsOf: bytes)
        case .formula: formula.append(contentsOf: bytes)
        }
        if value.count + inlineText.count + formula.count > SheetParser.maxCellBytes {
            fail(SpreadsheetError(file: file, part: part, location: CellRef(row: max(rowIndex, 0), column: cellColumn).a1,
                                  .tooLarge("单元格内容超过 \(SheetParser.maxCellBytes) 字节")))
        }
    }

    private func startRow(_ attributes: SAXAttributes) {
        flushRow()
        if let r = attributes.value("r"), let number = SheetParser.parseInt(r) {
            guard number >= 1 && number <= CellRef.maxRows else {
                fail(SpreadsheetError(file: file, part: part, .outOfRange("行号 \(number)")))
                return
            }
            rowIndex = number - 1
        } else {
            rowIndex += 1
        }
        nextColumn = 0
    }

    private func startCell(_ attributes: SAXAttributes) {
        inCell = true
        hasFormula = false
        value.removeAll(keepingCapacity: true)
        inlineText.removeAll(keepingCapacity: true)
        formula.removeAll(keepingCapacity: true)
        if rowIndex < 0 { rowIndex = 0 }
        if let r = attributes.value("r") {
            var slice = ArraySlice(r)
            guard let ref = CellRef.parse(&slice) else {
                fail(SpreadsheetError(file: file, part: part, .outOfRange("单元格引用 \(String(decoding: r, as: UTF8.self))")))
                return
            }
            if ref.row != rowIndex {
                // A cell outside its row element: honour the cell's own reference.
                flushRow()
                rowIndex = ref.row
            }
            cellColumn = ref.column
        } else {
            cellColumn = nextColumn
        }
        guard cellColumn < CellRef.maxColumns else {
            fail(SpreadsheetError(file: file, part: part, .outOfRange("列号 \(cellColumn + 1) 超过 16384")))
            return
        }
        nextColumn = cellColumn + 1
        cellType = .number
        if let t = attributes.value("t"), let first = t.first {
            switch first {
            case UInt8(ascii: "s"): cellType = t.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "i"): cellType = .inlineString
            case UInt8(ascii: "b"): cellType = .boolean
            case UInt8(ascii: "e"): cellType = .error
            case UInt8(ascii: "d"): cellType = .isoDate
            default: cellType = .number
            }
        }
        cellStyle = attributes.value("s").flatMap(SheetParser.parseInt) ?? 0
    }

    private func endCell() {
        guard inCell else { return }
        inCell = false
        capture = .none
        var result: CellValue
        switch cellType {
        case .number:
            result = value.isEmpty ? .empty : numberValue()
        case .sharedString:
            guard let index = SheetParser.parseInt(value[...]) else { result = .empty; break }
            guard index >= 0 && index < sharedStrings.count else {
                fail(SpreadsheetError(file: file, part: part, location: CellRef(row: rowIndex, column: cellColumn).a1,
                                      .sharedStringIndex(index, count: sharedStrings.count)))
                return
            }
            result = .text(sharedStrings[index])
        case .inlineString:
            result = .text(XMLText.decodeEscapes(String(decoding: inlineText, as: UTF8.self)))
        case .formulaString:
            result = hasFormula && value.isEmpty ? .empty : .text(XMLText.decodeEscapes(String(decoding: value, as: UTF8.self)))
        case .boolean:
            result = value.isEmpty ? .empty : .bool(value.first == UInt8(ascii: "1") || value.first == UInt8(ascii: "t"))
        case .error:
            result = value.isEmpty ? .empty : .error(String(decoding: value, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: value, as: UTF8.self)
            result = SheetDate(iso: text).map { .date($0) } ?? (text.isEmpty ? .empty : .text(text))
        }
        let formulaText: String? = hasFormula ? String(decoding: formula, as: UTF8.self) : nil
        if result.isEmpty && formulaText == nil { return }
        row.append(ColumnCell(column: cellColumn, cell: Cell(result, formula: formulaText)))
    }

    private func numberValue() -> CellValue {
        let source = String(decoding: value, as: UTF8.self)
        guard let number = SheetParser.parseDouble(value) else { return .text(source) }
        if cellStyle < styles.isDate.count, styles.isDate[cellStyle], let date = SheetDate(serial: number, date1904: date1904) {
            return .date(date)
        }
        return .number(number, source: source)
    }

    func flushRow() {
        guard !row.isEmpty else { return }
        if row.count > 1 && !SheetParser.isSorted(row) { row.sort { $0.column < $1.column } }
        do { try onRow(rowIndex, row) } catch { if !failed { failed = true; parser?.stop(error) } }
        row.removeAll(keepingCapacity: true)
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

    /// Integers in the fast path; anything else through strtod on a NUL-terminated copy.
    static func parseDouble(_ bytes: [UInt8]) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        var index = start
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        if end - index > 0 && end - index <= 15 {
            var integer: Int64 = 0
            var simple = true
            for position in index..<end {
                let byte = bytes[position]
                guard byte >= 48 && byte <= 57 else { simple = false; break }
                integer = integer * 10 + Int64(byte - 48)
            }
            if simple { return Double(negative ? -integer : integer) }
        }
        return bytes.withUnsafeBufferPointer { buffer -> Double? in
            var copy = [CChar](repeating: 0, count: end - start + 1)
            for position in start..<end { copy[position - start] = CChar(bitPattern: buffer[position]) }
            return copy.withUnsafeBufferPointer { pointer -> Double? in
                var stop: UnsafeMutablePointer<CChar>?
                let result = strtod(pointer.baseAddress!, &stop)
                guard let stop, stop == UnsafeMutablePointer(mutating: pointer.baseAddress! + (end - start)) else { return nil }
                return result.isFinite ? result : nil
            }
        }
    }
}
