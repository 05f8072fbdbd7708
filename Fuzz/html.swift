// libFuzzer harness: the web-page reader (charset detection, libxml2's HTML parser, tables and narrative) and, for
// inputs that start like MIME, the .mht path.
func fuzz_html(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.first == UInt8(ascii: "M"), let part = MIMEArchive.htmlPart(bytes) {
        _ = try? HTMLReader.read(bytes: part.html, fileName: "fuzz.mht", declared: part.charset)
    } else {
        _ = try? HTMLReader.read(bytes: bytes, fileName: "fuzz.html")
    }
    return 0
}
