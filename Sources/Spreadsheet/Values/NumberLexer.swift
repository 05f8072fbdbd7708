// One reading of "a number" for every reader and the normaliser: ASCII and full-width digits, thousands separators,
// a decimal point, signs and sign words, unit words, blanks and placeholders.

/// What a cell's text says, read as a number.
public enum NumberToken: Sendable, Equatable {
    /// A number, with how it was written.
    case number(LexedNumber)
    /// Nothing filled in: blank, or a mark for none (`/`, `—`, `无`).
    case placeholder(Placeholder)
    /// Text that is not a number (a label, `见附件`, `2024-01-15`).
    case notNumber

    /// What fills a value cell of a table as people type it: a tidy number (`12`, `1,472`, `３８４`, `12件`) or a
    /// mark for none. Table finders in text, documents and PDFs tell value cells from labels by it.
    public var isTableValue: Bool {
        switch self {
        case .number(let number): return number.isTidy
        case .placeholder(let placeholder): return placeholder != .blank
        case .notNumber: return false
        }
    }
}

/// A mark that stands for "nothing filled in".
public enum Placeholder: Sendable, Equatable {
    /// Empty, or only spaces.
    case blank
    /// `-`, `--`, `---`, `—`, `——`, `–`, `－`.
    case dash
    /// `/`, `／`, `\`.
    case slash
    /// `无`, `空`, `未填`, `N/A`, `n/a`, `NA`.
    case none
}

/// A unit word written after a number.
public enum NumberUnit: String, Sendable, CaseIterable {
    case wanYuan = "万元", yuan = "元", wan = "万", personTimes = "人次"
    case piece = "件", unit = "个", item = "项", times = "次", person = "人", household = "家", article = "条",
         matter = "宗", entry = "笔"
}

/// A number as written in a cell.
public struct LexedNumber: Sendable, Equatable {
    /// The number as ASCII decimal text: `-` when negative, the digits, then `.` and the fraction's digits; no
    /// separators, units or spaces (`-1234.5`, `007`).
    public var text: String
    /// The unit word after it, if any.
    public var unit: NumberUnit?
    /// Written exactly as `text`: ASCII, no spaces, separators, plus sign, sign words, minus runs or unit.
    public var isPlain: Bool
    /// Written as people type a quantity into a table: at most one leading minus, thousands separators every three
    /// digits, no spaces, no plus sign or sign words (`增`, `减少`); full-width forms and a unit word are fine.
    public var isTidy: Bool
    /// Two or more integer digits starting with 0 (`007`): a code rather than a count, to Excel.
    public var hasLeadingZero: Bool

    @usableFromInline
    init(text: String, unit: NumberUnit?, isPlain: Bool, isTidy: Bool, hasLeadingZero: Bool) {
        (self.text, self.unit, self.isPlain, self.isTidy, self.hasLeadingZero) = (text, unit, isPlain, isTidy, hasLeadingZero)
    }

    public var isNegative: Bool { text.utf8.first == UInt8(ascii: "-") }
    public var isWhole: Bool { !text.utf8.contains(UInt8(ascii: ".")) }

    /// The value when it is whole and fits (at most 18 digits): exact, with no string parsing.
    public var wholeValue: Int64? {
        var value: Int64 = 0
        var digits = 0
        var negative = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            digits += 1
            guard digits <= 18 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return negative ? -value : value
    }
}

/// Reads a cell's text as a number. Plain ASCII numbers (`12`, `-3`, `96171.6`) take a byte-level fast path that
/// makes no string; everything else is read once over its scalars, full-width forms folded (`１，２３４．５`).
public enum NumberLexer {
    /// Longer texts (after dropping spaces) are never numbers.
    public static let maxScalars = 40

    /// The token `text` makes.
    public static func lex(_ text: String) -> NumberToken {
        if text.isEmpty { return .placeholder(.blank) }
        if let plain = plainNumber(text) { return .number(plain) }
        return lexScalars(text)
    }

    /// `text` when it is a plain ASCII number (`12`, `-3`, `007`, `96171.6`: an optional minus, digits, an optional
    /// fraction), read on its bytes; nil for anything else.
    @inlinable
    public static func plainNumber(_ text: String) -> LexedNumber? {
        var index = 0
        var integerDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        var firstDigit: UInt8 = 0
        for byte in text.utf8 {
            defer { index += 1 }
            if byte >= 0x30 && byte <= 0x39 {
                if sawPoint { fractionDigits += 1 } else {
                    if integerDigits == 0 { firstDigit = byte }
                    integerDigits += 1
                }
            } else if byte == UInt8(ascii: "-") && index == 0 {
                continue
            } else if byte == UInt8(ascii: "."), !sawPoint, integerDigits > 0 {
                sawPoint = true
            } else {
                return nil
            }
        }
        guard integerDigits > 0, !sawPoint || fractionDigits > 0, index <= maxScalars else { return nil }
        return LexedNumber(text: text, unit: nil, isPlain: true, isTidy: true,
                           hasLeadingZero: firstDigit == UInt8(ascii: "0") && integerDigits > 1)
    }

    /// Whether `utf8` is an optional minus and ASCII digits only (`12`, `-3`): a whole number's source text as written,
    /// checked on its bytes.
    @inlinable
    public static func isPlainWhole(_ utf8: String.UTF8View) -> Bool {
        var digits = 0
        var index = 0
        for byte in utf8 {
            defer { index += 1 }
            if byte >= 0x30 && byte <= 0x39 { digits += 1; continue }
            if byte == UInt8(ascii: "-") && index == 0 { continue }
            return false
        }
        return digits > 0
    }

