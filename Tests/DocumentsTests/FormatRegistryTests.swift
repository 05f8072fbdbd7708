// The reader registry chooses by content: every fixture under a wrong name is read as what it is.
import Documents
import Foundation
import Readers
import Spreadsheet
import Testing
import TestSupport

@Suite struct FormatRegistryTests {
    private func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
    }

    private func errorKind(_ body: () throws -> Workbook) -> SpreadsheetError.Kind? {
        do {
            _ = try body()
            return nil
        } catch let error as SpreadsheetError {
            return error.kind
        } catch {
            return nil
        }
    }

    /// Each fixture, renamed to every name an OA system or a clerk gives it, keeps its format and its cells.
    @Test(arguments: [
        ("spreadsheets/libreoffice/t1.xlsx", SourceFormat.xlsx, ["csv", "xls", "txt", "doc", "bin"]),
        ("spreadsheets/libreoffice/t1.xls", SourceFormat.xls, ["xlsx", "csv", "et"]),
        ("spreadsheets/libreoffice/t1.ods", SourceFormat.ods, ["xlsx", "xls", "csv"]),
        ("spreadsheets/spreadsheetml/t1.xml", SourceFormat.spreadsheetML, ["xls", "csv"]),
        ("documents/t2.docx", SourceFormat.docx, ["doc", "wps", "xlsx", "bin"]),
        ("documents/t2.odt", SourceFormat.odt, ["doc", "docx"]),
        ("documents/t2.lo.html", SourceFormat.html, ["doc", "txt", "htm"]),
    ])
    func readsByContentWhateverTheName(fixture: String, format: SourceFormat, names: [String]) throws {
        let original = try FormatRegistry.read(path: Fixtures.path(fixture))
        #expect(original.format == format)
        for ext in names {
            let renamed = try temporaryFile("renamed.\(ext)", try bytes(fixture))
            let workbook = try FormatRegistry.read(path: renamed)
            #expect(workbook.format == format, "\(fixture) as .\(ext)")
            #expect(workbook.sheets.map(\.grid) == original.sheets.map(\.grid), "\(fixture) as .\(ext)")
        }
    }

    /// A web page or a workbook exported under a .csv name (OA systems do both) is read as what it is; a web page under
    /// a spreadsheet's name keeps the sheet's cell names.
    @Test func csvNamesDoNotDecideContent() throws {
        let page = try temporaryFile("导出.csv", try bytes("spreadsheets/libreoffice/t1.html.xls"))
        let workbook = try FormatRegistry.read(path: page)
        #expect(workbook.format == .webSheet)
        let asDocument = try FormatRegistry.read(path: try temporaryFile("导出.htm", try bytes("spreadsheets/libreoffice/t1.html.xls")))
        #expect(asDocument.format == .html)
        #expect(asDocument.sheets.map(\.grid) == workbook.sheets.map(\.grid))
    }

    /// A CSV under a workbook's name is read as the table it is; other text there gets the zip reader's words.
    @Test func textUnderAPackageName() throws {
        let csv = try FormatRegistry.read(path: try temporaryFile("t1.xlsx", try bytes("spreadsheets/libreoffice/t1.csv")))
        #expect(csv.format == .csv)
        let original = try FormatRegistry.read(path: Fixtures.path("spreadsheets/libreoffice/t1.csv"))
        #expect(csv.sheets[0].grid == original.sheets[0].grid)
        let note = try temporaryFile("损坏.xlsx", Array("not a workbook".utf8))
        #expect(errorKind { try FormatRegistry.read(path: note) } == .container(.notZip(.text)))
        let truncated = try temporaryFile("坏.xlsx", Array("PK\u{3}\u{4}".utf8))
        guard case .container = errorKind({ try FormatRegistry.read(path: truncated) }) else {
            Issue.record("a truncated zip must get the zip reader's error")
            return
        }
    }

    /// An empty file of any name is `文件为空（0 字节）`.
    @Test(arguments: ["csv", "txt", "pdf", "docx", "xls", "html", "xml", ""])
    func emptyFilesOfAnyName(ext: String) throws {
        let path = try temporaryFile(ext.isEmpty ? "空" : "空.\(ext)", [])
        #expect(errorKind { try FormatRegistry.read(path: path) } == .empty)
        do {
            _ = try FormatRegistry.read(path: path)
        } catch {
            #expect("\(error)".contains("文件为空（0 字节）"))
        }
    }

    /// Binary content no reader knows is refused with its first bytes, never decoded as text.
    @Test func unknownBinaryIsRefused() throws {
        let jpeg = try temporaryFile("照片.csv", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01] + [UInt8](repeating: 7, count: 200))
        guard case .unsupportedFormat(let detail) = errorKind({ try FormatRegistry.read(path: jpeg) }) else {
            Issue.record("binary content must be refused")
            return
        }
        #expect(detail.contains("FF D8 FF E0"))
        let xml = try temporaryFile("配置.xml", Array("<?xml version=\"1.0\"?><config/>".utf8))
        #expect(errorKind { try FormatRegistry.read(path: xml) } == .unsupportedFormat("这个 XML 文件不是 Excel 2003 XML 工作簿"))
    }

    /// RTF is recognised by content under any name.
    @Test func rtfByContent() throws {
        let rtf = try temporaryFile("报告.txt", Array("{\\rtf1\\ansi hello}".utf8))
        let workbook = try FormatRegistry.read(path: rtf)
        #expect(workbook.format == .rtf && workbook.narrative.map(\.text) == ["hello"])
    }

    /// Every format is listed once, with its own name.
    @Test func registryListsEachFormatOnce() {
        let names = FormatRegistry.readers.map { $0.formatName }
        #expect(Set(names).count == names.count)
    }
}
