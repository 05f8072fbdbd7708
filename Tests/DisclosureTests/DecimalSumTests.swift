// Exact fast sums and plain text of report values, against Foundation's Decimal.
import Foundation
import Testing
@testable import Disclosure

@Suite struct DecimalSumTests {
    @Test func scaledTextMatchesFoundation() {
        let samples = ["0", "1", "-1", "25.1", "0.0025", "-0.5", "123456789", "99.9999", "1000000", "0.1", "-253", "3.14159",
                       "12345678901234567890", "1e-9", "7.10", "100.0100"]
        for sample in samples {
            let value = Decimal(string: sample)!
            var copy = value
            var rounded = Decimal()
            NSDecimalRound(&rounded, &copy, 4, .plain)
            #expect(Normaliser.format(value) == NSDecimalNumber(decimal: rounded).stringValue, "\(sample)")
            if let scaled = ScaledDecimal.scaled(value) {
                #expect(ScaledDecimal.decimal(scaled) == value, "\(sample)")
                #expect(Double(scaled) / 10_000 == Double(NSDecimalNumber(decimal: value).stringValue), "\(sample)")
            }
        }
        #expect(ScaledDecimal.scaled(Decimal(string: "12345678901234567890")!) == nil)
        #expect(ScaledDecimal.scaled(Decimal(string: "3.14159")!) == nil)
    }

    @Test func sumsAreExactAndFallBackBeyondTheFastRange() {
        let parts = ["0.1", "0.2", "-0.3", "25.1", "1e-9", "123456789012"].map { Decimal(string: $0)! }
        var expected = Decimal(0)
        for part in parts { expected += part }
        #expect(DecimalSum.of(parts) == expected)
        #expect(DecimalSum.of(parts.prefix(4)) == Decimal(string: "25.1")!)
        #expect(DecimalSum.of([Decimal]()) == 0)
        #expect(DecimalSum.of(Array(repeating: Decimal(string: "8999999.9999")!, count: 3)) == Decimal(string: "26999999.9997")!)
    }

    /// The rollup's member rows print values from doubles: for four-decimal values that must be the decimal text.
    @Test func fourDecimalDoublesPrintAsTheirText() {
        var state: UInt64 = 12345
        var samples: [Int64] = [1, 5, 9, 10, 99, 1001, 10_000, 251_000, -251_000, 12_345_678, 89_999_999_999_999, -1]
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            samples.append(Int64(state >> 24) % 90_000_000_000_000 - 45_000_000_000_000)
            samples.append(Int64(state >> 44))
        }
        for scaled in samples {
            let double = Double(scaled) / Double(ScaledDecimal.scale)
            let printed = double == double.rounded() ? String(Int64(double)) : "\(double)"
            #expect(printed == ScaledDecimal.text(scaled), "\(scaled)")
        }
    }
}
