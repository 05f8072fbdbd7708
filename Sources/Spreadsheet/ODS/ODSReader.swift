// Reads an OpenDocument spreadsheet (.ods): each table a sheet, typed values, spans as merges, repeats expanded.
import CLibXML2
import ZipArchive
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads `content.xml` of an OpenDocument spreadsheet through libxml2 SAX2. Positions are exact (covered cells and
/// repeats count); values come from `office:value` / `office:date-value` / `office:boolean-value` by
/// `office:value-type`, not from the displayed text; formulas keep their text with the cached value; sheets hidden by
/// their table style are marked hidden.
public enum ODSReader {
    public static func read(path: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(path: path, limits: limits) }, fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(bytes: bytes, fileName: fileName, limits: limits) }, fileName: fileName)
    }

    /// Reads a bare `content.xml` (the fuzz harness and tests use it).
    static func read(contentXML bytes: [UInt8], fileName: String) throws -> Workbook {
        let handler = SpreadsheetContentHandler()
        let parser = try handler.parser(file: fileName)
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
        return Workbook(source: fileName, format: .ods, sheets: handler.sheets)
    }

    private static func read(zip open: () throws -> ZipReader, fileName: String) throws -> Workbook {
        do {
            let zip = try open()
            if zip.entry(named: "EncryptionInfo") != nil || zip.entry(named: "META-INF/manifest.xml").flatMap({ try? zip.read($0) })
                .map({ ByteSearch.contains($0, Array("encryption-data".utf8)) }) == true {
                throw SpreadsheetError(file: fileName, .encrypted("表格设置了密码（加密），无法读取；请去掉密码后另存"))
            }
            guard let entry = zip.entry(named: "content.xml") else { throw SpreadsheetError(file: fileName, part: "content.xml", .missingPart) }
            let handler = SpreadsheetContentHandler()
            let parser = try handler.parser(file: fileName)
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .ods, sheets: handler.sheets)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }
}

/// SAX2 handler over an OpenDocument spreadsheet body. Elements and attributes are told by libxml2's interned local
/// names (one pointer comparison each, see `bind`), whatever their namespace prefix; attribute values are compared
/// as bytes and become Strings only where a cell keeps them.
final class SpreadsheetContentHandler: SAXHandler {
    private(set) var sheets: [Sheet] = []
    private var hiddenStyles: Set<String> = []
    private var styleName: String?
    private var depth = 0
    private var grid = Grid()
    private var name = ""
    private var visibility = SheetVisibility.visible
    private var row = -1
    private var column = 0
    private var rowsRepeated = 1
    /// Whether the current row is collapsed or filtered out (`table:visibility`), and where the next column element starts.
    private var rowHidden = false
    private var columnElement = 0
    private var rowCells: [ColumnCell] = []
    private var rowMerges: [CellRange] = []
    // The cell being read.
    private var inCell = false
    private var cellValue: CellValue = .empty
    private var cellFormula: String?
    private var cellType = ValueType.other
    private var columnsRepeated = 1
    private var columnSpan = 1
    private var rowSpan = 1
    private var text: [UInt8] = []
    private var paragraphs = 0
    private var tableDepth = 0
    /// Depth inside a cell's annotation (a comment), whose paragraphs are not the cell's text.
    private var annotationDepth = 0
    /// Cells repetition may add to one document before repeats count once (a million repeated rows are filler).
    static let repeatBudget = 500_000
    private var repeatSpent = 0

    /// `office:value-type`, as far as reading tells its kinds apart.
    private enum ValueType { case float, percentage, currency, date, boolean, error, other }

    /// libxml2's interned local names; nil until `parser(file:)`.
    private struct Names {
        typealias Name = UnsafePointer<xmlChar>?
        var style: Name = nil, tableProperties: Name = nil, table: Name = nil, tableColumn: Name = nil, tableRow: Name = nil
        var tableCell: Name = nil, coveredTableCell: Name = nil, annotation: Name = nil, p: Name = nil, s: Name = nil
        var lineBreak: Name = nil, tab: Name = nil
        // Attributes.
        var name: Name = nil, display: Name = nil, styleName: Name = nil, visibility: Name = nil, columnsRepeated: Name = nil
        var rowsRepeated: Name = nil, columnsSpanned: Name = nil, rowsSpanned: Name = nil, valueType: Name = nil, formula: Name = nil
        var value: Name = nil, dateValue: Name = nil, booleanValue: Name = nil, c: Name = nil
    }
    /// Behind a pointer, so that reading a name pays no dynamic exclusivity check.
    private let boundNames: UnsafeMutablePointer<Names> = {
        let pointer = UnsafeMutablePointer<Names>.allocate(capacity: 1)
        pointer.initialize(to: Names())
        return pointer
    }()

