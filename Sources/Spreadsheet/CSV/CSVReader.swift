// Parses CSV/TSV (RFC 4180 plus what Excel writes) from UTF-8 bytes into rows, streamed or as a grid.

/// Options for reading delimited text.
public struct CSVOptions: Sendable {
    /// Force an encoding instead of detecting it.
    public var encoding: TextEncoding?
    /// Force a delimiter instead of sniffing it.
    public var delimiter: UInt8?
    /// Turn plain decimal fields (`12`, `-3.5`) into number cells, as Excel does when it opens a CSV.
    public var numbers: Bool

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil, numbers: Bool = true) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.numbers = numbers
    }
}

public enum CSVReader {
    /// Reads a CSV/TSV file into a one-sheet workbook.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path, options: options)
    }

    public static func read(bytes: [UInt8], fileName: String, options: CSVOptions = CSVOptions()) throws -> Workbook {
        var grid = Grid()
        let decoded = try forEachRow(bytes: bytes, fileName: fileName, options: options) { row, fields in
            for (column, field) in fields.enumerated() where !field.isEmpty {
                grid[row, column] = Cell(options.numbers ? CSVReader.value(of: field) : .text(field))
            }
        }
        let name = String(fileName.split(separator: "/").last ?? "Sheet1")
        return Workbook(source: fileName, format: .csv, sheets: [Sheet(name: name, grid: grid)], encoding: decoded)
    }

    /// Streams the records of a file (see `forEachRow(bytes:…)`).
    @discardableResult
    public static func forEachRow(path: String, options: CSVOptions = CSVOptions(), _ body: (Int, [String]) throws -> Void) throws -> TextEncoding {
        try forEachRow(bytes: FileBytes.read(path), fileName: path, options: options, body)
    }

    /// Streams records: the 0-based record index and its fields. Returns the encoding that was used.
    @discardableResult
    public static func forEachRow(bytes: [UInt8], fileName: String, options: CSVOptions = CSVOptions(),
                                  _ body: (Int, [String]) throws -> Void) throws -> TextEncoding {
        let decoded = try TextDecoding.decode(bytes, file: fileName, encoding: options.encoding)
        try decoded.utf8.withUnsafeBufferPointer { buffer in
            var start = 0
            var delimiter = options.delimiter
            if let (sep, length) = sepLine(buffer) {
                delimiter = delimiter ?? sep
                start = length
            }
            let chosen = delimiter ?? DelimiterSniffer.sniff(UnsafeBufferPointer(rebasing: buffer[start...]),
                                                             defaultTab: decoded.encoding != .utf8 && decoded.encoding != .gb18030)
            var parser = CSVParser(delimiter: chosen)
            try parser.parse(UnsafeBufferPointer(rebasing: buffer[start...]), fileName: fileName, body: body)
        }
        return decoded.encoding
    }

    /// Excel's `sep=;` first line.
    static func sepLine(_ buffer: UnsafeBufferPointer<UInt8>) -> (UInt8, Int)? {
        guard buffer.count >= 5, buffer[0] | 0x20 == UInt8(ascii: "s"), buffer[1] | 0x20 == UInt8(ascii: "e"),
              buffer[2] | 0x20 == UInt8(ascii: "p"), buffer[3] == UInt8(ascii: "=") else { return nil }
        var end = 5
        while end < buffer.count, buffer[end] == 0x0D || buffer[end] == 0x0A { end += 1 }
        guard end == 5 || buffer[5] == 0x0D || buffer[5] == 0x0A else { return nil }
        return (buffer[4], end)
    }

    /// A field as Excel would see it: plain decimals become numbers (keeping their text); leading zeros
    /// (phone numbers, codes) and everything else stay text.
    public static func value(of field: String) -> CellValue {
        let utf8 = field.utf8
        guard !utf8.isEmpty, utf8.count <= 20 else { return .text(field) }
        var index = utf8.startIndex
        if utf8[index] == UInt8(ascii: "-") { index = utf8.index(after: index) }
        guard index != utf8.endIndex else { return .text(field) }
        let first = utf8[index]
        var digitsBeforePoint = 0
        var sawPoint = false
        var digitsAfterPoint = 0
        for byte in utf8[index...] {
            if byte >= 48 && byte <= 57 {
                if sawPoint { digitsAfterPoint += 1 } else { digitsBeforePoint += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return .text(field)
            }
        }
        guard digitsBeforePoint > 0, !sawPoint || digitsAfterPoint > 0 else { return .text(field) }
        if first == UInt8(ascii: "0") && digitsBeforePoint > 1 { return .text(field) }
        guard let number = Double(field) else { return .text(field) }
        return .number(number, source: field)
    }
}

