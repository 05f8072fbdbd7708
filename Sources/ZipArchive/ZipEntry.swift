// One entry of an archive's central directory.

/// An entry as the central directory describes it (the central directory is trusted over local headers).
public struct ZipEntry: Sendable, Hashable {
    /// The name as stored, decoded (UTF-8, or GBK when the UTF-8 flag is off and the bytes are not UTF-8).
    public var name: String
    public var method: UInt16
    public var flags: UInt16
    public var crc32: UInt32
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64
    public var localHeaderOffset: UInt64

    public var isDirectory: Bool { name.hasSuffix("/") || name.hasSuffix("\\") }
    public var isEncrypted: Bool { flags & 1 != 0 }

    /// The name with `\` turned into `/`, lower-cased and without a leading `/` (OPC part-name equivalence).
    public var lookupKey: String { ZipEntry.lookupKey(name) }

    static func lookupKey(_ name: String) -> String {
        // ASCII names (all real part names) fold bytewise; others through the full lowercasing.
        // Already a key (lower-case ASCII, `/` only, no leading `/`): the usual case, returned without copying.
        // (One tight loop over contiguous bytes: iterating the UTF-8 view costs several times as much.)
        let isKey = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.first != 0x2F && !bytes.contains { $0 >= 0x80 || ($0 >= 65 && $0 <= 90) || $0 == 0x5C }
        }
        if isKey == true { return name }
        // ASCII (`[Content_Types].xml`, `xl/sharedStrings.xml`): folded straight into the new string's storage.
        let folded: String?? = name.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var start = 0
            while start < bytes.count, bytes[start] == 0x2F || bytes[start] == 0x5C { start += 1 }
            return String(unsafeUninitializedCapacity: bytes.count - start) { output in
                for index in start..<bytes.count {
                    let byte = bytes[index]
                    output[index - start] = byte >= 65 && byte <= 90 ? byte + 32 : (byte == 0x5C ? 0x2F : byte)
                }
                return bytes.count - start
            }
        }
        if let folded, let folded { return folded }
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(name.utf8)
            for index in bytes.indices {
                if bytes[index] >= 65 && bytes[index] <= 90 { bytes[index] += 32 } else if bytes[index] == 0x5C { bytes[index] = 0x2F }
            }
            let start = bytes.firstIndex { $0 != 0x2F } ?? bytes.count
            return String(decoding: bytes[start...], as: UTF8.self)
        }
        var key = String(name.lowercased().map { $0 == "\\" ? "/" : $0 })
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }
}
