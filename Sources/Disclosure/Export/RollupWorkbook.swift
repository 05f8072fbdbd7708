// The county workbook of a rollup: 汇总, 分单位明细, 问题清单, 说明.
import Foundation
import Spreadsheet

/// The county workbook of a rollup (汇总 · 分单位明细 · 问题清单 · 说明) and its JSON.
public enum RollupWorkbook {
    /// The county workbook as XLSX bytes. The wide 分单位明细 sheet (one row per member) is streamed.
    public static func bytes(_ result: RollupResult) throws -> [UInt8] {
        let aggregate = result.aggregate
        let form = FormWriter(layout: aggregate.layout, agency: aggregate.agency, year: aggregate.year)
        let title = "\(aggregate.agency ?? "")\(aggregate.year.map(String.init) ?? "")年度政府信息公开工作年度报告（汇总）"
        return try XLSXWriter.bytes(properties: DocumentProperties(title: title)) { writer in
            try writer.addSheet(summary(result, form: form))
            try writeDetail(result, to: writer)
            try writer.addSheet(problems(result))
            try writer.addSheet(notes(result))
        }
    }

    /// The county form; when it does not balance, a red note row above it says so and names the members it comes from.
    static func summary(_ result: RollupResult, form: FormWriter) -> WorksheetDocument {
        var sheet = form.form(result.aggregate, sheetName: Rollup.summarySheet).sheet
        guard let note = result.note else { return sheet }
        sheet = PrintLayout.shiftedDown(sheet, by: result.summaryOffset)
        let width = form.geometry.width
        sheet.merge(CellRange(first: CellRef(row: 0, column: 0), last: CellRef(row: 0, column: width - 1)),
                    WriterCell.fitting(note, style: PrintLayout.noteStyle))
        var widths = sheet.columnWidths
        for column in 0..<width where widths[column] == nil { widths[column] = 9.5 }
        PrintLayout.fitRows(&sheet, widths: widths)
        return sheet
    }

    /// The two header rows of 分单位明细 for each value key, as the form labels it: the section's table and row
    /// (merged across that row's columns), then the column (with its group in section 四). Keys stay in the JSON.
    static func detailHeaders(_ layout: Layout) -> [(row: String, column: String)] {
        var headers: [(row: String, column: String)] = []
        for table in layout.tables {
            for row in table.rows {
                let rowLabel = ([table.caption].compactMap { $0 } + row.path).joined(separator: " ")
                for column in row.columns {
                    headers.append((rowLabel, [column.group, column.label].compactMap { $0 }.joined(separator: " · ")))
                }
            }
        }
        return headers
    }

    /// Two header rows, one row per included member, one column per value key, and a total row of SUM formulas.
    static func writeDetail(_ result: RollupResult, to writer: XLSXWriter) throws {
        let layout = result.aggregate.layout
        let keys = layout.valueKeys
        let kinds = keys.map { layout.kinds[$0] ?? .count }
        let head = ["单位", "文件", "格式"]
        let headers = detailHeaders(layout)
        let firstRow = 2
        var options = SheetOptions(name: "分单位明细")
        options.frozen = CellRef(row: firstRow, column: 1)
        options.columnWidths = [0: 16, 1: 30, 2: 6]
        for offset in keys.indices { options.columnWidths[head.count + offset] = 12 }
        options.rowHeights = [0: 60, 1: 30]
        options.page = PageSetup(landscape: true, fitToWidth: false, repeatRows: 0...1)
        for column in head.indices { options.merged.append(CellRange(first: CellRef(row: 0, column: column), last: CellRef(row: 1, column: column))) }
        var start = 0
        for offset in headers.indices where offset + 1 == headers.count || headers[offset + 1].row != headers[start].row {
            if offset > start {
                options.merged.append(CellRange(first: CellRef(row: 0, column: head.count + start), last: CellRef(row: 0, column: head.count + offset)))
            }
            start = offset + 1
        }
        let valueStyle = CellStyle(border: true)
        try writer.addSheet(options) { rows in
            let headerCell = { (text: String) in WriterCell(.text(text), style: FormWriter.header) }
            try rows.row(0, head.enumerated().map { ($0.offset, headerCell($0.element)) }
                + headers.enumerated().map { (head.count + $0.offset, headerCell($0.element.row)) })
            try rows.row(1, head.indices.map { ($0, headerCell("")) }
                + headers.enumerated().map { (head.count + $0.offset, headerCell($0.element.column)) })
            var labels: [(column: Int, cell: WriterCell)] = []
            var numbers: [Double?] = []
            for (index, (member, values)) in zip(result.included, result.includedValues).enumerated() {
                labels = [member.agency ?? "", Rollup.fileName(member.source), member.layout.id].enumerated().map { column, text in
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
                    try rows.row(firstRow + index, labels, numbers: numbers, from: head.count, style: valueStyle)
                } else {
                    let cells = labels + values.enumerated().map { offset, value in
                        (head.count + offset, WriterCell(value.map { FormWriter.cellValue($0, kind: kinds[offset]) } ?? .empty, style: valueStyle))
                    }
                    try rows.row(firstRow + index, cells)
                }
            }
            var cells: [(column: Int, cell: WriterCell)] = []
            let totalRow = firstRow + result.included.count
            cells.removeAll(keepingCapacity: true)
            cells.append((0, WriterCell(.text("合计"), style: FormWriter.total)))
            for (offset, key) in keys.enumerated() {
                let column = head.count + offset
                let formula = result.included.isEmpty ? nil
                    : "SUM(\(CellRef(row: firstRow, column: column).a1):\(CellRef(row: totalRow - 1, column: column).a1))"
                cells.append((column, WriterCell(FormWriter.cellValue(result.aggregate.values[key] ?? 0, kind: kinds[offset]),
                                                 formula: formula, style: FormWriter.total)))
            }
            try rows.row(totalRow, cells)
        }
    }

