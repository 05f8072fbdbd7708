// Paragraph and table properties of a Word 97–2003 document: PlcBtePapx → PapxFkp pages → each paragraph's grpprl,
// read for what the tables need (in table, row end, nesting depth, the row's cells and merges).

/// What the reader needs of one paragraph's properties.
struct WordParagraphProperties {
    /// The table depth: `sprmPItap`, else 1 when `sprmPFInTable` is set.
    var depth = 0
    /// `sprmPFTtp`: the paragraph is the row mark of a depth-1 table.
    var rowEnd = false
    /// `sprmPFInnerTableCell`: the paragraph mark ends a cell of a nested table.
    var innerCellEnd = false
    /// `sprmPFInnerTtp`: the paragraph mark ends a row of a nested table.
    var innerRowEnd = false
    /// The row's layout, read from a row mark's properties.
    var row: WordTableRow?
}

/// One table row's layout (TAP): cell boundaries (`rgdxaCenter`, twips) and each cell's merge flags.
struct WordTableRow {
    struct Cell {
        var firstMerged = false
        var merged = false
        var verticalRestart = false
        var verticalContinue = false
    }

    /// `cells.count + 1` boundaries, left to right.
    var boundaries: [Int] = []
    var cells: [Cell] = []
    /// Word allows 63 cells in a row.
    static let maxCells = 64
}

/// The paragraph property runs of the document ([MS-DOC] 2.8.6 PlcBtePapx, 2.9.175 PapxFkp), looked up by the
/// stream offset of a paragraph mark.
struct WordParagraphTable {
    private struct Run {
        var start: Int
        var end: Int
        /// The grpprl (after the style index) in the WordDocument stream; empty when the paragraph has none.
        var grpprl: Range<Int>
    }

    private var runs: [Run] = []
    private let stream: LittleEndianBytes
    private let data: LittleEndianBytes
    static let maxPages = 1 << 16

    /// The stream offsets of the FKP pages a PlcBte (PlcBtePapx or PlcBteChpx: n + 1 FCs, then n 4-byte page numbers)
    /// lists, each once (a page listed twice in a hostile file is read once), at most `maxPages`; none when the PLC's
    /// size is not that shape or it lies outside the table stream.
    static func pageOffsets(table: LittleEndianBytes, at range: (offset: Int, length: Int)) -> [Int] {
        guard range.length >= 12, (range.length - 4) % 8 == 0, table.contains(range.offset, length: range.length) else { return [] }
        let count = min((range.length - 4) / 8, maxPages)
        let pages = range.offset + (count + 1) * 4
        var seen = Set<Int>()
        var offsets: [Int] = []
        for index in 0..<count {
            guard let page = table.u32(pages + index * 4).map({ Int($0 & 0x3F_FFFF) }), seen.insert(page).inserted else { continue }
            offsets.append(page * 512)
        }
        return offsets
    }

    /// Whether any paragraph properties were found (without them, tables are guessed from cell marks alone).
    var isEmpty: Bool { runs.isEmpty }

    init(table: LittleEndianBytes, at range: (offset: Int, length: Int), stream: LittleEndianBytes, data: LittleEndianBytes) {
        self.stream = stream
        self.data = data
        for offset in Self.pageOffsets(table: table, at: range) { readPage(at: offset) }
        runs.sort { $0.start < $1.start }
    }

    /// One PapxFkp: `crun` paragraph ends (rgfc), a BxPap per run pointing at its PapxInFkp within the page.
    private mutating func readPage(at offset: Int) {
        guard stream.contains(offset, length: 512) else { return }
        let crun = Int(stream.bytes[offset + 511])
        guard crun >= 1, (crun + 1) * 4 + crun * 13 <= 511 else { return }
        for index in 0..<crun {
            let start = stream.u32(offset + index * 4)!
            let end = stream.u32(offset + index * 4 + 4)!
            guard end > start else { continue }
            let bOffset = Int(stream.bytes[offset + (crun + 1) * 4 + index * 13]) * 2
            var grpprl = 0..<0
            if bOffset > 0, bOffset < 511 {
                let cb = Int(stream.bytes[offset + bOffset])
                var first = offset + bOffset + 1
                var length = cb * 2 - 1
                if cb == 0 {
                    length = Int(stream.bytes[offset + bOffset + 1]) * 2
                    first += 1
                }
                // The style index (istd, two bytes) comes first; the rest is the grpprl, all inside the page.
                if length >= 2, first + length <= offset + 511 { grpprl = (first + 2)..<(first + length) }
            }
            runs.append(Run(start: start, end: end, grpprl: grpprl))
        }
    }

