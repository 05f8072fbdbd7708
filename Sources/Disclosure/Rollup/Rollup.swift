// Rolls member reports up into the county's: members screened, blank totals derived, cell-wise sums over the layout,
// the sum checked like any report and every failing identity explained by the members it comes from.
import Foundation

/// What a rollup used and left out, and the aggregate report.
public struct RollupResult: Sendable {
    public var aggregate: Report
    /// Every member in input order.
    public var members: [Report]
    /// Members summed into the aggregate.
    public var included: [Report]
    /// Members left out, with why.
    public var excluded: [(report: Report, reason: String)]
    /// Members summed in part (an older layout: section 二 left out), with why.
    public var partial: [(report: Report, reason: String)]
    /// Inputs that could not be read at all.
    public var unreadable: [(path: String, error: String)]
    /// Files found among the inputs but not read (unsupported formats), with why.
    public var skipped: [(path: String, reason: String)]
    /// Each included member's values in the order of the aggregate layout's `valueKeys` (nil where blank), as
    /// `Rollup.run` summed them (blank totals derived).
    var includedValues: [[Decimal?]]
    /// For each included member, the keys whose blank value was derived from the other side of an identity.
    public var derived: [[String]]
    /// The note shown above the 汇总 form when the county form does not balance (its first row), else nil.
    public var note: String?

    /// The `rollup.unbalanced` findings: every identity the county form fails, with the members it comes from.
    public var unbalanced: [Finding] { aggregate.findings.filter { $0.kind == .rollupUnbalanced } }
    /// The county form satisfies every identity of its layout.
    public var balanced: Bool { unbalanced.isEmpty }
    /// The members whose own rows carry the county form's imbalance, in the order the findings name them.
    public var contributors: [String]
    /// Sources of reports whose duplicate could not be settled (neither content nor name decides): the clerk chooses.
    public var undecided: [String]
    /// Sources left out because an identical copy, or the file the user chose (`--prefer`), was summed instead.
    public var settled: [String]
    /// Every agency and year with several reports, and which one was summed by which rule.
    public var duplicates: [Rollup.DuplicateGroup] = []
    /// Members that carry errors of their own (summed, or an undecided duplicate), in input order: what `--strict`
    /// asks the clerk to fix first.
    public var membersToFix: [Report] {
        let summed = Set(included.map(\.source)).union(undecided)
        return members.filter { summed.contains($0.source) && ($0.errorCount > 0 || undecided.contains($0.source)) }
    }
    /// Inputs that were not summed although they should have been (not an identical copy, not the user's choice).
    public var missing: [String] {
        excluded.map(\.report.source).filter { !settled.contains($0) } + unreadable.map(\.path) + skipped.map(\.path)
    }
    /// The county form can go upward as it is: it balances, no error was found, and every file was summed in full.
    public var complete: Bool {
        balanced && missing.isEmpty && partial.isEmpty && !aggregate.findings.contains { $0.severity == .error }
    }
    /// The row of 汇总 each key sits in is its form row plus this (1 when the note row is there).
    public var summaryOffset: Int { note == nil ? 0 : 1 }
}

/// A county's aggregate of its members: screening, cell-wise sums over the layout, re-checked identities.
public struct Rollup: Sendable {
    public var agency: String
    public var year: Int
    /// Kept for callers of earlier versions: members in an older layout now always feed sections 三 and 四, and
    /// never section 二 (its tables do not map).
    public var includeOutdated = false
    /// Sum members whose report year differs from `year`.
    public var includeOtherYears = false

    public init(agency: String, year: Int, includeOutdated: Bool = false, includeOtherYears: Bool = false) {
        self.agency = agency
        self.year = year
        self.includeOutdated = includeOutdated
        self.includeOtherYears = includeOtherYears
    }

    /// The layout the county reports in: the newest whose first year is not after `year`.
    public var layout: Layout {
        Layout.inForce(in: year) ?? .newest
    }

