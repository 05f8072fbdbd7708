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
        geometry = FormCache.shared.geometry(layout)
        self.agency = agency
        self.year = year
    }

    /// The finished sheet (where each key sits is `geometry.cells`).
    public struct Form {
        public var sheet: WorksheetDocument
    }

    /// The form with `report`'s values (nil for a blank template). Missing values stay blank.
    public func form(_ report: Report? = nil, sheetName: String = "年报") -> Form {
        // Everything but the title, the 填报单位 line, the values and the marks is the same for every report of a layout.
        var sheet = FormCache.shared.blank(self)
        sheet.name = sheetName
        let agencyText = agency ?? report?.agency
        let yearText = (year ?? report?.year).map(String.init) ?? "____"
        for place in geometry.places {
            switch place.role {
            case .title:
                sheet.cells[place.range.first] = WriterCell(.text("\(agencyText ?? "")\(yearText)年度政府信息公开工作年度报告"),
                                                            style: CellStyle(font: Self.titleFont, horizontal: .center))
            case .filledBy:
                sheet.cells[place.range.first] = WriterCell(.text("填报单位：\(agencyText ?? "")"), style: CellStyle(font: Self.bodyFont))
            default: continue
            }
        }
        let cells = geometry.cells
        fillValues(report, sheet: &sheet, cells: cells)
        if let report { mark(report, sheet: &sheet, cells: cells) }
        return Form(sheet: sheet)
    }

    /// The form of the layout with no values, title or 填报单位 (what `FormCache` keeps per layout).
    func blankForm() -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "年报")
        for place in geometry.places {
            switch place.role {
            case .title: sheet.merge(place.range, WriterCell(.empty, style: CellStyle(font: Self.titleFont, horizontal: .center)))
            case .filledBy: sheet.merge(place.range, WriterCell(.empty, style: CellStyle(font: Self.bodyFont)))
            case .contact: sheet.merge(place.range, WriterCell(.text(place.text), style: CellStyle(font: Self.bodyFont)))
            case .heading: sheet.merge(place.range, WriterCell(.text(place.text), style: CellStyle(font: Self.headingFont)))
            case .header: sheet.merge(place.range, WriterCell(.text(place.text), style: Self.header))
            case .label: sheet.merge(place.range, WriterCell(.text(place.text), style: Self.label))
            case .input(_, let kind): sheet.merge(place.range, WriterCell(.empty, style: Self.input(kind)))
            }
        }
        sheet.rowHeights = geometry.rowHeights
        addValidation(&sheet, cells: geometry.cells)
        sheet.columnWidths = [0: 10, 1: 14, 2: 36]
        for column in Self.labelColumns..<geometry.width { sheet.columnWidths[column] = 9.5 }
        sheet.protected = true
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        // Printed like the official form: sections 三 and 四 each begin a page (三 whole on one), wrapped labels whole.
        sheet.rowBreaks = geometry.places.filter { $0.role == .heading && $0.range.first.row > 3 }.map(\.range.first.row)
        PrintLayout.fitRows(&sheet, widths: sheet.columnWidths, defaultWidth: 9.5)
        return sheet
    }

    /// The blank template, or the filled form plus its findings, as a workbook.
    public func workbook(_ report: Report? = nil) -> WorkbookDocument {
        var sheets = [form(report).sheet]
        if let report {
            if report.findings.contains(where: { $0.severity != .info }) {
                sheets.append(Self.returnSheet(report, cells: geometry.cells, formName: sheets[0].name))
            }
        } else {
            sheets.append(instructions())
        }
        let title = "\(agency ?? report?.agency ?? "")\((year ?? report?.year).map(String.init) ?? "")年度政府信息公开工作年度报告"
        return WorkbookDocument(sheets: sheets, properties: DocumentProperties(title: title))
    }
}
