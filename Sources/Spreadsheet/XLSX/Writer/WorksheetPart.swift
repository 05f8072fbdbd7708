// Writes one worksheet part in CT_Worksheet schema order; rows stream straight into the zip entry.
import ZipArchive

/// Layout of a sheet that must be known before its rows (everything except the cells).
public struct SheetOptions: Sendable {
    public var name: String
    public var merged: [CellRange] = []
    public var columnWidths: [Int: Double] = [:]
    public var rowHeights: [Int: Double] = [:]
    public var frozen: CellRef?
    public var validations: [DataValidation] = []
    public var protected = false
    public var page = PageSetup()
    /// `A1:O53`, when known before the rows are written.
    public var dimension: CellRange?
    /// Cell comments (notes), by cell (`CommentsPart`).
    public var comments: [CellRef: String] = [:]
    /// Manual page breaks: each row (0-based) that starts a new printed page.
    public var rowBreaks: [Int] = []

    public init(name: String) { self.name = name }
}

/// Receives the rows of a streamed sheet, in ascending row order.
public final class RowWriter {
    /// Hot state behind a pointer: the per-cell path pays no dynamic exclusivity checks.
    private struct State {
        var xml = XMLWriter(declaration: false)
        var rowDigits: [UInt8] = []
        /// The last style asked for and its id (-1: none yet): runs of cells share a style.
        var lastStyle = CellStyle.plain
        var lastID = -1
        var styleCache: [(style: CellStyle, id: Int)] = []
    }
    private let state: UnsafeMutablePointer<State> = {
        let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
        pointer.initialize(to: State())
        return pointer
    }()
    private let entry: ZipEntryWriter
    private let strings: SharedStringTable
    private let styles: StyleRegistry
    private let options: SheetOptions
    private var lastRow = -1
    private let sheetName: String

    init(entry: ZipEntryWriter, strings: SharedStringTable, styles: StyleRegistry, options: SheetOptions) {
        self.entry = entry
        self.strings = strings
        self.styles = styles
        self.options = options
        sheetName = options.name
        state.pointee.xml.bytes.reserveCapacity(300 << 10)
    }

    /// Writes row `index` (0-based) with its cells in ascending column order.
    public func row(_ index: Int, _ cells: [(column: Int, cell: WriterCell)]) throws {
        try open(row: index)
        try writeCells(cells, row: index)
        try close()
    }

    /// Writes row `index`: its `leading` cells, then `numbers` in consecutive columns from `firstColumn`, all in
    /// `style` (`nil` is a blank cell that keeps the style). The same bytes as `row(_:_:)` with one `WriterCell` per
    /// number, without building them: wide numeric rows (a county's member rows) are most of what a rollup writes.
    public func row(_ index: Int, _ leading: [(column: Int, cell: WriterCell)], numbers: [Double?], from firstColumn: Int,
                    style: CellStyle) throws {
        guard leading.last.map({ $0.column < firstColumn }) ?? true, firstColumn + numbers.count <= CellRef.maxColumns else {
            throw SpreadsheetError(file: "<xlsx>", part: sheetName, .invalid("第 \(index + 1) 行的列不在递增顺序"))
        }
        try open(row: index)
        try writeCells(leading, row: index)
        let styleID = styleID(style)
        for (offset, number) in numbers.enumerated() {
            let column = firstColumn + offset
            guard let number else {
                if styleID != 0 {
                    openCell(row: index, column: column, style: styleID, type: nil)
                    state.pointee.xml.literal("/>")
                }
                continue
            }
            openCell(row: index, column: column, style: styleID, type: nil)
            state.pointee.xml.literal("><v>")
            XLSXValue.appendNumber(number, source: "", to: &state.pointee.xml.bytes)
            state.pointee.xml.literal("</v></c>")
        }
        try close()
    }

    private func open(row index: Int) throws {
        guard index > lastRow, index < CellRef.maxRows else {
            throw SpreadsheetError(file: "<xlsx>", part: sheetName, .invalid("行号 \(index + 1) 不在递增顺序或超出范围"))
        }
        lastRow = index
        state.pointee.rowDigits.removeAll(keepingCapacity: true)
        XLSXValue.appendDecimal(index + 1, to: &state.pointee.rowDigits)
        state.pointee.xml.literal("<row r=\"")
        state.pointee.xml.bytes.append(contentsOf: state.pointee.rowDigits)
        if !options.rowHeights.isEmpty, let height = options.rowHeights[index] {
            state.pointee.xml.raw("\" ht=\"\(height)\" customHeight=\"1")
        }
        state.pointee.xml.literal("\">")
    }

