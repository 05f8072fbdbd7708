// libFuzzer harness: the Word 97 binary reader. A compound file is read whole (container, FIB, streams); any other
// input is the WordDocument and table streams at once, the Data stream at the offset its last four bytes give
// (`WordBinaryReader.read(streams:)`), so that the FIB's offsets, the piece table, the FKP pages and the sprms all
// point into the fuzzed bytes.
func fuzz_worddoc(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if CompoundFileReader.isCompoundFile(bytes[...]) {
        _ = try? WordBinaryReader.read(bytes: bytes, fileName: "fuzz.doc")
    } else {
        _ = try? WordBinaryReader.read(streams: bytes, fileName: "fuzz.doc")
    }
    return 0
}
