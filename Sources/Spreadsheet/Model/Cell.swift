// A cell: its value (text, number with its source text, boolean, error, date, empty) and formula.

/// A calendar date and time as a spreadsheet stores it (no time zone).
public struct SheetDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// From an Excel serial number (1900 system with its phantom 1900-02-29, or the 1904 system).
    public init?(serial: Double, date1904: Bool) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        // Days from 1970-01-01.
        let unixDays: Int
        if date1904 {
            unixDays = days - 24_107
        } else {
            if days == 60 { self.init(year: 1900, month: 2, day: 29); return }  // Lotus's phantom day
            unixDays = (days < 60 ? days + 1 : days) - 25_569
        }
        let (y, m, d) = SheetDate.civil(fromDays: unixDays)
        self.init(year: y, month: m, day: d, hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60)
    }

    /// Parses ISO 8601 `2024-01-15` or `2024-01-15T08:30:00` (cells of type `d`).
    public init?(iso text: String) {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 3, (1...12).contains(digits[1]), (1...31).contains(digits[2]) else { return nil }
        self.init(year: digits[0], month: digits[1], day: digits[2],
                  hour: digits.count > 3 ? digits[3] : 0, minute: digits.count > 4 ? digits[4] : 0,
                  second: digits.count > 5 ? digits[5] : 0)
    }

    /// Howard Hinnant's days-from-civil inverse.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let text = String(n)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        if hour == 0 && minute == 0 && second == 0 { return date }
        return date + "T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }
}

/// What a cell holds.
public enum CellValue: Hashable, Sendable {
    case empty
    case text(String)
    /// A number and the exact text it was written as (`96171.6`), so money can become a Decimal exactly.
    case number(Double, source: String)
    case bool(Bool)
    /// An error value such as `#REF!` or `#DIV/0!`.
    case error(String)
    case date(SheetDate)

    public var isEmpty: Bool { if case .empty = self { return true } else { return false } }

    /// The value as display text: numbers as written, dates in ISO form, booleans TRUE/FALSE.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let text): return text
        case .number(_, let source): return source
        case .bool(let value): return value ? "TRUE" : "FALSE"
        case .error(let code): return code
        case .date(let date): return date.description
        }
    }

    public static func number(_ value: Double) -> CellValue {
        if value == value.rounded(), abs(value) < 1e15 { return .number(value, source: String(Int64(value))) }
        return .number(value, source: String(value))
    }
}

/// A cell: a value and, for formula cells, the formula text. A formula cell whose value is `.empty`
/// had no cached value (files written by scripts that never calculated).
public struct Cell: Hashable, Sendable {
    public var value: CellValue
    public var formula: String?

    public init(_ value: CellValue, formula: String? = nil) {
        self.value = value
        self.formula = formula
    }

    public static let empty = Cell(.empty)

    /// True when there is neither a value nor a formula.
    public var isBlank: Bool { value.isEmpty && formula == nil }
    /// A formula without a cached value.
    public var isUncachedFormula: Bool { formula != nil && value.isEmpty }
}

/// A cell with its column: one entry of a streamed row or of a grid row.
public struct ColumnCell: Sendable, Equatable {
    public var column: Int
    public var cell: Cell

    public init(column: Int, cell: Cell) {
        self.column = column
        self.cell = cell
    }
}
