// Matching the rows of a sheet to the rows of the layout by their labels (aliases, parents, notes in brackets).
import Foundation
import Spreadsheet

extension LocateSession {
    func isHeaderRow(_ scan: RowScan) -> Bool {
        let headerish = scan.leading.filter { headerBodies.contains($0.label.body) }.count
        return headerish >= 2 || (headerish >= 1 && scan.valueColumns.isEmpty && scan.leading.count >= 2)
    }

    mutating func matchRows(_ tables: [LayoutTable]) -> [RowMatch] {
        let rows = tables.flatMap(\.rows)
        var candidates: [RowMatch] = []
        var unmatchedNumeric: [Int] = []
        for (index, scan) in scans.enumerated() {
            guard let leaf = scan.leading.last, !isHeaderRow(scan) else { continue }
            var best: RowMatch?
            if let hit = self.index.best(leaf.label), rows.contains(where: { $0.key == hit.rowKey }) {
                best = RowMatch(scan: index, rowKey: hit.rowKey, score: hit.score, via: hit.via, fromParent: false)
            }
            if best == nil, let bare = Self.withoutNote(leaf.raw), let hit = self.index.best(LabelNormaliser.normalise(bare)),
               rows.contains(where: { $0.key == hit.rowKey }) {
                // 「规章(设区的市、自治州人民政府应提供相关数据)」: a label carrying an explanation in brackets.
                best = RowMatch(scan: index, rowKey: hit.rowKey, score: hit.score * 0.9, via: hit.via ?? "去掉括号内的说明", fromParent: false)
            }
            if best == nil {
                best = parentMatch(leaf.label, scan: index, rows: rows)
            }
            if let best {
                candidates.append(best)
            } else if !scan.valueColumns.isEmpty, !scan.leading.isEmpty {
                unmatchedNumeric.append(index)
            }
        }
        // A row of one number is a row of the table only among the table's rows (「（其中：通过网络申请） 10」 inserted
        // under 本年新收); outside them it is a note or a page number.
        let first = candidates.map(\.scan).min() ?? Int.max, last = candidates.map(\.scan).max() ?? Int.min
        unmatchedNumeric.removeAll { scans[$0].valueColumns.count < 2 && !(first < $0 && $0 < last) }
        // Each layout row keeps its best match; later duplicates are reported.
        var chosen: [String: RowMatch] = [:]
        for match in candidates {
            if let existing = chosen[match.rowKey] {
                let keep = match.score > existing.score ? match : existing
                let drop = match.score > existing.score ? existing : match
                chosen[match.rowKey] = keep
                let label = scans[drop.scan].leading.map(\.raw).joined(separator: " › ")
                findings.append(Finding(.layoutRowDuplicate,
                                        message: "「\(label)」与另一行重复对应到「\(rowLabel(match.rowKey))」，已忽略此行",
                                        cells: [source(scans[drop.scan], column: scans[drop.scan].leading.last?.column ?? 0)]))
            } else {
                chosen[match.rowKey] = match
            }
        }
        // A parent-label row (the 2019-style single （六） row) only stands in when no child row was found.
        // In source order: a dictionary's own order differs from one instance to the next, findings must not.
        for (key, match) in chosen.sorted(by: { $0.value.scan < $1.value.scan }) where match.fromParent {
            let siblings = rows.filter { $0.path.dropLast().elementsEqual(rows.first { $0.key == key }?.path.dropLast() ?? []) }
            if siblings.contains(where: { $0.key != key && chosen[$0.key] != nil && !(chosen[$0.key]!.fromParent) }) {
                chosen[key] = nil
            } else {
                let scan = scans[match.scan]
                findings.append(Finding(.layoutS3SingleOtherRow,
                                        message: "本表只有一行「\(scan.leading.last?.raw ?? "")」（2019 年版的写法），其数值记入「\(rowLabel(key))」；请按 2021 年版分三行填报",
                                        keys: [key], cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
            }
        }
        for match in chosen.values.sorted(by: { $0.scan < $1.scan }) where match.via != nil && !match.fromParent {
            let scan = scans[match.scan]
            findings.append(Finding(.layoutLabelVariant,
                                    message: "「\(scan.leading.last?.raw ?? "")」按\(match.via!)对应到「\(rowLabel(match.rowKey))」",
                                    keys: [match.rowKey], cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
        }
        for index in unmatchedNumeric {
            let scan = scans[index]
            findings.append(Finding(.layoutRowUnmatched,
                                    message: "有数字的行「\(scan.leading.map(\.raw).joined(separator: " › "))」未能对应到格式中的任何一行",
                                    cells: [source(scan, column: scan.leading.last?.column ?? 0)]))
        }
        return chosen.values.sorted { $0.scan < $1.scan }
    }


    /// A label without the explanation in brackets at its end, if it has one: `规章(设区的市…)` → `规章`.
    static func withoutNote(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, last == ")" || last == "）" else { return nil }
        guard let open = trimmed.lastIndex(where: { $0 == "(" || $0 == "（" }), open > trimmed.startIndex else { return nil }
        let bare = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        return bare.isEmpty ? nil : bare
    }

    /// A leaf that equals a parent label (`（六）其他处理` alone on its row) stands for that group's last row.
    func parentMatch(_ leaf: NormalisedLabel, scan: Int, rows: [LayoutRow]) -> RowMatch? {
        guard let key = index.groupParents[leaf.body], rows.contains(where: { $0.key == key }) else { return nil }
        return RowMatch(scan: scan, rowKey: key, score: 0.5, via: nil, fromParent: true)
    }

    func rowLabel(_ key: String) -> String {
        layout.tables.lazy.flatMap(\.rows).first { $0.key == key }?.path.joined(separator: " › ") ?? key
    }
}
