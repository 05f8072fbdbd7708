// The canonical keys of a layout and the position of each: what a report's values and cells are indexed by.

/// Every canonical value key of a layout, in form order, with its position. Reports hold their values and cells by
/// position (`KeyedSlots`, `ValueStore`); keys are looked up here only at the edges (JSON, CSV, messages, tests).
public final class LayoutKeys: Sendable, Equatable {
    /// The keys in form order, each once.
    public let keys: [String]
    private let positions: [String: Int]
    /// The position of each entry of the layout's `valueKeys` (tables → rows → columns), for walks in that order.
    let entryPositions: [Int]

    init(_ keys: [String]) {
        var unique: [String] = []
        var positions: [String: Int] = [:]
        for key in keys where positions[key] == nil {
            positions[key] = unique.count
            unique.append(key)
        }
        self.keys = unique
        self.positions = positions
        entryPositions = keys.compactMap { positions[$0] }
    }

    public var count: Int { keys.count }

    /// The position of `key`, or nil for a key the layout does not have.
    @inline(__always)
    public func position(of key: String) -> Int? { positions[key] }

    public static func == (lhs: LayoutKeys, rhs: LayoutKeys) -> Bool { lhs === rhs || lhs.keys == rhs.keys }
}
