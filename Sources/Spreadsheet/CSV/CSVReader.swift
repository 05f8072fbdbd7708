// Parses CSV/TSV (RFC 4180 plus what Excel writes) from UTF-8 bytes into rows, streamed or as a grid.
import ZipArchive

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

/// CSV/TSV into workbooks or streamed records, in any encoding `TextDecoding` detects.
public enum CSVReader {
    /// Reads a CSV/TSV file into a one-sheet workbook.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Workbook {
        var grid = Grid()
        let encoding = try forEachRecord(path: path, options: options) { row, record in
            try store(record, row: row, in: &grid, fileName: path, options: options)
        }
        return workbook(grid, fileName: path, encoding: encoding)
    }

    public static func read(bytes: [UInt8], fileName: String, options: CSVOptions = CSVOptions()) throws -> Workbook {
        var grid = Grid()
        let encoding = try forEachRecord(bytes: bytes, fileName: fileName, options: options) { row, record in
            try store(record, row: row, in: &grid, fileName: fileName, options: options)
        }
        return workbook(grid, fileName: fileName, encoding: encoding)
    }

    /// One record into the grid, within Excel's limits; plain decimals become numbers when asked.
    private static func store(_ record: CSVRecord, row: Int, in grid: inout Grid, fileName: String, options: CSVOptions) throws {
        guard record.count <= CellRef.maxColumns, row < CellRef.maxRows else {
            throw SpreadsheetError(file: fileName, location: "第 \(row + 1) 行", .tooLarge(
                row < CellRef.maxRows ? "一行有 \(record.count) 列，超过 Excel 的 16384 列" : "超过 Excel 的 1048576 行"))
        }
        var cells: [ColumnCell] = []
        cells.reserveCapacity(record.count)
        for column in 0..<record.count where record[column].count > 0 {
            let field = record.string(column)
            cells.append(ColumnCell(column: column, cell: Cell(options.numbers ? CSVReader.value(of: field) : .text(field))))
        }
        grid.setRow(row, cells)
        // Past the cap the rest of the file is not parsed: a 59 MB export is refused in the time of its first rows.
        if grid.overflowed { throw SpreadsheetError.tooManyCells(file: fileName) }
    }

    private static func workbook(_ grid: Grid, fileName: String, encoding: TextEncoding) -> Workbook {
        let name = String(fileName.split(separator: "/").last ?? "Sheet1")
        return Workbook(source: fileName, format: .csv, sheets: [Sheet(name: name, grid: grid)], encoding: encoding)
    }

    /// Streams the records of a file as byte ranges with bounded memory: UTF-8 is parsed straight from the
    /// memory-mapped file; other encodings are decoded in blocks (partial sequences and records carried from
    /// block to block) and parsed as they come.
    @discardableResult
    public static func forEachRecord(path: String, options: CSVOptions = CSVOptions(), blockSize: Int = 1 << 20,
                                     _ body: (Int, CSVRecord) throws -> Void) throws -> TextEncoding {
        let source = try FileBytes.map(path)
        return try withExtendedLifetime(source) {
            let input = UnsafeBufferPointer(start: source.buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), count: source.buffer.count)
            let detection = try TextDecoding.detect(input, file: path, forced: options.encoding, release: source.release)
            let body8 = UnsafeBufferPointer(rebasing: input[detection.skip...])
            var parser: CSVParser?
            var pending: [UInt8] = []
            // Hands decoded UTF-8 to the parser; the first block decides `sep=` and the delimiter.
            func feed(_ utf8: UnsafeBufferPointer<UInt8>, final: Bool) throws {
                pending.append(contentsOf: utf8)
                try pending.withUnsafeBufferPointer { buffer in
                    var start = 0
                    if parser == nil {
                        guard final || buffer.count >= 64 << 10 else { return }  // sniff on a fuller sample
                        let chosen = dialect(buffer, options: options, encoding: detection.encoding)
                        start = chosen.start
                        parser = CSVParser(delimiter: chosen.delimiter)
                    }
                    let consumed = try parser!.parse(UnsafeBufferPointer(rebasing: buffer[start...]), final: final, fileName: path, body: body)
                    pending.removeFirst(start + consumed)
                }
            }
            switch detection.encoding {
            case .utf8:
                // Straight from the mapped file: no decoded copy.
                let (start, delimiter) = dialect(body8, options: options, encoding: .utf8)
                let rest = UnsafeBufferPointer(rebasing: body8[start...])
                var direct = CSVParser(delimiter: delimiter)
                // Block by block over the map (records never copied); pages behind the parser are let go.
                var position = 0
                var size = blockSize
                while true {
                    let end = min(rest.count, position + size)
                    let final = end == rest.count
                    let consumed = try direct.parse(UnsafeBufferPointer(rebasing: rest[position..<end]), final: final, fileName: path, body: body)
                    if final { break }
                    if consumed == 0 { size *= 2; continue }  // one record longer than a block
                    position += consumed
                    size = blockSize
                    source.release(0..<(detection.skip + start + position))
                }
            case .gb18030:
                var offset = 0
                while offset < body8.count {
                    let end = min(body8.count, offset + blockSize)
                    let final = end == body8.count
                    let block = Array(body8[offset..<end])[...]
                    do {
                        let utf8 = try GB18030.decode(block)
                        try utf8.withUnsafeBufferPointer { try feed($0, final: final) }
                        offset = end
                        source.release(0..<(detection.skip + offset))
                    } catch let failure as GB18030.Failure {
                        // A sequence cut by the block edge: decode up to it, carry it into the next block.
                        guard !final, failure.offset >= block.count - 3, failure.offset > 0 else {
                            throw TextDecoding.undecodable(file: path, encoding: .gb18030, offset: detection.skip + offset + failure.offset,
                                                           bytes: body8, at: offset + failure.offset)
                        }
                        let utf8 = try GB18030.decode(block.prefix(failure.offset))
                        try utf8.withUnsafeBufferPointer { try feed($0, final: false) }
                        offset += failure.offset
                    }
                }
                if body8.isEmpty { try feed(UnsafeBufferPointer(start: nil, count: 0), final: true) }
            case .utf16LE, .utf16BE:
                guard let converter = Iconv(from: detection.encoding.rawValue) else {
                    throw SpreadsheetError(file: path, .unsupportedFormat("iconv 不支持 \(detection.encoding.rawValue)"))
                }
                var offset = 0
                repeat {
                    let end = min(body8.count, offset + blockSize)
                    let final = end == body8.count
                    var utf8: [UInt8] = []
                    let left: Int
                    do {
                        left = try converter.convert(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(body8)[offset..<end]), into: &utf8, final: final)
                    } catch let failure as Iconv.Failure {
                        throw TextDecoding.undecodable(file: path, encoding: detection.encoding, offset: detection.skip + offset + failure.offset,
                                                       bytes: body8, at: offset + failure.offset)
                    }
                    try utf8.withUnsafeBufferPointer { try feed($0, final: final) }
                    offset = end - left
                } while offset < body8.count
            }
            return detection.encoding
        }
    }

    /// Streams records: the 0-based record index and its fields. Returns the encoding that was used.
    @discardableResult
    public static func forEachRow(bytes: [UInt8], fileName: String, options: CSVOptions = CSVOptions(),
                                  _ body: (Int, [String]) throws -> Void) throws -> TextEncoding {
        try forEachRecord(bytes: bytes, fileName: fileName, options: options) { index, record in try body(index, record.strings) }
    }

    /// Streams records as byte ranges (no String per field unless asked for). Returns the encoding used.
    @discardableResult
    public static func forEachRecord(bytes: [UInt8], fileName: String, options: CSVOptions = CSVOptions(),
                                     _ body: (Int, CSVRecord) throws -> Void) throws -> TextEncoding {
        let decoded = try TextDecoding.decode(bytes, file: fileName, encoding: options.encoding)
        try decoded.utf8.withUnsafeBufferPointer { buffer in
            let (start, delimiter) = dialect(buffer, options: options, encoding: decoded.encoding)
            var parser = CSVParser(delimiter: delimiter)
            try parser.parse(UnsafeBufferPointer(rebasing: buffer[start...]), fileName: fileName, body: body)
        }
        return decoded.encoding
    }

    /// Where records start (after Excel's `sep=` line) and the delimiter: forced, from `sep=`, or sniffed
    /// (UTF-16 text defaults to tab, as Excel's "Unicode text" is).
    static func dialect(_ buffer: UnsafeBufferPointer<UInt8>, options: CSVOptions, encoding: TextEncoding) -> (start: Int, delimiter: UInt8) {
        var start = 0
        var delimiter = options.delimiter
        if let (sep, length) = sepLine(buffer) {
            delimiter = delimiter ?? sep
            start = length
        }
        let chosen = delimiter ?? DelimiterSniffer.sniff(UnsafeBufferPointer(rebasing: buffer[start...]),
                                                         defaultTab: encoding == .utf16LE || encoding == .utf16BE)
        return (start, chosen)
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
    /// (phone numbers, codes), full-width digits, separators, units and everything else stay text (`NumberLexer`).
    public static func value(of field: String) -> CellValue {
        guard field.utf8.count <= 20, let number = NumberLexer.plainNumber(field), !number.hasLeadingZero else { return .text(field) }
        // Whole numbers from their digits (a fifth of `Double(String)`, and as exact: both round to nearest); `-0` keeps
        // its sign through `Double`.
        if let whole = number.wholeValue, whole != 0 || !number.isNegative { return .number(Double(whole), source: field) }
        guard let double = Double(field) else { return .text(field) }
        return .number(double, source: field)
    }
}

