// Rebuilds a PDF's tables and narrative from positioned characters: lines, chunks, column bands, rows.
import Spreadsheet

/// Turns positioned text into grids and paragraphs, as a person reads a printed report:
/// - characters on one baseline form a **line**; wide gaps split a line into **chunks** (cells);
/// - lines that are prose (a sentence, a full-width line, a heading) are **narrative**, re-joined into paragraphs
///   across line and page breaks; page numbers (`-3-`) are dropped;
/// - the lines between stretches of prose form a **table**: the x-centres of its numbers cluster into **column
///   bands**; each line holding numbers is a row, and two close lines whose numbers fill different bands are one row
///   (a total drawn a line higher than its row's numbers); label fragments on lines without numbers (a label wrapped
///   over three lines, a vertical label one character per line) join the nearest row; header words over the bands,
///   split over lines (「商业」/「企业」), join per band.
public enum PDFLayout {
    struct Chunk {
        var x0: Float, x1: Float, y0: Float, y1: Float
        var text: String
        var isValue: Bool
        var xCenter: Float { (x0 + x1) / 2 }
        var width: Float { x1 - x0 }
    }

    struct Line {
        var page: Int
        var y0: Float, y1: Float
        var chunks: [Chunk]
        var yCenter: Float { (y0 + y1) / 2 }
        var height: Float { max(y1 - y0, 1) }
        var x0: Float { chunks.first?.x0 ?? 0 }
        var text: String { chunks.map(\.text).joined(separator: " ") }
    }

    static func workbook(_ pdf: PDFText, fileName: String) -> Workbook {
        layout(pdf, fileName: fileName, trace: nil)
    }

    /// What the layout found on each page, to draw over the page (`nianbao inspect --debug-png`).
    public static func trace(_ pdf: PDFText) -> [PDFPageTrace] {
        let trace = TraceCollector(pages: pdf.pages.count)
        _ = layout(pdf, fileName: "", trace: trace)
        return trace.pages
    }

    enum Item {
        case line(Line)
        case table(RuleTable)
    }

    static func layout(_ pdf: PDFText, fileName: String, trace: TraceCollector?) -> Workbook {
        // Per page: tables drawn with rules, and the lines of the text outside them, in reading order.
        var items: [Item] = []
        for (index, page) in pdf.pages.enumerated() {
            let (tables, free) = ruleTables(page, number: index + 1)
            var rest = page
            rest.glyphs = free
            let lines = pageLines(rest, number: index + 1)
            var next = 0
            for table in tables {
                while next < lines.count, lines[next].yCenter < table.top {
                    items.append(.line(lines[next]))
                    next += 1
                }
                items.append(.table(table))
                trace?.add(table)
            }
            items += lines[next...].map { .line($0) }
            trace?.pages[index].rules = page.rules
        }
        var sheets: [Sheet] = []
        var narrative: [Line] = []
        var block: [Line] = []
        var open: RuleTable?
        func closeBlock() {
            defer { block.removeAll() }
            guard !block.isEmpty else { return }
            if let grid = table(block, trace: trace) {
                sheets.append(Sheet(name: "表\(sheets.count + 1)", grid: grid, tableNumber: sheets.count + 1))
            } else {
                narrative += block
            }
        }
        func closeTable() {
            guard let table = open else { return }
            open = nil
            sheets.append(Sheet(name: "表\(sheets.count + 1)", grid: grid(table), tableNumber: sheets.count + 1))
        }
        for item in items {
            switch item {
            case .table(let table):
                if let current = open, continues(current, with: table) {
                    open = joined(current, table)
                } else {
                    closeTable()
                    closeBlock()
                    open = table
                }
            case .line(let line):
                closeTable()
                if isProse(line, pageWidth: pdf.pages[line.page - 1].width) {
                    closeBlock()
                    narrative.append(line)
                } else {
                    block.append(line)
                }
            }
        }
        closeTable()
        closeBlock()
        narrative.sort { ($0.page, $0.yCenter) < ($1.page, $1.yCenter) }
        var workbook = Workbook(source: fileName, format: .pdf, sheets: sheets, narrative: paragraphs(narrative))
        if pdf.droppedPageCount > 0 {
            workbook.notes.append(.pagesNotRead(read: pdf.pages.count, total: pdf.pages.count + pdf.droppedPageCount))
        }
        return workbook
    }

