// Evaluates the simple formulas scripts leave uncached: SUM over cells and ranges, + - * /, constants; bounded.
import Foundation
import Spreadsheet

/// Why a formula has no value.
public enum FormulaFailure: Error, Sendable, Equatable {
    /// Not simple arithmetic over the sheet (a function, a text, another sheet, a division by 0).
    case notEvaluable
    /// Nested (brackets, signs, cell references) deeper than `FormulaEvaluator.maxDepth`.
    case tooDeep
    /// The cell refers back to itself, through the cells named here (the formula's own cell first).
    case cycle([CellRef])
    /// The file's time budget for formulas ran out.
    case timeout
}

/// Evaluates arithmetic formulas over cells of one sheet; anything else is a `FormulaFailure`.
///
/// Hostile files must not take the process down: the recursion (brackets, unary signs, cell references) is bounded
/// by one depth counter, every cell is evaluated at most once (an exponential chain A1=A2+A2, A2=A3+A3 … is linear),
/// a cell met again while it is being evaluated is a cycle, and all evaluations of one file share a deadline.
public final class FormulaEvaluator {
    /// Brackets, signs and cell hops together; Excel itself allows 64 nested functions. Kept low so the recursion
    /// fits any thread's stack (batch workers included), even in debug builds.
    public static let maxDepth = 100
    /// Cells a SUM range may cover.
    static let maxRangeCells = 100_000

    public let grid: Grid
    private let deadline: ContinuousClock.Instant
    private var memo: [CellRef: Result<Decimal, FormulaFailure>] = [:]
    /// Cells being evaluated, innermost last (for cycles).
    private var inProgress: [CellRef] = []
    private var steps = 0

    /// `deadline`: when the file's budget ends (share one across the sheets of a file).
    public init(grid: Grid, deadline: ContinuousClock.Instant = .now + .seconds(2)) {
        self.grid = grid
        self.deadline = deadline
    }

    /// The value of `formula` (with or without `=`), as if it stood in `cell`.
    public func evaluate(_ formula: String, at cell: CellRef? = nil) -> Result<Decimal, FormulaFailure> {
        if let cell {
            if let known = memo[cell] { return known }
            inProgress.append(cell)
        }
        let result = evaluate(formula, depth: 0)
        if let cell {
            inProgress.removeLast()
            memo[cell] = result
        }
        return result
    }

    private func evaluate(_ formula: String, depth: Int) -> Result<Decimal, FormulaFailure> {
        var parser = Parser(text: formula.hasPrefix("=") ? String(formula.dropFirst()) : formula, evaluator: self, depth: depth)
        do {
            let value = try parser.expression()
            guard parser.atEnd else { return .failure(.notEvaluable) }
            return .success(value)
        } catch let failure as FormulaFailure {
            return .failure(failure)
        } catch {
            return .failure(.notEvaluable)
        }
    }

    /// Counts work; throws once the deadline has passed (the clock is read every 1024 steps).
    fileprivate func tick() throws(FormulaFailure) {
        steps &+= 1
        if steps & 1023 == 0, ContinuousClock.now > deadline { throw .timeout }
    }

    fileprivate func value(at ref: CellRef, depth: Int) throws(FormulaFailure) -> Decimal {
        try tick()
        let cell = grid[ref]
        switch cell.value {
        case .empty:
            guard let formula = cell.formula else { return 0 }
            if let known = memo[ref] { return try known.get() }
            if let start = inProgress.firstIndex(of: ref) { throw .cycle(Array(inProgress[start...])) }
            guard depth + 1 < Self.maxDepth else { throw .tooDeep }
            inProgress.append(ref)
            let result = evaluate(formula, depth: depth + 1)
            inProgress.removeLast()
            // A failure that belongs to the whole file (the budget) is not this cell's value.
            if result != .failure(.timeout) { memo[ref] = result }
            return try result.get()
        case .number(_, let source):
            guard let value = Decimal(string: source, locale: Locale(identifier: "en_US_POSIX")) else { throw .notEvaluable }
            return value
        case .text(let text):
            return ValueParser.parse(text: text, kind: .signedCount).decimal ?? 0
        default:
            throw .notEvaluable
        }
    }

    private struct Parser {
        var scalars: [Character]
        var index = 0
        let evaluator: FormulaEvaluator
        /// Nesting so far: the cell hops that led here plus the brackets and signs open in this formula.
        var depth: Int

        init(text: String, evaluator: FormulaEvaluator, depth: Int) {
            scalars = Array(text.filter { !$0.isWhitespace })
            self.evaluator = evaluator
            self.depth = depth
        }

        var atEnd: Bool { index >= scalars.count }
        var peek: Character? { index < scalars.count ? scalars[index] : nil }

        /// Enters one level of nesting (a bracket, a sign, a SUM); `leave()` when it closes.
        mutating func enter() throws(FormulaFailure) {
            guard depth + 1 < FormulaEvaluator.maxDepth else { throw .tooDeep }
            depth += 1
        }

        mutating func leave() { depth -= 1 }

        mutating func expression() throws(FormulaFailure) -> Decimal {
            var value = try term()
            while let op = peek, op == "+" || op == "-" {
                index += 1
                let right = try term()
                value = op == "+" ? value + right : value - right
            }
            return value
        }

        mutating func term() throws(FormulaFailure) -> Decimal {
            var value = try factor()
            while let op = peek, op == "*" || op == "/" {
                index += 1
                let right = try factor()
                if op == "*" { value *= right } else {
                    guard right != 0 else { throw .notEvaluable }
                    value /= right
                }
            }
            return value
        }

        mutating func factor() throws(FormulaFailure) -> Decimal {
            try evaluator.tick()
            guard let next = peek else { throw .notEvaluable }
            if next == "-" || next == "+" {
                index += 1
                try enter()
                let value = try factor()
                leave()
                return next == "-" ? -value : value
            }
            if next == "(" {
                index += 1
                try enter()
                let value = try expression()
                leave()
                guard peek == ")" else { throw .notEvaluable }
                index += 1
                return value
            }
            if next.isNumber || next == "." {
                var text = ""
                while let c = peek, c.isNumber || c == "." { text.append(c); index += 1 }
                guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { throw .notEvaluable }
                return value
            }
            var word = ""
            while let c = peek, c.isLetter || c.isNumber || c == "$" { word.append(c); index += 1 }
            if word.uppercased() == "SUM" {
                guard peek == "(" else { throw .notEvaluable }
                index += 1
                try enter()
                let value = try sumArguments()
                leave()
                return value
            }
            guard let ref = CellRef(word.replacingOccurrences(of: "$", with: "")) else { throw .notEvaluable }
            return try evaluator.value(at: ref, depth: depth)
        }

        /// The arguments of SUM after its `(`, through the closing `)`.
        mutating func sumArguments() throws(FormulaFailure) -> Decimal {
            var total: Decimal = 0
            while true {
                if let range = rangeOrRef() {
                    total += try sum(range)
                } else {
                    total += try expression()
                }
                if peek == "," || peek == ";" { index += 1; continue }
                guard peek == ")" else { throw .notEvaluable }
                index += 1
                return total
            }
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

        func sum(_ range: CellRange) throws(FormulaFailure) -> Decimal {
            guard (range.last.row - range.first.row + 1) * (range.last.column - range.first.column + 1) <= FormulaEvaluator.maxRangeCells
            else { throw .notEvaluable }
            var total: Decimal = 0
            for row in range.first.row...range.last.row {
                for column in range.first.column...range.last.column {
                    total += try evaluator.value(at: CellRef(row: row, column: column), depth: depth)
                }
            }
            return total
        }
    }
}
