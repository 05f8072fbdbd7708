// The first bytes of a file as lowercased ASCII, searched as bytes: what the web-page and MHT sniffers look at.
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
            bytes.withUnsafeBytes { ByteSearch.firstOffset(of: UnsafeRawBufferPointer(needle), in: $0) != nil }
        }
    }
}
