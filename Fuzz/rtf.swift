// libFuzzer harness: the RTF reader on arbitrary bytes (tokenizer, code pages, destinations, tables, nesting).
func fuzz_rtf(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let workbook = try? RTFReader.read(buffer: bytes, fileName: "fuzz.rtf") else { return 0 }
    // Every merged range lies inside its grid's caps, and tables are numbered 1, 2, 3… in order.
    for (index, sheet) in workbook.sheets.enumerated() {
        precondition(sheet.tableNumber ?? 0 > index, "tables numbered in order")
        for range in sheet.grid.merged {
            precondition(range.first.row >= 0 && range.first.column >= 0 && range.last.column < TableBuilder.maxColumns)
        }
    }
    return 0
}
