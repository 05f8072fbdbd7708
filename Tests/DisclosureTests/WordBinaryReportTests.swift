// Word 97 (.doc) reports (LibreOffice's "MS Word 97" of our own .docx, Scripts/make-doc-fixtures.sh) read as the .docx
// they came from: the same agency, year, layout, values, findings and cells.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct WordBinaryReportTests {
    static let documents = ["documents/t2", "documents/t3", "documents/t2-error", "documents/t3-narrative-mismatch", "documents/quirks"]
        + ["clean", "blank", "wrong", "helper", "blank-helper", "fullwidth"].map { "metamorphic/qingshi-\($0)" }

    /// A finding as it must be the same in both formats: code, severity, keys, numbers and the cells it names.
    static func summary(_ finding: Finding) -> String {
        let cells = finding.cells.map { $0?.reference ?? "-" }.joined(separator: ",")
        let numbers = [finding.expected, finding.actual].map { $0.map { "\($0)" } ?? "-" }.joined(separator: "/")
        return "\(finding.code) \(finding.severity) [\(finding.keys.joined(separator: ","))] \(numbers) {\(cells)} \(finding.likelyCell?.reference ?? "")"
    }

    @Test(arguments: documents)
    func aDocReadsAsItsDocx(base: String) throws {
        let docx = try Pipeline.report(path: Fixtures.path(base + ".docx"))
        let doc = try Pipeline.report(path: Fixtures.path(base + ".doc"))
        #expect(doc.agency == docx.agency && doc.year == docx.year && doc.layout.id == docx.layout.id,
                "\(base): \(String(describing: doc.agency)) \(String(describing: doc.year)) \(doc.layout.id)")
        #expect(doc.agency != nil && doc.year != nil)
        var wrong: [String] = []
        for key in docx.layout.valueKeys where doc.values[key] != docx.values[key] {
            wrong.append("\(key): \(String(describing: doc.values[key])) ≠ \(String(describing: docx.values[key]))")
        }
        #expect(wrong.isEmpty, "\(base): \(wrong.prefix(8))")
        #expect(doc.findings.map(Self.summary) == docx.findings.map(Self.summary), "\(base)")
        #expect(doc.narrative.map(\.text) == docx.narrative.map(\.text), "\(base)")
        for (key, cell) in docx.cells {
            #expect(doc.cells[key]?.reference == cell.reference, "\(base) \(key)")
        }
    }

    /// The exact values of the acceptance: t2-error.doc names the wrong cell, t3-narrative-mismatch.doc the paragraph.
    @Test func theWrongCellAndTheWrongSentenceAreNamed() throws {
        let error = try Pipeline.report(path: Fixtures.path("documents/t2-error.doc"))
        #expect(error.agency == "石桥镇" && error.year == 2023 && error.layout.id == "2021")
        #expect(error.values["s3.granted.natural_person"] == 6)
        #expect(Set(error.findings.filter { $0.severity == .error }.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"])
        #expect(error.cells["s3.new.total"]?.reference == "表2 第4行第10列")
        let mismatch = try Pipeline.report(path: Fixtures.path("documents/t3-narrative-mismatch.doc"))
        #expect(mismatch.agency == "龙泉乡" && mismatch.year == 2023)
        let finding = try #require(mismatch.findings.first { $0.code == "text.mismatch" })
        #expect(finding.keys == ["s3.new.total"] && finding.actual == 219 && finding.expected == 291)
    }
}
