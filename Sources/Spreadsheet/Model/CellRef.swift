// A cell address (0-based row and column) and its A1 form; ranges such as merged cells.

/// A cell position, 0-based. `CellRef(row: 0, column: 0)` is `A1`.
public struct CellRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    /// Excel's largest sheet: 1,048,576 rows × 16,384 columns (XFD).
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `A1`, `$B$7`, `xfd1048576`. Nil when malformed or beyond Excel's limits.
    public init?(_ a1: String) {
        var bytes = Array(a1.utf8)[...]
        guard let parsed = CellRef.parse(&bytes), bytes.isEmpty else { return nil }
        self = parsed
    }

    static func parse(_ bytes: inout ArraySlice<UInt8>) -> CellRef? {
        if bytes.first == UInt8(ascii: "$") { bytes.removeFirst() }
        var column = 0
        var letters = 0
        while let byte = bytes.first {
            let upper = byte & ~0x20
            guard upper >= 65 && upper <= 90 else { break }
            column = column * 26 + Int(upper - 64)
            letters += 1
            bytes.removeFirst()
            if letters > 3 { return nil }
        }
        if bytes.first == UInt8(ascii: "$") { bytes.removeFirst() }
        var row = 0
        var digits = 0
        while let byte = bytes.first, byte >= 48 && byte <= 57 {
            row = row * 10 + Int(byte - 48)
            digits += 1
            bytes.removeFirst()
            if digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1, row <= maxRows, column <= maxColumns else { return nil }
        return CellRef(row: row - 1, column: column - 1)
    }

    /// Column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var number = column + 1
        var letters: [UInt8] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(UInt8(65 + remainder))
            number = (number - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    public var a1: String { CellRef.columnName(column) + String(row + 1) }
    public var description: String { a1 }

    public static func < (lhs: CellRef, rhs: CellRef) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}

/// A rectangular range, inclusive at both corners (`A1:C3`).
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var first: CellRef
    public var last: CellRef

    public init(first: CellRef, last: CellRef) {
        self.first = CellRef(row: min(first.row, last.row), column: min(first.column, last.column))
        self.last = CellRef(row: max(first.row, last.row), column: max(first.column, last.column))
    }

    /// Parses `A1:C3` or a single `B2`.
    public init?(_ text: String) {
        // On bytes: sheets declare dozens of merges and every file of a batch parses them.
        var bytes = Array(text.utf8)[...]
        guard let first = CellRef.parse(&bytes) else { return nil }
        if bytes.isEmpty {
            self.init(first: first, last: first)
            return
        }
        guard bytes.first == UInt8(ascii: ":") else { return nil }
        bytes.removeFirst()
        guard let last = CellRef.parse(&bytes), bytes.isEmpty else { return nil }
        self.init(first: first, last: last)
    }

    public func contains(_ ref: CellRef) -> Bool {
        ref.row >= first.row && ref.row <= last.row && ref.column >= first.column && ref.column <= last.column
    }

    public func overlaps(_ other: CellRange) -> Bool {
        first.row <= other.last.row && other.first.row <= last.row
            && first.column <= other.last.column && other.first.column <= last.column
    }

    public var description: String { first == last ? first.a1 : "\(first.a1):\(last.a1)" }
}
