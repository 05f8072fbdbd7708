// The words a narrative statement's regex needs before it is run: exact for the layouts' patterns, never a skip of a match.
import Foundation
import Testing
@testable import Disclosure

@Suite struct NarrativePatternTests {
    @Test func requiredWordsOfTheLayoutsStatements() {
        let words = Dictionary(uniqueKeysWithValues: SharedRules.narrative.map { ($0.key, NarrativePattern.requiredWords($0.pattern)) })
        #expect(words["s2.normative.issued"] == ["主动公开", "规范性文件", "件"])
        #expect(words["s3.new.total"] == ["信息公开申请", "件"])
        #expect(words["s3.carried_over.total"] == ["上年结转", "件"])
        #expect(words["s3.carried_forward.total"] == ["结转下", "年度", "件"])
        #expect(words["s3.total.total"] == ["办结", "件"])
        #expect(words["s4.review.total"] == ["行政复议", "件"])
        #expect(words["s4.suit_direct.total"] == ["行政诉讼", "件"])
        #expect(Set(Layout.all.flatMap(\.narrative).map(\.pattern)).isSubset(of: Set(SharedRules.narrative.map(\.pattern))))
    }

    @Test func requiredWordsLeaveOutWhatAMatchMayLack() {
        #expect(NarrativePattern.requiredWords("收到?申请") == ["收", "申请"])
        #expect(NarrativePattern.requiredWords("申请[0-9]+件") == ["申请", "件"])
        #expect(NarrativePattern.requiredWords(#"共\d{1,3}件"#) == ["共", "件"])
        #expect(NarrativePattern.requiredWords("结转下(一)?年度*") == ["结转下", "年"])
        #expect(NarrativePattern.requiredWords("诉讼{0,2}案") == ["诉", "案"])
        #expect(NarrativePattern.requiredWords("a.b") == ["a", "b"])
        // A top-level alternative, an inline flag or an unbalanced group: nothing is required.
        #expect(NarrativePattern.requiredWords("复议|诉讼").isEmpty)
        #expect(NarrativePattern.requiredWords("(?i)abc件").isEmpty)
        #expect(NarrativePattern.requiredWords("(申请件").isEmpty)
        #expect(NarrativePattern.requiredWords("申请)件").isEmpty)
        // A class holding a bracket, and an escaped bracket, end a run without opening a group.
        #expect(NarrativePattern.requiredWords(#"办结[\]）]共"#) == ["办结", "共"])
        #expect(NarrativePattern.requiredWords(#"办结\(共"#) == ["办结", "共"])
    }

    /// Whenever a statement's regex matches a line, the line holds its required words: the filter never hides a match.
    @Test func theFilterNeverSkipsALineTheRegexMatches() throws {
        let lines = [
            "2023年，本机关共收到政府信息公开申请17件，均已按时答复。", "受理各类型政府信息公开申请共计3件", "上年结转申请2件", "上年结转政府信息公开申请共2件",
            "结转下一年度继续办理的申请共1件", "结转下年度2件", "已办结申请19件", "全部办结政府信息公开申请共计4件", "行政复议案件0件", "行政复议申请共计1件",
            "行政诉讼1件", "行政诉讼案件共2件", "主动公开行政规范性文件共计5件", "主动公开规范性文件3件", "新收信息公开申请件", "收到申请5件",
            "本年度未发生行政复议", "办结", "件", "", "上年结转", "结转下年度", "主动公开规范性文件", "行政诉讼案件共计十件",
        ]
        var matched = 0
        for statement in SharedRules.narrative {
            let pattern = try #require(NarrativePatterns.shared.pattern(statement.pattern))
            for line in lines {
                let matches = pattern.regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
                if matches { matched += 1 }
                #expect(!matches || pattern.mayMatch(line), "\(statement.pattern) on \(line)")
            }
        }
        #expect(matched == 14)
    }
}
