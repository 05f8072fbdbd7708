// libFuzzer harness: the compound-file reader and the BIFF8 reader on arbitrary bytes; inputs without the OLE2
// signature are wrapped as the Workbook stream of a valid compound file, so the BIFF8 records are reached.
func fuzz_xls(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if CompoundFileReader.isCompoundFile(bytes[...]) {
        _ = try? XLSReader.read(bytes: bytes, fileName: "fuzz.xls")
    } else {
        _ = try? BIFF8Workbook(stream: BIFFStream(bytes: bytes), fileName: "fuzz.xls").workbook()
    }
    return 0
}
