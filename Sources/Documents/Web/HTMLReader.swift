// Reads a web page (.html/.htm/.shtml/.xhtml, or the HTML part of an .mht): tables as Grids, block text as narrative.
import Spreadsheet
import CLibXML2
import CQuietXML

/// Reads a report published as a web page on libxml2's HTML parser (errors tolerated, no network, no entities beyond
/// HTML's own): every `<table>` a sheet (`表1`… in the order tables start; `rowspan`/`colspan` as merges; a nested
/// table's text stays out of its outer cell, so a page-chrome layout table does not swallow the report's tables),
/// and the text of block elements outside tables (`<p>`, `<div>`, `<h1>`…, `<br>`) as the numbered narrative.
public enum HTMLReader {
    public static func read(path: String, encoding: TextEncoding? = nil) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path, encoding: encoding)
    }

    /// `declared` is a charset the container named (an MHT part header); `encoding` a user's override.
    public static func read(bytes: [UInt8], fileName: String, encoding forced: TextEncoding? = nil, declared: TextEncoding? = nil) throws -> Workbook {
        let decoded = try decode(bytes, fileName: fileName, forced: forced, declared: declared)
        let handler = HTMLBodyHandler()
        try parse(decoded.utf8, handler: handler, fileName: fileName)
        return Workbook(source: fileName, format: .html, sheets: handler.sheets(), narrative: handler.narrative.paragraphs,
                        encoding: decoded.encoding)
    }

    /// Charset from a BOM, then the page's own `<meta charset>` / `http-equiv` / XML declaration, then the container's
    /// header, then detection (strict UTF-8, else GB18030). A declaration the bytes contradict falls back to detection.
    /// A page no encoding decodes cleanly (a truncated character in a footer) is read as browsers read it: the few
    /// bad bytes become U+FFFD rather than losing the page.
    static func decode(_ bytes: [UInt8], fileName: String, forced: TextEncoding?, declared: TextEncoding?) throws -> DecodedText {
        if let forced { return try TextDecoding.decode(bytes, file: fileName, encoding: forced) }
        if TextDecoding.detectBOM(Array(bytes.prefix(4))) != nil, let decoded = try? TextDecoding.decode(bytes, file: fileName) {
            return decoded
        }
        let named = declaredCharset(bytes) ?? declared
        if let named, let decoded = try? TextDecoding.decode(bytes, file: fileName, encoding: named) { return decoded }
        if let decoded = try? TextDecoding.decode(bytes, file: fileName) { return decoded }
        return lenient(bytes, preferring: named)
    }

    /// Decodes with U+FFFD for what does not decode: as UTF-8 when that is what the page says or nearly all of it is,
    /// else as GB18030.
    static func lenient(_ bytes: [UInt8], preferring named: TextEncoding?) -> DecodedText {
        let utf8 = String(decoding: bytes, as: UTF8.self)
        let replaced = utf8.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count
        if named == .utf8 || (named == nil && replaced <= max(8, bytes.count / 1000)) {
            return DecodedText(utf8: Array(utf8.utf8), encoding: .utf8, hadBOM: false)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2)
        var start = bytes.startIndex
        while start < bytes.endIndex {
            do {
                output += try GB18030.decode(bytes[start...])
                break
            } catch let failure as GB18030.Failure {
                let bad = start + max(failure.offset, 0)
                if bad > start, let prefix = try? GB18030.decode(bytes[start..<bad]) { output += prefix }
                output += [0xEF, 0xBF, 0xBD]
                start = bad + 1
            } catch {
                break
            }
        }
        return DecodedText(utf8: output, encoding: .gb18030, hadBOM: false)
    }

    /// The encoding a page declares in its first 4 KiB (`charset=gb2312`, `encoding="GBK"`), if nianbao knows it.
    static func declaredCharset(_ bytes: [UInt8]) -> TextEncoding? {
        let head = bytes.prefix(4096).map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        for marker in ["charset", "encoding"] {
            var from = 0
            while from < head.count, let found = head[from...].withUnsafeBytes({ hay in
                Array(marker.utf8).withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: hay) }
            }).map({ $0 + from }) {
                from = found + 1
                var index = found + marker.utf8.count
                while index < head.count, head[index] == 0x20 { index += 1 }
                guard index < head.count, head[index] == UInt8(ascii: "=") else { continue }
                index += 1
                while index < head.count, head[index] == 0x20 || head[index] == 0x22 || head[index] == 0x27 { index += 1 }
                var end = index
                while end < head.count, head[end] == 0x2D || head[end] == 0x5F || (head[end] >= 0x30 && head[end] <= 0x39)
                        || (head[end] >= 0x61 && head[end] <= 0x7A) { end += 1 }
                if let encoding = TextEncoding(name: String(decoding: head[index..<end], as: UTF8.self)) { return encoding }
            }
        }
        return nil
    }

    /// Runs libxml2's HTML push parser over UTF-8 bytes with the handler's callbacks.
    static func parse(_ utf8: [UInt8], handler: HTMLBodyHandler, fileName: String) throws {
        var sax = htmlSAXHandler()
        // The SAX2 magic routes errors to `serror` (silenced); the HTML parser still calls the SAX1 element callbacks.
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            HTMLBodyHandler.from(context).start(name, attributes)
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            HTMLBodyHandler.from(context).end(name)
        }
        sax.characters = { context, bytes, length in
            guard let context, let bytes else { return }
            HTMLBodyHandler.from(context).text(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        nianbao_quiet_libxml2()
        let box = Unmanaged.passUnretained(handler).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&sax, box, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw SpreadsheetError(file: fileName, .malformedXML("cannot create HTML parser"))
        }
        defer {
            if context.pointee.myDoc != nil { xmlFreeDoc(context.pointee.myDoc) }
            htmlFreeParserCtxt(context)
        }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue
        htmlCtxtUseOptions(context, Int32(options))
        try utf8.withUnsafeBytes { buffer in
            var offset = 0
            repeat {
                let step = min(buffer.count - offset, SAXParser.feedStep)
                let pointer = buffer.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
                offset += step
                let last = offset >= buffer.count
                _ = htmlParseChunk(context, pointer, Int32(step), last ? 1 : 0)
                if let error = handler.stopError { throw error }
            } while offset < buffer.count
        }
    }
}

