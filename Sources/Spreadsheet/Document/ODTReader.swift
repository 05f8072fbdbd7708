// Reads an OpenDocument text (.odt): each table a Grid with its spans, the paragraphs outside tables the narrative.
import CLibXML2
import ZipArchive

/// Reads `content.xml` of an OpenDocument text (streamed through libxml2 SAX2) into a workbook: one sheet per
/// table (`表1`… in the order tables start), `number-columns-spanned`/`number-rows-spanned` as merges, covered cells
/// skipped, repeated rows and cells expanded up to a cap, and the numbered paragraphs and headings outside tables as
/// the narrative. Tracked deletions, notes, annotations and frames are left out.
public enum ODTReader {
    public static func read(path: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(path: path, limits: limits) }, fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String, limits: ZipLimits = .default) throws -> Workbook {
        try read(zip: { try ZipReader(bytes: bytes, fileName: fileName, limits: limits) }, fileName: fileName)
    }

    /// Reads a bare `content.xml` (what is inside the package; the fuzz harness and tests use it).
    static func read(contentXML bytes: [UInt8], fileName: String) throws -> Workbook {
        let handler = OpenDocumentBodyHandler()
        try SAXParser.parse(bytes, handler: handler, file: fileName, part: "content.xml")
        return Workbook(source: fileName, format: .odt, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
    }

    private static func read(zip open: () throws -> ZipReader, fileName: String) throws -> Workbook {
        do {
            let zip = try open()
            if let mimetype = zip.entry(named: "mimetype"), let type = try? zip.read(mimetype),
               String(decoding: type, as: UTF8.self).contains("spreadsheet") {
                throw SpreadsheetError(file: fileName, .unsupportedFormat("这是 OpenDocument 电子表格（.ods），只是用了 .odt 扩展名"))
            }
            guard let entry = zip.entry(named: "content.xml") else { throw SpreadsheetError(file: fileName, part: "content.xml", .missingPart) }
            let handler = OpenDocumentBodyHandler()
            let parser = try SAXParser(handler: handler, file: fileName, part: "content.xml")
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .odt, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }
}

/// SAX2 handler over an OpenDocument body: tables on a stack, text into the innermost open cell or paragraph.
final class OpenDocumentBodyHandler: SAXHandler {
    private struct OpenTable {
        var builder = TableBuilder()
        var order: Int
        var cell: [UInt8] = []
        var inCell = false
        var columnSpan = 1
        var rowSpan = 1
        var columnsRepeated = 1
        var rowsRepeated = 1
        var rowCells: [(text: [UInt8], columnSpan: Int, rowSpan: Int, repeated: Int, covered: Bool)] = []
    }

    private var tables: [OpenTable] = []
    private var finished: [(order: Int, grid: Grid)] = []
    private var tablesStarted = 0
    private(set) var narrative = NarrativeCollector()
    private var paragraph: [UInt8] = []
    private var paragraphDepth = 0
    private var skipDepth = 0
    static let maxNesting = 32
    /// Repetitions beyond these are blank filler (a sheet's 1,048,576 empty rows) and not expanded.
    static let maxRowRepeat = 1_000
    static let maxCellRepeat = 1_024

    func sheets() -> [Sheet] {
        finished.sorted { $0.order < $1.order }.map { Sheet(name: "表\($0.order)", grid: $0.grid) }
    }

    private static func isSkipped(_ name: UnsafePointer<xmlChar>) -> Bool {
        SAXParser.equal(name, "tracked-changes") || SAXParser.equal(name, "note") || SAXParser.equal(name, "annotation")
            || SAXParser.equal(name, "frame")
    }

    private static func integer(_ attributes: SAXAttributes, _ name: StaticString) -> Int {
        attributes.value(name).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 1
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if tables.isEmpty { paragraph.append(contentsOf: bytes) } else if tables[tables.count - 1].inCell {
            tables[tables.count - 1].cell.append(contentsOf: bytes)
        }
    }

    private func append(_ byte: UInt8, count: Int = 1) {
        for _ in 0..<min(max(count, 1), 1_000) {
            withUnsafeBytes(of: byte) { append($0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        if skipDepth > 0 || OpenDocumentBodyHandler.isSkipped(name) {
            skipDepth += 1
            return
        }
        if SAXParser.equal(name, "table") {
            tablesStarted += 1
            if tables.count < OpenDocumentBodyHandler.maxNesting { tables.append(OpenTable(order: tablesStarted)) }
        } else if SAXParser.equal(name, "table-row") {
            guard !tables.isEmpty else { return }
            tables[tables.count - 1].rowsRepeated = min(max(Self.integer(attributes, "number-rows-repeated"), 1), Self.maxRowRepeat)
            tables[tables.count - 1].rowCells.removeAll(keepingCapacity: true)
        } else if SAXParser.equal(name, "table-cell") || SAXParser.equal(name, "covered-table-cell") {
            guard !tables.isEmpty else { return }
            tables[tables.count - 1].inCell = true
            tables[tables.count - 1].cell.removeAll(keepingCapacity: true)
            tables[tables.count - 1].columnSpan = Self.integer(attributes, "number-columns-spanned")
            tables[tables.count - 1].rowSpan = Self.integer(attributes, "number-rows-spanned")
            tables[tables.count - 1].columnsRepeated = min(max(Self.integer(attributes, "number-columns-repeated"), 1), Self.maxCellRepeat)
        } else if SAXParser.equal(name, "p") || SAXParser.equal(name, "h") {
            paragraphDepth += 1
        } else if SAXParser.equal(name, "s") {
            append(0x20, count: Self.integer(attributes, "c"))
        } else if SAXParser.equal(name, "tab") {
            append(0x20)
        } else if SAXParser.equal(name, "line-break") {
            append(0x0A)
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        if SAXParser.equal(name, "table-cell") || SAXParser.equal(name, "covered-table-cell") {
            guard !tables.isEmpty else { return }
            var table = tables.removeLast()
            let covered = SAXParser.equal(name, "covered-table-cell")
            table.rowCells.append((table.cell, table.columnSpan, table.rowSpan, table.columnsRepeated, covered))
            table.inCell = false
            tables.append(table)
        } else if SAXParser.equal(name, "table-row") {
            guard !tables.isEmpty else { return }
            var table = tables.removeLast()
            let blank = table.rowCells.allSatisfy { DocumentText.trimmed($0.text).isEmpty && $0.columnSpan <= 1 && $0.rowSpan <= 1 }
            // A repeated blank row is filler: one row stands for all of them (they hold nothing to locate).
            let times = blank ? 1 : table.rowsRepeated
            for _ in 0..<times {
                table.builder.startRow()
                for cell in table.rowCells {
                    if cell.covered {
                        // Covered cells sit under a span; spans from earlier rows are skipped by the builder already.
                        continue
                    }
                    let blankCell = DocumentText.trimmed(cell.text).isEmpty
                    for _ in 0..<(blankCell ? 1 : cell.repeated) {
                        table.builder.addCell(cell.text, columnSpan: cell.columnSpan, rowSpan: cell.rowSpan)
                    }
                    if blankCell && cell.repeated > 1 { table.builder.skip(cell.repeated - 1) }
                }
            }
            tables.append(table)
        } else if SAXParser.equal(name, "table") {
            guard let table = tables.popLast() else { return }
            if !table.builder.isEmpty { finished.append((table.order, table.builder.grid)) }
        } else if SAXParser.equal(name, "p") || SAXParser.equal(name, "h") {
            paragraphDepth = max(0, paragraphDepth - 1)
            if tables.isEmpty {
                if paragraphDepth == 0 {
                    narrative.add(paragraph)
                    paragraph.removeAll(keepingCapacity: true)
                }
            } else if tables[tables.count - 1].inCell {
                tables[tables.count - 1].cell.append(0x0A)
            }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0, paragraphDepth > 0 else { return }
        append(bytes)
    }
}
