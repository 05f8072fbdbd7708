// A report's values laid out by key position, for checks that visit every identity of the layout.
import Foundation

/// The values of a report in the order of its layout's `valueKeys`: one dictionary lookup per key instead of one
/// per use, and sums on scaled integers when every value allows it (see `ScaledDecimal`).
struct ReportVector {
    let values: [Decimal?]
    let located: [Bool]
    /// Every value × 10⁴ (missing as 0), or nil when some value does not fit.
    let scaled: [Int64]?

    init(_ report: Report) {
        let keys = report.layout.valueKeys
        var values: [Decimal?] = []
        var located: [Bool] = []
        var scaled: [Int64]? = []
        values.reserveCapacity(keys.count)
        located.reserveCapacity(keys.count)
        scaled?.reserveCapacity(keys.count)
        for key in keys {
            let value = report.values[key]
            values.append(value)
            located.append(report.cells[key] != nil)
            if scaled != nil {
                if let value {
                    if let part = ScaledDecimal.scaled(value) { scaled!.append(part) } else { scaled = nil }
                } else {
                    scaled!.append(0)
                }
            }
        }
        self.values = values
        self.located = located
        self.scaled = scaled
    }

    func isLocated(_ position: Int?) -> Bool { position.map { located[$0] } ?? false }
    func isFilled(_ position: Int?) -> Bool { position.map { values[$0] != nil } ?? false }

    /// The sum of the values at `positions` (missing as 0).
    func sum(_ positions: [Int?]) -> Decimal {
        if let scaled {
            var total: Int64 = 0
            for case let position? in positions { total += scaled[position] }
            return ScaledDecimal.decimal(total)
        }
        var total = DecimalSum()
        for case let position? in positions { if let value = values[position] { total.add(value) } }
        return total.total
    }

    /// Whether the two sums are equal, without building decimals when the scaled values allow it.
    func sumsEqual(_ lhs: [Int?], _ rhs: [Int?]) -> Bool {
        if let scaled {
            var difference: Int64 = 0
            for case let position? in lhs { difference += scaled[position] }
            for case let position? in rhs { difference -= scaled[position] }
            return difference == 0
        }
        return sum(lhs) == sum(rhs)
    }
}
