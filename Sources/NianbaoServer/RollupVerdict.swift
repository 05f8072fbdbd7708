// What the page shows at the top after a rollup: whether the county form can go upward, and if not, which members
// to fix (with their sources, so the page links each to its card), the duplicate choices made, and what was not summed.
import Disclosure
import Foundation

enum RollupVerdict {
    /// `ok` only when the county form balances, has no error and every file was summed in full; `bad` when it does not
    /// balance or a summed member has errors; `warn` when it balances but something was left out.
    static func level(_ result: RollupResult) -> String {
        if result.complete { return "ok" }
        if !result.balanced || !result.membersToFix.isEmpty || result.aggregate.findings.contains(where: { $0.severity == .error }) { return "bad" }
        return "warn"
    }

    /// One sentence: never a plain 已生成 for a form that does not balance or sums members with errors.
    static func headline(_ result: RollupResult) -> String {
        var text: String
        let toFix = result.membersToFix
        if result.complete {
            text = "汇总表已生成，勾稽关系平衡，可以上报：汇总 \(result.included.count) 个单位"
        } else if !result.balanced {
            text = "汇总表不平衡，不能上报：\(result.unbalanced.count) 处勾稽关系不符，来自 \(result.contributors.count) 个单位（\(listed(result.contributors))）"
        } else if !toFix.isEmpty {
            text = "汇总表已生成但不能上报：\(toFix.count) 个单位的报告有错误或待选择（\(listed(toFix.map { $0.agency ?? name($0.source) }))），请先改正"
        } else {
            text = "汇总表勾稽关系平衡，但尚未完整：汇总 \(result.included.count) 个单位"
        }
        if !result.partial.isEmpty { text += "；\(result.partial.count) 个单位部分汇总" }
        let missing = result.missing
        if !missing.isEmpty { text += "；未汇总 \(missing.count) 个文件（\(listed(missing.map(name)))）" }
        let errors = result.aggregate.findings.filter { $0.severity == .error && $0.kind != .rollupUnbalanced }.count
        if errors > 0 { text += "；问题清单中另有 \(errors) 个错误" }
        return text + "。"
    }

    static func json(_ result: RollupResult, workbook: [UInt8], name workbookName: String) -> JSONValue {
        let sources = { (label: String) -> [String] in
            result.included.filter { ($0.agency ?? name($0.source)) == label }.map(\.source)
        }
        let entry = { (file: String, reason: String) in JSONValue.object([("file", .string(file)), ("reason", .string(reason))]) }
        let notSummed = result.excluded.filter { !result.settled.contains($0.report.source) }.map { entry($0.report.source, $0.reason) }
            + result.unreadable.map { entry($0.path, "无法读取：" + $0.error) } + result.skipped.map { entry($0.path, $0.reason) }
        let own = result.aggregate.findings.filter { $0.kind.entry.stage == .rollup && $0.severity != .info }
        return .object([
            ("level", .string(level(result))),
            ("headline", .string(headline(result))),
            ("balanced", .bool(result.balanced)),
            ("complete", .bool(result.complete)),
            ("included", .number(Decimal(result.included.count))),
            ("unbalanced", .array(result.unbalanced.map { finding in
                .object([("cell", .string(finding.placedCells.first?.reference ?? "")), ("message", .string(finding.message))])
            })),
            ("contributors", .array(result.contributors.map { label in
                .object([("name", .string(label)), ("sources", .array(sources(label).map { .string($0) }))])
            })),
            ("members_to_fix", .array(result.membersToFix.map { member in
                .object([("source", .string(member.source)), ("agency", .string(member.agency ?? "")),
                         ("errors", .number(Decimal(member.errorCount))), ("undecided", .bool(result.undecided.contains(member.source)))])
            })),
            ("duplicates", .array(result.duplicates.map { group in
                .object([("agency", .string(group.agency)), ("year", group.year.map { .number(Decimal($0)) } ?? .null),
                         ("kept", .string(group.kept)), ("others", .array(group.others.map { .string($0) })),
                         ("rule", .string(group.rule.rawValue))])
            })),
            ("partial", .array(result.partial.map { entry($0.report.source, $0.reason) })),
            ("not_summed", .array(notSummed)),
            ("findings", .array(own.map { finding in
                .object([("code", .string(finding.code)), ("severity", .string(finding.severity.rawValue)), ("message", .string(finding.message))])
            })),
            ("workbook_name", .string(workbookName)),
            ("workbook", .string(Data(workbook).base64EncodedString())),
        ])
    }

    /// The last path component, as the rollup names files in its messages.
    static func name(_ path: String) -> String { (path as NSString).lastPathComponent }

    static func listed(_ names: [String]) -> String {
        names.count <= 5 ? names.joined(separator: "、") : names.prefix(5).joined(separator: "、") + " 等"
    }
}
