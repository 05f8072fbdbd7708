// libFuzzer harness: the formula evaluator on arbitrary text; line 1 is the formula, lines 2… fill A1, A2, … (numbers or formulas).
func fuzz_formula(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let lines = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
    guard let formula = lines.first else { return 0 }
    var grid = Grid()
    for (row, line) in lines.dropFirst().prefix(64).enumerated() {
        if let number = Double(line) {
            grid[CellRef(row: row, column: 0)] = Cell(.number(number, source: String(line)))
        } else if !line.isEmpty {
            grid[CellRef(row: row, column: 0)] = Cell(.empty, formula: String(line))
        }
    }
    // A budget short enough for libFuzzer's timeout, long enough to reach every bound.
    let evaluator = FormulaEvaluator(grid: grid, deadline: .now + .milliseconds(500))
    _ = evaluator.evaluate(String(formula), at: CellRef(row: 0, column: 0))
    _ = evaluator.evaluate(String(formula), at: CellRef(row: 100, column: 5))
    return 0
}
