// The corpus of bad inputs: each ends quickly in its own typed error (or reads correctly), never a crash or hang.
import Documents
import Readers
import Foundation
import Testing
import TestSupport
import ZipArchive
@testable import Spreadsheet

@Suite struct HostileInputTests {
    /// A guard against hangs, not a speed target (those live in Scripts/bench and Scripts/limits.sh).
    private func bounded<T>(_ body: () throws -> T) rethrows -> T {
        let start = Date()
        let result = try body()
        #expect(Date().timeIntervalSince(start) < 10, "took too long")
        return result
    }

    private func kind(_ body: () throws -> Any) -> SpreadsheetError.Kind? {
        do { _ = try bounded(body); return nil } catch let error as SpreadsheetError { return error.kind } catch { return nil }
    }

    @Test func aCellWith100MBOfTextIsRefusedEarly() throws {
        let sink = MemorySink()
        let writer = ZipWriter(sink: sink, options: ZipWriter.Options(level: 1))
        for (name, text) in [("[Content_Types].xml", XLSXReaderTests.contentTypes)] { try writer.add(name, Array(text.utf8)) }
        try writer.add("xl/workbook.xml", Array("""
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """.utf8))
        try writer.add("xl/_rels/workbook.xml.rels", Array("""
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """.utf8))
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        try writer.addStreaming("xl/worksheets/sheet1.xml", level: 1) { entry in
            try entry.write(Array("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".utf8))
            for _ in 0..<100 { try entry.write(block) }
            try entry.write(Array("</t></is></c></row></sheetData></worksheet>".utf8))
        }
        try writer.finish()
        guard case .tooLarge = kind({ try XLSXReader(bytes: sink.bytes).readWorkbook() }) else { Issue.record("100 MB cell read"); return }
    }

    @Test func aMillionColumnsInACSVLine() {
        let line = Array(String(repeating: "1,", count: 1_000_000).utf8) + [0x0A]
        guard case .tooLarge = kind({ try CSVReader.read(bytes: line, fileName: "wide.csv") }) else { Issue.record("accepted"); return }
    }

    @Test func invalidUTF8InTheMiddleOfAUTF8CSV() {
        var bytes = Array("名称,数量\n后宫乡,1\n石桥镇,2\n龙泉乡,3\n".utf8)
        bytes += [0xE5, 0x28, 0x2C, 0x31, 0x0A]  // a broken 3-byte sequence
        bytes += Array("五里镇,4\n大河乡,5\n".utf8)
        guard case .undecodable(encoding: "UTF-8", _, line: 5, column: 1) = kind({ try CSVReader.read(bytes: bytes, fileName: "bad.csv") }) else {
            Issue.record("not reported as broken UTF-8"); return
        }
    }

    @Test func overlappingMergesAreRefused() throws {
        let sheet = XLSXReaderTests.sheetXML("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
                                             extra: "<mergeCells count=\"2\"><mergeCell ref=\"A1:B2\"/><mergeCell ref=\"B2:C3\"/></mergeCells>")
        let error = kind { try XLSXReader(bytes: try XLSXReaderTests.package(sheet: sheet)).readWorkbook() }
        guard case .invalid(let message) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message.contains("A1:B2") && message.contains("B2:C3"))
    }

    @Test func zeroRowSheetReadsEmpty() throws {
        let workbook = try bounded { try XLSXReader(bytes: try XLSXReaderTests.package(sheet: XLSXReaderTests.sheetXML(""))).readWorkbook() }
        #expect(workbook.sheets[0].grid.rowCount == 0)
    }

    @Test func filesThatAreNotWhatTheirNameSays() throws {
        // A web page saved as .xls (WPS/Excel "web page", OA systems) is read as the page it is.
        let html = try temporaryFile("report.xls", Array("<html><head><meta charset=utf-8></head><body><table><tr><td>1</td></tr></table></body></html>".utf8))
        let page = try FormatRegistry.read(path: html)
        #expect(page.format == .webSheet && page.sheets.first?.grid.rowTexts(0) == ["1"])
        // A compound file named .xlsx goes to the .xls reader, which says what is wrong with it.
        let ole = try temporaryFile("old.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1024))
        guard case .invalid(let detail) = kind({ try FormatRegistry.read(path: ole) }) else { Issue.record("ole"); return }
        #expect(detail.contains("复合文档"))
        let empty = try temporaryFile("empty.xlsx", [])
        #expect(kind { try FormatRegistry.read(path: empty) } == .empty)
        let folder = (try temporaryFile("x", []) as NSString).deletingLastPathComponent
        // Operating-system errors keep their number (worded once, in Chinese, by SystemError).
        #expect(kind { try FormatRegistry.read(path: folder) } == .system(EISDIR))
        #expect(kind { try FormatRegistry.read(path: "/nonexistent/file.csv") } == .system(ENOENT))
        #expect("\(SpreadsheetError(file: "/nonexistent/file.csv", .system(ENOENT)))" == "/nonexistent/file.csv：文件或文件夹不存在，请检查路径和文件名。")
    }

    @Test func truncatedAndCorruptedRealWorkbooks() throws {
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/libreoffice/t1.xlsx"))))
        for fraction in [0.1, 0.5, 0.99] {
            let cut = Array(original.prefix(Int(Double(original.count) * fraction)))
            guard case .container(.truncated) = kind({ try XLSXReader(bytes: cut).readWorkbook() }) else {
                Issue.record("cut at \(fraction)"); continue
            }
        }
        // Flip a byte inside the compressed sheet: CRC or deflate error, never wrong numbers.
        var corrupt = original
        let reader = try ZipReader(bytes: original)
        let entry = try #require(reader.entry(named: "xl/worksheets/sheet1.xml"))
        corrupt[Int(entry.localHeaderOffset) + 30 + entry.name.utf8.count + 200] ^= 0x55
        let error = kind { try XLSXReader(bytes: corrupt).readWorkbook() }
        #expect(error != nil)
    }

    @Test func regressionInputsFromFuzzingReadOrFailCleanly() throws {
        let folder = Fixtures.path("fuzz")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(!names.isEmpty, "Tests/Fixtures/fuzz holds the regression inputs")
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix(".md") {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name))))
            _ = bounded { try? XLSXReader(bytes: bytes, fileName: name).readWorkbook() }
            _ = bounded { try? CSVReader.read(bytes: bytes, fileName: name) }
            _ = bounded { try? ReportTextReader.read(bytes: bytes, fileName: name) }
            // Every reader of the registry, whatever its sniff says (PDFs need a text source, another process: left out),
            // and the archive as a folder.
            let source = ByteSource(bytes: bytes)
            for reader in FormatRegistry.readers where !reader.needsPath {
                let input = ReaderInput(path: name, source: source, fileExtension: FormatRegistry.fileExtension(name))
                _ = bounded { try? reader.read(input) }
            }
            _ = bounded { try? RTFReader.read(bytes: bytes, fileName: name) }
            if let listing = bounded({ try? ZipFolder.list(path: (folder as NSString).appendingPathComponent(name)) }) {
                for member in listing.members { _ = bounded { try? FormatRegistry.read(path: member) } }
            }
        }
    }
}

