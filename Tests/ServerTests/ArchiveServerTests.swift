// The archive on the page (`serve --db`): files accepted into it, the agencies × years held, a key's trend as SVG,
// and the rollup from the archive, which is the rollup of the same files uploaded.
import Archive
import Foundation
import GRDB
import NianbaoServer
import Testing
import TestSupport

@Suite struct ArchiveServerTests {
    static let files = [ServerFixtures.broken, ServerFixtures.clean]

    func archived() async throws -> (RunningServer, String) {
        let db = try temporaryFolder("nianbao-archive") + "/县档案.db"
        return (try await RunningServer { $0.archivePath = db }, db)
    }

    @Test func acceptedFilesAreKeptOnceAndListed() async throws {
        let (server, db) = try await archived()
        let parts = try Self.files.map { MultipartPart.file("files", $0, try ServerFixtures.bytes($0)) }
        let reply = try await server.client.post("/api/archive/add", parts: parts)
        #expect(reply.status == 200)
        let outcomes = try #require(try reply.json() as? [[String: Any]])
        #expect(outcomes.map { $0["status"] as? String } == ["added", "added"])
        #expect(outcomes.map { $0["agency"] as? String } == ["青山镇", "城关镇"])
        #expect(outcomes[0]["message"] as? String == "已收入档案：青山镇 2023 年度（第 1 版）")
        let again = try #require(try await server.client.post("/api/archive/add", parts: [parts[0]]).json() as? [[String: Any]])
        #expect(again.map { $0["status"] as? String } == ["already"])
        #expect((again[0]["message"] as? String)?.hasPrefix("已在档案中：青山镇 2023 年度第 1 版（\(ServerFixtures.broken)）") == true)

        let list = try #require(try await server.client.get("/api/archive/list").json() as? [String: Any])
        #expect(list["years"] as? [Int] == [2023])
        let agencies = try #require(list["agencies"] as? [[String: Any]])
        #expect(agencies.map { $0["agency"] as? String } == ["城关镇", "青山镇"])
        let qingshan = try #require((agencies[1]["cells"] as? [[String: Any]])?.first)
        #expect(qingshan["errors"] as? Int == 3 && qingshan["versions"] as? Int == 1 && qingshan["current"] as? Bool == true)
        // What the page accepted is in the archive file, with its bytes.
        let version = try #require(try ReportArchive(path: db).versions(agency: "青山镇").first)
        #expect(try ReportArchive(path: db).sourceBytes(version) == ServerFixtures.bytes(ServerFixtures.broken))
    }

