// Lays out the official form of a layout as a worksheet — blank (a template) or filled with a report.
import Foundation
import Spreadsheet

/// Builds the official form from the layout description alone: title, 填报单位 line, sections 二 三 四 with
/// their merged headers, input cells unlocked with validation, totals as formulas with cached values.
public struct FormWriter {
    public let layout: Layout
    public var agency: String?
    public var year: Int?

    /// Where everything sits in the form.
    public let geometry: FormGeometry

    public init(layout: Layout, agency: String? = nil, year: Int? = nil) {
        self.layout = layout
        geometry = FormGeometry(layout: layout)
        self.agency = agency
        self.year = year
    }

    /// Where each canonical key sits in the form, and the finished sheet.
    public struct Form {
        public var sheet: WorksheetDocument
        public var cells: [String: CellRef]
    }

    static var labelColumns: Int { FormGeometry.labelColumns }
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
        let agencyText = agency ?? report?.agency
        let yearText = (year ?? report?.year).map(String.init) ?? "____"
        for place in geometry.places {
            switch place.role {
            case .title:
                sheet.merge(place.range, WriterCell(.text("\(agencyText ?? "")\(yearText)年度政府信息公开工作年度报告"),
                                                    style: CellStyle(font: Self.titleFont, horizontal: .center)))
            case .filledBy: sheet.merge(place.range, WriterCell(.text("填报单位：\(agencyText ?? "")"), style: CellStyle(font: Self.bodyFont)))
            case .contact: sheet.merge(place.range, WriterCell(.text(place.text), style: CellStyle(font: Self.bodyFont)))
            case .heading: sheet.merge(place.range, WriterCell(.text(place.text), style: CellStyle(font: Self.headingFont)))
            case .header: sheet.merge(place.range, WriterCell(.text(place.text), style: Self.header))
            case .label: sheet.merge(place.range, WriterCell(.text(place.text), style: Self.label))
            case .input(_, let kind): sheet.merge(place.range, WriterCell(.empty, style: Self.input(kind)))
            }
        }
        sheet.rowHeights = geometry.rowHeights
        let cells = geometry.cells
        let width = geometry.width
        fillValues(report, sheet: &sheet, cells: cells)
        addValidation(&sheet, cells: cells)
        sheet.columnWidths = [0: 10, 1: 14, 2: 36]
        for column in Self.labelColumns..<width { sheet.columnWidths[column] = 9.5 }
        sheet.protected = true
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        return Form(sheet: sheet, cells: cells)
    }

    // MARK: values and totals

    /// Keys the layout defines as a sum, with their addends.
    var definitions: [String: [String]] { geometry.definitions }

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
