// libFuzzer harness: encoding detection, decoding and CSV parsing on arbitrary bytes.
func fuzz_csv(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? CSVReader.read(bytes: bytes, fileName: "fuzz.csv")
    if size > 0 {
        let forced = TextEncoding.allCases[Int(data[0]) % TextEncoding.allCases.count]
        _ = try? CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: CSVOptions(encoding: forced))
    }
    return 0
}
