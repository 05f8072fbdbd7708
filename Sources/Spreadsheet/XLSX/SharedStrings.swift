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
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                if SAXParser.equal(name, "si") {
                    inItem = true
                    buffer.removeAll(keepingCapacity: true)
                } else if SAXParser.equal(name, "rPh") {
                    phoneticDepth += 1
                } else if SAXParser.equal(name, "t"), inItem, phoneticDepth == 0 {
                    inText = true
                }
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {
                if SAXParser.equal(name, "si") {
                    strings.append(XMLText.decodeEscapes(String(decoding: buffer, as: UTF8.self)))
                    inItem = false
                } else if SAXParser.equal(name, "rPh") {
                    phoneticDepth -= 1
                } else if SAXParser.equal(name, "t") {
                    inText = false
                }
            }
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
                if inText { buffer.append(contentsOf: bytes) }
            }
        }
        let handler = Handler()
        try SAXParser.parse(bytes, handler: handler, file: file, part: part)
        return handler.strings
    }
}
