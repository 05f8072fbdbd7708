// Reads an OpenDocument text (.odt): each table a Grid with its spans, the paragraphs outside tables the narrative.
import Spreadsheet
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
        let (handler, parser) = try OpenDocumentBodyHandler.parser(file: fileName, part: "content.xml")
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
        return Workbook(source: fileName, format: .odt, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
    }

    private static func read(zip open: () throws -> ZipReader, fileName: String) throws -> Workbook {
        do {
            let zip = try open()
            // The byte search first: a String search per file costs more than the rest of this check.
            if let mimetype = zip.entry(named: "mimetype"), let type = try? zip.read(mimetype), ByteSearch.contains(type, Array("spreadsheet".utf8)),
               String(decoding: type, as: UTF8.self).contains("spreadsheet") {
                throw SpreadsheetError(file: fileName, .unsupportedFormat("这是 OpenDocument 电子表格（.ods），只是用了 .odt 扩展名"))
            }
            guard let entry = zip.entry(named: "content.xml") else { throw SpreadsheetError(file: fileName, part: "content.xml", .missingPart) }
            let (handler, parser) = try OpenDocumentBodyHandler.parser(file: fileName, part: "content.xml")
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .odt, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }
}

/// The OpenDocument elements and attributes the body handler acts on (local names; tag 0 is any other name).
enum OpenDocumentName: UInt8, CaseIterable {
    case other = 0
    case table, tableRow, tableCell, coveredTableCell, paragraph, heading, spaces, tab, lineBreak
    /// Tracked deletions, notes, annotations and ruby guides are not the document's text.
    case trackedChanges, note, annotation, rubyText
    /// Attributes.
    case rowsRepeated, columnsSpanned, rowsSpanned, columnsRepeated, count

    var name: StaticString {
        switch self {
        case .other: ""
        case .table: "table"
        case .tableRow: "table-row"
        case .tableCell: "table-cell"
        case .coveredTableCell: "covered-table-cell"
        case .paragraph: "p"
        case .heading: "h"
        case .spaces: "s"
        case .tab: "tab"
        case .lineBreak: "line-break"
        case .trackedChanges: "tracked-changes"
        case .note: "note"
        case .annotation: "annotation"
        case .rubyText: "ruby-text"
        case .rowsRepeated: "number-rows-repeated"
        case .columnsSpanned: "number-columns-spanned"
        case .rowsSpanned: "number-rows-spanned"
        case .columnsRepeated: "number-columns-repeated"
        case .count: "c"
        }
    }

    var isSkipped: Bool { (OpenDocumentName.trackedChanges.rawValue...OpenDocumentName.rubyText.rawValue).contains(rawValue) }

    static let named: [(name: StaticString, tag: UInt8)] = allCases.dropFirst().map { ($0.name, $0.rawValue) }
}

/// SAX2 handler over an OpenDocument body: tables on a stack, text into the innermost open cell or paragraph.
final class OpenDocumentBodyHandler: SAXHandler {
    struct RowCell {
        var text: [UInt8]
        var columnSpan: Int
        var rowSpan: Int
        var repeated: Int
        var covered: Bool
    }

    struct TableState: OpenCell {
        var cell: [UInt8] = []
        var inCell = false
        var columnSpan = 1
        var rowSpan = 1
        var columnsRepeated = 1
        var rowsRepeated = 1
        var rowCells: [RowCell] = []
    }

    private var tables = TableStack<TableState>()
    private(set) var narrative = NarrativeCollector()
    private var paragraph: [UInt8] = []
    private var paragraphDepth = 0
    private var skipDepth = 0
    /// Repetitions beyond these are blank filler (a sheet's 1,048,576 empty rows) and not expanded.
    static let maxRowRepeat = 1_000
    static let maxCellRepeat = 1_024
    /// Cells that repetition may add to one document: a few rows of repeated values are real, a million are an attack.
    static let repeatBudget = 200_000
    private var repeatSpent = 0
    private var names: InternedNames?

    /// A handler and the parser that feeds it, with the handler's element and attribute names interned in that
    /// parser's dictionary.
    static func parser(file: String, part: String) throws -> (OpenDocumentBodyHandler, SAXParser) {
        let handler = OpenDocumentBodyHandler()
        let parser = try SAXParser(handler: handler, file: file, part: part)
        handler.names = try InternedNames(OpenDocumentName.named, parser: parser, file: file, part: part)
        return (handler, parser)
    }

    func sheets() -> [Sheet] { tables.sheets() }

    @inline(__always)
    private func name(_ name: UnsafePointer<xmlChar>) -> OpenDocumentName {
        names.flatMap { OpenDocumentName(rawValue: $0.tag(name)) } ?? .other
    }

