// libFuzzer harness: a zip archive as a folder (listing, GBK/UTF-8 names, nesting once, limits) and every member read
// through the registry as a file would be.
func fuzz_zipfolder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let listing = try? ZipFolder.list(bytes: bytes, name: "fuzz.zip") else { return 0 }
    for path in listing.members {
        precondition(ZipFolder.remainder(of: path, after: "fuzz.zip") != nil, "members are named inside the archive")
        guard let member = try? ZipFolder.member(path, inArchive: bytes, name: "fuzz.zip") else { continue }
        _ = try? FormatRegistry.read(member: member, encoding: nil, delimiter: nil)
    }
    return 0
}
