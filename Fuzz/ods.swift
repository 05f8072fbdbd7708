// libFuzzer harness: the OpenDocument spreadsheet and Excel 2003 XML readers on arbitrary content bytes.
func fuzz_ods(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.first == UInt8(ascii: "S") {
        _ = try? SpreadsheetMLReader.read(bytes: Array(bytes.dropFirst()), fileName: "fuzz.xml")
    } else {
        _ = try? ODSReader.read(contentXML: bytes, fileName: "fuzz.ods")
    }
    return 0
}
