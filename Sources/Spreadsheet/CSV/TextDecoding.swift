// Detects and decodes the text encodings Chinese offices produce into UTF-8 bytes, never lossily.
import ZipArchive

/// A text encoding of a CSV or report text.
public enum TextEncoding: String, Sendable, Equatable, CaseIterable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"

    /// Parses user input such as `gbk`, `GB2312`, `utf-8`, `utf16le`.
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "utf16le", "utf16", "unicode": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936": self = .gb18030
        default: return nil
        }
    }
}

/// Text decoded to UTF-8, with what was detected.
public struct DecodedText: Sendable {
    public var utf8: [UInt8]
    public var encoding: TextEncoding
    public var hadBOM: Bool

    package init(utf8: [UInt8], encoding: TextEncoding, hadBOM: Bool) {
        self.utf8 = utf8
        self.encoding = encoding
        self.hadBOM = hadBOM
    }
}

/// Encoding detection and lossless decoding to UTF-8; encoding for writers.
public enum TextDecoding {
    /// Decodes `bytes`: BOM → NUL pattern (BOM-less UTF-16) → strict UTF-8 over the whole input → GB18030.
    /// A forced `encoding` skips detection (a BOM of that encoding is still removed).
    public static func decode(_ bytes: [UInt8], file: String, encoding forced: TextEncoding? = nil) throws -> DecodedText {
        try bytes.withUnsafeBufferPointer { buffer in
            let (encoding, skip) = try detect(buffer, file: file, forced: forced)
            let body = UnsafeBufferPointer(rebasing: buffer[skip...])
            switch encoding {
            case .utf8:
                return DecodedText(utf8: skip == 0 ? bytes : Array(body), encoding: .utf8, hadBOM: skip > 0)
            case .gb18030:
                do {
                    return DecodedText(utf8: try GB18030.decode(bytes[skip...]), encoding: .gb18030, hadBOM: false)
                } catch let failure as GB18030.Failure {
                    throw undecodable(file: file, encoding: .gb18030, offset: skip + failure.offset, bytes: body, at: failure.offset)
                }
            case .utf16LE, .utf16BE:
                return DecodedText(utf8: try convert(body, from: encoding, file: file, baseOffset: skip), encoding: encoding, hadBOM: skip > 0)
            }
        }
    }

