// Reads Excel 97–2003 (.xls) and WPS (.et) workbooks: BIFF8 records of the Workbook stream into sheets of cells.
import CompoundFile

/// Reads the `Workbook` stream of a compound file (BIFF8, as Excel 97–2003, WPS and LibreOffice write it): sheet names
/// and visibility (BOUNDSHEET), the shared strings (SST, strings split over CONTINUE records), cells (LABELSST, LABEL,
/// RK, MULRK, NUMBER, BOOLERR, FORMULA with its cached result and STRING), merges (MERGEDCELLS), dates through the XF
/// and FORMAT records, the 1904 date system. Encrypted workbooks (FILEPASS, or an encrypted OOXML package) are refused.
public enum XLSReader {
    public static func read(path: String) throws -> Workbook {
        try read(bytes: FileBytes.read(path), fileName: path)
    }

    public static func read(bytes: [UInt8], fileName: String) throws -> Workbook {
        try workbookStream(bytes: bytes, fileName: fileName).workbook()
    }

    /// The BIFF8 workbook stream of a compound file, after the checks for encryption and for what else it may be.
    static func workbookStream(bytes: [UInt8], fileName: String) throws -> BIFF8Workbook {
        let container: CompoundFileReader
        do {
            container = try CompoundFileReader(bytes: bytes, fileName: fileName)
        } catch let error as CompoundFileError {
            throw SpreadsheetError(file: fileName, part: error.stream, .invalid(error.description))
        }
        if container.entry(named: "EncryptionInfo") != nil || container.entry(named: "EncryptedPackage") != nil {
            throw encrypted(fileName)
        }
        guard let entry = container.entry(named: "Workbook") ?? container.entry(named: "Book") else {
            if container.entry(named: "WordDocument") != nil {
                throw SpreadsheetError(file: fileName, .unsupportedFormat("这是 Word 97–2003 文档（.doc），不是 Excel 工作簿"))
            }
            throw SpreadsheetError(file: fileName, part: "Workbook", .missingPart)
        }
        let stream: [UInt8]
        do {
            stream = try container.read(entry)
        } catch let error as CompoundFileError {
            throw SpreadsheetError(file: fileName, part: entry.name, .invalid(error.description))
        }
        return BIFF8Workbook(stream: BIFFStream(bytes: stream), fileName: fileName)
    }

    /// Streams the rows of sheet `index` (0-based) without building a grid; returns the sheet's merged ranges.
    public static func forEachRow(path: String, inSheet index: Int, _ body: (Int, [ColumnCell]) -> Void) throws -> [CellRange] {
        try workbookStream(bytes: FileBytes.read(path), fileName: path).forEachRow(inSheet: index, body)
    }

    static func encrypted(_ fileName: String) -> SpreadsheetError {
        SpreadsheetError(file: fileName, .encrypted("工作簿设置了密码（加密），无法读取；请在 Excel/WPS 中去掉密码后另存"))
    }
}

/// The globals and sheet substreams of one BIFF8 workbook stream.
struct BIFF8Workbook {
    let stream: BIFFStream
    let fileName: String

    struct SheetEntry {
        var name: String
        var position: Int
        var visibility: SheetVisibility
    }

