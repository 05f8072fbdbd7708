// The PDF table rebuilder on hand-placed characters: the shapes LibreOffice and WPS prints give.
@testable import Documents
import Testing
@testable import Spreadsheet

@Suite struct PDFLayoutTests {
    /// Characters of `text` set from `x` on the line whose top is `y`: CJK a full em wide, ASCII half.
    static func place(_ text: String, x: Float, y: Float, size: Float = 12) -> [PDFGlyph] {
        var glyphs: [PDFGlyph] = []
        var cursor = x
        for scalar in text.unicodeScalars {
            let width = scalar.isASCII ? size / 2 : size
            glyphs.append(PDFGlyph(scalar: scalar, x0: cursor, y0: y, x1: cursor + width, y1: y + size + 1))
            cursor += width
        }
        return glyphs
    }

    static let columns: [Float] = [300, 340, 380, 420, 460, 500, 540]

    static func values(_ numbers: [String], y: Float, only: [Int]? = nil) -> [PDFGlyph] {
        (only ?? Array(numbers.indices)).flatMap { place(numbers[$0], x: columns[$0], y: y) }
    }

    @Test func rowsBandsDriftedTotalsWrappedDigitsAndSpacedHeaders() throws {
        var page: [PDFGlyph] = []
        page += Self.place("后宫乡2023年政府信息公开工作年度报告", x: 120, y: 60, size: 18)
        page += Self.place("信", x: 60, y: 100) + Self.place("息", x: 110, y: 100) + Self.place("内", x: 160, y: 100)
            + Self.place("容", x: 210, y: 100)
        page += ["自然", "商业", "科研", "社会", "法律", "其他", "总计"].enumerated().flatMap { Self.place($1, x: Self.columns[$0], y: 100) }
        page += ["人", "企业", "机构", "公益", "服务"].enumerated().flatMap { Self.place($1, x: Self.columns[$0], y: 114) }
        page += Self.place("一、本年新收政府信息公开申请数量", x: 40, y: 140)
        page += Self.values(["11", "25", "17", "31", "43", "56", "28"], y: 140)
        page += Self.values(["0", "", "", "", "", "", "3"], y: 153, only: [0, 6])  // digits wrapped in narrow cells: 110, 283
        // A label over three lines, its total on the first line and its other numbers on the second.
        page += Self.place("（二）部分公开（区分处理的，只计这一情", x: 40, y: 180) + Self.values(Array(repeating: "", count: 6) + ["10"], y: 180, only: [6])
        page += Self.values(["0", "4", "0", "3", "3", "0", ""], y: 188, only: [0, 1, 2, 3, 4, 5])
        page += Self.place("形，不计其他情形）", x: 40, y: 196)
        page += Self.place("1.属于国家秘密", x: 80, y: 222) + Self.values(["1", "0", "0", "1", "0", "4", "6"], y: 222)
        page += Self.place("-1-", x: 290, y: 800)
        let workbook = try PDFReader.workbook(PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: page)]), fileName: "t.pdf")
        #expect(workbook.format == .pdf)
        #expect(workbook.narrative.map(\.text) == ["后宫乡2023年政府信息公开工作年度报告"])
        let grid = try #require(workbook.sheets.first?.grid)
        let rows = (0..<grid.rowCount).map { grid.rowTexts($0).filter { !$0.isEmpty } }
        #expect(rows.contains(["信息内容", "自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计"]), "\(rows)")
        #expect(rows.contains(["一、本年新收政府信息公开申请数量", "110", "25", "17", "31", "43", "56", "283"]), "\(rows)")
        #expect(rows.contains(["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "0", "4", "0", "3", "3", "0", "10"]), "\(rows)")
        #expect(rows.contains(["1.属于国家秘密", "1", "0", "0", "1", "0", "4", "6"]), "\(rows)")
        #expect(!rows.joined().contains("-1-"))
        #expect(grid.origins?.allSatisfy { $0.page == 1 } == true)
    }

    @Test func paragraphsRejoinAcrossLinesAndPages() throws {
        let first = Self.place("一、总体情况", x: 60, y: 60) + Self.place("本年度受理政府", x: 84, y: 80) + Self.place("-1-", x: 290, y: 810)
        let second = Self.place("信息公开申请 17 件。", x: 60, y: 60) + Self.place("二、主动公开政府信息情况", x: 60, y: 100)
        let workbook = try PDFReader.workbook(PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: first),
                                                              PDFPageText(width: 595, height: 842, glyphs: second)]), fileName: "p.pdf")
        #expect(workbook.narrative.map(\.text) == ["一、总体情况", "本年度受理政府信息公开申请 17 件。", "二、主动公开政府信息情况"])
        #expect(workbook.sheets.isEmpty)
    }

    @Test func aPDFWithoutTextIsRefused() {
        #expect {
            try PDFReader.workbook(PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: [])]), fileName: "scan.pdf")
        } throws: { error in
            "\(error)".contains("PDF 没有文字层（扫描件）")
        }
    }

    @Test func scatteredNumbersAreNotATable() throws {
        // 1,200 lines, each one number a step to the right and down: each its own column band.
        var glyphs: [PDFGlyph] = []
        for line in 0..<1_200 { glyphs += Self.place("1", x: Float(line % 400) * 1.4, y: 40 + Float(line) * 0.6) }
        let workbook = try PDFReader.workbook(PDFText(pages: [PDFPageText(width: 595, height: 842, glyphs: glyphs)]), fileName: "s.pdf")
        #expect(workbook.sheets.allSatisfy { $0.grid.columnCount <= PDFLayout.maxBands + 8 })
    }
}
