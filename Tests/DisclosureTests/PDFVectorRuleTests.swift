// The ruling lines poppler's core reads from a hand-written PDF's paths: thin filled rectangles, strokes (under a
// transform and a clip), a frame cut out of a rectangle; white, pale, slanted, short and page-wide paint left out.
import Foundation
import PopplerText
import TestSupport
import Documents
import Testing

@Suite struct PDFVectorRuleTests {
    /// A one-page PDF (300 × 200 points) whose content stream is `content`, with Helvetica as /F1; offsets computed.
    static func pdf(content: String, rotate: Int = 0) -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Rotate \(rotate) /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }

    /// Four numbers set apart on one line, as in a table's row: the page may hold a table, so its rules are read.
    static let numbers = "BT /F1 10 Tf 20 185 Td (10) Tj 60 0 Td (20) Tj 60 0 Td (30) Tj 60 0 Td (40) Tj ET\n"

    static func rules(content: String, rotate: Int = 0, numbers: String = PDFVectorRuleTests.numbers) throws -> (rules: [PDFRule], page: PDFPageText) {
        let folder = scratchRoot.appendingPathComponent("nianbao-vector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("rules.pdf")
        try pdf(content: numbers + content, rotate: rotate).write(to: file)
        let page = try #require(try PopplerText.extract(path: file.path).pages.first)
        // Two decimals: poppler transforms in double and hands over floats.
        let rounded = page.rules.map { rule in
            func round(_ value: Float) -> Float { (value * 100).rounded() / 100 }
            return PDFRule(x0: round(rule.x0), y0: round(rule.y0), x1: round(rule.x1), y1: round(rule.y1))
        }
        return (rounded, page)
    }

    @Test func thinFillsAndStraightStrokesAreRulesInPagePoints() throws {
        // PDF space has its origin at the bottom left: y = 200 − y′ on the page.
        let content = """
        0 0 0 rg 20 170 200 0.5 re f
        0 0 0 RG 1 w 20 100 m 220 100 l S
        20 90 m 120 90 l S 120 90 m 220 90 l S
        2 w 20 60 m 20 180 l S
        q 1 0 0 1 100 0 cm 0.5 w 100 60 m 100 180 l S Q
        0 g 150 60 0.75 120 re f
        q 20 60 100 120 re W n 1 w 20 70 m 280 70 l S Q
        240 150 50 40 re 241 151 48 38 re f*
        1 1 1 rg 20 40 200 1 re f
        0.9 g 20 45 200 1 re f
        0 G 0.5 w 20 20 m 220 50 l S
        20 10 m 24 10 l S
        0 g 230 20 40 40 re f
        0.5 w 2 2 296 196 re S
        0.5 0.5 1 RG 1 w 20 30 m 220 30 l S
        """
        let (rules, page) = try Self.rules(content: content)
        #expect(page.glyphs.filter { $0.scalar.properties.numericType != nil }.count == 8)
        #expect(rules == [
            // The frame cut out of a rectangle (even-odd): its top band.
            PDFRule(x0: 240, y0: 10, x1: 290, y1: 11),
            PDFRule(x0: 20, y0: 29.5, x1: 220, y1: 30),
            PDFRule(x0: 240, y0: 49, x1: 290, y1: 50),
            PDFRule(x0: 20, y0: 99.5, x1: 220, y1: 100.5),
            // Drawn in two pieces, one rule.
            PDFRule(x0: 20, y0: 109.5, x1: 220, y1: 110.5),
            // Cut by the clip at x 120.
            PDFRule(x0: 20, y0: 129.5, x1: 120, y1: 130.5),
            // Pale blue is dark enough (a coloured border).
            PDFRule(x0: 20, y0: 169.5, x1: 220, y1: 170.5),
            PDFRule(x0: 19, y0: 20, x1: 21, y1: 140),
            PDFRule(x0: 150, y0: 20, x1: 150.75, y1: 140),
            // Moved 100 pt right by the transform.
            PDFRule(x0: 199.75, y0: 20, x1: 200.25, y1: 140),
            PDFRule(x0: 240, y0: 11, x1: 241, y1: 49),
            PDFRule(x0: 289, y0: 11, x1: 290, y1: 49),
        ], "\(rules)")
    }

    @Test func aRotatedPageGivesItsRulesWhereItsTextIs() throws {
        // /Rotate 90: the page is 200 wide and 300 high as shown; text set along PDF's y axis reads across it, and a
        // horizontal stroke in PDF space runs down it.
        let numbers = "BT /F1 10 Tf 0 1 -1 0 185 10 Tm (10) Tj 50 0 Td (20) Tj 50 0 Td (30) Tj 50 0 Td (40) Tj ET\n"
        let (rules, page) = try Self.rules(content: "0 G 1 w 20 100 m 220 100 l S\n", rotate: 90, numbers: numbers)
        #expect(page.width == 200 && page.height == 300)
        #expect(rules == [PDFRule(x0: 99.5, y0: 20, x1: 100.5, y1: 220)], "\(rules)")
    }

    @Test func aPageWithoutATableOfNumbersIsNotRead() throws {
        let folder = scratchRoot.appendingPathComponent("nianbao-vector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("prose.pdf")
        try Self.pdf(content: "BT /F1 10 Tf 20 185 Td (Prose 2023 only) Tj ET\n0 G 1 w 20 100 m 220 100 l S\n").write(to: file)
        let page = try #require(try PopplerText.extract(path: file.path).pages.first)
        #expect(page.rules.isEmpty && !page.glyphs.isEmpty)
    }
}