    deinit {
        boundNames.deinitialize(count: 1)
        boundNames.deallocate()
    }

    /// A parser for this handler, its names bound.
    func parser(file: String) throws -> SAXParser {
        let parser = try SAXParser(handler: self, file: file, part: "content.xml", callbacks: Self.install)
        boundNames.pointee = Names(style: parser.intern("style"), tableProperties: parser.intern("table-properties"), table: parser.intern("table"),
                      tableColumn: parser.intern("table-column"), tableRow: parser.intern("table-row"),
                      tableCell: parser.intern("table-cell"), coveredTableCell: parser.intern("covered-table-cell"),
                      annotation: parser.intern("annotation"), p: parser.intern("p"), s: parser.intern("s"),
                      lineBreak: parser.intern("line-break"), tab: parser.intern("tab"),
                      name: parser.intern("name"), display: parser.intern("display"), styleName: parser.intern("style-name"),
                      visibility: parser.intern("visibility"), columnsRepeated: parser.intern("number-columns-repeated"),
                      rowsRepeated: parser.intern("number-rows-repeated"), columnsSpanned: parser.intern("number-columns-spanned"),
                      rowsSpanned: parser.intern("number-rows-spanned"), valueType: parser.intern("value-type"),
                      formula: parser.intern("formula"), value: parser.intern("value"), dateValue: parser.intern("date-value"),
                      booleanValue: parser.intern("boolean-value"), c: parser.intern("c"))
        return parser
    }

    /// Element and text callbacks that call this final class directly (see `SAXParser.withTarget`).
    static func install(_ sax: inout xmlSAXHandler) {
        sax.startElementNs = { context, name, _, _, _, _, count, _, raw in SAXParser.withTarget(context, name, SpreadsheetContentHandler.self) { $0.startElement($1, SAXAttributes(count: Int(count), raw: raw)) } }
        sax.endElementNs = { context, name, _, _ in SAXParser.withTarget(context, name, SpreadsheetContentHandler.self) { $0.endElement($1) } }
        sax.characters = { context, bytes, length in SAXParser.withTarget(context, bytes, SpreadsheetContentHandler.self) { $0.characters(UnsafeBufferPointer(start: $1, count: Int(length))) } }
    }

