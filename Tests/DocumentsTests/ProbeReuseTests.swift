// The format probe's zip directory serves the reader: the same workbook, and the same typed errors naming the file.
import Foundation
import Readers
import Spreadsheet
import Testing
import TestSupport
import ZipArchive

@Suite struct ProbeReuseTests {
    private func fixture(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
    }

    /// Offsets of the central directory's records (`PK\1\2`), in order.
    private func centralRecords(_ bytes: [UInt8]) -> [Int] {
        (0..<(bytes.count - 3)).filter { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }
    }

    private func error(_ body: () throws -> Workbook) -> SpreadsheetError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? SpreadsheetError
        }
    }

    @Test func probeReadsAWorkbookDirectoryOnceAndAnODFNotAtAll() throws {
        let xlsx = FormatProbe(source: try ByteSource(path: Fixtures.path("spreadsheets/libreoffice/t1.xlsx")), fileExtension: "xlsx")
        #expect(xlsx.container == .zip(.workbook))
        #expect(xlsx.zipDirectory?.entries.count == 10)
        #expect(xlsx.zipDirectory?.entryKeys.contains("xl/sharedstrings.xml") == true)
        // OpenDocument tells itself by its stored `mimetype`: the reader reads the directory.
        let ods = FormatProbe(source: try ByteSource(path: Fixtures.path("spreadsheets/libreoffice/t1.ods")), fileExtension: "ods")
        #expect(ods.container == .zip(.openDocumentSpreadsheet))
        #expect(ods.zipDirectory == nil)
    }

    @Test func registryReadEqualsTheReaderOnItsOwn() throws {
        for (fixture, own) in [("spreadsheets/libreoffice/t1.xlsx", { (path: String) in try XLSXReader(path: path).readWorkbook() }),
                               ("spreadsheets/libreoffice/t1.ods", { (path: String) in try ODSReader.read(path: path) })] {
            let path = Fixtures.path(fixture)
            let viaRegistry = try FormatRegistry.read(path: path)
            let alone = try own(path)
            #expect(viaRegistry.sheets.map(\.grid) == alone.sheets.map(\.grid), "\(fixture)")
            #expect(viaRegistry.sheets.map(\.name) == alone.sheets.map(\.name), "\(fixture)")
        }
    }

    /// A damaged record in the central directory: the probe cannot read it and tells the package by the names in
    /// its bytes; the reader reads it again and says what is wrong, naming the file.
    @Test func damagedCentralDirectoryGivesTheSameTypedError() throws {
        var bytes = try fixture("spreadsheets/libreoffice/t1.xlsx")
        let records = centralRecords(bytes)
        #expect(records.count == 10)
        bytes[records[1] + 2] = 9
        let path = try temporaryFile("损坏目录.xlsx", bytes)
        let probe = FormatProbe(source: try ByteSource(path: path), fileExtension: "xlsx")
        #expect(probe.container == .zip(.workbook))
        #expect(probe.zipDirectory == nil)
        let viaRegistry = error { try FormatRegistry.read(path: path) }
        #expect(viaRegistry?.file == path)
        #expect(viaRegistry?.part == nil)
        #expect(viaRegistry?.kind == .container(.corrupt("中央目录第 2 项损坏")))
        #expect(viaRegistry?.description == error { try XLSXReader(path: path).readWorkbook() }?.description)
    }

    /// A wrong CRC in the (reused) directory: the error names the file by its path, not the probe's empty name.
    @Test func entryErrorsThroughTheReusedDirectoryNameTheFile() throws {
        var bytes = try fixture("spreadsheets/libreoffice/t1.xlsx")
        let sheetRecord = try #require(centralRecords(bytes).first { record in
            let nameLength = Int(bytes[record + 28]) | Int(bytes[record + 29]) << 8
            return String(decoding: bytes[(record + 46)..<(record + 46 + nameLength)], as: UTF8.self) == "xl/worksheets/sheet1.xml"
        })
        bytes[sheetRecord + 16] ^= 0xFF
        let path = try temporaryFile("校验和.xlsx", bytes)
        #expect(FormatProbe(source: try ByteSource(path: path), fileExtension: "xlsx").zipDirectory != nil)
        let viaRegistry = try #require(error { try FormatRegistry.read(path: path) })
        #expect(viaRegistry.file == path)
        #expect(viaRegistry.part == "xl/worksheets/sheet1.xml")
        // The stored CRC's low byte (0xBE, little-endian first) flipped; the content's CRC is what unzip lists.
        #expect(viaRegistry.kind == .container(.crcMismatch(expected: 0xE46A_4B41, actual: 0xE46A_4BBE)))
        #expect(viaRegistry.description == error { try XLSXReader(path: path).readWorkbook() }?.description)
    }

    @Test(arguments: [
        ("/tmp/county/乡镇0000-001.XLSX", "xlsx"),
        ("报表", ""),
        (".xlsx", ""),
        ("a/.hidden", ""),
        ("dir.d/file", ""),
        ("a.b/c.Tar.GZ", "gz"),
        ("x/y.", ""),
        ("名.表", "表"),
        ("/tmp/（报表）.Xlsx", "xlsx"),
        ("é/ÉTÉ.XLS", "xls"),
        ("a.\u{301}x", ""),
        ("压缩包.zip/乡镇/后宫乡.Docx", "docx"),
    ])
    func fileExtensions(path: String, expected: String) {
        #expect(FormatRegistry.fileExtension(path) == expected)
    }
}
