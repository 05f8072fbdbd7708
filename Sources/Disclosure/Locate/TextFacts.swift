// What the locator needs to know about one cell text, worked out once per distinct text in a process.
import Foundation
import Spreadsheet

/// Everything the locator derives from a text cell's string alone. Township files repeat the same few hundred
/// template strings, so these are computed once per distinct string and shared by every file of a batch.
struct TextFacts: Sendable {
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
        let label = LabelNormaliser.normalise(raw)
        self.label = label
        isInert = !isValueLike && Layout.all.allSatisfy { LabelIndex.of($0).isInert(label) }
        // Both readers look for these words; most cells have neither.
        let cleaned = LabelNormaliser.clean(raw)
        let bytes = Array(cleaned.utf8)
        title = Locator.contains(bytes, Array("政府信息公开".utf8)) ? Metadata.fromTitle(raw) : nil
        filler = Locator.contains(bytes, Array("单位".utf8)) || Locator.contains(bytes, Array("填报机关".utf8)) ? Metadata.fromFillerCell(raw) : nil
    }

    /// The facts of a blank cell.
    static let empty = TextFacts("")

    /// The facts of `raw`, from the process-wide memo.
    static func of(_ raw: String) -> TextFacts {
        memo.facts(raw)
    }

    private static let memo = Memo()

    private final class Memo: @unchecked Sendable {
        private var facts: [UTF8Key: TextFacts] = [:]
        private let lock = NSLock()
        /// Past this many distinct strings the memo starts over, so a long batch of unusual files stays bounded.
        private let capacity = 50_000

        func facts(_ raw: String) -> TextFacts {
            let key = UTF8Key(raw)
            lock.lock()
            if let known = facts[key] {
                lock.unlock()
                return known
            }
            lock.unlock()
            let computed = TextFacts(raw)
            lock.lock()
            if facts.count >= capacity { facts.removeAll(keepingCapacity: true) }
            facts[key] = computed
            lock.unlock()
            return computed
        }
    }
}
