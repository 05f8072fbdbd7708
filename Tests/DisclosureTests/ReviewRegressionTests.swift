// Inputs a review crafted against this change: each crashed, stalled, slid a row or was refused; now each reads.
import Documents
import Foundation
import PopplerText
import Readers
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

@Suite struct ReviewRegressionTests {
    init() {
        PDFReader.textSource = PopplerText.textSource
    }

    private func grid(_ fixture: String) throws -> Grid {
        try #require(try FormatRegistry.read(path: Fixtures.path(fixture)).sheets.first).grid
    }

    /// A ruled table continued over three pages, its right border drawn twice: the join indexed past the last edge.
    @Test func tableOverThreePagesReads() throws {
        let workbook = try FormatRegistry.read(path: Fixtures.path("review/three.pdf"))
        #expect(!workbook.sheets.isEmpty)
        #expect(workbook.sheets[0].grid.rowCount >= 3)
    }

    /// A page break above a row whose cells are partly blank: the row stays its own (「Norms 4」 was glued onto
    /// 「Rules 0 0 0」 and read as 04).
    @Test func aPartlyBlankRowAfterABreakIsNotGlued() throws {
        let grid = try grid("review/cut.pdf")
        let labels = grid.nonBlankRows.map { grid[$0, 0].value.text }
        #expect(labels == ["Item", "Permits", "Rules", "Norms", "Penalties"])
        #expect(grid.rowTexts(2) == ["Rules", "0", "0", "0"])
        #expect(grid.rowTexts(3) == ["Norms", "4"])
    }

    /// A page 3×10⁹ points wide (nothing may convert it to a pixel count) and a page of 600 × 600 rules (left
    /// to the bounded text layout) both read.
    @Test(arguments: ["review/huge2.pdf", "review/g2.pdf"])
    func hostilePagesRead(fixture: String) throws {
        _ = try FormatRegistry.read(path: Fixtures.path(fixture))
    }

    /// A hidden column past the sheet's last column (`<col min="17000">`, a COLINFO for column 20000) is ignored.
    @Test(arguments: ["review/colcrash.xlsx", "review/colinfo.xls"])
    func hiddenColumnsPastTheSheet(fixture: String) throws {
        let grid = try grid(fixture)
        #expect(!grid.hidden.isHidden(column: 0))
    }

    /// UTF-16 without a byte order mark (CJK text, whose bytes are rarely zero), a UTF-16 page with its mark, and a
    /// CMS fragment under an .html name read as the report they are: the values of the clean metamorphic twin.
    @Test(arguments: ["review/u16.csv", "review/u16be.csv", "review/u16.html", "review/frag.html"])
    func textAndPagesReadAsTheirTwin(fixture: String) throws {
        let twin = try Pipeline.report(path: Fixtures.path("metamorphic/qingshi-clean.xlsx"))
        let report = try Pipeline.report(path: Fixtures.path(fixture))
        #expect(report.agency == twin.agency && report.year == twin.year)
        for key in twin.layout.valueKeys { #expect(report.values[key] == twin.values[key], "\(fixture) \(key)") }
        #expect(!report.findings.contains { $0.severity == .error })
    }

    /// A Word document with a spreadsheet embedded as an object (ObjectPool/…/Workbook) is the document, never the
    /// embedded table read as if it were the report.
    @Test func aWordDocumentWithAnEmbeddedWorkbookIsTheDocument() throws {
        do {
            let workbook = try FormatRegistry.read(path: Fixtures.path("review/embedded.doc"))
            #expect(workbook.format == .doc)
        } catch {
            #expect("\(error)".contains("另存为 .docx"))
        }
    }
}
