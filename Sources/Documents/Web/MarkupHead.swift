// The first bytes of a file as lowercased ASCII, searched as bytes: what the web-page and MHT sniffers look at.
// Not Foundation: Documents stays free of it (its ICU and libxml2's clash in modules that import both, PopplerText).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Spreadsheet

/// A sniffer's view of a file's head. Built and searched on bytes: decoding 4 KB of a GB18030 CSV into a String
/// (every byte repaired) and searching it as Characters cost more per file than reading the CSV.
struct MarkupHead {
    /// ASCII letters lowercased; every other byte as it is.
    let bytes: [UInt8]

    init(_ bytes: some Sequence<UInt8>) {
        self.bytes = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    func starts(with text: StaticString) -> Bool {
        text.withUTF8Buffer { bytes.starts(with: $0) }
    }

    func contains(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { needle in
            guard let first = needle.first, let needleBase = needle.baseAddress, bytes.count >= needle.count else { return false }
            return bytes.withUnsafeBufferPointer { haystack in
                guard let base = haystack.baseAddress else { return false }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    guard let found = memchr(base + start, Int32(first), last - start + 1) else { return false }
                    let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, needleBase, needle.count) == 0 { return true }
                    start = offset + 1
                }
                return false
            }
        }
    }
}
