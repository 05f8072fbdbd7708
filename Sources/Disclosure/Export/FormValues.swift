// Values in the form: each key's number in its kind's format, totals as SUM formulas with their cached values.
import Foundation
import Spreadsheet

extension FormWriter {
    /// Keys the layout defines as a sum, with their addends.
    var definitions: [String: [String]] { geometry.definitions }

    func fillValues(_ report: Report?, sheet: inout WorksheetDocument, cells: [String: CellRef]) {
        if let report, report.layout.id == layout.id {
            fill(report, sheet: &sheet, plan: FormCache.shared.plan(self))
            return
        }
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

    public static func cellValue(_ value: Decimal, kind: ValueKind) -> CellValue {
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

    /// Where each value and each total of the layout goes, by key position, with the totals' formulas: built once per
    /// layout (`FormCache`), so a filled form costs a pass over positions instead of lookups by key text.
    struct FillPlan: Sendable {
        var inputs: [(position: Int, ref: CellRef, kind: ValueKind)] = []
        var totals: [(position: Int, ref: CellRef, kind: ValueKind, addends: [Int?], formula: String)] = []
    }

    func fillPlan() -> FillPlan {
        var plan = FillPlan()
        let cells = geometry.cells
        let kinds = layout.kinds
        let keys = layout.keys
        for key in layout.valueKeys {
            guard let ref = cells[key], let position = keys.position(of: key) else { continue }
            plan.inputs.append((position, ref, kinds[key] ?? .count))
        }
        for (key, addends) in definitions.sorted(by: { $0.key < $1.key }) {
            guard let ref = cells[key], let position = keys.position(of: key) else { continue }
            plan.totals.append((position, ref, kinds[key] ?? .count, addends.map(keys.position), Self.sumFormula(addends.compactMap { cells[$0] })))
        }
        return plan
    }

    /// `fillValues` for a report of this layout: the same cells, values and formulas, by position.
    func fill(_ report: Report, sheet: inout WorksheetDocument, plan: FillPlan) {
        let values = report.values
        for input in plan.inputs {
            guard let value = values[position: input.position] else { continue }
            sheet.cells[input.ref]?.value = Self.cellValue(value, kind: input.kind)
        }
        for total in plan.totals {
            // A blank total stays blank; one that disagrees with its parts is kept as reported (the finding must stay
            // visible); one that agrees becomes the SUM formula with its value.
            guard let reported = values[position: total.position] else { continue }
            let sum = values.sum(total.addends)
            if reported != sum {
                sheet.cells[total.ref]?.style = Self.total
                continue
            }
            sheet.cells[total.ref] = WriterCell(Self.cellValue(sum, kind: total.kind), formula: total.formula, style: Self.total)
        }
    }
}
