// Typed errors of the format readers and writers, naming the file, the part or sheet, and the place.
import ZipArchive

/// An error reading or writing a spreadsheet, CSV or report text.
public struct SpreadsheetError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The zip container failed (see `ZipError`).
        case container(ZipError.Kind)
        /// A required package part is missing (e.g. `xl/workbook.xml`).
        case missingPart
        /// The XML of a part is not well-formed.
        case malformedXML(String)
        /// A DOCTYPE declaration (entity expansion, XXE) was refused.
        case doctypeRefused
        /// A cell reference or index outside what Excel allows.
        case outOfRange(String)
        /// A shared-string index past the end of the table.
        case sharedStringIndex(Int, count: Int)
        /// Bytes that are not valid in the detected or requested encoding.
        case undecodable(encoding: String, offset: Int, line: Int, column: Int)
        /// A quoted CSV field that never closes.
        case unterminatedQuote(line: Int)
        case tooLarge(String)
        case unsupportedFormat(String)
        /// A file of zero bytes, whatever its name.
        case empty
        case io(String)
        /// An operating-system error (`errno`), worded by `SystemError`.
        case system(Int32)
        /// A password protects the file; the detail says what it is and what to do.
        case encrypted(String)
        case invalid(String)
    }

    public var file: String
    /// The package part, sheet name or similar, when known.
    public var part: String?
    /// Line and column in the XML or text, or a cell reference.
    public var location: String?
    public var kind: Kind

    public init(file: String, part: String? = nil, location: String? = nil, _ kind: Kind) {
        self.file = file
        self.part = part
        self.location = location
        self.kind = kind
    }

    /// A file with more cells than `Grid.maximumCells`: refused whole, never checked in part.
    public static func tooManyCells(file: String) -> SpreadsheetError {
        SpreadsheetError(file: file, .tooLarge("超过 \(Grid.maximumCells) 个单元格；年度报告表只有几百个单元格，请确认上传的是年报表而不是其他数据"))
    }

    package init(_ zip: ZipError) {
        self.init(file: zip.file, part: zip.entry, .container(zip.kind))
        zipDescription = zip.description
    }

    private var zipDescription: String?

    public var description: String {
        if let zipDescription { return zipDescription }
        var place = file
        if let part { place += " [\(part)]" }
        if let location { place += " \(location)" }
        switch kind {
        case .container(let kind): return ZipError(file: file, entry: part, kind).description
        case .missingPart: return "\(place)：缺少必需的部件，文件不完整或不是 Excel 工作簿。"
        case .malformedXML(let detail): return "\(place)：XML 格式错误，文件已损坏（\(detail)）。"
        case .doctypeRefused: return "\(place)：含有 DOCTYPE 声明（可能是 XML 实体攻击），已拒绝读取。"
        case .outOfRange(let detail): return "\(place)：超出 Excel 的范围（\(detail)）。"
        case .sharedStringIndex(let index, let count): return "\(place)：共享字符串索引 \(index) 超出范围（共 \(count) 项），文件已损坏。"
        case .undecodable(let encoding, let offset, let line, let column):
            return "\(file)：第 \(line) 行第 \(column) 列（字节偏移 \(offset)）有无法按 \(encoding) 解码的字节。请确认文件编码。"
        case .unterminatedQuote(let line): return "\(place)：第 \(line) 行开始的引号没有结束，CSV 文件不完整。"
        case .tooLarge(let detail): return "\(place)：内容过大（\(detail)）。"
        case .unsupportedFormat(let detail): return "\(place)：不支持的文件格式（\(detail)）。"
        case .empty: return "\(place)：文件为空（0 字节）。"
        case .io(let detail): return "\(place)：无法读写文件（\(detail)）。"
        case .system(let code): return "\(place)：\(SystemError.sentence(code))。"
        case .encrypted(let detail): return "\(place)：\(detail)"
        case .invalid(let detail): return "\(place)：\(detail)"
        }
    }
}
