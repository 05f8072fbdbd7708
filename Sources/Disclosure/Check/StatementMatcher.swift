// Matches the narrative statements' regular expressions without ICU: literals, groups of literal alternatives, one (\d+).

/// The form every narrative statement's pattern has — literal text, groups of literal alternatives `(?:a|b)` that may
/// be optional (`?`), and one captured run of digits `(\d+)` — matched the way ICU matches it: the leftmost start,
/// alternatives in order, an optional group tried before it is skipped, the digits greedy with backtracking. A
/// pattern with anything else is not made (its regex is used), and a text with scalars outside ASCII, CJK and their
/// punctuation and full-width forms is left to the regex too (`scalars` is nil): there `\d` is exactly ASCII and
/// full-width digits, whatever Unicode version ICU knows.
struct StatementMatcher: Sendable {
    enum Token: Sendable, Equatable {
        case literal([Unicode.Scalar])
        case group([[Unicode.Scalar]], optional: Bool)
        case digits
    }

    let tokens: [Token]
    /// The scalars a match can start with (it is never empty: the digits consume one at least), and whether a digit can.
    private let firstScalars: [Unicode.Scalar]
    private let startsWithDigit: Bool

    init?(_ pattern: String) {
        let source = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var literal: [Unicode.Scalar] = []
        var captured = false
        var index = 0
        func isSyntax(_ scalar: Unicode.Scalar) -> Bool { "\\^$.|?*+()[]{}#".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace }
        func quantifierFollows(_ at: Int) -> Bool { at < source.count && "?*+{".unicodeScalars.contains(source[at]) }
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = []
        }
        while index < source.count {
            let scalar = source[index]
            guard scalar == "(" else {
                guard !isSyntax(scalar), !quantifierFollows(index + 1) else { return nil }
                literal.append(scalar)
                index += 1
                continue
            }
            flush()
            if source[index...].starts(with: #"(\d+)"#.unicodeScalars) {
                guard !captured, !quantifierFollows(index + 5) else { return nil }
                captured = true
                tokens.append(.digits)
                index += 5
                continue
            }
            guard source[index...].starts(with: "(?:".unicodeScalars) else { return nil }
            index += 3
            var alternatives: [[Unicode.Scalar]] = [[]]
            while index < source.count, source[index] != ")" {
                if source[index] == "|" {
                    alternatives.append([])
                } else {
                    guard !isSyntax(source[index]) else { return nil }
                    alternatives[alternatives.count - 1].append(source[index])
                }
                index += 1
            }
            guard index < source.count else { return nil }
            index += 1
            let optional = index < source.count && source[index] == "?"
            if optional { index += 1 }
            guard !quantifierFollows(index) else { return nil }
            tokens.append(.group(alternatives, optional: optional))
        }
        flush()
        guard captured else { return nil }
        self.tokens = tokens
        var firstScalars: [Unicode.Scalar] = []
        var startsWithDigit = false
        first: for token in tokens {
            switch token {
            case .literal(let scalars):
                firstScalars.append(scalars[0])
                break first
            case .group(let alternatives, let optional):
                for alternative in alternatives { if let first = alternative.first { firstScalars.append(first) } }
                if !optional && !alternatives.contains(where: \.isEmpty) { break first }
            case .digits:
                startsWithDigit = true
                break first
            }
        }
        self.firstScalars = firstScalars
        self.startsWithDigit = startsWithDigit
    }

    /// The text's scalars when every one is ASCII, a CJK ideograph or punctuation, general punctuation or a
    /// full-width form; nil otherwise (the regex decides).
    static func scalars(_ text: String) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x7F, 0x2000...0x206F, 0x3000...0x303F, 0x4E00...0x9FFF, 0xFF00...0xFFEF: scalars.append(scalar)
            default: return nil
            }
        }
        return scalars
    }

    /// Where the first match starts (a scalar offset) and the digits it captured.
    func firstMatch(_ text: [Unicode.Scalar]) -> (start: Int, digits: Range<Int>)? {
        for start in text.indices where firstScalars.contains(text[start]) || (startsWithDigit && StatementMatcher.isDigit(text[start])) {
            if let digits = match(0, at: start, text, captured: nil) { return (start, digits) }
        }
        return nil
    }

    private func match(_ token: Int, at position: Int, _ text: [Unicode.Scalar], captured: Range<Int>?) -> Range<Int>? {
        guard token < tokens.count else { return captured }
        switch tokens[token] {
        case .literal(let scalars):
            guard StatementMatcher.holds(scalars, at: position, text) else { return nil }
            return match(token + 1, at: position + scalars.count, text, captured: captured)
        case .group(let alternatives, let optional):
            for alternative in alternatives where StatementMatcher.holds(alternative, at: position, text) {
                if let found = match(token + 1, at: position + alternative.count, text, captured: captured) { return found }
            }
            return optional ? match(token + 1, at: position, text, captured: captured) : nil
        case .digits:
            var end = position
            while end < text.count, StatementMatcher.isDigit(text[end]) { end += 1 }
            while end > position {
                if let found = match(token + 1, at: end, text, captured: position..<end) { return found }
                end -= 1
            }
            return nil
        }
    }

    private static func holds(_ scalars: [Unicode.Scalar], at position: Int, _ text: [Unicode.Scalar]) -> Bool {
        guard position + scalars.count <= text.count else { return false }
        for (offset, scalar) in scalars.enumerated() where text[position + offset] != scalar { return false }
        return true
    }

    /// `\d` among the scalars `scalars` admits: ASCII and full-width digits.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value)
    }
}
