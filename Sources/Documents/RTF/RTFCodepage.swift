// The code pages of RTF text (`\ansicpg`, a font's `\fcharset`/`\cpg`) decoded to UTF-8; GBK (936) above all.
import Spreadsheet
import ZipArchive

enum RTFCodepage {
    /// Windows code page of a font character set (`\fcharsetN`); nil for ANSI (0) and default (1), which mean the
    /// document's `\ansicpg`.
    static func codepage(charset: Int) -> Int? {
        switch charset {
        case 77: return 10000
        case 128: return 932
        case 129: return 949
        case 130: return 1361
        case 134: return 936
        case 136: return 950
        case 161: return 1253
        case 162: return 1254
        case 163: return 1258
        case 177: return 1255
        case 178: return 1256
        case 186: return 1257
        case 204: return 1251
        case 222: return 874
        case 238: return 1250
        case 254: return 437
        case 255: return 850
        default: return nil
        }
    }

    /// Whether characters of the code page take two bytes (a lead byte's trail may be plain ASCII text).
    static func isDoubleByte(_ codepage: Int) -> Bool { [932, 936, 949, 950, 1361, 54936].contains(codepage) }

    /// Appends `bytes` (text of code page `codepage`) to `output` as UTF-8. What the code page cannot decode becomes
    /// U+FFFD, never an error: one bad byte must not cost a report.
    static func decode(_ bytes: [UInt8], codepage: Int, into output: inout [UInt8]) {
        if !bytes.contains(where: { $0 >= 0x80 }) {
            output.append(contentsOf: bytes)
            return
        }
        switch codepage {
        case 936, 54936, 20936:
            decodeGB18030(bytes, into: &output)
        case 65001:
            output.append(contentsOf: Array(String(decoding: bytes, as: UTF8.self).utf8))
        case 1252, 0:
            for byte in bytes { appendScalar(byte < 0x80 || byte >= 0xA0 ? UInt32(byte) : cp1252[Int(byte - 0x80)], to: &output) }
        default:
            let name = codepage == 10000 ? "MACINTOSH" : "CP\(codepage)"
            if let text = try? Iconv.convert(bytes, from: name) {
                output.append(contentsOf: Array(text.utf8))
            } else {
                // An unknown or undecodable code page: Latin-1, so that digits and ASCII survive.
                for byte in bytes { appendScalar(UInt32(byte), to: &output) }
            }
        }
    }

    private static func decodeGB18030(_ bytes: [UInt8], into output: inout [UInt8]) {
        var start = 0
        while start < bytes.count {
            do {
                output.append(contentsOf: try GB18030.decode(bytes[start...]))
                return
            } catch let failure as GB18030.Failure {
                // The decodable prefix, a replacement character, and on after the bad byte.
                let bad = start + failure.offset
                if bad > start, let prefix = try? GB18030.decode(bytes[start..<bad]) { output.append(contentsOf: prefix) }
                appendScalar(0xFFFD, to: &output)
                start = bad + 1
            } catch {
                appendScalar(0xFFFD, to: &output)
                return
            }
        }
    }

    /// Windows-1252's 0x80…0x9F (0xFFFD where it has no character).
    private static let cp1252: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Appends a Unicode scalar as UTF-8 (surrogates and out-of-range values as U+FFFD).
    static func appendScalar(_ value: UInt32, to output: inout [UInt8]) {
        let scalar = (0xD800...0xDFFF).contains(value) || value > 0x10FFFF ? 0xFFFD : value
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
