// Compares numbers the narrative of a report text states with its tables (受理/新收, 结转, 复议, 诉讼).
import Foundation

enum TextChecks {
    static func findings(_ report: Report) -> [Finding] {
        guard !report.narrative.isEmpty else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        for line in report.narrative {
            let text = LabelNormaliser.clean(line.text)
            for statement in report.layout.narrative where !seen.contains(statement.key) && report.cells[statement.key] != nil {
                guard let regex = try? NSRegularExpression(pattern: statement.pattern),
                      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                      let range = Range(match.range(at: 1), in: text), let stated = Decimal(string: String(text[range])) else { continue }
                seen.insert(statement.key)
                let table = report.number(statement.key)
                if stated != table {
                    findings.append(Finding(code: "text.mismatch", severity: .warning,
                                            message: "正文第 \(line.line) 行称\(statement.label) \(stated) 件，表格中为 \(Normaliser.format(table)) 件",
                                            keys: [statement.key], cells: [report.cells[statement.key]].compactMap { $0 },
                                            expected: table, actual: stated))
                }
            }
        }
        return findings
    }

    /// Numbers next to 申请 / 复议 / 诉讼 in one line (for the empty-report plausibility rule).
    static func applicationNumbers(_ line: String) -> [Int] {
        let text = LabelNormaliser.clean(line)
        guard let regex = try? NSRegularExpression(pattern: #"(?:申请|复议|诉讼)[^0-9。；]{0,8}?(\d+)\s*件"#) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).flatMap { Int(text[$0]) }
        }
    }
}
