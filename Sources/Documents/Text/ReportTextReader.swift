// Reads an annual report's text in every shape pages give when copied: table blocks become grids, the rest is narrative.
import Spreadsheet

/// An annual report's text: its tables as sheets, the rest as numbered narrative lines.
///
/// Table shapes, decided per block of lines:
/// - **rows**: one line per table row, cells separated by tabs, by `|` (with or without leading and trailing pipes), or
///   by runs of two or more spaces (fixed-width copies);
/// - **cell streams**: one cell per line (with or without `|` after each cell and `||` filler lines for merged cells),
///   or cells separated by blank lines (a cell may wrap over lines: `本年新` / `制作数量`). Rows are rebuilt: a row
///   ends where a label follows values; a run of header texts before a row's label becomes a header row.
public enum ReportTextReader {
    /// Reads a report text file (any encoding `TextDecoding` detects).
    public static func read(path: String, encoding: TextEncoding? = nil) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path, encoding: encoding)
    }

    /// Splits the text into table blocks and narrative lines. Each block is a sheet named `表1`, `表2`…; each grid row
    /// keeps the 1-based line it came from.
    public static func read(bytes: [UInt8], fileName: String, encoding: TextEncoding? = nil) throws -> Workbook {
        let decoded = try TextDecoding.decode(bytes, file: fileName, encoding: encoding)
        let lines = splitLines(decoded.utf8)
        let kinds = lines.map(TextLine.classify)
        var sheets: [Sheet] = []
        var narrative: [(line: Int, text: String)] = []

        var index = 0
        while index < kinds.count {
            guard kinds[index].isTableMaterial else {
                if case .prose(let text) = kinds[index] { narrative.append((index + 1, text)) }
                index += 1
                continue
            }
            // A run of table material: rows, single cells, fillers and blank lines, up to the next prose line.
            var end = index
            while end < kinds.count, kinds[end].isTableMaterial { end += 1 }
            let run = Array(kinds[index..<end].enumerated().map { (line: index + $0.offset + 1, kind: $0.element) })
            let split = TextTableBuilder.tables(run)
            for grid in split.grids { sheets.append(Sheet(name: "表\(sheets.count + 1)", grid: grid)) }
            for entry in split.rest {
                switch entry.kind {
                case .single(let text), .prose(let text): narrative.append((entry.line, text))
                case .fields(let fields, _): narrative.append((entry.line, fields.filter { !$0.isEmpty }.joined(separator: " ")))
                default: break
                }
            }
            index = end
        }
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

/// What one line of a report text is.
enum TextLine: Equatable {
    case blank
    /// Only separators (`|||`): the empty cells of a merged row in a cell-per-line copy.
    case filler
    /// Two or more non-empty cells on one line; `aligned` when the separator keeps empty cells (tabs, pipes).
    case fields([String], aligned: Bool)
    /// One short cell (a label, a header word or a value).
    case single(String)
    /// A sentence: narrative.
    case prose(String)

    var isTableMaterial: Bool {
        switch self {
        case .prose: return false
        default: return true
        }
    }

    static let spaces: Set<Character> = [" ", "\u{3000}", "\u{00A0}"]

    static func trim(_ text: Substring) -> String {
        DocumentText.trimmed(Array(text.utf8))
    }

    static func classify(_ raw: String) -> TextLine {
        let line = trim(raw[...])
        if line.isEmpty { return .blank }
        if line.contains("\t") {
            // Leading tabs are empty cells of merged columns: keep positions from the raw line.
            let fields = raw.split(separator: "\t", omittingEmptySubsequences: false).map(trim)
            return fromFields(fields, aligned: true, line: line)
        }
        if line.contains("|") || line.contains("｜") {
            var fields = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "|" || $0 == "｜" }).map(trim)
            if fields.first == "" { fields.removeFirst() }
            if fields.last == "" { fields.removeLast() }
            return fromFields(fields, aligned: true, line: line)
        }
        if let fields = spacedFields(line) { return .fields(fields, aligned: false) }
        if let fields = labelWithValues(line) { return .fields(fields, aligned: false) }
        return isCellText(line) ? .single(line) : .prose(line)
    }

    private static func fromFields(_ fields: [String], aligned: Bool, line: String) -> TextLine {
        let filled = fields.filter { !$0.isEmpty }
        switch filled.count {
        case 0: return .filler
        case 1: return isCellText(filled[0]) || isValue(filled[0]) ? .single(filled[0]) : .prose(filled[0])
        default: return .fields(fields, aligned: aligned)
        }
    }

    /// Cells separated by runs of two or more spaces, when they look like a table row: some value among short cells,
    /// or three or more short header words without sentence punctuation.
    private static func spacedFields(_ line: String) -> [String]? {
        var fields: [String] = []
        var current = ""
        var spaceRun = ""
        for character in line {
            if spaces.contains(character) {
                spaceRun.append(character)
                continue
            }
            if !spaceRun.isEmpty {
                let wide = spaceRun.count >= 2 || spaceRun.contains("\u{3000}")
                if wide {
                    fields.append(current)
                    current = ""
                } else {
                    current += spaceRun
                }
                spaceRun = ""
            }
            current.append(character)
        }
        fields.append(current)
        guard fields.count >= 2, fields.allSatisfy({ !$0.contains("。") && $0.count <= 60 }) else { return nil }
        let values = fields.filter(isValue).count
        if values >= 1 && fields.filter({ !isValue($0) }).allSatisfy(isCellText) { return fields }
        if fields.count >= 3 && fields.allSatisfy({ $0.count <= 20 && !$0.contains(where: { "：:，,；;".contains($0) }) }) { return fields }
        return nil
    }

    /// A label followed by values each after a single space (`规章 0 0 0`, `行政处罚 1472`): the values split off.
    private static func labelWithValues(_ line: String) -> [String]? {
        let words = line.split(whereSeparator: { spaces.contains($0) }).map(String.init)
        guard let lastLabel = words.lastIndex(where: { !isValue($0) }), lastLabel + 1 < words.count else { return nil }
        let values = Array(words[(lastLabel + 1)...])
        let label = words[...lastLabel].joined(separator: " ")
        guard isCellText(label), !isValue(label), label.count >= 2 else { return nil }
        return [label] + values
    }

    /// Short text without sentence punctuation: a label, header word or heading rather than prose.
    static func isCellText(_ text: String) -> Bool {
        text.count <= 50 && !text.contains("。") && !text.contains("；") && !statesACount(text)
    }

    /// A number (ASCII or full-width digits) followed by 件 inside a text (「共收到申请12件，均已办结」): a statement, which no table cell makes.
    static func statesACount(_ text: String) -> Bool {
        var sawDigit = false
        for scalar in text.unicodeScalars {
            if NumberLexer.digitValue(scalar) != nil { sawDigit = true; continue }
            if sawDigit && scalar == "件" { return true }
            if scalar != " " { sawDigit = false }
        }
        return false
    }

    /// A number as people type it in a table (`12`, `1,472`, `0.5万元`, `３８４`, `－3`) or a mark for none (`/`, `-`,
    /// `—`, `无`): what fills a table's value cells (`NumberToken.isTableValue`). Dates (`2024-01-15`), phone numbers
    /// and codes are not values.
    static func isValue(_ text: String) -> Bool {
        NumberLexer.lex(text).isTableValue
    }
}

