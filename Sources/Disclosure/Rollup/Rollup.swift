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
    /// Inputs that could not be read at all.
    public var unreadable: [(path: String, error: String)]
    /// Each included member's values in the order of the aggregate layout's `valueKeys` (nil where blank), as
    /// `Rollup.run` summed them.
    var includedValues: [[Decimal?]]
}

/// A county's aggregate of its members: screening, cell-wise sums over the layout, re-checked identities.
public struct Rollup: Sendable {
    public var agency: String
    public var year: Int
    /// Sum members written in an older layout (their sections 三 and 四; section 二 cannot be mapped).
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
        Layout.all.filter { $0.firstYear <= year }.max { $0.firstYear < $1.firstYear } ?? .layout2021
    }

    /// Screens the members (duplicates, other years, older layouts), sums the included ones and checks the sum.
    public func run(_ members: [Report], unreadable: [(path: String, error: String)] = [], source: String) -> RollupResult {
        let layout = self.layout
        var findings: [Finding] = []
        var included: [Report] = []
        var excluded: [(Report, String)] = []
        var seen: [String: String] = [:]
        for member in members {
            let name = member.agency ?? member.source
            let key = Rollup.agencyKey(name)
            if let first = seen[key] {
                excluded.append((member, "与 \(first) 为同一单位，重复报送"))
                findings.append(Finding(code: "rollup.duplicate_member", severity: .warning,
                                        message: "「\(name)」重复报送（\(member.source) 与 \(first)），只汇总第一份"))
                continue
            }
            if member.year != year {
                findings.append(Finding(code: "rollup.year_mismatch", severity: .warning,
                                        message: "「\(name)」的报告年度为 \(member.year.map(String.init) ?? "未知")，与汇总年度 \(year) 不同\(includeOtherYears ? "，仍予汇总" : "，未汇总")"))
                if !includeOtherYears { excluded.append((member, "报告年度 \(member.year.map(String.init) ?? "未知") ≠ \(year)")); continue }
            }
            if member.layout.id != layout.id {
                findings.append(Finding(code: "rollup.member_outdated", severity: .error,
                                        message: "「\(name)」使用 \(member.layout.name)，不能汇入 \(layout.name) 的第二部分\(includeOutdated ? "；其第三、四部分已汇总" : "，未汇总")"))
                if !includeOutdated { excluded.append((member, "使用 \(member.layout.id) 版格式")); continue }
            }
            seen[key] = member.source
            included.append(member)
            for finding in member.findings where finding.severity == .error {
                var carried = finding
                carried.message = "【\(name)】" + finding.message
                findings.append(carried)
            }
        }
        for entry in unreadable {
            findings.append(Finding(code: "rollup.member_unreadable", severity: .error, message: "无法读取 \(entry.path)：\(entry.error)"))
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
        let form = FormWriter(layout: layout, agency: agency, year: year).form(nil, sheetName: Rollup.summarySheet)
        var cells: [String: SourceCell] = [:]
        for (key, ref) in form.cells {
            cells[key] = SourceCell(file: source, sheet: Rollup.summarySheet, row: ref.row, column: ref.column)
        }
        var aggregate = Report(source: source, layout: layout, agency: agency, year: year, values: values, cells: cells)
        aggregate.findings = findings + Checker().identityFindings(aggregate).map { finding in
            var own = finding
            own.message = "【汇总】" + finding.message
            return own
        }
        return RollupResult(aggregate: aggregate, members: members, included: included, excluded: excluded, unreadable: unreadable,
                            includedValues: rows)
    }

    public static let summarySheet = "汇总"

    /// A member's value for a key of the county's layout, through the layout's mappings for members in an
    /// older layout (2019's single （六） row feeds （六）3. 其他).
    static func value(of key: String, in member: Report, layout: Layout) -> Decimal? {
        if let value = member.values[key] { return value }
        guard member.layout.id != layout.id, !member.layout.valueKeys.contains(key) else { return nil }
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
