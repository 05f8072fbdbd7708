// A libxml2 SAX2 push parser fed in chunks; refuses DOCTYPE, never substitutes entities or loads anything.
import CLibXML2
import CQuietXML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives SAX events. Names are libxml2's interned local names (compare with `SAXParser.intern`).
package protocol SAXHandler: AnyObject {
    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes)
    func endElement(_ name: UnsafePointer<xmlChar>)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// The attributes of one start tag, as libxml2 passes them (5 pointers per attribute).
package struct SAXAttributes {
    package let count: Int
    package let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The raw value bytes of the attribute whose local name is `name` (compared bytewise).
    package func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let raw else { return nil }
        for index in 0..<count {
            let base = index * 5
            guard let local = raw[base] else { continue }
            if SAXParser.equal(local, name), let start = raw[base + 3], let end = raw[base + 4] {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
        }
        return nil
    }

    /// The raw value of the attribute whose interned local name is `name` (pointer comparison).
    package func value(interned name: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8>? {
        guard let raw, let name else { return nil }
        var base = 0
        for _ in 0..<count {
            if raw[base] == name, let start = raw[base + 3], let end = raw[base + 4] {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
            base += 5
        }
        return nil
    }

    /// Every attribute's interned local name and raw value, in document order.
    @inline(__always)
    package func forEach(_ body: (UnsafePointer<xmlChar>, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let raw else { return }
        var base = 0
        for _ in 0..<count {
            if let name = raw[base], let start = raw[base + 3], let end = raw[base + 4] {
                body(name, UnsafeBufferPointer(start: start, count: end - start))
            }
            base += 5
        }
    }

    /// The value with character and predefined entity references decoded, as a String.
    package func string(_ name: StaticString) -> String? {
        value(name).map { XMLText.decodeReferences($0) }
    }

    /// Whether the attribute `name` has the given namespace URI suffix (for `r:id`).
    package func string(_ name: StaticString, namespaceSuffix: StaticString) -> String? {
        guard let raw else { return nil }
        for index in 0..<count {
            let base = index * 5
            guard let local = raw[base], SAXParser.equal(local, name) else { continue }
            guard let uri = raw[base + 2], SAXParser.hasSuffix(uri, namespaceSuffix) else { continue }
            if let start = raw[base + 3], let end = raw[base + 4] {
                return XMLText.decodeReferences(UnsafeBufferPointer(start: start, count: end - start))
            }
        }
        return nil
    }
}

/// Wraps `xmlCreatePushParserCtxt` with a Swift handler.
package final class SAXParser {
    private var context: xmlParserCtxtPtr?
    private var handlerBox: SAXBox
    private let part: String
    private let file: String

    package final class SAXBox {
        // Strong and `let`: a callback borrows it from the guaranteed box, with no retain/release per event (an
        // `unowned(unsafe)` load is a +1 copy). The handler holds its parser weakly, so there is no cycle.
        let handler: SAXHandler
        /// The handler, unretained (the box holds it): hot handlers' own callbacks call it directly (`withTarget`).
        let target: UnsafeMutableRawPointer
        var refusedDoctype = false
        var stopError: Error?
        init(_ handler: SAXHandler) {
            self.handler = handler
            target = Unmanaged.passUnretained(handler as AnyObject).toOpaque()
        }
    }

    /// `callbacks`, when given, replaces the element and text callbacks: a hot handler installs closures that
    /// call its final class directly (`withTarget`), with no dispatch through the `SAXHandler` protocol.
    package init(handler: SAXHandler, file: String, part: String, callbacks: ((inout xmlSAXHandler) -> Void)? = nil) throws {
        self.file = file
        self.part = part
        handlerBox = SAXBox(handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localname else { return }
            SAXParser.withBox(context) { $0.handler.startElement(localname, SAXAttributes(count: Int(attributeCount), raw: attributes)) }
        }
        sax.endElementNs = { context, localname, _, _ in
            guard let context, let localname else { return }
            SAXParser.withBox(context) { $0.handler.endElement(localname) }
        }
        sax.characters = { context, bytes, length in
            guard let context, let bytes else { return }
            SAXParser.withBox(context) { $0.handler.characters(UnsafeBufferPointer(start: bytes, count: Int(length))) }
        }
        callbacks?(&sax)
        sax.cdataBlock = sax.characters
        sax.internalSubset = { context, _, _, _ in
            guard let context else { return }
            let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
            SAXParser.box(context).refusedDoctype = true
            xmlStopParser(parser)
        }
        sax.serror = { _, _ in }  // errors are read from the context; nothing goes to stderr
        nianbao_quiet_libxml2()
        let unmanaged = Unmanaged.passUnretained(handlerBox).toOpaque()
        // The context's `_private` holds the box; libxml2 passes the context itself as user data.
        guard let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else {
            throw SpreadsheetError(file: file, part: part, .malformedXML("cannot create parser"))
        }
        context.pointee._private = unmanaged
        context.pointee.userData = UnsafeMutableRawPointer(context)
        // No NOENT, DTDLOAD, DTDVALID, HUGE or XINCLUDE: entity substitution and loading stay off.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOERROR.rawValue))
        self.context = context
    }

    deinit {
        if let context {
            if context.pointee.myDoc != nil { xmlFreeDoc(context.pointee.myDoc) }
            xmlFreeParserCtxt(context)
        }
    }

    package static func box(_ context: UnsafeMutableRawPointer) -> SAXBox {
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<SAXBox>.fromOpaque(parser.pointee._private!).takeUnretainedValue()
    }

    /// The box without retaining it: the parser owns it for as long as callbacks can run (the hot path).
    @inline(__always)
    package static func withBox(_ context: UnsafeMutableRawPointer, _ body: (SAXBox) -> Void) {
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return }
        Unmanaged<SAXBox>.fromOpaque(opaque)._withUnsafeGuaranteedRef(body)
    }

    /// The handler as its concrete class, unretained, with a callback's non-nil argument, for callbacks a handler
    /// installs itself (`T` must be the class the parser was created with).
    @inline(__always)
    package static func withTarget<T: AnyObject, Argument>(_ context: UnsafeMutableRawPointer?, _ argument: Argument?, _ type: T.Type,
                                                   _ body: (T, Argument) -> Void) {
        guard let context, let argument else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return }
        let target = Unmanaged<SAXBox>.fromOpaque(opaque)._withUnsafeGuaranteedRef { $0.target }
        Unmanaged<T>.fromOpaque(target)._withUnsafeGuaranteedRef { body($0, argument) }
    }

    /// The interned pointer libxml2 will pass for the element name `name`.
    package func intern(_ name: StaticString) -> UnsafePointer<xmlChar>? {
        guard let dictionary = context?.pointee.dict else { return nil }
        return name.withUTF8Buffer { xmlDictLookup(dictionary, $0.baseAddress, Int32($0.count)) }
    }

    /// An error a callback raised after the last `feed` (e.g. while the final batch was handed on).
    package var pendingError: Error? { handlerBox.stopError }

    /// Stops parsing from inside a callback; the error is thrown by the current `feed`.
    package func stop(_ error: Error) {
        handlerBox.stopError = error
        if let context { xmlStopParser(context) }
    }

    /// How much is handed to libxml2 at once.
    package static let feedStep = 1 << 16

    package func feed(_ bytes: UnsafeRawBufferPointer, final: Bool = false) throws {
        guard let context else { return }
        var offset = 0
        repeat {
            let step = min(bytes.count - offset, SAXParser.feedStep)
            let pointer = bytes.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            offset += step
            let last = final && offset >= bytes.count
            let status = xmlParseChunk(context, pointer, Int32(step), last ? 1 : 0)
            if let error = handlerBox.stopError { throw error }
            if handlerBox.refusedDoctype { throw SpreadsheetError(file: file, part: part, .doctypeRefused) }
            if status != 0 || context.pointee.wellFormed == 0 {
                throw malformed()
            }
        } while offset < bytes.count
    }

    package func finish() throws {
        try feed(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
    }

    private func malformed() -> SpreadsheetError {
        guard let context, let error = xmlCtxtGetLastError(context) else {
            return SpreadsheetError(file: file, part: part, .malformedXML("unknown"))
        }
        let message = error.pointee.message.map { String(cString: $0) }?
            .trimmingSuffix(while: { $0 == "\n" }) ?? "error \(error.pointee.code)"
        return SpreadsheetError(file: file, part: part, location: "第 \(error.pointee.line) 行第 \(error.pointee.int2) 列",
                                .malformedXML(message))
    }

    package static func equal(_ pointer: UnsafePointer<xmlChar>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            for index in 0..<expected.count where pointer[index] != expected[index] { return false }
            return pointer[expected.count] == 0
        }
    }

    package static func hasSuffix(_ pointer: UnsafePointer<xmlChar>, _ suffix: StaticString) -> Bool {
        let length = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        return suffix.withUTF8Buffer { expected in
            guard length >= expected.count else { return false }
            let start = length - expected.count
            for index in 0..<expected.count where pointer[start + index] != expected[index] { return false }
            return true
        }
    }

    /// Parses a whole small part with `handler`.
    package static func parse(_ bytes: [UInt8], handler: SAXHandler, file: String, part: String) throws {
        let parser = try SAXParser(handler: handler, file: file, part: part)
        try bytes.withUnsafeBytes { try parser.feed($0, final: true) }
    }
}

extension String {
    package func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, predicate(last) { text.removeLast() }
        return text
    }
}
