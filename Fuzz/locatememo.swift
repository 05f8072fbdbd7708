// libFuzzer harness, differential: locating through the shape memo gives exactly what a fresh locate gives — values,
// findings and every value's provenance (sheet, cell, line, table, page) — on every format: the first byte chooses how
// the rest is read (CSV, report text, web page, Word document.xml, ODS content.xml, xlsx/xls bytes, PDF glyphs), and
// each input is located with a look-alike (inert rows and numbers rewritten) and, for PDFs, with a cover page added.
func fuzz_locatememo(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 1 else { return 0 }
    let selector = data[0] % 8
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var workbooks: [Workbook] = []
    switch selector {
    case 0: workbooks = [try? CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: CSVOptions(encoding: .utf8))].compactMap { $0 }
    case 1: workbooks = [try? ReportTextReader.read(bytes: bytes, fileName: "fuzz.txt")].compactMap { $0 }
    case 2: workbooks = [try? HTMLReader.read(bytes: bytes, fileName: "fuzz.html")].compactMap { $0 }
    case 3: workbooks = [try? DOCXReader.read(documentXML: bytes, fileName: "fuzz.docx")].compactMap { $0 }
    case 4: workbooks = [try? ODSReader.read(contentXML: bytes, fileName: "fuzz.ods")].compactMap { $0 }
    case 5: workbooks = [try? XLSXReader(bytes: bytes, fileName: "fuzz.xlsx").readWorkbook()].compactMap { $0 }
    case 6: workbooks = [try? XLSReader.read(bytes: bytes, fileName: "fuzz.xls")].compactMap { $0 }
    default:
        guard let text = pdfText(bytes) else { return 0 }
        let cover = PDFPageText(width: 595, height: 842, glyphs: [PDFGlyph(scalar: "封", x0: 280, y0: 300, x1: 300, y1: 320)])
        workbooks = [text, PDFText(pages: [cover] + text.pages)].compactMap { try? PDFReader.workbook($0, fileName: "fuzz\($0.pages.count).pdf") }
    }
    guard let read = workbooks.first else { return 0 }
    LocateMemo.shared.removeAll()
    for workbook in workbooks + [lookalike(read), read] {
        var fresh = Locator()
        fresh.usesMemo = false
        let expected = fresh.locate(workbook)
        let memoised = Locator().locate(workbook)
        guard expected.layout.id == memoised.layout.id, expected.findings == memoised.findings,
              expected.agency == memoised.agency, expected.year == memoised.year,
              Set(expected.values.keys) == Set(memoised.values.keys),
              expected.values.allSatisfy({ key, value in
                  guard let other = memoised.values[key] else { return false }
                  return value.cell == other.cell && value.source == other.source && value.source.page == other.source.page
                      && value.source.line == other.source.line && value.source.table == other.source.table
                      && value.sheetIndex == other.sheetIndex && value.unit == other.unit
              }) else {
            fatalError("memoised locate differs from a fresh locate for \(workbook.source)")
        }
    }
    return 0
}

/// The same workbook with its inert texts and its numbers changed: what the memo may treat as the same shape.
private func lookalike(_ read: Workbook) -> Workbook {
    var other = read
    other.source = "other." + (read.source.split(separator: ".").last.map(String.init) ?? "csv")
    for (index, sheet) in read.sheets.enumerated() {
        for row in sheet.grid.nonBlankRows {
            let cells = sheet.grid.columnCells(inRow: row)
            let kinds = cells.map { RowScan.classify($0.cell) }
            let inert = kinds.allSatisfy { if case .text(_, let facts) = $0 { return facts.isInert } else { return false } }
            for (cell, kind) in zip(cells, kinds) {
                if inert { other.sheets[index].grid[row, cell.column] = Cell(.text("某某乡\(row)")) }
                if case .number(let value, _) = cell.cell.value, cell.cell.formula == nil, case .value = kind {
                    other.sheets[index].grid[row, cell.column] = Cell(.number(value + 1))
                }
            }
        }
    }
    return other
}

/// Glyphs from bytes, as the pdflayout harness makes them: every 7 bytes one character of a report's alphabet.
private func pdfText(_ bytes: [UInt8]) -> PDFText? {
    let alphabet = Array("0123456789./-—（）()一二三四五六七八九十、本年新收申请数量总计合计其他予以公开行政复议诉讼结果维持纠正。，件万元页第 ".unicodeScalars)
    var pages = [PDFPageText](repeating: PDFPageText(width: 595, height: 842, glyphs: []), count: 3)
    var index = 0
    while index + 7 <= bytes.count {
        let x = Float(bytes[index + 2]) * 2.3, y = Float(bytes[index + 3]) * 3.3
        let width = Float(bytes[index + 4] % 24) + 1, height = Float(bytes[index + 5] % 20) + 1
        pages[Int(bytes[index + 1]) % pages.count].glyphs.append(PDFGlyph(scalar: alphabet[Int(bytes[index]) % alphabet.count],
                                                                         x0: x, y0: y, x1: x + width, y1: y + height))
        index += 7
    }
    return pages.contains { !$0.glyphs.isEmpty } ? PDFText(pages: pages) : nil
}
