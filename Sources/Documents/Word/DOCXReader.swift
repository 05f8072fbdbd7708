// Reads a Word document (.docx/.docm): each table a Grid with its merges, the paragraphs outside tables the narrative.
import Spreadsheet
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
            let (handler, parser) = try WordBodyHandler.parser(file: fileName, part: part)
            try zip.stream(entry) { chunk in try parser.feed(chunk) }
            try parser.finish()
            return Workbook(source: fileName, format: .docx, sheets: handler.sheets(), narrative: handler.narrative.paragraphs)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    /// Reads a bare `word/document.xml` (what is inside the package; the fuzz harness and tests use it).
    static func read(documentXML bytes: [UInt8], fileName: String) throws -> Workbook {
        let (handler, parser) = try WordBodyHandler.parser(file: fileName, part: "word/document.xml")
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
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
                if main.target.hasPrefix("ppt/") {
                    throw SpreadsheetError(file: fileName, .unsupportedFormat("这是 PowerPoint 演示文稿，不是 Word 文档"))
                }
                return main.target
            }
        }
        if zip.entry(named: "word/document.xml") != nil { return "word/document.xml" }
        throw SpreadsheetError(file: fileName, part: "word/document.xml", .missingPart)
    }
}

/// The WordprocessingML elements the body handler acts on (any namespace: text boxes and fields use the same names).
enum WordElement: UInt8, CaseIterable {
    case other = 0
    case text, table, row, rowProperties, cell, tab, gridSpan, gridBefore, verticalMerge, run, lineBreak, carriageReturn
    case noBreakHyphen, contentControl, showingPlaceholder, controlContent, paragraph
    /// Content that is not the document's text: deleted revisions, the fallback copy of a drawing (text boxes are read
    /// once, from their choice), math, ruby guides.
    case deleted, movedFrom, fallback, math, mathParagraph, rubyText

    var name: StaticString {
        switch self {
        case .other: ""
        case .text: "t"
        case .table: "tbl"
        case .row: "tr"
        case .rowProperties: "trPr"
        case .cell: "tc"
        case .tab: "tab"
        case .gridSpan: "gridSpan"
        case .gridBefore: "gridBefore"
        case .verticalMerge: "vMerge"
        case .run: "r"
        case .lineBreak: "br"
        case .carriageReturn: "cr"
        case .noBreakHyphen: "noBreakHyphen"
        case .contentControl: "sdt"
        case .showingPlaceholder: "showingPlcHdr"
        case .controlContent: "sdtContent"
        case .paragraph: "p"
        case .deleted: "del"
        case .movedFrom: "moveFrom"
        case .fallback: "Fallback"
        case .math: "oMath"
        case .mathParagraph: "oMathPara"
        case .rubyText: "rt"
        }
    }

    var isSkipped: Bool { rawValue >= WordElement.deleted.rawValue }

    static let named: [(name: StaticString, tag: UInt8)] = allCases.dropFirst().map { ($0.name, $0.rawValue) }
}

/// SAX2 handler over `w:body`: tables on a stack (nested tables), text into the innermost open cell or paragraph.
final class WordBodyHandler: SAXHandler {
    struct CellState: OpenCell {
        var cell: [UInt8] = []
        var inCell = false
        var gridSpan = 1
        var continuesMerge = false
        var inRowProperties = false
    }

    private var tables = TableStack<CellState>()
    private(set) var narrative = NarrativeCollector()
    private var paragraph: [UInt8] = []
    private var inText = false
    private var runDepth = 0
    /// Depth inside content that is not the document's text (`WordElement.isSkipped`) or a content control still
    /// showing its placeholder.
    private var skipDepth = 0
    /// Per open content control: whether it shows its placeholder text (`w:showingPlcHdr`) rather than content.
    private var controls: [Bool] = []
    private var names: InternedNames?

