// Finds the HTML of a web page saved as one file (.mht/.mhtml: MIME multipart, quoted-printable or base64).
import Spreadsheet

/// A page saved as a single file by a browser or by Word/WPS ("单个文件网页"): the first `text/html` part, decoded.
enum MIMEArchive {
    struct Part {
        var headers: [String: String]
        var body: ArraySlice<UInt8>
    }

    /// The HTML part's bytes and the charset its header names; nil when the file holds no HTML part.
    static func htmlPart(_ bytes: [UInt8]) -> (html: [UInt8], charset: TextEncoding?)? {
        find(split(bytes[...]), depth: 0)
    }

    private static func find(_ part: Part, depth: Int) -> (html: [UInt8], charset: TextEncoding?)? {
        let type = (part.headers["content-type"] ?? "text/html").lowercased()
        if type.hasPrefix("multipart/"), depth < 8, let boundary = parameter("boundary", of: part.headers["content-type"] ?? "") {
            for child in parts(part.body, boundary: boundary) {
                if let html = find(split(child), depth: depth + 1) { return html }
            }
            return nil
        }
        guard type.hasPrefix("text/html") || type.hasPrefix("application/xhtml") else { return nil }
        let encoding = (part.headers["content-transfer-encoding"] ?? "").lowercased().trimmingCharacters(in: " \t")
        let body: [UInt8]
        switch encoding {
        case "quoted-printable": body = quotedPrintable(part.body)
        case "base64": body = base64(part.body)
        default: body = Array(part.body)
        }
        return (body, parameter("charset", of: part.headers["content-type"] ?? "").flatMap { TextEncoding(name: $0) })
    }

    /// Headers (unfolded, names lowercased) and the body after the first blank line.
    static func split(_ bytes: ArraySlice<UInt8>) -> Part {
        var headers: [String: String] = [:]
        var index = bytes.startIndex
        var lastName: String?
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, bytes[end] != 0x0A { end += 1 }
            var line = bytes[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            index = min(end + 1, bytes.endIndex)
            if line.isEmpty { break }
            let text = String(decoding: line, as: UTF8.self)
            if let first = line.first, first == 0x20 || first == 0x09, let name = lastName {
                headers[name, default: ""] += " " + text.trimmingCharacters(in: " \t")
            } else if let colon = text.firstIndex(of: ":") {
                let name = text[..<colon].lowercased().trimmingCharacters(in: " \t")
                headers[name] = String(text[text.index(after: colon)...]).trimmingCharacters(in: " \t")
                lastName = name
            } else if headers.isEmpty {
                // Not a header block at all: the whole thing is the body.
                return Part(headers: [:], body: bytes)
            }
        }
        return Part(headers: headers, body: bytes[index...])
    }

    /// The bodies between `--boundary` lines.
    static func parts(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array(("--" + boundary).utf8)
        var found: [ArraySlice<UInt8>] = []
        var starts: [(start: Int, end: Int)] = []
        var search = body.startIndex
        while search < body.endIndex {
            let offset = body[search...].withUnsafeBytes { hay in delimiter.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: hay) } }
            guard let offset else { break }
            let at = search + offset
            var lineEnd = at + delimiter.count
            while lineEnd < body.endIndex, body[lineEnd] != 0x0A { lineEnd += 1 }
            starts.append((at, min(lineEnd + 1, body.endIndex)))
            search = lineEnd
        }
        for (index, delimiterLine) in starts.enumerated() where index + 1 < starts.count {
            var end = starts[index + 1].start
            if end > delimiterLine.end, body[end - 1] == 0x0A { end -= 1 }
            if end > delimiterLine.end, body[end - 1] == 0x0D { end -= 1 }
            found.append(body[delimiterLine.end..<max(end, delimiterLine.end)])
            if found.count >= 1_000 { break }
        }
        return found
    }

    /// A parameter of a header value: `boundary="----=_NextPart"`, `charset=gb2312`.
    static func parameter(_ name: String, of value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmingCharacters(in: " \t").lowercased() == name else { continue }
            return String(pair[1]).trimmingCharacters(in: " \t\"'")
        }
        return nil
    }

    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                let next = index + 1
                if next < bytes.endIndex, bytes[next] == 0x0A { index = next + 1; continue }
                if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { index = next + 2; continue }
                if next + 1 < bytes.endIndex, let high = hex(bytes[next]), let low = hex(bytes[next + 1]) {
                    output.append(high << 4 | low)
                    index = next + 2
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = byte - 0x41
            case 0x61...0x7A: value = byte - 0x61 + 26
            case 0x30...0x39: value = byte - 0x30 + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            default: continue
            }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}

/// A page saved as one file (.mht/.mhtml, or Word's "single file web page" saved as .doc): its HTML part as a page.
public enum MHTReader: FormatReader {
    public static let formatName = "单个文件网页（.mht）"

    public static func sniff(_ probe: FormatProbe) -> Bool {
        guard probe.container == .other else { return false }
        let head = MarkupHead(probe.head(2048))
        return head.starts(with: "mime-version:") || head.starts(with: "from:") && head.contains("content-type: multipart/")
            || head.contains("\nmime-version:") && head.contains("multipart/related")
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        guard let part = MIMEArchive.htmlPart(input.bytes) else {
            throw SpreadsheetError(file: input.path, .unsupportedFormat("单个文件网页（.mht）中没有 HTML 部分"))
        }
        return try HTMLReader.read(bytes: part.html, fileName: input.path, encoding: input.encoding, declared: part.charset)
    }
}
