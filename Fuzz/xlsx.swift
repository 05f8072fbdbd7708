// libFuzzer harness: the XLSX reader on arbitrary bytes (the container and every part).
func fuzz_xlsx(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = ZipLimits(maxEntryBytes: 8 << 20, maxTotalBytes: 32 << 20, maxEntries: 1_000, ratioGraceBytes: 1 << 20)
    _ = try? XLSXReader(bytes: bytes, fileName: "fuzz.xlsx", limits: limits).readWorkbook()
    return 0
}
