// Input cells that accept only what the form allows: whole counts, signed counts, money in 万元.
import Spreadsheet

extension FormWriter {
    func addValidation(_ sheet: inout WorksheetDocument, cells: [String: CellRef]) {
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
}