/// The RFC 4180 state machine over UTF-8 bytes. Fields are byte ranges until a record ends.
struct CSVParser {
    let delimiter: UInt8
    init(delimiter: UInt8) { self.delimiter = delimiter }

    func parse(_ buffer: UnsafeBufferPointer<UInt8>, fileName: String, body: (Int, [String]) throws -> Void) throws {
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var record = 0
        var line = 1
        var index = 0
        let count = buffer.count
        var quoted = false
        var quoteLine = 0
        var fieldStart = 0
        var useBuffer = false  // whether the field so far lives in `field` (after quotes) or is buffer[fieldStart..<index]

        func endField(_ end: Int) {
            if useBuffer {
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[fieldStart..<end]), as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            useBuffer = false
        }

        let delimiter = self.delimiter
        while index < count {
            let byte = buffer[index]
            // Ordinary bytes of an unquoted field: skip them in a tight loop.
            if !quoted && !useBuffer && byte != delimiter && byte > 0x22 {
                index += 1
                while index < count {
                    let next = buffer[index]
                    if next == delimiter || next <= 0x22 { break }
                    index += 1
                }
                continue
            }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count && buffer[index + 1] == UInt8(ascii: "\"") {
                        field.append(UInt8(ascii: "\""))
                        index += 2
                        continue
                    }
                    quoted = false
                    index += 1
                    continue
                }
                if byte == 0x0A { line += 1 } else if byte == 0x0D && (index + 1 >= count || buffer[index + 1] != 0x0A) { line += 1 }
                field.append(byte)
                index += 1
                continue
            }
            if byte == delimiter {
                endField(index)
                index += 1
                fieldStart = index
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                endField(index)
                try body(record, fields)
                fields.removeAll(keepingCapacity: true)
                record += 1
                line += 1
                index += (byte == 0x0D && index + 1 < count && buffer[index + 1] == 0x0A) ? 2 : 1
                fieldStart = index
                continue
            }
            if byte == UInt8(ascii: "\"") && !useBuffer && index == fieldStart {
                quoted = true
                quoteLine = line
                useBuffer = true
                index += 1
                continue
            }
            if useBuffer {
                field.append(byte)  // text after a closing quote: kept, as Excel does
            }
            index += 1
        }
        if quoted {
            throw SpreadsheetError(file: fileName, location: "第 \(quoteLine) 行", .unterminatedQuote(line: quoteLine))
        }
        if fieldStart < count || !fields.isEmpty || useBuffer {
            endField(count)
            try body(record, fields)
        }
    }
}

/// Picks the delimiter whose parse of the first records gives the most consistent field counts.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]

    static func sniff(_ buffer: UnsafeBufferPointer<UInt8>, defaultTab: Bool) -> UInt8 {
        let sample = UnsafeBufferPointer(rebasing: buffer[0..<min(buffer.count, 64 << 10)])
        var best: (delimiter: UInt8, score: Int) = (defaultTab ? 0x09 : UInt8(ascii: ","), 0)
        let ordered = defaultTab ? [0x09, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|")] : candidates
        for candidate in ordered {
            var counts: [Int] = []
            var fields = 1
            var quoted = false
            var index = 0
            while index < sample.count && counts.count < 30 {
                let byte = sample[index]
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                else if !quoted && byte == candidate { fields += 1 }
                else if !quoted && (byte == 0x0A || byte == 0x0D) {
                    if byte == 0x0D && index + 1 < sample.count && sample[index + 1] == 0x0A { index += 1 }
                    counts.append(fields)
                    fields = 1
                }
                index += 1
            }
            if index >= sample.count && fields > 1 { counts.append(fields) }
            var histogram: [Int: Int] = [:]
            for count in counts where count > 1 { histogram[count, default: 0] += 1 }
            guard let mode = histogram.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            let score = mode.value * 1000 + min(mode.key, 999)
            if score > best.score { best = (candidate, score) }
        }
        return best.delimiter
    }
}