/// Turns a run of table material into a grid: rows as given, or rows rebuilt from a stream of cells.
enum TextTableBuilder {
    typealias Entry = (line: Int, kind: TextLine)

    /// The tables of a run of table material, and the lines that belong to the narrative after all.
    ///
    /// Where lines hold rows (cells side by side with values), a table is a group of consecutive non-blank lines with at
    /// least one such row; one blank line between two groups keeps them one table; a short line standing alone between
    /// blank lines is a heading, and narrative. Otherwise the run may be a stream of cells, one per line.
    static func tables(_ run: [Entry]) -> (grids: [Grid], rest: [Entry]) {
        func isRow(_ kind: TextLine) -> Bool {
            if case .fields(let fields, _) = kind { return fields.contains(where: TextLine.isValue) || fields.filter { !$0.isEmpty }.count >= 2 }
            return false
        }
        let hasValueRows = run.contains { entry in
            if case .fields(let fields, _) = entry.kind { return fields.contains(where: TextLine.isValue) }
            return false
        }
        guard hasValueRows else {
            // A heading or title in a stream of cells is narrative, wherever it stands.
            let headings = run.filter { if case .single(let text) = $0.kind { return isHeading(text) } else { return false } }
            let body = run.filter { if case .single(let text) = $0.kind { return !isHeading(text) } else { return true } }
            let cells = streamCells(body)
            guard cells.filter(\.isValue).count >= 2 else { return ([], run) }
            return ([streamGrid(cells)], headings)
        }
        // Groups of consecutive non-blank lines; a section heading (「三、收到和处理…」 alone on its line) is a group of
        // its own even without blank lines around it.
        var groups: [[Entry]] = []
        var current: [Entry] = []
        var blanksBefore: [Int] = []
        var blanks = 0
        for entry in run {
            if case .single(let text) = entry.kind, isHeading(text) {
                if !current.isEmpty { groups.append(current); current = [] }
                blanksBefore.append(max(blanks, 2))
                groups.append([entry])
                blanks = 2
                continue
            }
            if entry.kind == .blank {
                if !current.isEmpty { groups.append(current); current = [] }
                blanks += 1
                continue
            }
            if current.isEmpty { blanksBefore.append(blanks) }
            blanks = 0
            current.append(entry)
        }
        if !current.isEmpty { groups.append(current) }
        var grids: [Grid] = []
        var rest: [Entry] = []
        var table: [Entry] = []
        for (index, group) in groups.enumerated() {
            guard group.contains(where: { isRow($0.kind) }) else {
                if !table.isEmpty { grids.append(rowGrid(table)); table = [] }
                rest += group
                continue
            }
            if !table.isEmpty && blanksBefore[index] > 1 { grids.append(rowGrid(table)); table = [] }
            table += group
        }
        if !table.isEmpty { grids.append(rowGrid(table)) }
        return (grids, rest)
    }

