// Turns located cells into a Report: typed values per the checks document, with value findings.
import Foundation
import Spreadsheet

/// Located cells → typed values (exact decimals) and value findings.
public enum Normaliser {
    /// Reads every located cell. Blank rows give one `value.missing` finding per row (listing its cells).
    public static func normalise(_ located: LocatedTables, strict: Bool = false) -> Report {
        var report = Report(source: located.workbook.source, layout: located.layout, agency: located.agency,
                            year: located.year, findings: located.findings, narrative: located.workbook.narrative)
        if located.workbook.format.isDocument { report.narrativeUnit = "段" }
        var missingByRow: [(row: String, keys: [String], cells: [SourceCell])] = []
        // One evaluator per sheet (its memo), one formula budget per file.
        var evaluators: [Int: FormulaEvaluator] = [:]
        let deadline = ContinuousClock.now + formulaBudget
        // Keys are walked in layout order, by position: a key's name is read only for a finding.
        let positions = located.layout.keys.entryPositions
        var entry = 0
        for table in located.layout.tables {
            for row in table.rows {
                var missingKeys: [String] = []
                var missingCells: [SourceCell] = []
                // By index: a key's name is retained only when a finding or the missing list needs it.
                for index in 0..<min(row.valueKeys.count, row.columns.count) {
                    let position = positions[entry]
                    entry += 1
                    let kind = row.columns[index].kind
                    // Plain whole number cells (nearly every cell), read in place: no copy of the located value.
                    if let whole = located.values.peek(position, { Self.plainWhole($0, kind: kind) }) {
                        report.cells[position: position] = located.values.peek(position) { $0.source }
                        report.values.set(Decimal(whole), scaled: whole * ScaledDecimal.scale, at: position)
                        continue
                    }
                    guard let value = located.values[position: position] else { continue }
                    report.cells[position: position] = value.source
                    let key = row.valueKeys[index]
                    var parsed = ValueParser.parse(value.cell, kind: kind, unitHint: value.unit)
                    var failure = FormulaFailure.notEvaluable
                    if case .uncachedFormula(let formula) = parsed {
                        let evaluator = evaluators[value.sheetIndex] ?? FormulaEvaluator(grid: located.workbook.sheets[value.sheetIndex].grid, deadline: deadline)
                        evaluators[value.sheetIndex] = evaluator
                        switch evaluator.evaluate(formula, at: CellRef(row: value.source.row, column: value.source.column)) {
                        case .success(let result): parsed = .number(result, original: nil)
                        case .failure(let reason): failure = reason
                        }
                    }
                    switch parsed {
                    case .number(let number, let original):
                        if let original {
                            report.findings.append(Finding(.valueReformatted,
                                                           message: "\(value.source)「\(original)」按 \(Self.format(number))\(kind == .money ? " 万元" : "") 读取",
                                                           keys: [key], cells: [value.source], actual: number))
                        }
                        // Whole non-negative numbers (nearly every cell) need neither test below: a number cell read as
                        // itself (no unit conversion) is whole when its double is.
                        if original == nil, case .number(let double, _) = value.cell.value, value.cell.formula == nil,
                           double >= 0, double == double.rounded() {
                            // The same whole number as `number`, so its scaled form needs no Decimal arithmetic.
                            report.values.set(number, scaled: double < 900_000_000 ? Int64(double) * ScaledDecimal.scale : ScaledDecimal.scaled(number),
                                              at: position)
                            continue
                        }
                        report.values.set(number, scaled: ScaledDecimal.scaled(number), at: position)
                        if kind != .signedCount && number < 0 {
                            report.findings.append(Finding(.valueNegative,
                                                           message: "\(value.source) 为负数 \(Self.format(number))，件数不能为负",
                                                           keys: [key], cells: [value.source], actual: number))
                        }
                        if kind != .money && number != number.rounded(0) {
                            report.findings.append(Finding(.valueNotInteger,
                                                           message: "\(value.source) 为 \(Self.format(number))，件数应为整数",
                                                           keys: [key], cells: [value.source], actual: number))
                        }
                    case .missing:
                        missingKeys.append(key)
                        missingCells.append(value.source)
                    case .notNumber(let text):
                        report.findings.append(Finding(.valueNotNumber,
                                                       message: "\(value.source)「\(text)」不是数字，按缺失处理", keys: [key], cells: [value.source]))
                    case .uncachedFormula(let formula):
                        report.findings.append(formulaFinding(failure, formula: formula, key: key, cell: value.source))
                    }
                }
                if !missingKeys.isEmpty { missingByRow.append((row.path.joined(separator: " › "), missingKeys, missingCells)) }
            }
        }
        for entry in missingByRow {
            let where_ = entry.cells.map(\.reference).joined(separator: "、")
            report.findings.append(Finding(.valueMissing, alternative: strict,
                                           message: "「\(entry.row)」有 \(entry.keys.count) 个单元格为空或填“/”“—”（\(where_)），按 0 计算；没有发生请填 0",
                                           keys: entry.keys, cells: entry.cells))
        }
        if located.workbook.sheets.contains(where: { !$0.grid.hidden.isEmpty }) { report.findings += hiddenValues(located) }
        return report
    }

