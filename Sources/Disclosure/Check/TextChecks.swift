// Compares numbers the narrative of a report text states with its tables (受理/新收, 结转, 复议, 诉讼).
import Foundation

enum TextChecks {
    /// Phrases in the narrative and the key whose value they state.
    static let statements: [(pattern: String, key: String, label: String)] = [
        (#"(?:新收|收到|受理)(?:各类|各类型)?政府信息公开申请(?:共计|共|合计)?(\d+)件"#, "s3.new.total", "本年新收政府信息公开申请"),
        (#"上年结转(?:政府信息公开申请)?(?:共计|共)?(\d+)件"#, "s3.carried_over.total", "上年结转"),
        (#"结转下(?:一)?年度(?:继续办理)?(?:共计|共)?(\d+)件"#, "s3.carried_forward.total", "结转下年度继续办理"),
        (#"行政复议(?:案件)?(?:共计|共)?(\d+)件"#, "s4.review.total", "行政复议"),
    ]

    static func findings(_ report: Report) -> [Finding] {
        guard !report.narrative.isEmpty else { return [] }
        var findings: [Finding] = []
        var seen = Set<String>()
        for line in report.narrative {
            let text = LabelNormaliser.clean(line.text)
            for statement in statements where !seen.contains(statement.key) && report.cells[statement.key] != nil {
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