/// One record as byte ranges over the decoded input: no String is made until a field is asked for.
public struct CSVRecord {
    fileprivate let input: UnsafeBufferPointer<UInt8>
    fileprivate let unescaped: UnsafeBufferPointer<UInt8>
    /// Per field: start and end offsets; negative offsets point into the unescaped side buffer (quoted fields).
    fileprivate let ranges: UnsafeBufferPointer<(Int, Int)>

    public var count: Int { ranges.count }

    /// The field's UTF-8 bytes, valid only during the callback.
    public subscript(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let (start, end) = ranges[index]
        if start < 0 { return UnsafeBufferPointer(rebasing: unescaped[(-start - 1)..<(-end - 1)]) }
        return UnsafeBufferPointer(rebasing: input[start..<end])
    }

    public func string(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    public var strings: [String] { (0..<count).map(string) }
}

/// The RFC 4180 state machine over UTF-8 bytes. Fields are byte ranges; quoted fields are unescaped into
/// a side buffer.
struct CSVParser {
    let delimiter: UInt8
    /// Records emitted and lines passed so far (they carry over from block to block).
    private(set) var record = 0
    private(set) var line = 1

    init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Parses `buffer` and emits its records. When `final` is false the buffer is one block of a stream: the
    /// record it ends inside is not emitted, and the returned offset is where that record starts (the caller
    /// keeps those bytes for the next block). Returns `buffer.count` when everything was consumed.
    @discardableResult
    mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool = true, fileName: String,
                        body: (Int, CSVRecord) throws -> Void) throws -> Int {
        var ranges: [(Int, Int)] = []
        ranges.reserveCapacity(64)
        var side: [UInt8] = []
        side.reserveCapacity(4096)
        var record = self.record
        var line = self.line
        defer {
            self.record = record
            self.line = line
        }
        var recordStart = 0
        var lineAtRecordStart = line
        var index = 0
        let count = buffer.count
        var quoted = false
        var quoteLine = 0
        var fieldStart = 0
        var sideStart = -1  // where the current field starts in `side` once it was quoted, else -1

        func endField(_ end: Int) {
            if sideStart >= 0 {
                ranges.append((-sideStart - 1, -side.count - 1))
            } else {
                ranges.append((fieldStart, end))
            }
            sideStart = -1
        }
        func emit() throws {
            try side.withUnsafeBufferPointer { unescaped in
                try ranges.withUnsafeBufferPointer { fields in
                    try body(record, CSVRecord(input: buffer, unescaped: unescaped, ranges: fields))
                }
            }
            ranges.removeAll(keepingCapacity: true)
            side.removeAll(keepingCapacity: true)
            record += 1
        }

        let delimiter = self.delimiter
        while index < count {
            let byte = buffer[index]
            // Ordinary bytes of an unquoted field: skip them in a tight loop.
            if !quoted && sideStart < 0 && byte != delimiter && byte > 0x22 {
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
                        side.append(UInt8(ascii: "\""))
                        index += 2
                        continue
                    }
                    quoted = false
                    index += 1
                    continue
                }
                if byte == 0x0A { line += 1 } else if byte == 0x0D && (index + 1 >= count || buffer[index + 1] != 0x0A) { line += 1 }
                side.append(byte)
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
                // A CR ending a block may be the first half of a CRLF: decide with the next block.
                if byte == 0x0D && index + 1 == count && !final { break }
                endField(index)
                try emit()
                line += 1
                index += (byte == 0x0D && index + 1 < count && buffer[index + 1] == 0x0A) ? 2 : 1
                fieldStart = index
                recordStart = index
                lineAtRecordStart = line
                continue
            }
            if byte == UInt8(ascii: "\"") && sideStart < 0 && index == fieldStart {
                quoted = true
                quoteLine = line
                sideStart = side.count
                index += 1
                continue
            }
            if sideStart >= 0 {
                side.append(byte)  // text after a closing quote: kept, as Excel does
            }
            index += 1
        }
        if !final {
            line = lineAtRecordStart
            return recordStart
        }
        if quoted {
            throw SpreadsheetError(file: fileName, location: "第 \(quoteLine) 行", .unterminatedQuote(line: quoteLine))
        }
        if fieldStart < count || !ranges.isEmpty || sideStart >= 0 {
            endField(count)
            try emit()
        }
        return count
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

