// Text helpers for XML content: entity references left in attributes, and OOXML's _xHHHH_ escapes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum XMLText {
    /// Decodes `&amp; &lt; &gt; &quot; &apos; &#NN; &#xHH;` (libxml2 may leave them in SAX2 attribute values).
    static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let semicolon = (index + 1..<min(bytes.count, index + 12)).first(where: { bytes[$0] == UInt8(ascii: ";") }) {
                let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch name {
                case "amp": scalar = "&"
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init)
                    }
                }
                if let scalar {
                    output.append(contentsOf: Array(String(scalar).utf8))
                    index = semicolon + 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `bytes` hold `_x` anywhere, i.e. might hold an `_xHHHH_` escape (memchr for `_`, then one byte).
    static func mayHoldEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, Int32(UInt8(ascii: "_")), bytes.count - offset) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "x") { return true }
            offset = index + 1
        }
        return false
    }

    /// The text of UTF-8 `bytes` with `_xHHHH_` escapes decoded; the escape scan runs on the bytes, before any String.
    static func decodedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return mayHoldEscapes(bytes) ? decodeEscapes(text) : text
    }

    /// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 ST_Xstring), e.g. `_x000D_` for a carriage return.
    static func decodeEscapes(_ text: String) -> String {
        var previousUnderscore = false
        var found = false
        for byte in text.utf8 {
            if previousUnderscore && byte == UInt8(ascii: "x") { found = true; break }
            previousUnderscore = byte == UInt8(ascii: "_")
        }
        guard found else { return text }
        var scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" {
                let hex = String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)]))
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    output.append(scalar)
                    index += 7
                    continue
                }
            }
            output.append(scalars[index])
            index += 1
        }
        scalars.removeAll()
        return String(output)
    }
}
