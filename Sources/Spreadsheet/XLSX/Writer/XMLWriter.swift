// A small byte-level XML builder: escaping, attributes, and OOXML's _xHHHH_ for illegal characters.

/// Appends XML to a byte buffer. Text is escaped; characters XML 1.0 forbids become `_xHHHH_`.
struct XMLWriter {
    var bytes: [UInt8] = []

    init(declaration: Bool = true) {
        if declaration { raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A literal's bytes, copied from the binary: the per-cell path appends these without going through `String`.
    @inline(__always)
    mutating func literal(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    mutating func open(_ name: String, _ attributes: [(String, String)] = [], close: Bool = false) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        for (key, value) in attributes {
            bytes.append(0x20)
            raw(key)
            raw("=\"")
            escape(value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        raw(close ? "/>" : ">")
    }

    mutating func close(_ name: String) { raw("</\(name)>") }

    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        open(name, attributes)
        escape(text, attribute: false)
        close(name)
    }

    mutating func escape(_ text: String, attribute: Bool) {
        XMLWriter.escape(text, attribute: attribute, into: &bytes)
    }

    static func escape(_ text: String, attribute: Bool, into bytes: inout [UInt8]) {
        // Fast path: nothing to escape.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "_") }) {
            bytes.append(contentsOf: text.utf8)
            return
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "&": bytes.append(contentsOf: "&amp;".utf8)
            case "<": bytes.append(contentsOf: "&lt;".utf8)
            case ">": bytes.append(contentsOf: "&gt;".utf8)
            case "\"" where attribute: bytes.append(contentsOf: "&quot;".utf8)
            case "\n" where attribute: bytes.append(contentsOf: "&#10;".utf8)
            case "\t" where attribute: bytes.append(contentsOf: "&#9;".utf8)
            case "\n", "\t": bytes.append(UInt8(scalar.value))
            case "_":
                // A literal `_xHHHH_` would be read back as an escape: escape its underscore (ECMA-376 ST_Xstring).
                if index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
                   scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                    bytes.append(contentsOf: "_x005F_".utf8)
                } else {
                    bytes.append(UInt8(ascii: "_"))
                }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    bytes.append(contentsOf: "_x\(String(repeating: "0", count: 4 - hex.count))\(hex)_".utf8)
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
            index += 1
        }
    }
}
