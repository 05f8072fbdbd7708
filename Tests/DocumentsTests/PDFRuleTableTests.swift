// Tables from ruling lines, on hand-placed characters and rules (no PDF library): cells from the rules, merged cells,
// narrow cells whose numbers must never glue, tables continued over a page break; and the rule finder on painted paths.
import Testing
@testable import Documents
@testable import Spreadsheet

@Suite struct PDFRuleTableTests {
    static func place(_ text: String, x: Float, y: Float, size: Float = 12) -> [PDFGlyph] {
        PDFLayoutTests.place(text, x: x, y: y, size: size)
    }

    /// The rules of a grid with column edges `xs` and row edges `ys`; `skipV` are (edge index, row) pairs whose vertical
    /// rule is left out (a merged cell), `skipH` (edge index, column) pairs whose horizontal rule is.
    static func rules(xs: [Float], ys: [Float], skipV: Set<[Int]> = [], skipH: Set<[Int]> = []) -> [PDFRule] {
        var rules: [PDFRule] = []
        for (i, x) in xs.enumerated() {
            for row in 0..<(ys.count - 1) where !skipV.contains([i, row]) {
                rules.append(PDFRule(x0: x - 0.25, y0: ys[row] - 0.25, x1: x + 0.25, y1: ys[row + 1] + 0.25))
            }
        }
        for (j, y) in ys.enumerated() {
            for column in 0..<(xs.count - 1) where !skipH.contains([j, column]) {
                rules.append(PDFRule(x0: xs[column] - 0.25, y0: y - 0.25, x1: xs[column + 1] + 0.25, y1: y + 0.25))
            }
        }
        return rules
    }

    static func rows(_ grid: Grid) -> [[String]] { (0..<grid.rowCount).map { grid.rowTexts($0) } }

    @Test func numbersInNarrowNeighbouringCellsNeverGlue() throws {
        // Cells 20 pt wide whose numbers nearly touch: 「123」 ends 0.5 pt before 「28」 begins.
        let xs: [Float] = [40, 140, 160.5, 180]
        let ys: [Float] = [100, 116, 132]
        var glyphs = Self.place("行政许可", x: 44, y: 102) + Self.place("123", x: 142, y: 102, size: 12)
        glyphs += Self.place("28", x: 160.5 + 0.5, y: 102, size: 12)
        glyphs += Self.place("行政处罚", x: 44, y: 118) + Self.place("7", x: 150, y: 118) + Self.place("0", x: 170, y: 118)
        let page = PDFPageText(width: 595, height: 842, glyphs: glyphs, rules: Self.rules(xs: xs, ys: ys))
        let grid = try #require(PDFLayout.workbook(PDFText(pages: [page]), fileName: "g.pdf").sheets.first?.grid)
        #expect(Self.rows(grid) == [["行政许可", "123", "28"], ["行政处罚", "7", "0"]])
        #expect(grid[0, 1].value == .number(123) && grid[0, 2].value == .number(28))
    }

