// Lays out the official form of a layout as a worksheet — blank (a template) or filled with a report.
import Foundation
import Spreadsheet

/// Builds the official form from the layout description alone: title, 填报单位 line, sections 二 三 四 with
/// their merged headers, input cells unlocked with validation, totals as formulas with cached values.
public struct FormWriter {
    public let layout: Layout
    public var agency: String?
    public var year: Int?

    public init(layout: Layout, agency: String? = nil, year: Int? = nil) {
        self.layout = layout
        self.agency = agency
        self.year = year
    }

    /// Where each canonical key sits in the form, and the finished sheet.
    public struct Form {
        public var sheet: WorksheetDocument
        public var cells: [String: CellRef]
    }

    static let labelColumns = 3
    static let titleFont = Font(name: "黑体", size: 18, bold: true)
    static let headingFont = Font(name: "黑体", size: 12, bold: true)
    static let bodyFont = Font(name: "宋体", size: 10.5)

    public static let header = CellStyle(font: bodyFont, border: true, horizontal: .center, wrap: true)
    public static let label = CellStyle(font: bodyFont, border: true, horizontal: .left, wrap: true)
    public static let total = CellStyle(font: Font(name: "宋体", size: 10.5, bold: true), border: true, horizontal: .center, fill: "FFF2F2F2", numberFormat: "0")

    static func input(_ kind: ValueKind) -> CellStyle {
        CellStyle(font: bodyFont, border: true, horizontal: .center, numberFormat: kind == .money ? "0.0000" : "0", locked: false)
    }

    /// The form with `report`'s values (nil for a blank template). Missing values stay blank.
    public func form(_ report: Report? = nil, sheetName: String = "年报") -> Form {
        var sheet = WorksheetDocument(name: sheetName)
        var cells: [String: CellRef] = [:]
        let s3 = layout.tables.first { $0.section == .s3 }
        let s4 = layout.tables.first { $0.section == .s4 }
        let width = max(Self.labelColumns + (s3?.columns.count ?? 7), s4?.columns.count ?? 15)
        let last = width - 1
        var row = 0
        func span(_ first: Int, _ lastColumn: Int, rows: Int = 1) -> CellRange {
            CellRange(first: CellRef(row: row, column: first), last: CellRef(row: row + rows - 1, column: lastColumn))
        }
        let agencyText = agency ?? report?.agency
        let yearText = (year ?? report?.year).map(String.init) ?? "____"
        sheet.merge(span(0, last), WriterCell(.text("\(agencyText ?? "")\(yearText)年度政府信息公开工作年度报告"),
                                              style: CellStyle(font: Self.titleFont, horizontal: .center)))
        sheet.rowHeights[row] = 36
        row += 1
        let split = width / 2 + 1
        sheet.merge(span(0, split - 1), WriterCell(.text("填报单位：\(agencyText ?? "")"), style: CellStyle(font: Self.bodyFont)))
        sheet.merge(span(split, last), WriterCell(.text("联系人：          电话：          填报日期：    年  月  日"), style: CellStyle(font: Self.bodyFont)))
        row += 1
        var printedSections = Set<Section>()
        for table in layout.tables {
            if !printedSections.contains(table.section) {
                if row > 2 { row += 1 }
                sheet.merge(span(0, last), WriterCell(.text(table.section.heading), style: CellStyle(font: Self.headingFont)))
                sheet.rowHeights[row] = 24
                row += 1
                printedSections.insert(table.section)
            }
            switch table.section {
            case .s2: layoutSection2(table, sheet: &sheet, cells: &cells, row: &row, valueWidth: (s3?.columns.count ?? 7))
            case .s3: layoutSection3(table, sheet: &sheet, cells: &cells, row: &row)
            case .s4: layoutSection4(table, sheet: &sheet, cells: &cells, row: &row)
            }
        }
        fillValues(report, sheet: &sheet, cells: cells)
        addValidation(&sheet, cells: cells)
        sheet.columnWidths = [0: 10, 1: 14, 2: 36]
        for column in Self.labelColumns..<width { sheet.columnWidths[column] = 9.5 }
        sheet.protected = true
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        return Form(sheet: sheet, cells: cells)
    }

    // MARK: sections

    /// Splits `total` columns among `parts` as evenly as the form does (7 over 3 → 2, 2, 3).
    static func widths(_ parts: Int, total: Int) -> [Int] {
        guard parts > 0 else { return [] }
        var result = Array(repeating: total / parts, count: parts)
        for index in 0..<(total % parts) { result[parts - 1 - index] += 1 }
        return result
    }