    /// The encoding of `bytes` and how many BOM bytes to skip, validating UTF-8 over the whole input.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, file: String, forced: TextEncoding?,
                       release: (Range<Int>) -> Void = { _ in }) throws -> (encoding: TextEncoding, skip: Int) {
        // Detection reads only the start (BOM, NUL pattern) and validates UTF-8 in place.
        let head = Array(bytes.prefix(4096))
        let bom = detectBOM(head)
        let encoding: TextEncoding
        if let chosen = forced ?? bom?.0 {
            encoding = chosen
        } else if let utf16 = detectUTF16(head) {
            encoding = utf16
        } else if let bad = firstInvalidUTF8(bytes, release: release) {
            encoding = multiByteUTF8Sequences(in: UnsafeBufferPointer(rebasing: bytes[..<bad]), atLeast: 8) ? .utf8 : .gb18030
        } else {
            return (.utf8, 0)  // validated whole
        }
        let skip = (bom?.0 == encoding) ? bom?.1 ?? 0 : 0
        if encoding == .utf8, let bad = firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[skip...]), release: release) {
            throw undecodable(file: file, encoding: .utf8, offset: skip + bad, bytes: UnsafeBufferPointer(rebasing: bytes[skip...]), at: bad)
        }
        return (encoding, skip)
    }

    /// An undecodable byte at `at` of `bytes`: line and column counted on the decoded text before it.
    static func undecodable(file: String, encoding: TextEncoding, offset: Int, bytes: UnsafeBufferPointer<UInt8>, at: Int) -> SpreadsheetError {
        let prefix = Array(bytes[..<min(at, bytes.count)])
        var decoded = prefix
        switch encoding {
        case .utf8: break
        case .gb18030: decoded = (try? GB18030.decode(prefix[...])) ?? prefix
        case .utf16LE, .utf16BE:
            decoded = (try? Iconv.convert(Array(prefix.prefix(prefix.count & ~1)), from: encoding.rawValue)).map { Array($0.utf8) } ?? []
        }
        var line = 1
        var column = 1
        for byte in decoded {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SpreadsheetError(file: file, location: "第 \(line) 行第 \(column) 列",
                                .undecodable(encoding: encoding.rawValue, offset: offset, line: line, column: column))
    }

    package static func detectBOM(_ bytes: [UInt8]) -> (TextEncoding, Int)? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LE, 2) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// BOM-less UTF-16 shows as NULs in every other byte of ASCII-heavy text.
    package static func detectUTF16(_ sample: [UInt8]) -> TextEncoding? {
        guard sample.count >= 4 else { return nil }
        var evenNUL = 0, oddNUL = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
        }
        let pairs = sample.count / 2
        if oddNUL > pairs / 4 && evenNUL < oddNUL / 8 { return .utf16LE }
        if evenNUL > pairs / 4 && oddNUL < evenNUL / 8 { return .utf16BE }
        return nil
    }

    private static func multiByteUTF8Sequences(in bytes: UnsafeBufferPointer<UInt8>, atLeast needed: Int) -> Bool {
        var count = 0
        for byte in bytes where byte >= 0xC2 && byte <= 0xF4 {
            count += 1
            if count >= needed { return true }
        }
        return false
    }

    /// The offset (relative to the slice start) of the first byte that breaks strict UTF-8, or nil.
    /// Validates in 4 MiB stretches, letting `release` drop each stretch once checked (mapped files).
    static func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, release: (Range<Int>) -> Void) -> Int? {
        let stretch = 4 << 20
        var start = 0
        while start < buffer.count {
            let end = min(buffer.count, start + stretch)
            let part = UnsafeBufferPointer(rebasing: buffer[start..<end])
            if let bad = firstInvalidUTF8(part) {
                // A sequence cut by the stretch edge is checked again from its start.
                if end < buffer.count && bad >= part.count - 3 && bad > 0 { start += bad; continue }
                return start + bad
            }
            release(0..<end)
            start = end
        }
        return nil
    }

    static func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        do {
            let count = buffer.count
            var index = 0
            while index < count {
                // ASCII fast path, 8 bytes at a time.
                if index + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 { index += 8; continue }
                }
                let lead = buffer[index]
                if lead < 0x80 { index += 1; continue }
                var length = 0
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return index
                }
                guard index + length <= count else { return index }
                let second = buffer[index + 1]
                guard second >= lower && second <= upper else { return index }
                for offset in 2..<max(2, length) where buffer[index + offset] & 0xC0 != 0x80 { return index }
                index += length
            }
            return nil
        }
    }

    /// Converts UTF-16 through iconv in blocks, carrying a code unit cut by a block edge into the next block.
    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding, file: String, baseOffset: Int) throws -> [UInt8] {
        guard let converter = Iconv(from: encoding.rawValue) else {
            throw SpreadsheetError(file: file, .unsupportedFormat("iconv 不支持 \(encoding.rawValue)"))
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var local = 0
        while local < raw.count {
            let end = min(raw.count, local + (1 << 20))
            do {
                let left = try converter.convert(UnsafeRawBufferPointer(rebasing: raw[local..<end]), into: &output, final: end == raw.count)
                local = end - left
            } catch let failure as Iconv.Failure {
                throw undecodable(file: file, encoding: encoding, offset: baseOffset + local + failure.offset, bytes: bytes, at: local + failure.offset)
            }
        }
        return output
    }


    /// Encodes UTF-8 text into `encoding` (for writers).
    public static func encode(_ text: String, as encoding: TextEncoding, file: String) throws -> [UInt8] {
        if encoding == .utf8 { return Array(text.utf8) }
        guard let converter = Iconv(from: "UTF-8", to: encoding.rawValue) else {
            throw SpreadsheetError(file: file, .unsupportedFormat("iconv 不支持 \(encoding.rawValue)"))
        }
        var output: [UInt8] = []
        do {
            try Array(text.utf8).withUnsafeBytes { _ = try converter.convert($0, into: &output, final: true) }
        } catch {
            throw SpreadsheetError(file: file, .invalid("文本含有 \(encoding.rawValue) 无法表示的字符"))
        }
        return output
    }
}
