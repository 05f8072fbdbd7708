// Exact sums and plain text of report values, on 64-bit integers whenever the values allow it.
import Foundation

/// Report values are counts and 万元 amounts with at most four decimal places. Held as integers scaled by 10⁴ they
/// add exactly and an order of magnitude faster than `Decimal`; anything else falls back to `Decimal` unchanged.
struct ScaledDecimal {
    static let scale: Int64 = 10_000
    /// |value| × 10⁴ stays below this, so a sum of a million of them cannot overflow.
    static let limit: Int64 = 9_000_000_000_000

    /// `value` × 10⁴ when that is a whole number within `limit`.
    static func scaled(_ value: Decimal) -> Int64? {
        guard value.isFinite else { return nil }
        if value.isZero { return 0 }
        let exponent = value.exponent
        guard exponent >= -4, exponent <= 8 else { return nil }
        // Through one NSDecimalNumber: its double bounds the magnitude (a Decimal comparison costs ten times more).
        let significand = NSDecimalNumber(decimal: value.significand)
        guard significand.doubleValue < 1e12 else { return nil }
        var scaled = significand.int64Value
        for _ in 0..<(exponent + 4) {
            let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
            guard !overflow, product < limit else { return nil }
            scaled = product
        }
        guard scaled < limit else { return nil }
        return value.sign == .minus ? -scaled : scaled
    }

    /// The decimal of a scaled integer, without trailing zeros.
    static func decimal(_ scaled: Int64) -> Decimal {
        var magnitude = scaled.magnitude
        var exponent = -4
        while exponent < 0 && magnitude % 10 == 0 && magnitude != 0 {
            magnitude /= 10
            exponent += 1
        }
        if magnitude == 0 { return 0 }
        return Decimal(sign: scaled < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(magnitude))
    }

    /// `25.1`, `-3`, `0.0025`: what `NSDecimalNumber.stringValue` prints for the value.
    static func text(_ scaled: Int64) -> String {
        let magnitude = scaled.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var text = scaled < 0 && magnitude != 0 ? "-" : ""
        text += String(whole)
        guard fraction != 0 else { return text }
        var digits = 4
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        return text
    }
}

/// A running exact sum of decimals.
struct DecimalSum {
    private var scaled: Int64 = 0
    private var fallback: Decimal?

    init() {}

    mutating func add(_ value: Decimal) {
        if fallback == nil, let part = ScaledDecimal.scaled(value), abs(scaled) < ScaledDecimal.limit {
            scaled += part
            return
        }
        if fallback == nil { fallback = ScaledDecimal.decimal(scaled) }
        fallback! += value
    }

    var total: Decimal { fallback ?? ScaledDecimal.decimal(scaled) }

    static func of<S: Sequence>(_ values: S) -> Decimal where S.Element == Decimal {
        var sum = DecimalSum()
        for value in values { sum.add(value) }
        return sum.total
    }
}
