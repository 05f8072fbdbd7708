// Streams a worksheet part through SAX2: cells typed from their attributes, rows delivered in order.
import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses `<sheetData>` rows and `<mergeCells>` of one worksheet into batches of raw rows (values still as
/// bytes; `RowDecoder` types them), so parsing and decoding can run on different threads.
final class SheetParser: SAXHandler {
    private enum Capture { case none, value, text, formula }

    /// Rows per batch handed on.
    static let batchRows = 512

    /// Longest text we accept in one cell (Excel's own limit is 32,767 characters).
    static let maxCellBytes = 1 << 20

    private let file: String
    private let part: String
    private let onBatch: (RawRows) throws -> Void
    weak var parser: SAXParser?

    private(set) var merged: [CellRange] = []
    /// Rows (`<row hidden="1">`) and columns (`<col hidden="1">`) the sheet hides.
    private(set) var hidden = HiddenLines()
    /// The per-cell state, behind a pointer: the hot path then pays no dynamic exclusivity checks.
    private struct State {
        var batch = RawRows()
        var rowCellStart = 0
        var rowIndex = -1
        var nextColumn = 0
        var cellColumn = 0
        var cellType = RawCellType.number
        var cellStyle = 0
        var capture = Capture.none
        /// Where the current cell's captured bytes sit in `batch.bytes` (written there directly, no copy).
        var cellBytesStart = 0
        var captureStart = 0
        var value = 0..<0
        var inlineText = 0..<0
        var formula = 0..<0
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
    private var nameCol: UnsafePointer<xmlChar>?
    private var attributeHidden: UnsafePointer<xmlChar>?
    private var attributeR: UnsafePointer<xmlChar>?
    private var attributeT: UnsafePointer<xmlChar>?
    private var attributeS: UnsafePointer<xmlChar>?

    /// `partBytes`, the inflated size of the part, keeps the first buffers small for small sheets: a township's form
    /// needs a few kilobytes, and buffers past glibc's mmap threshold cost page faults on every file of a batch.
    init(file: String, part: String, partBytes: UInt64 = 1 << 20, onBatch: @escaping (RawRows) throws -> Void) {
        self.file = file
        self.part = part
        self.onBatch = onBatch
        let expected = Int(min(partBytes, 1 << 20))
        state.pointee.batch.bytes.reserveCapacity(min(64 << 10, expected / 2 + 256))
        state.pointee.batch.cells.reserveCapacity(min(4096, expected / 24 + 16))
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
        nameCol = parser.intern("col")
        attributeHidden = parser.intern("hidden")
        attributeR = parser.intern("r")
        attributeT = parser.intern("t")
        attributeS = parser.intern("s")
    }

    /// Element and text callbacks that call this final class directly (see `SAXParser.withTarget`).
    static func install(_ sax: inout xmlSAXHandler) {
        sax.startElementNs = { context, name, _, _, _, _, count, _, raw in SAXParser.withTarget(context, name, SheetParser.self) { $0.startElement($1, SAXAttributes(count: Int(count), raw: raw)) } }
        sax.endElementNs = { context, name, _, _ in SAXParser.withTarget(context, name, SheetParser.self) { $0.endElement($1) } }
        sax.characters = { context, bytes, length in SAXParser.withTarget(context, bytes, SheetParser.self) { $0.characters(UnsafeBufferPointer(start: $1, count: Int(length))) } }
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
            if state.pointee.inCell { beginCapture(.value) }
        } else if name == nameT {
            if state.pointee.inCell && state.pointee.phoneticDepth == 0 {
                // Runs of one inline string follow each other: keep extending the same range.
                if state.pointee.inlineText.isEmpty { state.pointee.captureStart = state.pointee.batch.bytes.count }
                else { state.pointee.captureStart = state.pointee.inlineText.lowerBound }
                state.pointee.capture = .text
            }
        } else if name == nameF {
            if state.pointee.inCell { beginCapture(.formula); state.pointee.hasFormula = true }
        } else if name == nameRPh {
            state.pointee.phoneticDepth += 1
        } else if name == nameRow {
            startRow(attributes)
        } else if name == nameIs {
            state.pointee.inlineText = 0..<0
        } else if name == nameMergeCell {
            if let ref = attributes.value("ref"), let range = SheetParser.parseRange(ref) { merged.append(range) }
        } else if name == nameCol {
            if SheetParser.isTrue(attributes.value(interned: attributeHidden)), let min = attributes.value("min").flatMap(SheetParser.parseInt),
               let max = attributes.value("max").flatMap(SheetParser.parseInt), min >= 1, max >= min, min <= CellRef.maxColumns {
                hidden.hideColumns((min - 1)...(Swift.min(max, CellRef.maxColumns) - 1))
            }
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if name == nameC {
            endCell()
        } else if name == nameV || name == nameT || name == nameF {
            endCapture()
        } else if name == nameRPh {
            state.pointee.phoneticDepth -= 1
        } else if name == nameRow {
            flushRow()
        }
    }

    private func beginCapture(_ kind: Capture) {
        state.pointee.capture = kind
        state.pointee.captureStart = state.pointee.batch.bytes.count
    }

    private func endCapture() {
        let range = state.pointee.captureStart..<state.pointee.batch.bytes.count
        switch state.pointee.capture {
        case .none: return
        case .value: state.pointee.value = range
        case .text: state.pointee.inlineText = range
        case .formula: state.pointee.formula = range
        }
        state.pointee.capture = .none
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard state.pointee.capture != .none else { return }
        state.pointee.batch.bytes.append(contentsOf: bytes)
        if state.pointee.batch.bytes.count - state.pointee.cellBytesStart > SheetParser.maxCellBytes {
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
        if SheetParser.isTrue(attributes.value(interned: attributeHidden)) { hidden.hideRows(state.pointee.rowIndex...state.pointee.rowIndex) }
        state.pointee.nextColumn = 0
    }

    private func startCell(_ attributes: SAXAttributes) {
        state.pointee.inCell = true
        state.pointee.hasFormula = false
        state.pointee.value = 0..<0
        state.pointee.inlineText = 0..<0
        state.pointee.formula = 0..<0
        if state.pointee.rowIndex < 0 { state.pointee.rowIndex = 0 }
        // One pass over the attributes for r, t and s.
        var rValue: UnsafeBufferPointer<UInt8>?
        var tValue: UnsafeBufferPointer<UInt8>?
        var sValue: UnsafeBufferPointer<UInt8>?
        attributes.forEach { name, value in
            if name == attributeR { rValue = value } else if name == attributeT { tValue = value } else if name == attributeS { sValue = value }
        }
        if let r = rValue {
            guard let ref = SheetParser.parseShortReference(r) else {
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
        if let t = tValue, let first = t.first {
            switch first {
            case UInt8(ascii: "s"): state.pointee.cellType = t.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "i"): state.pointee.cellType = .inlineString
            case UInt8(ascii: "b"): state.pointee.cellType = .boolean
            case UInt8(ascii: "e"): state.pointee.cellType = .error
            case UInt8(ascii: "d"): state.pointee.cellType = .isoDate
            default: state.pointee.cellType = .number
            }
        }
        state.pointee.cellStyle = sValue.flatMap(SheetParser.parseInt) ?? 0
        state.pointee.cellBytesStart = state.pointee.batch.bytes.count
    }

    private func endCell() {
        guard state.pointee.inCell else { return }
        state.pointee.inCell = false
        state.pointee.capture = .none
        endCapture()
        let hasContent = !state.pointee.value.isEmpty || !state.pointee.inlineText.isEmpty || state.pointee.hasFormula
        guard hasContent else { return }
        func range(_ bytes: Range<Int>) -> Range<Int32> { Int32(bytes.lowerBound)..<Int32(bytes.upperBound) }
        let value = range(state.pointee.value)
        let text = state.pointee.cellType == .inlineString ? range(state.pointee.inlineText) : value.upperBound..<value.upperBound
        let formula = range(state.pointee.formula)
        state.pointee.batch.cells.append(RawRows.RawCell(column: Int32(state.pointee.cellColumn), type: state.pointee.cellType,
                                                         hasFormula: state.pointee.hasFormula, style: Int32(clamping: state.pointee.cellStyle),
                                                         value: value, text: text, formula: formula))
    }

    /// Closes the current row; hands the batch on when it is full (or `final`).
    func flushRow(final: Bool = false) {
        if state.pointee.batch.cells.count > state.pointee.rowCellStart {
            state.pointee.batch.rows.append((state.pointee.rowIndex, state.pointee.batch.cells.count))
            state.pointee.rowCellStart = state.pointee.batch.cells.count
        }
        guard !state.pointee.batch.isEmpty, final || state.pointee.batch.rows.count >= SheetParser.batchRows
                || state.pointee.batch.bytes.count >= 1 << 20 else { return }
        let batch = state.pointee.batch
        state.pointee.batch = RawRows()
        if !final { state.pointee.batch.bytes.reserveCapacity(64 << 10) }
        state.pointee.rowCellStart = 0
        do { try onBatch(batch) } catch { if !failed { failed = true; parser?.stop(error) } }
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

    /// An OOXML boolean attribute (`1` or `true`).
    static func isTrue(_ value: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard let value, let first = value.first else { return false }
        return first == UInt8(ascii: "1") || first == UInt8(ascii: "t")
    }

    /// Plain integers of up to 15 digits, straight from the bytes.
    static func parseInteger(_ buffer: UnsafeBufferPointer<UInt8>) -> Double? {
        do {
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

    /// `A1:C3` or `B2` from the attribute bytes, as `CellRange(String)` reads it (without a String per merge); bytes
    /// with a reference (`&#65;1`) take the String way, which decodes it.
    static func parseRange(_ bytes: UnsafeBufferPointer<UInt8>) -> CellRange? {
        if bytes.contains(UInt8(ascii: "&")) { return CellRange(XMLText.decodeReferences(bytes)) }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return parseReference(bytes).map { CellRange(first: $0, last: $0) }
        }
        guard let first = parseReference(UnsafeBufferPointer(rebasing: bytes[..<colon])),
              let last = parseReference(UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])) else { return nil }
        return CellRange(first: first, last: last)
    }

    /// `parseReference` for the usual `J46` (upper-case letters, then digits, no `$`) in one tight pass; anything
    /// else goes the general way.
    @inline(__always)
    static func parseShortReference(_ bytes: UnsafeBufferPointer<UInt8>) -> CellRef? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        var column = 0
        while index < count {
            let letter = base[index] &- 65
            guard letter < 26 else { break }
            column = column &* 26 &+ Int(letter) &+ 1
            index += 1
        }
        let letters = index
        var row = 0
        while index < count {
            let digit = base[index] &- 48
            guard digit < 10 else { return parseReference(bytes) }
            row = row &* 10 &+ Int(digit)
            index += 1
        }
        let digits = count - letters
        guard letters > 0, letters <= 3, digits > 0, digits <= 7, row >= 1, row <= CellRef.maxRows,
              column <= CellRef.maxColumns else { return parseReference(bytes) }
        return CellRef(row: row - 1, column: column - 1)
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
