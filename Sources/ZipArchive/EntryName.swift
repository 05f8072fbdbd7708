// Decodes entry names: UTF-8 when flagged or valid, else GBK as Chinese zip tools write them.

enum EntryName {
    static func decode(_ bytes: UnsafeRawBufferPointer, utf8Flag: Bool) -> String {
        // ASCII (every package's part names) is valid UTF-8 as it stands: no validation pass needed.
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if !utf8Flag, let text = try? Iconv.convert(Array(bytes), from: "GB18030") { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}
