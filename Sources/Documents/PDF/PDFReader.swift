// Reads a PDF report through whatever supplies its text layer (a PDF library, in a child process in nianbao).
import Spreadsheet
import Synchronization

/// Reads PDF reports: the positioned text comes from `textSource`, which the application sets (nianbao runs
/// poppler in a child process of its own, so a crash or hang in the PDF library costs one file, not the batch);
/// `PDFLayout` turns it into tables and narrative.
public enum PDFReader {
    /// Supplies the text layer of the PDF at a path, or throws the reason it cannot (no text layer, a password).
    public typealias TextSource = @Sendable (_ path: String) throws -> PDFText

    private static let source = Mutex<TextSource?>(nil)

    /// The text source PDFs are read with; nil until the application sets one.
    public static var textSource: TextSource? {
        get { source.withLock { $0 } }
        set { source.withLock { $0 = newValue } }
    }

    public static func read(path: String) throws -> Workbook {
        guard let textSource else {
            throw SpreadsheetError(file: path, .unsupportedFormat("读取 PDF 需要 PDF 文字层的提供方（nianbao 命令行已配置）"))
        }
        let text = try textSource(path)
        return try workbook(text, fileName: path)
    }

    /// The workbook of an already extracted text layer; a PDF without text (a scan) is refused with clear words.
    public static func workbook(_ text: PDFText, fileName: String) throws -> Workbook {
        guard text.pages.contains(where: { page in page.glyphs.contains { !$0.scalar.properties.isWhitespace } }) else {
            throw SpreadsheetError(file: fileName, .invalid("PDF 没有文字层（扫描件），无法读取其中的数字；请提供 Word 文档或可复制文字的 PDF"))
        }
        return PDFLayout.workbook(text, fileName: fileName)
    }
}

extension PDFReader: FormatReader {
    public static let formatName = "PDF"

    /// `%PDF` within the first kilobyte (some producers put a few bytes before it).
    public static func sniff(_ probe: FormatProbe) -> Bool { probe.headContains(Array("%PDF".utf8), within: 1024) }

    public static func read(_ input: ReaderInput) throws -> Workbook { try read(path: input.path) }

    /// The text layer is read from the file by another process.
    public static var needsPath: Bool { true }
}
