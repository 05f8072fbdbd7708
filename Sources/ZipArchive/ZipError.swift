// Typed errors of the zip container: each names the archive, the entry and what was wrong.

/// What the first bytes of a file that is not a zip archive look like.
public enum ForeignFileKind: Sendable, Equatable {
    /// An OLE2/CFB compound file: a legacy `.xls`, or an encrypted (password-protected) workbook.
    case compoundFile
    /// An HTML page saved with a spreadsheet extension.
    case html
    /// Plain text (CSV or similar) named like a zip file.
    case text
    case empty
    case unknown(prefix: [UInt8])
}

/// An error reading or writing a zip archive.
public struct ZipError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case notZip(ForeignFileKind)
        case truncated(String)
        case corrupt(String)
        case crcMismatch(expected: UInt32, actual: UInt32)
        case sizeMismatch(declared: UInt64, actual: UInt64)
        case unsupportedMethod(UInt16)
        case encrypted
        case limitExceeded(String)
        case entryNotFound
        case io(String)
        /// An operating-system error (`errno`), worded by `SystemError`.
        case system(Int32)
        case invalidArgument(String)
    }

    public var file: String
    public var entry: String?
    public var kind: Kind

    public init(file: String, entry: String? = nil, _ kind: Kind) {
        self.file = file
        self.entry = entry
        self.kind = kind
    }

    /// A sentence a clerk understands (Chinese), followed by the technical detail.
    public var description: String {
        let place = entry.map { "\(file) [\($0)]" } ?? file
        switch kind {
        case .notZip(let foreign):
            switch foreign {
            case .compoundFile:
                return "\(place)：不是 XLSX 文件，而是旧版 .xls 或设置了密码的加密工作簿（OLE2/CFB 文件头 D0 CF 11 E0）。请在 Excel/WPS 中取消密码并另存为 .xlsx。"
            case .html:
                return "\(place)：这是一个网页文件（以 <html 开头），只是用了电子表格的扩展名。请在 Excel/WPS 中打开后另存为 .xlsx。"
            case .text:
                return "\(place)：这是文本文件（可能是 CSV），不是 XLSX/ZIP。请改用 .csv 扩展名。"
            case .empty:
                return "\(place)：文件为空（0 字节）。"
            case .unknown(let prefix):
                let hex = prefix.prefix(8).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                return "\(place)：不是有效的 XLSX/ZIP 文件（文件头 \(hex)）。"
            }
        case .truncated(let detail):
            return "\(place)：文件不完整，可能被截断或仍在复制中（\(detail)）。"
        case .corrupt(let detail):
            return "\(place)：压缩包已损坏（\(detail)）。"
        case .crcMismatch(let expected, let actual):
            return "\(place)：数据校验失败，文件已损坏（CRC-32 应为 \(hex8(expected))，实为 \(hex8(actual))）。"
        case .sizeMismatch(let declared, let actual):
            return "\(place)：数据长度与声明不符，文件已损坏（声明 \(declared) 字节，实为 \(actual) 字节）。"
        case .unsupportedMethod(let method):
            return "\(place)：不支持的压缩方式 \(method)（只支持 0 存储、8 deflate）。"
        case .encrypted:
            return "\(place)：条目已加密（设置了密码），无法读取。"
        case .limitExceeded(let detail):
            return "\(place)：超出安全上限，疑似压缩炸弹（\(detail)）。"
        case .entryNotFound:
            return "\(place)：压缩包中没有这个部件。"
        case .io(let detail):
            return "\(place)：无法读写文件（\(detail)）。"
        case .system(let code):
            return "\(place)：\(SystemError.sentence(code))。"
        case .invalidArgument(let detail):
            return "\(place)：\(detail)"
        }
    }
}

func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

extension ForeignFileKind {
    /// Guesses what a non-zip file is from its first bytes.
    public static func guess(_ bytes: UnsafeRawBufferPointer) -> ForeignFileKind {
        if bytes.isEmpty { return .empty }
        if bytes.count >= 8, bytes[0] == 0xD0, bytes[1] == 0xCF, bytes[2] == 0x11, bytes[3] == 0xE0 { return .compoundFile }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
        let head = bytes[start..<min(bytes.count, start + 512)].map { $0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0) }
        let headText = String(decoding: head, as: UTF8.self)
        if headText.hasPrefix("<html") || headText.hasPrefix("<!doctype html") || headText.contains("<html")
            || headText.hasPrefix("<meta") || headText.hasPrefix("<table") {
            return .html
        }
        let sample = bytes.prefix(512)
        if !sample.contains(0), sample.allSatisfy({ $0 >= 0x09 }) { return .text }
        return .unknown(prefix: Array(bytes.prefix(8)))
    }
}
