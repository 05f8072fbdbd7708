// The one list of input formats: each file's reader is chosen by its content, the name settling only plain text.
import Documents
import Spreadsheet
import ZipArchive

/// Every format nianbao reads, in the order their `sniff` is asked. The first that recognises a file reads it, so that
/// an .xlsx that is really a web page, a .csv exported as HTML or a .doc that is a .docx is read as what it is.
public enum FormatRegistry {
    public static let readers: [any FormatReader.Type] = [
        // Containers by signature: zip packages by their main part, compound files by their streams.
        XLSXReader.self, DOCXReader.self, ODSReader.self, ODTReader.self,
        XLSReader.self, WordBinaryReader.self,
        // Documents by their first bytes.
        PDFReader.self, RTFReader.self, MHTReader.self, SpreadsheetMLReader.self, HTMLReader.self,
        // Plain text: a .txt is a report's text, any other text a delimited table.
        ReportTextReader.self, CSVReader.self,
    ]

    /// File extensions the batch commands pick up from folders (an argument naming a file is read whatever its name).
    /// Old Word, WPS and RTF documents are picked up too, so that each gets its clear sentence rather than a silent skip;
    /// zip archives are walked as folders (`ZipFolder`).
    public static let extensions: Set<String> = ["xlsx", "xlsm", "xltx", "xltm", "csv", "tsv", "txt", "docx", "docm", "dotx", "dotm", "odt",
                                                 "ott", "html", "htm", "shtml", "xhtml", "mht", "mhtml", "doc", "wps", "rtf", "pdf", "xls",
                                                 "et", "ods", "xml", "zip"]

    /// The reader whose `sniff` recognises the file; nil when none does.
    public static func reader(for probe: FormatProbe) -> (any FormatReader.Type)? {
        readers.first { $0.sniff(probe) }
    }

    /// Reads any supported file into a workbook. `encoding` and `delimiter` force what is otherwise detected in text
    /// inputs (CSV, report text, web pages). A path through a zip archive (`报表.zip/乡镇/后宫乡.xlsx`, see `ZipFolder`)
    /// reads that member as if it were a file there.
    public static func read(path: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) throws -> Workbook {
        let source: ByteSource
        do {
            source = try ByteSource(path: path)
        } catch let error as ZipError {
            let kind: SpreadsheetError.Kind
            switch error.kind {
            case .io(let detail): kind = .io(detail)
            case .system(let code): kind = .system(code)
            default: throw error
            }
            if let member = try ZipFolder.member(at: path) {
                return try read(member: member, encoding: encoding, delimiter: delimiter)
            }
            throw SpreadsheetError(file: path, kind)
        }
        let ext = fileExtension(path)
        guard source.buffer.count > 0 else { throw SpreadsheetError(file: path, .empty) }
        let probe = FormatProbe(source: source, fileExtension: ext)
        // A user who names the encoding says the file is text, whatever its first bytes look like.
        var forcedText: (any FormatReader.Type)?
        if encoding != nil, probe.container == .other {
            forcedText = ["txt", "text"].contains(ext) ? ReportTextReader.self : CSVReader.self
        }
        guard let reader = reader(for: probe) ?? forcedText else { throw unrecognised(probe, path: path) }
        return try capped(try reader.read(ReaderInput(path: path, source: source, fileExtension: ext, encoding: encoding, delimiter: delimiter,
                                                      zipDirectory: probe.zipDirectory)), path: path)
    }

    /// The workbook, or the cell cap's refusal: the one place every reader's grids pass (a grid stops storing cells at
    /// `Grid.maximumCells`, so memory is bounded while the reader runs; a file past it is never checked in part).
    static func capped(_ workbook: Workbook, path: String) throws -> Workbook {
        var total = 0
        for sheet in workbook.sheets {
            total += sheet.grid.cellCount
            if sheet.grid.overflowed || total > Grid.maximumCells { throw SpreadsheetError.tooManyCells(file: path) }
        }
        return workbook
    }

