// Word 97–2003 and WPS binary documents (.doc/.wps in a compound file): recognised by content and refused by name.
import Spreadsheet

/// Recognises a Word 97–2003 or WPS document so that the clerk is told what it is and how to save it, instead of a
/// spreadsheet reader's complaint about a missing workbook stream.
public enum LegacyWordReader: FormatReader {
    public static let formatName = "旧版 Word / WPS 文档（.doc/.wps）"

    public static func sniff(_ probe: FormatProbe) -> Bool { LegacyWord.isWordDocument(probe) }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        throw SpreadsheetError(file: input.path, .unsupportedFormat("旧版 Word 文档（.doc/.wps，二进制格式）暂不支持，请在 Word/WPS 中另存为 .docx"))
    }
}
