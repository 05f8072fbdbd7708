// What the locator needs to know about one cell text, worked out once per distinct text in a process.
import Foundation
import Spreadsheet
import Synchronization

/// Everything the locator derives from a text cell's string alone. Township files repeat the same few hundred
/// template strings, so these are computed once per distinct string and shared by every file of a batch. A class:
/// a memo hit hands out one reference, not a copy of every field.
final class TextFacts: Sendable {
    /// Reads as a value (`12`, `—`, `3件`): the locator treats the cell as a value column, not a label.
    let isValueLike: Bool
    let label: NormalisedLabel
    /// No layout can make anything of it: it matches no row, column, group, header or detection signal. Rows made
    /// only of such texts (titles, 填报单位, notes) steer nothing, whatever they say.
    let isInert: Bool
    /// What the title and 填报单位 readers find in it.
    let title: (agency: String?, year: Int?)?
    let filler: String?

    init(_ raw: String) {
        switch ValueParser.parse(text: raw, kind: .signedCount) {
        case .number: isValueLike = true
        case .missing(let original): isValueLike = !(original ?? "").isEmpty
        default: isValueLike = false
        }
        // One fold of the text serves the label, the title reader and the 填报单位 reader.
        let scalars = LabelNormaliser.cleanScalars(raw)
        let label = LabelNormaliser.normalise(cleaned: scalars)
        self.label = label
        isInert = !isValueLike && TextFacts.indexes.allSatisfy { $0.isInert(label) }
        // Both readers look for these words; most cells have neither.
        let cleaned = LabelNormaliser.string(scalars)
        title = cleaned.containsBytes("政府信息公开") ? Metadata.fromTitle(cleaned: cleaned) : nil
        filler = cleaned.containsBytes("单位") || cleaned.containsBytes("填报机关") ? Metadata.fromFillerCell(cleaned: cleaned) : nil
    }

    /// The label index of every layout (inertness is judged against all of them).
    private static let indexes = Layout.all.map(LabelIndex.of)

    /// The facts of a blank cell.
    static let empty = TextFacts("")

    /// The facts of `raw`, from the process-wide memo (bounded: a long batch of unusual files starts it over).
    static func of(_ raw: String) -> TextFacts {
        let key = UTF8Key(raw)
        if let known = memo.withLock({ $0[key] }) { return known }
        let made = TextFacts(raw)
        memo.withLock { values in
            if values.count >= memoCapacity { values.removeAll(keepingCapacity: true) }
            values[key] = made
        }
        return made
    }

    /// Concrete, not the generic `BoundedMemo`: its lookups were not specialised here and cost ~1,700 instructions.
    private static let memo = Mutex<[UTF8Key: TextFacts]>([:])
    private static let memoCapacity = 50_000
}
