// Assembles an XLSX package: sheets streamed into the zip, then shared strings, styles and the rest.
import ZipArchive

/// Writes XLSX files that Excel, WPS and LibreOffice open without repair. Sheets are streamed: each row
/// goes straight through deflate into the archive, so only the shared-string table grows with the data.
public final class XLSXWriter {
    private let zip: ZipWriter
    private let sink: ZipSink
    private let strings = SharedStringTable()
    private let styles = StyleRegistry()
    private var sheets: [SheetOptions] = []
    private var finished = false

    /// Writes into `sink` (a file or memory) with zlib `level` (6 by default; 1 for speed).
    public init(sink: ZipSink, level: Int = 6) {
        self.sink = sink
        zip = ZipWriter(sink: sink, options: ZipWriter.Options(level: level))
    }

    /// Adds a sheet whose rows `produce` writes in ascending order.
    public func addSheet(_ options: SheetOptions, _ produce: (RowWriter) throws -> Void) throws {
        try validate(options.name)
        sheets.append(options)
        var failure: Error?
        try zip.addStreaming("xl/worksheets/sheet\(sheets.count).xml", concurrent: true) { entry in
            try entry.write(RowWriter.head(options))
            let rows = RowWriter(entry: entry, strings: strings, styles: styles, options: options)
            do { try produce(rows) } catch { failure = error }
            try rows.flush()
            try entry.write(RowWriter.tail(options))
        }
        if let failure { throw failure }
    }

    /// Adds an in-memory sheet: merges checked for overlap, column widths computed from the text where not given.
    public func addSheet(_ document: WorksheetDocument) throws {
        for (index, range) in document.merged.enumerated() {
            if let other = document.merged[(index + 1)...].first(where: { $0.overlaps(range) }) {
                throw SpreadsheetError(file: "<xlsx>", part: document.name, .invalid("合并区域 \(range) 与 \(other) 重叠"))
            }
        }
        var options = document.options
        options.columnWidths = XLSXWriter.computedWidths(document)
        if let last = document.cells.keys.max(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
            let maxColumn = document.cells.keys.map(\.column).max() ?? 0
            options.dimension = CellRange(first: CellRef(row: 0, column: 0), last: CellRef(row: last.row, column: maxColumn))
        }
        // The references in row order, once (sorting plain references, not the cells); each row handed on as a run.
        let ordered = document.cells.keys.sorted()
        try addSheet(options) { rows in
            var cells: [(column: Int, cell: WriterCell)] = []
            var start = 0
            while start < ordered.count {
                let row = ordered[start].row
                cells.removeAll(keepingCapacity: true)
                var end = start
                while end < ordered.count && ordered[end].row == row {
                    if let cell = document.cells[ordered[end]] { cells.append((ordered[end].column, cell)) }
                    end += 1
                }
                try rows.row(row, cells)
                start = end
            }
        }
    }

    /// Writes the remaining parts and the zip directory.
    public func finish(properties: DocumentProperties = DocumentProperties()) throws {
        guard !finished else { return }
        finished = true
        // The shared strings, the title in core.xml and the comments are each file's; the rest repeats in a batch.
        try zip.add("xl/sharedStrings.xml", strings.xml())
        try FixedParts.add("xl/styles.xml", styles.xml(), to: zip)
        try FixedParts.add("xl/workbook.xml", PackageParts.workbook(sheets), to: zip)
        try FixedParts.add("xl/_rels/workbook.xml.rels", PackageParts.workbookRelationships(sheetCount: sheets.count), to: zip)
        try zip.add("docProps/core.xml", PackageParts.core(properties))
        try FixedParts.add("docProps/app.xml", PackageParts.app(), to: zip)
        try FixedParts.add("_rels/.rels", PackageParts.rootRelationships(), to: zip)
        try CommentsPart.write(sheets) { try zip.add($0, $1) }
        let commented = sheets.indices.filter { !sheets[$0].comments.isEmpty }.map { $0 + 1 }
        try FixedParts.add("[Content_Types].xml", PackageParts.contentTypes(sheetCount: sheets.count, extra: CommentsPart.contentTypes(commented)), to: zip)
        try zip.finish()
    }

    /// Sheet names: 1–31 characters, none of `[]:*?/\`, not starting or ending with `'`, unique ignoring case.
    private func validate(_ name: String) throws {
        let bad = name.isEmpty || name.count > 31 || name.contains(where: { "[]:*?/\\".contains($0) })
            || name.hasPrefix("'") || name.hasSuffix("'")
        if bad { throw SpreadsheetError(file: "<xlsx>", part: name, .invalid("工作表名称「\(name)」不合法（1–31 个字符，不能含 [ ] : * ? / \\）")) }
        if sheets.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            throw SpreadsheetError(file: "<xlsx>", part: name, .invalid("工作表名称「\(name)」重复"))
        }
    }

    /// Width in Excel units: CJK glyphs count 2, others 1; merged cells spread their text; 6…60.
    static func computedWidths(_ document: WorksheetDocument) -> [Int: Double] {
        var widths = document.columnWidths
        var measured: [Int: Double] = [:]
        let mergedStarts = Set(document.merged.filter { $0.first.column != $0.last.column }.map(\.first))
        for (ref, cell) in document.cells where document.columnWidths[ref.column] == nil && !mergedStarts.contains(ref) {
            let text = cell.value.text
            guard !text.isEmpty else { continue }
            let longestLine = text.split(separator: "\n").map { line in
                line.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E7F ? 2.0 : 1.0) }
            }.max() ?? 0
            let width = cell.style.wrap ? min(longestLine, 30) : longestLine
            measured[ref.column] = max(measured[ref.column] ?? 0, width * (cell.style.font.size / 11) + 2)
        }
        for (column, width) in measured where widths[column] == nil { widths[column] = min(max(width, 6), 60) }
        return widths
    }

    /// Writes a whole document to bytes.
    public static func bytes(_ document: WorkbookDocument, level: Int = 6) throws -> [UInt8] {
        try bytes(level: level, properties: document.properties) { writer in
            for sheet in document.sheets { try writer.addSheet(sheet) }
        }
    }

    /// A workbook built in memory by `body` (sheets added in order, in-memory or streamed).
    public static func bytes(level: Int = 6, properties: DocumentProperties = DocumentProperties(),
                             _ body: (XLSXWriter) throws -> Void) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = XLSXWriter(sink: sink, level: level)
        try body(writer)
        try writer.finish(properties: properties)
        return sink.bytes
    }
}
