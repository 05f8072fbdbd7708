// Reads a Rich Text Format document: each table a Grid with its merges, the paragraphs outside tables the narrative.
import Spreadsheet
import ZipArchive

/// Reads RTF (as Word, WPS, LibreOffice and OA systems export it) into a workbook like a .docx's: one sheet per
/// table (`表1`, `表2`… in document order), merges from `\clmgf/\clmrg` and `\clvmgf/\clvmrg`, columns from the union
/// of the rows' `\cellx` boundaries, and the paragraphs outside tables as the narrative. Text is `\uN` (its `\ucN`
/// fallback skipped) or bytes (`\'hh` or plain) of the font's or the document's code page (`\ansicpg936`: GBK).
/// Destinations that are not body text (font and colour tables, style sheet, pictures, headers, footnotes, field
/// instructions, every `{\*…}`) are skipped; `\info`'s `\title` is the title when the body has no paragraph. A table
/// nested in a cell (`\itap2`, `\nestcell`, `\nestrow`, its rows defined in `{\*\nesttableprops}`) is a table of its
/// own, numbered where it starts, as the DOCX reader numbers nested tables.
public enum RTFReader {
    /// Groups nested deeper than this refuse the file (real documents stay below a few dozen).
    public static let maxDepth = 1_000
    /// Largest RTF read (pictures make RTF large; a report's text is a few hundred kilobytes).
    public static let maxBytes = 512 << 20
    /// Most cells of one document, all tables together.
    public static let maxCells = 1_000_000

    public static func read(bytes: [UInt8], fileName: String) throws -> Workbook {
        try bytes.withUnsafeBytes { try read(buffer: $0, fileName: fileName) }
    }

    public static func read(buffer: UnsafeRawBufferPointer, fileName: String) throws -> Workbook {
        guard buffer.count <= maxBytes else {
            throw SpreadsheetError(file: fileName, .tooLarge("RTF 文件超过 \(maxBytes >> 20) MB"))
        }
        var interpreter = RTFInterpreter(buffer, fileName: fileName)
        try interpreter.run()
        return interpreter.workbook()
    }
}

extension RTFReader: FormatReader {
    public static let formatName = "RTF 文档（.rtf）"

    public static func sniff(_ probe: FormatProbe) -> Bool {
        probe.container == .other && probe.starts(with: Array("{\\rtf".utf8))
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try withExtendedLifetime(input.source) { try read(buffer: input.source.buffer, fileName: input.path) }
    }
}

/// Walks the tokens with a stack of group states and sends text to the open cell, the paragraph or the title.
struct RTFInterpreter {
    private enum Destination {
        case body, fontTable, info, title
    }

    private struct GroupState {
        var destination = Destination.body
        var unicodeSkip = 1
        var font = -1
        var associatedDoubleByteFont = -1
        var doubleByte = false
        /// Text of a tracked deletion (`\deleted`): left out, as the DOCX reader leaves out `w:del`.
        var deleted = false
        /// `{\*` seen: the group is skipped unless its first word is a destination we read.
        var starred = false
        /// Nothing but `\*` read in this group yet (its first word decides what the group is).
        var atStart = true
        /// Inside `{\*\nesttableprops}`: row definitions are a nested table's.
        var nestedProperties = false
    }

    static let maxCellBytes = 1 << 20
    static let maxParagraphBytes = 1 << 22
    static let maxFonts = 4_096
    /// Tables nested deeper than this are read into the table at this depth.
    static let maxNesting = 32

    private var tokenizer: RTFTokenizer
    private let fileName: String
    private var stack: [GroupState] = []
    private var state = GroupState()

    // Character set.
    private var documentCodepage = 1252
    private var defaultFont = -1
    private var fontCodepages: [Int: Int] = [:]
    private var definingFont = -1
    /// Code-page bytes not yet decoded (a double-byte character arrives as two `\'hh`, or a lead byte and a plain trail).
    private var pending: [UInt8] = []
    private var pendingCodepage = 1252
    /// Fallback characters still to skip after a `\uN`.
    private var skip = 0
    private var highSurrogate: UInt32?

    // Output.
    private var paragraph: [UInt8] = []
    private var narrative = NarrativeCollector()
    private var title: [UInt8] = []
    /// The table level of the current paragraph: 0 outside tables, 1 in a table, 2 and more in nested ones.
    private var level = 0
    /// The tables open at this point, outermost first (index = level − 1).
    private var levels: [TableLevel] = []
    private var tablesStarted = 0
    private var finished: [(order: Int, grid: Grid)] = []
    private var cellCount = 0

