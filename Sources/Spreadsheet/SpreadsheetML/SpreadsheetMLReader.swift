// Reads Excel 2003 XML (SpreadsheetML): what Excel 2003 and Java OA systems write, as .xml or under an .xls name.
import CLibXML2

/// Reads SpreadsheetML 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`) through libxml2 SAX2:
/// `Worksheet` → sheet (name, `Visible` option), `Row`/`Cell` with `ss:Index` (1-based jumps), `ss:MergeAcross` /
/// `ss:MergeDown` → merges, `Data` by `ss:Type` (Number, String, DateTime, Boolean, Error; rich text flattened).
public enum SpreadsheetMLReader {
    public static func read(path: String) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String) throws -> Workbook {
        let handler = SpreadsheetMLHandler()
        try SAXParser.parse(bytes, handler: handler, file: fileName, part: "Workbook")
        guard handler.sawWorkbook else {
            throw SpreadsheetError(file: fileName, .unsupportedFormat("不是 Excel 2003 XML 工作簿"))
        }
        return Workbook(source: fileName, format: .spreadsheetML, sheets: handler.sheets)
    }
}

final class SpreadsheetMLHandler: SAXHandler {
    private(set) var sheets: [Sheet] = []
    private(set) var sawWorkbook = false
    private var grid = Grid()
    private var name = ""
    private var inSheet = false
    private var row = -1
    private var column = 0
    private var cellColumn = 0
    /// Where the next `<Column>` element applies.
    private var columnElement = 0
    private var mergeAcross = 0
    private var mergeDown = 0
    private var type = ""
    private var text: [UInt8] = []
    private var inData = false
    private var formula: String?
    private var inVisible = false
    /// Depth inside a cell's `Comment`, whose own `Data` is the note, not the cell.
    private var commentDepth = 0
    private var visibility = SheetVisibility.visible
    /// Rows and columns beyond Excel's own limits are dropped.
    static let maxRow = CellRef.maxRows - 1
    static let maxColumn = CellRef.maxColumns - 1

    private static func index(_ attributes: SAXAttributes, _ name: StaticString) -> Int? {
        attributes.value(name).flatMap { Int(String(decoding: $0.prefix(9), as: UTF8.self)) }
    }

    func startElement(_ element: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        if SAXParser.equal(element, "Workbook") {
            sawWorkbook = true
        } else if SAXParser.equal(element, "Worksheet") {
            inSheet = true
            grid = Grid()
            row = -1
            visibility = .visible
            name = attributes.string("Name") ?? "Sheet\(sheets.count + 1)"
            columnElement = 0
        } else if inSheet, SAXParser.equal(element, "Column") {
            // `ss:Index` jumps, `ss:Span` repeats the column (Span="2" is three columns), `ss:Hidden="1"` hides them.
            let first = min(max(Self.index(attributes, "Index").map { $0 - 1 } ?? columnElement, 0), Self.maxColumn)
            let last = min(first + max(Self.index(attributes, "Span") ?? 0, 0), Self.maxColumn)
            if Self.index(attributes, "Hidden") == 1 { grid.hidden.hideColumns(first...last) }
            columnElement = last + 1
        } else if inSheet, SAXParser.equal(element, "Row") {
            row = min(Self.index(attributes, "Index").map { $0 - 1 } ?? row + 1, Self.maxRow)
            row = max(row, 0)
            column = 0
            if Self.index(attributes, "Hidden") == 1 { grid.hidden.hideRows(row...row) }
        } else if inSheet, SAXParser.equal(element, "Cell") {
            if row < 0 { row = 0 }
            column = min(max(Self.index(attributes, "Index").map { $0 - 1 } ?? column, 0), Self.maxColumn)
            cellColumn = column
            mergeAcross = min(max(Self.index(attributes, "MergeAcross") ?? 0, 0), Self.maxColumn - column)
            mergeDown = min(max(Self.index(attributes, "MergeDown") ?? 0, 0), Self.maxRow - row)
            formula = attributes.string("Formula")
            type = ""
            text.removeAll(keepingCapacity: true)
        } else if SAXParser.equal(element, "Comment") {
            commentDepth += 1
        } else if inSheet, commentDepth == 0, SAXParser.equal(element, "Data") {
            inData = true
            type = attributes.string("Type") ?? "String"
        } else if inSheet, SAXParser.equal(element, "Visible") {
            inVisible = true
        }
    }

    func endElement(_ element: UnsafePointer<xmlChar>) {
        if SAXParser.equal(element, "Comment") {
            commentDepth = max(commentDepth - 1, 0)
        } else if SAXParser.equal(element, "Data") {
            inData = false
        } else if inSheet, SAXParser.equal(element, "Cell") {
            let value = String(decoding: text, as: UTF8.self)
            let cellValue: CellValue
            switch type {
            case "Number": cellValue = Double(value).map { .number($0, source: value) } ?? .text(value)
            case "Boolean": cellValue = .bool(value == "1")
            case "Error": cellValue = .error(value)
            case "DateTime": cellValue = SheetDate(iso: value).map { .date($0) } ?? .text(value)
            case "": cellValue = .empty
            default: cellValue = value.isEmpty ? .empty : .text(value)
            }
            let cell = Cell(cellValue, formula: formula)
            if !cell.isBlank { grid[row, cellColumn] = cell }
            if mergeAcross > 0 || mergeDown > 0 {
                grid.merged.append(CellRange(first: CellRef(row: row, column: cellColumn),
                                             last: CellRef(row: row + mergeDown, column: cellColumn + mergeAcross)))
            }
            column = min(cellColumn + mergeAcross + 1, Self.maxColumn)
        } else if SAXParser.equal(element, "Visible") {
            inVisible = false
        } else if SAXParser.equal(element, "Worksheet") {
            inSheet = false
            sheets.append(Sheet(name: name, visibility: visibility, grid: grid))
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inData {
            guard text.count < 1 << 20 else { return }
            text.append(contentsOf: bytes)
        } else if inVisible {
            let value = String(decoding: bytes, as: UTF8.self)
            if value.contains("VeryHidden") { visibility = .veryHidden } else if value.contains("Hidden") { visibility = .hidden }
        }
    }
}

extension SpreadsheetMLReader: FormatReader {
    public static let formatName = "Excel 2003 XML 工作簿"

    public static func sniff(_ probe: FormatProbe) -> Bool {
        probe.container == .other && (probe.headContains(Array("progid=\"Excel.Sheet\"".utf8))
            || probe.headContains(Array("urn:schemas-microsoft-com:office:spreadsheet".utf8)))
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}
