// Balance by construction, or say why not: a member's blank total derived from its parts before summing, and every
// identity the county form still fails traced to the members whose own rows fail it.
import Foundation

extension Rollup {
    /// One value the rollup derived for a member: its position in the county layout's `valueKeys`, the value, and the
    /// identity instance it came from.
    struct DerivedValue {
        var position: Int
        var value: Decimal
        var identity: Identity
        var instance: IdentityInstance
    }

    /// Fills, in `row` (values by the county layout's `valueKeys`), a blank total from its parts (blank parts count 0,
    /// as in every identity, but one part at least must be filled), and a cell that is the only blank one of an
    /// identity instance from the others (a lone blank part: the total less the other parts). Repeated until nothing changes (row totals complete a column, which completes a column
    /// total). A derived value that would be negative is left blank: the member's numbers are wrong, not missing.
    static func derive(_ row: inout [Decimal?], layout: Layout) -> [DerivedValue] {
        var derived: [DerivedValue] = []
        let kinds = layout.valueKeys.map { layout.kinds[$0] ?? .count }
        for _ in 0..<8 {
            var changed = false
            for (identity, positions) in zip(layout.identities, layout.identityPositions) {
                for (instance, position) in zip(identity.instances, positions) {
                    let lhs = position.lhs.compactMap { $0 }, rhs = position.rhs.compactMap { $0 }
                    guard lhs.count == position.lhs.count, rhs.count == position.rhs.count else { continue }
                    // A blank total (a one-cell side wholly blank) whose parts hold something, or the one blank cell.
                    var blank: Int?
                    if lhs.count == 1, row[lhs[0]] == nil, rhs.contains(where: { row[$0] != nil }) {
                        blank = lhs[0]
                    } else if rhs.count == 1, row[rhs[0]] == nil, lhs.contains(where: { row[$0] != nil }) {
                        blank = rhs[0]
                    } else {
                        let blanks = (lhs + rhs).filter { row[$0] == nil }
                        if blanks.count == 1 { blank = blanks[0] }
                    }
                    guard let blank else { continue }
                    var left = DecimalSum(), right = DecimalSum()
                    for index in lhs { if let value = row[index] { left.add(value) } }
                    for index in rhs { if let value = row[index] { right.add(value) } }
                    let value = lhs.contains(blank) ? right.total - left.total : left.total - right.total
                    guard value >= 0 || kinds[blank] == .signedCount else { continue }
                    row[blank] = value
                    changed = true
                    if value != 0 { derived.append(DerivedValue(position: blank, value: value, identity: identity, instance: instance)) }
                }
            }
            if !changed { break }
        }
        return derived
    }

    /// The member's own cell for a key of the county layout (through the older layout's mapping), if it has one.
    static func memberCell(_ key: String, in member: Report, layout: Layout) -> SourceCell? {
        if let cell = member.cells[key] { return cell }
        guard member.layout.id != layout.id else { return nil }
        for mapping in layout.rollupMappings where key.hasPrefix(mapping.toRowPrefix) {
            if let cell = member.cells[mapping.fromRowPrefix + key.dropFirst(mapping.toRowPrefix.count)] { return cell }
        }
        return nil
    }

    /// `rollup.total_derived` for one member: every derived cell, the first few in the message.
    static func derivedFinding(_ derived: [DerivedValue], member: Report, layout: Layout) -> Finding? {
        guard !derived.isEmpty else { return nil }
        let keys = derived.map { layout.valueKeys[$0.position] }
        let cells = keys.map { memberCell($0, in: member, layout: layout) }
        let form = FormGeometry(layout: layout).cells
        let shown = derived.prefix(4).enumerated().map { offset, entry in
            let key = keys[offset]
            let place = cells[offset]?.description ?? form[key].map { "汇总表 \($0.a1) 对应格" } ?? key
            return "\(place) = \(Normaliser.format(entry.value))（\(entry.instance.scope)，按「\(entry.identity.rule)」）"
        }
        let name = member.agency ?? fileName(member.source)
        return Finding(.rollupTotalDerived,
                       message: "「\(name)」（\(fileName(member.source))）有 \(derived.count) 个空白单元格按勾稽关系推算后汇总：\(shown.joined(separator: "、"))\(derived.count > 4 ? " 等" : "")；请单位补填",
                       keys: keys, cells: cells)
    }

    /// An identity finding of the county form, as `rollup.unbalanced`: the same cells and numbers, and the members whose
    /// own (derived) rows fail the same instance, each with its difference; the differences add up to the county's.
    /// Nil for findings that are not identities.
    static func explain(_ finding: Finding, layout: Layout, members: [Report], rows: [[Decimal?]]) -> (finding: Finding, members: [String])? {
        for (identity, positions) in zip(layout.identities, layout.identityPositions) where identity.code == finding.kind {
            for (instance, position) in zip(identity.instances, positions) where instance.lhs + instance.rhs == finding.keys {
                var parts: [String] = []
                var names: [String] = []
                for (member, row) in zip(members, rows) {
                    var left = DecimalSum(), right = DecimalSum()
                    for case let index? in position.lhs { if let value = row[index] { left.add(value) } }
                    for case let index? in position.rhs { if let value = row[index] { right.add(value) } }
                    let difference = left.total - right.total
                    guard difference != 0 else { continue }
                    let name = member.agency ?? fileName(member.source)
                    names.append(name)
                    parts.append("\(name) 相差 \(Normaliser.format(difference))（\(fileName(member.source))）")
                }
                var explained = finding
                explained = Finding(.rollupUnbalanced,
                                    message: "汇总表\(finding.message)；来自 \(names.count) 个单位：\(parts.joined(separator: "、"))",
                                    keys: finding.keys, cells: finding.cells, expected: finding.expected, actual: finding.actual,
                                    likelyCell: finding.likelyCell)
                return (explained, names)
            }
        }
        return nil
    }
}