    private func writeCells(_ cells: [(column: Int, cell: WriterCell)], row index: Int) throws {
        // By index through the buffer: each cell is borrowed where it lies, not copied out (a tuple of a value and a
        // style is a dozen retains and releases a cell).
        try cells.withUnsafeBufferPointer { cells in
            var previous = -1
            for position in cells.indices {
                let column = cells[position].column
                guard column > previous, column < CellRef.maxColumns else {
                    throw SpreadsheetError(file: "<xlsx>", part: sheetName, .invalid("第 \(index + 1) 行的列不在递增顺序"))
                }
                previous = column
                try write(cells[position].cell, row: index, column: column)
            }
        }
    }

    private func close() throws {
        state.pointee.xml.literal("</row>")
        if state.pointee.xml.bytes.count >= 256 << 10 { try flush() }
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    private func styleID(_ style: CellStyle) -> Int {
        // Runs of cells share a style: the last one answers most lookups with one comparison, in place.
        if state.pointee.lastID >= 0 && state.pointee.lastStyle == style { return state.pointee.lastID }
        let id = cachedStyleID(style)
        state.pointee.lastStyle = style
        state.pointee.lastID = id
        return id
    }

    /// A style seen lately (a row alternating a few styles), else the registry's id.
    private func cachedStyleID(_ style: CellStyle) -> Int {
        let found = state.pointee.styleCache.withUnsafeBufferPointer { cache in
            cache.indices.first { cache[$0].style == style }.map { cache[$0].id }
        }
        if let found { return found }
        let id = styles.id(style)
        if state.pointee.styleCache.count >= 16 { state.pointee.styleCache.removeFirst() }
        state.pointee.styleCache.append((style, id))
        return id
    }

    /// `<c r="B7"` with an optional ` s="3"`, written as bytes.
    @inline(__always)
    private func openCell(row: Int, column: Int, style: Int, type: StaticString?) {
        state.pointee.xml.literal("<c r=\"")
        Self.appendColumnName(column, to: &state.pointee.xml.bytes)
        state.pointee.xml.bytes.append(contentsOf: state.pointee.rowDigits)
        state.pointee.xml.bytes.append(UInt8(ascii: "\""))
        if style != 0 {
            state.pointee.xml.literal(" s=\"")
            XLSXValue.appendDecimal(style, to: &state.pointee.xml.bytes)
            state.pointee.xml.bytes.append(UInt8(ascii: "\""))
        }
        if let type { state.pointee.xml.literal(type) }
    }

    /// A column's letters (0 → A, 26 → AA; at most three for 16,384 columns), without a String.
    @inline(__always)
    static func appendColumnName(_ column: Int, to bytes: inout [UInt8]) {
        if column < 26 {
            bytes.append(UInt8(65 + column))
        } else if column < 702 {
            bytes.append(UInt8(64 + column / 26))
            bytes.append(UInt8(65 + column % 26))
        } else {
            let rest = column - 702
            bytes.append(UInt8(65 + rest / 676))
            bytes.append(UInt8(65 + rest / 26 % 26))
            bytes.append(UInt8(65 + rest % 26))
        }
    }

    private func write(_ cell: WriterCell, row: Int, column: Int) throws {
        let styleID: Int
        if case .date = cell.value, cell.style.numberFormat == nil {
            var style = cell.style
            style.numberFormat = "yyyy-mm-dd"
            styleID = self.styleID(style)
        } else {
            styleID = self.styleID(cell.style)
        }
        if let formula = cell.formula {
            var cached: [UInt8] = []
            var type: StaticString?
            switch cell.value {
            case .text(let text): type = " t=\"str\""; XMLWriter.escape(text, attribute: false, into: &cached)
            case .bool(let flag): type = " t=\"b\""; cached = [flag ? 49 : 48]
            case .error(let code): type = " t=\"e\""; XMLWriter.escape(code, attribute: false, into: &cached)
            case .number(let number, let source): XLSXValue.appendNumber(number, source: source, to: &cached)
            case .date(let date): XLSXValue.appendNumber(date.serial1900, source: "", to: &cached)
            case .empty: break
            }
            openCell(row: row, column: column, style: styleID, type: type)
            state.pointee.xml.literal("><f>")
            state.pointee.xml.escape(formula.hasPrefix("=") ? String(formula.dropFirst()) : formula, attribute: false)
            state.pointee.xml.literal("</f>")
            if !cached.isEmpty || type != nil {
                state.pointee.xml.literal("<v>")
                state.pointee.xml.bytes.append(contentsOf: cached)
                state.pointee.xml.literal("</v>")
            }
            state.pointee.xml.literal("</c>")
            return
        }
        switch cell.value {
        case .empty:
            if styleID != 0 {
                openCell(row: row, column: column, style: styleID, type: nil)
                state.pointee.xml.literal("/>")
            }
        case .text(let text):
            guard text.utf8.count <= 32_767 || text.utf16.count <= 32_767 else {
                throw SpreadsheetError(file: "<xlsx>", part: sheetName, location: CellRef(row: row, column: column).a1,
                                       .tooLarge("单元格文本超过 32767 个字符"))
            }
            openCell(row: row, column: column, style: styleID, type: " t=\"s\"")
            state.pointee.xml.literal("><v>")
            XLSXValue.appendDecimal(strings.id(text), to: &state.pointee.xml.bytes)
            state.pointee.xml.literal("</v></c>")
        case .number(let number, let source):
            openCell(row: row, column: column, style: styleID, type: nil)
            state.pointee.xml.literal("><v>")
            XLSXValue.appendNumber(number, source: source, to: &state.pointee.xml.bytes)
            state.pointee.xml.literal("</v></c>")
        case .bool(let flag):
            openCell(row: row, column: column, style: styleID, type: " t=\"b\"")
            state.pointee.xml.literal(flag ? "><v>1</v></c>" : "><v>0</v></c>")
        case .error(let code):
            openCell(row: row, column: column, style: styleID, type: " t=\"e\"")
            state.pointee.xml.literal("><v>")
            state.pointee.xml.escape(code, attribute: false)
            state.pointee.xml.literal("</v></c>")
        case .date(let date):
            openCell(row: row, column: column, style: styleID, type: nil)
            state.pointee.xml.literal("><v>")
            XLSXValue.appendNumber(date.serial1900, source: "", to: &state.pointee.xml.bytes)
            state.pointee.xml.literal("</v></c>")
        }
    }

    func flush() throws {
        try entry.write(state.pointee.xml.bytes)
        state.pointee.xml.bytes.removeAll(keepingCapacity: true)
    }

    static func head(_ options: SheetOptions) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("worksheet", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
                               ("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")])
        if options.page.fitToWidth { xml.raw("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>") }
        if let dimension = options.dimension { xml.open("dimension", [("ref", dimension.description)], close: true) }
        xml.raw("<sheetViews><sheetView workbookViewId=\"0\">")
        if let frozen = options.frozen, frozen.row > 0 || frozen.column > 0 {
            var pane: [(String, String)] = []
            if frozen.column > 0 { pane.append(("xSplit", "\(frozen.column)")) }
            if frozen.row > 0 { pane.append(("ySplit", "\(frozen.row)")) }
            let active = frozen.row > 0 && frozen.column > 0 ? "bottomRight" : frozen.row > 0 ? "bottomLeft" : "topRight"
            pane += [("topLeftCell", frozen.a1), ("activePane", active), ("state", "frozen")]
            xml.open("pane", pane, close: true)
            xml.open("selection", [("pane", active), ("activeCell", frozen.a1), ("sqref", frozen.a1)], close: true)
        }
        xml.raw("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !options.columnWidths.isEmpty {
            xml.raw("<cols>")
            for (column, width) in options.columnWidths.sorted(by: { $0.key < $1.key }) {
                xml.open("col", [("min", "\(column + 1)"), ("max", "\(column + 1)"), ("width", XLSXValue.number(width, source: "")), ("customWidth", "1")], close: true)
            }
            xml.raw("</cols>")
        }
        xml.raw("<sheetData>")
        return xml.bytes
    }

    /// `A1` or `A1:C3`, as `CellRange.description` spells it.
    static func appendRange(_ range: CellRange, to bytes: inout [UInt8]) {
        appendColumnName(range.first.column, to: &bytes)
        XLSXValue.appendDecimal(range.first.row + 1, to: &bytes)
        guard range.first != range.last else { return }
        bytes.append(UInt8(ascii: ":"))
        appendColumnName(range.last.column, to: &bytes)
        XLSXValue.appendDecimal(range.last.row + 1, to: &bytes)
    }

    static func tail(_ options: SheetOptions) -> [UInt8] {
        var xml = XMLWriter(declaration: false)
        xml.raw("</sheetData>")
        if options.protected {
            xml.raw("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\"/>")
        }
        if !options.merged.isEmpty {
            // A form has hundreds of merges and validated ranges: written as bytes, no String for each.
            xml.literal("<mergeCells count=\"")
            XLSXValue.appendDecimal(options.merged.count, to: &xml.bytes)
            xml.literal("\">")
            for range in options.merged {
                xml.literal("<mergeCell ref=\"")
                appendRange(range, to: &xml.bytes)
                xml.literal("\"/>")
            }
            xml.literal("</mergeCells>")
        }
        if !options.validations.isEmpty {
            xml.open("dataValidations", [("count", "\(options.validations.count)")])
            for validation in options.validations {
                var attributes = [("type", validation.kind.rawValue)]
                if validation.minimum != nil { attributes.append(("operator", "greaterThanOrEqual")) }
                attributes += [("allowBlank", "1"), ("showInputMessage", "1"), ("showErrorMessage", "1"),
                               ("errorTitle", String(validation.errorTitle.prefix(32))), ("error", String(validation.error.prefix(255)))]
                xml.open("dataValidation", attributes)
                xml.bytes.removeLast()  // the `>`: sqref follows, its ranges as bytes
                xml.literal(" sqref=\"")
                for (index, range) in validation.ranges.enumerated() {
                    if index > 0 { xml.bytes.append(0x20) }
                    appendRange(range, to: &xml.bytes)
                }
                xml.literal("\">")
                xml.element("formula1", text: validation.minimum ?? (validation.kind == .whole ? "-2147483648" : "-1E+307"))
                xml.close("dataValidation")
            }
            xml.close("dataValidations")
        }
        xml.raw("<printOptions horizontalCentered=\"1\"/>")
        xml.raw("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        var page = [("paperSize", "9"), ("orientation", options.page.landscape ? "landscape" : "portrait")]
        if options.page.fitToWidth { page += [("fitToWidth", "1"), ("fitToHeight", "0")] }
        xml.open("pageSetup", page, close: true)
        xml.raw(CommentsPart.tail(options))
        xml.close("worksheet")
        return xml.bytes
    }
}

