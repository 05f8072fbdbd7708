// Printing like the official form: rows that grow with their wrapped CJK text, rows moved down for a note above.
import Spreadsheet

public enum PrintLayout {
    /// Display width of a text in Excel column units at 11 pt: CJK and full-width glyphs 2, others 1.
    static func displayWidth<S: StringProtocol>(_ text: S) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E7F ? 2.0 : 1.0) }
    }

    /// Lines a text takes when wrapped in a column `width` units wide (at `fontSize` pt); explicit breaks count.
    static func lines(_ text: String, width: Double, fontSize: Double) -> Int {
        // Column widths count characters of the default 11 pt font; a cell loses about one unit to its padding.
        let usable = max(1, (width - 1) * 11 / fontSize)
        // One line without a break (most cells): no split. A text whose UTF-8 is no longer than the width fits whatever
        // its characters (a character's display width never exceeds its UTF-8 length).
        if !text.utf8.contains(0x0A) {
            if Double(text.utf8.count) <= usable { return 1 }
            return max(1, Int((displayWidth(text) / usable).rounded(.up)))
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, line in
            total + max(1, Int((displayWidth(line) / usable).rounded(.up)))
        }
    }

    /// Row heights (points) that show every wrapped cell of `sheet` whole: each row as tall as its tallest cell, cells
    /// merged across columns measured over their whole width. Rows with a height already set keep the larger one.
    public static func fitRows(_ sheet: inout WorksheetDocument, widths: [Int: Double], defaultWidth: Double = 9) {
        var spans: [CellRef: Int] = [:]
        var tall = Set<CellRef>()
        for range in sheet.merged {
            if range.first.row == range.last.row { spans[range.first] = range.last.column } else { tall.insert(range.first) }
        }
        var tallest: [Int: Double] = [:]
        // A cell merged over several rows has their height already (the form's vertical labels): not measured.
        for (ref, cell) in sheet.cells where cell.style.wrap && !tall.contains(ref) {
            // Only text wraps: a number keeps to one line (and 分单位明细 holds a county's hundreds of thousands of them).
            guard case .text(let text) = cell.value, !text.isEmpty else { continue }
            let last = spans[ref] ?? ref.column
            let width = (ref.column...last).reduce(0.0) { $0 + (widths[$1] ?? defaultWidth) }
            let size = cell.style.font.size
            let height = Double(lines(text, width: width, fontSize: size)) * size * 1.4 + 5
            tallest[ref.row] = max(tallest[ref.row] ?? 0, height)
        }
        for (row, height) in tallest where height > (sheet.rowHeights[row] ?? 15) {
            sheet.rowHeights[row] = min(409, height.rounded(.up))
        }
    }

    /// The sheet with every cell, merge, height, validation, print title and formula reference moved `count` rows down
    /// (a total's `=SUM(D23:I23)` must still add its own row once the note row is above the form: spreadsheets
    /// recalculate it on open).
    public static func shiftedDown(_ sheet: WorksheetDocument, by count: Int) -> WorksheetDocument {
        guard count > 0 else { return sheet }
        func move(_ ref: CellRef) -> CellRef { CellRef(row: ref.row + count, column: ref.column) }
        func move(_ range: CellRange) -> CellRange { CellRange(first: move(range.first), last: move(range.last)) }
        var moved = sheet
        moved.cells = Dictionary(uniqueKeysWithValues: sheet.cells.map { key, cell in
            var cell = cell
            cell.formula = cell.formula.map { shiftedReferences($0, by: count) }
            return (move(key), cell)
        })
        moved.merged = sheet.merged.map(move)
        moved.rowHeights = Dictionary(uniqueKeysWithValues: sheet.rowHeights.map { ($0.key + count, $0.value) })
        for index in moved.validations.indices { moved.validations[index].ranges = moved.validations[index].ranges.map(move) }
        if let rows = sheet.page.repeatRows { moved.page.repeatRows = (rows.lowerBound + count)...(rows.upperBound + count) }
        if let frozen = sheet.frozen, frozen.row > 0 { moved.frozen = move(frozen) }
        moved.rowBreaks = sheet.rowBreaks.map { $0 + count }
        moved.comments = Dictionary(uniqueKeysWithValues: sheet.comments.map { (move($0.key), $0.value) })
        return moved
    }

    /// `formula` with the row of every A1 reference (`D23`, `$J$46`, `A1:B2`) moved `count` down. The forms' formulas
    /// are ours (sums and differences of cells on one sheet): no sheet names, strings or functions named like cells.
    static func shiftedReferences(_ formula: String, by count: Int) -> String {
        var output = ""
        var characters = Array(formula)
        var index = 0
        characters.append(" ")
        while index < characters.count - 1 {
            let start = index
            var cursor = index
            if characters[cursor] == "$" { cursor += 1 }
            let lettersStart = cursor
            while cursor < characters.count, characters[cursor].isASCII, characters[cursor].isUppercase { cursor += 1 }
            let letters = cursor - lettersStart
            let previous = start > 0 ? characters[start - 1] : " "
            if (1...3).contains(letters), !(previous.isLetter || previous.isNumber || previous == "_") {
                var digitsStart = cursor
                var dollar = false
                if characters[cursor] == "$" { dollar = true; digitsStart += 1 }
                var end = digitsStart
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                let next = characters[end]
                if end > digitsStart, !(next.isLetter || next.isNumber || next == "(" || next == "_"), let row = Int(String(characters[digitsStart..<end])) {
                    output += String(characters[start..<cursor]) + (dollar ? "$" : "") + String(row + count)
                    index = end
                    continue
                }
            }
            output.append(characters[start])
            index = start + 1
        }
        return output
    }

    /// Fills for marked cells: an error's likely wrong cell, a warning's cell, the note above a form that does not balance.
    public static let errorFill = "FFFFC7CE"
    public static let warningFill = "FFFFEB9C"
    static let noteStyle = CellStyle(font: Font(name: "黑体", size: 11, bold: true), border: true, horizontal: .left, wrap: true, fill: errorFill)
}