/// Callbacks of the HTML parser: tables on a stack, text into the innermost open cell or the current block.
final class HTMLBodyHandler {
    struct CellState: OpenCell {
        var cell: [UInt8] = []
        var inCell = false
        var columnSpan = 1
        var rowSpan = 1
        var startedRow = false
    }

    private var tables = TableStack<CellState>()
    /// Block texts in reading order, with the table whose cell held them (0: outside tables). Pages built on layout
    /// tables keep their title and paragraphs in a cell of the chrome table: a table that holds another table is a
    /// layout table, and its blocks are narrative; blocks in the cells of data tables are not.
    private var blocks: [(owner: Int, text: [UInt8])] = []
    private var layoutTables: Set<Int> = []
    private var block: [UInt8] = []
    private var inCaption = false
    private var skipDepth = 0
    var stopError: Error?

    var narrative: NarrativeCollector {
        var collector = NarrativeCollector()
        for entry in blocks where entry.owner == 0 || layoutTables.contains(entry.owner) { collector.add(entry.text) }
        return collector
    }

    static func from(_ context: UnsafeMutableRawPointer) -> HTMLBodyHandler {
        // libxml2 passes the user data given at creation: the handler, owned by the caller for the whole parse.
        Unmanaged<HTMLBodyHandler>.fromOpaque(context).takeUnretainedValue()
    }

    func sheets() -> [Sheet] {
        finishCell()
        flushBlock()
        return tables.sheets()
    }

    /// The elements the reader acts on. libxml2's HTML parser hands over names lowercased, so they are told apart on
    /// bytes without making a String per element.
    enum Tag {
        case table, row, cell, caption, lineBreak, paragraph, block, skipped, other
    }