    /// One line per row; single cells as one-cell rows; blank and filler lines skipped.
    private static func rowGrid(_ run: [Entry]) -> Grid {
        var grid = Grid()
        var lines: [Int] = []
        for entry in run {
            let fields: [String]
            switch entry.kind {
            case .fields(let found, _): fields = found
            case .single(let text): fields = [text]
            default: continue
            }
            let row = lines.count
            for (column, field) in fields.enumerated() where !field.isEmpty {
                grid[row, column] = Cell(CSVReader.value(of: field))
            }
            lines.append(entry.line)
        }
        grid.origins = lines.map { RowOrigin(line: $0) }
        return grid
    }

    struct StreamCell {
        var text: String
        var line: Int
        var isValue: Bool
    }

    /// The cells of a cell-per-line run. Where blank lines separate cells, consecutive text lines are one wrapped cell.
    static func streamCells(_ run: [Entry]) -> [StreamCell] {
        let singles = run.filter { if case .single = $0.kind { return true } else { return false } }.count
        let blanks = run.filter { $0.kind == .blank }.count
        let blankSeparated = singles > 2 && blanks * 2 >= singles
        var cells: [StreamCell] = []
        var previousWasText = false
        for entry in run {
            switch entry.kind {
            case .single(let text):
                let value = TextLine.isValue(text)
                if blankSeparated, previousWasText, !value, let last = cells.last, !last.isValue {
                    cells[cells.count - 1].text += "\n" + text
                } else {
                    cells.append(StreamCell(text: text, line: entry.line, isValue: value))
                }
                previousWasText = !value
            case .fields(let fields, _):
                for field in fields where !field.isEmpty {
                    cells.append(StreamCell(text: field, line: entry.line, isValue: TextLine.isValue(field)))
                }
                previousWasText = false
            default:
                previousWasText = false
            }
        }
        return cells
    }

