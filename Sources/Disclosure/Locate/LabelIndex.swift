// Every label of a layout, normalised once: exact and alias lookup by body, prefix and fuzzy matches after.
import Foundation
import Spreadsheet

/// The row labels of one layout, ready for matching cell text against (built once per layout).
struct LabelIndex: Sendable {
    struct Candidate: Sendable {
        var rowKey: String
        var label: String
        /// Official body then alias bodies, with the alias text (nil for the official label).
        var bodies: [(body: String, alias: String?)]
        var bigrams: [[UInt64]]
        /// UTF-8 of each body, and its length in characters, for prefix matches.
        var bytes: [[UInt8]]
        var lengths: [Int]
    }

    let candidates: [Candidate]
    /// The layout indexed (a cached index is only reused for an equal layout; built-in layouts compare by their
    /// shared storage, at once).
    let layout: Layout
    private let byBody: [String: [(candidate: Int, alias: String?)]]
    /// Normalised bodies of every column, group and heading label (for telling header rows apart).
    let headerBodies: Set<String>
    /// Per table id: each column's key and the bodies of its label and aliases.
    let columnNames: [String: [(key: String, names: [String])]]
    /// Per table id: the body of each row label (section 四's group labels).
    let rowBodies: [String: [String]]
    /// Parent-label body → the last row of that group (the 2019-style single （六） row stands for it).
    let groupParents: [String: String]
    /// Detection signals of every layout (by layout id): the layout's own signals plus the row labels only it has.
    let signals: [(layout: String, text: String, utf8: [UInt8])]
    /// Every body a label could be recognised by exactly (headers, columns, section 四 rows), and the column names long
    /// enough for the locator's loose header match: what `isInert` asks.
    private let namedBodies: Set<String>
    private let looseNames: [[UInt8]]

    init(_ layout: Layout) {
        self.layout = layout
        var candidates: [Candidate] = []
        var byBody: [String: [(Int, String?)]] = [:]
        for table in layout.tables where !table.isSingleRow {
            for row in table.rows {
                var bodies: [(String, String?)] = [(LabelNormaliser.normalise(row.label).body, nil)]
                bodies += row.aliases.map { (LabelNormaliser.normalise($0).body, $0) }
                for (body, alias) in bodies { byBody[body, default: []].append((candidates.count, alias)) }
                candidates.append(Candidate(rowKey: row.key, label: row.label, bodies: bodies,
                                            bigrams: bodies.map { LabelIndex.bigrams($0.0) },
                                            bytes: bodies.map { Array($0.0.utf8) }, lengths: bodies.map { $0.0.unicodeScalars.count }))
            }
        }
        self.candidates = candidates
        self.byBody = byBody
        var headers = Set<String>()
        for table in layout.tables {
            for column in table.columns {
                headers.insert(LabelNormaliser.normalise(column.label).body)
                for alias in column.aliases { headers.insert(LabelNormaliser.normalise(alias).body) }
                if let group = column.group { headers.insert(LabelNormaliser.normalise(group).body) }
            }
            for text in [table.cornerLabel, table.spanningHeader].compactMap({ $0 }) + Array(table.groupParents.values) {
                headers.insert(LabelNormaliser.normalise(text).body)
            }
        }
        headerBodies = headers
        var columnNames: [String: [(String, [String])]] = [:]
        var rowBodies: [String: [String]] = [:]
        for table in layout.tables {
            columnNames[table.id] = table.columns.map { column in
                (column.key, ([column.label] + column.aliases).map { LabelNormaliser.normalise($0).body })
            }
            rowBodies[table.id] = table.rows.map { LabelNormaliser.normalise($0.label).body }
        }
        self.columnNames = columnNames
        self.rowBodies = rowBodies
        var parents: [String: String] = [:]
        let rows = layout.tables.filter { !$0.isSingleRow }.flatMap(\.rows)
        for row in rows where row.path.count >= 3 {
            let isLastOfGroup = rows.last { $0.path.dropLast() == row.path.dropLast() }?.key == row.key
            if isLastOfGroup { parents[LabelNormaliser.normalise(row.path[row.path.count - 2]).body] = row.key }
        }
        groupParents = parents
        var signals: [(String, String, [UInt8])] = []
        for candidate in Layout.all {
            let others = Layout.all.filter { $0.id != candidate.id }
            let own = Set(candidate.tables.flatMap { $0.rows.map(\.label) })
            let theirs = Set(others.flatMap { $0.tables.flatMap { $0.rows.map(\.label) } })
            for text in candidate.signals + own.subtracting(theirs).sorted() {
                let body = LabelNormaliser.normalise(text).body
                if !body.isEmpty { signals.append((candidate.id, text, Array(body.utf8))) }
            }
        }
        self.signals = signals
        namedBodies = headers.union(columnNames.values.flatMap { $0.flatMap(\.1) }).union(rowBodies.values.joined())
        looseNames = Array(Set(columnNames.values.flatMap { $0.flatMap(\.1) }.filter { $0.count >= LabelIndex.looseNameLength })).sorted().map { Array($0.utf8) }
    }

