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
                let regex = try #require(pattern.regex)
                let matches = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
                if matches { matched += 1 }
                #expect(!matches || pattern.mayMatch(line), "\(statement.pattern) on \(line)")
            }
        }
        #expect(matched == 14)
    }

    /// Every statement of the layouts gets a matcher; a pattern outside its form gets none (the regex is used).
    @Test func statementMatchersAreMadeForTheirFormOnly() {
        for statement in Layout.all.flatMap(\.narrative) {
            #expect(StatementMatcher(statement.pattern) != nil, "\(statement.pattern)")
        }
        #expect(StatementMatcher(#"上年结转(?:政府信息公开申请|申请)?(?:共计|共)?(\d+)件"#)?.tokens == [
            .literal(Array("上年结转".unicodeScalars)), .group([Array("政府信息公开申请".unicodeScalars), Array("申请".unicodeScalars)], optional: true),
            .group([Array("共计".unicodeScalars), Array("共".unicodeScalars)], optional: true), .digits, .literal(Array("件".unicodeScalars)),
        ])
        for pattern in [#"(?:申请|复议|诉讼)[^0-9。；]{0,8}?(\d+)\s*件"#, #"复议|诉讼(\d+)件"#, #"(\d+)(\d+)件"#, #"(?i)件(\d+)"#, #"收到?(\d+)件"#,
                        #"(?:共)*(\d+)件"#, #"(?:共)??(\d+)件"#, #"(\d+)?件"#, #"申请.(\d+)件"#, "申请件", #"申请 (\d+)件"#, #"(?:共(\d+)件"#, #"(申请)(\d+)件"#] {
            #expect(StatementMatcher(pattern) == nil, "\(pattern)")
        }
    }

    /// The matcher finds what ICU finds: the same start and the same digits, on every statement and text.
    @Test func statementMatcherAgreesWithTheRegex() throws {
        let lines = [
            "2023年，本机关共收到政府信息公开申请17件，均已按时答复。", "受理各类型政府信息公开申请共计3件", "上年结转申请2件上年结转申请5件", "上年结转政府信息公开申请共2件",
            "结转下一年度继续办理的申请共1件", "结转下年度2件", "已办结申请19件", "全部办结政府信息公开申请共计4件", "行政复议案件0件", "行政复议申请共计1件",
            "行政诉讼1件", "行政诉讼案件共2件", "主动公开行政规范性文件共计5件", "主动公开规范性文件3件", "新收信息公开申请件", "收到申请5件",
            "办结共计件办结12件", "行政复议共共3件", "行政复议共计共3件", "行政复议案件申请4件", "收到政府信息公开申请１２件", "行政诉讼0012件", "行政诉讼1 2件",
            "上年结转申请共计2件，结转下年度0件", "主动公开行政规范性文件共计", "5件", "", "件", "办结办结办结7件",
        ]
        var agreed = 0
        for statement in SharedRules.narrative {
            let matcher = try #require(StatementMatcher(statement.pattern))
            let regex = try #require(NarrativePatterns.shared.regex(statement.pattern))
            for line in lines {
                let icu = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)).map { found in
                    (found.range.location, (line as NSString).substring(with: found.range(at: 1)))
                }
                let scalars = try #require(StatementMatcher.scalars(line))
                let ours = matcher.firstMatch(scalars).map { found in
                    (String(String.UnicodeScalarView(scalars[..<found.start])).utf16.count, String(String.UnicodeScalarView(scalars[found.digits])))
                }
                #expect(icu?.0 == ours?.0 && icu?.1 == ours?.1, "\(statement.pattern) on \(line)")
                if ours != nil { agreed += 1 }
            }
        }
        #expect(agreed == 20)
        // Patterns that may start with the digits or with nothing of a group start where ICU starts.
        for pattern in [#"(?:|共)(\d+)件"#, #"(\d+)件"#, #"(?:共|合计)?(\d+)件"#, #"办(?:结)?(\d+)件"#] {
            let matcher = try #require(StatementMatcher(pattern))
            let regex = try NSRegularExpression(pattern: pattern)
            for line in ["共5件", "5件", "合计12件", "计12件", "共件3件", "办结件办7件", "件", "12"] {
                let icu = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)).map { ($0.range.location, (line as NSString).substring(with: $0.range(at: 1))) }
                let scalars = try #require(StatementMatcher.scalars(line))
                let ours = matcher.firstMatch(scalars).map { ($0.start, String(String.UnicodeScalarView(scalars[$0.digits]))) }
                #expect(icu?.0 == ours?.0 && icu?.1 == ours?.1, "\(pattern) on \(line)")
            }
        }
        // Scalars past the forms' repertoire (a digit of another script) are left to the regex.
        #expect(StatementMatcher.scalars("收到申请٣件") == nil)
        #expect(StatementMatcher.scalars("收到申请３件，“共”—") != nil)
    }
}
