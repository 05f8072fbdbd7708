// An uploaded zip archive is a folder: /api/check answers one object per member, named inside the archive.
import Foundation
import Testing
import TestSupport

@Suite struct ArchiveUploadTests {
    @Test func checkOpensAnUploadedArchive() async throws {
        let server = try await RunningServer()
        let reply = try await server.client.post("/api/check", parts: [
            .file("files", "乡镇报表.zip", try TestArchives.threeTownships(gbkNames: true)),
        ])
        #expect(reply.status == 200)
        let array = try #require(try reply.json() as? [[String: Any]])
        #expect(array.map { $0["source"] as? String } == TestArchives.townships.map { "乡镇报表.zip/" + $0.member } + ["乡镇报表.zip/乡镇/照片说明.jpg"])
        #expect(array.prefix(3).map { $0["agency"] as? String } == TestArchives.townships.map(\.agency))
        #expect(array[3]["skipped"] as? String == "不支持的文件格式（.jpg），未读取")
        let cells = (array[1]["findings"] as? [[String: Any]] ?? []).flatMap { $0["cells"] as? [[String: Any]] ?? [] }
        #expect(!cells.isEmpty && cells.allSatisfy { $0["file"] as? String == "乡镇报表.zip/乡镇/石桥镇.xlsx" })

        // Convert picks a member by name; rollup sums the members.
        let converted = try await server.client.post("/api/convert?to=json", parts: [
            .field("member", "乡镇报表.zip/乡镇/龙泉乡.xlsx"), .file("files", "乡镇报表.zip", try TestArchives.threeTownships()),
        ])
        #expect(converted.status == 200 && converted.text.contains("龙泉乡"))
        let rollup = try await server.client.post("/api/rollup?format=json", parts: [
            .field("agency", "某县"), .field("year", "2023"), .file("files", "乡镇报表.zip", try TestArchives.threeTownships()),
        ])
        #expect(rollup.status == 200)
        #expect(rollup.text.contains("乡镇报表.zip/乡镇/后宫乡.xlsx") && rollup.text.contains("照片说明.jpg"), "\(rollup.text.prefix(400))")
    }
}