    /// Values read from rows or columns the sheet hides: read as any other, but a person looking at the sheet or its
    /// printout does not see them, so each layout row that has some says which.
    static func hiddenValues(_ located: LocatedTables) -> [Finding] {
        var findings: [Finding] = []
        let positions = located.layout.keys.entryPositions
        var entry = 0
        for table in located.layout.tables {
            for row in table.rows {
                var keys: [String] = []
                var cells: [SourceCell] = []
                for index in 0..<min(row.valueKeys.count, row.columns.count) {
                    let position = positions[entry]
                    entry += 1
                    guard let value = located.values[position: position], !value.cell.isBlank,
                          located.workbook.sheets.indices.contains(value.sheetIndex),
                          located.workbook.sheets[value.sheetIndex].grid.hidden.isHidden(row: value.source.row, column: value.source.column)
                    else { continue }
                    keys.append(row.valueKeys[index])
                    cells.append(value.source)
                }
                guard !keys.isEmpty else { continue }
                let where_ = cells.map(\.reference).joined(separator: "、")
                findings.append(Finding(.valueHidden,
                                        message: "「\(row.path.joined(separator: " › "))」有 \(keys.count) 个数值在隐藏的行或列中（\(where_)），屏幕上和打印出来都看不到，已照常读取；请确认这些数值应当计入",
                                        keys: keys, cells: cells))
            }
        }
        return findings
    }

    /// A whole non-negative number cell as `ValueParser.parse` reads it unchanged (no formula, unit or reformatting):
    /// the same `Decimal`, with a scaled form that needs no Decimal arithmetic. Nil for any other cell.
    @inline(__always)
    static func plainWhole(_ value: LocatedValue, kind: ValueKind) -> Int64? {
        guard value.cell.formula == nil, case .number(let double, let source) = value.cell.value, double >= 0,
              double < 900_000_000, double == double.rounded(), !(kind == .money && value.unit == .yuan),
              NumberLexer.isPlainWhole(source.utf8) else { return nil }
        return Int64(double)
    }

    /// How long the formulas of one file may take to evaluate, all sheets together.
    public static let formulaBudget = Duration.seconds(2)

    /// Why a formula without a cached value gave no number; hostile formulas are errors, others warnings.
    static func formulaFinding(_ failure: FormulaFailure, formula: String, key: String, cell: SourceCell) -> Finding {
        let shown = formula.count > 60 ? "=\(formula.prefix(60))…" : "=\(formula)"
        let (code, why): (FindingCode, String)
        switch failure {
        case .notEvaluable:
            (code, why) = (.valueFormulaUncached, "没有计算结果且无法计算，按缺失处理；请在 Excel/WPS 中打开并保存一次")
        case .tooDeep:
            (code, why) = (.valueFormulaTooDeep, "嵌套超过 \(FormulaEvaluator.maxDepth) 层（括号、正负号或引用的单元格），未计算，按缺失处理")
        case .cycle(let path):
            let loop = (path + path.prefix(1)).map(\.a1).joined(separator: " → ")
            (code, why) = (.valueFormulaCycle, "循环引用（\(loop)），无法计算，按缺失处理")
        case .timeout:
            (code, why) = (.valueFormulaTimeout, "在本文件的公式计算时限（\(formulaBudget.components.seconds) 秒）内未能算完，按缺失处理")
        }
        return Finding(code, message: "\(cell) 的公式「\(shown)」\(why)", keys: [key], cells: [cell])
    }

    /// A decimal as plain text (`25.1`, `-3`).
    public static func format(_ value: Decimal) -> String {
        if let scaled = ScaledDecimal.scaled(value) { return ScaledDecimal.text(scaled) }
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 4, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}

extension Decimal {
    func rounded(_ scale: Int) -> Decimal {
        var copy = self
        var result = Decimal()
        NSDecimalRound(&result, &copy, scale, .plain)
        return result
    }
}
