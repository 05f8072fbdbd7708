// libFuzzer harness, differential: locating through the shape memo gives exactly what a fresh locate gives, for the
// input (read as CSV, so it is memoised) and for a look-alike whose inert rows and numbers were rewritten.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = try? CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: CSVOptions(encoding: .utf8)) else { return 0 }
    var lookalike = read
    lookalike.source = "other.csv"
    for (index, sheet) in read.sheets.enumerated() {
        for row in sheet.grid.nonBlankRows {
            let cells = sheet.grid.columnCells(inRow: row)
            let kinds = cells.map { RowScan.classify($0.cell) }
            let inert = kinds.allSatisfy { if case .text(_, let facts) = $0 { return facts.isInert } else { return false } }
            for (cell, kind) in zip(cells, kinds) {
                if inert { lookalike.sheets[index].grid[row, cell.column] = Cell(.text("某某乡\(row)")) }
                if case .number(let value, _) = cell.cell.value, cell.cell.formula == nil, case .value = kind {
                    lookalike.sheets[index].grid[row, cell.column] = Cell(.number(value + 1))
                }
            }
        }
    }
    LocateMemo.shared.removeAll()
    for workbook in [read, lookalike, read] {
        var fresh = Locator()
        fresh.usesMemo = false
        let expected = fresh.locate(workbook)
        let memoised = Locator().locate(workbook)
        guard expected.layout.id == memoised.layout.id, expected.findings == memoised.findings,
              expected.agency == memoised.agency, expected.year == memoised.year,
              Set(expected.values.keys) == Set(memoised.values.keys),
              expected.values.allSatisfy({ key, value in
                  let other = memoised.values[key]!
                  return value.cell == other.cell && value.source == other.source && value.sheetIndex == other.sheetIndex && value.unit == other.unit
              }) else {
            fatalError("memoised locate differs from a fresh locate for \(workbook.source)")
        }
    }
    return 0
}
