// libFuzzer harness: arbitrary bytes as the worksheet XML inside a valid container, so mutations reach the
// SAX parser instead of failing the zip CRC. The input's first byte picks which part is fuzzed.
private let contentTypes = Array("""
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
""".utf8)
private let rootRels = Array("""
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
""".utf8)
private let workbook = Array("""
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
""".utf8)
private let workbookRels = Array("""
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
""".utf8)
private let sheet = Array("""
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45306</v></c></row></sheetData></worksheet>
""".utf8)
private let shared = Array("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>a</t></si></sst>".utf8)
private let styles = Array("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>".utf8)

func fuzz_sheetxml(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var parts: [(String, [UInt8])] = [("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRels), ("xl/workbook.xml", workbook),
                                      ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/worksheets/sheet1.xml", sheet),
                                      ("xl/sharedStrings.xml", shared), ("xl/styles.xml", styles)]
    let target = Int(data[0]) % 4
    let index = [4, 5, 6, 2][target]
    parts[index].1 = bytes
    guard let archive = try? ZipWriter.archive(parts, options: ZipWriter.Options(level: 0)) else { return 0 }
    _ = try? XLSXReader(bytes: archive, fileName: "fuzz.xlsx").readWorkbook()
    return 0
}
