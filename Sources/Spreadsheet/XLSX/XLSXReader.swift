// Opens an XLSX package, resolves its parts and reads sheets as streamed rows or whole grids.
import Dispatch
import ZipArchive

/// A sheet as the workbook lists it.
public struct SheetInfo: Sendable, Equatable {
    public var name: String
    public var visibility: SheetVisibility
    /// The worksheet part (`xl/worksheets/sheet1.xml`).
    public var part: String
}

/// Reads XLSX/XLSM files written by Excel, WPS, LibreOffice, gnumeric, openpyxl, XlsxWriter and others,
/// transitional or strict OOXML.
public final class XLSXReader {
    public let fileName: String
    public let sheets: [SheetInfo]
    private let zip: ZipReader
    private let date1904: Bool
    private var sharedStringsPart: String?
    private var stylesPart: String?
    private var sharedStringsCache: [String]?
    private var stylesCache: Styles?

    public convenience init(path: String, limits: ZipLimits = .default) throws {
        do {
            try self.init(zip: ZipReader(path: path, limits: limits), fileName: path)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    /// Opens a package already read or mapped.
    public convenience init(source: ByteSource, fileName: String, limits: ZipLimits = .default) throws {
        do {
            try self.init(zip: ZipReader(source: source, fileName: fileName, limits: limits), fileName: fileName)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    /// Opens the file of a registry read, through the zip directory its probe read.
    public convenience init(_ input: ReaderInput) throws {
        do {
            try self.init(zip: input.zip(), fileName: input.path)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    public convenience init(bytes: [UInt8], fileName: String = "<memory>", limits: ZipLimits = .default) throws {
        do {
            try self.init(zip: ZipReader(bytes: bytes, fileName: fileName, limits: limits), fileName: fileName)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    private init(zip: ZipReader, fileName: String) throws {
        self.zip = zip
        self.fileName = fileName
        // _rels/.rels → officeDocument; fall back to the content types, then the conventional name.
        var workbookPart: String?
        if let relationships = try Self.parsedOptional(zip, "_rels/.rels", fileName: fileName, kind: "rels", parse: { bytes in
            try PackageRelationships.parse(bytes, baseFolder: "", file: fileName, part: "_rels/.rels")
        }) {
            workbookPart = relationships.first { $0.kind == "officeDocument" && !$0.external && zip.entry(named: $0.target) != nil }?.target
        }
        // The content types are only a fallback for packages whose relationships do not lead to their parts.
        var parsedOverrides: [(part: String, type: String)]?
        func overrides() throws -> [(part: String, type: String)] {
            if let parsedOverrides { return parsedOverrides }
            var found: [(part: String, type: String)] = []
            if let types = try Self.parsedOptional(zip, "[Content_Types].xml", fileName: fileName, kind: "types", parse: { bytes in
                try ContentTypes.parse(bytes, file: fileName)
            }) {
                found = types
            }
            parsedOverrides = found
            return found
        }
        if workbookPart == nil {
            workbookPart = try overrides().first { $0.type.containsBytes("sheet.main+xml") || $0.type.containsBytes("template.main+xml") }?.part
        }
        if workbookPart == nil, zip.entry(named: "xl/workbook.xml") != nil { workbookPart = "xl/workbook.xml" }
        guard let workbookPart, let workbook = try Self.parsedOptional(zip, workbookPart, fileName: fileName, kind: "workbook", parse: { bytes in
            try WorkbookPart.parse(bytes, file: fileName, part: workbookPart)
        }) else {
            throw SpreadsheetError(file: fileName, part: "xl/workbook.xml", .missingPart)
        }
        date1904 = workbook.date1904
        let folder = PackageRelationships.folder(of: workbookPart)
        let relsName = PackageRelationships.relsPart(for: workbookPart)
        var relationships: [PackageRelationship] = []
        if let rels = try Self.parsedOptional(zip, relsName, fileName: fileName, kind: "rels", context: folder, parse: { bytes in
            try PackageRelationships.parse(bytes, baseFolder: folder, file: fileName, part: relsName)
        }) {
            relationships = rels
        }
        func existing(_ kind: String, contentType: String, conventional: String) throws -> String? {
            if let target = relationships.first(where: { $0.kind == kind && !$0.external && zip.entry(named: $0.target) != nil })?.target {
                return target
            }
            if zip.entry(named: conventional) != nil { return conventional }
            return try overrides().first(where: { $0.type.containsBytes(contentType) && zip.entry(named: $0.part) != nil })?.part
        }
        sharedStringsPart = try existing("sharedStrings", contentType: "sharedStrings+xml", conventional: folder + "/sharedStrings.xml")
        stylesPart = try existing("styles", contentType: "styles+xml", conventional: folder + "/styles.xml")
        // A workbook has a few relationships: a linear scan (first wins) instead of a hash table per file.
        func byID(_ id: String) -> PackageRelationship? { relationships.first { $0.id == id } }
        var sheets: [SheetInfo] = []
        for (position, entry) in workbook.sheets.enumerated() {
            var part = byID(entry.relationshipID).flatMap { $0.external ? nil : $0.target }
            if part.map({ zip.entry(named: $0) == nil }) ?? true {
                let conventional = "\(folder)/worksheets/sheet\(position + 1).xml"
                let worksheetOverrides = try overrides().filter { $0.type.containsBytes("worksheet+xml") }.map(\.part)
                part = zip.entry(named: conventional) != nil ? conventional
                    : (position < worksheetOverrides.count ? worksheetOverrides[position] : nil)
            }
            // Chartsheets and dialog sheets have no cells: skip them rather than fail.
            guard let part, byID(entry.relationshipID).map({ $0.kind == "worksheet" }) ?? true else { continue }
            sheets.append(SheetInfo(name: entry.name, visibility: entry.visibility, part: part))
        }
        self.sheets = sheets
    }

    /// The parsed content of the part named `name`, through the memo of parts already seen (see `PartMemo`).
    private static func parsedOptional<Value>(_ zip: ZipReader, _ name: String, fileName: String, kind: String, context: String = "",
                                              parse: ([UInt8]) throws -> Value) throws -> Value? {
        guard let entry = zip.entry(named: name) else { return nil }
        do {
            return try PartMemo.shared.value(of: entry, in: zip, kind: kind, context: context, parse: parse)
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    private static func readOptional(_ zip: ZipReader, _ name: String, fileName: String) throws -> [UInt8]? {
        guard let entry = zip.entry(named: name) else { return nil }
        do { return try zip.read(entry) } catch let error as ZipError { throw SpreadsheetError(error) }
    }

    private func sharedStrings() throws -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        var strings: [String] = []
        if let part = sharedStringsPart, let bytes = try Self.readOptional(zip, part, fileName: fileName) {
            strings = try SharedStrings.parse(bytes, file: fileName, part: part)
        }
        sharedStringsCache = strings
        return strings
    }

    private func styles() throws -> Styles {
        if let stylesCache { return stylesCache }
        var styles = Styles()
        if let part = stylesPart, let parsed = try Self.parsedOptional(zip, part, fileName: fileName, kind: "styles", parse: { bytes in
            try Styles.parse(bytes, file: fileName, part: part)
        }) {
            styles = parsed
        }
        stylesCache = styles
        return styles
    }

    /// Streams the rows of sheet `index` in document order with constant memory (apart from the
    /// shared-string table). Each call gets the 0-based row index and that row's non-blank cells in column
    /// order; the array is reused between calls. Returns the sheet's merged ranges.
    @discardableResult
    public func forEachRow(inSheet index: Int, _ body: (Int, [ColumnCell]) throws -> Void) throws -> [CellRange] {
        try forEachRow(inSheet: index, freshRows: false, body).merged
    }

    /// What a sheet says besides its cells.
    struct SheetExtras {
        var merged: [CellRange] = []
        var hidden = HiddenLines()
    }

    /// `freshRows`: each row in an array of its own (for a grid that keeps them), not one array reused.
    private func forEachRow(inSheet index: Int, freshRows: Bool, _ body: (Int, [ColumnCell]) throws -> Void) throws -> SheetExtras {
        guard sheets.indices.contains(index) else {
            throw SpreadsheetError(file: fileName, .invalid("没有第 \(index + 1) 个工作表（共 \(sheets.count) 个）"))
        }
        let info = sheets[index]
        guard let entry = zip.entry(named: info.part) else {
            throw SpreadsheetError(file: fileName, part: info.part, .missingPart)
        }
        let decoder = RowDecoder(sharedStrings: try sharedStrings(), styles: try styles(), date1904: date1904,
                                 file: fileName, part: info.part)
        do {
            if entry.uncompressedSize >= XLSXReader.parallelThreshold {
                return try parseAside(entry, part: info.part) { batch in try decoder.decode(batch, freshRows: freshRows, body) }
            }
            return try withoutActuallyEscaping(body) { body in
                let handler = SheetParser(file: fileName, part: info.part, partBytes: entry.uncompressedSize) { batch in
                    try decoder.decode(batch, freshRows: freshRows, body)
                }
                let parser = try SAXParser(handler: handler, file: fileName, part: info.part, callbacks: SheetParser.install)
                handler.bind(parser)
                try zip.stream(entry) { chunk in try parser.feed(chunk) }
                try parser.finish()
                handler.flushRow(final: true)
                if let error = parser.pendingError { throw error }
                return SheetExtras(merged: handler.merged, hidden: handler.hidden)
            }
        } catch let error as ZipError {
            throw SpreadsheetError(error)
        }
    }

    /// Sheets at least this large are inflated and parsed on a second thread while this one decodes the cells.
    static let parallelThreshold: UInt64 = 8 << 20

    /// Inflates and parses `entry` on another thread, handing batches of raw rows to `decode` on this one; waits
    /// for the other thread before returning, also when `decode` throws.
    private func parseAside(_ entry: ZipEntry, part: String, _ decode: (RawRows) throws -> Void) throws -> SheetExtras {
        struct Unchecked: @unchecked Sendable { let zip: ZipReader; let file: String }
        final class Result: @unchecked Sendable { var extras = SheetExtras() }
        let box = Unchecked(zip: zip, file: fileName)
        let result = Result()
        let queue = BoundedQueue<RawRows>(capacity: 4)
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            defer { done.leave() }
            do {
                let handler = SheetParser(file: box.file, part: part) { batch in try queue.put(batch) }
                let parser = try SAXParser(handler: handler, file: box.file, part: part, callbacks: SheetParser.install)
                handler.bind(parser)
                // A third stage: inflating beside parsing keeps the parser, the slowest stage, busy.
                try XLSXReader.inflateAside(entry, zip: box.zip) { chunk in try parser.feed(chunk) }
                try parser.finish()
                handler.flushRow(final: true)
                if let error = parser.pendingError { throw error }
                result.extras = SheetExtras(merged: handler.merged, hidden: handler.hidden)
                queue.finish(nil)
            } catch {
                queue.finish(error)
            }
        }
        do {
            while let batch = try queue.take() { try decode(batch) }
        } catch {
            queue.cancel()
            done.wait()
            throw error
        }
        done.wait()
        return result.extras
    }

    /// Inflates `entry` on another thread, handing chunks to `body` on this one; waits for that thread before
    /// returning, also when `body` throws.
    private static func inflateAside(_ entry: ZipEntry, zip: ZipReader, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        struct Unchecked: @unchecked Sendable { let zip: ZipReader }
        let box = Unchecked(zip: zip)
        let pipe = ChunkPipe(capacity: 6)
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            defer { done.leave() }
            do {
                try box.zip.stream(entry, chunkSize: 256 << 10) { chunk in try pipe.put(Array(chunk)) }
                pipe.finish(nil)
            } catch {
                pipe.finish(error)
            }
        }
        do {
            while let chunk = try pipe.take() {
                try chunk.withUnsafeBytes { try body($0) }
            }
        } catch {
            pipe.cancel()
            done.wait()
            throw error
        }
        done.wait()
    }

    /// Reads sheet `index` into a grid.
    public func readSheet(_ index: Int) throws -> Sheet {
        var grid = Grid(reservingRows: 64)
        let extras = try forEachRow(inSheet: index, freshRows: true) { row, cells in grid.setRow(row, cells) }
        try Self.rejectOverlaps(extras.merged, file: fileName, sheet: sheets[index].name)
        grid.merged = extras.merged
        grid.hidden = extras.hidden
        return Sheet(name: sheets[index].name, visibility: sheets[index].visibility, grid: grid)
    }

    /// Overlapping merged ranges make Excel repair the file; they are refused with both ranges named.
    static func rejectOverlaps(_ merged: [CellRange], file: String, sheet: String) throws {
        guard merged.count > 1 else { return }
        guard merged.count <= 200_000 else {
            throw SpreadsheetError(file: file, part: sheet, .tooLarge("合并区域超过 200000 个"))
        }
        // Producers list merges in reading order: then the (stable) sort would give them back as they are.
        let inOrder = Swift.zip(merged, merged.dropFirst()).allSatisfy { ($0.first.row, $0.first.column) <= ($1.first.row, $1.first.column) }
        let sorted = inOrder ? merged : merged.sorted { ($0.first.row, $0.first.column) < ($1.first.row, $1.first.column) }
        var open: [CellRange] = []  // ranges whose rows may still reach the current one
        for range in sorted {
            open.removeAll { $0.last.row < range.first.row }
            if let other = open.first(where: { $0.overlaps(range) }) {
                throw SpreadsheetError(file: file, part: sheet, location: range.description,
                                       .invalid("合并区域 \(range) 与 \(other) 重叠，文件已损坏"))
            }
            open.append(range)
        }
    }

    /// Reads every sheet.
    public func readWorkbook() throws -> Workbook {
        Workbook(source: fileName, format: .xlsx, sheets: try sheets.indices.map(readSheet))
    }
}

extension XLSXReader: FormatReader {
    public static let formatName = "Excel 工作簿（.xlsx）"

    /// A zip that holds a workbook part, or a zip of no known package (the reader says what is missing).
    public static func sniff(_ probe: FormatProbe) -> Bool {
        probe.container == .zip(.workbook) || probe.container == .zip(.unknown)
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try XLSXReader(input).readWorkbook()
    }
}
