// One optional value per key of a layout, held by key position: the shape of a report's cells and located values.

/// A value (or none) for each key of a layout, stored densely by the key's position in `LayoutKeys`. Hot paths read
/// and write by position; `subscript(key:)` serves the edges. A key the layout does not have holds nothing.
public struct KeyedSlots<Value: Sendable>: Sendable, Sequence {
    public let index: LayoutKeys
    private var slots: [Value?]

    public init(_ index: LayoutKeys) {
        self.index = index
        slots = Array(repeating: nil, count: index.count)
    }

    public subscript(key: String) -> Value? {
        get { index.position(of: key).flatMap { slots[$0] } }
        set { if let position = index.position(of: key) { slots[position] = newValue } }
    }

    public subscript(position position: Int) -> Value? {
        @inline(__always) get { slots[position] }
        @inline(__always) set { slots[position] = newValue }
    }

    /// What `read` makes of the value at `position`, which it sees in place (no copy of the value's fields).
    @inline(__always) func peek<Part>(_ position: Int, _ read: (Value) -> Part?) -> Part? {
        slots[position].flatMap(read)
    }

    /// How many keys hold a value.
    public var count: Int { slots.reduce(0) { $1 == nil ? $0 : $0 + 1 } }
    public var isEmpty: Bool { !slots.contains { $0 != nil } }
    /// The keys that hold a value, in form order.
    public var keys: [String] { compactMap { $0.key } }
    /// The values, in form order.
    public var values: [Value] { slots.compactMap { $0 } }

    /// New slots from the filled positions; `transform` reads what it needs of `slots[position]` in place, so no
    /// value is copied whole (the shape memo's replay builds every value of a file this way).
    func mapFilled(_ transform: (Int) -> Value) -> KeyedSlots {
        var mapped = KeyedSlots(index, slots: [])
        mapped.slots.reserveCapacity(slots.count)
        for position in slots.indices {
            mapped.slots.append(slots[position] == nil ? nil : transform(position))
        }
        return mapped
    }

    private init(_ index: LayoutKeys, slots: [Value?]) {
        self.index = index
        self.slots = slots
    }

    public struct Iterator: IteratorProtocol {
        let keys: [String]
        let slots: [Value?]
        var position = 0
        public mutating func next() -> (key: String, value: Value)? {
            while position < slots.count {
                defer { position += 1 }
                if let value = slots[position] { return (keys[position], value) }
            }
            return nil
        }
    }

    /// (key, value) pairs in form order.
    public func makeIterator() -> Iterator { Iterator(keys: index.keys, slots: slots) }
}
