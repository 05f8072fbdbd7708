// Chooses the reader for a file by its extension and first bytes: XLSX, CSV/TSV or report text.
import ZipArchive

/// One entry point for every input format, chosen by extension and first bytes.
public enum SpreadsheetReader {
    /// File extensions the batch commands pick up.
    public static let extensions: Set<String> = ["xlsx", "xlsm", "csv", "tsv", "txt"]

    /// Reads any supported file into a workbook. `.xlsx/.xlsm` through the XLSX reader (a file that is really
    /// CSV, HTML or legacy `.xls` gets a clear error), `.csv/.tsv` as delimited text, `.txt` as a report text.
    /// `encoding` and `delimiter` force what is otherwise detected in CSV and text inputs.
    public static func read(path: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) throws -> Workbook {
        // Only the extension is lowercased: Unicode lowercasing of a whole CJK path costs more than reading the file's
        // relationships.
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "xlsx", "xlsm", "xltx", "xltm":
            return try XLSXReader(path: path).readWorkbook()
        case "csv":
            return try CSVReader.read(path: path, options: CSVOptions(encoding: encoding, delimiter: delimiter))
        case "tsv", "tab":
            return try CSVReader.read(path: path, options: CSVOptions(encoding: encoding, delimiter: delimiter ?? 0x09))
        case "txt", "text":
            return try ReportTextReader.read(path: path, encoding: encoding)
        case "xls", "et", "ods", "docx", "doc", "pdf", "html", "htm":
            let bytes = try FileBytes.read(path)
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && ext != "ods" && ext != "docx" {
                return try XLSXReader(bytes: bytes, fileName: path).readWorkbook()
            }
            let kind = bytes.withUnsafeBytes { ForeignFileKind.guess(UnsafeRawBufferPointer(rebasing: $0.prefix(4096))) }
            switch kind {
            case .html:
                throw SpreadsheetError(file: path, .unsupportedFormat("这是网页文件（HTML），只是用了 .\(ext) 扩展名；请在 Excel/WPS 中打开后另存为 .xlsx"))
            case .compoundFile:
                throw SpreadsheetError(file: path, .unsupportedFormat("旧版 .xls（或加密的工作簿）暂不支持，请在 Excel/WPS 中另存为 .xlsx"))
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
}
