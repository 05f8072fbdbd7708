// Reconciles a report: the layout's identities, the layout's currency, plausibility and cross-year rules.
import Foundation

/// Evaluates the layout's identities and the layout, plausibility, cross-year and text rules on a report.
public struct Checker: Sendable {
    public init() {}

    /// Adds the findings of every check to `report` (given last year's report of the same agency, if any).
    public func check(_ report: Report, previous: Report? = nil) -> Report {
        var report = report
        if isBlank(report) {
            // One error instead of a warning per blank row: a form sent back unfilled must not pass.
            report.findings.removeAll { $0.kind == .valueMissing }
            report.findings.append(Finding(.reportBlank, message: "统计表全部空白，报告尚未填写；请填好后再报送（没有发生的请填 0）"))
        }
        report.findings += layoutFindings(report)
        report.findings += identityFindings(report)
        report.findings += plausibilityFindings(report)
        if let previous { report.findings += crossYearFindings(report, previous: previous) }
        report.findings += TextChecks.findings(report)
        return report
    }

    /// Tables were found, yet no cell holds a number but 0 and most are blank: a blank template returned as it was
    /// (its totals are formulas that show 0). A report of typed zeros is filled.
    func isBlank(_ report: Report) -> Bool {
        var located = 0, blank = 0
        // By position: a batch asks this of every report.
        for position in report.values.index.keys.indices where report.cells[position: position] != nil {
            located += 1
            guard let value = report.values[position: position] else { blank += 1; continue }
            if value != 0 { return false }
        }
        return located > 0 && blank * 2 >= located
    }

    // MARK: layout

    func layoutFindings(_ report: Report) -> [Finding] {
        guard let year = report.year else { return [] }
        guard let current = Layout.inForce(in: year), current.id != report.layout.id, report.layout.firstYear < current.firstYear else { return [] }
        return [Finding(.layoutOutdated,
                        message: "\(year) 年度报告使用了已废止的 \(report.layout.name)，应使用 \(current.name)")]
    }

    // MARK: identities

    /// One finding per failing identity instance, with every cell and, where one cell explains several
    /// failures, that cell as the likely culprit.
    public func identityFindings(_ report: Report) -> [Finding] {
        // Identities over keys that were never located (a missing table) are not evaluated.
        struct Failure {
            var identity: Identity
            var instance: IdentityInstance
            var lhs: Decimal
            var rhs: Decimal
        }
        var failures: [Failure] = []
        // Evaluated by key position on the report's scaled integers; keys are read only for the messages of failures.
        let values = report.values
        let cells = report.cells
        func isLocated(_ position: Int?) -> Bool { position.map { cells[position: $0] != nil } ?? false }
        // Cells a truncated text never reached are unknown, not 0: identities over them are not evaluated.
        let unread = Set(report.findings.lazy.filter { $0.kind == .layoutTableTruncated }.flatMap(\.keys))
        for (identity, positions) in zip(report.layout.identities, report.layout.identityPositions) {
            for (instance, position) in zip(identity.instances, positions) {
                if !unread.isEmpty, instance.lhs.contains(where: unread.contains) || instance.rhs.contains(where: unread.contains) { continue }
                guard position.lhs.contains(where: isLocated) || position.rhs.contains(where: isLocated) else { continue }
                // Blank cells count as 0 on both sides (checks.md), a long side left wholly blank too: a township that
                // fills only the 总计 column must not pass. The message says which side was blank.
                if values.sumsEqual(position.lhs, position.rhs) { continue }
                failures.append(Failure(identity: identity, instance: instance, lhs: values.sum(position.lhs), rhs: values.sum(position.rhs)))
            }
        }
        // A cell alone explains several failures when changing it by one amount fixes all of them.
        var fixes: [String: [(failure: Int, amount: Decimal)]] = [:]
        for (index, failure) in failures.enumerated() {
            let difference = failure.lhs - failure.rhs
            for key in failure.instance.lhs { fixes[key, default: []].append((index, -difference)) }
            for key in failure.instance.rhs { fixes[key, default: []].append((index, difference)) }
        }
        var culprit: [Int: (key: String, amount: Decimal)] = [:]
        for (key, entries) in fixes.sorted(by: { $0.key < $1.key }) where entries.count >= 2 {
            let amounts = Set(entries.map(\.amount))
            guard amounts.count == 1 else { continue }
            for entry in entries where culprit[entry.failure] == nil || fixes[culprit[entry.failure]!.key]!.count < entries.count {
                culprit[entry.failure] = (key, entry.amount)
            }
        }
        return failures.enumerated().map { index, failure in
            let keys = failure.instance.lhs + failure.instance.rhs
            let cells = keys.map { report.cells[$0] }
            let left = describe(failure.instance.lhs, report)
            let right = describe(failure.instance.rhs, report)
            // A lone blank cell is said to be blank, not `= 0`: the clerk looks for a number that is not there.
            let shown = { (side: [String], text: String, sum: Decimal) in
                side.count == 1 && report.value(side[0]) == nil ? "\(text) 为空白（按 0 计算）" : "\(text) = \(Normaliser.format(sum))"
            }
            var message = "\(failure.instance.scope)不符合「\(failure.identity.rule)」：\(shown(failure.instance.lhs, left, failure.lhs))，\(shown(failure.instance.rhs, right, failure.rhs))，相差 \(Normaliser.format(failure.lhs - failure.rhs))"
            for side in [failure.instance.lhs, failure.instance.rhs] where side.count >= 3 && side.allSatisfy({ report.value($0) == nil }) {
                let span = "\(report.cells[side[0]]?.reference ?? side[0]) 至 \(report.cells[side[side.count - 1]]?.reference ?? side[side.count - 1])"
                let what = failure.identity.code == .identityS3RowTotal ? "申请人各列（\(span)）" : "\(span) 各项"
                message += "；\(what)均为空白，按 0 计算：没有发生请填 0，否则请补填"
            }
            var likely: SourceCell?
            if let guess = culprit[index] {
                let current = report.number(guess.key)
                let sameSheet = Set(cells.compactMap { $0?.sheet }).count <= 1
                let place = report.cells[guess.key].map { sameSheet ? $0.reference : $0.qualified } ?? guess.key
                let now = report.value(guess.key) == nil ? "现为空白" : "现为 \(Normaliser.format(current))"
                message += "；最可能出错的是 \(place)（\(now)，应为 \(Normaliser.format(current + guess.amount))）"
                likely = report.cells[guess.key]
            }
            return Finding(failure.identity.code, message: message, keys: keys, cells: cells,
                           expected: failure.rhs, actual: failure.lhs, likelyCell: likely)
        }
    }

