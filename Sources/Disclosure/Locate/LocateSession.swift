// The mutable work of locating one workbook under one layout: rows first, then columns, values, section 四, gaps.
import Foundation
import Spreadsheet

/// The mutable work of locating one workbook under one layout.
struct LocateSession {
    let workbook: Workbook
    let layout: Layout
    let scans: [RowScan]
    var values: KeyedSlots<LocatedValue>
    var findings: [Finding] = []

    /// Every label of the layout, normalised once.
    let index: LabelIndex
    var headerBodies: Set<String> { index.headerBodies }

    init(workbook: Workbook, layout: Layout, scans: [RowScan]) {
        self.workbook = workbook
        self.layout = layout
        self.scans = scans
        values = KeyedSlots(layout.keys)
        index = LabelIndex.of(layout)
    }

    struct RowMatch {
        var scan: Int
        var rowKey: String
        var score: Double
        var via: String?
        var fromParent: Bool
    }

    mutating func run() {
        let labelled = layout.tables.filter { !$0.isSingleRow }
        let matches = matchRows(labelled)
        var used = Set<Int>()
        for table in labelled {
            let tableMatches = matches.filter { match in table.rows.contains { $0.key == match.rowKey } }
            if tableMatches.isEmpty {
                continue
            }
            let positions = columnPositions(for: table, firstDataScan: tableMatches.map(\.scan).min()!)
            let rows = tableMatches.compactMap { match in
                table.rows.first { $0.key == match.rowKey }.map { (row: $0, scan: scans[match.scan]) }
            }
            let (plan, assumed) = columnPlan(for: table, positions: positions, rows: rows)
            for match in tableMatches { used.insert(match.scan) }
            for (row, scan) in rows { extract(row: row, scan: scan, plan: plan) }
            if let assumed {
                // Every value read under the assumption, with the cell it was read from.
                let keys = rows.flatMap(\.row.valueKeys).filter { values[$0] != nil }
                findings.append(Finding(.layoutColumnsAssumed, message: assumed, keys: keys, cells: keys.map { values[$0]?.source }))
            }
        }
        locateSingleRowTables(excluding: used)
        reportMissing(matches: matches)
    }
}
