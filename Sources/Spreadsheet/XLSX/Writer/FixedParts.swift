// Package parts every workbook of a run shares (styles, workbook, relationships, properties), deflated once.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZipArchive

/// Deflated parts remembered by their bytes and zlib level: a batch of filled forms writes the same styles,
/// workbook, relationship and property parts for every file, and setting up and clearing zlib's state for each
/// cost more than deflating the sheet. The same bytes go into the archive as deflating them again would give.
enum FixedParts {
    /// Bytes hashed and compared as bytes (an array of bytes hashes element by element).
    struct Key: Hashable, @unchecked Sendable {
        let level: Int
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            hasher.combine(level)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            guard lhs.level == rhs.level, lhs.bytes.count == rhs.bytes.count else { return false }
            return lhs.bytes.withUnsafeBytes { a in
                rhs.bytes.withUnsafeBytes { b in
                    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
                    return memcmp(x, y, a.count) == 0
                }
            }
        }
    }

    /// A few layouts × marked or not × a few sheet counts; past this the memo starts over (BoundedMemo).
    static let memo = BoundedMemo<Key, ZipWriter.PreparedEntry>(capacity: 64)
    /// Larger parts are a file's own data, not a template's.
    static let limit = 64 << 10

    static func add(_ name: String, _ data: [UInt8], to zip: ZipWriter) throws {
        guard data.count <= limit else { return try zip.add(name, data) }
        let level = zip.level
        let entry = try memo.value(for: Key(level: level, bytes: data)) { try ZipWriter.PreparedEntry(data, level: level) }
        try zip.add(name, prepared: entry)
    }
}
