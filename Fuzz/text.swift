// libFuzzer harness: the report-text reader on arbitrary bytes.
func fuzz_text(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = try? ReportTextReader.read(bytes: Array(UnsafeBufferPointer(start: data, count: size)), fileName: "fuzz.txt")
    return 0
}