    private func describe(_ keys: [String], _ report: Report) -> String {
        if keys.count > 3 {
            let first = report.cells[keys[0]]?.reference ?? keys[0]
            let last = report.cells[keys[keys.count - 1]]?.reference ?? keys[keys.count - 1]
            return "\(first) 至 \(last) 之和"
        }
        return keys.map { report.cells[$0]?.reference ?? $0 }.joined(separator: " + ")
    }

    // MARK: plausibility

    func plausibilityFindings(_ report: Report) -> [Finding] {
        var findings: [Finding] = []
        let agency = report.agency ?? ""
        let rules = report.layout.plausibility
        if let rowKey = rules.localLevelZeroRow, Metadata.isLocalLevel(agency),
           let row = report.layout.tables.lazy.flatMap(\.rows).first(where: { $0.key == rowKey }),
           row.valueKeys.contains(where: { report.number($0) != 0 }) {
            findings.append(Finding(.plausibilityS2RulesLevel,
                                    message: "\(agency) 没有制定「\(row.label)」的权限，但这一行不为 0；请核实是否应填入「行政规范性文件」",
                                    keys: row.valueKeys, cells: row.valueKeys.map { report.cells[$0] }))
        }
        if let key = rules.fees, Metadata.isTownship(agency), let fees = report.value(key), fees >= Decimal(rules.feesLimit) {
            findings.append(Finding(.plausibilityS2FeesUnit,
                                    message: "收费金额 \(Normaliser.format(fees)) 万元对乡镇明显过大，可能误按“元”填写（单位应为万元）",
                                    keys: [key], cells: [report.cells[key]], actual: fees))
        }
        if !report.narrative.isEmpty,
           report.layout.tables.filter({ $0.section != .s2 }).flatMap({ $0.rows.flatMap(\.valueKeys) }).allSatisfy({ report.number($0) == 0 }) {
            let mentions = report.narrative.first { line in
                TextChecks.applicationNumbers(line.text).contains { $0 > 0 }
            }
            if let mentions {
                findings.append(Finding(.plausibilityEmptyReport,
                                        message: "表格三、四全部为 0 或空白，但正文第 \(mentions.line) \(report.narrativeUnit)提到了申请或复议诉讼：「\(mentions.text.prefix(60))」"))
            }
        }
        return findings
    }

    // MARK: cross-year

    /// The layout's cross-year rules against last year's report of the same agency.
    public func crossYearFindings(_ report: Report, previous: Report) -> [Finding] {
        var findings: [Finding] = []
        let rows = report.layout.tables.flatMap(\.rows)
        for rule in report.layout.crossYear {
            switch rule {
            case .carry(let current, let last):
                guard let row = rows.first(where: { $0.key == current }) else { continue }
                for column in row.columns {
                    let this = "\(current).\(column.key)"
                    let before = "\(last).\(column.key)"
                    guard report.cells[this] != nil, previous.cells[before] != nil else { continue }
                    let now = report.number(this), then = previous.number(before)
                    if now != then {
                        findings.append(Finding(.crossYearS3Carry,
                                                message: "「\(column.label)」列上年结转 \(Normaliser.format(now)) 件，与上一年度报告的结转下年度继续办理 \(Normaliser.format(then)) 件不一致（\(report.cells[this]?.description ?? this)）",
                                                keys: [this], cells: [report.cells[this]], expected: then, actual: now))
                    }
                }
            case .stock(let stock, let inflow, let outflow, let label):
                guard report.cells[stock] != nil, previous.cells[stock] != nil, previous.layout.valueKeys.contains(stock) else { continue }
                let expected = previous.number(stock) + report.number(inflow) - report.number(outflow)
                let actual = report.number(stock)
                if expected != actual {
                    let keys = [stock, inflow, outflow]
                    findings.append(Finding(.crossYearS2InForce,
                                            message: "「\(label)」现行有效件数 \(Normaliser.format(actual))，按上年 \(Normaliser.format(previous.number(stock))) + 本年制发 \(Normaliser.format(report.number(inflow))) − 本年废止 \(Normaliser.format(report.number(outflow))) 应为 \(Normaliser.format(expected))",
                                            keys: keys, cells: keys.map { report.cells[$0] }, expected: expected, actual: actual))
                }
            }
        }
        return findings
    }
}
