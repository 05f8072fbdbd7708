// Turns a cell into a value: numbers (exact decimals), blanks and dashes as missing, units and sign words.
import Foundation
import Spreadsheet

/// What a cell says, after reading it as the checks document prescribes.
public enum ParsedValue: Sendable, Equatable {
    /// A number; `original` is the cell text when it had to be reformatted (units, signs, separators).
    case number(Decimal, original: String?)
    /// Blank, `/`, `-`, `—`, `无`: missing, counted as 0 in sums.
    case missing(original: String?)
    /// Text that is not a number (`见附件`, `#REF!`).
    case notNumber(String)
    /// A formula without a cached value that could not be evaluated.
    case uncachedFormula(String)

    public var decimal: Decimal? { if case .number(let value, _) = self { return value } else { return nil } }
}

/// Reads one cell as spec/checks.md prescribes: numbers, missing marks, units, sign words.
public enum ValueParser {
    static let missingMarks: Set<String> = ["", "/", "-", "—", "——", "–", "－", "无", "\\", "／", "---", "--", "空", "未填", "N/A", "n/a", "NA", "null"]

    /// Reads `cell` as a value of `kind`. Money is converted to 万元 when the cell or `unitHint` says 元.
    public static func parse(_ cell: Cell, kind: ValueKind, unitHint: MoneyUnit = .wan) -> ParsedValue {
        switch cell.value {
        case .empty:
            if let formula = cell.formula { return .uncachedFormula(formula) }
            return .missing(original: nil)
        case .number(let double, let source):
            // Producers such as gnumeric write float noise (29.1700000000000000001); like Excel, trust 15
            // significant digits, i.e. the shortest text that round-trips the double.
            // Whole numbers (nearly every count) skip Decimal's string parser.
            if double == double.rounded(), abs(double) < 1e15, source.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }) {
                let whole = Decimal(Int64(double))
                if kind == .money && unitHint == .yuan { return .number(whole / 10_000, original: source + "（元）") }
                return .number(whole, original: nil)
            }
            let digits = source.utf8.filter { $0 >= 48 && $0 <= 57 }.count
            let text = digits > 15 && double.isFinite ? "\(double)" : source
            guard var value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return .notNumber(source) }
            if kind == .money && unitHint == .yuan { value /= 10_000; return .number(value, original: source + "（元）") }
            return .number(value, original: nil)
        case .bool(let flag):
            return .notNumber(flag ? "TRUE" : "FALSE")
        case .error(let code):
            return .notNumber(code)
        case .date(let date):
            return .notNumber(date.description)
        case .text(let text):
            return parse(text: text, kind: kind, unitHint: unitHint)
        }
    }

    /// The unit a money value was written in.
    public enum MoneyUnit: Sendable { case wan, yuan }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        if (0x4E00...0x9FFF).contains(scalar.value) { return false }
        return scalar.properties.isWhitespace
    }

    /// Sign words before a number (`增1423`, `减8`), longest first.
    static let signWords: [([Unicode.Scalar], Bool)] = [("增加", false), ("减少", true), ("增", false), ("减", true)]
        .map { (Array($0.0.unicodeScalars), $0.1) }
    /// Unit words after a number; 万元 and 元 also say which money unit was meant.
    static let unitWords: [([Unicode.Scalar], MoneyUnit?)] = [("万元", .wan), ("元", .yuan), ("件", nil), ("个", nil), ("项", nil),
                                                           ("次", nil), ("人", nil), ("家", nil), ("条", nil), ("宗", nil), ("笔", nil)]
        .map { (Array($0.0.unicodeScalars), $0.1) }

    /// Parses text such as `１２`, ` 3 `, `1,234`, `12件`, `23600万元`, `251000元`, `增1423`, `减8`, `--253`
    /// (a run of minus signs is one minus). Works on Unicode scalars: this runs for every text cell.
    public static func parse(text raw: String, kind: ValueKind, unitHint: MoneyUnit = .wan) -> ParsedValue {
        let folded = LabelNormaliser.nfkc(raw)
        var scalars = folded.unicodeScalars.filter { !ValueParser.isSpace($0) }[...]
        guard scalars.count <= 40 else { return .notNumber(raw) }
        if scalars.count <= 3, missingMarks.contains(String(String.UnicodeScalarView(scalars))) { return .missing(original: raw) }
        guard scalars.contains(where: { ("0"..."9").contains($0) }) else { return .notNumber(raw) }
        var reformatted = scalars.count != raw.unicodeScalars.count || folded != raw
        var negative = false
        var unit = unitHint
        for (prefix, sign) in signWords {
            if scalars.starts(with: prefix) {
                scalars.removeFirst(prefix.count)
                negative = sign
                reformatted = true
                break
            }
        }
        if let first = scalars.first, first == "-" || first == "−" {
            let run = scalars.prefix { $0 == "-" || $0 == "−" }.count
            scalars.removeFirst(run)
            negative = true
            reformatted = reformatted || run > 1 || first != "-"
        } else if scalars.first == "+" {
            scalars.removeFirst()
            reformatted = true
        }
        // Digits and separators, then at most one unit word: anything else is text (most labels stop here).
        if let textStart = scalars.firstIndex(where: { !(("0"..."9").contains($0) || $0 == "." || $0 == "," || $0 == "，") }) {
            let tail = scalars[textStart...]
            guard unitWords.contains(where: { $0.0.elementsEqual(tail) }) else { return .notNumber(raw) }
        }
        for (tail, money) in unitWords {
            if scalars.count > tail.count, scalars.suffix(tail.count).elementsEqual(tail) {
                scalars.removeLast(tail.count)
                if let money { unit = money }
                reformatted = true
                break
            }
        }
        if scalars.contains(where: { $0 == "," || $0 == "，" }) {
            scalars = scalars.filter { $0 != "," && $0 != "，" }[...]
            reformatted = true
        }
        let points = scalars.filter { $0 == "." }.count
        guard !scalars.isEmpty, points <= 1, scalars.first != ".", scalars.last != ".",
              scalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
              var value = Decimal(string: String(String.UnicodeScalarView(scalars)), locale: Locale(identifier: "en_US_POSIX")) else {
            return .notNumber(raw)
        }
        if negative { value = -value }
        if kind == .money && unit == .yuan {
            value /= 10_000
            reformatted = true
        }
        return .number(value, original: reformatted ? raw : nil)
    }
}
