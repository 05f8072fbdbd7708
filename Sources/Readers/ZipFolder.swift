// A zip archive of files read as a folder: `乡镇报表.zip/乡镇/后宫乡.xlsx` names a member, and reads like a file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Spreadsheet
import ZipArchive

/// A zip of files (what a township sends by mail or IM) as a folder named after the archive. Each supported member
/// has a path `ARCHIVE/MEMBER` that `FormatRegistry.read(path:)` reads as if it were a file there; a zip inside the
/// archive is walked once more (`外.zip/内.zip/后宫乡.xlsx`), a zip inside that is named and skipped. Member names are
/// UTF-8 when the zip says so or when they are valid UTF-8, else GBK (as Chinese zip tools write them). The archive's
/// limits (entries, inflate ratio, sizes; `limits`) apply to every member.
public enum ZipFolder {
    /// Limits for archives of reports: smaller than a package's, since every member is inflated into memory.
    public static let limits = ZipLimits(maxEntryBytes: 256 << 20, maxTotalBytes: 2 << 30, maxEntries: 10_000, maxRatio: 500,
                                         ratioGraceBytes: 16 << 20)
    /// Levels of archives walked: the archive and the zips inside it.
    public static let maxLevels = 2

    /// What an archive holds: the members to read (as paths under the archive) and those left out, with why.
    public struct Listing: Sendable, Equatable {
        public var members: [String] = []
        public var skipped: [Skipped] = []
    }

    public struct Skipped: Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    /// Whether the file at `path` (on disk) is a zip archive of files rather than a package (.xlsx, .docx, .ods…).
    public static func isArchive(path: String) -> Bool {
        guard hasZipSignature(path), let source = try? ByteSource(path: path) else { return false }
        return FormatProbe(source: source, fileExtension: FormatRegistry.fileExtension(path)).container == .zip(.archive)
    }

    /// The members of the archive at `path`, named `path/member`, in name order (nested archives walked in place).
    public static func list(path: String) throws -> Listing {
        let zip = try openZip(ByteSource(path: path), name: path)
        var listing = Listing()
        try list(zip, prefix: path, level: 1, into: &listing)
        return listing
    }

    /// The members of an archive held in memory, named `name/member` (the fuzz harness and tests).
    static func list(bytes: [UInt8], name: String) throws -> Listing {
        var listing = Listing()
        try list(openZip(ByteSource(bytes: bytes), name: name), prefix: name, level: 1, into: &listing)
        return listing
    }

    /// The member a path `name/…` names in an archive held in memory.
    static func member(_ path: String, inArchive bytes: [UInt8], name: String) throws -> Member {
        guard let rest = remainder(of: path, after: name) else { throw SpreadsheetError(file: path, .io("不在压缩包中")) }
        return try member(rest, in: openZip(ByteSource(bytes: bytes), name: name), prefix: name, level: 1)
    }

    private static func list(_ zip: ZipReader, prefix: String, level: Int, into listing: inout Listing) throws {
        var declared: UInt64 = 0
        for (name, entry) in members(of: zip) {
            let path = prefix + "/" + name
            let ext = FormatRegistry.fileExtension(name)
            if ext == "zip" {
                guard level < maxLevels else {
                    listing.skipped.append(Skipped(path: path, reason: "压缩包中的压缩包只展开一层，未读取"))
                    continue
                }
                do {
                    let inner = try openZip(ByteSource(bytes: try zip.read(entry)), name: path)
                    try list(inner, prefix: path, level: level + 1, into: &listing)
                } catch {
                    // An inner archive that cannot be opened is named like any unreadable file.
                    listing.members.append(path)
                }
                continue
            }
            guard FormatRegistry.extensions.contains(ext) else {
                listing.skipped.append(Skipped(path: path, reason: ext.isEmpty ? "不支持的文件格式（无扩展名），未读取" : "不支持的文件格式（.\(ext)），未读取"))
                continue
            }
            declared += entry.uncompressedSize
            if declared > limits.maxTotalBytes {
                listing.skipped.append(Skipped(path: path, reason: "压缩包解压后超过 \(limits.maxTotalBytes >> 20) MB，其余文件未读取"))
                continue
            }
            listing.members.append(path)
        }
    }

