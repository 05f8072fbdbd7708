// What the XLSX writer writes: styles, cells, sheets with merges, widths, validation, protection, print setup.

public struct Font: Hashable, Sendable {
    public var name: String
    public var size: Double
    public var bold: Bool
    /// GB2312 charset (134) makes Excel pick the right CJK face for 宋体/仿宋/黑体.
    public var charset: Int?

    public init(name: String = "宋体", size: Double = 11, bold: Bool = false, charset: Int? = 134) {
        self.name = name
        self.size = size
        self.bold = bold
        self.charset = charset
    }
}

public enum HorizontalAlignment: String, Sendable { case left, center, right }

public struct CellStyle: Hashable, Sendable {
    public var font = Font()
    public var border = false
    public var horizontal: HorizontalAlignment?
    public var verticalCenter = true
    public var wrap = false
    /// Solid fill colour as ARGB hex (`FFF2F2F2`), or nil for none.
    public var fill: String?
    /// Number format code (`0`, `0.0000`, `@`), or nil for General.
    public var numberFormat: String?
    /// Locked cells cannot be edited once the sheet is protected.
    public var locked = true

    public init(font: Font = Font(), border: Bool = false, horizontal: HorizontalAlignment? = nil, verticalCenter: Bool = true,
                wrap: Bool = false, fill: String? = nil, numberFormat: String? = nil, locked: Bool = true) {
        self.font = font
        self.border = border
        self.horizontal = horizontal
        self.verticalCenter = verticalCenter
        self.wrap = wrap
        self.fill = fill
        self.numberFormat = numberFormat
        self.locked = locked
    }

    public static let plain = CellStyle()
}

/// A cell to write: a value, an optional formula (its cached value is `value`), a style.
public struct WriterCell: Sendable {
    public var value: CellValue
    public var formula: String?
    public var style: CellStyle

    public init(_ value: CellValue, formula: String? = nil, style: CellStyle = .plain) {
        self.value = value
        self.formula = formula
        self.style = style
    }
}

/// Data validation on a set of ranges.
public struct DataValidation: Sendable {
    public enum Kind: String, Sendable { case whole, decimal }
    public var kind: Kind
    /// Lower bound (`0`), or nil for none.
    public var minimum: String?
    public var ranges: [CellRange]
    public var errorTitle: String
    /// Shown when a value is refused; Excel allows at most 255 characters.
    public var error: String

    public init(kind: Kind, minimum: String?, ranges: [CellRange], errorTitle: String, error: String) {
        self.kind = kind
        self.minimum = minimum
        self.ranges = ranges
        self.errorTitle = errorTitle
        self.error = error
    }
}

public struct PageSetup: Sendable {
    public var landscape = false
    /// Fit all columns on one page width (height free).
    public var fitToWidth = true
    /// Rows repeated at the top of every printed page (0-based, inclusive), e.g. the header rows.
    public var repeatRows: ClosedRange<Int>?
    public init(landscape: Bool = false, fitToWidth: Bool = true, repeatRows: ClosedRange<Int>? = nil) {
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.repeatRows = repeatRows
    }
}

/// A sheet held in memory for writing: its cells and its layout (`SheetOptions`, reachable directly as
/// `sheet.merged`, `sheet.columnWidths`, …). Column widths not given are computed from the text.
@dynamicMemberLookup
public struct WorksheetDocument: Sendable {
    public var cells: [CellRef: WriterCell] = [:]
    public var options: SheetOptions

    public init(name: String) { options = SheetOptions(name: name) }

    public subscript<T>(dynamicMember path: WritableKeyPath<SheetOptions, T>) -> T {
        get { options[keyPath: path] }
        set { options[keyPath: path] = newValue }
    }

    public subscript(_ a1: String) -> WriterCell? {
        get { CellRef(a1).flatMap { cells[$0] } }
        set { if let ref = CellRef(a1) { cells[ref] = newValue } }
    }

    /// Merges `range`, putting `cell` in its top-left corner and `style` (borders) on every cell it covers.
    public mutating func merge(_ range: CellRange, _ cell: WriterCell) {
        for row in range.first.row...range.last.row {
            for column in range.first.column...range.last.column {
                cells[CellRef(row: row, column: column)] = WriterCell(.empty, style: cell.style)
            }
        }
        cells[range.first] = cell
        if range.first != range.last { options.merged.append(range) }
    }
}

/// Document properties written to docProps/core.xml.
public struct DocumentProperties: Sendable {
    public var title: String?
    public var creator: String
    /// W3CDTF timestamp; fixed by default so the same content gives the same bytes.
    public var created: String

    public init(title: String? = nil, creator: String = "nianbao", created: String = "2024-01-01T00:00:00Z") {
        self.title = title
        self.creator = creator
        self.created = created
    }
}

public struct WorkbookDocument: Sendable {
    public var sheets: [WorksheetDocument]
    public var properties: DocumentProperties

    public init(sheets: [WorksheetDocument], properties: DocumentProperties = DocumentProperties()) {
        self.sheets = sheets
        self.properties = properties
    }
}
