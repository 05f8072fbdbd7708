// libFuzzer harness: the locator, normaliser and checks on arbitrary grids (the input read as report text,
// so tab-separated rows become cells), under both layouts and auto-detection.
func fuzz_locator(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let workbook = try? ReportTextReader.read(bytes: bytes, fileName: "fuzz.txt", encoding: .utf8) else { return 0 }
    for choice in [LayoutChoice.auto, .fixed(.layout2021), .fixed(.layout2019)] {
        let report = Pipeline.report(workbook: workbook, options: ReadOptions(layout: choice))
        _ = ReportJSON.object(report).render()
        _ = FormWriter(layout: report.layout).grid(report)
    }
    return 0
}