    /// The value of a decimal digit, ASCII or full-width (`３`); nil for any other scalar.
    @inline(__always)
    public static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    /// Whether `text` holds characters whose compatibility form (NFKC) differs other than full-width ASCII and the
    /// ideographic space, which the lexer folds itself (`①`, `²`, `ｶ`): a caller that wants those read as their
    /// compatibility forms folds the text first.
    public static func hasOtherCompatibilityForms(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where !isFoldedHere(scalar) { return true }
        return false
    }

    /// Scalars NFKC leaves alone or maps exactly as the lexer does.
    @inline(__always)
    static func isFoldedHere(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x7F, 0x2012...0x2015, 0x2018...0x201F, 0x2212, 0x3000...0x3003, 0x3008...0x3011, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        if (0x4E00...0x9FFF).contains(scalar.value) { return false }
        return scalar.properties.isWhitespace
    }

    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    /// Scalars a number or a placeholder can begin with (after folding); any other first scalar means text.
    @inline(__always)
    static func canStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "-", "+", ".", ",", "/", "\\", "\u{2212}", "—", "–", "增", "减", "无", "空", "未", "N", "n": return true
        default: return false
        }
    }

    static let placeholders: [(String, Placeholder)] = [
        ("/", .slash), ("\\", .slash), ("-", .dash), ("--", .dash), ("---", .dash), ("—", .dash), ("——", .dash), ("–", .dash),
        ("无", .none), ("空", .none), ("未填", .none), ("N/A", .none), ("n/a", .none), ("NA", .none),
    ]
    static let placeholderScalars: [([Unicode.Scalar], Placeholder)] = placeholders.map { (Array($0.0.unicodeScalars), $0.1) }

    /// Sign words before a number (`增1423`, `减8`), longest first.
    static let signWords: [([Unicode.Scalar], Bool)] = [("增加", false), ("减少", true), ("增", false), ("减", true)]
        .map { (Array($0.0.unicodeScalars), $0.1) }

    /// Unit words, longest first within each shared ending.
    static let unitWords: [([Unicode.Scalar], NumberUnit)] = NumberUnit.allCases.map { (Array($0.rawValue.unicodeScalars), $0) }

    /// The general path: folds full-width forms and the ideographic space, drops spaces, then reads placeholder marks,
    /// sign words, a minus run or plus, digits with separators and a point, and at most one unit word.
    static func lexScalars(_ text: String) -> NumberToken {
        var scalars: [Unicode.Scalar] = []
        var sawSpace = false
        for var scalar in text.unicodeScalars {
            if scalar.value >= 0xFF01 && scalar.value <= 0xFF5E { scalar = Unicode.Scalar(scalar.value - 0xFEE0)! }
            if isSpace(scalar) { sawSpace = true; continue }
            // Most texts are labels: they stop at their first character.
            if scalars.isEmpty && !canStart(scalar) { return .notNumber }
            scalars.append(scalar)
            if scalars.count > maxScalars { return .notNumber }
        }
        if scalars.isEmpty { return .placeholder(.blank) }
        if scalars.count <= 3, let mark = placeholderScalars.first(where: { $0.0 == scalars })?.1 { return .placeholder(mark) }
        guard scalars.contains(where: isDigit) else { return .notNumber }

        var index = 0
        var negative = false
        var tidy = !sawSpace
        for (word, sign) in signWords where scalars.starts(with: word) {
            index = word.count
            negative = sign
            tidy = false
            break
        }
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "\u{2212}" {
            let start = index
            while index < scalars.count, scalars[index] == "-" || scalars[index] == "\u{2212}" { index += 1 }
            negative = true
            if index - start > 1 || scalars[start] != "-" { tidy = false }
        } else if index < scalars.count, scalars[index] == "+" {
            index += 1
            tidy = false
        }
        // Digits, separators and a point; then at most one unit word and nothing else.
        let bodyStart = index
        while index < scalars.count, isDigit(scalars[index]) || scalars[index] == "." || scalars[index] == "," || scalars[index] == "，" {
            index += 1
        }
        let body = scalars[bodyStart..<index]
        var unit: NumberUnit?
        if index < scalars.count {
            let tail = scalars[index...]
            guard let found = unitWords.first(where: { $0.0.elementsEqual(tail) }) else { return .notNumber }
            unit = found.1
        }
        var digits = negative ? "-" : ""
        var points = 0
        var integerDigits = 0
        var firstDigit: Unicode.Scalar = "0"
        var position = body.startIndex
        while position < body.endIndex {
            let scalar = body[position]
            switch scalar {
            case ",", "，":
                // A thousands separator follows a digit of the integer part and is followed by exactly three digits.
                let after = position + 1
                var grouped = points == 0 && position > body.startIndex && isDigit(body[position - 1]) && after + 3 <= body.endIndex
                if grouped { grouped = (after..<after + 3).allSatisfy { isDigit(body[$0]) } }
                if grouped, after + 3 < body.endIndex, isDigit(body[after + 3]) { grouped = false }
                if !grouped { tidy = false }
            case ".":
                points += 1
                digits.unicodeScalars.append(scalar)
            default:
                if points == 0 {
                    if integerDigits == 0 { firstDigit = scalar }
                    integerDigits += 1
                }
                digits.unicodeScalars.append(scalar)
            }
            position += 1
        }
        let unsigned = digits.unicodeScalars.dropFirst(negative ? 1 : 0)
        guard let first = unsigned.first, let last = unsigned.last, points <= 1, first != ".", last != "." else { return .notNumber }
        return .number(LexedNumber(text: digits, unit: unit, isPlain: digits == text, isTidy: tidy,
                                   hasLeadingZero: firstDigit == "0" && integerDigits > 1))
    }
}