    private func layoutSection2(_ table: LayoutTable, sheet: inout WorksheetDocument, cells: inout [String: CellRef], row: inout Int, valueWidth: Int) {
        let labelLast = Self.labelColumns - 1
        let last = Self.labelColumns + valueWidth - 1
        if let caption = table.caption {
            sheet.merge(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: last)),
                        WriterCell(.text(caption), style: Self.label))
            row += 1
        }
        let widths = Self.widths(table.columns.count, total: valueWidth)
        var starts: [Int] = []
        var start = Self.labelColumns
        for width in widths { starts.append(start); start += width }
        sheet.merge(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: labelLast)),
                    WriterCell(.text(table.cornerLabel ?? ""), style: Self.header))
        for (index, column) in table.columns.enumerated() {
            sheet.merge(CellRange(first: CellRef(row: row, column: starts[index]), last: CellRef(row: row, column: starts[index] + widths[index] - 1)),
                        WriterCell(.text(column.label), style: Self.header))
        }
        sheet.rowHeights[row] = 30
        row += 1
        for layoutRow in table.rows {
            sheet.merge(CellRange(first: CellRef(row: row, column: 0), last: CellRef(row: row, column: labelLast)),
                        WriterCell(.text(layoutRow.label), style: Self.label))
            for (index, column) in layoutRow.columns.enumerated() {
                let position = table.columns.firstIndex { $0.key == column.key } ?? index
                let range = CellRange(first: CellRef(row: row, column: starts[position]), last: CellRef(row: row, column: starts[position] + widths[position] - 1))
                sheet.merge(range, WriterCell(.empty, style: Self.input(column.kind)))
                cells["\(layoutRow.key).\(column.key)"] = range.first
            }
            row += 1
        }
    }

    private func layoutSection3(_ table: LayoutTable, sheet: inout WorksheetDocument, cells: inout [String: CellRef], row: inout Int) {
        let first = Self.labelColumns
        let columns = table.columns
        let lastColumn = first + columns.count - 1
        func range(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> CellRange {
            CellRange(first: CellRef(row: r0, column: c0), last: CellRef(row: r1, column: c1))
        }
        // Three header rows: the note; the spanning heading; ungrouped columns down two rows, groups over their columns.
        sheet.merge(range(row, 0, row + 2, first - 1), WriterCell(.text(table.cornerLabel ?? ""), style: Self.header))
        let spanned = table.spanningHeader != nil ? columns.count - 1 : columns.count
        if let heading = table.spanningHeader {
            sheet.merge(range(row, first, row, first + spanned - 1), WriterCell(.text(heading), style: Self.header))
            sheet.merge(range(row, lastColumn, row + 2, lastColumn), WriterCell(.text(columns[columns.count - 1].label), style: Self.header))
        }
        var index = 0
        while index < spanned {
            let column = columns[index]
            if let group = column.group {
                var end = index
                while end + 1 < spanned, columns[end + 1].group == group { end += 1 }
                sheet.merge(range(row + 1, first + index, row + 1, first + end), WriterCell(.text(group), style: Self.header))
                for inner in index...end {
                    sheet.merge(range(row + 2, first + inner, row + 2, first + inner), WriterCell(.text(columns[inner].label), style: Self.header))
                }
                index = end + 1
            } else {
                sheet.merge(range(row + 1, first + index, row + 2, first + index), WriterCell(.text(column.label), style: Self.header))
                index += 1
            }
        }
        sheet.rowHeights[row] = 30
        row += 3
        // Data rows: parents merged down the rows they head; the row's own label fills the remaining label columns.
        let top = row
        for (offset, layoutRow) in table.rows.enumerated() {
            let r = top + offset
            let path = layoutRow.path
            for (level, text) in path.enumerated() {
                let isOwn = level == path.count - 1
                let c0 = level
                let c1 = isOwn ? first - 1 : level
                let sameParentBefore = offset > 0 && !isOwn && Array(table.rows[offset - 1].path.prefix(level + 1)) == Array(path.prefix(level + 1))
                    && table.rows[offset - 1].path.count > level + 1
                if sameParentBefore { continue }
                var r1 = r
                if !isOwn {
                    while r1 - top + 1 < table.rows.count, Array(table.rows[r1 - top + 1].path.prefix(level + 1)) == Array(path.prefix(level + 1)),
                          table.rows[r1 - top + 1].path.count > level + 1 { r1 += 1 }
                }
                sheet.merge(range(r, c0, r1, c1), WriterCell(.text(text), style: Self.label))
            }
            for (index, column) in layoutRow.columns.enumerated() {
                let ref = CellRef(row: r, column: first + index)
                sheet.cells[ref] = WriterCell(.empty, style: Self.input(column.kind))
                cells["\(layoutRow.key).\(column.key)"] = ref
            }
        }
        row = top + table.rows.count
    }

    private func layoutSection4(_ table: LayoutTable, sheet: inout WorksheetDocument, cells: inout [String: CellRef], row: inout Int) {
        func range(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> CellRange {
            CellRange(first: CellRef(row: r0, column: c0), last: CellRef(row: r1, column: c1))
        }
        var column = 0
        var parentsDone = Set<String>()
        for group in table.rows {
            let count = group.columns.count
            if let parent = table.groupParents[group.label] {
                if !parentsDone.contains(parent) {
                    let members = table.rows.filter { table.groupParents[$0.label] == parent }.reduce(0) { $0 + $1.columns.count }
                    sheet.merge(range(row, column, row, column + members - 1), WriterCell(.text(parent), style: Self.header))
                    parentsDone.insert(parent)
                }
                sheet.merge(range(row + 1, column, row + 1, column + count - 1), WriterCell(.text(group.label), style: Self.header))
                for (offset, sub) in group.columns.enumerated() {
                    sheet.merge(range(row + 2, column + offset, row + 2, column + offset), WriterCell(.text(sub.label), style: Self.header))
                }
            } else {
                sheet.merge(range(row, column, row, column + count - 1), WriterCell(.text(group.label), style: Self.header))
                for (offset, sub) in group.columns.enumerated() {
                    sheet.merge(range(row + 1, column + offset, row + 2, column + offset), WriterCell(.text(sub.label), style: Self.header))
                }
            }
            column += count
        }
        sheet.rowHeights[row + 2] = 30
        row += 3
        column = 0
        for group in table.rows {
            for sub in group.columns {
                let ref = CellRef(row: row, column: column)
                sheet.cells[ref] = WriterCell(.empty, style: Self.input(sub.kind))
                cells["\(group.key).\(sub.key)"] = ref
                column += 1
            }
        }
        row += 1
    }

    // MARK: values and totals

    /// Keys the layout defines as a sum (an identity with one key on its left), with their addends.
    var definitions: [String: [String]] {
        var result: [String: [String]] = [:]
        for identity in layout.identities {
            for instance in identity.instances where instance.lhs.count == 1 && result[instance.lhs[0]] == nil {
                result[instance.lhs[0]] = instance.rhs
            }
        }
        return result
    }

    private func fillValues(_ report: Report?, sheet: inout WorksheetDocument, cells: [String: CellRef]) {
        let kinds = layout.kinds
        for key in layout.valueKeys {
            guard let ref = cells[key], let value = report?.values[key] else { continue }
            sheet.cells[ref]?.value = Self.cellValue(value, kind: kinds[key] ?? .count)
        }
        for (key, addends) in definitions {
            guard let ref = cells[key] else { continue }
            let refs = addends.compactMap { cells[$0] }
            let sum = addends.reduce(Decimal(0)) { $0 + (report?.values[$1] ?? 0) }
            if let report, report.values[key] != sum {
                // A reported total that disagrees with its parts is kept as reported: the finding must stay visible.
                if report.values[key] == nil { continue }
                sheet.cells[ref]?.style = Self.total
                continue
            }
            sheet.cells[ref] = WriterCell(Self.cellValue(sum, kind: kinds[key] ?? .count), formula: Self.sumFormula(refs), style: Self.total)
        }
    }

    static func cellValue(_ value: Decimal, kind: ValueKind) -> CellValue {
        // Both operands are exact doubles, so the division is the correctly rounded value of the text.
        if let scaled = ScaledDecimal.scaled(value) {
            return .number(Double(scaled) / Double(ScaledDecimal.scale), source: ScaledDecimal.text(scaled))
        }
        let text = Normaliser.format(value)
        return .number(Double(text) ?? 0, source: text)
    }

    /// `SUM(D25:I25)` for a contiguous run, else `SUM(D25,D27,…)` (runs joined by commas).
    static func sumFormula(_ refs: [CellRef]) -> String {
        var parts: [String] = []
        var index = 0
        while index < refs.count {
            var end = index
            if index + 1 < refs.count {
                let horizontal = refs[index + 1].row == refs[index].row
                func adjacent(_ a: CellRef, _ b: CellRef) -> Bool {
                    horizontal ? (b.row == a.row && b.column == a.column + 1) : (b.column == a.column && b.row == a.row + 1)
                }
                while end + 1 < refs.count, adjacent(refs[end], refs[end + 1]) { end += 1 }
            }
            parts.append(end > index ? "\(refs[index].a1):\(refs[end].a1)" : refs[index].a1)
            index = end + 1
        }
        return "SUM(\(parts.joined(separator: ",")))"
    }

    private func addValidation(_ sheet: inout WorksheetDocument, cells: [String: CellRef]) {
        let kinds = layout.kinds
        let defined = Set(definitions.keys)
        var byKind: [ValueKind: [CellRange]] = [:]
        for key in layout.valueKeys where !defined.contains(key) {
            guard let ref = cells[key] else { continue }
            byKind[kinds[key] ?? .count, default: []].append(CellRange(first: ref, last: ref))
        }
        if let ranges = byKind[.count] {
            sheet.validations.append(DataValidation(kind: .whole, minimum: "0", ranges: ranges, errorTitle: "请填写件数",
                                                    error: "此处应填写不小于 0 的整数（件数）。没有发生请填 0。"))
        }
        if let ranges = byKind[.signedCount] {
            sheet.validations.append(DataValidation(kind: .whole, minimum: nil, ranges: ranges, errorTitle: "请填写整数",
                                                    error: "此处应填写整数，减少填负数。"))
        }
        if let ranges = byKind[.money] {
            sheet.validations.append(DataValidation(kind: .decimal, minimum: "0", ranges: ranges, errorTitle: "请填写金额",
                                                    error: "此处应填写不小于 0 的金额，单位为万元，最多 4 位小数。"))
        }
    }

    // MARK: workbooks

    /// The instruction sheet, from the layout's notes.
    public func instructions() -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "填报说明")
        sheet["A1"] = WriterCell(.text("填报说明（\(layout.name)）"), style: CellStyle(font: Self.headingFont))
        for (index, note) in layout.notes.enumerated() {
            sheet.cells[CellRef(row: index + 2, column: 0)] = WriterCell(.text("\(index + 1). \(note)"), style: CellStyle(font: Self.bodyFont, wrap: true))
        }
        sheet.columnWidths = [0: 100]
        return sheet
    }

    /// A sheet listing findings: severity, code, message, cells; with `sources`, a first column naming the
    /// file each finding belongs to (same order as `findings`).
    public static func findingsSheet(_ findings: [Finding], name: String = "问题清单", sources: [String]? = nil) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: name)
        var headers = ["级别", "代码", "说明", "单元格"]
        if sources != nil { headers.insert("文件", at: 0) }
        for (column, text) in headers.enumerated() {
            sheet.cells[CellRef(row: 0, column: column)] = WriterCell(.text(text), style: header)
        }
        for (index, finding) in findings.enumerated() {
            var texts = [finding.severity.chinese, finding.code, finding.message, finding.placedCells.map(\.description).joined(separator: " ")]
            if let sources { texts.insert(sources[index], at: 0) }
            for (column, text) in texts.enumerated() {
                sheet.cells[CellRef(row: index + 1, column: column)] = WriterCell(.text(text), style: label)
            }
        }
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        return sheet
    }

    /// The blank template, or the filled form plus its findings, as a workbook.
    public func workbook(_ report: Report? = nil) -> WorkbookDocument {
        var sheets = [form(report).sheet]
        if let report {
            let shown = report.findings.filter { $0.severity != .info }
            if !shown.isEmpty { sheets.append(Self.findingsSheet(shown)) }
        } else {
            sheets.append(instructions())
        }
        let title = "\(agency ?? report?.agency ?? "")\((year ?? report?.year).map(String.init) ?? "")年度政府信息公开工作年度报告"
        return WorkbookDocument(sheets: sheets, properties: DocumentProperties(title: title))
    }

    /// The form as a CSV grid (labels and values in their cells).
    public func grid(_ report: Report? = nil) -> Grid {
        var grid = Grid()
        for (ref, cell) in form(report).sheet.cells where !cell.value.isEmpty {
            grid[ref] = Cell(cell.value)
        }
        return grid
    }
}