    /// One open table: the text of its open cell, the cells of its open row, the row definition in force, its rows.
    private struct TableLevel {
        var order: Int
        var cell: [UInt8] = []
        var rowCells: [[UInt8]] = []
        var definitions: [RTFCellDefinition] = []
        var nextDefinition = RTFCellDefinition()
        var rows: [RTFRow] = []
    }

    init(_ buffer: UnsafeRawBufferPointer, fileName: String) {
        tokenizer = RTFTokenizer(buffer)
        self.fileName = fileName
    }

    mutating func workbook() -> Workbook {
        var paragraphs = narrative.paragraphs
        if paragraphs.isEmpty {
            let text = DocumentText.trimmed(title)
            if !text.isEmpty { paragraphs = [(1, text)] }
        }
        let sheets = finished.sorted { $0.order < $1.order }.map { Sheet(name: "表\($0.order)", grid: $0.grid, tableNumber: $0.order) }
        return Workbook(source: fileName, format: .rtf, sheets: sheets, narrative: paragraphs)
    }

    mutating func run() throws {
        while true {
            let token = tokenizer.next()
            if skip > 0 {
                switch token {
                case .groupStart, .groupEnd, .end: skip = 0
                case .text(let range):
                    let skipped = min(skip, range.count)
                    skip -= skipped
                    if skipped < range.count { text(range.lowerBound + skipped..<range.upperBound) }
                    continue
                default:
                    skip -= 1
                    continue
                }
            }
            switch token {
            case .end:
                finishDocument()
                return
            case .groupStart:
                flush()
                guard stack.count < RTFReader.maxDepth else { throw tooDeep() }
                stack.append(state)
                state.starred = false
                state.atStart = true
            case .groupEnd:
                flush()
                if state.destination == .fontTable { definingFont = -1 }
                guard let outer = stack.popLast() else { continue }  // an unbalanced `}`: read on
                state = outer
                if stack.isEmpty {
                    // The document's own group closed: what follows it is not the document.
                    finishDocument()
                    return
                }
            case .symbol(let byte):
                symbol(byte)
            case .hex(let byte):
                state.atStart = false
                appendCodepageByte(byte)
            case .text(let range):
                state.atStart = false
                text(range)
            case .binary:
                state.atStart = false
            case .word(let word, let parameter):
                try self.word(word, parameter)
            }
        }
    }

    private func tooDeep() -> SpreadsheetError {
        SpreadsheetError(file: fileName, .invalid("RTF 分组嵌套超过 \(RTFReader.maxDepth) 层，文件已损坏或不是正常的文档，已拒绝读取"))
    }

    // MARK: Text

    private var currentCodepage: Int {
        if let codepage = fontCodepages[state.font] { return codepage }
        if state.doubleByte, let codepage = fontCodepages[state.associatedDoubleByteFont] { return codepage }
        return documentCodepage
    }

    private mutating func text(_ range: Range<Int>) {
        switch state.destination {
        case .fontTable, .info: return
        case .body, .title: break
        }
        let codepage = currentCodepage
        if !pending.isEmpty, pendingCodepage != codepage { flush() }
        let bytes = UnsafeRawBufferPointer(rebasing: tokenizer.bytes[range])
        if pending.isEmpty, !bytes.contains(where: { $0 >= 0x80 || $0 == 0x09 }) {
            emit(bytes)
            return
        }
        // Code-page text (a double-byte character's trail may be a plain ASCII byte after a `\'hh` lead).
        pendingCodepage = codepage
        for byte in bytes { pending.append(byte == 0x09 ? 0x20 : byte) }
    }

    private mutating func appendCodepageByte(_ byte: UInt8) {
        switch state.destination {
        case .fontTable, .info: return
        case .body, .title: break
        }
        let codepage = currentCodepage
        if !pending.isEmpty, pendingCodepage != codepage { flush() }
        pendingCodepage = codepage
        pending.append(byte)
    }

    /// Decodes the pending code-page bytes into the current output.
    private mutating func flush() {
        guard !pending.isEmpty else { return }
        var decoded: [UInt8] = []
        RTFCodepage.decode(pending, codepage: pendingCodepage, into: &decoded)
        pending.removeAll(keepingCapacity: true)
        decoded.withUnsafeBytes { emit($0) }
    }

    private mutating func emitScalar(_ value: UInt32) {
        var bytes: [UInt8] = []
        RTFCodepage.appendScalar(value, to: &bytes)
        bytes.withUnsafeBytes { emit($0) }
    }

    /// UTF-8 text into the title, the open cell or the paragraph.
    private mutating func emit(_ bytes: UnsafeRawBufferPointer) {
        if state.deleted { return }
        switch state.destination {
        case .title:
            if title.count < 1 << 16 { title.append(contentsOf: bytes) }
        case .body:
            if level > 0 {
                open(upTo: level)
                if levels[level - 1].cell.count < RTFInterpreter.maxCellBytes { levels[level - 1].cell.append(contentsOf: bytes) }
            } else if paragraph.count < RTFInterpreter.maxParagraphBytes {
                paragraph.append(contentsOf: bytes)
            }
        case .fontTable, .info:
            break
        }
    }