    /// The integers of the attributes the handler reads, in one pass over them: each from the first attribute of its
    /// name (1 when absent or not a number).
    private func integers(_ attributes: SAXAttributes) -> (rowsRepeated: Int, columnsSpanned: Int, rowsSpanned: Int, columnsRepeated: Int, count: Int) {
        var values = (rowsRepeated: 1, columnsSpanned: 1, rowsSpanned: 1, columnsRepeated: 1, count: 1)
        var seen: UInt32 = 0
        attributes.forEach { attribute, value in
            let name = name(attribute)
            let bit: UInt32 = 1 << name.rawValue
            guard seen & bit == 0 else { return }
            seen |= bit
            switch name {
            case .rowsRepeated: values.rowsRepeated = Self.integer(value)
            case .columnsSpanned: values.columnsSpanned = Self.integer(value)
            case .rowsSpanned: values.rowsSpanned = Self.integer(value)
            case .columnsRepeated: values.columnsRepeated = Self.integer(value)
            case .count: values.count = Self.integer(value)
            default: break
            }
        }
        return values
    }

    private static func integer(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        Int(String(decoding: value.prefix(9), as: UTF8.self)) ?? 1
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        tables.append(bytes, paragraph: &paragraph)
    }

    private func append(_ byte: UInt8, count: Int = 1) {
        for _ in 0..<min(max(count, 1), 1_000) {
            withUnsafeBytes(of: byte) { append($0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        let element = self.name(name)
        if skipDepth > 0 || element.isSkipped {
            skipDepth += 1
            return
        }
        switch element {
        case .table:
            tables.push(TableState())
        case .tableRow:
            let repeated = min(max(integers(attributes).rowsRepeated, 1), Self.maxRowRepeat)
            tables.top { entry in
                entry.state.rowsRepeated = repeated
                entry.state.rowCells.removeAll(keepingCapacity: true)
            }
        case .tableCell, .coveredTableCell:
            let values = integers(attributes)
            let repeated = min(max(values.columnsRepeated, 1), Self.maxCellRepeat)
            tables.top { entry in
                entry.state.inCell = true
                entry.state.cell.removeAll(keepingCapacity: true)
                entry.state.columnSpan = values.columnsSpanned
                entry.state.rowSpan = values.rowsSpanned
                entry.state.columnsRepeated = repeated
            }
        case .paragraph, .heading:
            paragraphDepth += 1
        case .spaces:
            append(0x20, count: integers(attributes).count)
        case .tab:
            append(0x20)
        case .lineBreak:
            append(0x0A)
        default:
            break
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        switch self.name(name) {
        case .tableCell, .coveredTableCell:
            let covered = self.name(name) == .coveredTableCell
            tables.top { entry in
                guard entry.state.inCell else { return }
                entry.state.rowCells.append(RowCell(text: entry.state.cell, columnSpan: entry.state.columnSpan, rowSpan: entry.state.rowSpan,
                                                    repeated: entry.state.columnsRepeated, covered: covered))
                entry.state.inCell = false
            }
        case .tableRow:
            tables.top { layOutRow(&$0) }
        case .table:
            tables.pop()
        case .paragraph, .heading:
            paragraphDepth = max(0, paragraphDepth - 1)
            if tables.isEmpty {
                if paragraphDepth == 0 {
                    narrative.add(paragraph)
                    paragraph.removeAll(keepingCapacity: true)
                }
            } else {
                tables.top { if $0.state.inCell { $0.state.cell.append(0x0A) } }
            }
        default:
            break
        }
    }

    /// Places a finished row's cells, expanding repeated rows and cells while the document's repeat budget lasts
    /// (blank repeats only move the position: they hold nothing to locate).
    private func layOutRow(_ entry: inout TableStack<TableState>.Entry) {
        let cells = entry.state.rowCells.filter { !$0.covered }  // covered cells sit under spans the builder tracks
        let blankCell = cells.map { DocumentText.isBlank($0.text) }
        let blankRow = zip(cells, blankCell).allSatisfy { $0.1 && $0.0.columnSpan <= 1 && $0.0.rowSpan <= 1 }
        var rowTimes = blankRow ? 1 : entry.state.rowsRepeated
        let cellsPerRow = zip(cells, blankCell).reduce(0) { $0 + ($1.1 ? 1 : $1.0.repeated) }
        if repeatSpent + rowTimes * cellsPerRow > Self.repeatBudget { rowTimes = 1 }
        for time in 0..<rowTimes {
            entry.builder.startRow()
            for (cell, blank) in zip(cells, blankCell) {
                var times = blank ? 1 : cell.repeated
                if time > 0 || repeatSpent + times > Self.repeatBudget { times = min(times, max(Self.repeatBudget - repeatSpent, 1)) }
                for _ in 0..<times { entry.builder.addCell(cell.text, columnSpan: cell.columnSpan, rowSpan: cell.rowSpan) }
                repeatSpent += times
                if blank && cell.repeated > 1 { entry.builder.skip((cell.repeated - 1) * max(cell.columnSpan, 1)) }
            }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0, paragraphDepth > 0 else { return }
        append(bytes)
    }
}

extension ODTReader: FormatReader {
    public static let formatName = "OpenDocument 文本（.odt）"

    public static func sniff(_ probe: FormatProbe) -> Bool { probe.container == .zip(.openDocumentText) }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}