    /// A handler and the parser that feeds it, with the handler's element names interned in that parser's dictionary.
    static func parser(file: String, part: String) throws -> (WordBodyHandler, SAXParser) {
        let handler = WordBodyHandler()
        let parser = try SAXParser(handler: handler, file: file, part: part)
        handler.names = try InternedNames(WordElement.named, parser: parser, file: file, part: part)
        return (handler, parser)
    }

    func sheets() -> [Sheet] { tables.sheets() }

    @inline(__always)
    private func element(_ name: UnsafePointer<xmlChar>) -> WordElement {
        names.flatMap { WordElement(rawValue: $0.tag(name)) } ?? .other
    }

    private func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        tables.append(bytes, paragraph: &paragraph)
    }

    private func appendByte(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { appendText($0.assumingMemoryBound(to: UInt8.self)) }
    }

    private static func number(_ attributes: SAXAttributes) -> Int {
        attributes.value("val").flatMap { Int(String(decoding: $0.prefix(9), as: UTF8.self)) } ?? 0
    }

    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
        let element = element(name)
        if skipDepth > 0 || element.isSkipped {
            skipDepth += 1
            return
        }
        switch element {
        case .text:
            inText = true
        case .table:
            tables.push(CellState())
        case .row:
            tables.top { $0.builder.startRow() }
        case .rowProperties:
            tables.top { $0.state.inRowProperties = true }
        case .cell:
            tables.top { entry in
                entry.state.cell.removeAll(keepingCapacity: true)
                entry.state.inCell = true
                entry.state.gridSpan = 1
                entry.state.continuesMerge = false
            }
        case .tab:
            if runDepth > 0 { appendByte(0x20) }
        case .gridSpan:
            let number = Self.number(attributes)
            tables.top { $0.state.gridSpan = min(max(number, 1), TableBuilder.maxColumns) }
        case .gridBefore:
            let number = Self.number(attributes)
            tables.top { if $0.state.inRowProperties { $0.builder.skip(number) } }
        case .verticalMerge:
            let value = attributes.value("val").map { String(decoding: $0, as: UTF8.self) }
            tables.top { if $0.state.inCell { $0.state.continuesMerge = value != "restart" } }
        case .run:
            runDepth += 1
        case .lineBreak, .carriageReturn:
            if runDepth > 0 { appendByte(0x0A) }
        case .noBreakHyphen:
            if runDepth > 0 { appendByte(UInt8(ascii: "-")) }
        case .contentControl:
            controls.append(false)
        case .showingPlaceholder:
            if !controls.isEmpty { controls[controls.count - 1] = true }
        case .controlContent:
            if controls.last == true { skipDepth = 1 }
        case .paragraph, .other, .deleted, .movedFrom, .fallback, .math, .mathParagraph, .rubyText:
            break
        }
    }

    func endElement(_ name: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        switch element(name) {
        case .text:
            inText = false
        case .cell:
            tables.top { entry in
                guard entry.state.inCell else { return }
                if entry.state.continuesMerge {
                    entry.builder.continueVerticalMerge(entry.state.cell, columnSpan: entry.state.gridSpan)
                } else {
                    entry.builder.addCell(entry.state.cell, columnSpan: entry.state.gridSpan)
                }
                entry.state.inCell = false
            }
        case .rowProperties:
            tables.top { $0.state.inRowProperties = false }
        case .table:
            tables.pop()
        case .paragraph:
            if tables.isEmpty {
                narrative.add(paragraph)
                paragraph.removeAll(keepingCapacity: true)
            } else {
                // Paragraphs of one cell are lines of its text.
                tables.top { if $0.state.inCell { $0.state.cell.append(0x0A) } }
            }
        case .run:
            runDepth = max(0, runDepth - 1)
        case .contentControl:
            if !controls.isEmpty { controls.removeLast() }
        default:
            break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText, skipDepth == 0 else { return }
        appendText(bytes)
    }
}

extension DOCXReader: FormatReader {
    public static let formatName = "Word 文档（.docx）"

    public static func sniff(_ probe: FormatProbe) -> Bool { probe.container == .zip(.wordDocument) }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}
