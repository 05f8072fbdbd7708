// Parsed package parts remembered by their stored bytes, so a batch of copies of one template parses them once.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZipArchive

/// The relationships, workbook, content types and styles of workbooks saved from one template are byte-identical
/// from file to file. A part is looked up by what it is parsed as and its stored (compressed) bytes: equal stored
/// bytes under the same method inflate to equal content, so a hit returns exactly what parsing would. Parts that
/// fail to parse are never remembered, so every file still gets its own error.
final class PartMemo: @unchecked Sendable {
    static let shared = PartMemo()

    /// Parts larger than this are parsed every time (sheets and string tables differ per file anyway).
    static let maxStoredBytes = 32 << 10

    private struct Key: Hashable {
        var kind: String
        var context: String
        var method: UInt16
        var crc32: UInt32
        var size: UInt64
        var stored: [UInt8]

        // One pass over the bytes as a block (an array of bytes otherwise hashes byte by byte).
        func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            hasher.combine(context)
            hasher.combine(crc32)
            hasher.combine(size)
            stored.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        // The stored bytes by one memcmp (the synthesised `==` compared them element by element).
        static func == (lhs: Key, rhs: Key) -> Bool {
            guard lhs.kind == rhs.kind, lhs.context == rhs.context, lhs.method == rhs.method, lhs.crc32 == rhs.crc32,
                  lhs.size == rhs.size, lhs.stored.count == rhs.stored.count else { return false }
            return lhs.stored.withUnsafeBytes { a in
                rhs.stored.withUnsafeBytes { b in
                    guard let x = a.baseAddress, let y = b.baseAddress else { return true }  // both empty
                    return memcmp(x, y, a.count) == 0
                }
            }
        }
    }

    private let parsed = BoundedMemo<Key, Any>(capacity: 256)

    /// The parsed value of `entry`: remembered, or `parse` of its inflated bytes. `context` holds whatever else the
    /// parse depends on (a relationship part's folder).
    func value<Value>(of entry: ZipEntry, in zip: ZipReader, kind: String, context: String = "",
                      parse: ([UInt8]) throws -> Value) throws -> Value {
        guard entry.compressedSize <= UInt64(PartMemo.maxStoredBytes), !entry.isEncrypted else { return try parse(zip.read(entry)) }
        let stored = try zip.withStoredBytes(entry) { Array($0) }
        let key = Key(kind: kind, context: context, method: entry.method, crc32: entry.crc32, size: entry.uncompressedSize, stored: stored)
        if let known = parsed.value(for: key) as? Value { return known }
        let value = try parse(zip.read(entry))
        parsed.store(value, for: key)
        return value
    }
}