    /// The county form's imbalance first (red), then every finding of every member, then the rollup's own.
    static func problems(_ result: RollupResult) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "问题清单")
        let headers = ["单位", "文件", "级别", "代码", "说明", "单元格"]
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: FormWriter.header)
        }
        var row = 1
        func add(_ member: String, _ file: String, _ finding: Finding, fill: String? = nil) {
            let texts = [member, Rollup.fileName(file), finding.severity.chinese, finding.code, finding.message, finding.placedCells.map(\.description).joined(separator: " ")]
            var style = FormWriter.label
            style.fill = fill
            for (column, text) in texts.enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell.fitting(text, style: style)
            }
            row += 1
        }
        let county = result.aggregate.agency ?? ""
        for finding in result.unbalanced { add(county, Rollup.summarySheet, finding, fill: PrintLayout.errorFill) }
        for member in result.members {
            for finding in member.findings where finding.severity != .info { add(member.agency ?? "", member.source, finding) }
        }
        for entry in result.unreadable {
            add("", entry.path, Finding(.rollupMemberUnreadable, message: entry.error))
        }
        for finding in result.aggregate.findings where finding.kind.entry.stage == .rollup || finding.message.hasPrefix("【汇总】") {
            if finding.kind == .rollupMemberUnreadable || finding.kind == .rollupUnbalanced { continue }
            add(county, Rollup.summarySheet, finding)
        }
        sheet.columnWidths = [0: 12, 1: 24, 2: 6, 3: 22, 4: 70, 5: 16]
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths)
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
        let partial = Dictionary(result.partial.map { ($0.report.source, $0.reason) }, uniquingKeysWith: { first, _ in first })
        for member in result.members {
            let reason = excluded[member.source] ?? partial[member.source]
            let summed = excluded[member.source] != nil ? "否" : partial[member.source] != nil ? "部分" : "是"
            let texts: [CellValue] = [.text(Rollup.fileName(member.source)), .text(member.agency ?? ""), member.year.map { .number(Double($0)) } ?? .empty,
                                      .text(member.layout.id), .text(summed), .text(reason ?? ""),
                                      .number(Double(member.errorCount)), .number(Double(member.warningCount))]
            for (column, value) in texts.enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell(value, style: FormWriter.label)
            }
            row += 1
        }
        let others = result.unreadable.map { ($0.path, "无法读取：\($0.error)") } + result.skipped.map { ($0.path, "跳过：\($0.reason)") }
        for (path, reason) in others {
            for (column, text) in [Rollup.fileName(path), "", "", "", "否", reason].enumerated() {
                sheet.cells[CellRef(row: row, column: column)] = WriterCell.fitting(text, style: FormWriter.label)
            }
            row += 1
        }
        sheet.columnWidths = [0: 30, 1: 12, 2: 6, 3: 6, 4: 8, 5: 50, 6: 7, 7: 7]
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths)
        return sheet
    }

    /// The DESIGN.md object of the aggregate plus `members`, and every input that was not summed in full:
    /// `not_summed` (members left out or summed in part, with why), `unreadable` and `skipped` files.
    public static func json(_ result: RollupResult) -> JSONValue {
        guard case .object(var fields) = ReportJSON.object(result.aggregate) else { return .null }
        fields.append(("members", .array(result.members.map(ReportJSON.object))))
        let entry = { (file: String, key: String, text: String) in JSONValue.object([("file", .string(file)), (key, .string(text))]) }
        fields.append(("not_summed", .array(result.excluded.map { entry($0.report.source, "reason", $0.reason) }
            + result.partial.map { entry($0.report.source, "reason", $0.reason) })))
        fields.append(("unreadable", .array(result.unreadable.map { entry($0.path, "error", $0.error) })))
        fields.append(("skipped", .array(result.skipped.map { entry($0.path, "reason", $0.reason) })))
        fields.append(("balanced", .bool(result.balanced)))
        fields.append(("unbalanced_members", .array(result.contributors.map { .string($0) })))
        return .object(fields)
    }
}
