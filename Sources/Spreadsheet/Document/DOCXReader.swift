// Reads a Word document (.docx/.docm): each table a Grid with its merges, the paragraphs outside tables the narrative.
import CLibXML2
import ZipArchive

/// Reads WordprocessingML (`word/document.xml`, streamed through libxml2 SAX2) into a workbook: one sheet per table
/// (`表1`, `表2`… in the order the tables start, nested tables included), merges from `w:gridSpan`/`w:vMerge`, and
/// the numbered paragraphs outside tables as the narrative. Deleted text of tracked changes is left out, inserted
/// text kept; fields show their result; content controls show their content.
public enum DOCXReader {
    public static func read(path: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(path: path, limits: limits) }, fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(bytes: bytes, fileName: fileName, limits: limits) }, fileName: fileName)
    }

    private static func read(zip open: () throws -> ZipReader, fileName: String) throws -> Workbook {
        do {
            let zip = try open()
            let part = try mainPart(zip, fileName: fileName)
            guard let entry = zip.entry(named: part) else { throw SpreadsheetError(file: fileName, part: "word/document.xml", .missingPart) }
            let handler = WordBodyHandler()
            let parser = try SAXParser(handler: handler, file: fileName, part: part)
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .docx, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    /// Reads a bare `word/document.xml` (what is inside the package; the fuzz harness and tests use it).
    static func read(documentXML bytes: [UInt8], fileName: String) throws -> Workbook {
        let handler = WordBodyHandler()
        try SAXParser.parse(bytes, handler: handler, file: fileName, part: "word/document.xml")
        return Workbook(source: fileName, format: .docx, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
    }

    /// The main document part: `_rels/.rels` → officeDocument, else `word/document.xml`. A workbook or a
    /// presentation in a `.docx` name is told apart here.
    private static func mainPart(_ zip: ZipReader, fileName: String) throws -> String {
        if let rels = zip.entry(named: "_rels/.rels") {
            let relationships = try PackageRelationships.parse(try zip.read(rels), baseFolder: "", file: fileName, part: "_rels/.rels")
            if let main = relationships.first(where: { $0.kind == "officeDocument" && !$0.external && zip.entry(named: $0.target) != nil }) {
                if main.target.hasPrefix("xl/") {
                    throw SpreadsheetError(file: fileName, .unsupportedFormat("这是 Excel 工作簿，只是用了 Word 的扩展名；请改为 .xlsx"))
                }
                return main.target
            }
        }
        if zip.entry(named: "word/document.xml") != nil { return "word/document.xml" }
        throw SpreadsheetError(file: fileName, part: "word/document.xml", .missingPart)
    }
}

/// SAX2 handler over `w:body`: tables on a stack (nested tables), text into the innermost open cell or paragraph.
final class WordBodyHandler: SAXHandler {
    private struct OpenTable {
        var builder = TableBuilder()
        var order: Int
        var cell: [UInt8] = []
        var inCell = false
        var cellParagraphs = 0
        var gridSpan = 1
        var continuesMerge = false
        var inRowProperties = false
    }

    private var tables: [OpenTable] = []
    private var finished: [(order: Int, grid: Grid)] = []
    private var tablesStarted = 0
    private(set) var narrative = NarrativeCollector()
    private var paragraph: [UInt8] = []
    private var inText = false
    private var runDepth = 0
    /// Depth inside content that is not the document's text: deleted revisions, drawings (text boxes repeat in
    /// their fallbacks), VML, math.
    private var skipDepth = 0
    /// Caps: a table nested deeper than this is read as text of its cell.
    static let maxNesting = 32

    func sheets() -> [Sheet] {
        finished.sorted { $0.order < $1.order }.map { Sheet(name: "表\($0.order)", grid: $0.grid) }
    }

    private static func isSkipped(_ name: UnsafePointer<xmlChar>) -> Bool {
        SAXParser.equal(name, "del") || SAXParser.equal(name, "moveFrom") || SAXParser.equal(name, "drawing")
            || SAXParser.equal(name, "pict") || SAXParser.equal(name, "Fallback") || SAXParser.equal(name, "oMath")
            || SAXParser.equal(name, "oMathPara") || SAXParser.equal(name, "object")
    }

    private func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        if tables.isEmpty { paragraph.append(contentsOf: bytes) } else if tables[tables.count - 1].inCell {
            tables[tables.count - 1].cell.append(contentsOf: bytes)
        }
    }

    private func appendByte(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { appendText($0.assumingMemoryBound(to: UInt8.self)) }
    }

    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        if skipDepth > 0 || WordBodyHandler.isSkipped(name) {
            skipDepth += 1
            return
        }
        switch name[0] {
        case UInt8(ascii: "t"):
            if SAXParser.equal(name, "t") {
                inText = true
            } else if SAXParser.equal(name, "tbl") {
                tablesStarted += 1
                if tables.count < WordBodyHandler.maxNesting { tables.append(OpenTable(order: tablesStarted)) }
            } else if SAXParser.equal(name, "tr") {
                guard !tables.isEmpty else { return }
                tables[tables.count - 1].builder.startRow()
            } else if SAXParser.equal(name, "trPr") {
                guard !tables.isEmpty else { return }
                tables[tables.count - 1].inRowProperties = true
            } else if SAXParser.equal(name, "tc") {
                guard !tables.isEmpty else { return }
                tables[tables.count - 1].inCell = true
                tables[tables.count - 1].cell.removeAll(keepingCapacity: true)
                tables[tables.count - 1].cellParagraphs = 0
                tables[tables.count - 1].gridSpan = 1
                tables[tables.count - 1].continuesMerge = false
            } else if SAXParser.equal(name, "tab"), runDepth > 0 {
                appendByte(0x20)
            }
        case UInt8(ascii: "g"):
            guard !tables.isEmpty else { return }
            let number = attributes.value("val").flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
            if SAXParser.equal(name, "gridSpan") {
                tables[tables.count - 1].gridSpan = min(max(number, 1), TableBuilder.maxColumns)
            } else if SAXParser.equal(name, "gridBefore"), tables[tables.count - 1].inRowProperties {
                tables[tables.count - 1].builder.skip(number)
            }
        case UInt8(ascii: "v"):
            if SAXParser.equal(name, "vMerge"), !tables.isEmpty, tables[tables.count - 1].inCell {
                let value = attributes.value("val").map { String(decoding: $0, as: UTF8.self) }
                tables[tables.count - 1].continuesMerge = value != "restart"
            }
        case UInt8(ascii: "r"):
            if SAXParser.equal(name, "r") { runDepth += 1 }
        case UInt8(ascii: "b"), UInt8(ascii: "c"):
            if runDepth > 0, SAXParser.equal(name, "br") || SAXParser.equal(name, "cr") { appendByte(0x0A) }
        case UInt8(ascii: "n"):
            if runDepth > 0, SAXParser.equal(name, "noBreakHyphen") { appendByte(UInt8(ascii: "-")) }
        default:
            break
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        switch name[0] {
        case UInt8(ascii: "t"):
            if SAXParser.equal(name, "t") {
                inText = false
            } else if SAXParser.equal(name, "tc") {
                guard !tables.isEmpty else { return }
                var table = tables.removeLast()
                if table.continuesMerge {
                    table.builder.continueVerticalMerge(table.cell, columnSpan: table.gridSpan)
                } else {
                    table.builder.addCell(table.cell, columnSpan: table.gridSpan)
                }
                table.inCell = false
                table.cell.removeAll(keepingCapacity: true)
                tables.append(table)
            } else if SAXParser.equal(name, "trPr") {
                guard !tables.isEmpty else { return }
                tables[tables.count - 1].inRowProperties = false
            } else if SAXParser.equal(name, "tbl") {
                guard let table = tables.popLast() else { return }
                if !table.builder.isEmpty { finished.append((table.order, table.builder.grid)) }
            }
        case UInt8(ascii: "p"):
            guard SAXParser.equal(name, "p") else { return }
            if tables.isEmpty {
                narrative.add(paragraph)
                paragraph.removeAll(keepingCapacity: true)
            } else if tables[tables.count - 1].inCell {
                // Paragraphs of one cell are lines of its text.
                tables[tables.count - 1].cell.append(0x0A)
            }
        case UInt8(ascii: "r"):
            if SAXParser.equal(name, "r") { runDepth = max(0, runDepth - 1) }
        default:
            break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText, skipDepth == 0 else { return }
        appendText(bytes)
    }
}
