// Chooses the reader for a file by its extension and first bytes: XLSX, CSV/TSV, report text or report document.
import ZipArchive

/// One entry point for every input format, chosen by extension and first bytes.
public enum SpreadsheetReader {
    /// File extensions the batch commands pick up.
    /// Old Word, WPS and RTF documents are picked up too, so that each gets its clear «另存为 .docx» rather than a silent skip.
    public static let extensions: Set<String> = ["xlsx", "xlsm", "csv", "tsv", "txt", "docx", "docm", "dotx", "dotm", "odt", "ott", "html",
                                                 "htm", "shtml", "xhtml", "mht", "mhtml", "doc", "wps", "rtf", "pdf", "xls", "et", "ods", "xml"]

    /// Reads any supported file into a workbook. `.xlsx/.xlsm` through the XLSX reader (a file that is really
    /// CSV, HTML or legacy `.xls` gets a clear error), `.csv/.tsv` as delimited text, `.txt` as a report text,
    /// `.docx/.odt/.html/.mht` as report documents. `encoding` and `delimiter` force what is otherwise detected in
    /// CSV, text and web-page inputs.
    public static func read(path: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) throws -> Workbook {
        // Only the extension is lowercased: Unicode lowercasing of a whole CJK path costs more than reading the file's
        // relationships.
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "xlsx", "xlsm", "xltx", "xltm":
            do {
                return try XLSXReader(path: path).readWorkbook()
            } catch let error as SpreadsheetError where error.kind == .container(.notZip(.compoundFile)) {
                // A password-protected workbook (an encrypted package in a compound file) or an .xls under a new name.
                return try XLSReader.read(path: path)
            } catch let error as SpreadsheetError where error.kind == .container(.notZip(.html)) {
                return try webSheet(HTMLReader.read(path: path, encoding: encoding))
            }
        case "csv":
            return try CSVReader.read(path: path, options: CSVOptions(encoding: encoding, delimiter: delimiter))
        case "tsv", "tab":
            return try CSVReader.read(path: path, options: CSVOptions(encoding: encoding, delimiter: delimiter ?? 0x09))
        case "txt", "text":
            return try ReportTextReader.read(path: path, encoding: encoding)
        case "xml":
            let bytes = try FileBytes.read(path)
            guard SpreadsheetMLReader.looksLike(bytes[...]) else {
                throw SpreadsheetError(file: path, .unsupportedFormat("这个 XML 文件不是 Excel 2003 XML 工作簿"))
            }
            return try SpreadsheetMLReader.read(bytes: bytes, fileName: path)
        case "docx", "docm", "dotx", "dotm", "odt", "ott", "html", "htm", "shtml", "xhtml", "mht", "mhtml", "doc", "wps", "rtf":
            return try readDocument(bytes: FileBytes.read(path), fileName: path, ext: ext, encoding: encoding)
        case "pdf":
            let head = try FileBytes.read(path).prefix(1024)
            guard ByteSearch.contains(Array(head), Array("%PDF".utf8)) else {
                if head.isEmpty { throw SpreadsheetError(file: path, .unsupportedFormat("文件为空（0 字节）")) }
                return try readDocument(bytes: FileBytes.read(path), fileName: path, ext: ext, encoding: encoding)
            }
            return try PDFReader.read(path: path)
        case "xls", "et", "ods":
            let bytes = try FileBytes.read(path)
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                if ext == "ods" || isOpenDocument(bytes, kind: "spreadsheet") { return try ODSReader.read(bytes: bytes, fileName: path) }
                return try XLSXReader(bytes: bytes, fileName: path).readWorkbook()
            }
            if SpreadsheetMLReader.looksLike(bytes[...]) { return try SpreadsheetMLReader.read(bytes: bytes, fileName: path) }
            let kind = bytes.withUnsafeBytes { ForeignFileKind.guess(UnsafeRawBufferPointer(rebasing: $0.prefix(4096))) }
            switch kind {
            case .html:
                // A "web page" save (WPS/Excel) or an OA system's HTML table under an .xls name: read as the page it is.
                return try webSheet(HTMLReader.read(bytes: bytes, fileName: path, encoding: encoding))
            case .compoundFile:
                return try XLSReader.read(bytes: bytes, fileName: path)
            case .empty:
                throw SpreadsheetError(file: path, .unsupportedFormat("文件为空（0 字节）"))
            default:
                throw SpreadsheetError(file: path, .unsupportedFormat("暂不支持 .\(ext) 文件，请另存为 .xlsx 或 .csv"))
            }
        default:
            let bytes = try FileBytes.read(path)
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader(bytes: bytes, fileName: path).readWorkbook() }
            return try CSVReader.read(bytes: bytes, fileName: path, options: CSVOptions(encoding: encoding, delimiter: delimiter))
        }
    }

    /// A web page that stands for a spreadsheet: its cells are named A1, as the sheet's were.
    private static func webSheet(_ workbook: Workbook) -> Workbook {
        var sheet = workbook
        sheet.format = .webSheet
        return sheet
    }

    /// A report document from its bytes, by content first (a `.doc` is often a web page or a .docx under the old
    /// name), then by extension.
    public static func readDocument(bytes: [UInt8], fileName: String, ext: String, encoding: TextEncoding? = nil) throws -> Workbook {
        if bytes.isEmpty { throw SpreadsheetError(file: fileName, .unsupportedFormat("文件为空（0 字节）")) }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            if ext == "odt" || ext == "ott" || isOpenDocument(bytes, kind: "text") { return try ODTReader.read(bytes: bytes, fileName: fileName) }
            return try DOCXReader.read(bytes: bytes, fileName: fileName)
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw SpreadsheetError(file: fileName, .unsupportedFormat("旧版 Word 文档（.doc/.wps，二进制格式）暂不支持，请在 Word/WPS 中另存为 .docx"))
        }
        if bytes.starts(with: Array("{\\rtf".utf8)) {
            throw SpreadsheetError(file: fileName, .unsupportedFormat("RTF 文档暂不支持，请在 Word/WPS 中另存为 .docx"))
        }
        if bytes.starts(with: Array("%PDF".utf8)) {
            return try PDFReader.read(path: fileName)
        }
        if isMIME(bytes) || ext == "mht" || ext == "mhtml" {
            guard let part = MIMEArchive.htmlPart(bytes) else {
                throw SpreadsheetError(file: fileName, .unsupportedFormat("单个文件网页（.mht）中没有 HTML 部分"))
            }
            return try HTMLReader.read(bytes: part.html, fileName: fileName, encoding: encoding, declared: part.charset)
        }
        return try HTMLReader.read(bytes: bytes, fileName: fileName, encoding: encoding)
    }

    /// Whether a zip's `mimetype` entry (stored first, uncompressed, by every OpenDocument writer) names this kind.
    private static func isOpenDocument(_ bytes: [UInt8], kind: String) -> Bool {
        guard bytes.count > 80 else { return false }
        return ByteSearch.contains(Array(bytes[30..<min(bytes.count, 120)]), Array("opendocument.\(kind)".utf8))
    }

    /// Whether a file starts with MIME headers (a page saved as one file).
    private static func isMIME(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        return head.hasPrefix("mime-version:") || head.hasPrefix("from:") && head.contains("content-type: multipart/")
            || head.contains("\nmime-version:") && head.contains("multipart/related")
    }
}
