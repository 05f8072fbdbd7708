// Tells a SAX2 handler's elements apart by the pointers libxml2 interns their names to: one table probe per event.
import CLibXML2
import Spreadsheet

/// The element names a document handler acts on, each with its tag, keyed by the pointer the parser's dictionary
/// gives the name: libxml2 hands every occurrence of a local name, in start and end tags alike, that one pointer, so
/// a name is told apart by a probe of a small open-addressed table rather than by comparing its bytes to each name
/// the handler knows. Tag 0 is every other name.
struct InternedNames {
    private var keys: [UInt]
    private var tags: [UInt8]
    private let mask: Int

    /// Interns each name in `parser`'s dictionary; a parser without a dictionary (libxml2 always makes one) is refused
    /// rather than read with every element unknown.
    init(_ entries: [(name: StaticString, tag: UInt8)], parser: SAXParser, file: String, part: String) throws {
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        keys = [UInt](repeating: 0, count: size)
        tags = [UInt8](repeating: 0, count: size)
        mask = size - 1
        for entry in entries {
            guard let pointer = parser.intern(entry.name) else {
                throw SpreadsheetError(file: file, part: part, .malformedXML("cannot create parser"))
            }
            let key = UInt(bitPattern: pointer)
            var slot = InternedNames.slot(key, mask)
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            tags[slot] = entry.tag
        }
    }

    /// Names sit a few bytes apart in the dictionary's pool: the low bits past the alignment spread them.
    @inline(__always)
    private static func slot(_ key: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key >> 3) ^ (key >> 11)) & mask
    }

    /// The tag of the interned name `name`, or 0.
    @inline(__always)
    func tag(_ name: UnsafePointer<xmlChar>) -> UInt8 {
        let key = UInt(bitPattern: name)
        return keys.withUnsafeBufferPointer { keys in
            var slot = InternedNames.slot(key, mask)
            while true {
                let found = keys[slot]
                if found == key { return tags.withUnsafeBufferPointer { $0[slot] } }
                if found == 0 { return 0 }
                slot = (slot + 1) & mask
            }
        }
    }
}
