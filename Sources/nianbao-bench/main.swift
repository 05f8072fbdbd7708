// Benchmark driver: read-xlsx, read-csv, write-xlsx, check-batch and the mixed county, for timing against other tools in one run.
import Documents
import Readers
import Disclosure
import Dispatch
import Foundation
import PopplerText
import Spreadsheet
import ZipArchive

let usage = """
usage: nianbao-bench read-xlsx FILE         stream every cell; prints rows and a checksum
       nianbao-bench read-csv FILE          stream every field; prints rows and a checksum
       nianbao-bench read-xls FILE          read an Excel 97–2003 workbook (first sheet's cells); prints rows and a checksum
       nianbao-bench write-xlsx ROWS OUT [LEVEL]   the 10-column benchmark sheet (4 int, 2 float, 3 text, 1 date)
       nianbao-bench write-csv ROWS OUT [gb18030]  the same data as CSV
       nianbao-bench check-batch FOLDER     read, check and roll up every file of a folder; prints totals
       nianbao-bench stages FILE [N] [read|locate|titles|normalise|check]   per-stage µs of one file, N times
       nianbao-bench zip-throughput FILE    inflate and deflate MB/s on the largest entry
       nianbao-bench read-doc FILE [N]      read a report document (docx, odt, html, mht, pdf) N times; tables, cells, paragraphs
       nianbao-bench county FOLDER [--floor BINARY] [--callgrind]   a mixed county (make-county.py --mixed) per format
                                            beside its floors: wall, instructions, peak RSS
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

/// A cheap order-sensitive checksum over what a reader saw.
struct Checksum {
    var value: UInt64 = 1469598103934665603
    mutating func add(_ text: String) { for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 1099511628211 } }
    mutating func add(_ number: Double) { value = (value ^ number.bitPattern) &* 1099511628211 }
    /// A row's numbers, texts and dates, as every reader benchmark counts them.
    mutating func add(_ cells: [ColumnCell]) {
        for cell in cells {
            switch cell.cell.value {
            case .number(let number, _): add(number)
            case .text(let text): add(text)
            case .date(let date): add(Double(date.day))
            default: break
            }
        }
    }
}

/// The benchmark's deterministic data: row r → 10 cells.
enum BenchData {
    static let words: [String] = (0..<5_000).map { "乡镇\($0 % 97)-项目\($0)" }
    static func row(_ r: Int) -> [CellValue] {
        let day = SheetDate(serial: Double(43_831 + r % 1_500), date1904: false)!
        return [
            .number(Double(r)), .number(Double((r &* 7919) % 100_000)), .number(Double(r % 365)), .number(Double((r &* 31) % 1_000)),
            .number(Double(r % 10_000) / 4 + 0.125), .number(Double((r &* 13) % 100_000) / 100),
            .text(words[(r &* 17) % words.count]), .text(words[(r &* 101) % words.count]), .text(words[r % words.count]),
            .date(day),
        ]
    }
}

PDFReader.textSource = PopplerText.textSource
let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail(usage) }
let start = DispatchTime.now()
switch arguments[1] {
case "read-xlsx":
    let reader = try XLSXReader(path: arguments[2])
    var rows = 0
    var checksum = Checksum()
    try reader.forEachRow(inSheet: 0) { _, cells in
        rows += 1
        checksum.add(cells)
    }
    print("rows \(rows) checksum \(String(checksum.value, radix: 16))")
case "read-xls":
    // Every row of the first sheet streamed through the compound-file and BIFF8 readers, as read-xlsx streams.
    var rows = 0
    var checksum = Checksum()
    _ = try XLSReader.forEachRow(path: arguments[2], inSheet: 0) { _, cells in
        rows += 1
        checksum.add(cells)
    }
    print("rows \(rows) checksum \(String(checksum.value, radix: 16))")
case "read-csv":
    var rows = 0
    var checksum = Checksum()
    let encoding = try CSVReader.forEachRecord(path: arguments[2]) { _, record in
        rows += 1
        for index in 0..<record.count { checksum.add(Double(record[index].count)) }
    }
    print("rows \(rows) encoding \(encoding.rawValue) checksum \(String(checksum.value, radix: 16))")
case "write-xlsx":
    guard arguments.count >= 4, let count = Int(arguments[2]) else { fail(usage) }
    let level = arguments.count >= 5 ? Int(arguments[4]) ?? 1 : 1
    let writer = XLSXWriter(sink: try FileSink(path: arguments[3]), level: level)
    var options = SheetOptions(name: "data")
    options.columnWidths = [6: 18, 7: 18, 8: 18, 9: 12]
    let dateStyle = CellStyle(verticalCenter: false, numberFormat: "yyyy-mm-dd")
    try writer.addSheet(options) { rows in
        var cells: [(column: Int, cell: WriterCell)] = []
        cells.reserveCapacity(10)
        for r in 0..<count {
            cells.removeAll(keepingCapacity: true)
            for (column, value) in BenchData.row(r).enumerated() {
                cells.append((column, WriterCell(value, style: column == 9 ? dateStyle : .plain)))
            }
            try rows.row(r, cells)
        }
    }
    try writer.finish()
    print("wrote \(count) rows to \(arguments[3])")
case "write-csv":
    guard arguments.count >= 4, let count = Int(arguments[2]) else { fail(usage) }
    var writer = CSVWriter(options: CSVWriterOptions(encoding: arguments.count >= 5 ? .gb18030 : .utf8, bom: false))
    for r in 0..<count { writer.append(BenchData.row(r)) }
    try Data(try writer.bytes()).write(to: URL(fileURLWithPath: arguments[3]))
    print("wrote \(count) rows to \(arguments[3])")
case "county":
    County.run(arguments[2...])
case "check-batch":
    let folder = arguments[2]
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        .filter { FormatRegistry.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
        .map { (folder as NSString).appendingPathComponent($0) }
    final class Slots: @unchecked Sendable {
        var reports: [Report?]
        let lock = NSLock()
        init(_ count: Int) { reports = Array(repeating: nil, count: count) }
    }
    let slots = Slots(files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
        let report = try? Pipeline.report(path: files[index])
        slots.lock.lock()
        slots.reports[index] = report
        slots.lock.unlock()
    }
    let members = slots.reports.compactMap { $0 }
    let checked = DispatchTime.now()
    let result = Rollup(agency: "基准县", year: 2023).run(members, source: "bench.xlsx")
    let rolled = DispatchTime.now()
    _ = try RollupWorkbook.bytes(result)
    let stage = { (since: DispatchTime) in Double(DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds) / 1e9 }
    FileHandle.standardError.write(Data(String(format: "read+check %.3f s, rollup %.3f s, workbook %.3f s\n",
                                                stage(start) - stage(checked), stage(checked) - stage(rolled), stage(rolled)).utf8))
    let errors = members.reduce(0) { $0 + $1.errorCount }
    print("files \(files.count) read \(members.count) errors \(errors) s3.new.total \(result.aggregate.values["s3.new.total"].map { "\($0)" } ?? "-")")
case "read-doc":
    let path = arguments[2]
    let repeats = arguments.count >= 4 ? max(Int(arguments[3]) ?? 1, 1) : 1
    var checksum = Checksum()
    var cells = 0
    var workbook = try FormatRegistry.read(path: path)
    let first = DispatchTime.now()
    for _ in 0..<repeats {
        workbook = try FormatRegistry.read(path: path)
    }
    let perRead = Double(DispatchTime.now().uptimeNanoseconds - first.uptimeNanoseconds) / 1e6 / Double(repeats)
    for sheet in workbook.sheets {
        for row in sheet.grid.nonBlankRows {
            for cell in sheet.grid.columnCells(inRow: row) {
                cells += 1
                checksum.add(cell.cell.value.text)
            }
        }
    }
    print(String(format: "tables %d cells %d paragraphs %d checksum %016llx %.2f ms per read", workbook.sheets.count, cells,
                 workbook.narrative.count, checksum.value, perRead))
case "zip-throughput":
    // Inflate the largest entry of an archive, then deflate those bytes at levels 1 and 6: MB/s of each.
    let reader = try ZipReader(path: arguments[2])
    guard let entry = reader.entries.max(by: { $0.uncompressedSize < $1.uncompressedSize }) else { fail("empty archive") }
    var begin = DispatchTime.now()
    let data = try reader.read(entry)
    func rate(_ since: DispatchTime) -> String {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds) / 1e9
        return String(format: "%.3f s, %.0f MB/s", seconds, Double(data.count) / 1e6 / seconds)
    }
    print("inflate \(entry.name) \(data.count) bytes: \(rate(begin))")
    for level in [1, 6] {
        begin = DispatchTime.now()
        let sink = MemorySink()
        let writer = ZipWriter(sink: sink, options: ZipWriter.Options(level: level))
        try writer.addStreaming("x") { try $0.write(data) }
        try writer.finish()
        print("deflate level \(level) → \(sink.bytes.count) bytes: \(rate(begin))")
    }
case "stages":
    // Per-stage cost of one file, repeated: where a batch spends its time.
    let path = arguments[2]
    let repeats = arguments.count >= 4 ? Int(arguments[3]) ?? 200 : 200
    func time(_ label: String, _ body: () throws -> Void) rethrows {
        let begin = DispatchTime.now()
        for _ in 0..<repeats { try body() }
        let micro = Double(DispatchTime.now().uptimeNanoseconds - begin.uptimeNanoseconds) / 1e3 / Double(repeats)
        print(String(format: "%-10@ %8.1f µs", label as NSString, micro))
    }
    // An optional fifth argument times one stage alone: read, locate, titles, normalise or check.
    let only = arguments.count >= 5 ? arguments[4] : nil
    func wanted(_ stage: String) -> Bool { only == nil || only == stage }
    if wanted("read") { try time("read") { _ = try FormatRegistry.read(path: path) } }
    let workbook = try FormatRegistry.read(path: path)
    if wanted("locate") { time("locate") { _ = Locator().locate(workbook) } }
    if wanted("titles") {
        // As in a batch: every file has its own title and 填报单位 line.
        var serial = 0
        var renamed = workbook
        time("locate (own title)") {
            serial += 1
            renamed.sheets[0].grid[0, 0] = Cell(.text("第\(serial)号乡2023年度政府信息公开工作年度报告"))
            renamed.sheets[0].grid[1, 0] = Cell(.text("填报单位：第\(serial)号乡人民政府"))
            _ = Locator().locate(renamed)
        }
    }
    let located = Locator().locate(workbook)
    let report = Normaliser.normalise(located)
    if wanted("normalise") { time("normalise") { _ = Normaliser.normalise(located) } }
    if wanted("check") { time("check") { _ = Checker().check(report) } }
default:
    fail(usage)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
FileHandle.standardError.write(Data(String(format: "%.3f s\n", seconds).utf8))
