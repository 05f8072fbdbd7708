// Rolls member reports up into the county's: cell-wise sums over the layout, members screened and reported.
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
    /// `Rollup.run` summed them.
    var includedValues: [[Decimal?]]
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

    /// Screens the members (duplicates, other years, older layouts), sums the included ones and checks the sum.
    /// - Parameters:
    ///   - skipped: files of the inputs that were not read (unsupported), with why; listed, never summed.
    ///   - modified: each member source's modification time, to choose between two reports of one agency and year.
    ///   - preferred: sources the user chose (`--prefer`) over the other reports of their agency and year.
    public func run(_ members: [Report], unreadable: [(path: String, error: String)] = [], skipped: [(path: String, reason: String)] = [],
                    modified: [String: Date] = [:], preferred: Set<String> = [], source: String) -> RollupResult {
        let layout = self.layout
        var findings: [Finding] = []
        var included: [Report] = []
        var excluded: [(Report, String)] = []
        var partial: [(Report, String)] = []
        let chosen = Rollup.chooseDuplicates(members, modified: modified, preferred: preferred)
        for (index, member) in members.enumerated() {
            let name = member.agency ?? member.source
            if let duplicate = chosen[index] {
                let kept = members[duplicate.kept]
                let why = duplicate.byPreference ? "按 --prefer 采用" : "采用修改时间较新的"
                excluded.append((member, "与 \(kept.source) 为同一单位同一年度的报告，\(why) \(kept.source)"))
                findings.append(Finding(.rollupDuplicateMember, alternative: duplicate.byPreference,
                                        message: "「\(name)」\(member.year.map { "\($0) 年度" } ?? "")有两份报告：\(kept.source)\(Rollup.stamp(modified[kept.source])) 与 \(member.source)\(Rollup.stamp(modified[member.source]))；\(why) \(kept.source)，未汇总 \(member.source)"
                                            + (duplicate.byPreference ? "" : "；如应采用另一份，请用 --prefer 指定")))
                continue
            }
            if member.year != year {
                findings.append(Finding(.rollupYearMismatch,
                                        message: "「\(name)」的报告年度为 \(member.year.map(String.init) ?? "未知")，与汇总年度 \(year) 不同\(includeOtherYears ? "，仍予汇总" : "，未汇总")"))
                if !includeOtherYears { excluded.append((member, "报告年度 \(member.year.map(String.init) ?? "未知") ≠ \(year)")); continue }
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
        for entry in unreadable {
            findings.append(Finding(.rollupMemberUnreadable, message: "无法读取 \(entry.path)：\(entry.error)"))
        }
        for entry in skipped {
            findings.append(Finding(.rollupMemberSkipped, message: "跳过 \(entry.path)：\(entry.reason)"))
        }
        let keys = layout.valueKeys
        let rows = included.map { member in keys.map { Rollup.value(of: $0, in: member, layout: layout) } }
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
        // Cells of the aggregate are its places in the 汇总 form, so its own findings point there.
        var cells: [String: SourceCell] = [:]
        for (key, ref) in FormGeometry(layout: layout).cells {
            cells[key] = SourceCell(file: source, sheet: Rollup.summarySheet, row: ref.row, column: ref.column)
        }
        var aggregate = Report(source: source, layout: layout, agency: agency, year: year, values: values, cells: cells)
        aggregate.findings = findings + Checker().identityFindings(aggregate).map { finding in
            var own = finding
            own.message = "【汇总】" + finding.message
            return own
        }
        return RollupResult(aggregate: aggregate, members: members, included: included, excluded: excluded, partial: partial,
                            unreadable: unreadable, skipped: skipped, includedValues: rows)
    }

    public static let summarySheet = "汇总"

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

    /// Which member each duplicate (same agency and year) gives way to: the one the user preferred, else the most
    /// recently modified, else the later in input order (a corrected file usually sorts after its original).
    static func chooseDuplicates(_ members: [Report], modified: [String: Date], preferred: Set<String>)
        -> [Int: (kept: Int, byPreference: Bool)] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, member) in members.enumerated() {
            let key = agencyKey(member.agency ?? member.source) + "|" + (member.year.map(String.init) ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var dropped: [Int: (kept: Int, byPreference: Bool)] = [:]
        for key in order {
            guard let indices = groups[key], indices.count > 1 else { continue }
            let byPreference = indices.first { preferred.contains(members[$0].source) }
            let kept = byPreference ?? indices.max { a, b in
                let (ma, mb) = (modified[members[a].source] ?? .distantPast, modified[members[b].source] ?? .distantPast)
                return ma != mb ? ma < mb : a < b
            } ?? indices[0]
            for index in indices where index != kept { dropped[index] = (kept, byPreference != nil) }
        }
        return dropped
    }

    /// `（修改于 2026-11-30 14:02）` for a finding; empty when unknown.
    static func stamp(_ date: Date?) -> String {
        guard let date else { return "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return "（修改于 \(formatter.string(from: date))）"
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
