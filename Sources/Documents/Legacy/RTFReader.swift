// Rich Text Format documents: recognised by content and refused by name.
import Spreadsheet

/// Recognises an RTF document (`{\rtf`), as OA systems export, whatever it is named.
public enum RTFReader: FormatReader {
    public static let formatName = "RTF 文档（.rtf）"

    public static func sniff(_ probe: FormatProbe) -> Bool {
        probe.container == .other && probe.starts(with: Array("{\\rtf".utf8))
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        throw SpreadsheetError(file: input.path, .unsupportedFormat("RTF 文档暂不支持，请在 Word/WPS 中另存为 .docx"))
    }
}