    /// Column names at least this long also match header cells that contain them.
    static let looseNameLength = 4

    /// Whether a label can play no part in locating under this layout: not a row (exact, alias, prefix or fuzzy),
    /// not a group parent, not a header, column, group or section 四 label (exact or as the loose header match
    /// finds it), and free of detection signals.
    func isInert(_ label: NormalisedLabel) -> Bool {
        let body = label.body
        guard !body.isEmpty else { return true }
        if namedBodies.contains(body) || groupParents[body] != nil { return false }
        let bytes = Array(body.utf8)
        if looseNames.contains(where: { ByteSearch.contains(bytes, $0) }) || signals.contains(where: { ByteSearch.contains(bytes, $0.utf8) }) { return false }
        return best(label) == nil
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        var indexes: [String: LabelIndex] = [:]
        let lock = NSLock()
    }

    /// The index of `layout`, built on first use.
    static func of(_ layout: Layout) -> LabelIndex {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        // Keyed by id; a layout built in a test under a known id but with other keys gets its own index.
        if let index = cache.indexes[layout.id], index.layout == layout { return index }
        let index = LabelIndex(layout)
        cache.indexes[layout.id] = index
        return index
    }

    /// The best row for a cell's label: 1 exact, 0.95 alias, 0.9 when one is the start of the other (at least
    /// 4 characters), else 0.85 × bigram similarity when that is at least 0.6.
    func best(_ text: NormalisedLabel) -> (rowKey: String, score: Double, via: String?)? {
        guard !text.body.isEmpty else { return nil }
        if let hits = byBody[text.body] {
            let official = hits.first { $0.alias == nil }
            let hit = official ?? hits[0]
            let candidate = candidates[hit.candidate]
            return (candidate.rowKey, hit.alias == nil ? 1 : 0.95, hit.alias.map { "别名「\($0)」" })
        }
        let length = text.body.unicodeScalars.count
        let textBytes = Array(text.body.utf8)
        if length >= 4 {
            for candidate in candidates {
                for (index, body) in candidate.bytes.enumerated() where candidate.lengths[index] >= 4 {
                    let shorter = min(body.count, textBytes.count)
                    if body[..<shorter] == textBytes[..<shorter] {
                        return (candidate.rowKey, 0.9, "「\(candidate.label)」的简写或扩写")
                    }
                }
            }
        }
        // Sentences and titles are not row labels; and Dice ≥ 0.6 needs lengths within a factor of 2.33.
        guard length <= 60 else { return nil }
        let grams = LabelIndex.bigrams(text.body)
        var best: (Int, Double)?
        for (index, candidate) in candidates.enumerated() {
            for bigrams in candidate.bigrams {
                let shorter = min(grams.count, bigrams.count), total = grams.count + bigrams.count
                guard total > 0, Double(2 * shorter) >= 0.6 * Double(total) else { continue }
                let score = LabelIndex.dice(grams, bigrams)
                if score >= 0.6, score > (best?.1 ?? 0) { best = (index, score) }
            }
        }
        guard let (index, score) = best else { return nil }
        return (candidates[index].rowKey, score * 0.85, "近似匹配「\(candidates[index].label)」")
    }

    /// Character bigrams as sorted 64-bit pairs of scalar values.
    static func bigrams(_ text: String) -> [UInt64] {
        let scalars = text.unicodeScalars.map(\.value)
        guard scalars.count >= 2 else { return [] }
        return (0..<(scalars.count - 1)).map { UInt64(scalars[$0]) << 32 | UInt64(scalars[$0 + 1]) }.sorted()
    }

    /// Dice coefficient of two sorted bigram multisets.
    static func dice(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(2 * common) / Double(a.count + b.count)
    }
}
