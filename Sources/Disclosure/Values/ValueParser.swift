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
            if double == double.rounded(), abs(double) < 1e15, NumberLexer.isPlainWhole(source.utf8) {
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

    /// Parses text such as `１２`, ` 3 `, `1,234`, `12件`, `23600万元`, `251000元`, `增1423`, `减8`, `--253`
    /// (a run of minus signs is one minus) through `NumberLexer`: this runs for every text cell. Other compatibility
    /// forms than full-width ASCII (`①`) are read after NFKC, as before the lexer.
    public static func parse(text raw: String, kind: ValueKind, unitHint: MoneyUnit = .wan) -> ParsedValue {
        var token = NumberLexer.lex(raw)
        var refolded = false
        if token == .notNumber, NumberLexer.hasOtherCompatibilityForms(raw) {
            token = NumberLexer.lex(LabelNormaliser.nfkc(raw))
            refolded = true
        }
        switch token {
        case .notNumber:
            return .notNumber(raw)
        case .placeholder:
            return .missing(original: raw)
        case .number(let number):
            var unit = unitHint
            switch number.unit {
            case .wan?: return .notNumber(raw)  // 万 alone: a count in ten thousands, never written in a cell we read
            case .yuan?: unit = .yuan
            case .wanYuan?: unit = .wan
            default: break
            }
            guard var value = decimal(number) else { return .notNumber(raw) }
            var reformatted = !number.isPlain || refolded
            if kind == .money && unit == .yuan {
                value /= 10_000
                reformatted = true
            }
            return .number(value, original: reformatted ? raw : nil)
        }
    }

    /// The exact value of a lexed number: whole numbers of up to 18 digits without string parsing.
    static func decimal(_ number: LexedNumber) -> Decimal? {
        if let whole = number.wholeValue { return Decimal(whole) }
        let negative = number.isNegative
        guard let magnitude = Decimal(string: negative ? String(number.text.dropFirst()) : number.text,
                                      locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return negative ? -magnitude : magnitude
    }
}
