// Writes CSV for Excel in China: UTF-8 with BOM (or GB18030), CRLF, RFC 4180 quoting, injection guard.

public struct CSVWriterOptions: Sendable {
    public var encoding: TextEncoding = .utf8
    /// Write a UTF-8 BOM (Chinese Excel needs it to see UTF-8).
    public var bom = true
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Prefix text that starts with `= + - @`, tab or CR with `'` so spreadsheets never run it (OWASP).
    public var guardFormulas = true
    public init(encoding: TextEncoding = .utf8, bom: Bool = true, delimiter: UInt8 = UInt8(ascii: ","), guardFormulas: Bool = true) {
        self.encoding = encoding
        self.bom = bom
        self.delimiter = delimiter
        self.guardFormulas = guardFormulas
    }
}

/// Accumulates records and renders them; `rows` streams into any byte sink.
public struct CSVWriter {
    public var options: CSVWriterOptions
    private var utf8: [UInt8] = []

    public init(options: CSVWriterOptions = CSVWriterOptions()) {
        self.options = options
        if options.encoding == .utf8 && options.bom { utf8 = [0xEF, 0xBB, 0xBF] }
    }

    /// Appends one record. Numbers are written as numbers, never guarded.
    public mutating func append(_ values: [CellValue]) {
        for (index, value) in values.enumerated() {
            if index > 0 { utf8.append(options.delimiter) }
            appendField(value)
        }
        utf8.append(0x0D)
        utf8.append(0x0A)
    }

    public mutating func append(texts: [String]) {
        append(texts.map { $0.isEmpty ? CellValue.empty : .text($0) })
    }

    private mutating func appendField(_ value: CellValue) {
        var text: String
        switch value {
        case .text(let string):
            text = string
            if options.guardFormulas, let first = string.unicodeScalars.first,
               ["=", "+", "-", "@", "\t", "\r"].contains(first) {
                text = "'" + string
            }
        default:
            text = value.text
        }
        let bytes = Array(text.utf8)
        let needsQuotes = bytes.contains { $0 == options.delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if needsQuotes {
            utf8.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { utf8.append(byte) }
                utf8.append(byte)
            }
            utf8.append(UInt8(ascii: "\""))
        } else {
            utf8.append(contentsOf: bytes)
        }
    }

    /// The encoded bytes.
    public func bytes(file: String = "<csv>") throws -> [UInt8] {
        if options.encoding == .utf8 { return utf8 }
        return try TextDecoding.encode(String(decoding: utf8, as: UTF8.self), as: options.encoding, file: file)
    }

    /// Renders a grid from A1 to its extent.
    public static func render(_ grid: Grid, options: CSVWriterOptions = CSVWriterOptions()) throws -> [UInt8] {
        var writer = CSVWriter(options: options)
        for row in 0..<grid.rowCount {
            var values = [CellValue](repeating: .empty, count: grid.columnCount)
            for (column, cell) in grid.cells(inRow: row) { values[column] = cell.value }
            writer.append(values)
        }
        return try writer.bytes()
    }
}