    // MARK: lines and chunks

    /// Glyphs in lines, top to bottom: a glyph joins the line above when its centre lies within 0.3 of the taller of
    /// the two heights from that line's first centre. Each line's glyphs in no particular order across.
    static func lineGroups(_ glyphs: [PDFGlyph]) -> [[PDFGlyph]] {
        var groups: [[PDFGlyph]] = []
        var center: Float = -.infinity
        var height: Float = 0
        for glyph in glyphs.sorted(by: { ($0.y0 + $0.y1) < ($1.y0 + $1.y1) }) {
            let glyphCenter = (glyph.y0 + glyph.y1) / 2
            let glyphHeight = max(glyph.y1 - glyph.y0, 1)
            if !groups.isEmpty, abs(glyphCenter - center) <= 0.3 * max(height, glyphHeight) {
                groups[groups.count - 1].append(glyph)
            } else {
                groups.append([glyph])
                center = glyphCenter
                height = glyphHeight
            }
        }
        return groups
    }

    static func pageLines(_ page: PDFPageText, number: Int) -> [Line] {
        let glyphs = page.glyphs.filter { glyph in
            !(glyph.scalar.properties.isWhitespace || glyph.scalar.value < 0x20) && glyph.x1 >= glyph.x0 && glyph.y1 >= glyph.y0
        }
        var lines: [Line] = []
        for group in lineGroups(glyphs) {
            let sorted = group.sorted { $0.x0 < $1.x0 }
            let lineHeight = median(sorted.map { $0.y1 - $0.y0 })
            let gap = max(0.45 * lineHeight, 4)
            var chunks: [Chunk] = []
            var scalars = String.UnicodeScalarView()
            var current: (x0: Float, x1: Float, y0: Float, y1: Float)?
            var members: [PDFGlyph] = []
            func close() {
                guard let box = current else { return }
                let text = String(scalars)
                if !TextLine.isValue(text), let split = trailingNumber(members, lineHeight: lineHeight) {
                    // A label that runs up to the first number column (「…出具已 2」): the number is a cell of its own.
                    let label = members[..<split], number = members[split...]
                    for part in [label, number] {
                        let partText = String(String.UnicodeScalarView(part.map(\.scalar)))
                        chunks.append(Chunk(x0: part.map(\.x0).min() ?? box.x0, x1: part.map(\.x1).max() ?? box.x1, y0: box.y0, y1: box.y1,
                                            text: partText, isValue: TextLine.isValue(partText)))
                    }
                } else {
                    chunks.append(Chunk(x0: box.x0, x1: box.x1, y0: box.y0, y1: box.y1, text: text, isValue: TextLine.isValue(text)))
                }
                scalars.removeAll()
                members.removeAll()
                current = nil
            }
            for glyph in sorted {
                if let box = current, glyph.x0 - box.x1 > gap { close() }
                members.append(glyph)
                if let box = current {
                    current = (box.x0, max(box.x1, glyph.x1), min(box.y0, glyph.y0), max(box.y1, glyph.y1))
                } else {
                    current = (glyph.x0, glyph.x1, glyph.y0, glyph.y1)
                }
                scalars.append(glyph.scalar)
            }
            close()
            chunks = joiningSpacedCharacters(chunks, lineHeight: lineHeight)
            guard let first = chunks.first else { continue }
            let line = Line(page: number, y0: chunks.map(\.y0).min() ?? first.y0, y1: chunks.map(\.y1).max() ?? first.y1, chunks: chunks)
            if isPageFurniture(line, pageHeight: page.height) { continue }
            lines.append(line)
        }
        return lines
    }

