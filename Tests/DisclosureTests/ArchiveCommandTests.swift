// A zip of township workbooks through the command line: each member a report named inside the archive.
import Foundation
import Testing
import TestSupport

extension CommandLineTests {
    @Test func aZipOfThreeTownshipsChecksAsThreeReports() throws {
        let archive = try temporaryFile("乡镇报表.zip", try TestArchives.threeTownships(gbkNames: true))
        guard let result = try run(["check", "--json", archive, "--quiet"]) else { return }
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(array.map { $0["source"] as? String } == TestArchives.townships.map { archive + "/" + $0.member } + [archive + "/乡镇/照片说明.jpg"])
        #expect(array.prefix(3).map { $0["agency"] as? String } == TestArchives.townships.map(\.agency))
        #expect(array[3]["skipped"] as? String == "不支持的文件格式（.jpg），未读取")
        // Findings name the member as their file.
        let cells = (array[0]["findings"] as? [[String: Any]] ?? []).flatMap { $0["cells"] as? [[String: Any]] ?? [] }
        #expect(!cells.isEmpty && cells.allSatisfy { $0["file"] as? String == archive + "/乡镇/后宫乡.xlsx" })
        #expect(result.status == 0)

        // The same archive in a folder, rolled up: three members summed.
        let output = (archive as NSString).deletingLastPathComponent + "/县汇总.xlsx"
        let json = (archive as NSString).deletingLastPathComponent + "/县汇总.json"
        guard let rollup = try run(["rollup", (archive as NSString).deletingLastPathComponent, "--agency", "某县", "--year", "2023", "-o", output,
                                    "--json", json, "--quiet"]) else { return }
        #expect(rollup.output.contains("汇总 3 个单位"), "\(rollup.output)")
    }
}
