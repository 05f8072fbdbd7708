// The archive through the nianbao binary: the acceptance — cross-year checks from the archive as from last
// year's folder, the same folder twice, a corrected file, the rollup from the archive as from the folder — and the
// list, history, export, remove and restore commands, a newer archive refused, and another SQLite client reading it.
import Archive
import Foundation
import GRDB
import Readers
import Testing
import TestSupport

@Suite struct ArchiveCommandLineTests {
    static let added = ["--added-at", "2024-01-10T08:00:00Z"]

    /// The demo county's readable files (the truncated workbook and the photo left out, which the archive never keeps)
    /// copied into `folder/2022` and `folder/2023`.
    static func county(in folder: String) throws -> (lastYear: String, thisYear: String) {
        let manager = FileManager.default
        for year in ["2022", "2023"] {
            let from = Fixtures.project.appendingPathComponent("Samples/demo-county/\(year)").path
            try manager.createDirectory(atPath: folder + "/" + year, withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: from) where !name.hasSuffix(".jpg") && !name.hasPrefix("东关街道") {
                try manager.copyItem(atPath: from + "/" + name, toPath: folder + "/\(year)/" + name)
            }
        }
        return (folder + "/2022/", folder + "/2023/")
    }

    static func values(_ db: String) throws -> [String] {
        try DatabaseQueue(path: db).read { db in
            try Row.fetchAll(db, sql: "SELECT agency, year, key, value FROM report_values ORDER BY agency, year, key").map { "\($0)" }
        }
    }

    @Test func crossYearChecksFromTheArchiveAreThoseOfLastYearsFolder() throws {
        let db = try temporaryFolder("nianbao-archive") + "/县档案.db"
        guard let add = try NianbaoBinary.run(["archive", "add", "Samples/demo-county/2022/", "--db", db, "--quiet"] + Self.added) else { return }
        #expect(add.status == 0, "\(add.output)\(add.errors)")
        #expect(add.output.contains("共 4 个文件：收入 4 份，已在档案中 0 份，未收入 0 个"), "\(add.output)")
        guard let folder = try NianbaoBinary.run(["check", "--json", "Samples/demo-county/2023/", "--previous", "Samples/demo-county/2022/", "--quiet"]),
              let archive = try NianbaoBinary.run(["check", "--json", "Samples/demo-county/2023/", "--db", db, "--quiet"]) else { return }
        #expect(archive.status == folder.status)
        #expect(archive.output == folder.output)
        // Not vacuous: the demo's last year carries over into this year's checks.
        #expect(folder.output.contains("\"cross_year.s3.carry\"") || folder.output.contains("\"cross_year.s2.in_force\""))
        guard let without = try NianbaoBinary.run(["check", "--json", "Samples/demo-county/2023/", "--quiet"]) else { return }
        #expect(without.output != archive.output)
    }

    @Test func theSameFolderTwiceThenACorrectedFile() throws {
        let folder = try temporaryFolder("nianbao-archive")
        let db = folder + "/县档案.db"
        guard let first = try NianbaoBinary.run(["archive", "add", "Samples/demo-county/2022/", "--db", db] + Self.added) else { return }
        #expect(first.status == 0)
        let before = try Self.values(db)
        #expect(before.count == 4 * 200)  // every key of the 2021 layout, for each of the four townships
        guard let second = try NianbaoBinary.run(["archive", "add", "Samples/demo-county/2022/", "--db", db]) else { return }
        #expect(second.status == 0)
        #expect(second.output.components(separatedBy: "已在档案中：").count - 1 == 4)
        #expect(second.output.contains("共 4 个文件：收入 0 份，已在档案中 4 份，未收入 0 个"), "\(second.output)")
        #expect(try Self.values(db) == before)

        // 城关镇 corrects one number: a new current version; history shows two.
        let original = try String(contentsOfFile: Fixtures.project.appendingPathComponent("Samples/demo-county/2022/城关镇2022年报.csv").path, encoding: .utf8)
        let corrected = original.replacingOccurrences(of: "行政许可,,,163,", with: "行政许可,,,164,")
        #expect(corrected != original)
        let path = folder + "/城关镇2022年报（修改）.csv"
        try corrected.write(toFile: path, atomically: true, encoding: .utf8)
        guard let third = try NianbaoBinary.run(["archive", "add", path, "--db", db] + Self.added) else { return }
        #expect(third.output.contains("已收入档案：城关镇 2022 年度第 2 版，现为当前版本（前 1 版仍保留）"), "\(third.output)")
        let after = try Self.values(db)
        #expect(after.count == before.count)
        #expect(Set(after).subtracting(before).count == 1)
        guard let history = try NianbaoBinary.run(["archive", "history", "城关镇人民政府", "--db", db]) else { return }
        let lines = history.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "城关镇：2 份报告")
        #expect(lines.count == 4 && lines[1] == "2022 年度")
        #expect(lines[2].hasPrefix("  第 1 版  旧版  2024-01-10T08:00:00Z  Samples/demo-county/2022/城关镇2022年报.csv  3208 字节"))
        #expect(lines[3].hasPrefix("  第 2 版  当前  2024-01-10T08:00:00Z  \(path)"))

