// One grid row seen by the locator: its label parts (text) and its value-like cells, by column.
import Spreadsheet

/// A non-blank row of a sheet, split into label text and value-like cells.
struct RowScan {
    struct Text {
        var column: Int
        var raw: String
        var label: NormalisedLabel
    }

    var sheet: Int
    var row: Int
    /// Text cells that do not read as values, left to right.
    var texts: [Text]
    /// Columns holding value-like cells (numbers, dashes, `12件`, errors, formulas).
    var valueColumns: [Int]
    /// Label parts before the first value-like cell (all texts when there are none).
    var leading: [Text]

    var firstValueColumn: Int? { valueColumns.first }
    var lastLabelColumn: Int { leading.last?.column ?? -1 }

    init(sheet: Int, row: Int, cells: [(column: Int, cell: Cell)]) {
        self.sheet = sheet
        self.row = row
        var texts: [Text] = []
        var values: [Int] = []
        for (column, cell) in cells {
            if RowScan.isValueLike(cell) {
                values.append(column)
            } else {
                let raw = cell.value.text
                texts.append(Text(column: column, raw: raw, label: LabelNormaliser.normalise(raw)))
            }
        }
        self.texts = texts
        valueColumns = values
        if let first = values.first {
            leading = texts.filter { $0.column < first }
        } else {
            leading = texts
        }
    }

    static func isValueLike(_ cell: Cell) -> Bool {
        if cell.formula != nil { return true }
        switch cell.value {
        case .number, .error, .bool: return true
        case .empty, .date: return false
        case .text(let text):
            switch ValueParser.parse(text: text, kind: .signedCount) {
            case .number: return true
            case .missing(let original): return !(original ?? "").isEmpty
            default: return false
            }
        }
    }
}