enum XLSXValue {
    /// The number as OOXML wants it: the source text when it is a plain number, else Swift's shortest form.
    static func number(_ value: Double, source: String) -> String {
        var bytes: [UInt8] = []
        appendNumber(value, source: source, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendNumber(_ value: Double, source: String, to bytes: inout [UInt8]) {
        var text = source
        if !text.isEmpty, text.withUTF8({ isPlainNumber($0) }) {
            text.withUTF8 { bytes.append(contentsOf: $0) }
        } else if value == value.rounded(), abs(value) < 1e15 {
            appendDecimal(Int(value), to: &bytes)
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// `-12.5`, `3E-4`: digits with at most one point and an optional exponent.
    private static func isPlainNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var sawPoint = false
        var sawExponent = false
        var previous: UInt8 = 0
        for index in 0..<text.count {
            let byte = text[index]
            switch byte {
            case 48...57: digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard index == 0 || previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e") else { return false }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return false }
                sawPoint = true
            case UInt8(ascii: "E"), UInt8(ascii: "e"):
                guard digits > 0, !sawExponent else { return false }
                sawExponent = true
            default: return false
            }
            previous = byte
        }
        return digits > 0 && previous >= 48 && previous <= 57
    }

    /// Appends a non-negative or negative integer in decimal, without a String.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}

extension SheetDate {
    /// The Excel serial number in the 1900 date system.
    public var serial1900: Double {
        // Days from civil (Howard Hinnant), then shift to Excel's epoch with its phantom 1900-02-29.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let unixDays = era * 146_097 + doe - 719_468
        var serial = Double(unixDays + 25_569)
        if serial < 61 { serial -= 1 }
        return serial + Double(hour * 3600 + minute * 60 + second) / 86_400
    }
}
