// libFuzzer harness: the OpenDocument text reader's handler on arbitrary content.xml bytes, and the whole reader on zips.
func fuzz_odt(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        let limits = ZipLimits(maxEntryBytes: 8 << 20, maxTotalBytes: 32 << 20, maxEntries: 1_000, ratioGraceBytes: 1 << 20)
        _ = try? ODTReader.read(bytes: bytes, fileName: "fuzz.odt", limits: limits)
    } else {
        _ = try? ODTReader.read(contentXML: bytes, fileName: "fuzz.odt")
    }
    return 0
}
