// Reads an annual report's text: tab-separated table blocks become grids, the rest is narrative.

/// An annual report's text: its tab-separated tables as sheets, the rest as numbered narrative lines.
public enum ReportTextReader {
    /// Reads a report text file (any encoding `TextDecoding` detects).
    public static func read(path: String, encoding: TextEncoding? = nil) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path, encoding: encoding)
    }

    /// Splits the text into table blocks (runs of lines holding tabs; one blank line inside a block is
    /// tolerated when the block goes on after it) and narrative lines. Each block is a sheet named
    /// `表1`, `表2`…; each grid row keeps the 1-based line it came from.
    public static func read(bytes: [UInt8], fileName: String, encoding: TextEncoding? = nil) throws -> Workbook {
        let decoded = try TextDecoding.decode(bytes, file: fileName, encoding: encoding)
        let lines = splitLines(decoded.utf8)
        var sheets: [Sheet] = []
        var narrative: [(line: Int, text: String)] = []
        var block: [(line: Int, fields: [String])] = []

        func closeBlock() {
            guard !block.isEmpty else { return }
            var grid = Grid()
            for (row, entry) in block.enumerated() {
                for (column, field) in entry.fields.enumerated() {
                    let text = field.trimmingCharacters(in: " \u{3000}\u{00A0}")
                    if !text.isEmpty { grid[row, column] = Cell(CSVReader.value(of: text)) }
                }
            }
            grid.sourceLines = block.map(\.line)
            sheets.append(Sheet(name: "表\(sheets.count + 1)", grid: grid))
            block.removeAll()
        }

        var index = 0
        while index < lines.count {
            let text = lines[index]
            let number = index + 1
            if text.contains("\t") {
                block.append((number, text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
            } else if text.allSatisfy({ $0 == " " || $0 == "\u{3000}" }), !block.isEmpty,
                      index + 1 < lines.count, lines[index + 1].contains("\t") {
                // A blank line between two parts of one table.
            } else {
                closeBlock()
                if !text.isEmpty { narrative.append((number, text)) }
            }
            index += 1
        }
        closeBlock()
        return Workbook(source: fileName, format: .text, sheets: sheets, narrative: narrative, encoding: decoded.encoding)
    }

    static func splitLines(_ utf8: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(String(decoding: utf8[start..<index], as: UTF8.self))
                if byte == 0x0D && index + 1 < utf8.count && utf8[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < utf8.count { lines.append(String(decoding: utf8[start...], as: UTF8.self)) }
        return lines
    }
}

extension String {
    /// Trims any of the given characters from both ends.
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
