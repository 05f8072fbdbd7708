// Reads the shared-string table: rich-text runs joined, phonetic runs skipped, _xHHHH_ decoded.
import CLibXML2

enum SharedStrings {
    static func parse(_ bytes: [UInt8], file: String, part: String) throws -> [String] {
        final class Handler: SAXHandler {
            /// The parse state, behind a pointer: the callbacks then pay no dynamic exclusivity checks.
            struct State {
                var strings: [String] = []
                var buffer: [UInt8] = []
                var inItem = false
                var inText = false
                var phoneticDepth = 0
                // libxml2's interned names: one pointer comparison per element instead of a byte comparison.
                var nameSI: UnsafePointer<xmlChar>?
                var nameRPh: UnsafePointer<xmlChar>?
                var nameT: UnsafePointer<xmlChar>?
            }
            let state: UnsafeMutablePointer<State> = {
                let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
                pointer.initialize(to: State())
                return pointer
            }()
            deinit {
                state.deinitialize(count: 1)
                state.deallocate()
            }
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                if name == state.pointee.nameSI {
                    state.pointee.inItem = true
                    state.pointee.buffer.removeAll(keepingCapacity: true)
                } else if name == state.pointee.nameT {
                    if state.pointee.inItem, state.pointee.phoneticDepth == 0 { state.pointee.inText = true }
                } else if name == state.pointee.nameRPh {
                    state.pointee.phoneticDepth += 1
                }
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {
                if name == state.pointee.nameT {
                    state.pointee.inText = false
                } else if name == state.pointee.nameSI {
                    let text = state.pointee.buffer.withUnsafeBufferPointer { XMLText.decodedText($0) }
                    state.pointee.strings.append(text)
                    state.pointee.inItem = false
                } else if name == state.pointee.nameRPh {
                    state.pointee.phoneticDepth -= 1
                }
            }
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
                if state.pointee.inText { state.pointee.buffer.append(contentsOf: bytes) }
            }
            /// Callbacks that call this final class directly (see `SAXParser.withTarget`).
            static func install(_ sax: inout xmlSAXHandler) {
                sax.startElementNs = { context, name, _, _, _, _, count, _, raw in SAXParser.withTarget(context, name, Handler.self) { $0.startElement($1, SAXAttributes(count: Int(count), raw: raw)) } }
                sax.endElementNs = { context, name, _, _ in SAXParser.withTarget(context, name, Handler.self) { $0.endElement($1) } }
                sax.characters = { context, bytes, length in SAXParser.withTarget(context, bytes, Handler.self) { $0.characters(UnsafeBufferPointer(start: $1, count: Int(length))) } }
            }
        }
        let handler = Handler()
        let parser = try SAXParser(handler: handler, file: file, part: part, callbacks: Handler.install)
        handler.state.pointee.nameSI = parser.intern("si")
        handler.state.pointee.nameRPh = parser.intern("rPh")
        handler.state.pointee.nameT = parser.intern("t")
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
        return handler.state.pointee.strings
    }
}
