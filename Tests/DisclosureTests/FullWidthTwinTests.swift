// Full-width digits (`３８４`) read as their ASCII twins in every document format: report text, web pages, Word, PDF.
import Documents
import Foundation
import PopplerText
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

@Suite struct FullWidthTwinTests {
    init() {
        PDFReader.textSource = PopplerText.textSource
    }

    /// Each twin (Scripts/make-fullwidth-fixtures.py: every digit of the text made full-width) and its ASCII original.
    static let twins: [(String, String)] = [
        ("fullwidth/dahe-2023.txt", "../../Samples/demo-county/2023/大河乡2023年度政府信息公开工作年度报告.txt"),
        ("fullwidth/liulin-2023.txt", "../../Samples/demo-county/2023/柳林镇2023年度政府信息公开工作年度报告.txt"),
        ("fullwidth/t2.lo.html", "documents/t2.lo.html"),
        ("fullwidth/t2.docx", "documents/t2.docx"),
        ("fullwidth/t3.docx", "documents/t3.docx"),
        // Both printed with their tables' text at 7 pt, so that the wider digits fit their cells.
        ("fullwidth/t2.pdf", "fullwidth/t2.ascii.pdf"),
    ]

    @Test(arguments: twins)
    func fullWidthTwinReadsAsItsOriginal(twin: String, original: String) throws {
        let ascii = try Pipeline.report(path: Fixtures.path(original))
        let wide = try Pipeline.report(path: Fixtures.path(twin))
        #expect(wide.layout.id == ascii.layout.id && wide.agency == ascii.agency && wide.year == ascii.year, "\(twin)")
        // Every key of the layout, exactly, and no value lost.
        #expect(ascii.values.values.filter { $0 != nil }.count >= 40, "\(original): the original reads its tables")
        for key in ascii.layout.valueKeys {
            #expect(wide.values[key] == ascii.values[key], "\(twin) \(key): \(String(describing: wide.values[key])) ≠ \(String(describing: ascii.values[key]))")
        }
        // The same errors and warnings on the same keys; only the 「按…读取」 notes (value.reformatted) are new.
        func judged(_ report: Report) -> Set<String> {
            Set(report.findings.filter { $0.severity != .info }.map { "\($0.code) \($0.keys.sorted())" })
        }
        #expect(judged(wide) == judged(ascii), "\(twin)")
        #expect(!wide.findings.contains { $0.code == "layout.table_missing" }, "\(twin)")
    }
}