    static func tag(_ name: UnsafePointer<xmlChar>) -> Tag {
        var length = 0
        while name[length] != 0, length < 12 { length += 1 }
        // Inlined here (names of at most 10 bytes, compared once the length is known): a call per comparison cost more
        // than telling the element apart.
        @inline(__always) func named(_ text: StaticString) -> Bool {
            text.withUTF8Buffer { expected in
                guard expected.count == length else { return false }
                for index in 0..<expected.count where name[index] != expected[index] { return false }
                return true
            }
        }
        switch length {
        case 1:
            return name[0] == UInt8(ascii: "p") ? .paragraph : .other
        case 2:
            if named("td") || named("th") { return .cell }
            if named("rt") || named("rp") { return .skipped }
            if named("tr") { return .row }
            if named("br") { return .lineBreak }
            if named("h1") || named("h2") || named("h3") || named("h4") || named("h5") || named("h6") || named("li") || named("ul")
                || named("ol") || named("dd") || named("dt") || named("dl") || named("hr") { return .block }
            return .other
        case 3:
            if named("div") { return .paragraph }
            if named("pre") || named("nav") { return .block }
            if named("svg") { return .skipped }
            return .other
        case 4:
            if named("body") || named("main") || named("form") { return .block }
            if named("head") { return .skipped }
            return .other
        case 5:
            if named("table") { return .table }
            if named("style") { return .skipped }
            if named("aside") { return .block }
            return .other
        case 6:
            if named("script") || named("select") || named("option") || named("button") || named("iframe") || named("object") { return .skipped }
            if named("center") || named("header") || named("footer") || named("figure") { return .block }
            return .other
        case 7:
            if named("caption") { return .caption }
            if named("section") || named("article") || named("address") { return .block }
            return .other
        case 8:
            return named("noscript") || named("template") ? .skipped : .other
        case 10:
            return named("blockquote") || named("figcaption") ? .block : .other
        default:
            return .other
        }
    }

    private static func integer(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ wanted: StaticString) -> Int {
        guard let attributes else { return 1 }
        var index = 0
        while let name = attributes[index] {
            let value = attributes[index + 1]
            if let value, SAXParser.equal(name, wanted) {
                var number = 0
                var digits = 0
                var cursor = 0
                while value[cursor] != 0, digits < 7 {
                    let byte = value[cursor]
                    if byte >= 0x30 && byte <= 0x39 { number = number * 10 + Int(byte - 0x30); digits += 1 } else if digits > 0 { break }
                    cursor += 1
                }
                return digits > 0 ? number : 1
            }
            index += 2
        }
        return 1
    }

    /// Ends the current block of text: narrative candidate, owned by the innermost table (a caption by the table's parent).
    private func flushBlock() {
        guard !block.isEmpty else { return }
        let text = DocumentText.collapsingWhitespace(block)
        block.removeAll(keepingCapacity: true)
        guard text.contains(where: { $0 != 0x20 }), blocks.count < NarrativeCollector.maxParagraphs else { return }
        let owner = inCaption ? tables.open.dropLast().last?.order : tables.innermostOrder
        blocks.append((owner ?? 0, text))
    }

    private var inCell: Bool { tables.innermostInCell }

    private func finishCell() {
        guard inCell else { return }
        flushBlock()
        tables.top { entry in
            entry.builder.addCell(DocumentText.collapsingWhitespace(entry.state.cell), columnSpan: entry.state.columnSpan, rowSpan: entry.state.rowSpan)
            entry.state.inCell = false
            entry.state.cell.removeAll(keepingCapacity: true)
        }
    }

    private func breakCellLine() {
        tables.top { if $0.state.inCell { $0.state.cell.append(DocumentText.hardBreak) } }
    }

