// The registry of finding codes: well-formed rows, severities from the registry, and the split of layout.row_unmatched.
import Foundation
import Testing
import TestSupport
@testable import Disclosure

@Suite struct FindingCodeTests {
    @Test func everyCodeHasAWellFormedRow() {
        for code in FindingCode.allCases {
            let entry = code.entry
            #expect(code.rawValue.range(of: #"^[a-z_]+(\.[a-z0-9_]+)+$"#, options: .regularExpression) != nil, "\(code.rawValue)")
            #expect(!entry.title.isEmpty && !entry.example.isEmpty, "\(code.rawValue)")
            #expect(entry.meaning.hasSuffix("。") && entry.meaning.filter { $0 == "。" }.count == 1, "\(code.rawValue): one sentence")
        }
        #expect(FindingCode.allCases.count == 56)
    }

    @Test func severityComesFromTheRegistry() {
        #expect(Finding(.layoutRowMissing, message: "").severity == .error)
        #expect(Finding(.layoutRowUnmatched, message: "").severity == .warning)
        #expect(Finding(.valueMissing, message: "").severity == .warning)
        #expect(Finding(.valueMissing, alternative: true, message: "").severity == .error)
        #expect(Finding(.rollupDuplicateMember, message: "").severity == .error)
        #expect(Finding(.rollupDuplicateMember, alternative: true, message: "").severity == .warning)
        // A code with one severity has no other.
        #expect(Finding(.identityS3Balance, alternative: true, message: "").severity == .error)
        #expect(FindingCode.allCases.filter { $0.entry.severity.all.count == 2 } == [.valueMissing, .rollupDuplicateMember])
    }

    /// layout.row_unmatched once meant four things; each now has its own code.
    @Test func aRowThatAppearsTwiceIsADuplicateAndARowOfNumbersThatMatchesNothingIsUnmatched() throws {
        let text = """
        某某市2023年政府信息公开工作年度报告
        第二十条第（一）项
        信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
        规章 | 1 | 0 | 5
        规范性文件 | 3 | 1 | 20
        规范性文件 | 4 | 1 | 21
        其他主动公开文件 | 9 | 0 | 9
        五、存在的主要问题及改进情况
        无。
        """
        let report = try Pipeline.report(path: try temporaryFile("dup.txt", Array(text.utf8)))
        let duplicate = report.findings.filter { $0.code == "layout.row_duplicate" }
        #expect(duplicate.map(\.message) == ["「规范性文件」与另一行重复对应到「行政规范性文件」，已忽略此行"])
        #expect(duplicate.first?.severity == .warning)
        let unmatched = report.findings.filter { $0.code == "layout.row_unmatched" }
        #expect(unmatched.map(\.message) == ["有数字的行「其他主动公开文件」未能对应到格式中的任何一行"])
        #expect(unmatched.first?.severity == .warning)
        let missing = report.findings.filter { $0.code == "layout.row_missing" }
        #expect(missing.map(\.message) == ["没有找到「行政许可」这一行", "没有找到「行政处罚」这一行", "没有找到「行政强制」这一行", "没有找到「行政事业性收费」这一行"])
        #expect(missing.allSatisfy { $0.severity == .error })
    }

    /// The demo county's 大河乡 text with its row 「3. 要求提供公开出版物」 printed twice: the second is the registry's example.
    @Test func aRowPrintedTwiceIsReadOnce() throws {
        let report = try Pipeline.report(path: Fixtures.path("rows/dahe-row-duplicate.txt"))
        let duplicate = report.findings.filter { $0.code == "layout.row_duplicate" }
        #expect(duplicate.map(\.message) == [FindingCode.layoutRowDuplicate.entry.example])
        #expect(report.values["s3.not_processed.publication.total"] == 6)
    }
}
