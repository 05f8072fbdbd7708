// What an archive holds as an agency × year table: the one grouping `archive list` prints and the page's listing sends.
import Disclosure

/// Versions grouped by agency (names told apart as the rollup tells them, `Rollup.agencyKey`) and year.
public struct ArchiveHoldings: Sendable {
    /// One agency's row: the name as last stored, and its versions by year (oldest version first).
    public struct Agency: Sendable {
        public var name: String
        public var byYear: [Int: [ArchivedVersion]]
    }

    /// Every year held, ascending.
    public var years: [Int]
    /// Agencies in the order of their names as stored.
    public var agencies: [Agency]

    public init(_ versions: [ArchivedVersion]) {
        years = Array(Set(versions.map(\.year))).sorted()
        var order: [String] = []
        var rows: [String: Agency] = [:]
        for version in versions.sorted(by: { ($0.agency, $0.year, $0.version) < ($1.agency, $1.year, $1.version) }) {
            let key = Rollup.agencyKey(version.agency)
            if rows[key] == nil { order.append(key) }
            rows[key, default: Agency(name: version.agency, byYear: [:])].name = version.agency
            rows[key]?.byYear[version.year, default: []].append(version)
        }
        agencies = order.compactMap { rows[$0] }
    }
}