    /// Rows from a stream of cells: a row is the texts after the previous values, then its values. Of those texts,
    /// the row's label is the last (with the numbered parents right before it: `（三）不予公开` · `1.属于国家秘密`); the
    /// texts before it form a header row. A label that repeats a text of the same run (a column header used under two
    /// groups, such as 总计) is a header word, and the values have no label.
    static func streamGrid(_ cells: [StreamCell]) -> Grid {
        var grid = Grid()
        var lines: [Int] = []
        var cellLines: [[Int]] = []
        var index = 0
        func addRow(_ row: [StreamCell]) {
            guard !row.isEmpty else { return }
            let number = lines.count
            for (column, cell) in row.enumerated() { grid[number, column] = Cell(CSVReader.value(of: cell.text)) }
            lines.append(row[0].line)
            cellLines.append(row.map(\.line))
        }
        while index < cells.count {
            var texts: [StreamCell] = []
            while index < cells.count, !cells[index].isValue { texts.append(cells[index]); index += 1 }
            var values: [StreamCell] = []
            while index < cells.count, cells[index].isValue { values.append(cells[index]); index += 1 }
            guard !values.isEmpty else {
                addRow(texts)
                continue
            }
            var labelCount = texts.isEmpty ? 0 : 1
            if let last = texts.last, texts.dropLast().contains(where: { $0.text == last.text }) { labelCount = 0 }
            while labelCount > 0, labelCount < texts.count, labelCount < 3,
                  hasNumbering(texts[texts.count - labelCount].text), hasNumbering(texts[texts.count - labelCount - 1].text) {
                labelCount += 1
            }
            addRow(Array(texts.dropLast(labelCount)))
            addRow(Array(texts.suffix(labelCount)) + values)
        }
        grid.origins = zip(lines, cellLines).map { RowOrigin(line: $0, cellLines: $1) }
        return grid
    }

    /// A document's title (「…报告」, 「…年报」) or a first-level heading of a Chinese official report (「三、…情况」,
    /// 「六、其他需要报告的事项」, numbered as GB/T 9704 prescribes): narrative even when it touches a table. Text
    /// copies and PDFs share this rule.
    static func isHeading(_ text: String) -> Bool {
        if text.hasSuffix("报告") || text.hasSuffix("年报") { return true }
        let scalars = Array(text.unicodeScalars.prefix(3))
        let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        guard text.unicodeScalars.count >= 5, let first = scalars.first, numerals.contains(first) else { return false }
        let numbered = scalars[1] == "、" || (numerals.contains(scalars[1]) && scalars[2] == "、")
        return numbered && (text.hasSuffix("情况") || text.hasSuffix("事项"))
    }

    /// Whether a label starts with the numbering of Chinese official documents (GB/T 9704): `一、`, `（三）`/`(三)`, `1.`, `2、`.
    static func hasNumbering(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(5))
        guard let first = scalars.first else { return false }
        let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        if first == "(" || first == "（" { return scalars.count > 2 && numerals.contains(scalars[1]) }
        if numerals.contains(first) { return scalars.count > 1 && (scalars[1] == "、" || numerals.contains(scalars[1]) && scalars.count > 2 && scalars[2] == "、") }
        if first.properties.numericType != nil && first.isASCII {
            return scalars.count > 1 && (scalars[1] == "." || scalars[1] == "、" || scalars[1] == "．")
        }
        return false
    }
}


extension ReportTextReader: FormatReader {
    public static let formatName = "报告文本（.txt）"

    /// Text under a text file's name (a page's text copied into a .txt); other plain text is read as CSV.
    public static func sniff(_ probe: FormatProbe) -> Bool {
        ["txt", "text"].contains(probe.fileExtension) && probe.container == .other && TextSniff.isPlainText(probe)
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path, encoding: input.encoding)
    }
}
