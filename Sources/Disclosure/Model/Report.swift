// One agency's report for one year: layout, metadata, every value with its source cell, and the findings.
import Foundation

/// The typed result of reading one input: values under canonical keys, with provenance and findings.
public struct Report: Sendable {
    /// The file the report was read from (or a label such as the county name for a rollup).
    public var source: String
    public var layout: Layout
    public var agency: String?
    public var year: Int?
    /// Every key of the layout, by position; nil where the source is blank or unreadable.
    public var values: ValueStore
    /// The original cell of each key that was found, by position.
    public var cells: KeyedSlots<SourceCell>
    public var findings: [Finding]
    /// Narrative lines of a report text, or paragraphs of a document (for text-vs-table checks).
    public var narrative: [(line: Int, text: String)]
    /// What a narrative number counts: 行 (lines of a text) or 段 (paragraphs of a document).
    public var narrativeUnit = "行"

    /// Values and cells are given by key; keys the layout does not have are dropped.
    public init(source: String, layout: Layout, agency: String? = nil, year: Int? = nil, values: [String: Decimal] = [:],
                cells: [String: SourceCell] = [:], findings: [Finding] = [], narrative: [(line: Int, text: String)] = []) {
        self.source = source
        self.layout = layout
        self.agency = agency
        self.year = year
        self.values = ValueStore(layout.keys)
        self.cells = KeyedSlots(layout.keys)
        for (key, value) in values { self.values[key] = value }
        for (key, cell) in cells { self.cells[key] = cell }
        self.findings = findings
        self.narrative = narrative
    }

    public func value(_ key: String) -> Decimal? { values[key] }

    /// The value with missing counted as 0, as identities and sums do.
    public func number(_ key: String) -> Decimal { values[key] ?? 0 }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}
