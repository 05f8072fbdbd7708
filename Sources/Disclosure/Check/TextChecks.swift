// Compares numbers the narrative of a report text states with its tables (受理/新收, 结转, 复议, 诉讼).
import Foundation

enum TextChecks {
    static func findings(_ report: Report) -> [Finding] {
        guard !report.narrative.isEmpty else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        let statements = report.layout.narrative.filter { statement in statement.keys.allSatisfy { report.cells[$0] != nil } }
        let patterns = statements.map { NarrativePatterns.shared.pattern($0.pattern) }
        let texts = report.narrative.map { LabelNormaliser.clean($0.text) }
        for (index, line) in report.narrative.enumerated() {
            // A statement may run on into the next line: that pair is joined once per line, when a statement asks.
            var joined: String?
            for (statement, pattern) in zip(statements, patterns) where !seen.contains(statement.key) {
                guard let pattern, let stated = stated(by: pattern, texts: texts, at: index, joined: &joined) else { continue }
                seen.insert(statement.key)
                let table = statement.keys.reduce(Decimal(0)) { $0 + report.number($1) }
                // The number may give the statement's own sum or one of its alternatives: a mismatch only when none.
                let alternatives = statement.alternatives.filter { $0.keys.allSatisfy { report.cells[$0] != nil } }
                    .map { (sum: $0.keys.reduce(Decimal(0)) { $0 + report.number($1) }, label: $0.label) }
                if stated != table && !alternatives.contains(where: { $0.sum == stated }) {
                    let others = alternatives.map { "，\($0.label)为 \(Normaliser.format($0.sum)) 件" }.joined()
                    findings.append(Finding(.textMismatch,
                                            message: "正文第 \(line.line) \(report.narrativeUnit)称\(statement.label) \(stated) 件，表格中为 \(Normaliser.format(table)) 件\(others)",
                                            keys: statement.keys, cells: statement.keys.map { report.cells[$0] },
                                            expected: table, actual: stated))
                }
            }
        }
        return findings
    }

    /// The number a statement gives in line `index`, or in a statement that starts there and runs on into the next
    /// line or paragraph (「受理政府」 / 「信息公开申请17件」).
    private static func stated(by pattern: NarrativePattern, texts: [String], at index: Int, joined: inout String?) -> Decimal? {
        if let value = pattern.number(in: texts[index], startingIn: nil) { return value }
        guard index + 1 < texts.count else { return nil }
        if joined == nil { joined = texts[index] + texts[index + 1] }
        return pattern.number(in: joined ?? "", startingIn: texts[index])
    }

    /// Numbers next to 申请 / 复议 / 诉讼 in one line (for the empty-report plausibility rule).
    static func applicationNumbers(_ line: String) -> [Int] {
        let text = LabelNormaliser.clean(line)
        guard let regex = NarrativePatterns.shared.regex(#"(?:申请|复议|诉讼)[^0-9。；]{0,8}?(\d+)\s*件"#) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).flatMap { Int(text[$0]) }
        }
    }
}

/// A narrative statement's pattern: the words every match holds, the matcher of its form, and its regular expression
/// (compiled when first needed: a batch whose texts the matcher answers never starts ICU's regex engine).
final class NarrativePattern: @unchecked Sendable {
    let pattern: String
    /// Literal runs outside groups and alternations: a text without one of them cannot match.
    let requiredWords: [String]
    let matcher: StatementMatcher?
    private let lock = NSLock()
    private var compiled: NSRegularExpression??

    /// Nil when the pattern is not a regular expression.
    init?(_ pattern: String) {
        self.pattern = pattern
        requiredWords = NarrativePattern.requiredWords(pattern)
        matcher = StatementMatcher(pattern)
        if matcher == nil, regex == nil { return nil }
    }

    /// The compiled regular expression (one object per pattern).
    var regex: NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        let made = try? NSRegularExpression(pattern: pattern)
        compiled = .some(made)
        return made
    }

    /// Whether `text` holds every required word (a match needs them; a text without them skips the regex).
    func mayMatch(_ text: String) -> Bool {
        requiredWords.allSatisfy { text.containsBytes($0) }
    }

    /// The number the first match in `text` captures; with `prefix` (what `text` starts with), only a match that
    /// starts inside the prefix counts.
    func number(in text: String, startingIn prefix: String?) -> Decimal? {
        guard mayMatch(text) else { return nil }
        if let matcher, let scalars = StatementMatcher.scalars(text) {
            guard let found = matcher.firstMatch(scalars) else { return nil }
            if let prefix, found.start >= prefix.unicodeScalars.count { return nil }
            return Decimal(string: String(String.UnicodeScalarView(scalars[found.digits])))
        }
        guard let regex, let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(found.range(at: 1), in: text) else { return nil }
        if let prefix, found.range.location >= prefix.utf16.count { return nil }
        return Decimal(string: String(text[range]))
    }

    /// The runs of literal characters at the top level of `pattern`, which every match contains: a character a
    /// quantifier follows is optional and left out, groups and classes are skipped, anything unusual (a top-level
    /// `|`, an inline flag, an escape) ends a run or, where it could change what matches, yields no words at all.
    static func requiredWords(_ pattern: String) -> [String] {
        var words: [String] = []
        var run: [Character] = []
        func endRun() {
            if !run.isEmpty { words.append(String(run)) }
            run.removeAll()
        }
        let characters = Array(pattern)
        var index = 0
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\\" {
                // An escape (`\d`, `\(`): not a literal run here; skip what it escapes.
                if depth == 0 { endRun() }
                index += 1
                continue
            }
            if character == "[" {
                // A class: skip to its closing bracket (escapes inside skipped too).
                if depth == 0 { endRun() }
                if index < characters.count, characters[index] == "^" { index += 1 }
                if index < characters.count, characters[index] == "]" { index += 1 }
                while index < characters.count, characters[index] != "]" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index += 1
                continue
            }
            if character == "(" {
                // Only plain and non-capturing groups: flags such as `(?i)` change how literals compare.
                if index < characters.count, characters[index] == "?", !(index + 1 < characters.count && characters[index + 1] == ":") {
                    return []
                }
                if depth == 0 { endRun() }
                depth += 1
                continue
            }
            if character == ")" {
                depth -= 1
                if depth < 0 { return [] }
                continue
            }
            guard depth == 0 else { continue }
            switch character {
            case "|":
                return []
            case "?", "*", "+", "{":
                // The character before is optional or repeated from zero: not required.
                if !run.isEmpty { run.removeLast() }
                endRun()
                if character == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                    index += 1
                }
            case ".", "^", "$", "}", "]", "#", " ":
                endRun()
            default:
                if character.isASCII, !(character.isLetter || character.isNumber) {
                    endRun()
                } else {
                    run.append(character)
                }
            }
        }
        if depth != 0 { return [] }
        endRun()
        return words
    }
}

/// The narrative's regular expressions, compiled once per process: a batch of reports shares them (matching with an
/// `NSRegularExpression` is thread-safe; compiling one costs more than most matches).
final class NarrativePatterns: @unchecked Sendable {
    static let shared = NarrativePatterns()
    private let lock = NSLock()
    private var compiled: [String: NarrativePattern?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        self.pattern(pattern)?.regex
    }

    /// The pattern with its required words and matcher, or nil when it is not a regular expression.
    func pattern(_ pattern: String) -> NarrativePattern? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        let made = NarrativePattern(pattern)
        compiled[pattern] = .some(made)
        return made
    }

    /// How many patterns were compiled (for the test that a batch compiles each once).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return compiled.count
    }
}
