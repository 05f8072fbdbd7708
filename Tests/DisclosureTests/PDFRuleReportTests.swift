// PDFs of a Word-template document (table text at 10.5, 12 and 14 pt, centred cells, repeated header rows) printed by
// LibreOffice: every value exact, a blank cell found as the document finds it, section 三 one table over two pages.
import Documents
import Foundation
import PopplerText
import Readers
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

@Suite struct PDFRuleReportTests {
    init() { PDFReader.textSource = PopplerText.textSource }

    @Test(arguments: ["documents/pdf-t2-10pt.pdf", "documents/pdf-t2-12pt.pdf", "documents/pdf-t2-14pt.pdf"])
    func everyTypeSizeReadsExactly(path: String) throws {
        let expected = try ExpectedReport("t2")
        let report = try Pipeline.report(path: Fixtures.path(path))
        #expect(report.layout.id == "2021" && report.agency == expected.agency && report.year == expected.year)
        for (key, value) in expected.values {
            #expect(report.values[key] == value, "\(path) \(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.errorCount == 0, "\(path): \(report.findings.filter { $0.severity == .error }.map(\.message))")
    }

    @Test func aBlankCellIsMissingInItsOwnSlotAndNothingShifts() throws {
        let expected = try ExpectedReport("t2")
        let pdf = try Pipeline.report(path: Fixtures.path("documents/pdf-t2-14pt-blank.pdf"))
        let docx = try Pipeline.report(path: Fixtures.path("documents/pdf-t2-14pt-blank.docx"))
        for (key, value) in expected.values where key != "s3.granted.natural_person" {
            #expect(pdf.values[key] == value, "\(key): \(String(describing: pdf.values[key])) ≠ \(String(describing: value))")
        }
        #expect(pdf.values["s3.granted.natural_person"] == nil)
        #expect(pdf.findings.filter { $0.code == "value.missing" }.map(\.keys) == [["s3.granted.natural_person"]])
        func shape(_ report: Report) -> [String] {
            report.findings.filter { $0.severity != .info }.map { "\($0.code) \($0.keys)" }.sorted()
        }
        #expect(shape(pdf) == shape(docx))
    }

    @Test func sectionThreeIsOneTableOverThePageBreak() throws {
        let workbook = try PDFReader.workbook(try PopplerText.extract(path: Fixtures.path("documents/pdf-t2-14pt.pdf")), fileName: "t.pdf")
        let grid = try #require(workbook.sheets.first { sheet in (0..<sheet.grid.rowCount).contains { sheet.grid.rowTexts($0).contains("申请人情况") } }?.grid)
        let texts = (0..<grid.rowCount).map { grid.rowTexts($0) }
        // 3 header rows (not repeated), 25 data rows of a label and 7 values.
        #expect(grid.rowCount == 28 && texts.filter { $0.contains("申请人情况") }.count == 1)
        let data = texts.filter { row in row.filter { Double($0) != nil }.count == 7 }
        #expect(data.count == 25)
        #expect(texts.contains { $0.contains("8.属于行政查询事项") && $0.last == "17" }, "\(texts)")
        #expect(Set(grid.origins?.compactMap(\.page) ?? []) == [2, 3])
        // The group labels are cells over their rows.
        #expect(grid.merged.contains { range in grid[range.first].value.text == "（三）不予公开" && range.last.row - range.first.row == 7 })
    }

    @Test func rulesAreFoundOnTheTablePagesOnly() throws {
        let text = try PopplerText.extract(path: Fixtures.path("documents/pdf-t2-12pt.pdf"))
        #expect(text.droppedPageCount == 0)
        #expect(text.pages.filter { !$0.rules.isEmpty }.count >= 2)
        #expect(text.pages.allSatisfy { page in page.rules.allSatisfy { $0.x1 <= page.width + 1 && $0.y1 <= page.height + 1 } })
    }
}
