// The county workbook of a rollup: 汇总, 分单位明细, 问题清单, 说明.
import Foundation
import Spreadsheet

/// The county workbook of a rollup (汇总 · 分单位明细 · 问题清单 · 说明) and its JSON.
public enum RollupWorkbook {
    /// The county workbook as XLSX bytes. The wide 分单位明细 sheet (one row per member) is streamed.
    public static func bytes(_ result: RollupResult, level: Int = 6) throws -> [UInt8] {
        let aggregate = result.aggregate
        let form = FormWriter(layout: aggregate.layout, agency: aggregate.agency, year: aggregate.year)
        let title = "\(aggregate.agency ?? "")\(aggregate.year.map(String.init) ?? "")年度政府信息公开工作年度报告（汇总）"
        return try XLSXWriter.bytes(level: level, properties: DocumentProperties(title: title)) { writer in
            try writer.addSheet(form.form(aggregate, sheetName: Rollup.summarySheet).sheet)
            try writeDetail(result, to: writer)
            try writer.addSheet(problems(result))
            try writer.addSheet(notes(result))
        }
    }

    /// One row per included member, one column per canonical key, and a total row of SUM formulas.
    static func writeDetail(_ result: RollupResult, to writer: XLSXWriter) throws {
        let layout = result.aggregate.layout
        let keys = layout.valueKeys
        let kinds = keys.map { layout.kinds[$0] ?? .count }
        let head = ["单位", "文件", "格式"]
        var options = SheetOptions(name: "分单位明细")
        options.frozen = CellRef(row: 1, column: 1)
        options.columnWidths = [0: 16, 1: 30, 2: 6]
        for offset in keys.indices { options.columnWidths[head.count + offset] = 12 }
        options.page = PageSetup(landscape: true, fitToWidth: false, repeatRows: 0...0)
        let valueStyle = CellStyle(border: true)
        try writer.addSheet(options) { rows in
            try rows.row(0, (head + keys).enumerated().map { ($0.offset, WriterCell(.text($0.element), style: FormWriter.header)) })
            var labels: [(column: Int, cell: WriterCell)] = []
            var numbers: [Double?] = []
            for (index, (member, values)) in zip(result.included, result.includedValues).enumerated() {
                labels = [member.agency ?? "", member.source, member.layout.id].enumerated().map { column, text in
                    (column, WriterCell(.text(text), style: FormWriter.label))
                }
                // Values with at most four decimals (all the form allows) print as their text from a double; anything
                // else keeps the text the form writer gives it.
                numbers.removeAll(keepingCapacity: true)
                var plain = true
                for value in values {
                    guard let value else { numbers.append(nil); continue }
                    guard let scaled = ScaledDecimal.scaled(value) else { plain = false; break }
                    numbers.append(Double(scaled) / Double(ScaledDecimal.scale))
                }
                if plain {
                    try rows.row(index + 1, labels, numbers: numbers, from: head.count, style: valueStyle)
                } else {
                    let cells = labels + values.enumerated().map { offset, value in
                        (head.count + offset, WriterCell(value.map { FormWriter.cellValue($0, kind: kinds[offset]) } ?? .empty, style: valueStyle))
                    }
                    try rows.row(index + 1, cells)
                }
            }
            var cells: [(column: Int, cell: WriterCell)] = []
            let totalRow = result.included.count + 1
            cells.removeAll(keepingCapacity: true)
            cells.append((0, WriterCell(.text("合计"), style: FormWriter.total)))
            for (offset, key) in keys.enumerated() {
                let column = head.count + offset
                let formula = result.included.isEmpty ? nil
                    : "SUM(\(CellRef(row: 1, column: column).a1):\(CellRef(row: totalRow - 1, column: column).a1))"
                cells.append((column, WriterCell(FormWriter.cellValue(result.aggregate.values[key] ?? 0, kind: kinds[offset]),
                                                 formula: formula, style: FormWriter.total)))
            }
            try rows.row(totalRow, cells)
        }
    }

    /// Every finding of every member, then the rollup's own.
    static func problems(_ result: RollupResult) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "问题清单")
        let headers = ["单位", "文件", "级别", "代码", "说明", "单元格"]
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: FormWriter.header)
        }
        var row = 1
        func add(_ member: String, _ file: String, _ finding: Finding) {
            let texts = [member, file, finding.severity.chinese, finding.code, finding.message, finding.placedCells.map(\.description).joined(separator: " ")]
            for (column, text) in texts.enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell(.text(text), style: FormWriter.label)
            }
            row += 1
        }
        for member in result.members {
            for finding in member.findings where finding.severity != .info { add(member.agency ?? "", member.source, finding) }
        }
        for entry in result.unreadable {
            add("", entry.path, Finding(code: "rollup.member_unreadable", severity: .error, message: entry.error))
        }
        for finding in result.aggregate.findings where finding.code.hasPrefix("rollup.") || finding.message.hasPrefix("【汇总】") {
            if finding.code == "rollup.member_unreadable" { continue }
            add(result.aggregate.agency ?? "", Rollup.summarySheet, finding)
        }
        sheet.columnWidths = [0: 14, 1: 28, 2: 6, 3: 26, 4: 80, 5: 24]
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        return sheet
    }

    /// Which files went in, which were left out and why, and the layout of each.
    static func notes(_ result: RollupResult) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "说明")
        let headers = ["文件", "单位", "年度", "格式", "是否汇总", "原因", "错误数", "警告数"]
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: FormWriter.header)
        }
        var row = 1
        let excluded = Dictionary(result.excluded.map { ($0.report.source, $0.reason) }, uniquingKeysWith: { first, _ in first })
        for member in result.members {
            let reason = excluded[member.source]
            let texts: [CellValue] = [.text(member.source), .text(member.agency ?? ""), member.year.map { .number(Double($0)) } ?? .empty,
                                      .text(member.layout.id), .text(reason == nil ? "是" : "否"), .text(reason ?? ""),
                                      .number(Double(member.errorCount)), .number(Double(member.warningCount))]
            for (column, value) in texts.enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell(value, style: FormWriter.label)
            }
            row += 1
        }
        for entry in result.unreadable {
            for (column, text) in [entry.path, "", "", "", "否", "无法读取：\(entry.error)"].enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell(.text(text), style: FormWriter.label)
            }
            row += 1
        }
        sheet.columnWidths = [0: 36, 1: 16, 2: 8, 3: 8, 4: 8, 5: 60, 6: 8, 7: 8]
        return sheet
    }

    /// The DESIGN.md object of the aggregate plus `members`.
    public static func json(_ result: RollupResult) -> JSONValue {
        guard case .object(var fields) = ReportJSON.object(result.aggregate) else { return .null }
        fields.append(("members", .array(result.members.map(ReportJSON.object))))
        return .object(fields)
    }
}