    /// A count attribute: `Int` of its first 9 bytes (sign allowed), else 1.
    private static func integer(_ raw: UnsafeBufferPointer<UInt8>?) -> Int {
        guard let raw else { return 1 }
        let count = min(raw.count, 9)
        var index = 0
        var negative = false
        if count > 0, raw[0] == UInt8(ascii: "+") || raw[0] == UInt8(ascii: "-") {
            negative = raw[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < count else { return 1 }
        var value = 0
        while index < count {
            let digit = raw[index] &- 48
            guard digit < 10 else { return 1 }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// Whether the value (references decoded) is `literal`: bytes compared unless a reference needs decoding.
    /// (An ASCII literal without `K`, `;` or `` ` `` equals a String only when the bytes are the same.)
    private static func equals(_ raw: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        if raw.contains(UInt8(ascii: "&")) { return XMLText.decodeReferences(raw) == String(describing: literal) }
        return literal.withUTF8Buffer { expected in
            expected.count == raw.count && (expected.count == 0 || memcmp(expected.baseAddress!, raw.baseAddress!, raw.count) == 0)
        }
    }

    /// `string.hasPrefix("#")` for `string`, the text of `bytes`: a `#` followed by ASCII (or nothing) is a Character
    /// of its own; anything else asks the String.
    private static func startsWithHash(_ bytes: [UInt8], _ string: String) -> Bool {
        guard bytes.first == UInt8(ascii: "#") else { return false }
        if bytes.count == 1 || bytes[1] < 0x80 { return true }
        return string.hasPrefix("#")
    }

    private static func valueType(_ raw: UnsafeBufferPointer<UInt8>?) -> ValueType {
        guard let raw else { return .other }
        if equals(raw, "float") { return .float }
        if equals(raw, "percentage") { return .percentage }
        if equals(raw, "currency") { return .currency }
        if equals(raw, "date") { return .date }
        if equals(raw, "boolean") { return .boolean }
        if equals(raw, "error") { return .error }
        return .other
    }

    func startElement(_ element: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        let names = boundNames
        if element == names.pointee.style {
            styleName = attributes.value(interned: names.pointee.name).map { XMLText.decodeReferences($0) }
        } else if element == names.pointee.tableProperties {
            if let styleName, let display = attributes.value(interned: names.pointee.display), Self.equals(display, "false") {
                hiddenStyles.insert(styleName)
            }
        } else if element == names.pointee.table {
            tableDepth += 1
            guard tableDepth == 1 else { return }
            grid = Grid()
            row = -1
            columnElement = 0
            name = attributes.value(interned: names.pointee.name).map { XMLText.decodeReferences($0) } ?? "Sheet\(sheets.count + 1)"
            visibility = attributes.value(interned: names.pointee.styleName).map { hiddenStyles.contains(XMLText.decodeReferences($0)) } == true ? .hidden : .visible
        } else if tableDepth == 1, element == names.pointee.tableColumn {
            let repeated = max(Self.integer(attributes.value(interned: names.pointee.columnsRepeated)), 1)
            if let visibility = attributes.value(interned: names.pointee.visibility), !Self.equals(visibility, "visible"), columnElement < CellRef.maxColumns {
                grid.hidden.hideColumns(columnElement...min(columnElement + repeated - 1, CellRef.maxColumns - 1))
            }
            columnElement = min(columnElement + repeated, CellRef.maxColumns)
        } else if tableDepth == 1, element == names.pointee.tableRow {
            var repeated: UnsafeBufferPointer<UInt8>?
            var visible: UnsafeBufferPointer<UInt8>?
            attributes.forEach { name, value in
                if name == names.pointee.rowsRepeated { if repeated == nil { repeated = value } } else if name == names.pointee.visibility { if visible == nil { visible = value } }
            }
            rowsRepeated = max(Self.integer(repeated), 1)
            rowHidden = visible.map { !Self.equals($0, "visible") } ?? false
            column = 0
            rowCells.removeAll(keepingCapacity: true)
            rowMerges.removeAll(keepingCapacity: true)
        } else if tableDepth == 1, element == names.pointee.tableCell || element == names.pointee.coveredTableCell {
            inCell = true
            // One pass over the attributes; the first of each local name counts (office: before calcext: value-type).
            var repeated: UnsafeBufferPointer<UInt8>?, spanned: UnsafeBufferPointer<UInt8>?, rowsSpanned: UnsafeBufferPointer<UInt8>?
            var type: UnsafeBufferPointer<UInt8>?, formula: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>?
            var date: UnsafeBufferPointer<UInt8>?, boolean: UnsafeBufferPointer<UInt8>?
            attributes.forEach { name, raw in
                if name == names.pointee.valueType { if type == nil { type = raw } }
                else if name == names.pointee.value { if value == nil { value = raw } }
                else if name == names.pointee.columnsRepeated { if repeated == nil { repeated = raw } }
                else if name == names.pointee.formula { if formula == nil { formula = raw } }
                else if name == names.pointee.columnsSpanned { if spanned == nil { spanned = raw } }
                else if name == names.pointee.rowsSpanned { if rowsSpanned == nil { rowsSpanned = raw } }
                else if name == names.pointee.dateValue { if date == nil { date = raw } }
                else if name == names.pointee.booleanValue { if boolean == nil { boolean = raw } }
            }
            columnsRepeated = max(Self.integer(repeated), 1)
            columnSpan = max(Self.integer(spanned), 1)
            rowSpan = max(Self.integer(rowsSpanned), 1)
            cellType = Self.valueType(type)
            cellFormula = formula.map { XMLText.decodeReferences($0) }.map { $0.hasPrefix("of:") ? String($0.dropFirst(3)) : $0 }
            switch cellType {
            case .float, .percentage, .currency:
                let raw = value.map { XMLText.decodeReferences($0) } ?? ""
                // Whole numbers straight from the bytes (a negative zero left to `Double`, which keeps its sign).
                let whole = value.flatMap { bytes in SheetParser.parseInteger(bytes).flatMap { $0 == 0 && bytes.first == UInt8(ascii: "-") ? nil : $0 } }
                cellValue = (whole ?? Double(raw)).map { .number($0, source: raw) } ?? .empty
            case .date:
                cellValue = date.map { XMLText.decodeReferences($0) }.flatMap { SheetDate(iso: $0) }.map { .date($0) } ?? .empty
            case .boolean:
                cellValue = .bool(boolean.map { Self.equals($0, "true") } ?? false)
            default:
                cellValue = .empty
            }
            text.removeAll(keepingCapacity: true)
            paragraphs = 0
        } else if element == names.pointee.annotation {
            annotationDepth += 1
        } else if annotationDepth > 0 {
            return
        } else if inCell, element == names.pointee.p {
            if paragraphs > 0 { text.append(0x0A) }
            paragraphs += 1
        } else if inCell, element == names.pointee.s {
            text.append(contentsOf: repeatElement(0x20, count: min(max(Self.integer(attributes.value(interned: names.pointee.c)), 1), 1_000)))
        } else if inCell, element == names.pointee.lineBreak {
            text.append(0x0A)
        } else if inCell, element == names.pointee.tab {
            text.append(0x09)
        }
    }

    func endElement(_ element: UnsafePointer<xmlChar>) {
        let names = boundNames
        if element == names.pointee.annotation {
            annotationDepth = max(annotationDepth - 1, 0)
        } else if element == names.pointee.style {
            styleName = nil
        } else if element == names.pointee.table {
            tableDepth -= 1
            guard tableDepth == 0 else { return }
            sheets.append(Sheet(name: name, visibility: visibility, grid: grid))
        } else if tableDepth == 1, inCell, element == names.pointee.tableCell || element == names.pointee.coveredTableCell {
            inCell = false
            // The value and formula move into the cell (the next cell start sets both afresh).
            var value = CellValue.empty
            swap(&value, &cellValue)
            if value.isEmpty, !text.isEmpty, cellType != .float {
                let string = String(decoding: text, as: UTF8.self)
                value = cellType == .error || cellFormula != nil && Self.startsWithHash(text, string) ? .error(string) : .text(string)
            }
            var formula: String?
            swap(&formula, &cellFormula)
            let cell = Cell(consume value, formula: consume formula)
            let isBlank = cell.isBlank
            let repeats = isBlank ? 1 : min(columnsRepeated, max(Self.repeatBudget - repeatSpent, 1))
            if !isBlank {
                if repeats == 1 {
                    if column < CellRef.maxColumns { rowCells.append(ColumnCell(column: column, cell: consume cell)) }
                } else {
                    for offset in 0..<repeats where column + offset < CellRef.maxColumns {
                        rowCells.append(ColumnCell(column: column + offset, cell: cell))
                    }
                }
                repeatSpent += repeats - 1  // only the copies count against the budget
            }
            if (columnSpan > 1 || rowSpan > 1) && element == names.pointee.tableCell && column < CellRef.maxColumns {
                rowMerges.append(CellRange(first: CellRef(row: 0, column: column),
                                           last: CellRef(row: rowSpan - 1, column: min(column + columnSpan - 1, CellRef.maxColumns - 1))))
            }
            column = min(column + columnsRepeated, CellRef.maxColumns)
        } else if tableDepth == 1, element == names.pointee.tableRow {
            // A row without values is placed once (its merges too), however often it repeats: it holds nothing to read.
            let blank = rowCells.isEmpty
            let times = blank ? 1 : min(rowsRepeated, max((Self.repeatBudget - repeatSpent) / max(rowCells.count + rowMerges.count, 1), 1))
            for _ in 0..<times {
                row += 1
                guard row < CellRef.maxRows else { break }
                if !rowCells.isEmpty { grid.setRow(row, rowCells) }
                for merge in rowMerges {
                    grid.merged.append(CellRange(first: CellRef(row: row, column: merge.first.column),
                                                 last: CellRef(row: min(row + merge.last.row, CellRef.maxRows - 1), column: merge.last.column)))
                }
                if !blank { repeatSpent += rowCells.count + rowMerges.count }
            }
            if rowHidden, !blank, row >= 0, row < CellRef.maxRows { grid.hidden.hideRows((row - times + 1)...row) }
            // Repeats beyond those placed (blank filler) still move the next row down.
            if rowsRepeated > times { row = min(row + rowsRepeated - times, CellRef.maxRows) }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inCell, annotationDepth == 0, paragraphs > 0, text.count < 1 << 20 else { return }
        text.append(contentsOf: bytes)
    }
}

extension ODSReader: FormatReader {
    public static let formatName = "OpenDocument 表格（.ods）"

    public static func sniff(_ probe: FormatProbe) -> Bool { probe.container == .zip(.openDocumentSpreadsheet) }

    /// Reads the file where it lies (no copy of its bytes), through the zip directory its probe read if any.
    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(zip: { try input.zip() }, fileName: input.path)
    }
}