    /// Built-in number formats that show dates and times, the Chinese (CJK) built-ins 27–36 and 50–58 among them
    /// (`yyyy"年"m"月"d"日"`, written without a FORMAT record by Chinese Excel and WPS).
    static let dateFormats: Set<Int> = Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]).union(27...36).union(50...58)
    static let maxSheets = 1_000

    /// A number format string that shows a date: d, m, y, h or s outside quotes and brackets (`[Red]`, `"元"`);
    /// `General` is not one.
    static func isDateFormat(_ format: String) -> Bool {
        if format.lowercased().contains("general") { return false }
        var quoted = false
        var bracket = false
        for character in format.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "d", "m", "y", "h", "s": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    /// What the globals substream says: the sheets, the shared strings, which XF records show dates, the date system.
    struct Globals {
        var sheets: [SheetEntry]
        var strings: [String]
        var dateXF: [Bool]
        var date1904: Bool
        var sheetCount: Int { sheets.count }
    }

    func workbook() throws -> Workbook {
        let globals = try readGlobals()
        var result: [Sheet] = []
        for entry in globals.sheets {
            var grid = Grid()
            var hidden = HiddenLines()
            grid.merged = try scanSheet(at: entry.position, globals: globals, name: entry.name, hidden: &hidden) { row, cells in grid.setRow(row, cells) }
            grid.hidden = hidden
            result.append(Sheet(name: entry.name, visibility: entry.visibility, grid: grid))
        }
        return Workbook(source: fileName, format: .xls, sheets: result)
    }

    /// Streams sheet `index`'s rows (cells in column order) without building a grid; returns its merged ranges.
    func forEachRow(inSheet index: Int, _ body: (Int, [ColumnCell]) -> Void) throws -> [CellRange] {
        let globals = try readGlobals()
        guard globals.sheets.indices.contains(index) else { return [] }
        let entry = globals.sheets[index]
        var hidden = HiddenLines()
        return try scanSheet(at: entry.position, globals: globals, name: entry.name, hidden: &hidden, body)
    }

    func readGlobals() throws -> Globals {
        var sheets: [SheetEntry] = []
        var strings: [String] = []
        var formats: [Int: String] = [:]
        var xfFormats: [Int] = []
        var date1904 = false
        var position = 0
        // Globals: up to the first EOF.
        var first = true
        while let record = stream.record(at: position) {
            position = record.offset + record.length
            if first {
                first = false
                guard record.type == 0x0809, stream.u16(record.offset) == 0x0600 else {
                    throw SpreadsheetError(file: fileName, part: "Workbook", .unsupportedFormat("不是 BIFF8（Excel 97–2003）格式的工作簿；请在 Excel/WPS 中另存为 .xlsx"))
                }
                continue
            }
            switch record.type {
            case 0x000A:  // EOF
                position = stream.bytes.count
            case 0x002F:  // FILEPASS
                throw XLSReader.encrypted(fileName)
            case 0x0022:  // DATEMODE
                date1904 = stream.u16(record.offset) == 1
            case 0x0085:  // BOUNDSHEET
                var reader = BIFFStringReader(stream: stream, first: record, next: &position)
                let sheetPosition = reader.u32()
                let hidden = reader.u8()
                let kind = reader.u8()
                let name = reader.unicodeString(countBytes: 1)
                // Charts and macro sheets hold no cells; a position seen before, or inside the globals, is a forgery
                // that would read one sheet many times.
                guard kind == 0, sheetPosition >= position, !sheets.contains(where: { $0.position == sheetPosition }),
                      sheets.count < Self.maxSheets else { continue }
                sheets.append(SheetEntry(name: name, position: sheetPosition,
                                         visibility: hidden == 0 ? .visible : (hidden == 1 ? .hidden : .veryHidden)))
            case 0x00FC:  // SST, with its CONTINUE records
                var reader = BIFFStringReader(stream: stream, first: record, next: &position)
                _ = reader.u32()
                let unique = min(reader.u32(), 4_000_000)
                // A count is only a claim: reserve what the record's bytes can hold (three bytes at least a string).
                strings.reserveCapacity(min(unique, record.length / 3 + 1))
                while strings.count < unique, !reader.isAtEnd { strings.append(reader.richString()) }
            case 0x041E:  // FORMAT
                var reader = BIFFStringReader(stream: stream, first: record, next: &position)
                let index = reader.u16()
                formats[index] = reader.unicodeString()
            case 0x00E0:  // XF
                xfFormats.append(stream.u16(record.offset + 2))
            default:
                break
            }
        }
        // A FORMAT record overrides a built-in of the same number.
        let dateXF = xfFormats.map { formats[$0].map(Self.isDateFormat) ?? Self.dateFormats.contains($0) }
        return Globals(sheets: sheets, strings: strings, dateXF: dateXF, date1904: date1904)
    }

    /// An RK number: ×100 when bit 0 is set; a 30-bit integer when bit 1 is set, else the high 30 bits of a double.
    static func rk(_ value: UInt32) -> Double {
        var number: Double
        if value & 0x02 != 0 {
            number = Double(Int32(bitPattern: value) >> 2)
        } else {
            number = Double(bitPattern: UInt64(value & 0xFFFF_FFFC) << 32)
        }
        if value & 0x01 != 0 { number /= 100 }
        return number
    }

    /// Reads one sheet substream: each row's cells go to `body` as the row ends; the merged ranges are returned, the
    /// hidden rows (ROW's fDyZero) and columns (COLINFO's fHidden) gathered in `hidden`.
    private func scanSheet(at start: Int, globals: Globals, name: String, hidden: inout HiddenLines,
                           _ body: (Int, [ColumnCell]) -> Void) throws -> [CellRange] {
        let strings = globals.strings, dateXF = globals.dateXF, date1904 = globals.date1904
        var merged: [CellRange] = []
        guard let bof = stream.record(at: start), bof.type == 0x0809 else {
            throw SpreadsheetError(file: fileName, part: name, .invalid("工作表的起始位置无效"))
        }
        var position = bof.offset + bof.length
        var pendingFormula: (row: Int, column: Int, formula: Bool)?
        // Cells arrive row by row: a row's cells are gathered and handed on at once.
        var bufferedRow = -1
        var buffer: [ColumnCell] = []
        func flush() {
            if bufferedRow >= 0, !buffer.isEmpty { body(bufferedRow, buffer) }
            buffer.removeAll(keepingCapacity: true)
        }
        func place(_ row: Int, _ column: Int, _ value: CellValue, formula: Bool = false) {
            guard row < CellRef.maxRows, column < CellRef.maxColumns else { return }
            if row != bufferedRow {
                flush()
                bufferedRow = row
            }
            buffer.append(ColumnCell(column: column, cell: Cell(value, formula: formula ? "" : nil)))
        }
        func number(_ value: Double, xf: Int) -> CellValue {
            if dateXF.indices.contains(xf), dateXF[xf], let date = SheetDate(serial: value, date1904: date1904) { return .date(date) }
            return .number(value)
        }
        var records = 0
        while let record = stream.record(at: position) {
            position = record.offset + record.length
            records += 1
            if records > 20_000_000 { break }
            let row = stream.u16(record.offset)
            let column = stream.u16(record.offset + 2)
            let xf = stream.u16(record.offset + 4)
            switch record.type {
            case 0x000A:  // EOF
                flush()
                return merged
            case 0x0809:  // a nested BOF (an embedded chart): skip to its EOF
                var depth = 1
                while depth > 0, let inner = stream.record(at: position) {
                    position = inner.offset + inner.length
                    if inner.type == 0x0809 { depth += 1 } else if inner.type == 0x000A { depth -= 1 }
                }
            case 0x00FD:  // LABELSST
                let index = Int(stream.u32(record.offset + 6))
                guard strings.indices.contains(index) else {
                    throw SpreadsheetError(file: fileName, part: name, location: CellRef(row: row, column: column).a1,
                                           .sharedStringIndex(index, count: strings.count))
                }
                place(row, column, .text(strings[index]))
            case 0x0204:  // LABEL
                var reader = BIFFStringReader(stream: stream, first: record, next: &position)
                reader.skip(6)
                place(row, column, .text(reader.unicodeString()))
            case 0x027E:  // RK
                place(row, column, number(Self.rk(stream.u32(record.offset + 6)), xf: xf))
            case 0x00BD:  // MULRK
                let last = stream.u16(record.offset + record.length - 2)
                var offset = record.offset + 4
                var current = column
                while current <= last, offset + 6 <= record.offset + record.length - 2 {
                    place(row, current, number(Self.rk(stream.u32(offset + 2)), xf: stream.u16(offset)))
                    offset += 6
                    current += 1
                }
            case 0x0203:  // NUMBER
                place(row, column, number(stream.double(record.offset + 6), xf: xf))
            case 0x0205:  // BOOLERR
                let value = Int(stream.bytes[min(record.offset + 6, stream.bytes.count - 1)])
                let isError = record.length > 7 && stream.bytes[record.offset + 7] != 0
                place(row, column, isError ? .error(Self.errorText(value)) : .bool(value != 0))
            case 0x0006:  // FORMULA: the cached result; a string result follows in a STRING record
                let marker = stream.u16(record.offset + 12)
                if marker == 0xFFFF {
                    let kind = Int(stream.bytes[min(record.offset + 6, stream.bytes.count - 1)])
                    let detail = Int(stream.bytes[min(record.offset + 8, stream.bytes.count - 1)])
                    switch kind {
                    case 0: pendingFormula = (row, column, true)
                    case 1: place(row, column, .bool(detail != 0), formula: true)
                    case 2: place(row, column, .error(Self.errorText(detail)), formula: true)
                    default: place(row, column, .text(""), formula: true)
                    }
                } else {
                    place(row, column, number(stream.double(record.offset + 6), xf: xf), formula: true)
                }
            case 0x0207:  // STRING: the text result of the formula before it
                guard let target = pendingFormula else { continue }
                pendingFormula = nil
                var reader = BIFFStringReader(stream: stream, first: record, next: &position)
                place(target.row, target.column, .text(reader.unicodeString()), formula: true)
            case 0x0208:  // ROW: grbit at offset 12, bit 5 = fDyZero (hidden)
                if record.length >= 14, stream.u16(record.offset + 12) & 0x0020 != 0, row < CellRef.maxRows { hidden.hideRows(row...row) }
            case 0x007D:  // COLINFO: first, last, width, xf, options (bit 0 = fHidden)
                if record.length >= 10, stream.u16(record.offset + 8) & 0x0001 != 0, column >= row, row < CellRef.maxColumns {
                    hidden.hideColumns(row...min(column, CellRef.maxColumns - 1))
                }
            case 0x00E5:  // MERGEDCELLS
                let count = stream.u16(record.offset)
                for index in 0..<count {
                    let offset = record.offset + 2 + index * 8
                    guard offset + 8 <= record.offset + record.length else { break }
                    let first = CellRef(row: stream.u16(offset), column: stream.u16(offset + 4))
                    let last = CellRef(row: stream.u16(offset + 2), column: stream.u16(offset + 6))
                    merged.append(CellRange(first: first, last: last))
                }
            default:
                break
            }
        }
        flush()
        return merged
    }

    static func errorText(_ code: Int) -> String {
        switch code {
        case 0x00: return "#NULL!"
        case 0x07: return "#DIV/0!"
        case 0x0F: return "#VALUE!"
        case 0x17: return "#REF!"
        case 0x1D: return "#NAME?"
        case 0x24: return "#NUM!"
        case 0x2A: return "#N/A"
        default: return "#ERR!"
        }
    }
}