    private mutating func emitByte(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { emit($0) }
    }

    private mutating func symbol(_ byte: UInt8) {
        if byte == UInt8(ascii: "*") {
            state.starred = true
            return
        }
        state.atStart = false
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            flush()
            emitByte(byte)
        case UInt8(ascii: "~"):
            flush()
            emitScalar(0xA0)
        case UInt8(ascii: "_"):
            flush()
            emitByte(UInt8(ascii: "-"))
        case 0x09:
            flush()
            emitByte(0x20)
        default:
            break  // `\-` optional hyphen, `\:` index subentry, `\|` formula: no text
        }
    }

    // MARK: Control words

    private mutating func word(_ word: RTFWord, _ parameter: Int?) throws {
        let first = state.atStart
        state.atStart = false
        if first {
            // The first word of a group says whether it is a destination.
            if word.isSkippedDestination || (state.starred && !RTFInterpreter.readStarred(word)) {
                flush()
                guard tokenizer.skipGroup(maxDepth: RTFReader.maxDepth - stack.count) else {
                    // Too deep inside, or the bytes ended (then the next token ends the document).
                    if tokenizer.offset < tokenizer.bytes.count { throw tooDeep() }
                    return
                }
                if let outer = stack.popLast() { state = outer }
                return
            }
        }
        switch word {
        case .unknown:
            return
        case .fonttbl:
            flush()
            state.destination = .fontTable
        case .info:
            flush()
            state.destination = .info
        case .title:
            flush()
            if state.destination == .info { state.destination = .title }
        case .ansi: documentCodepage = 1252
        case .mac: documentCodepage = 10000
        case .pc: documentCodepage = 437
        case .pca: documentCodepage = 850
        case .ansicpg:
            if let parameter, parameter > 0 { documentCodepage = parameter }
        case .deff:
            defaultFont = parameter ?? -1
        case .uc:
            state.unicodeSkip = max(0, min(parameter ?? 1, 16))
        case .u:
            flush()
            unicode(parameter ?? 0)
            skip = state.unicodeSkip
        case .f:
            guard let parameter else { return }
            if state.destination == .fontTable {
                definingFont = parameter
            } else {
                flush()
                state.font = parameter
            }
        case .af:
            if state.doubleByte, let parameter, state.destination != .fontTable { state.associatedDoubleByteFont = parameter }
        case .dbch: state.doubleByte = true
        case .hich, .loch: state.doubleByte = false
        case .fcharset:
            if state.destination == .fontTable, definingFont >= 0, let codepage = RTFCodepage.codepage(charset: parameter ?? 0),
               fontCodepages.count < RTFInterpreter.maxFonts || fontCodepages[definingFont] != nil {
                fontCodepages[definingFont] = codepage
            }
        case .cpg:
            if state.destination == .fontTable, definingFont >= 0, let parameter, parameter > 0,
               fontCodepages.count < RTFInterpreter.maxFonts || fontCodepages[definingFont] != nil {
                fontCodepages[definingFont] = parameter
            }
        case .plain:
            flush()
            state.font = defaultFont
            state.deleted = false
        case .deleted:
            flush()
            state.deleted = parameter != 0
        case .par, .sect:
            flush()
            endParagraph()
        case .line:
            flush()
            emitByte(0x0A)
        case .tab:
            flush()
            emitByte(0x20)
        case .emdash: flush(); emitScalar(0x2014)
        case .endash: flush(); emitScalar(0x2013)
        case .lquote: flush(); emitScalar(0x2018)
        case .rquote: flush(); emitScalar(0x2019)
        case .ldblquote: flush(); emitScalar(0x201C)
        case .rdblquote: flush(); emitScalar(0x201D)
        case .bullet: flush(); emitScalar(0x2022)
        case .emspace: flush(); emitScalar(0x2003)
        case .enspace: flush(); emitScalar(0x2002)
        case .qmspace: flush(); emitScalar(0x2005)
        case .pard:
            flush()
            level = 0
        case .intbl:
            level = max(level, 1)
        case .itap:
            level = max(0, min(parameter ?? 1, RTFInterpreter.maxNesting))
        case .nesttableprops:
            state.nestedProperties = true
        case .trowd:
            let table = definitionLevel
            open(upTo: table)
            levels[table - 1].definitions.removeAll(keepingCapacity: true)
            levels[table - 1].nextDefinition = RTFCellDefinition()
        case .clvmgf, .clvmrg, .clmgf, .clmrg:
            let table = definitionLevel
            open(upTo: table)
            switch word {
            case .clvmgf: levels[table - 1].nextDefinition.firstOfVerticalMerge = true
            case .clvmrg: levels[table - 1].nextDefinition.continuesVerticalMerge = true
            case .clmgf: levels[table - 1].nextDefinition.firstOfHorizontalMerge = true
            default: levels[table - 1].nextDefinition.continuesHorizontalMerge = true
            }
        case .cellx:
            let table = definitionLevel
            open(upTo: table)
            levels[table - 1].nextDefinition.right = parameter ?? 0
            if levels[table - 1].definitions.count < TableBuilder.maxColumns {
                levels[table - 1].definitions.append(levels[table - 1].nextDefinition)
            }
            levels[table - 1].nextDefinition = RTFCellDefinition()
        case .cell:
            flush()
            endCell(level: 1)
        case .nestcell:
            flush()
            endCell(level: max(level, 2))
        case .nestrow:
            flush()
            endRow(level: max(level, 2))
        case .row:
            flush()
            endRow(level: 1)
        default:
            return
        }
    }

    /// `{\*\…}` destinations read rather than skipped: a nested table's row definition.
    private static func readStarred(_ word: RTFWord) -> Bool { word == .nesttableprops }

    private mutating func unicode(_ parameter: Int) {
        let value = UInt32(truncatingIfNeeded: parameter < 0 ? parameter + 65_536 : parameter) & 0xFFFF
        if (0xD800...0xDBFF).contains(value) {
            highSurrogate = value
            return
        }
        if (0xDC00...0xDFFF).contains(value), let high = highSurrogate {
            highSurrogate = nil
            emitScalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00))
            return
        }
        highSurrogate = nil
        emitScalar(value)
    }

    // MARK: Paragraphs and tables

    private mutating func endParagraph() {
        guard state.destination == .body else {
            if state.destination == .title { title.append(0x20) }
            return
        }
        close(deeperThan: level)
        if level > 0 {
            open(upTo: level)
            levels[level - 1].cell.append(0x0A)
            return
        }
        narrative.add(paragraph)
        paragraph.removeAll(keepingCapacity: true)
    }

    /// The table whose row a `\trowd`/`\cellx` defines: a nested one inside `{\*\nesttableprops}`, else the outermost.
    private var definitionLevel: Int { state.nestedProperties ? max(level, 2) : 1 }

    /// Opens tables until `depth` are open (each numbered as it starts).
    private mutating func open(upTo depth: Int) {
        while levels.count < depth {
            tablesStarted += 1
            levels.append(TableLevel(order: tablesStarted))
        }
    }

    /// Closes the tables nested deeper than `depth`: a paragraph, cell or row of an outer level ends them.
    private mutating func close(deeperThan depth: Int) {
        while levels.count > depth, let table = levels.popLast() {
            var rows = table.rows
            if !table.rowCells.isEmpty || !DocumentText.trimmed(table.cell).isEmpty {
                rows.append(RTFRow(definitions: table.definitions, cells: table.rowCells + (DocumentText.trimmed(table.cell).isEmpty ? [] : [table.cell])))
            }
            guard !rows.isEmpty else { continue }
            let grid = RTFTable.grid(rows)
            if grid.rowCount > 0 || !grid.merged.isEmpty { finished.append((table.order, grid)) }
        }
    }

    private mutating func endCell(level depth: Int) {
        guard state.destination == .body else { return }
        close(deeperThan: depth)
        open(upTo: depth)
        let cell = levels[depth - 1].cell
        levels[depth - 1].cell.removeAll(keepingCapacity: true)
        if cellCount < RTFReader.maxCells, levels[depth - 1].rowCells.count < TableBuilder.maxColumns {
            levels[depth - 1].rowCells.append(cell)
            cellCount += 1
        }
    }

    private mutating func endRow(level depth: Int) {
        guard state.destination == .body else { return }
        close(deeperThan: depth)
        open(upTo: depth)
        if !DocumentText.trimmed(levels[depth - 1].cell).isEmpty { endCell(level: depth) }
        levels[depth - 1].cell.removeAll(keepingCapacity: true)
        let table = levels[depth - 1]
        if table.rows.count < TableBuilder.maxRows, !table.rowCells.isEmpty {
            levels[depth - 1].rows.append(RTFRow(definitions: table.definitions, cells: table.rowCells))
        }
        levels[depth - 1].rowCells.removeAll(keepingCapacity: true)
    }

    private mutating func finishDocument() {
        flush()
        stack.removeAll()
        state = GroupState()
        close(deeperThan: 0)
        level = 0
        narrative.add(paragraph)
        paragraph.removeAll()
    }
}
