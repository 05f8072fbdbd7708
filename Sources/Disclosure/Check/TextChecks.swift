// Compares numbers the narrative of a report text states with its tables (受理/新收, 结转, 复议, 诉讼).
import Foundation

enum TextChecks {
    static func findings(_ report: Report) -> [Finding] {
        guard !report.narrative.isEmpty else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        let statements = report.layout.narrative.filter { statement in statement.keys.allSatisfy { report.cells[$0] != nil } }
        let patterns = statements.map { NarrativePatterns.shared.regex($0.pattern) }
        let texts = report.narrative.map { LabelNormaliser.clean($0.text) }
        for (index, line) in report.narrative.enumerated() {
            for (statement, regex) in zip(statements, patterns) where !seen.contains(statement.key) {
                guard let regex, let stated = stated(by: regex, texts: texts, at: index) else { continue }
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
    private static func stated(by regex: NSRegularExpression, texts: [String], at index: Int) -> Decimal? {
        func match(_ text: String, startingBefore limit: Int?) -> Decimal? {
            guard let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(found.range(at: 1), in: text) else { return nil }
            if let limit, found.range.location >= limit { return nil }
            return Decimal(string: String(text[range]))
        }
        if let value = match(texts[index], startingBefore: nil) { return value }
        guard index + 1 < texts.count else { return nil }
        return match(texts[index] + texts[index + 1], startingBefore: (texts[index] as NSString).length)
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

/// The narrative's regular expressions, compiled once per process: a batch of reports shares them (matching with an
/// `NSRegularExpression` is thread-safe; compiling one costs more than most matches).
final class NarrativePatterns: @unchecked Sendable {
    static let shared = NarrativePatterns()
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = compiled[pattern] { return known }
        let regex = try? NSRegularExpression(pattern: pattern)
        compiled[pattern] = .some(regex)
        return regex
    }

    /// How many patterns were compiled (for the test that a batch compiles each once).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return compiled.count
    }
}
