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

    init(sheet: Int, row: Int, cells: [ColumnCell]) {
        self.sheet = sheet
        self.row = row
        var texts: [Text] = []
        var values: [Int] = []
        for cell in cells {
            switch RowScan.classify(cell.cell) {
            case .value: values.append(cell.column)
            case .text(let raw, let facts): texts.append(Text(column: cell.column, raw: raw, label: facts.label))
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

    enum Kind {
        case value
        case text(raw: String, facts: TextFacts)
    }

    /// A value-like cell (numbers, errors, booleans, formulas, texts that read as values) or a label text.
    static func classify(_ cell: Cell) -> Kind {
        if cell.formula != nil { return .value }
        switch cell.value {
        case .number, .error, .bool: return .value
        case .empty: return .text(raw: "", facts: TextFacts.empty)
        case .date:
            let raw = cell.value.text
            return .text(raw: raw, facts: TextFacts.of(raw))
        case .text(let text):
            let facts = TextFacts.of(text)
            return facts.isValueLike ? .value : .text(raw: text, facts: facts)
        }
    }
}
