// nianbao's county workbook read back as a report of its own kind: 汇总 is the report, 分单位明细 its members.
import Foundation
import Spreadsheet

/// Reads the county workbook `RollupWorkbook` writes (汇总 · 分单位明细 · 问题清单 · 说明): the 汇总 sheet is located
/// and checked as the county's report; each row of 分单位明细 is a member, checked as members are; nothing of the other
/// sheets is taken for a table row (no `layout.row_unmatched` for a 600-member county).
public enum CountyWorkbook {
    public static let detailSheet = "分单位明细"

    /// The workbook has nianbao's county sheets: 汇总 first, 分单位明细 beside it.
    public static func isCounty(_ workbook: Workbook) -> Bool {
        guard workbook.format == .xlsx, workbook.sheets.first?.name == Rollup.summarySheet else { return false }
        return workbook.sheets.contains { $0.name == detailSheet }
    }

    /// The county's report: 汇总 located, normalised and checked like any report, then each member of 分单位明细 checked
    /// (its identity failures carried as `【单位】…`), and the members' sum compared with 汇总 (`rollup.detail_mismatch`).
    /// Nil when the workbook is not a county workbook.
    public static func report(_ workbook: Workbook, options: ReadOptions = ReadOptions(), previous: Report? = nil) -> Report? {
        guard isCounty(workbook), let summary = workbook.sheets.first else { return nil }
        let own = Workbook(source: workbook.source, format: workbook.format, sheets: [summary])
        let located = Locator(choice: options.layout, agency: options.agency, year: options.year).locate(own)
        var report = Checker().check(Normaliser.normalise(located, strict: options.strict), previous: previous)
        let members = self.members(workbook, layout: report.layout, year: report.year)
        for member in members {
            for finding in Checker().identityFindings(member) {
                var carried = finding
                carried.message = "【\(member.agency ?? member.source)】" + finding.message
                report.findings.append(carried)
            }
        }
        if !members.isEmpty { report.findings += mismatches(report, members: members) }
        return report
    }

    /// The members of 分单位明细, one report per row (agency, file, values by the county layout's keys, cells in
    /// 分单位明细), or none when its headers are not the ones `RollupWorkbook` writes for `layout`.
    public static func members(_ workbook: Workbook, layout: Layout, year: Int?) -> [Report] {
        guard let sheet = workbook.sheets.first(where: { $0.name == detailSheet }) else { return [] }
        let grid = sheet.grid
        let keys = layout.valueKeys
        let headers = RollupWorkbook.detailHeaders(layout)
        let first = 3
        guard grid.columnCount >= first + keys.count else { return [] }
        for (offset, header) in headers.enumerated() {
            let top = grid[0, first + offset].value.text
            guard grid[1, first + offset].value.text == header.column, top.isEmpty || top == header.row else { return [] }
        }
        var members: [Report] = []
        for row in 2..<grid.rowCount {
            let agency = grid[row, 0].value.text
            if agency == "合计" && grid[row, 1].value.isEmpty { break }
            var values: [String: Decimal] = [:]
            var cells: [String: SourceCell] = [:]
            for (offset, key) in keys.enumerated() {
                let column = first + offset
                cells[key] = SourceCell(file: workbook.source, sheet: detailSheet, row: row, column: column)
                if let value = number(grid[row, column].value) { values[key] = value }
            }
            let file = grid[row, 1].value.text
            members.append(Report(source: file.isEmpty ? "\(detailSheet)!A\(row + 1)" : file, layout: layout,
                                  agency: agency.isEmpty ? nil : agency, year: year, values: values, cells: cells))
        }
        return members
    }

    /// A cell's number, exactly as written (`12`, `0.0125`).
    static func number(_ value: CellValue) -> Decimal? {
        guard case .number(let double, let source) = value else { return nil }
        return Decimal(string: source) ?? Decimal(string: "\(double)")
    }

    /// 汇总's values against the sum of 分单位明细's rows, per key.
    static func mismatches(_ report: Report, members: [Report]) -> [Finding] {
        var findings: [Finding] = []
        for key in report.layout.valueKeys {
            var sum = DecimalSum()
            var any = false
            for member in members { if let value = member.values[key] { sum.add(value); any = true } }
            guard any || report.values[key] != nil, report.number(key) != sum.total else { continue }
            let place = report.cells[key]?.reference ?? key
            findings.append(Finding(.rollupDetailMismatch,
                                    message: "汇总表 \(place) 为 \(Normaliser.format(report.number(key)))，分单位明细各单位之和为 \(Normaliser.format(sum.total))，相差 \(Normaliser.format(report.number(key) - sum.total))",
                                    keys: [key], cells: [report.cells[key]], expected: sum.total, actual: report.number(key)))
        }
        return findings
    }
}
