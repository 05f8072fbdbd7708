// Two reports of one agency and year: settled by content, then by name, never by time; otherwise the clerk chooses.
import Foundation

extension Rollup {
    /// The rule, as the command line prints it when duplicates were found.
    public static let duplicateRule = "同一单位同一年度有多份报告时：数值完全相同的只汇总一份；否则采用文件名含“终稿、正式、定稿、修改”的一份"
        + "（不采用含“初稿、草稿、征求意见、备份”的）；仍不能判断的报错，请用 --prefer 指定。不按修改时间取舍。"

    /// Words in a file name that mark the final version, and those that mark a draft or a copy.
    static let finalWords = ["终稿", "正式", "定稿", "修改", "修订", "最终", "更正"]
    static let draftWords = ["初稿", "草稿", "征求意见", "备份", "副本", "旧版"]

    /// +1 for a final version's name, −1 for a draft's, 0 when the name says neither (or both).
    static func nameRank(_ source: String) -> Int {
        // Byte search: the words and names are compared as written (Foundation's search folds them first, at many
        // times the cost, for every file of an inbox of one township's thousand copies).
        let name = fileName(source)
        return (finalWords.contains { name.firstByteRange(of: $0) != nil } ? 1 : 0)
            - (draftWords.contains { name.firstByteRange(of: $0) != nil } ? 1 : 0)
    }

    /// What two reports share when they are the same version: the layout and the value (or blank) of every cell, by
    /// position. Versions are grouped by this key, so a thousand copies cost a thousand keys, not a million comparisons.
    static func contentKey(_ report: Report) -> ContentKey {
        ContentKey(layout: report.layout.id, values: report.values)
    }

    /// A report's layout and values, compared and hashed as numbers (no text made of them, no `Decimal` compared
    /// where both have scaled integers).
    struct ContentKey: Hashable {
        var layout: String
        var values: ValueStore

        static func == (lhs: ContentKey, rhs: ContentKey) -> Bool {
            lhs.layout == rhs.layout && lhs.values.hasSameValues(as: rhs.values)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(layout)
            values.hashValues(into: &hasher)
        }
    }

    /// One agency and year with several reports, and how the rollup chose among them (what the page shows, so that the
    /// clerk sees the choice and can make another with `preferred`).
    public struct DuplicateGroup: Sendable, Equatable {
        public enum Rule: String, Sendable {
            /// Every report has the same values: the first is summed.
            case content
            /// The only version whose file name marks it final.
            case name
            /// The user's choice (`--prefer`, or the page).
            case prefer
            /// Neither content nor name decides: the first in input order, until the user chooses.
            case undecided
        }
        public var agency: String
        public var year: Int?
        /// The source summed, and the others in input order.
        public var kept: String
        public var others: [String]
        public var rule: Rule
    }

    /// Reports with the same key are one agency's for one year: the rollup sums one of them.
    public static func duplicateKey(_ report: Report) -> String {
        agencyKey(report.agency ?? report.source) + "|" + (report.year.map(String.init) ?? "")
    }

    struct Duplicates {
        /// Each dropped member's index, with the index kept in its place and why (for 说明).
        var dropped: [Int: (kept: Int, reason: String)] = [:]
        var groups: [DuplicateGroup] = []
        var findings: [Finding] = []
        /// Sources of groups that neither content nor name settles.
        var undecided: [String] = []
        /// Sources left out because an identical copy, or the file the user chose, was summed instead.
        var settled: [String] = []
    }