extension CSVReader: FormatReader {
    public static let formatName = "CSV/TSV 文本表格"

    /// Any text (no container, no markup) whatever its name: a .csv, a .tsv, a file of no known extension.
    /// Under a zip package's or a PDF's name, only text that is plainly a table (an OA system's export) is read as one;
    /// other text there (a truncated download, a note) gets the container's own words.
    public static func sniff(_ probe: FormatProbe) -> Bool {
        guard probe.container == .other, TextSniff.isPlainText(probe) else { return false }
        return !TextSniff.packageExtensions.contains(probe.fileExtension) || TextSniff.isTabular(probe)
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        let tab = ["tsv", "tab"].contains(input.fileExtension) ? UInt8(0x09) : nil
        return try read(bytes: input.bytes, fileName: input.path, options: CSVOptions(encoding: input.encoding, delimiter: input.delimiter ?? tab))
    }
}

/// Whether a file's head is text in one of the encodings `TextDecoding` reads, and not markup another reader owns.
public enum TextSniff {
    /// Names of formats that are never plain text.
    public static let packageExtensions: Set<String> = ["xlsx", "xlsm", "xltx", "xltm", "docx", "docm", "dotx", "dotm", "odt", "ott", "ods", "pdf"]

    /// At least two lines that hold a delimiter (comma, tab, semicolon), in the head.
    public static func isTabular(_ probe: FormatProbe) -> Bool {
        var lines = 0, delimited = false
        for byte in probe.head() {
            if byte == 0x2C || byte == 0x09 || byte == 0x3B { delimited = true }
            if byte == 0x0A { if delimited { lines += 1 }; delimited = false }
        }
        return lines >= 2
    }

    public static func isPlainText(_ probe: FormatProbe) -> Bool {
        let head = probe.head()
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
        var nulls = 0, controls = 0
        for byte in head {
            if byte == 0 { nulls += 1 }
            else if byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) { controls += 1 }
        }
        // UTF-16 without a byte order mark, judged as the decoder judges it (one place decides).
        if nulls > 0 { return TextDecoding.detectUTF16(Array(head)) != nil }
        guard controls * 100 <= head.count else { return false }
        return !startsWithXML(head)
    }

    /// An XML document (`<?xml`, `<!DOCTYPE`, a root element) that no reader recognised is not a CSV.
    private static func startsWithXML(_ head: UnsafeRawBufferPointer) -> Bool {
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        guard start + 1 < head.count, head[start] == UInt8(ascii: "<") else { return false }
        let next = head[start + 1]
        return next == UInt8(ascii: "?") || next == UInt8(ascii: "!") || (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
    }
}
