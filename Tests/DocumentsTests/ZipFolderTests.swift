// Zip archives as folders: members named inside the archive, GBK names, nesting once, limits, packages told apart.
@testable import Readers
import Foundation
import Testing
import TestSupport
@testable import Spreadsheet
import ZipArchive

@Suite struct ZipFolderTests {
    static func folder(_ bytes: [UInt8], name: String = "乡镇报表.zip") throws -> String {
        try temporaryFile(name, bytes)
    }

    @Test(arguments: [false, true])
    func anArchiveIsAFolderOfItsMembers(gbkNames: Bool) throws {
        let path = try Self.folder(try TestArchives.threeTownships(gbkNames: gbkNames))
        #expect(ZipFolder.isArchive(path: path))
        let listing = try ZipFolder.list(path: path)
        #expect(listing.members == TestArchives.townships.map { path + "/" + $0.member })
        #expect(listing.skipped == [ZipFolder.Skipped(path: path + "/乡镇/照片说明.jpg", reason: "不支持的文件格式（.jpg），未读取")])
        // Each member reads as the file it was, named inside the archive.
        for (index, name) in ["t1", "t2", "t3"].enumerated() {
            let member = try FormatRegistry.read(path: listing.members[index])
            let original = try FormatRegistry.read(path: Fixtures.path("spreadsheets/openpyxl/\(name).xlsx"))
            #expect(member.source == listing.members[index])
            #expect(member.format == .xlsx && member.sheets == original.sheets)
        }
        // A member that is not there, and an archive read as a file, are named.
        #expect(throws: SpreadsheetError.self) { try FormatRegistry.read(path: path + "/乡镇/没有.xlsx") }
        do {
            _ = try FormatRegistry.read(path: path)
            Issue.record("an archive is not a report")
        } catch {
            #expect("\(error)".contains("压缩包"), "\(error)")
        }
    }

    /// A member whose name begins with a combining mark (found by the fuzzer: a name's bytes read as UTF-8) is still
    /// inside its archive: the `/` before it would otherwise join it into one Character, and neither `hasPrefix` nor a
    /// split on "/" would see where the archive's name ends.
    @Test func aMemberNameBeginningWithACombiningMarkIsFound() throws {
        let csv = Array("名称,数量\n后宫乡,1\n".utf8)
        let nested = try TestArchives.zip([("\u{0355}深处.csv", csv)])
        let path = try Self.folder(try TestArchives.zip([("\u{0301}乡镇/后宫乡.csv", csv), ("\u{0300}内.zip", nested)]))
        let listing = try ZipFolder.list(path: path)
        #expect(listing.members == [path + "/\u{0300}内.zip/\u{0355}深处.csv", path + "/\u{0301}乡镇/后宫乡.csv"])
        for member in listing.members {
            #expect(ZipFolder.remainder(of: member, after: path) != nil)
            let workbook = try FormatRegistry.read(path: member)
            #expect(workbook.source == member && workbook.sheets.first?.grid.rowCount == 2)
        }
        #expect(ZipFolder.remainder(of: path + "/\u{0301}a", after: path) == "\u{0301}a")
        #expect(ZipFolder.remainder(of: path + "x/a", after: path) == nil)
    }

    @Test func aZipInsideIsWalkedOnceAndAThirdLevelIsNamed() throws {
        let third = try TestArchives.zip([("深处.csv", Array("a,1\n".utf8))])
        let workbook = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/openpyxl/t2.xlsx"))))
        let inner = try TestArchives.zip([("石桥镇.xlsx", workbook), ("更深.zip", third)])
        let outer = try TestArchives.zip([("内层.zip", inner), ("乡镇/后宫乡.rtf", Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("documents/t2.rtf")))))])
        let path = try Self.folder(outer, name: "外层.zip")
        let listing = try ZipFolder.list(path: path)
        #expect(listing.members == [path + "/乡镇/后宫乡.rtf", path + "/内层.zip/石桥镇.xlsx"])
        #expect(listing.skipped == [ZipFolder.Skipped(path: path + "/内层.zip/更深.zip", reason: "压缩包中的压缩包只展开一层，未读取")])
        let nested = try FormatRegistry.read(path: path + "/内层.zip/石桥镇.xlsx")
        #expect(nested.source == path + "/内层.zip/石桥镇.xlsx" && nested.format == .xlsx)
        #expect(try FormatRegistry.read(path: path + "/乡镇/后宫乡.rtf").format == .rtf)
    }

    @Test func aBombMemberIsRefusedAndNamed() throws {
        let bomb = [UInt8](repeating: 0, count: 40 << 20)
        let path = try Self.folder(try TestArchives.zip([("乡镇/炸弹.csv", bomb), ("乡镇/后宫乡.csv", Array("规章,1\n".utf8))]))
        let listing = try ZipFolder.list(path: path)
        #expect(listing.members == [path + "/乡镇/后宫乡.csv", path + "/乡镇/炸弹.csv"])
        let start = Date()
        do {
            _ = try FormatRegistry.read(path: path + "/乡镇/炸弹.csv")
            Issue.record("a zip bomb must be refused")
        } catch {
            #expect("\(error)".contains(path + "/乡镇/炸弹.csv") && "\(error)".contains("压缩比"), "\(error)")
        }
        #expect(Date().timeIntervalSince(start) < 30, "hang guard: the bomb is refused before it is inflated")
    }

    @Test func packagesAreNotArchives() throws {
        // An .xlsx named .zip reads as the workbook it is; an archive holding one stored .xlsx is still an archive.
        let workbook = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/openpyxl/t1.xlsx"))))
        let renamed = try Self.folder(workbook, name: "后宫乡.zip")
        #expect(!ZipFolder.isArchive(path: renamed))
        #expect(try FormatRegistry.read(path: renamed).format == .xlsx)
        var stored = ZipWriter.Options(level: 0)
        stored.level = 0
        let archive = try ZipWriter.archive([("后宫乡.xlsx", workbook)], options: stored)
        let path = try Self.folder(archive)
        #expect(FormatProbe(source: try ByteSource(path: path), fileExtension: "zip").container == .zip(.archive))
        #expect(try ZipFolder.list(path: path).members == [path + "/后宫乡.xlsx"])
    }
}