    /// Reads a member of an archive from its bytes; a reader that needs a file (PDF) gets a private temporary copy, and
    /// the member's path replaces the copy's wherever the reader named it.
    static func read(member: ZipFolder.Member, encoding: TextEncoding?, delimiter: UInt8?) throws -> Workbook {
        let path = member.path
        let ext = fileExtension(path)
        guard !member.bytes.isEmpty else { throw SpreadsheetError(file: path, .empty) }
        let source = ByteSource(bytes: member.bytes)
        let probe = FormatProbe(source: source, fileExtension: ext)
        guard let reader = reader(for: probe) else { throw unrecognised(probe, path: path) }
        if probe.container == .zip(.archive) {
            throw SpreadsheetError(file: path, .unsupportedFormat("压缩包中的压缩包只展开一层"))
        }
        guard reader.needsPath else {
            return try capped(try reader.read(ReaderInput(path: path, source: source, fileExtension: ext, encoding: encoding, delimiter: delimiter,
                                                          zipDirectory: probe.zipDirectory)), path: path)
        }
        return try ZipFolder.withTemporaryFile(member.bytes, fileExtension: ext) { copy in
            do {
                var workbook = try reader.read(ReaderInput(path: copy, source: source, fileExtension: ext, encoding: encoding, delimiter: delimiter))
                workbook.source = path
                return try capped(workbook, path: path)
            } catch var error as SpreadsheetError {
                if error.file == copy { error.file = path }
                throw error
            } catch {
                throw SpreadsheetError(file: path, .invalid("\(error)".split(separator: copy, omittingEmptySubsequences: false).joined(separator: path)))
            }
        }
    }

    /// The lowercased extension of a path's last component (`""` when there is none). Only the extension is
    /// lowercased: Unicode lowercasing of a whole CJK path costs more than reading a small file's relationships.
    public static func fileExtension(_ path: String) -> String {
        if let fast = path.utf8.withContiguousStorageIfAvailable(asciiOrHanExtension), let fast { return fast }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// `fileExtension` on the bytes of a path of ASCII and CJK unified ideographs (U+4E00–U+9FFF), the usual
    /// township file name; nil for any other path. In such a path every scalar is a Character of its own (none
    /// extends or prepends to its neighbour), so `/` and `.` split it as the Character walk would, and lowercasing
    /// changes ASCII letters only — at a few instructions a byte where the walk costs hundreds per character.
    private static func asciiOrHanExtension(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var slash = -1
        var dot = -1
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == UInt8(ascii: "/") { slash = index; dot = -1 } else if byte == UInt8(ascii: ".") { dot = index }
                index += 1
            } else if byte >= 0xE4, byte <= 0xE9, index + 2 < count, bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                index += 3
            } else {
                return nil
            }
        }
        guard dot > slash + 1 else { return "" }
        return String(unsafeUninitializedCapacity: count - dot - 1) { output in
            var written = 0
            for byte in bytes[(dot + 1)...] {
                output[written] = byte >= 65 && byte <= 90 ? byte + 32 : byte
                written += 1
            }
            return written
        }
    }

    /// Why no reader took the file, in words a clerk can act on.
    private static func unrecognised(_ probe: FormatProbe, path: String) -> SpreadsheetError {
        if probe.fileExtension == "xml" {
            return SpreadsheetError(file: path, .unsupportedFormat("这个 XML 文件不是 Excel 2003 XML 工作簿"))
        }
        if probe.container == .zip(.archive) {
            return SpreadsheetError(file: path, .unsupportedFormat("这是一个压缩包（zip），其中的文件需逐个读取；请把压缩包作为文件夹交给 check、convert 或 rollup"))
        }
        if TextSniff.packageExtensions.contains(probe.fileExtension) {
            // What the file is instead (text, a web page, a truncated zip), in the zip reader's words.
            return SpreadsheetError(file: path, .container(.notZip(ForeignFileKind.guess(probe.head()))))
        }
        if case .compoundFile = probe.container {
            return SpreadsheetError(file: path, .unsupportedFormat("无法识别的 Office 复合文档"))
        }
        let hex = probe.head(8).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return SpreadsheetError(file: path, .unsupportedFormat("无法识别文件内容（文件头 \(hex)），不是表格、Word、网页、PDF 或文本文件"))
    }
}
