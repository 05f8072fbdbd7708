// The one shape every input format has: recognise a file by its content, then read it into a workbook.
import ZipArchive

/// One input format: `sniff` says from a file's bytes whether it is this format, `read` turns it into a workbook.
/// Every format of nianbao is one such type, listed once in the reader registry (Apache Tika's detector + parser,
/// calamine's reader trait): adding a format touches that type and that list.
public protocol FormatReader {
    /// What the format is called in messages and in `inspect` (`Excel 工作簿（.xlsx）`).
    static var formatName: String { get }
    /// Whether the file is this format, judged by content; the name only settles what content cannot (plain text).
    static func sniff(_ probe: FormatProbe) -> Bool
    /// Reads the file; errors name it.
    static func read(_ input: ReaderInput) throws -> Workbook
    /// Whether `read` opens `input.path` itself (a PDF, read by another process) rather than reading `input.source`:
    /// such a reader gets a file on disk even for a member of an archive.
    static var needsPath: Bool { get }
}

extension FormatReader {
    public static var needsPath: Bool { false }
}

/// What the registry knows of a file before choosing its reader: its bytes (read or mapped once) and its extension.
public struct FormatProbe {
    public let source: ByteSource
    /// The file name's extension, lowercased (`""` when there is none).
    public let fileExtension: String

    public init(source: ByteSource, fileExtension: String) {
        self.source = source
        self.fileExtension = fileExtension
        container = .other
        // Decided once: every reader's sniff asks, and a zip's kind reads its central directory.
        container = kind()
    }

    public var size: Int { source.buffer.count }

    /// The first `count` bytes (fewer in a short file).
    public func head(_ count: Int = 4096) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: source.buffer.prefix(count))
    }

    /// Whether the file starts with `signature`.
    public func starts(with signature: [UInt8]) -> Bool {
        let head = head(signature.count)
        return head.count == signature.count && zip(head, signature).allSatisfy { $0 == $1 }
    }

    /// Whether `needle` occurs within the first `limit` bytes.
    public func headContains(_ needle: [UInt8], within limit: Int = 4096) -> Bool {
        needle.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: head(limit)) != nil }
    }

    /// Whether `needle` occurs within the last `limit` bytes (a zip's central directory, a compound file's directory).
    public func tailContains(_ needle: [UInt8], within limit: Int = 1 << 20) -> Bool {
        let buffer = source.buffer
        let tail = UnsafeRawBufferPointer(rebasing: buffer[max(0, buffer.count - limit)...])
        return needle.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: tail) != nil }
    }

    /// Whether `needle` occurs anywhere in the file.
    public func contains(_ needle: [UInt8]) -> Bool {
        needle.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: source.buffer) != nil }
    }

    /// What kind of container or text the file is, from its first bytes (a zip's package from its central directory).
    public private(set) var container: ContainerKind

    private func kind() -> ContainerKind {
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip(zipPackage) }
        if starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .compoundFile }
        return .other
    }

    /// Which package a zip holds: OpenDocument's `mimetype` (stored first), else the OOXML main part named in the
    /// central directory; a zip that is no package at all (no `[Content_Types].xml`, no `mimetype`) is an archive of
    /// files. Names are confirmed in the central directory, so that an .xlsx stored uncompressed in an archive does not
    /// make the archive a workbook.
    private var zipPackage: ZipPackage {
        let head = head(160)
        if head.count > 38, String(decoding: head[30..<38], as: UTF8.self) == "mimetype" {
            let rest = String(decoding: head[38...], as: UTF8.self)
            if rest.contains("opendocument.spreadsheet") { return .openDocumentSpreadsheet }
            if rest.contains("opendocument.text") { return .openDocumentText }
        }
        guard let names = entryKeys() else {
            // A directory that cannot be read: the names in its bytes, and the reader says what is wrong.
            if tailContains(Array("word/document".utf8)) { return .wordDocument }
            if tailContains(Array("xl/workbook".utf8)) { return .workbook }
            return .unknown
        }
        if names.contains(where: { $0.hasPrefix("word/document") }) { return .wordDocument }
        if names.contains(where: { $0.hasPrefix("xl/workbook") }) { return .workbook }
        if names.contains("mimetype") && names.contains("content.xml") {
            // A mimetype entry not stored first: the kind is in its (stored) content.
            if contains(Array("opendocument.text".utf8)) { return .openDocumentText }
            if contains(Array("opendocument.spreadsheet".utf8)) { return .openDocumentSpreadsheet }
        }
        if !names.contains("[content_types].xml") && !names.contains("mimetype") { return .archive }
        return .unknown
    }

    /// The lookup keys of the central directory's entries; nil when the directory cannot be read (the reader says why).
    private func entryKeys() -> [String]? {
        guard let reader = try? ZipReader(source: source, fileName: "", limits: .default) else { return nil }
        return reader.entries.map(\.lookupKey)
    }
}

/// A file's container, from its signature.
public enum ContainerKind: Equatable {
    case zip(ZipPackage)
    /// OLE2/CFB: Excel 97–2003, WPS, Word 97–2003, an encrypted OOXML package.
    case compoundFile
    case other
}

/// The package a zip holds; `archive` is a zip of files (a folder sent as one file), no package at all.
public enum ZipPackage: Equatable {
    case workbook, wordDocument, openDocumentSpreadsheet, openDocumentText, unknown, archive
}

/// A file to read: its path (named in every error), its bytes and the options a user forced.
public struct ReaderInput {
    public let path: String
    public let source: ByteSource
    public let fileExtension: String
    public var encoding: TextEncoding?
    public var delimiter: UInt8?

    public init(path: String, source: ByteSource, fileExtension: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) {
        self.path = path
        self.source = source
        self.fileExtension = fileExtension
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// A copy of the bytes, for readers that keep them.
    public var bytes: [UInt8] { Array(source.buffer) }

    /// Whether the name says a spreadsheet (a web page under such a name is read as the sheet it stands for).
    public var hasSpreadsheetName: Bool { ["xls", "xlsx", "xlsm", "et", "csv", "ods"].contains(fileExtension) }
}