    /// A word set with distributed alignment (「信  息  内  容」, 「规    章」) is one chunk: a run of two or more
    /// one-character text chunks, close enough to be one cell's letters, is joined.
    static func joiningSpacedCharacters(_ chunks: [Chunk], lineHeight: Float) -> [Chunk] {
        var joined: [Chunk] = []
        var index = 0
        func isLetter(_ chunk: Chunk) -> Bool {
            guard !chunk.isValue, chunk.text.unicodeScalars.count == 1, let scalar = chunk.text.unicodeScalars.first else { return false }
            return scalar.value > 0x2E7F
        }
        while index < chunks.count {
            var end = index + 1
            while end < chunks.count, isLetter(chunks[end - 1]), isLetter(chunks[end]), chunks[end].x0 - chunks[end - 1].x1 < 3 * lineHeight {
                end += 1
            }
            if end - index >= 2 {
                let run = chunks[index..<end]
                var merged = run[index]
                merged.text = run.map(\.text).joined()
                merged.x1 = run.map(\.x1).max() ?? merged.x1
                merged.y0 = run.map(\.y0).min() ?? merged.y0
                merged.y1 = run.map(\.y1).max() ?? merged.y1
                joined.append(merged)
            } else {
                joined.append(chunks[index])
            }
            index = end
        }
        return joined
    }

    /// Where a chunk's trailing number starts, when text runs into it with a visible gap (wider than a letter's
    /// spacing) and nothing follows it: the label and the first value of a row printed too close for a cell gap.
    static func trailingNumber(_ glyphs: [PDFGlyph], lineHeight: Float) -> Int? {
        var start = glyphs.count
        while start > 0, NumberLexer.digitValue(glyphs[start - 1].scalar) != nil
                || (start > 0 && glyphs[start - 1].scalar == "." && start < glyphs.count) {
            start -= 1
        }
        guard start > 0, start < glyphs.count, glyphs[start - 1].scalar.value > 0x2E7F else { return nil }
        return glyphs[start].x0 - glyphs[start - 1].x1 > 0.15 * lineHeight ? start : nil
    }

    static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 10 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// A page number in the top or bottom margin: `-3-`, `— 3 —`, `3`, `第3页`, `3/6`, `第 3 页 共 6 页`.
    static func isPageFurniture(_ line: Line, pageHeight: Float) -> Bool {
        guard line.y0 > pageHeight * 0.88 || line.y1 < pageHeight * 0.08 else { return false }
        let text = line.chunks.map(\.text).joined()
        guard text.unicodeScalars.count <= 16 else { return false }
        let digits = text.unicodeScalars.filter { NumberLexer.digitValue($0) != nil }.count
        let rest = text.unicodeScalars.filter { NumberLexer.digitValue($0) == nil && !"-—–－/第页共Page ".unicodeScalars.contains($0) }.count
        return digits > 0 && rest == 0
    }

    /// Prose: a line that is one chunk of text and is a sentence, a heading (「一、总体情况」), or runs most of the
    /// page's width.
    static func isProse(_ line: Line, pageWidth: Float) -> Bool {
        guard line.chunks.count == 1, let chunk = line.chunks.first, !chunk.isValue else { return false }
        if chunk.text.contains("。") { return true }
        if chunk.width >= 0.45 * pageWidth { return true }
        return TextTableBuilder.isHeading(chunk.text)
    }

    // MARK: paragraphs

    /// Narrative lines re-joined into paragraphs: a paragraph goes on across line and page breaks until a line ends a
    /// sentence, a heading stands alone, or the next line is indented (a new paragraph's first line).
    static func paragraphs(_ lines: [Line]) -> [(line: Int, text: String)] {
        var paragraphs: [(line: Int, text: String)] = []
        var current = ""
        var previous: Line?
        func close() {
            let text = DocumentText.trimmed(Array(current.utf8))
            if !text.isEmpty { paragraphs.append((paragraphs.count + 1, text)) }
            current = ""
        }
        // A line that ends a sentence well short of the right margin ends its paragraph.
        var rightMargin: [Int: Float] = [:]
        for line in lines { rightMargin[line.page] = max(rightMargin[line.page] ?? 0, line.chunks.last?.x1 ?? 0) }
        for line in lines {
            let text = line.text
            if let previous {
                let short = (previous.chunks.last?.x1 ?? 0) < (rightMargin[previous.page] ?? 0) - 2 * previous.height
                let ended = (current.hasSuffix("。") || current.hasSuffix("：") || current.hasSuffix(":")) && short
                let indented = line.x0 > previous.x0 + 0.8 * line.height
                let far = line.page == previous.page && line.y0 - previous.y1 > 1.5 * line.height
                if ended || indented || far || TextTableBuilder.isHeading(current) || TextTableBuilder.isHeading(text) { close() }
            }
            current += text
            previous = line
        }
        close()
        return paragraphs
    }