extension XLSReader: FormatReader {
    public static let formatName = "Excel 97–2003 / WPS 工作簿（.xls/.et）"

    /// A compound file that is not a Word document: a BIFF8 workbook, or an encrypted package the reader refuses by name.
    public static func sniff(_ probe: FormatProbe) -> Bool {
        probe.container == .compoundFile && !LegacyWord.isWordDocument(probe)
    }

    public static func read(_ input: ReaderInput) throws -> Workbook {
        try read(bytes: input.bytes, fileName: input.path)
    }
}

/// How a compound file says it holds a Word 97–2003 or WPS document: a `WordDocument` stream (its name, UTF-16LE, in
/// the directory), whatever objects are embedded in it; a compound file with neither stream name is taken at its name.
public enum LegacyWord {
    public static func isWordDocument(_ probe: FormatProbe) -> Bool {
        func utf16(_ name: String) -> [UInt8] { name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        guard probe.container == .compoundFile else { return false }
        // A Word document's own stream decides, even when an embedded spreadsheet (ObjectPool/…/Workbook) is inside: the
        // report is the document, not a copy of a table pasted into it as an object.
        if probe.contains(utf16("WordDocument")) { return true }
        return !probe.contains(utf16("Workbook")) && ["doc", "dot", "wps", "wpt"].contains(probe.fileExtension)
    }
}
