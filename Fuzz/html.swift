// libFuzzer harness: the web-page reader (charset detection, libxml2's HTML parser, tables and narrative) and, for
// inputs that start like MIME, the .mht path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? SpreadsheetReader.readDocument(bytes: bytes, fileName: "fuzz.html", ext: bytes.first == UInt8(ascii: "M") ? "mht" : "html")
    return 0
}
