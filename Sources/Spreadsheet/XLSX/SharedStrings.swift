// Reads the shared-string table: rich-text runs joined, phonetic runs skipped, _xHHHH_ decoded.
import CLibXML2

enum SharedStrings {
    static func parse(_ bytes: [UInt8], file: String, part: String) throws -> [String] {
        final class Handler: SAXHandler {
            var strings: [String] = []
            var buffer: [UInt8] = []
            var inItem = false
            var inText = false
            var phoneticDepth = 0
            // libxml2's interned names: one pointer comparison per element instead of a byte comparison.
            var nameSI: UnsafePointer<xmlChar>?
            var nameRPh: UnsafePointer<xmlChar>?
            var nameT: UnsafePointer<xmlChar>?
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                if name == nameSI {
                    inItem = true
                    buffer.removeAll(keepingCapacity: true)
                } else if name == nameT {
                    if inItem, phoneticDepth == 0 { inText = true }
                } else if name == nameRPh {
                    phoneticDepth += 1
                }
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {
                if name == nameT {
                    inText = false
                } else if name == nameSI {
                    strings.append(XMLText.decodeEscapes(String(decoding: buffer, as: UTF8.self)))
                    inItem = false
                } else if name == nameRPh {
                    phoneticDepth -= 1
                }
            }
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
                if inText { buffer.append(contentsOf: bytes) }
            }
        }
        let handler = Handler()
        let parser = try SAXParser(handler: handler, file: file, part: part)
        handler.nameSI = parser.intern("si")
        handler.nameRPh = parser.intern("rPh")
        handler.nameT = parser.intern("t")
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
        return handler.strings
    }
}