        guard let list = try NianbaoBinary.run(["archive", "list", "--db", db]) else { return }
        let table = list.output.split(separator: "\n").map(String.init)
        #expect(table[0] == "档案 \(db)：4 个单位，1 个年度，5 份报告（当前 4 份）")
        #expect(table[1].hasPrefix("单位") && table[1].hasSuffix("2022 年度"))
        #expect(table.contains { $0.hasPrefix("城关镇") && $0.hasSuffix("· 2 版") }, "\(list.output)")

        // Remove marks and restore unmarks; the table follows.
        guard let removed = try NianbaoBinary.run(["archive", "remove", "城关镇", "--year", "2022", "--db", db]) else { return }
        #expect(removed.output.hasPrefix("已移除 城关镇 2022 年度第 2 版"), "\(removed.output)")
        #expect(removed.output.contains("当前版本为第 1 版"))
        #expect(try Self.values(db) == before)
        guard let restored = try NianbaoBinary.run(["archive", "restore", "城关镇", "--year", "2022", "--db", db]) else { return }
        #expect(restored.output.contains("已恢复 城关镇 2022 年度第 2 版") && restored.output.contains("现为当前版本"))
        #expect(try Self.values(db) == after)

        // Export: one wide row per version, removed or not.
        let csv = folder + "/档案.csv"
        guard let export = try NianbaoBinary.run(["archive", "export", "--db", db, "--to", "csv", "-o", csv]) else { return }
        #expect(export.status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n").count == 6)
        guard let json = try NianbaoBinary.run(["archive", "export", "--db", db, "--to", "json"]) else { return }
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(array.count == 5)
        #expect(array.map { $0["version"] as? Int } == [1, 2, 1, 1, 1])
    }

    /// The county workbook from the archive is the folder's: same values, findings and members, same workbook bytes.
    @Test func rollupFromTheArchiveIsTheFolderRollup() throws {
        let folder = try temporaryFolder("nianbao-archive")
        let (lastYear, thisYear) = try Self.county(in: folder)
        let db = folder + "/县档案.db"
        guard let add = try NianbaoBinary.run(["archive", "add", lastYear, thisYear, "--db", db, "--quiet"] + Self.added) else { return }
        #expect(add.status == 0, "\(add.output)")
        try FileManager.default.createDirectory(atPath: folder + "/folder", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/archive", withIntermediateDirectories: true)
        let common = ["--agency", "示范县", "--year", "2023", "--quiet"]
        guard let viaFolder = try NianbaoBinary.run(["rollup", thisYear, "--previous", lastYear, "-o", folder + "/folder/示范县.xlsx",
                                                     "--json", folder + "/folder/示范县.json"] + common),
              let viaArchive = try NianbaoBinary.run(["rollup", "--db", db, "-o", folder + "/archive/示范县.xlsx",
                                                      "--json", folder + "/archive/示范县.json"] + common) else { return }
        #expect(viaArchive.status == viaFolder.status)
        #expect(viaArchive.output.replacingOccurrences(of: "/archive/", with: "/folder/") == viaFolder.output)
        let folderJSON = try String(contentsOfFile: folder + "/folder/示范县.json", encoding: .utf8)
        let archiveJSON = try String(contentsOfFile: folder + "/archive/示范县.json", encoding: .utf8)
        #expect(archiveJSON.replacingOccurrences(of: "/archive/", with: "/folder/") == folderJSON)
        #expect(folderJSON.contains("\"cross_year.") && folderJSON.contains("\"rollup.unbalanced\""))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/archive/示范县.xlsx")) == Data(contentsOf: URL(fileURLWithPath: folder + "/folder/示范县.xlsx")))

        // --exclude leaves an agency out; --prefer takes an archived file by name.
        guard let excluded = try NianbaoBinary.run(["rollup", "--db", db, "-o", folder + "/archive/少一个.xlsx", "--exclude", "青山镇"] + common) else { return }
        #expect(excluded.output.contains("按 --exclude 不汇总：青山镇 \(thisYear)青山镇2023年度政府信息公开工作年度报告.xlsx"), "\(excluded.output)")
        let summed = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("汇总 ") }.map(String.init) ?? "" }
        #expect(summed(viaArchive.output).hasPrefix("汇总 13 个单位"), "\(viaArchive.output)")
        #expect(summed(excluded.output).hasPrefix("汇总 12 个单位"), "\(excluded.output)")
        guard let unknown = try NianbaoBinary.run(["rollup", "--db", db, "-o", folder + "/archive/x.xlsx", "--prefer", "没有这个.xlsx"] + common) else { return }
        #expect(unknown.status == 64)
    }

    /// A database from a newer nianbao is refused by every command, named, and left as it was.
    @Test func aNewerArchiveIsRefusedByTheCommands() throws {
        let db = try temporaryFolder("nianbao-archive") + "/新版.db"
        guard try NianbaoBinary.run(["archive", "add", "Samples/demo-county/2022/城关镇2022年报.csv", "--db", db, "--quiet"]) != nil else { return }
        try DatabaseQueue(path: db).write { try $0.execute(sql: "PRAGMA user_version = 7") }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for arguments in [["archive", "list", "--db", db], ["archive", "add", "Samples/demo-county/2022/", "--db", db],
                          ["check", "Samples/demo-county/2023/城关镇2023年度政府信息公开工作年度报告.xlsx", "--db", db]] {
            guard let refused = try NianbaoBinary.run(arguments) else { return }
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.errors.contains("档案 \(db) 由更新版本的 nianbao 建立（结构版本 7，本程序只认识到 1），未打开也未改动"), "\(refused.errors)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    /// The query through another SQLite client (Python's sqlite3 module), as a county office would run it.
    @Test func anotherClientReadsTheView() throws {
        let db = try temporaryFolder("nianbao-archive") + "/县档案.db"
        guard try NianbaoBinary.run(["archive", "add", "Samples/demo-county/2023/", "--db", db, "--quiet"]) != nil else { return }
        let query = "select value from report_values where agency like '%青山镇%' and year=2023 and key='s3.new.total'"
        guard let answer = runTool(["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall())", db, query]) else { return }
        #expect(answer.status == 0)
        #expect(answer.output == "[(155,)]\n", "\(answer.output)")
    }

    /// A zip of townships is a folder: each member is kept under its path inside the archive, with its own bytes.
    @Test func membersOfAZipAreKeptWithTheirOwnBytes() throws {
        let zip = try temporaryFile("乡镇报表.zip", try TestArchives.threeTownships(gbkNames: true))
        let t1 = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/openpyxl/t1.xlsx"))))
        #expect(try ZipFolder.bytes(at: zip + "/乡镇/后宫乡.xlsx") == t1)
        #expect(throws: (any Error).self) { try ZipFolder.bytes(at: zip + "/乡镇/没有.xlsx") }
        let db = (zip as NSString).deletingLastPathComponent + "/县档案.db"
        guard let add = try NianbaoBinary.run(["archive", "add", zip, "--db", db] + Self.added) else { return }
        #expect(add.status == 0, "\(add.output)")
        #expect(add.output.contains("共 3 个文件：收入 3 份，已在档案中 0 份，未收入 0 个；跳过 1 个不支持的文件"), "\(add.output)")
        let archive = try ReportArchive(path: db)
        let versions = try archive.versions()
        #expect(versions.map(\.source).sorted() == TestArchives.townships.map { zip + "/" + $0.member }.sorted())
        let houGong = try #require(versions.first { $0.source.hasSuffix("后宫乡.xlsx") })
        #expect(houGong.agency == "后宫乡")
        #expect(try archive.sourceBytes(houGong) == t1)
    }
}
