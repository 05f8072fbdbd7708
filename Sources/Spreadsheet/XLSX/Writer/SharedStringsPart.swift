// The shared-string table: each distinct text once, in first-use order; writes xl/sharedStrings.xml.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class SharedStringTable {
    private var index: [UTF8Key: Int] = [:]
    private(set) var strings: [String] = []
    private(set) var references = 0

    func id(_ text: String) -> Int {
        references += 1
        let key = UTF8Key(text)
        if let id = index[key] { return id }
        strings.append(text)
        index[key] = strings.count - 1
        return strings.count - 1
    }

    /// `text.contains("\n")` on bytes: a line feed is a character of its own unless a carriage return comes before
    /// it (`"\r\n"` is one character). Searching characters walked every string's grapheme breaks.
    static func hasLineFeed(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            bytes.indices.contains { bytes[$0] == 10 && ($0 == 0 || bytes[$0 - 1] != 13) }
        }
    }

    func xml() -> [UInt8] {
        var xml = XMLWriter()
        xml.open("sst", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
                         ("count", "\(references)"), ("uniqueCount", "\(strings.count)")])
        for text in strings {
            let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || Self.hasLineFeed(text)
            xml.raw("<si>")
            xml.element("t", preserve ? [("xml:space", "preserve")] : [], text: text)
            xml.raw("</si>")
        }
        xml.close("sst")
        return xml.bytes
    }
}