    /// The members worth a look, by their folder path: directories, hidden files (`.DS_Store`, `__MACOSX/`) and Office
    /// lock files (`~$…`) are left out as a folder walk leaves them out.
    static func members(of zip: ZipReader) -> [(name: String, entry: ZipEntry)] {
        var seen = Set<String>()
        var result: [(String, ZipEntry)] = []
        for entry in zip.entries where !entry.isDirectory {
            let name = displayName(entry.name)
            let components = pathComponents(name)
            guard let last = components.last, !name.isEmpty else { continue }
            if components.contains(where: { $0.hasPrefix(".") || $0 == "__MACOSX" }) || last.hasPrefix("~$") { continue }
            // The first of duplicate names wins, as with the central directory's lookups.
            guard seen.insert(name).inserted else { continue }
            result.append((name, entry))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// An entry's name as a folder path: `\` as `/`, no leading `/`, no `.` or `..` components.
    static func displayName(_ name: String) -> String {
        name.unicodeScalars.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map { String(Substring($0)) }
            .filter { $0 != "." && $0 != ".." }.joined(separator: "/")
    }

    // Paths are split and compared on Unicode scalars, never on Characters: a member name that begins with a combining
    // mark (a GBK name read as UTF-8, a fuzzer's bytes) would otherwise join the `/` before it into one Character, and
    // the path would no longer split where the archive's name ends.

    /// The components of a path between `/`s.
    static func pathComponents(_ path: String, omittingEmpty: Bool = true) -> [String] {
        path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: omittingEmpty).map { String(Substring($0)) }
    }

    /// What follows `prefix/` in `path`, or nil when the path is not inside `prefix`.
    public static func remainder(of path: String, after prefix: String) -> String? {
        let head = (prefix + "/").unicodeScalars
        guard path.unicodeScalars.starts(with: head) else { return nil }
        return String(Substring(path.unicodeScalars.dropFirst(head.count)))
    }

    private static func openZip(_ source: ByteSource, name: String) throws -> ZipReader {
        do {
            return try ZipReader(source: source, fileName: name, limits: limits)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    // MARK: Reading a member

    /// A member of an archive: its bytes and the path that names it.
    struct Member {
        var path: String
        var bytes: [UInt8]
    }

    /// The member a path names, when the path goes through an archive on disk (`报表.zip/乡镇/后宫乡.xlsx`); nil when it
    /// does not. Throws when the archive or the member cannot be read (limits, damage, a missing member).
    static func member(at path: String) throws -> Member? {
        let components = pathComponents(path, omittingEmpty: false)
        guard components.count > 1 else { return nil }
        // The longest prefix that is a regular file on disk: the archive.
        var archive: String?
        var rest: ArraySlice<String> = []
        for count in 1..<components.count {
            let prefix = components[..<count].joined(separator: "/")
            guard !prefix.isEmpty else { continue }
            var status = stat()
            guard stat(prefix, &status) == 0 else { return nil }
            if status.st_mode & S_IFMT == S_IFREG {
                archive = prefix
                rest = components[count...]
                break
            }
        }
        guard let archive, hasZipSignature(archive) else { return nil }
        let zip = try openZip(ByteSource(path: archive), name: archive)
        return try member(rest.joined(separator: "/"), in: zip, prefix: archive, level: 1)
    }

    /// The bytes an input path names, as received: the file itself, or a member of an archive on disk
    /// (`报表.zip/乡镇/后宫乡.xlsx`). What the county archive keeps and hashes.
    public static func bytes(at path: String) throws -> [UInt8] {
        do {
            let source = try ByteSource(path: path)
            return Array(source.buffer)
        } catch let error as ZipError {
            // As `FormatRegistry.read(path:)` decides it: a path the file system cannot open may go through an archive.
            let kind: SpreadsheetError.Kind
            switch error.kind {
            case .io(let detail): kind = .io(detail)
            case .system(let code): kind = .system(code)
            default: throw SpreadsheetError(error)
            }
            if let member = try member(at: path) { return member.bytes }
            throw SpreadsheetError(file: path, kind)
        }
    }

    private static func member(_ name: String, in zip: ZipReader, prefix: String, level: Int) throws -> Member {
        let members = members(of: zip)
        let path = prefix + "/" + name
        func read(_ entry: ZipEntry) throws -> [UInt8] {
            do {
                return try zip.read(entry)
            } catch let error as ZipError {
                throw SpreadsheetError(file: path, .container(error.kind))
            }
        }
        if let found = members.first(where: { $0.name == name }) {
            return Member(path: path, bytes: try read(found.entry))
        }
        // Through a zip inside the archive: the longest member name that is a prefix of the path.
        if level < maxLevels {
            for inner in members {
                guard let rest = remainder(of: name, after: inner.name) else { continue }
                let innerPath = prefix + "/" + inner.name
                let bytes: [UInt8]
                do {
                    bytes = try zip.read(inner.entry)
                } catch let error as ZipError {
                    throw SpreadsheetError(file: innerPath, .container(error.kind))
                }
                let nested = try openZip(ByteSource(bytes: bytes), name: innerPath)
                return try member(rest, in: nested, prefix: innerPath, level: level + 1)
            }
        }
        throw SpreadsheetError(file: path, .io("压缩包中没有这个文件"))
    }

    /// Whether the file starts with a zip's local header (read without mapping it).
    static func hasZipSignature(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4)
        return head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, 0) } == 4 && head == [0x50, 0x4B, 0x03, 0x04]
    }

    // MARK: A member that must be a file

    /// Runs `body` on a private temporary copy of `bytes` (mode 0600, in a folder of its own, removed after): for readers
    /// that hand a path to another process (PDF). The file is complete before `body` sees it.
    static func withTemporaryFile<Result>(_ bytes: [UInt8], fileExtension: String, _ body: (String) throws -> Result) throws -> Result {
        var template = Array((tmpdir() + "/nianbao-member-XXXXXX").utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SpreadsheetError(file: tmpdir(), .system(errno))
        }
        let folder = String(cString: created)
        let path = folder + "/member" + (fileExtension.isEmpty ? "" : "." + fileExtension)
        defer {
            unlink(path)
            rmdir(folder)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpreadsheetError(file: path, .system(errno)) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return count < 0 ? errno : ENOSPC }
                written += count
            }
            return nil
        }
        close(fd)
        if let failure { throw SpreadsheetError(file: path, .system(failure)) }
        return try body(path)
    }

    private static func tmpdir() -> String {
        if let value = getenv("TMPDIR").map({ String(cString: $0) }), !value.isEmpty { return value.hasSuffix("/") ? String(value.dropLast()) : value }
        return "/tmp"
    }
}