@Suite struct ParallelReadTests {
    /// A sheet large enough for the three-thread path (inflate · parse · decode).
    static func bigSheet(lastCell: String) throws -> [UInt8] {
        var body = ""
        body.reserveCapacity(12 << 20)
        for row in 1...120_000 {
            body += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(row)</v></c><c r=\"B\(row)\" t=\"s\"><v>0</v></c><c r=\"C\(row)\"><v>1.5</v></c></row>"
        }
        body += "<row r=\"120001\">\(lastCell)</row>"
        let sheet = XLSXReaderTests.sheetXML(body)
        return try XLSXReaderTests.package(sheet: sheet, sharedStrings: "<sst><si><t>文本</t></si></sst>")
    }

    @Test func bigSheetReadsEveryRowInOrder() throws {
        let reader = try XLSXReader(bytes: try Self.bigSheet(lastCell: "<c r=\"A120001\"><v>7</v></c>"))
        var count = 0
        var previous = -1
        var sum = 0.0
        try reader.forEachRow(inSheet: 0) { row, cells in
            #expect(row > previous)
            previous = row
            count += 1
            if case .number(let value, _) = cells[0].cell.value { sum += value }
        }
        #expect(count == 120_001)
        #expect(sum == Double(120_000 * 120_001 / 2 + 7))
    }

    @Test func errorsFromEveryStageComeBack() throws {
        // Decode stage: a shared-string index past the table, in the last row.
        let bad = try Self.bigSheet(lastCell: "<c r=\"B120001\" t=\"s\"><v>9</v></c>")
        do {
            _ = try XLSXReader(bytes: bad).readSheet(0)
            Issue.record("read")
        } catch let error as SpreadsheetError {
            #expect(error.kind == .sharedStringIndex(9, count: 1))
            #expect(error.location == "B120001")
        }
        // Inflate stage: a flipped CRC in the central directory.
        var corrupt = try Self.bigSheet(lastCell: "")
        let reader = try ZipReader(bytes: corrupt)
        let entry = try #require(reader.entry(named: "xl/worksheets/sheet1.xml"))
        let eocd = corrupt.count - 22
        var central = Int(corrupt[eocd + 16]) | Int(corrupt[eocd + 17]) << 8 | Int(corrupt[eocd + 18]) << 16 | Int(corrupt[eocd + 19]) << 24
        while central < eocd {
            let nameLength = Int(corrupt[central + 28]) | Int(corrupt[central + 29]) << 8
            let name = String(decoding: corrupt[(central + 46)..<(central + 46 + nameLength)], as: UTF8.self)
            if name == entry.name { corrupt[central + 16] ^= 0xFF; break }
            central += 46 + nameLength + (Int(corrupt[central + 30]) | Int(corrupt[central + 31]) << 8) + (Int(corrupt[central + 32]) | Int(corrupt[central + 33]) << 8)
        }
        do {
            _ = try XLSXReader(bytes: corrupt).readSheet(0)
            Issue.record("read")
        } catch let error as SpreadsheetError {
            guard case .container(.crcMismatch) = error.kind else { Issue.record("\(error.kind)"); return }
        }
    }
}
