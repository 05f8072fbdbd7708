// A finding: stable code, severity, Chinese message, the cells involved and, for identities, the numbers.
import Foundation

/// How serious a finding is: errors fail a check (exit code 1), warnings and infos do not.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var chinese: String {
        switch self {
        case .info: return "提示"
        case .warning: return "警告"
        case .error: return "错误"
        }
    }
}

/// One thing a check found, built through the registry of codes (`FindingCode`), which gives its severity.
public struct Finding: Sendable, Equatable {
    public let kind: FindingCode
    /// The stable code string of the JSON contract (`identity.s3.balance`).
    public var code: String { kind.rawValue }
    public var severity: Severity
    public var message: String
    /// Canonical keys involved (empty for whole-file findings).
    public var keys: [String]
    /// Where those keys sit in the source: parallel to `keys` (nil where a key has no cell); for findings without
    /// keys, the cells themselves.
    public var cells: [SourceCell?]
    public var expected: Decimal?
    public var actual: Decimal?
    /// For identities: the one cell that alone explains this and another failure.
    public var likelyCell: SourceCell?

    /// A finding of `code` with the registry's severity; `alternative` picks the other severity of a code that has
    /// two (`value.missing` under `--strict`, `rollup.duplicate_member` chosen by `--prefer`).
    public init(_ code: FindingCode, alternative: Bool = false, message: String, keys: [String] = [], cells: [SourceCell?] = [],
                expected: Decimal? = nil, actual: Decimal? = nil, likelyCell: SourceCell? = nil) {
        kind = code
        severity = code.entry.severity.severity(alternative: alternative)
        self.message = message
        self.keys = keys
        self.cells = cells
        self.expected = expected
        self.actual = actual
        self.likelyCell = likelyCell
    }

    /// The cells that exist, in order (for people: the first one is where to look).
    public var placedCells: [SourceCell] { cells.compactMap { $0 } }

    public var delta: Decimal? {
        guard let expected, let actual else { return nil }
        return actual - expected
    }
}
