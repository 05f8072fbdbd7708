// Substring search on bytes: content types, and texts the label normaliser has already brought to one form.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level substring search: memchr for the needle's first byte, memcmp for the rest.
package enum ByteSearch {
    /// Where `needle` first occurs in `haystack`, as a byte offset.
    package static func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count,
              let hay = haystack.baseAddress, let pin = needle.baseAddress else { return nil }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            guard let hit = memchr(hay + start, Int32(needle[0]), last - start + 1) else { return nil }
            let position = hay.distance(to: UnsafeRawPointer(hit))
            if memcmp(hay + position, pin, needle.count) == 0 { return position }
            start = position + 1
        }
        return nil
    }

    /// Whether `needle` occurs in `haystack`.
    package static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { hay in needle.withUnsafeBytes { firstOffset(of: $0, in: hay) != nil } }
    }
}

extension String {
    /// The first occurrence of `needle`, compared as UTF-8 bytes (no Unicode folding: both sides must already be in
    /// one form, as normalised labels are). Foundation's search would fold again, at many times the cost.
    package func firstByteRange(of needle: String) -> Range<String.Index>? {
        var text = self, pattern = needle
        let offset = text.withUTF8 { haystack in
            pattern.withUTF8 { ByteSearch.firstOffset(of: UnsafeRawBufferPointer($0), in: UnsafeRawBufferPointer(haystack)) }
        }
        // A match of valid UTF-8 starts and ends on scalar boundaries, so these are valid indices of `self`.
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Whether `needle` occurs, compared as UTF-8 bytes (see `firstByteRange(of:)`).
    package func containsBytes(_ needle: String) -> Bool { firstByteRange(of: needle) != nil }
}
