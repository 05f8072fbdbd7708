// libFuzzer harness: the Word reader's WordprocessingML handler on arbitrary document.xml bytes (the zip container
// has its own harnesses), and the whole reader when the input is a zip.
func fuzz_docx(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
        let limits = ZipLimits(maxEntryBytes: 8 << 20, maxTotalBytes: 32 << 20, maxEntries: 1_000, ratioGraceBytes: 1 << 20)
        _ = try? DOCXReader.read(bytes: bytes, fileName: "fuzz.docx", limits: limits)
    } else {
        _ = try? DOCXReader.read(documentXML: bytes, fileName: "fuzz.docx")
    }
    return 0
}
