// Reads Word 97–2003 (.doc) and WPS 文字 (.wps) binary documents: each table a Grid with its merges, the paragraphs
// outside tables the narrative, as the DOCX reader gives them.
import CompoundFile
import Spreadsheet

/// Reads the `WordDocument` stream of a compound file ([MS-DOC]): the FIB, the piece table (compressed cp1252 and
/// UTF-16 pieces, fast-saved files included) for the main document's text, the paragraph properties (PlcBtePapx →
/// PapxFkp, `sprmPHugePapx` in the Data stream) for cell and row marks, nesting depth and each row's cell boundaries
/// and merges (`sprmTDefTable`, `sprmTVertMerge`, `sprmTMerge`). Fields show their result. WPS 文字 saves this format
/// too. Encrypted files, Word 6.0/95 files and WPS's own older format are refused with what to do.
public enum WordBinaryReader {
    public static func read(path: String) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String) throws -> Workbook {
        let container: CompoundFileReader
        do {
            container = try CompoundFileReader(bytes: bytes, fileName: fileName)
        } catch let error as CompoundFileError {
            throw damaged(fileName, stream: error.stream, detail(error))
        }
        if container.entry(named: "EncryptionInfo") != nil || container.entry(named: "EncryptedPackage") != nil {
            throw SpreadsheetError(file: fileName, .encrypted("这份文档设置了打开密码（已加密），无法读取；请在 Word/WPS 中输入密码打开，去掉密码后另存为 .docx"))
        }
        guard let main = container.entry(named: "WordDocument") else { throw notWord(container, fileName: fileName) }
        func stream(_ entry: CompoundFileEntry) throws -> [UInt8] {
            do {
                return try container.read(entry)
            } catch let error as CompoundFileError {
                throw damaged(fileName, stream: entry.name, detail(error))
            }
        }
        let document = try stream(main)
        do {
            let fib = try WordFIB(LittleEndianBytes(document))
            guard let tableEntry = container.entry(named: fib.tableStreamName) else {
                throw damaged(fileName, stream: fib.tableStreamName, "缺少表流 \(fib.tableStreamName)")
            }
            let table = try stream(tableEntry)
            if fib.isEncrypted { throw encrypted(fib, table: table) }
            let data = try container.entry(named: "Data").map(stream) ?? []
            let (sheets, narrative) = try read(fib: fib, document: document, table: table, data: data)
            return Workbook(source: fileName, format: .doc, sheets: sheets, narrative: narrative)
        } catch let error as WordBinaryError {
            throw spreadsheetError(error, fileName: fileName)
        }
    }

    /// Reads the three streams of a Word document (the fuzz harness gives one buffer as all three).
    static func read(document: [UInt8], table: [UInt8], data: [UInt8], fileName: String) throws -> Workbook {
        do {
            let fib = try WordFIB(LittleEndianBytes(document))
            if fib.isEncrypted { throw encrypted(fib, table: table) }
            let (sheets, narrative) = try read(fib: fib, document: document, table: table, data: data)
            return Workbook(source: fileName, format: .doc, sheets: sheets, narrative: narrative)
        } catch let error as WordBinaryError {
            throw spreadsheetError(error, fileName: fileName)
        }
    }

    /// Reads the streams of a Word document laid in one buffer (the fuzz harness's input, Scripts/fuzz-doc-seeds.py):
    /// WordDocument, table and Data streams in one, the offsets into the table stream counted from the buffer's start;
    /// when the last four bytes give an offset before them, the Data stream is what lies from there to them.
    static func read(streams bytes: [UInt8], fileName: String) throws -> Workbook {
        var data = bytes
        if bytes.count >= 8 {
            let tail = LittleEndianBytes(bytes).u32(bytes.count - 4)!
            if tail < bytes.count - 4 { data = Array(bytes[tail..<(bytes.count - 4)]) }
        }
        return try read(document: bytes, table: bytes, data: data, fileName: fileName)
    }

    /// The main document's characters are at most this many (a 10 MB text is far past any report).
    static let maxCharacters = 1 << 24

    private static func read(fib: WordFIB, document: [UInt8], table: [UInt8], data: [UInt8]) throws
        -> (sheets: [Sheet], narrative: [(line: Int, text: String)]) {
        let stream = LittleEndianBytes(document)
        let tableStream = LittleEndianBytes(table)
        guard fib.ccpText <= maxCharacters else {
            throw WordBinaryError.corrupt("正文有 \(fib.ccpText) 个字符，超出读取限制（\(maxCharacters)）")
        }
        let pieces = try WordPieceTable.read(clx: tableStream, at: fib.clx, streamSize: document.count)
        var body = WordBody(paragraphs: WordParagraphTable(table: tableStream, at: fib.plcfBtePapx, stream: stream, data: LittleEndianBytes(data)))
        let sectionEnds = sectionEnds(tableStream, fib.plcfSed)
        let deleted = WordDeletedText(table: tableStream, at: fib.plcfBteChpx, stream: stream)
        var cursor = 0
        let high = WordPieceTable.cp1252High
        document.withUnsafeBufferPointer { bytes in
            for piece in pieces where piece.cpStart < fib.ccpText {
                let end = min(piece.cpEnd, fib.ccpText)
                var offset = piece.fc
                let width = piece.compressed ? 1 : 2
                for cp in piece.cpStart..<end {
                    defer { offset += width }
                    let unit: UInt16
                    if piece.compressed {
                        let byte = bytes[offset]
                        unit = byte >= 0x80 && byte < 0xA0 ? high[Int(byte) - 0x80] : UInt16(byte)
                    } else {
                        unit = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
                    }
                    // Text deleted under tracked changes is left out; its paragraph and cell marks still end what they end.
                    if !deleted.isEmpty, unit != 0x0D, unit != 0x07, deleted.contains(offset, cursor: &cursor) { continue }
                    body.character(unit, fc: offset, endsSection: unit == 0x0C && sectionEnds.contains(cp + 1))
                }
            }
        }
        return body.finish()
    }

    /// The character positions where sections end (PlcfSed); a page-break character there is a section break.
    private static func sectionEnds(_ table: LittleEndianBytes, _ range: (offset: Int, length: Int)) -> Set<Int> {
        guard range.length >= 20, (range.length - 4) % 16 == 0, table.contains(range.offset, length: range.length) else { return [] }
        let count = min((range.length - 4) / 16, 1 << 16)
        return Set((1...count).compactMap { table.u32(range.offset + $0 * 4) })
    }

    /// Why an encrypted document cannot be read, naming its encryption: XOR obfuscation, RC4 or RC4 CryptoAPI (the
    /// version at the start of the table stream).
    private static func encrypted(_ fib: WordFIB, table: [UInt8]) -> WordBinaryError {
        let header = LittleEndianBytes(table)
        var kind = "加密"
        if fib.isObfuscated {
            kind = "XOR 混淆加密"
        } else if let major = header.u16(0), let minor = header.u16(2) {
            if major == 1 && minor == 1 { kind = "RC4 加密" } else if (2...4).contains(major) && minor == 2 { kind = "RC4 CryptoAPI 加密" }
        }
        return WordBinaryError(kind: .encrypted("这份 Word 文档设置了打开密码（\(kind)），无法读取；请在 Word/WPS 中输入密码打开，去掉密码后另存为 .docx"))
    }

    /// A compound file without a WordDocument stream: WPS's own older format, another Office file, or damage.
    private static func notWord(_ container: CompoundFileReader, fileName: String) -> SpreadsheetError {
        let names = Set(container.entries.map { $0.name.lowercased() })
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let ext = base.split(separator: ".").count > 1 ? (base.split(separator: ".").last.map { $0.lowercased() } ?? "") : ""
        if names.contains("powerpoint document") {
            return SpreadsheetError(file: fileName, .unsupportedFormat("这是 PowerPoint 演示文稿，不是 Word 文档"))
        }
        if ext == "wps" || ext == "wpt" || names.contains(where: { $0.hasPrefix("wps") || $0.contains("kingsoft") }) {
            return SpreadsheetError(file: fileName, .unsupportedFormat("这是旧版 WPS 文字格式的文档（不是与 Word 兼容的 .wps），无法读取；请在 WPS 文字中打开后另存为 .docx"))
        }
        return SpreadsheetError(file: fileName, .unsupportedFormat("复合文档中没有 Word 文档数据流（WordDocument），不是 Word 文档；请在原软件中另存为 .docx"))
    }

    private static func damaged(_ fileName: String, stream: String?, _ detail: String) -> SpreadsheetError {
        SpreadsheetError(file: fileName, part: stream, .invalid("Word 文档已损坏，无法读取（\(detail)）；请在 Word/WPS 中打开后另存为 .docx"))
    }

    private static func detail(_ error: CompoundFileError) -> String {
        switch error.kind {
        case .notCompoundFile: return "不是 OLE2 复合文档"
        case .truncated(let detail): return "文件不完整，可能被截断：\(detail)"
        case .corrupt(let detail), .limitExceeded(let detail): return detail
        case .streamNotFound: return "缺少所需的数据流"
        }
    }

    private static func spreadsheetError(_ error: WordBinaryError, fileName: String) -> SpreadsheetError {
        switch error.kind {
        case .refused(let message): return SpreadsheetError(file: fileName, .unsupportedFormat(message))
        case .encrypted(let message): return SpreadsheetError(file: fileName, .encrypted(message))
        case .corrupt(let message): return damaged(fileName, stream: error.stream, message)
        }
    }
}

extension WordBinaryReader: FormatReader {
    public static let formatName = "Word 97–2003 / WPS 文档（.doc/.wps）"

    public static func sniff(_ probe: FormatProbe) -> Bool { LegacyWord.isWordDocument(probe) }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}
