// The fonts and cell styles of the official form, shared by the form, the findings sheet and the county workbook.
import Spreadsheet

extension FormWriter {
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
}