    /// Groups the members by agency and year and keeps one of each group: the one the user preferred; else, when all
    /// have the same values, the first; else the only version whose name marks it final; else the first in input
    /// order, with an error that asks the clerk to choose.
    static func settleDuplicates(_ members: [Report], preferred: Set<String>) -> Duplicates {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, member) in members.enumerated() {
            let key = duplicateKey(member)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var result = Duplicates()
        for key in order {
            guard let indices = groups[key], indices.count > 1 else { continue }
            let first = members[indices[0]]
            let name = "「\(first.agency ?? first.source)」\(first.year.map { "\($0) 年度" } ?? "")"
            // Versions: members with the same values form one.
            var versions: [[Int]] = []
            var versionOfContent: [ContentKey: Int] = [:]
            for index in indices {
                let content = contentKey(members[index])
                if let version = versionOfContent[content] {
                    versions[version].append(index)
                } else {
                    versionOfContent[content] = versions.count
                    versions.append([index])
                }
            }
            let kept: Int
            let chosenBy: String
            if let choice = indices.first(where: { preferred.contains(members[$0].source) }) {
                kept = choice
                chosenBy = "prefer"
            } else if versions.count == 1 {
                kept = indices[0]
                chosenBy = "content"
            } else {
                let ranks = versions.map { version in version.map { nameRank(members[$0].source) }.max() ?? 0 }
                let best = ranks.max() ?? 0
                let top = ranks.indices.filter { ranks[$0] == best }
                if top.count == 1 {
                    kept = versions[top[0]][0]
                    chosenBy = "name"
                } else {
                    kept = versions[top[0]][0]
                    chosenBy = "undecided"
                }
            }
            let keptSource = members[kept].source
            result.groups.append(DuplicateGroup(agency: first.agency ?? first.source, year: first.year, kept: keptSource,
                                                others: indices.filter { $0 != kept }.map { members[$0].source },
                                                rule: DuplicateGroup.Rule(rawValue: chosenBy) ?? .undecided))
            let keptVersion = Set(versions.first { $0.contains(kept) } ?? [kept])
            let differing = indices.filter { !keptVersion.contains($0) }
            for index in indices where index != kept {
                let source = members[index].source
                if keptVersion.contains(index) {
                    result.dropped[index] = (kept, "与 \(keptSource) 数值完全相同，只汇总一份")
                    result.settled.append(source)
                    result.findings.append(Finding(.rollupDuplicateIdentical,
                                                   message: "\(name)的 \(source) 与 \(keptSource) 数值完全相同，只汇总 \(keptSource)"))
                    continue
                }
                switch chosenBy {
                case "prefer":
                    result.dropped[index] = (kept, "按 --prefer 采用 \(keptSource)")
                    result.settled.append(source)
                case "name": result.dropped[index] = (kept, "按文件名采用定稿 \(keptSource)")
                default: result.dropped[index] = (kept, "与 \(keptSource) 为同一单位同一年度、内容不同的报告，暂按输入顺序汇总 \(keptSource)；请用 --prefer 指定")
                }
            }
            guard !differing.isEmpty else { continue }
            let dropped = differing.map { members[$0].source }
            let all = ([kept] + differing).map { members[$0].source }
            let both = all.count == 2 ? "\(all[0]) 与 \(all[1])" : Self.listed(all)
            let count = all.count == 2 ? "两" : "\(all.count)"
            switch chosenBy {
            case "prefer":
                result.findings.append(Finding(.rollupDuplicateMember, alternative: true,
                                               message: "\(name)有\(count)份内容不同的报告：\(both)；按 --prefer 采用 \(keptSource)，未汇总 \(Self.listed(dropped))"))
            case "name":
                result.findings.append(Finding(.rollupDuplicateByName,
                                               message: "\(name)有\(count)份内容不同的报告：\(both)；按文件名采用 \(keptSource)，未汇总 \(Self.listed(dropped))；如应采用另一份，请用 --prefer 指定"))
            default:
                result.undecided += all
                result.findings.append(Finding(.rollupDuplicateMember,
                                               message: "\(name)有\(count)份内容不同的报告：\(both)，文件名不能说明哪一份是定稿；暂按输入顺序汇总 \(keptSource)，未汇总 \(Self.listed(dropped))；请用 --prefer 指定采用哪一份"))
            }
        }
        return result
    }

    /// Files named in a message: the first ten and how many more (an inbox of a thousand copies of one township makes
    /// one finding, not a message longer than a spreadsheet cell holds; the 说明 sheet and JSON name each file).
    static func listed(_ files: [String]) -> String {
        files.count <= 10 ? files.joined(separator: "、") : files.prefix(10).joined(separator: "、") + " 等 \(files.count) 个文件"
    }
}