    @Test func trendIsInlineSVG() async throws {
        let (server, _) = try await archived()
        _ = try await server.client.post("/api/archive/add", parts: [.file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken))])
        let chart = try await server.client.get("/api/archive/trend?agency=%E9%9D%92%E5%B1%B1%E9%95%87&key=s3.new.total")
        #expect(chart.status == 200)
        #expect(chart.headers["content-type"] == "image/svg+xml; charset=utf-8")
        #expect(chart.text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(chart.text.contains("<title>青山镇 · 一、本年新收政府信息公开申请数量 · 总计</title>"))
        #expect(chart.text.contains(">2023</text>") && chart.text.contains("<circle"))
        #expect(!chart.text.contains("<script") && !chart.text.contains("href"))
        let points = try #require(try await server.client.get("/api/archive/trend?agency=%E9%9D%92%E5%B1%B1%E9%95%87&key=s3.new.total&format=json").json() as? [[String: Any]])
        #expect(points.count == 1 && points[0]["year"] as? Int == 2023 && points[0]["value"] as? Int == 155)
        #expect(try await server.client.get("/api/archive/trend?agency=x&key=no.such.key").status == 400)
        let keys = try #require(try await server.client.get("/api/archive/keys").json() as? [[String: Any]])
        #expect(keys.count == 200)
    }

    /// Rolled up from the archive, the county form and its findings are those of the same files uploaded to /api/rollup.
    @Test func rollupFromTheArchiveIsTheUploadsRollup() async throws {
        let (server, _) = try await archived()
        let parts = try Self.files.map { MultipartPart.file("files", $0, try ServerFixtures.bytes($0)) }
        _ = try await server.client.post("/api/archive/add", parts: parts)
        let fields: [MultipartPart] = [.field("agency", "示范县"), .field("year", "2023")]
        let fromArchive = try await server.client.post("/api/archive/rollup?format=json", parts: fields)
        // The archive's members come in the order of their files' names, as a folder's do.
        let sorted = try Self.files.sorted().map { MultipartPart.file("files", $0, try ServerFixtures.bytes($0)) }
        let fromUploads = try await server.client.post("/api/rollup?format=json", parts: fields + sorted)
        #expect(fromArchive.status == 200)
        #expect(fromArchive.text == fromUploads.text)
        let workbook = try await server.client.post("/api/archive/rollup", parts: fields)
        #expect(workbook.status == 200 && workbook.headers["x-nianbao-balanced"] == "0")
        #expect(try await server.client.post("/api/archive/rollup", parts: [.field("agency", "示范县"), .field("year", "2019")]).status == 400)
    }

    @Test func thePageAndItsAbsenceWithoutAnArchive() async throws {
        let (server, _) = try await archived()
        let page = try await server.client.get("/archive")
        #expect(page.status == 200 && page.text.contains("收入档案"))
        #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(try await server.client.get("/archive.js").text.contains("/api/archive/add"))
        #expect(try await server.client.get("/archive.css").status == 200)
        let plain = try await RunningServer()
        #expect(try await plain.client.get("/archive").status == 404)
        #expect(try await plain.client.get("/api/archive/list").status == 404)
        // The main page loads its optional part: with an archive its link and 收入档案 buttons, without one nothing.
        #expect(try await server.client.get("/").text.contains(#"<script src="/hooks.js" defer></script>"#))
        let hooks = try await server.client.get("/hooks.js")
        #expect(hooks.status == 200 && hooks.text.contains("收入档案") && hooks.text.contains("/api/archive/add") && hooks.text.contains("href = '/archive'"))
        let none = try await plain.client.get("/hooks.js")
        #expect(none.status == 200 && none.text == "// 本服务没有档案（serve 未给 --db）\n")
    }

    /// A title the clerk corrected on the main page (单位/年度) is what the archive keeps, as check and rollup read it.
    @Test func theClerksOverridesAreWhatIsKept() async throws {
        let (server, db) = try await archived()
        let overrides = #"{"\#(ServerFixtures.broken)": {"agency": "改名镇", "year": 2022}}"#
        let reply = try await server.client.post("/api/archive/add", parts: [
            .file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)), .field("overrides", overrides)])
        let outcomes = try #require(try reply.json() as? [[String: Any]])
        #expect(outcomes.map { $0["status"] as? String } == ["added"])
        #expect(outcomes[0]["message"] as? String == "已收入档案：改名镇 2022 年度（第 1 版）")
        let kept = try ReportArchive(path: db).versions()
        #expect(kept.map(\.agency) == ["改名镇"] && kept.map(\.year) == [2022])
        let bad = try await server.client.post("/api/archive/add", parts: [
            .file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)), .field("overrides", "[1]")])
        #expect(bad.status == 400)
    }

    @Test func aNewerArchiveStopsTheServer() throws {
        let db = try temporaryFolder("nianbao-archive") + "/新版.db"
        _ = try ReportArchive(path: db)
        try DatabaseQueue(path: db).write { try $0.execute(sql: "PRAGMA user_version = 9") }
        var settings = ServerSettings()
        settings.archivePath = db
        let refusal = #expect(throws: ServerStartError.self) { try NianbaoServer(settings: settings) }
        #expect(refusal?.description == "档案 \(db) 由更新版本的 nianbao 建立（结构版本 9，本程序只认识到 1），未打开也未改动；请升级 nianbao 后再用")
    }

    /// The archive's page in headless Chromium (Tests/browser/archive_test.py): a checked file accepted, listed, charted.
    @Test func theArchivePageInTheBrowser() throws {
        guard let binary = NianbaoBinary.path else {
            if judgesRequired { Issue.record("nianbao binary not found beside the tests") }
            return
        }
        let folder = try temporaryFolder("nianbao-archive")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.project.appendingPathComponent("Tests/browser/archive_test.py").path, binary,
                             ServerFixtures.county.appendingPathComponent(ServerFixtures.broken).path, folder + "/县档案.db", folder + "/archive.png"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 {
            print(output)  // the judge is missing on this machine; the script itself fails under CI=true
            return
        }
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/archive.png"))
        #expect(try ReportArchive(path: folder + "/县档案.db").versions().map(\.agency) == ["青山镇"])
    }
}
