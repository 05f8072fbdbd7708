// Our own reports saved by LibreOffice as Rich Text Format (and rewritten as Word writes GBK RTF) read as the .docx
// they came from: the same values, agency, year, narrative, and the same findings on the same cells.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct RTFReportTests {
    /// `documents/NAME.rtf` is LibreOffice's RTF of `documents/NAME.docx` (Scripts/make-document-fixtures.py).
    static let pairs = ["t2", "t3", "t2-error", "quirks"]

    /// What must not differ between two formats of one report: every value, the metadata, the narrative, and each
    /// finding's code, severity, keys, cells (by table, row and column) and numbers.
    static func summary(_ report: Report) -> [String] {
        var lines = ["agency \(report.agency ?? "-")", "year \(report.year.map(String.init) ?? "-")", "layout \(report.layout.id)"]
        lines += report.layout.valueKeys.map { "\($0) = \(report.values[$0].map { "\($0 as Any)" } ?? "nil")" }
        lines += report.narrative.map { "¶\($0.line) \($0.text)" }
        lines += report.findings.map { finding in
            "\(finding.code) \(finding.severity) \(finding.keys) \(finding.placedCells.map(\.reference)) \(String(describing: finding.expected)) "
                + "\(String(describing: finding.actual)) \(finding.likelyCell?.reference ?? "")"
        }
        return lines
    }

    @Test(arguments: pairs)
    func libreOfficeRTFReadsAsItsDocx(name: String) throws {
        let docx = try Pipeline.report(path: Fixtures.path("documents/\(name).docx"))
        let rtf = try Pipeline.report(path: Fixtures.path("documents/\(name).rtf"))
        #expect(Self.summary(rtf) == Self.summary(docx))
        #expect(rtf.values.count == docx.values.count && !rtf.narrative.isEmpty)
    }

    @Test func theWrongCellOfAnRTFIsNamed() throws {
        let report = try Pipeline.report(path: Fixtures.path("documents/t2-error.rtf"))
        #expect(report.values["s3.granted.natural_person"] == 6)
        let errors = report.findings.filter { $0.severity == .error }
        #expect(Set(errors.map(\.code)) == ["identity.s3.row_total", "identity.s3.results_total"])
        #expect(report.cells["s3.granted.natural_person"]?.reference == "表2 第6行第4列")
        for finding in errors { #expect(finding.likelyCell?.reference == "表2 第6行第4列") }
    }

    /// LibreOffice writes every Chinese character as `\uN\'3f`. Word and WPS under `\ansicpg936` write GBK bytes: here
    /// two characters in three become `\'hh\'hh` (half of them with a plain ASCII trail byte where GBK has one) and
    /// the third keeps `\uN` with a two-byte GBK fallback under `\uc2`. The fonts LibreOffice gave the Chinese text
    /// (Japanese ones, `\fcharset128`, on the machine that made the fixtures) become GBK fonts (`\fcharset134`), as a
    /// Chinese Word's are.
    static func gbkRTF(_ libreOffice: [UInt8]) throws -> [UInt8] {
        var text = String(decoding: libreOffice, as: UTF8.self)
        text = text.replacingOccurrences(of: "{\\rtf1\\ansi", with: "{\\rtf1\\ansi\\ansicpg936\\uc2")
            .replacingOccurrences(of: "\\fcharset128", with: "\\fcharset134")
        let pattern = try NSRegularExpression(pattern: #"\\u(-?\d+)\\'[0-9a-f]{2}"#)
        var output = ""
        var last = text.startIndex
        var index = 0
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text), let numberRange = Range(match.range(at: 1), in: text),
                  let number = Int(text[numberRange]) else { continue }
            output += text[last..<range.lowerBound]
            last = range.upperBound
            let scalar = Unicode.Scalar(UInt32(number < 0 ? number + 65_536 : number)).map(String.init) ?? "?"
            let bytes = (try? TextDecoding.encode(scalar, as: .gb18030, file: "")) ?? []
            index += 1
            guard bytes.count == 2 else {
                output += "\\u\(number)??"
                continue
            }
            let hex = bytes.map { String(format: "\\'%02x", $0) }
            switch index % 3 {
            case 0: output += "\\u\(number)" + hex.joined()
            case 1 where (0x40...0x7E).contains(bytes[1]) && ![0x5C, 0x7B, 0x7D].contains(bytes[1]):
                output += hex[0] + String(UnicodeScalar(bytes[1]))
            default: output += hex.joined()
            }
        }
        output += text[last...]
        return Array(output.utf8)
    }

    @Test(arguments: ["t2", "t2-error"])
    func gbkRTFReadsAsItsDocx(name: String) throws {
        let gbk = try Self.gbkRTF(Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("documents/\(name).rtf")))))
        #expect(String(decoding: gbk, as: UTF8.self).components(separatedBy: "\\'").count > 2_000, "GBK bytes written as \\'hh")
        let path = try temporaryFile("\(name).rtf", gbk)
        let docx = try Pipeline.report(path: Fixtures.path("documents/\(name).docx"))
        let rtf = try Pipeline.report(path: path)
        #expect(Self.summary(rtf) == Self.summary(docx))
    }
}
