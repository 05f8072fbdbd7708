// A workbook: the source it came from and its sheets in order.

/// Whether a sheet shows in the tab bar.
public enum SheetVisibility: String, Sendable, Equatable {
    case visible, hidden, veryHidden
}

/// One sheet: name, visibility and cells.
public struct Sheet: Sendable, Equatable {
    public var name: String
    public var visibility: SheetVisibility
    public var grid: Grid
    /// For a report document's table: its 1-based number in reading order (what `表N` names).
    public var tableNumber: Int?

    public init(name: String, visibility: SheetVisibility = .visible, grid: Grid = Grid(), tableNumber: Int? = nil) {
        self.name = name
        self.visibility = visibility
        self.grid = grid
        self.tableNumber = tableNumber
    }
}

/// The format a workbook was read from.
public enum SourceFormat: String, Sendable, Equatable {
    case xlsx, csv, text
    /// Spreadsheets besides XLSX: OpenDocument, Excel 97–2003 (BIFF8), Excel 2003 XML, and a sheet saved as a web page
    /// under a spreadsheet's name (its table laid out as the sheet was). Cells are named A1 as in XLSX.
    case ods, xls, spreadsheetML, webSheet
    /// Report documents: Word (OOXML, and Word 97–2003 / WPS binary), OpenDocument text, web pages (HTML, MHT), PDF
    /// (its text layer), Rich Text Format.
    case docx, doc, odt, html, pdf, rtf

    /// Whether the sheets are a report document's tables (cells named by table, row and column).
    public var isDocument: Bool { self == .docx || self == .doc || self == .odt || self == .html || self == .pdf || self == .rtf }
}

/// Sheets read from one file, plus what a text source said outside its tables.
public struct Workbook: Sendable, Equatable {
    /// The path or name the workbook was read from (used in every error and finding).
    public var source: String
    public var format: SourceFormat
    public var sheets: [Sheet]
    /// Lines of a report text outside its tables (1-based line numbers), or a document's paragraphs outside its tables
    /// (1-based paragraph numbers), for titles and text checks.
    public var narrative: [(line: Int, text: String)]
    /// The text encoding a CSV or text source was decoded from.
    public var encoding: TextEncoding?
    /// What the reader had to leave out or assume, for the report's findings.
    public var notes: [ReaderNote] = []

    public init(source: String, format: SourceFormat, sheets: [Sheet], narrative: [(line: Int, text: String)] = [],
                encoding: TextEncoding? = nil) {
        self.source = source
        self.format = format
        self.sheets = sheets
        self.narrative = narrative
        self.encoding = encoding
    }

    public static func == (lhs: Workbook, rhs: Workbook) -> Bool {
        lhs.source == rhs.source && lhs.format == rhs.format && lhs.sheets == rhs.sheets
            && lhs.narrative.map(\.line) == rhs.narrative.map(\.line) && lhs.narrative.map(\.text) == rhs.narrative.map(\.text)
            && lhs.encoding == rhs.encoding && lhs.notes == rhs.notes
    }
}

/// Something a reader had to leave out of a file: each becomes a finding of the report, so nothing is cut silently.
public enum ReaderNote: Sendable, Equatable {
    /// A document longer than the reader's page cap: only the first `read` of `total` pages were read.
    case pagesNotRead(read: Int, total: Int)
}
