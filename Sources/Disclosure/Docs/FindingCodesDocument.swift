// docs/finding-codes.md, generated from the registry of finding codes so that the list cannot drift from the code.

/// The Markdown list of every finding code (`nianbao docs` writes it; a test compares it with the committed file).
public enum FindingCodesDocument {
    public static let path = "docs/finding-codes.md"

    public static func markdown() -> String {
        var lines = [
            "# 核对结果代码 / Finding codes",
            "",
            GeneratedDocuments.notice(source: "Sources/Disclosure/Model/FindingCode.swift"),
            "",
            "Every finding nianbao prints (`check`, `check --json`, `--summary`, the rollup's 问题清单) carries one of these",
            "codes. Codes never change once released. The severity decides the exit code (an `error` exits 1). A file",
            "that cannot be read gives no finding but `{\"source\", \"error\"}` (`docs/report.schema.json`).",
            "",
            "Stages: `locate` finds the tables and rows, `normalise` reads each cell's value, `check` judges the",
            "report's identities and plausibility, `cross-year` compares it with last year's (`--previous`), `rollup`",
            "screens the members of a county's aggregate (whose own errors the rollup carries with their codes).",
            "",
            "| code | severity | stage | 名称 | 含义 |",
            "|---|---|---|---|---|",
        ]
        for code in FindingCode.allCases {
            let entry = code.entry
            lines.append("| `\(code.rawValue)` | \(severity(entry.severity)) | \(entry.stage.rawValue) | \(cell(entry.title)) | \(cell(entry.meaning)) |")
        }
        lines += ["", "## 示例 / Example messages", ""]
        for code in FindingCode.allCases {
            lines.append("- `\(code.rawValue)`（\(code.entry.title)）：\(code.entry.example)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func severity(_ rule: SeverityRule) -> String {
        switch rule {
        case .always(let severity): return severity.rawValue
        case .either(let usual, let other, let when): return "\(usual.rawValue)；\(when)为 \(other.rawValue)"
        }
    }

    /// Text inside a Markdown table cell: a `|` would end the cell.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
