// The shared-string table: each distinct text once, in first-use order; writes xl/sharedStrings.xml.
#if canImport(Glibc)
import Glibc
#endif

/// A string keyed by its UTF-8 bytes: hashing skips the Unicode normalisation `String` hashing does.
struct UTF8Key: Hashable {
    let text: String

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }
}

final class SharedStringTable {
    private var index: [UTF8Key: Int] = [:]
    private(set) var strings: [String] = []
    private(set) var references = 0

    func id(_ text: String) -> Int {
        references += 1
        let key = UTF8Key(text: text)
        if let id = index[key] { return id }
        strings.append(text)
        index[key] = strings.count - 1
        return strings.count - 1
    }

    func xml() -> [UInt8] {
        var xml = XMLWriter()
        xml.open("sst", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
                         ("count", "\(references)"), ("uniqueCount", "\(strings.count)")])
        for text in strings {
            let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n")
            xml.raw("<si>")
            xml.element("t", preserve ? [("xml:space", "preserve")] : [], text: text)
            xml.raw("</si>")
        }
        xml.close("sst")
        return xml.bytes
    }
}