    // MARK: tables

    struct Band {
        var x0: Float, x1: Float
        var centers: [Float]
        var center: Float { centers.reduce(0, +) / Float(max(centers.count, 1)) }
    }

    struct Row {
        var lines: [Line]
        var values: [Chunk]
        var bands: Set<Int> = []
        var labels: [Chunk]
        var page: Int
        var y0: Float, y1: Float
    }

    enum Piece {
        case header([Line])
        case row(Int)
    }

    /// The grid of one stretch of table lines, or nil when it holds no numbers (then it is narrative after all).
    static func table(_ lines: [Line], trace: TraceCollector? = nil) -> Grid? {
        let values = lines.flatMap { $0.chunks.filter(\.isValue) }
        guard values.count >= 2 else { return nil }
        let lineHeight = median(lines.map(\.height))
        let bands = clusterBands(values, tolerance: max(0.8 * lineHeight, 6))
        // A report's tables have a handful of number columns; hundreds are scattered numbers, not a table.
        guard bands.count <= Self.maxBands, let labelEdge = bands.map(\.x0).min() else { return nil }
        func isLabelArea(_ chunk: Chunk) -> Bool { !chunk.isValue && chunk.xCenter < labelEdge - 2 }
        let centers = bands.map(\.center)
        func band(of chunk: Chunk) -> Int {
            // The nearest centre, by binary search over the ascending band centres.
            var low = 0, high = centers.count
            while low < high {
                let middle = (low + high) / 2
                if centers[middle] < chunk.xCenter { low = middle + 1 } else { high = middle }
            }
            if low == centers.count { return centers.count - 1 }
            if low > 0, chunk.xCenter - centers[low - 1] < centers[low] - chunk.xCenter { return low - 1 }
            return low
        }
        // Rows: lines with numbers; close lines whose numbers fill different bands are one row.
        var rows: [Row] = []
        var pieces: [Piece] = []
        var pending: [Line] = []
        func flushPending() {
            guard !pending.isEmpty else { return }
            let isHeader = pending.contains { line in line.chunks.contains { !isLabelArea($0) } }
            if isHeader || rows.isEmpty {
                pieces.append(.header(pending))
            } else {
                for line in pending { attach(line) }
            }
            pending.removeAll()
        }
        func attach(_ line: Line) {
            // A label fragment joins a row on its page: one that begins a label (「2.申请人…」, numbered) the row below
            // it, one that continues a label (「费用、行政机关…」) the row above, when that row is near; else the nearest.
            // Lines come in reading order, so the fragment lies between the last rows made: only they are candidates
            // (which also keeps this linear in the rows of a hostile page).
            let candidates = Array(rows.indices.suffix(3))
            var best: Int?
            var distance = Float.infinity
            for index in candidates where rows[index].page == line.page {
                let row = rows[index]
                let gap = line.yCenter < row.y0 ? row.y0 - line.yCenter : (line.yCenter > row.y1 ? line.yCenter - row.y1 : 0)
                if gap < distance { distance = gap; best = index }
            }
            let begins = line.chunks.first.map { TextTableBuilder.hasNumbering($0.text) } ?? false
            let near = 3 * lineHeight
            let samePage = candidates.filter { rows[$0].page == line.page }
            if begins, let below = samePage.filter({ rows[$0].y0 >= line.yCenter }).min(by: { rows[$0].y0 < rows[$1].y0 }),
               rows[below].y0 - line.yCenter <= near {
                best = below
            } else if !begins, let above = samePage.filter({ rows[$0].y1 <= line.yCenter }).max(by: { rows[$0].y1 < rows[$1].y1 }),
                      line.yCenter - rows[above].y1 <= near {
                best = above
            } else if !begins, !samePage.contains(where: { rows[$0].y1 <= line.yCenter }),
                      let last = candidates.filter({ rows[$0].page == line.page - 1 }).max(by: { rows[$0].y1 < rows[$1].y1 }) {
                // A label continued at the top of the next page belongs to the last row of the page before.
                best = last
            }
            guard let best else { return }
            rows[best].labels += line.chunks
            rows[best].y0 = min(rows[best].y0, line.y0)
            rows[best].y1 = max(rows[best].y1, line.y1)
        }
        var pendingAfterRows: [Line] = []
        for line in lines {
            let numbers = line.chunks.filter(\.isValue)
            guard !numbers.isEmpty else {
                pending.append(line)
                continue
            }
            // Fragments between rows attach only once the next row exists (they may belong to it).
            if !pending.isEmpty {
                let isHeader = pending.contains { line in line.chunks.contains { !isLabelArea($0) } }
                if isHeader || rows.isEmpty { flushPending() } else { pendingAfterRows = pending; pending.removeAll() }
            }
            let labels = line.chunks.filter { !$0.isValue }
            let lineBands = Set(numbers.map(band(of:)))
            // Digits wrapped inside a narrow cell (「11」 over 「0」): a line of numbers alone, right under a row, each
            // under a number of that row, continues those numbers.
            if labels.isEmpty, let last = rows.indices.last, rows[last].page == line.page, let previousLine = rows[last].lines.last,
               line.yCenter - previousLine.yCenter <= 1.1 * lineHeight, numbers.count < rows[last].values.count,
               lineBands.isSubset(of: rows[last].bands) {
                for number in numbers {
                    guard let target = rows[last].values.lastIndex(where: { band(of: $0) == band(of: number) }) else { continue }
                    rows[last].values[target].text += number.text
                    rows[last].values[target].y1 = max(rows[last].values[target].y1, number.y1)
                }
                rows[last].y1 = max(rows[last].y1, line.y1)
                continue
            }
            if let last = rows.indices.last, rows[last].page == line.page, let previousLine = rows[last].lines.last,
               line.yCenter - previousLine.yCenter <= 1.25 * lineHeight,
               rows[last].bands.isDisjoint(with: lineBands), rows[last].values.count < bands.count {
                rows[last].values += numbers
                rows[last].bands.formUnion(lineBands)
                rows[last].labels += labels
                rows[last].lines.append(line)
                rows[last].y0 = min(rows[last].y0, line.y0)
                rows[last].y1 = max(rows[last].y1, line.y1)
            } else {
                rows.append(Row(lines: [line], values: numbers, bands: lineBands, labels: labels, page: line.page, y0: line.y0, y1: line.y1))
                pieces.append(.row(rows.count - 1))
            }
            for fragment in pendingAfterRows { attach(fragment) }
            pendingAfterRows.removeAll()
        }
        if !pending.isEmpty {
            let isHeader = pending.contains { line in line.chunks.contains { !isLabelArea($0) } }
            if isHeader { pieces.append(.header(pending)) } else { for line in pending { attach(line) } }
        }
        // Label columns from the left edges of label chunks.
        let labelChunks = rows.flatMap { $0.labels.filter(isLabelArea) }
            + pieces.flatMap { piece -> [Chunk] in if case .header(let lines) = piece { return lines.flatMap { $0.chunks.filter(isLabelArea) } } else { return [] } }
        let labelColumns = clusterEdges(labelChunks.map(\.x0), tolerance: max(0.5 * lineHeight, 5))
        func labelColumn(_ chunk: Chunk) -> Int {
            var best = 0
            for (index, edge) in labelColumns.enumerated() where abs(edge - chunk.x0) < abs(labelColumns[best] - chunk.x0) { best = index }
            return best
        }
        let firstBandColumn = labelColumns.count
        let spacing = bandSpacing(bands)
        var grid = Grid()
        var pages: [Int] = []
        func put(_ chunks: [Chunk], row: Int) {
            var cells: [Int: [Chunk]] = [:]
            for chunk in chunks {
                let column = isLabelArea(chunk) && !labelColumns.isEmpty ? labelColumn(chunk) : firstBandColumn + band(of: chunk)
                cells[column, default: []].append(chunk)
            }
            for (column, parts) in cells {
                let text = parts.sorted { ($0.y0, $0.x0) < ($1.y0, $1.x0) }.map(\.text).joined()
                grid[row, column] = Cell(CSVReader.value(of: text))
            }
        }
        for piece in pieces {
            switch piece {
            case .header(let headerLines):
                let chunks = headerLines.flatMap(\.chunks)
                // A header word over several bands (申请人情况, 法人或其他组织) is a group heading, on a row of its own.
                let groups = chunks.filter { !isLabelArea($0) && $0.width > 1.15 * spacing }
                if !groups.isEmpty {
                    let row = pages.count
                    for chunk in groups {
                        let column = firstBandColumn + (bands.firstIndex { $0.x1 >= chunk.x0 } ?? 0)
                        grid[row, column] = Cell(.text(chunk.text))
                    }
                    pages.append(headerLines[0].page)
                }
                let words = chunks.filter { isLabelArea($0) || $0.width <= 1.15 * spacing }
                if !words.isEmpty {
                    put(words, row: pages.count)
                    pages.append(headerLines[0].page)
                }
            case .row(let index):
                let row = rows[index]
                put(row.labels + row.values, row: pages.count)
                pages.append(row.page)
            }
        }
        grid.origins = pages.map { RowOrigin(page: $0) }
        if let trace {
            let top = lines.map(\.y0).min() ?? 0, bottom = lines.map(\.y1).max() ?? 0
            for band in bands { trace.pages[lines[0].page - 1].bands.append(PDFBox(x0: band.x0, y0: top, x1: band.x1, y1: bottom)) }
            for row in rows {
                let x0 = row.labels.map(\.x0).min() ?? row.values.map(\.x0).min() ?? 0
                trace.pages[row.page - 1].rows.append(PDFBox(x0: x0, y0: row.y0, x1: row.values.map(\.x1).max() ?? x0, y1: row.y1))
            }
        }
        return grid
    }

