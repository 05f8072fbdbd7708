// A report's values by key position, with each value also as an integer × 10⁴ where that is exact.
import Foundation

/// The values of a report, one per key of its layout, stored by position. Each value is kept as read (a `Decimal`)
/// and, when it has at most four decimal places and fits, as an integer × 10⁴, so identities add and compare on
/// integers (see `ScaledDecimal`); a value without that form makes sums fall back to exact `Decimal` arithmetic.
public struct ValueStore: Sendable, Sequence {
    public var index: LayoutKeys { decimals.index }
    private var decimals: KeyedSlots<Decimal>
    /// value × 10⁴ where exact; 0 for a missing value; nil for a value without that form.
    private var scaled: [Int64?]
    /// How many values have no scaled form (sums on integers only when there are none).
    private var unscaled = 0

    public init(_ index: LayoutKeys) {
        decimals = KeyedSlots(index)
        scaled = Array(repeating: 0, count: index.count)
    }

    public subscript(key: String) -> Decimal? {
        get { decimals[key] }
        set { if let position = index.position(of: key) { self[position: position] = newValue } }
    }

    public subscript(position position: Int) -> Decimal? {
        @inline(__always) get { decimals[position: position] }
        set {
            if let newValue { set(newValue, scaled: ScaledDecimal.scaled(newValue), at: position) } else { clear(position) }
        }
    }

    /// Stores `value` whose scaled form the caller already knows (nil: it has none).
    mutating func set(_ value: Decimal, scaled part: Int64?, at position: Int) {
        if decimals[position: position] != nil && scaled[position] == nil { unscaled -= 1 }
        decimals[position: position] = value
        scaled[position] = part
        if part == nil { unscaled += 1 }
    }

    private mutating func clear(_ position: Int) {
        if decimals[position: position] != nil && scaled[position] == nil { unscaled -= 1 }
        decimals[position: position] = nil
        scaled[position] = 0
    }

    /// The value at `position` with missing counted as 0.
    func number(at position: Int) -> Decimal { decimals[position: position] ?? 0 }

    /// How many keys hold a value.
    public var count: Int { decimals.count }
    public var isEmpty: Bool { decimals.isEmpty }
    /// The keys that hold a value, in form order.
    public var keys: [String] { decimals.keys }
    /// The values, in form order.
    public var values: [Decimal] { decimals.values }

    /// The sum of the values at `positions` (missing as 0; nil positions are keys the layout lacks).
    func sum(_ positions: [Int?]) -> Decimal {
        if unscaled == 0 {
            var total: Int64 = 0
            for case let position? in positions { total += scaled[position] ?? 0 }
            return ScaledDecimal.decimal(total)
        }
        var total = DecimalSum()
        for case let position? in positions { if let value = decimals[position: position] { total.add(value) } }
        return total.total
    }

    /// Whether `other` holds the same values and blanks, position by position, compared as numbers: on the scaled
    /// integers where both have them (exact, so equal integers are equal numbers), as decimals where neither has.
    /// A thousand copies of one township are told apart in a few thousand instructions each, not by `Decimal ==`.
    func hasSameValues(as other: ValueStore) -> Bool {
        guard scaled.count == other.scaled.count, unscaled == other.unscaled else { return false }
        for position in scaled.indices {
            switch (scaled[position], other.scaled[position]) {
            case let (mine?, theirs?):
                guard mine == theirs else { return false }
                // 0 is both a zero and a blank: tell them apart.
                if mine == 0, (decimals[position: position] == nil) != (other.decimals[position: position] == nil) { return false }
            case (nil, nil):
                guard decimals[position: position] == other.decimals[position: position] else { return false }
            default:
                return false  // exact to 4 places on one side only: not the same number
            }
        }
        return true
    }

    /// Hashes what `hasSameValues` compares (values without a scaled form only by their place).
    func hashValues(into hasher: inout Hasher) {
        hasher.combine(scaled.count)
        for value in scaled { hasher.combine(value ?? Int64.min) }
    }

    /// Whether the two sums are equal, on integers when every value has a scaled form.
    func sumsEqual(_ lhs: [Int?], _ rhs: [Int?]) -> Bool {
        if unscaled == 0 {
            var difference: Int64 = 0
            for case let position? in lhs { difference += scaled[position] ?? 0 }
            for case let position? in rhs { difference -= scaled[position] ?? 0 }
            return difference == 0
        }
        return sum(lhs) == sum(rhs)
    }

    /// (key, value) pairs in form order.
    public func makeIterator() -> KeyedSlots<Decimal>.Iterator { decimals.makeIterator() }
}
