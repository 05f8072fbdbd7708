// One libFuzzer binary for every harness: `FUZZ_TARGET=rtf fuzz …` (Scripts/fuzz.sh sets it) chooses which one runs.
#if canImport(Glibc)
import Glibc
#endif

private let harnesses: [String: (UnsafePointer<UInt8>, Int) -> Int32] = [
    "zip": fuzz_zip, "xlsx": fuzz_xlsx, "sheetxml": fuzz_sheetxml, "csv": fuzz_csv, "csvblocks": fuzz_csvblocks, "text": fuzz_text,
    "locator": fuzz_locator, "locatememo": fuzz_locatememo, "docx": fuzz_docx, "odt": fuzz_odt, "html": fuzz_html,
    "pdflayout": fuzz_pdflayout, "xls": fuzz_xls, "ods": fuzz_ods, "formula": fuzz_formula, "rtf": fuzz_rtf, "zipfolder": fuzz_zipfolder,
    "worddoc": fuzz_worddoc,
]

private nonisolated(unsafe) let chosen: (UnsafePointer<UInt8>, Int) -> Int32 = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let harness = harnesses[name] else {
        fputs("FUZZ_TARGET must be one of: \(harnesses.keys.sorted().joined(separator: " "))\n", stderr)
        exit(64)
    }
    return harness
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    chosen(data, size)
}