    @Test func mergedGroupLabelsWrappedLabelsAndABlankCellKeepTheirCells() throws {
        // Columns: group label | label | two values. Rows 0–2 share the group label (no rules between them in column 0),
        // drawn vertically centred over the three rows; row 1's label wraps over two lines; row 2's second value is blank.
        let xs: [Float] = [40, 90, 200, 230, 260]
        let ys: [Float] = [100, 116, 148, 164]
        var glyphs = Self.place("（三）不", x: 42, y: 122) + Self.place("予公开", x: 42, y: 135)
        glyphs += Self.place("1.属于国家秘密", x: 92, y: 102) + Self.values(["4", "5"], y: 102, xs: xs)
        glyphs += Self.place("2.其他法律行政", x: 92, y: 118) + Self.place("法规禁止公开", x: 92, y: 132)
        glyphs += Self.values(["11", "3"], y: 125, xs: xs)
        glyphs += Self.place("3.危及稳定", x: 92, y: 150) + Self.values(["6", ""], y: 150, xs: xs)
        let rules = Self.rules(xs: xs, ys: ys, skipH: [[1, 0], [2, 0]])
        let page = PDFPageText(width: 595, height: 842, glyphs: glyphs, rules: rules)
        let grid = try #require(PDFLayout.workbook(PDFText(pages: [page]), fileName: "m.pdf").sheets.first?.grid)
        #expect(Self.rows(grid) == [["（三）不予公开", "1.属于国家秘密", "4", "5"], ["", "2.其他法律行政法规禁止公开", "11", "3"],
                                   ["", "3.危及稳定", "6"]])
        #expect(grid.merged == [CellRange(first: CellRef(row: 0, column: 0), last: CellRef(row: 2, column: 0))])
        #expect(grid[2, 3].isBlank)
    }

    static func values(_ numbers: [String], y: Float, xs: [Float]) -> [PDFGlyph] {
        numbers.enumerated().flatMap { index, number in Self.place(number, x: xs[2 + index] + 4, y: y) }
    }

    @Test func aTableGoesOnOverThePageBreak() throws {
        // Page 1: header row, a group label over three rows, a row cut by the page break (「3.补正后申请」 with its
        // values). Page 2: the header repeated, the cut row's end (「内容」, the group label's 「法提供」), one more row.
        let xs: [Float] = [40, 90, 200, 230, 260]
        let header = Self.place("项目", x: 42, y: 62) + Self.place("自然人", x: 200, y: 62, size: 9) + Self.place("总计", x: 232, y: 62)
        var first = header
        first += Self.place("（四）无", x: 42, y: 95) + Self.place("1.不掌握", x: 92, y: 82) + Self.values(["12", "18"], y: 82, xs: xs)
        first += Self.place("2.需另行制作", x: 92, y: 98) + Self.values(["1", "9"], y: 98, xs: xs)
        first += Self.place("3.补正后申请", x: 92, y: 114) + Self.values(["7", "17"], y: 114, xs: xs)
        let firstRules = Self.rules(xs: xs, ys: [60, 80, 96, 112, 128], skipH: [[2, 0], [3, 0]])
        var second = header
        second += Self.place("法提供", x: 42, y: 82) + Self.place("内容", x: 92, y: 82)
        second += Self.place("（五）他", x: 42, y: 98) + Self.place("1.重复申请", x: 92, y: 98) + Self.values(["2", "2"], y: 98, xs: xs)
        let secondRules = Self.rules(xs: xs, ys: [60, 80, 96, 112])
        let pdf = PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: first, rules: firstRules),
                                  PDFPageText(width: 595, height: 842, glyphs: second, rules: secondRules)])
        let sheets = PDFLayout.workbook(pdf, fileName: "c.pdf").sheets
        #expect(sheets.count == 1)
        let grid = try #require(sheets.first?.grid)
        #expect(Self.rows(grid) == [["项目", "", "自然人", "总计"], ["（四）无法提供", "1.不掌握", "12", "18"], ["", "2.需另行制作", "1", "9"],
                                   ["", "3.补正后申请内容", "7", "17"], ["（五）他", "1.重复申请", "2", "2"]])
        #expect(grid.merged.contains(CellRange(first: CellRef(row: 1, column: 0), last: CellRef(row: 3, column: 0))))
        #expect(grid.origins?.map(\.page) == [1, 1, 1, 1, 2])
    }

    @Test func withoutRulesTheTextLayoutStillReads() throws {
        let glyphs = Self.place("行政许可", x: 44, y: 102) + Self.place("389", x: 200, y: 102) + Self.place("行政处罚", x: 44, y: 118)
            + Self.place("69", x: 200, y: 118)
        let grid = try #require(PDFLayout.workbook(PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: glyphs)]), fileName: "t.pdf")
            .sheets.first?.grid)
        #expect(Self.rows(grid).map { $0.filter { !$0.isEmpty } } == [["行政许可", "389"], ["行政处罚", "69"]])
    }

    @Test func theRuleFinderJoinsABorderDrawnCellByCellAndKeepsOnlyThinStraightLines() {
        // A page 300 × 200 points.
        let paints = [
            // One border stroked cell by cell (hairline), and drawn again by the neighbouring cell a little off.
            PDFPaint(x0: 20, y0: 50, x1: 120, y1: 50), PDFPaint(x0: 120, y0: 50, x1: 220, y1: 50),
            PDFPaint(x0: 120.5, y0: 50.25, x1: 219, y1: 50.25),
            // A vertical border 1 pt wide drawn bottom to top, and a thin filled rectangle standing for one.
            PDFPaint(x0: 20, y0: 150, x1: 20, y1: 50, width: 1), .box(x0: 219.75, y0: 50, x1: 220.25, y1: 150),
            // Not rules: a slanted stroke, a 4 pt dash, a filled box 10 pt thick, a stroke 3 pt wide, a frame round the
            // page, and a 6 pt piece left after a gap of 2 pt along the first border.
            PDFPaint(x0: 20, y0: 160, x1: 220, y1: 170), PDFPaint(x0: 20, y0: 180, x1: 24, y1: 180),
            .box(x0: 230, y0: 20, x1: 290, y1: 30), PDFPaint(x0: 20, y0: 190, x1: 200, y1: 190, width: 3),
            PDFPaint(x0: 2, y0: 2, x1: 298, y1: 2), PDFPaint(x0: 2, y0: 2, x1: 2, y1: 198),
            PDFPaint(x0: 222, y0: 50, x1: 228, y1: 50),
            // Values that are not numbers.
            PDFPaint(x0: .nan, y0: 60, x1: 100, y1: 60), PDFPaint(x0: 20, y0: 70, x1: .infinity, y1: 70),
        ]
        let rules = RuleFinder.rules(paints: paints, pageWidth: 300, pageHeight: 200, lineHeight: 10)
        #expect(rules == [PDFRule(x0: 20, y0: 49.75, x1: 220, y1: 50.5), PDFRule(x0: 19.5, y0: 50, x1: 20.5, y1: 150),
                          PDFRule(x0: 219.75, y0: 50, x1: 220.25, y1: 150)], "\(rules)")
        // A row of large type is taller than 7 pt: a 9 pt piece is a mark beside 14 pt type, a rule beside 10 pt.
        let piece = [PDFPaint(x0: 20, y0: 50, x1: 29, y1: 50)]
        #expect(RuleFinder.rules(paints: piece, pageWidth: 300, pageHeight: 200, lineHeight: 14).isEmpty)
        #expect(RuleFinder.rules(paints: piece, pageWidth: 300, pageHeight: 200, lineHeight: 10).count == 1)
    }

    @Test func rulesAndDroppedPagesSurviveTheTripBetweenProcesses() {
        let page = PDFPageText(width: 595, height: 842, glyphs: Self.place("12", x: 1, y: 2),
                               rules: [PDFRule(x0: 1, y0: 2, x1: 300, y1: 2.5), PDFRule(x0: 40, y0: 2, x1: 40.5, y1: 90)])
        let text = PDFText(pages: [page, PDFPageText(width: 100, height: 100, glyphs: [])], droppedPageCount: 7)
        #expect(PDFText(serialized: text.serialized()) == text)
        #expect(PDFText(serialized: text.serialized())?.droppedPageCount == 7)
        #expect(PDFLayout.workbook(text, fileName: "x.pdf").notes == [.pagesNotRead(read: 2, total: 9)])
        #expect(PDFText(serialized: Array(text.serialized().dropLast(3))) == nil)
    }
}
