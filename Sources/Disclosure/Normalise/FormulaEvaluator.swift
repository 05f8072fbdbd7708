// Evaluates the simple formulas scripts leave uncached: SUM over cells and ranges, + - * /, constants.
import Foundation
import Spreadsheet

/// Evaluates arithmetic formulas over cells of one sheet. Anything else is reported as not evaluable.
public struct FormulaEvaluator {
    public let grid: Grid
    private let maxDepth = 32

    public init(grid: Grid) { self.grid = grid }

    public func evaluate(_ formula: String) -> Decimal? {
        evaluate(formula, depth: 0)
    }

    private func evaluate(_ formula: String, depth: Int) -> Decimal? {
        guard depth < maxDepth else { return nil }
        var parser = Parser(text: formula.hasPrefix("=") ? String(formula.dropFirst()) : formula, evaluator: self, depth: depth)
        guard let value = parser.expression(), parser.atEnd else { return nil }
        return value
    }

    fileprivate func value(at ref: CellRef, depth: Int) -> Decimal? {
        let cell = grid[ref]
        switch cell.value {
        case .empty:
            if let formula = cell.formula { return evaluate(formula, depth: depth + 1) }
            return 0
        case .number(_, let source):
            return Decimal(string: source, locale: Locale(identifier: "en_US_POSIX"))
        case .text(let text):
            return ValueParser.parse(text: text, kind: .signedCount).decimal ?? 0
        default:
            return nil
        }
    }

    private struct Parser {
        var scalars: [Character]
        var index = 0
        let evaluator: FormulaEvaluator
        let depth: Int

        init(text: String, evaluator: FormulaEvaluator, depth: Int) {
            scalars = Array(text.filter { !$0.isWhitespace })
            self.evaluator = evaluator
            self.depth = depth
        }

        var atEnd: Bool { index >= scalars.count }
        var peek: Character? { index < scalars.count ? scalars[index] : nil }

        mutating func expression() -> Decimal? {
            guard var value = term() else { return nil }
            while let op = peek, op == "+" || op == "-" {
                index += 1
                guard let right = term() else { return nil }
                value = op == "+" ? value + right : value - right
            }
            return value
        }

        mutating func term() -> Decimal? {
            guard var value = factor() else { return nil }
            while let op = peek, op == "*" || op == "/" {
                index += 1
                guard let right = factor() else { return nil }
                if op == "*" { value *= right } else {
                    guard right != 0 else { return nil }
                    value /= right
                }
            }
            return value
        }

        mutating func factor() -> Decimal? {
            guard let next = peek else { return nil }
            if next == "-" { index += 1; return factor().map { -$0 } }
            if next == "+" { index += 1; return factor() }
            if next == "(" {
                index += 1
                let value = expression()
                guard peek == ")" else { return nil }
                index += 1
                return value
            }
            if next.isNumber || next == "." {
                var text = ""
                while let c = peek, c.isNumber || c == "." { text.append(c); index += 1 }
                return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
            }
            var word = ""
            while let c = peek, c.isLetter || c.isNumber || c == "$" { word.append(c); index += 1 }
            if word.uppercased() == "SUM" {
                guard peek == "(" else { return nil }
                index += 1
                var total: Decimal = 0
                while true {
                    if let range = rangeOrRef() {
                        guard let sum = sum(range) else { return nil }
                        total += sum
                    } else if let value = expression() {
                        total += value
                    } else { return nil }
                    if peek == "," || peek == ";" { index += 1; continue }
                    guard peek == ")" else { return nil }
                    index += 1
                    return total
                }
            }
            guard let ref = CellRef(word) else { return nil }
            return evaluator.value(at: ref, depth: depth)
        }

        /// `A1:B3` (only inside SUM); leaves the index untouched when the text is not a range.
        mutating func rangeOrRef() -> CellRange? {
            let start = index
            var text = ""
            while let c = peek, c.isLetter || c.isNumber || c == "$" || c == ":" { text.append(c); index += 1 }
            if text.contains(":"), let range = CellRange(text.replacingOccurrences(of: "$", with: "")) { return range }
            index = start
            return nil
        }

        func sum(_ range: CellRange) -> Decimal? {
            guard (range.last.row - range.first.row + 1) * (range.last.column - range.first.column + 1) <= 100_000 else { return nil }
            var total: Decimal = 0
            for row in range.first.row...range.last.row {
                for column in range.first.column...range.last.column {
                    guard let value = evaluator.value(at: CellRef(row: row, column: column), depth: depth) else { return nil }
                    total += value
                }
            }
            return total
        }
    }
}