    /// Screens the members (duplicates, other years, no tables, older layouts), derives their blank totals, sums the
    /// included ones and checks the sum as any report is checked.
    /// - Parameters:
    ///   - skipped: files of the inputs that were not read (unsupported), with why; listed, never summed.
    ///   - preferred: sources the user chose (`--prefer`) over the other reports of their agency and year.
    public func run(_ members: [Report], unreadable: [(path: String, error: String)] = [], skipped: [(path: String, reason: String)] = [],
                    preferred: Set<String> = [], source: String) -> RollupResult {
        let layout = self.layout
        var findings: [Finding] = []
        var included: [Report] = []
        var excluded: [(Report, String)] = []
        var partial: [(Report, String)] = []
        let duplicates = Rollup.settleDuplicates(members, preferred: preferred)
        for (index, member) in members.enumerated() {
            let name = member.agency ?? member.source
            if let duplicate = duplicates.dropped[index] {
                excluded.append((member, duplicate.reason))
                continue
            }
            if member.year != year {
                findings.append(Finding(.rollupYearMismatch,
                                        message: "「\(name)」的报告年度为 \(member.year.map(String.init) ?? "未知")，与汇总年度 \(year) 不同\(includeOtherYears ? "，仍予汇总" : "，未汇总")"))
                if !includeOtherYears {
                    excluded.append((member, member.year.map { "报告年度为 \($0)，不是汇总年度 \(year)" } ?? "认不出报告年度（汇总年度为 \(year)；可在文件标题中写明年度）"))
                    continue
                }
            }
            if member.cells.isEmpty {
                // Nothing located: summing it would count a township as all zeros.
                findings.append(Finding(.rollupMemberNoTables,
                                        message: "「\(name)」（\(Rollup.fileName(member.source))）没有找到任何统计表格，未汇总；请报送含统计表的报告或填好的模板"))
                excluded.append((member, "没有找到统计表格，未汇总"))
                continue
            }
            if let blank = member.findings.first(where: { $0.kind == .reportBlank }) {
                // A form sent back unfilled is not a township with nothing to report: it is not summed, and said.
                var carried = blank
                carried.message = "【\(name)】" + blank.message + "；未汇总"
                findings.append(carried)
                excluded.append((member, "报告尚未填写（统计表全部空白），未汇总"))
                continue
            }
            if member.layout.id != layout.id {
                // Sections 三 and 四 map between the layouts; section 二's tables do not, and are never summed.
                findings.append(Finding(.rollupMemberOutdated,
                                        message: "「\(name)」使用 \(member.layout.name)，其第二部分不能汇入 \(layout.name) 的第二部分，未汇总；第三、四部分已汇总"))
                partial.append((member, "使用 \(member.layout.id) 版格式：第二部分未汇总，第三、四部分已汇总"))
            }
            included.append(member)
            for finding in member.findings where finding.severity == .error {
                var carried = finding
                carried.message = "【\(name)】" + finding.message
                findings.append(carried)
            }
        }
        findings += duplicates.findings
        for entry in unreadable {
            findings.append(Finding(.rollupMemberUnreadable, message: "无法读取 \(entry.path)：\(entry.error)"))
        }
        for entry in skipped {
            findings.append(Finding(.rollupMemberSkipped, message: "跳过 \(entry.path)：\(entry.reason)"))
        }
        let keys = layout.valueKeys
        var rows: [[Decimal?]] = []
        var derived: [[String]] = []
        for member in included {
            var row = keys.map { Rollup.value(of: $0, in: member, layout: layout) }
            let filled = Rollup.derive(&row, layout: layout)
            rows.append(row)
            derived.append(filled.map { keys[$0.position] })
            if let finding = Rollup.derivedFinding(filled, member: member, layout: layout) { findings.append(finding) }
        }
        var values: [String: Decimal] = [:]
        for (index, key) in keys.enumerated() {
            var total = DecimalSum()
            var any = false
            for row in rows {
                guard let value = row[index] else { continue }
                total.add(value)
                any = true
            }
            if any { values[key] = total.total }
        }
        // Checked once on the bare form to learn whether it balances: when it does not, a note row goes above the form
        // and every cell of 汇总 moves down one row, so the aggregate's findings point at the cells as written.
        let bare = Report(source: source, layout: layout, agency: agency, year: year, values: values,
                          cells: Rollup.summaryCells(layout: layout, source: source, offset: 0))
        let balances = Checker().identityFindings(bare).isEmpty
        let offset = balances ? 0 : 1
        var aggregate = Report(source: source, layout: layout, agency: agency, year: year, values: values,
                               cells: Rollup.summaryCells(layout: layout, source: source, offset: offset))
        // The county form is checked like any report (identities, plausibility); an identity that fails is explained by
        // the members whose own rows fail it, whose differences add up to the county's.
        var contributors: [String] = []
        let own = Checker().check(aggregate).findings.map { finding -> Finding in
            if let explained = Rollup.explain(finding, layout: layout, members: included, rows: rows) {
                for name in explained.members where !contributors.contains(name) { contributors.append(name) }
                return explained.finding
            }
            var mine = finding
            mine.message = "【汇总】" + finding.message
            return mine
        }
        aggregate.findings = own.filter { $0.kind == .rollupUnbalanced } + findings + own.filter { $0.kind != .rollupUnbalanced }
        var note: String?
        if !balances {
            let unbalanced = own.filter { $0.kind == .rollupUnbalanced }
            let names = contributors
            note = "汇总表不平衡：\(unbalanced.count) 处勾稽关系不符（\(unbalanced.compactMap { $0.placedCells.first?.reference }.prefix(6).joined(separator: "、"))\(unbalanced.count > 6 ? " 等" : "")），"
                + "来自 \(names.joined(separator: "、"))；请先改正这些单位的报告（见「问题清单」）"
        }
        return RollupResult(aggregate: aggregate, members: members, included: included, excluded: excluded, partial: partial,
                            unreadable: unreadable, skipped: skipped, includedValues: rows, derived: derived, note: note,
                            contributors: contributors, undecided: duplicates.undecided, settled: duplicates.settled,
                            duplicates: duplicates.groups)
    }

