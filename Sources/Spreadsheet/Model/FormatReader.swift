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
        zipDirectory = nil
        // Decided once: every reader's sniff asks, and a zip's kind reads its central directory.
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            container = .zip(zipPackage())
        } else if starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            container = .compoundFile
        }
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

    /// The zip's central directory when telling the package needed it and it could be read (default limits, named
    /// `""`): passed on in `ReaderInput`, so the reader does not read it again. Nil otherwise (an ODF package tells
    /// itself by its `mimetype`; a damaged directory is read again by the reader, which says what is wrong).
    public private(set) var zipDirectory: ZipReader?

    /// Which package a zip holds: OpenDocument's `mimetype` (stored first), else the OOXML main part named in the
    /// central directory; a zip that is no package at all (no `[Content_Types].xml`, no `mimetype`) is an archive of
    /// files. Names are confirmed in the central directory, so that an .xlsx stored uncompressed in an archive does not
    /// make the archive a workbook.
    private mutating func zipPackage() -> ZipPackage {
        let head = head(160)
        if head.count > 38, String(decoding: head[30..<38], as: UTF8.self) == "mimetype" {
            let rest = UnsafeRawBufferPointer(rebasing: head[38...])
            if Self.containsWord("opendocument.spreadsheet", in: rest) { return .openDocumentSpreadsheet }
            if Self.containsWord("opendocument.text", in: rest) { return .openDocumentText }
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

    /// `String(decoding: bytes, as: UTF8.self).contains(word)` for an ASCII `word`, on the bytes: a match between
    /// ASCII bytes (or the ends) lies on Character boundaries, as the String's search wants; any other match asks
    /// the String.
    static func containsWord(_ word: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        let found = word.withUTF8Buffer { needle in ByteSearch.firstOffset(of: UnsafeRawBufferPointer(needle), in: bytes) }
        guard let found else { return false }
        let end = found + word.utf8CodeUnitCount
        if (found == 0 || bytes[found - 1] < 0x80) && (end == bytes.count || bytes[end] < 0x80) { return true }
        return String(decoding: bytes, as: UTF8.self).contains(String(describing: word))
    }

    /// The lookup keys of the central directory's entries; nil when the directory cannot be read (the reader says why).
    private mutating func entryKeys() -> [String]? {
        guard let reader = try? ZipReader(source: source, fileName: "", limits: .default) else { return nil }
        zipDirectory = reader
        return reader.entryKeys
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
    /// The zip directory the format probe read (`FormatProbe.zipDirectory`), if any.
    public var zipDirectory: ZipReader?

    public init(path: String, source: ByteSource, fileExtension: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil,
                zipDirectory: ZipReader? = nil) {
        self.path = path
        self.source = source
        self.fileExtension = fileExtension
        self.encoding = encoding
        self.delimiter = delimiter
        self.zipDirectory = zipDirectory
    }

    /// The file as a zip archive named by its path: the probe's directory when it read one under the same limits,
    /// else the directory read now (whose errors name the file).
    public func zip(limits: ZipLimits = .default) throws -> ZipReader {
        if let zipDirectory, zipDirectory.limits == limits { return zipDirectory.named(path) }
        return try ZipReader(source: source, fileName: path, limits: limits)
    }

    /// A copy of the bytes, for readers that keep them.
    public var bytes: [UInt8] { Array(source.buffer) }

    /// Whether the name says a spreadsheet (a web page under such a name is read as the sheet it stands for).
    public var hasSpreadsheetName: Bool { ["xls", "xlsx", "xlsm", "et", "csv", "ods"].contains(fileExtension) }
}
