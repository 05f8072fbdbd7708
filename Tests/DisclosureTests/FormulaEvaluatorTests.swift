// Formulas without cached values: evaluated once per cell, bounded in depth and time, cycles named; the three bombs.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct FormulaEvaluatorTests {
    func grid(_ formulas: [String: String], numbers: [String: Double] = [:]) -> Grid {
        var grid = Grid()
        for (a1, formula) in formulas { if let ref = CellRef(a1) { grid[ref] = Cell(.empty, formula: formula) } }
        for (a1, number) in numbers { if let ref = CellRef(a1) { grid[ref] = Cell(.number(number, source: "\(Int(number))")) } }
        return grid
    }

    @Test func arithmeticAndSums() {
        let evaluator = FormulaEvaluator(grid: grid(["A3": "A1*2"], numbers: ["A1": 4, "A2": 5]))
        #expect(evaluator.evaluate("=SUM(A1:A2)+A3-(1+2)/3") == .success(16))
        #expect(evaluator.evaluate("-(-A1)") == .success(4))
        #expect(evaluator.evaluate("VLOOKUP(A1,B:C,2,0)") == .failure(.notEvaluable))
        #expect(evaluator.evaluate("A1/0") == .failure(.notEvaluable))
    }

    /// 20,000 nested brackets or signs once overflowed the stack; now the nesting is counted.
    @Test func deepNestingIsTooDeepNotACrash() {
        let evaluator = FormulaEvaluator(grid: Grid())
        #expect(evaluator.evaluate(String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)) == .failure(.tooDeep))
        #expect(evaluator.evaluate(String(repeating: "-", count: 20_000) + "1") == .failure(.tooDeep))
        #expect(evaluator.evaluate(String(repeating: "SUM(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)) == .failure(.tooDeep))
        let nested = String(repeating: "(", count: FormulaEvaluator.maxDepth - 2) + "7" + String(repeating: ")", count: FormulaEvaluator.maxDepth - 2)
        #expect(evaluator.evaluate(nested) == .success(7))
    }

    /// A1 = A2 + 1, A2 = A3 + 1, … 20,000 cells: the hops count towards the same depth.
    @Test func longChainsOfCellsAreTooDeep() {
        var formulas: [String: String] = [:]
        for row in 1...20_000 { formulas["A\(row)"] = "A\(row + 1)+1" }
        let evaluator = FormulaEvaluator(grid: grid(formulas))
        #expect(evaluator.evaluate("A1", at: CellRef(row: 0, column: 1)) == .failure(.tooDeep))
    }

    /// A1 = A2 + A2, A2 = A3 + A3 … 60 deep is 2^60 visits without a memo; with it, 60.
    @Test func exponentialChainsAreMemoised() {
        var formulas: [String: String] = [:]
        for row in 1...60 { formulas["A\(row)"] = "A\(row + 1)+A\(row + 1)" }
        let evaluator = FormulaEvaluator(grid: grid(formulas, numbers: ["A61": 1]))
        let start = ContinuousClock.now
        #expect(evaluator.evaluate("A1") == .success(pow(Decimal(2), 60)))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func cyclesAreNamed() {
        let evaluator = FormulaEvaluator(grid: grid(["B1": "B2+1", "B2": "B3", "B3": "B1*1"]))
        #expect(evaluator.evaluate("B2+1", at: CellRef(row: 0, column: 1))
            == .failure(.cycle([CellRef(row: 0, column: 1), CellRef(row: 1, column: 1), CellRef(row: 2, column: 1)])))
        #expect(FormulaEvaluator(grid: grid(["C1": "C1"])).evaluate("C1", at: CellRef(row: 0, column: 2))
            == .failure(.cycle([CellRef(row: 0, column: 2)])))
    }

    @Test func theFileBudgetStopsSlowFormulas() {
        // 100 SUMs of 100,000 cells each would take seconds; a budget already spent stops them.
        let evaluator = FormulaEvaluator(grid: grid([:]), deadline: .now - .seconds(1))
        #expect(evaluator.evaluate(Array(repeating: "SUM(A1:J10000)", count: 100).joined(separator: "+")) == .failure(.timeout))
    }

    @Test func normaliserReportsEachBombWithItsCode() throws {
        for (name, code) in [("deep-nesting", "value.formula_too_deep"), ("cycle", "value.formula_cycle")] {
            let report = try Pipeline.report(path: Fixtures.path("bombs/\(name).xlsx"))
            let finding = try #require(report.findings.first { $0.code == code }, "\(name)")
            #expect(finding.severity == .error)
            #expect(finding.keys == ["s3.new.total"])
            #expect(finding.placedCells.map(\.reference) == ["J23"])
            #expect(report.values["s3.new.total"] == nil)
        }
        let chain = try Pipeline.report(path: Fixtures.path("bombs/exponential-chain.xlsx"))
        #expect(chain.values["s3.new.total"] == pow(Decimal(2), 60))
        #expect(chain.errorCount == 2)
    }
}
