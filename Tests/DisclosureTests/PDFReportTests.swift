// PDF reports (LibreOffice prints of our own documents): exact values, findings by page, refusals in clear words.
import Documents
import Foundation
import PopplerText
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

@Suite struct PDFReportTests {
    init() {
        // In process here; the command line reads PDFs in a child process (CommandLineTests covers that path).
        PDFReader.textSource = PopplerText.textSource
    }

    @Test(arguments: [("documents/t2.pdf", "t2"), ("documents/t3.pdf", "t3"), ("documents/t2-owner-password.pdf", "t2"),
                      ("documents/t2.web.pdf", "t2")])
    func pdfReadsExactly(path: String, name: String) throws {
        let expected = try ExpectedReport(name)
        let report = try Pipeline.report(path: Fixtures.path(path))
        #expect(report.layout.id == "2021")
        #expect(report.agency == expected.agency && report.year == expected.year, "\(path)")
        for (key, value) in expected.values {
            #expect(report.values[key] == value, "\(path) \(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(report.errorCount == 0, "\(path): \(report.findings.filter { $0.severity == .error }.map(\.message))")
        #expect(!report.findings.contains { $0.code == "text.mismatch" })
    }

    @Test func aWrongNumberIsNamedByKeyPageAndRow() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t2-error.pdf"))
        #expect(report.values["s3.granted.natural_person"] == 6)
        let errors = report.findings.filter { $0.severity == .error }
        #expect(Set(errors.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"])
        let cell = try #require(report.cells["s3.granted.natural_person"])
        #expect(cell.page == 2 && cell.rowLabel == "（一）予以公开" && cell.numberInRow == 1)
        #expect(errors.allSatisfy { $0.likelyCell == cell })
        let json = ReportJSON.cell(cell).render(indent: nil)
        #expect(json.contains(#""page":2"#) && json.contains(#""row_label":"（一）予以公开""#))
    }

    @Test func narrativeAcrossLinesIsChecked() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t3-narrative-mismatch.pdf"))
        let mismatch = try #require(report.findings.first { $0.code == "text.mismatch" })
        #expect(mismatch.keys == ["s3.new.total"] && mismatch.actual == 219 && mismatch.expected == 291)
        #expect(mismatch.message.contains("段"))
    }

    @Test(arguments: [
        ("documents/bad-no-text.pdf", "PDF 没有文字层（扫描件）"),
        ("documents/bad-page-loop.pdf", "PDF 没有文字层（扫描件）"),
        ("documents/bad-password.pdf", "PDF 设置了打开密码"),
        ("documents/bad-truncated.pdf", "PDF 无法打开，文件可能已损坏"),
    ])
    func badPDFsAreRefusedInClearWords(path: String, words: String) throws {
        #expect {
            try Pipeline.report(path: Fixtures.path(path))
        } throws: { error in
            "\(error)".contains(words)
        }
    }

    @Test func positionedTextSurvivesTheTripBetweenProcesses() throws {
        let text = try PopplerText.extract(path: Fixtures.path("documents/t3.pdf"))
        #expect(text.pages.count >= 2)
        #expect(PDFText(serialized: text.serialized()) == text)
        #expect(PDFText(serialized: Array(text.serialized().prefix(100))) == nil)
    }

    /// The shape memo must never hand one PDF's pages to another: the same form with a cover page in front, located
    /// right after the original in one process, reports every value one page later (each PDF's pages are its own).
    @Test func aCoverPageMovesEveryPageInABatch() throws {
        let text = try PopplerText.extract(path: Fixtures.path("documents/t3.pdf"))
        let first = try #require(text.pages.first)
        let title = "封面".unicodeScalars.enumerated().map { index, scalar in
            PDFGlyph(scalar: scalar, x0: 200 + Float(index) * 24, y0: 300, x1: 222 + Float(index) * 24, y1: 322)
        }
        let covered = PDFText(pages: [PDFPageText(width: first.width, height: first.height, glyphs: title)] + text.pages)
        let plain = try PDFReader.workbook(text, fileName: "原件.pdf")
        let withCover = try PDFReader.workbook(covered, fileName: "带封面.pdf")
        let a = Locator().locate(plain)
        let b = Locator().locate(withCover)
        #expect(!a.values.isEmpty && a.values.count == b.values.count)
        for (key, value) in a.values {
            let other = try #require(b.values[key])
            #expect(other.source.page == value.source.page.map { $0 + 1 }, "\(key)")
            #expect(other.cell == value.cell, "\(key)")
        }
    }
}