    public static let summarySheet = "汇总"

    /// Where each key of the county form sits in 汇总, `offset` rows below the form's own place.
    static func summaryCells(layout: Layout, source: String, offset: Int) -> [String: SourceCell] {
        var cells: [String: SourceCell] = [:]
        for (key, ref) in FormGeometry(layout: layout).cells {
            cells[key] = SourceCell(file: source, sheet: summarySheet, row: ref.row + offset, column: ref.column)
        }
        return cells
    }

    /// The last path component: what 文件 columns and messages show.
    public static func fileName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }

    /// A member's value for a key of the county's layout, through the layout's mappings for members in an
    /// older layout (2019's single （六） row feeds （六）3. 其他); section 二 of another layout gives nothing.
    static func value(of key: String, in member: Report, layout: Layout) -> Decimal? {
        if member.layout.id == layout.id { return member.values[key] }
        if key.hasPrefix(Section.s2.rawValue + ".") { return nil }
        if let value = member.values[key] { return value }
        guard !member.layout.valueKeys.contains(key) else { return nil }
        for mapping in layout.rollupMappings where key.hasPrefix(mapping.toRowPrefix) {
            let source = mapping.fromRowPrefix + key.dropFirst(mapping.toRowPrefix.count)
            if member.layout.valueKeys.contains(source) { return member.values[source] }
        }
        return nil
    }

    /// Agencies compare without 人民政府 and spaces: 后宫乡人民政府 matches 后宫乡.
    public static func agencyKey(_ name: String) -> String {
        var key = LabelNormaliser.clean(name)
        for suffix in ["人民政府办公室", "人民政府", "办事处"] where key.hasSuffix(suffix) && key.count > suffix.count + 1 {
            key.removeLast(suffix.count)
        }
        return key
    }
}
