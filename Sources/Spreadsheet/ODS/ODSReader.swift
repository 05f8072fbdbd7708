// Reads an OpenDocument spreadsheet (.ods): each table a sheet, typed values, spans as merges, repeats expanded.
import CLibXML2
import ZipArchive

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
        try SAXParser.parse(bytes, handler: handler, file: fileName, part: "content.xml")
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
            let parser = try SAXParser(handler: handler, file: fileName, part: "content.xml")
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .ods, sheets: handler.sheets)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }
}

/// SAX2 handler over an OpenDocument spreadsheet body.
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
    private var cellType = ""
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

    private static func integer(_ attributes: SAXAttributes, _ name: StaticString) -> Int {
        attributes.value(name).flatMap { Int(String(decoding: $0.prefix(9), as: UTF8.self)) } ?? 1
    }

    func startElement(_ element: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        if SAXParser.equal(element, "style") {
            styleName = attributes.string("name")
        } else if SAXParser.equal(element, "table-properties") {
            if let styleName, attributes.string("display") == "false" { hiddenStyles.insert(styleName) }
        } else if SAXParser.equal(element, "table") {
            tableDepth += 1
            guard tableDepth == 1 else { return }
            grid = Grid()
            row = -1
            columnElement = 0
            name = attributes.string("name") ?? "Sheet\(sheets.count + 1)"
            visibility = attributes.string("style-name").map { hiddenStyles.contains($0) } == true ? .hidden : .visible
        } else if tableDepth == 1, SAXParser.equal(element, "table-column") {
            let repeated = max(Self.integer(attributes, "number-columns-repeated"), 1)
            if let visibility = attributes.string("visibility"), visibility != "visible", columnElement < CellRef.maxColumns {
                grid.hidden.hideColumns(columnElement...min(columnElement + repeated - 1, CellRef.maxColumns - 1))
            }
            columnElement = min(columnElement + repeated, CellRef.maxColumns)
        } else if tableDepth == 1, SAXParser.equal(element, "table-row") {
            rowsRepeated = max(Self.integer(attributes, "number-rows-repeated"), 1)
            rowHidden = attributes.string("visibility").map { $0 != "visible" } ?? false
            column = 0
            rowCells.removeAll(keepingCapacity: true)
            rowMerges.removeAll(keepingCapacity: true)
        } else if tableDepth == 1, SAXParser.equal(element, "table-cell") || SAXParser.equal(element, "covered-table-cell") {
            inCell = true
            columnsRepeated = max(Self.integer(attributes, "number-columns-repeated"), 1)
            columnSpan = max(Self.integer(attributes, "number-columns-spanned"), 1)
            rowSpan = max(Self.integer(attributes, "number-rows-spanned"), 1)
            cellType = attributes.string("value-type") ?? ""
            cellFormula = attributes.string("formula").map { $0.hasPrefix("of:") ? String($0.dropFirst(3)) : $0 }
            switch cellType {
            case "float", "percentage", "currency":
                let raw = attributes.string("value") ?? ""
                cellValue = Double(raw).map { .number($0, source: raw) } ?? .empty
            case "date":
                cellValue = attributes.string("date-value").flatMap { SheetDate(iso: $0) }.map { .date($0) } ?? .empty
            case "boolean":
                cellValue = .bool(attributes.string("boolean-value") == "true")
            default:
                cellValue = .empty
            }
            text.removeAll(keepingCapacity: true)
            paragraphs = 0
        } else if SAXParser.equal(element, "annotation") {
            annotationDepth += 1
        } else if annotationDepth > 0 {
            return
        } else if inCell, SAXParser.equal(element, "p") {
            if paragraphs > 0 { text.append(0x0A) }
            paragraphs += 1
        } else if inCell, SAXParser.equal(element, "s") {
            text.append(contentsOf: [UInt8](repeating: 0x20, count: min(max(Self.integer(attributes, "c"), 1), 1_000)))
        } else if inCell, SAXParser.equal(element, "line-break") {
            text.append(0x0A)
        } else if inCell, SAXParser.equal(element, "tab") {
            text.append(0x09)
        }
    }

    func endElement(_ element: UnsafePointer<xmlChar>) {
        if SAXParser.equal(element, "annotation") {
            annotationDepth = max(annotationDepth - 1, 0)
        } else if SAXParser.equal(element, "style") {
            styleName = nil
        } else if SAXParser.equal(element, "table") {
            tableDepth -= 1
            guard tableDepth == 0 else { return }
            sheets.append(Sheet(name: name, visibility: visibility, grid: grid))
        } else if tableDepth == 1, inCell, SAXParser.equal(element, "table-cell") || SAXParser.equal(element, "covered-table-cell") {
            inCell = false
            var value = cellValue
            if value.isEmpty, !text.isEmpty, cellType != "float" {
                let string = String(decoding: text, as: UTF8.self)
                value = cellType == "error" || string.hasPrefix("#") && cellFormula != nil ? .error(string) : .text(string)
            }
            let cell = Cell(value, formula: cellFormula)
            let repeats = cell.isBlank ? 1 : min(columnsRepeated, max(Self.repeatBudget - repeatSpent, 1))
            if !cell.isBlank {
                for offset in 0..<repeats where column + offset < CellRef.maxColumns {
                    rowCells.append(ColumnCell(column: column + offset, cell: cell))
                }
                repeatSpent += repeats - 1  // only the copies count against the budget
            }
            if (columnSpan > 1 || rowSpan > 1) && SAXParser.equal(element, "table-cell") && column < CellRef.maxColumns {
                rowMerges.append(CellRange(first: CellRef(row: 0, column: column),
                                           last: CellRef(row: rowSpan - 1, column: min(column + columnSpan - 1, CellRef.maxColumns - 1))))
            }
            column = min(column + columnsRepeated, CellRef.maxColumns)
        } else if tableDepth == 1, SAXParser.equal(element, "table-row") {
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

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}
