// libFuzzer harness: the zip reader on arbitrary bytes (list, look up, inflate every entry).
func fuzz_zip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = ZipLimits(maxEntryBytes: 8 << 20, maxTotalBytes: 32 << 20, maxEntries: 1_000, ratioGraceBytes: 1 << 20)
    guard let reader = try? ZipReader(bytes: bytes, fileName: "fuzz.zip", limits: limits) else { return 0 }
    for entry in reader.entries {
        _ = reader.entry(named: entry.name)
        _ = try? reader.stream(entry, chunkSize: 4096) { _ in }
    }
    return 0
}