    /// The properties of the paragraph whose mark is at stream offset `fc`; nil when no run holds it, or once a hostile
    /// file has spent the budget of property bytes (every mark pointing at the same 64 KB huge PAPX).
    mutating func properties(atMark fc: Int) -> WordParagraphProperties? {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].start <= fc { low = middle + 1 } else { high = middle }
        }
        guard low > 0, fc < runs[low - 1].end else { return nil }
        if let cached, cached.run == low - 1 { return cached.properties }
        guard budget > 0 else { return nil }
        var properties = WordParagraphProperties()
        var inTable = false
        var depth: Int?
        apply(stream, runs[low - 1].grpprl, to: &properties, inTable: &inTable, depth: &depth, hugeAllowed: true)
        // sprmPItap gives the depth of nested tables; a paragraph not in a table has none, whatever it says.
        properties.depth = inTable ? min(max(depth ?? 1, 1), 64) : 0
        cached = (low - 1, properties)
        return properties
    }

    /// The last run read (consecutive marks of one run, as a hostile file has, are read once).
    private var cached: (run: Int, properties: WordParagraphProperties)?
    /// Property bytes left to read: 64 MB, far past any real document's.
    private var budget = 1 << 26

    private mutating func apply(_ bytes: LittleEndianBytes, _ range: Range<Int>, to properties: inout WordParagraphProperties,
                                inTable: inout Bool, depth: inout Int?, hugeAllowed: Bool) {
        budget -= range.count
        WordSprms.forEach(bytes, range) { sprm, operand in
            switch sprm {
            case 0x2416: inTable = bytes.u8(operand.lowerBound) ?? 0 != 0
            case 0x2417: properties.rowEnd = bytes.u8(operand.lowerBound) ?? 0 != 0
            case 0x244B: properties.innerCellEnd = bytes.u8(operand.lowerBound) ?? 0 != 0
            case 0x244C: properties.innerRowEnd = bytes.u8(operand.lowerBound) ?? 0 != 0
            case 0x6649: depth = bytes.u32(operand.lowerBound).map { Int(Int32(truncatingIfNeeded: $0)) }
            case 0x6646:
                // sprmPHugePapx: the real grpprl is in the Data stream (a 16-bit size, then the sprms).
                guard hugeAllowed, let offset = bytes.u32(operand.lowerBound), let size = data.u16(offset),
                      data.contains(offset + 2, length: size) else { return }
                apply(data, (offset + 2)..<(offset + 2 + size), to: &properties, inTable: &inTable, depth: &depth, hugeAllowed: false)
            case 0xD608: properties.row = WordSprms.tableDefinition(bytes, operand)
            case 0xD62B:
                // sprmTVertMerge: cb (2), the cell, its flags (1 continue, 3 restart).
                guard let cell = bytes.u8(operand.lowerBound + 1), let flags = bytes.u8(operand.lowerBound + 2),
                      properties.row != nil, cell < properties.row!.cells.count else { return }
                properties.row!.cells[cell].verticalContinue = flags == 1
                properties.row!.cells[cell].verticalRestart = flags == 3
            case 0x5624:
                // sprmTMerge: cells itcFirst..<itcLim become one.
                guard let first = bytes.u8(operand.lowerBound), let limit = bytes.u8(operand.lowerBound + 1), properties.row != nil else { return }
                let count = properties.row!.cells.count
                guard first < limit, first < count else { return }
                properties.row!.cells[first].firstMerged = true
                for cell in (first + 1)..<min(limit, count) { properties.row!.cells[cell].merged = true }
            default:
                break
            }
        }
    }
}

/// Single property modifiers ([MS-DOC] 2.2.5.1 Sprm, 2.2.5.2 Prl): a 16-bit code whose top three bits (spra) say
/// the operand's size.
enum WordSprms {
    /// Calls `body` with each sprm and its operand's range, stopping at the end of `range` or at a sprm that does not fit.
    static func forEach(_ bytes: LittleEndianBytes, _ range: Range<Int>, _ body: (Int, Range<Int>) -> Void) {
        var position = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while position + 2 <= end, let sprm = bytes.u16(position) {
            let operand = position + 2
            var size: Int
            switch sprm >> 13 {
            case 0, 1: size = 1
            case 2, 4, 5: size = 2
            case 3: size = 4
            case 7: size = 3
            default:
                if sprm == 0xD608 || sprm == 0xD606 {
                    // sprmTDefTable: a 16-bit cb counting the rest plus one.
                    guard let cb = bytes.u16(operand) else { return }
                    size = 2 + max(cb - 1, 0)
                } else if sprm == 0xC615 {
                    guard let cb = bytes.u8(operand) else { return }
                    if cb == 255 {
                        // sprmPChgTabs with 255: tabs deleted with close tolerances, then tabs added, counted inside.
                        guard let deleted = bytes.u8(operand + 1), let added = bytes.u8(operand + 2 + deleted * 4) else { return }
                        size = 1 + 1 + deleted * 4 + 1 + added * 3
                    } else {
                        size = 1 + cb
                    }
                } else {
                    guard let cb = bytes.u8(operand) else { return }
                    size = 1 + cb
                }
            }
            guard operand + size <= end else { return }
            body(sprm, operand..<(operand + size))
            position = operand + size
        }
    }

    /// sprmTDefTable ([MS-DOC] 2.9.321 TDefTableOperand): cb, the cell count, `count + 1` boundaries, then a TC80 of
    /// 20 bytes per cell (fewer when the operand ends early) whose first 16 bits carry the merge flags.
    static func tableDefinition(_ bytes: LittleEndianBytes, _ operand: Range<Int>) -> WordTableRow? {
        guard let count = bytes.u8(operand.lowerBound + 2), count > 0, count <= WordTableRow.maxCells else { return nil }
        let centers = operand.lowerBound + 3
        let cells = centers + (count + 1) * 2
        guard cells <= operand.upperBound else { return nil }
        var row = WordTableRow()
        row.boundaries = (0...count).map { bytes.i16(centers + $0 * 2) ?? 0 }
        row.cells = [WordTableRow.Cell](repeating: WordTableRow.Cell(), count: count)
        for index in 0..<count where cells + index * 20 + 20 <= operand.upperBound {
            let flags = bytes.u16(cells + index * 20) ?? 0
            row.cells[index].firstMerged = flags & 0x0001 != 0
            row.cells[index].merged = flags & 0x0002 != 0
            let vertical = (flags >> 5) & 3
            row.cells[index].verticalContinue = vertical == 1
            row.cells[index].verticalRestart = vertical == 3
        }
        return row
    }
}