    func start(_ raw: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = HTMLBodyHandler.tag(raw)
        if skipDepth > 0 || tag == .skipped {
            skipDepth += 1
            return
        }
        switch tag {
        case .table:
            flushBlock()
            if let outer = tables.innermostOrder { layoutTables.insert(outer) }
            tables.push(CellState())
        case .row:
            guard !tables.isEmpty else { return }
            finishCell()
            tables.top { entry in
                entry.builder.startRow()
                entry.state.startedRow = true
            }
        case .cell:
            guard !tables.isEmpty else { return }
            finishCell()
            let columnSpan = HTMLBodyHandler.integer(attributes, "colspan")
            let rowSpan = HTMLBodyHandler.integer(attributes, "rowspan")
            tables.top { entry in
                if !entry.state.startedRow {
                    entry.builder.startRow()
                    entry.state.startedRow = true
                }
                entry.state.inCell = true
                entry.state.columnSpan = columnSpan
                entry.state.rowSpan = rowSpan
            }
        case .caption:
            flushBlock()
            inCaption = true
        case .lineBreak:
            flushBlock()
            breakCellLine()
        case .paragraph, .block:
            flushBlock()
            if tag == .paragraph { breakCellLine() }
        case .skipped, .other:
            break
        }
    }

    func end(_ raw: UnsafePointer<xmlChar>) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        let tag = HTMLBodyHandler.tag(raw)
        switch tag {
        case .table:
            finishCell()
            flushBlock()
            tables.pop()
        case .cell:
            finishCell()
        case .caption:
            flushBlock()
            inCaption = false
        case .paragraph, .block:
            flushBlock()
            if tag == .paragraph { breakCellLine() }
        default:
            break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard skipDepth == 0 else { return }
        let cell = inCell
        if tables.isEmpty || cell || inCaption, block.count < 1 << 22 { block.append(contentsOf: bytes) }
        if cell { tables.appendToOpenCell(bytes) }
    }
}

extension HTMLReader: FormatReader {
    public static let formatName = "网页（.html）"

    /// Markup whose first element is a page or a table, under any name: a CMS page, a web page saved as .doc, an OA
    /// system's .xls or .csv export.
    /// Under a web page's own name any markup is a page (a CMS fragment that starts with `<div>`); a UTF-16 page (with
    /// its byte order mark) is judged on its characters.
    public static func sniff(_ probe: FormatProbe) -> Bool {
        guard probe.container == .other else { return false }
        guard let head = markupHead(probe) else { return false }
        if ["html", "htm", "shtml", "xhtml"].contains(probe.fileExtension) { return true }
        return head.starts(with: "<html") || head.starts(with: "<!doctype html") || head.starts(with: "<table")
            || head.starts(with: "<meta") || head.starts(with: "<head") || head.starts(with: "<body") || head.starts(with: "<title")
            || head.contains("<html") || head.contains("<table") || head.contains("xmlns:w=\"urn:schemas-microsoft-com:office:word\"")
    }

    /// The file's first bytes after a byte order mark (UTF-8 or UTF-16) and blanks, when they begin with `<`.
    static func markupHead(_ probe: FormatProbe) -> MarkupHead? {
        let head = probe.head(4096)
        var bytes: [UInt8]
        if head.starts(with: [0xFF, 0xFE]) {
            bytes = stride(from: 2, to: head.count - 1, by: 2).map { head[$0 + 1] == 0 ? head[$0] : 0x3F }
        } else if head.starts(with: [0xFE, 0xFF]) {
            bytes = stride(from: 2, to: head.count - 1, by: 2).map { head[$0] == 0 ? head[$0 + 1] : 0x3F }
        } else {
            bytes = Array(head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...])
        }
        guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
              bytes[start] == UInt8(ascii: "<") else { return nil }
        return MarkupHead(bytes[start...])
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        var workbook = try read(bytes: input.bytes, fileName: input.path, encoding: input.encoding)
        // A sheet saved as a web page (WPS/Excel, OA exports) keeps the sheet's cell names.
        if input.hasSpreadsheetName { workbook.format = .webSheet }
        return workbook
    }
}
