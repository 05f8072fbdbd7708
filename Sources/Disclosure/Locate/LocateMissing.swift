// What was not found: tables and rows the layout has and the source lacks, and pages that stop inside a table.
import Foundation
import Spreadsheet

extension LocateSession {
    mutating func reportMissing(matches: [RowMatch]) {
        // A text copy that stops inside the tables (a page cut short): the rows after the last one read are one
        // finding that says so, not dozens of unmatched rows, and their values stay blank rather than 0.
        let orderedRows = layout.tables.flatMap { table in table.rows.map { (table, $0) } }
        var truncatedFrom: Int?
        if endsInsideTables(matches), let last = orderedRows.lastIndex(where: { $0.1.valueKeys.contains { values[$0] != nil } }),
           last + 1 < orderedRows.count {
            truncatedFrom = last + 1
            let lost = orderedRows[(last + 1)...]
            let lostSections = Section.allCases.filter { section in
                let keys = orderedRows.filter { $0.0.section == section }.flatMap(\.1.valueKeys)
                return !keys.isEmpty && keys.allSatisfy { values[$0] == nil }
            }
            let tail = lostSections.isEmpty ? "" : "，「\(lostSections.map(\.heading).joined(separator: "」「"))」整张表没有读到"
            findings.append(Finding(.layoutTableTruncated,
                                    message: "文本在「\(orderedRows[last].1.path.joined(separator: " › "))」一行之后结束，表格不完整：其后 \(lost.count) 行没有数值\(tail)（按空白处理，不按 0 计）",
                                    keys: lost.flatMap(\.1.valueKeys)))
        }
        let lostKeys = Set(truncatedFrom.map { orderedRows[$0...].flatMap(\.1.valueKeys) } ?? [])
        if !lostKeys.isEmpty {
            findings.removeAll { $0.kind == .layoutTableMissing && !$0.keys.isEmpty && $0.keys.allSatisfy(lostKeys.contains) }
        }
        for section in Section.allCases {
            let tables = layout.tables.filter { $0.section == section }
            let keys = tables.flatMap { $0.rows.flatMap(\.valueKeys) }
            if keys.allSatisfy({ values[$0] == nil }) {
                if keys.allSatisfy(lostKeys.contains) { continue }
                if !findings.contains(where: { $0.kind == .layoutTableMissing && $0.keys.first.map(keys.contains) == true }) {
                    findings.append(Finding(.layoutTableMissing,
                                            message: "没有找到「\(section.heading)」的表格", keys: keys))
                }
                continue
            }
            // The siblings of a 2019-style single row that stands in for its group (layout.s3_single_other_row says so)
            // are not missing rows of their own.
            let standIns = Set(findings.filter { $0.kind == .layoutS3SingleOtherRow }.flatMap(\.keys))
            let standInGroups = tables.flatMap(\.rows).filter { standIns.contains($0.key) }.map { Array($0.path.dropLast()) }
            for table in tables {
                for row in table.rows where row.valueKeys.allSatisfy({ values[$0] == nil }) && !row.valueKeys.allSatisfy(lostKeys.contains)
                    && !standInGroups.contains(Array(row.path.dropLast())) {
                    findings.append(Finding(.layoutRowMissing,
                                            message: "没有找到「\(row.path.joined(separator: " › "))」这一行", keys: row.valueKeys))
                }
            }
        }
    }

    /// Whether a report text ends on a table row: the last row read is the last row of the last table, and no
    /// narrative follows it.
    func endsInsideTables(_ matches: [RowMatch]) -> Bool {
        guard workbook.format == .text, let lastScan = matches.map(\.scan).max() else { return false }
        let scan = scans[lastScan]
        guard scan.sheet == workbook.sheets.count - 1 else { return false }
        let grid = workbook.sheets[scan.sheet].grid
        // Header rows of a table that had begun (texts, no values) may follow.
        guard !grid.nonBlankRows.contains(where: { row in
            row > scan.row && grid.columnCells(inRow: row).contains { if case .value = RowScan.classify($0.cell) { return true } else { return false } }
        }) else { return false }
        let line = grid.origin(ofRow: scan.row)?.line ?? 0
        // A page's footer (主办、技术支持、备案号) may follow a cut-off article; the report's own text after its tables
        // — a numbered heading (五、…) or a sentence — means the tables ended where the report meant them to.
        return !workbook.narrative.contains { entry in
            entry.line > line && (entry.text.contains("。") || Self.startsWithSectionNumber(entry.text))
        }
    }

    /// 「五、存在的主要问题…」: a first-level heading of the report.
    static func startsWithSectionNumber(_ text: String) -> Bool {
        let characters = Array(text.trimmingCharacters(in: .whitespaces).prefix(3))
        guard characters.count >= 2 else { return false }
        return "一二三四五六七八九十".contains(characters[0]) && (characters[1] == "、" || characters[1] == "．" || characters[1] == ".")
    }
}