    static let maxBands = 64

    static func clusterBands(_ chunks: [Chunk], tolerance: Float) -> [Band] {
        var bands: [Band] = []
        for chunk in chunks.sorted(by: { $0.xCenter < $1.xCenter }) {
            if let last = bands.last, chunk.xCenter - (last.centers.last ?? last.center) <= tolerance {
                bands[bands.count - 1].centers.append(chunk.xCenter)
                bands[bands.count - 1].x0 = min(last.x0, chunk.x0)
                bands[bands.count - 1].x1 = max(last.x1, chunk.x1)
            } else {
                bands.append(Band(x0: chunk.x0, x1: chunk.x1, centers: [chunk.xCenter]))
            }
        }
        return bands
    }

    static func clusterEdges(_ edges: [Float], tolerance: Float) -> [Float] {
        var clusters: [[Float]] = []
        for edge in edges.sorted() {
            if let last = clusters.last?.last, edge - last <= tolerance {
                clusters[clusters.count - 1].append(edge)
            } else {
                clusters.append([edge])
            }
        }
        return clusters.map { $0.reduce(0, +) / Float($0.count) }
    }

    static func bandSpacing(_ bands: [Band]) -> Float {
        guard bands.count >= 2 else { return 60 }
        return median(zip(bands.dropFirst(), bands).map { $0.center - $1.center })
    }
}

/// A box on a page, in points from its top left.
public struct PDFBox: Sendable, Equatable {
    public var x0: Float, y0: Float, x1: Float, y1: Float
    public init(x0: Float, y0: Float, x1: Float, y1: Float) { (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1) }
}

/// What `PDFLayout` found on one page: the rules drawn on it, the cells of the tables made from them, and, for tables
/// read from text alone, the column bands and rows.
public struct PDFPageTrace: Sendable {
    public var rules: [PDFRule] = []
    public var cells: [PDFBox] = []
    public var bands: [PDFBox] = []
    public var rows: [PDFBox] = []
}

final class TraceCollector {
    var pages: [PDFPageTrace]
    init(pages: Int) { self.pages = [PDFPageTrace](repeating: PDFPageTrace(), count: pages) }

    func add(_ table: PDFLayout.RuleTable) {
        for cell in table.cells {
            pages[table.page - 1].cells.append(PDFBox(x0: table.xs[cell.column], y0: table.ys[cell.row],
                                                      x1: table.xs[cell.column + cell.columns], y1: table.ys[cell.row + cell.rows]))
        }
    }
}
