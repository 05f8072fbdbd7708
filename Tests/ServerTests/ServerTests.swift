// The HTTP API over loopback: check, view, template, rollup, convert, and the server's safety rules.
import Readers
import Disclosure
import Foundation
@testable import NianbaoServer
import Spreadsheet
import Testing
import TestSupport

/// A server on a free loopback port for the life of a test.
final class RunningServer: Sendable {
    let client: LoopbackClient
    private let task: Task<Void, any Error>

    init(_ configure: (inout ServerSettings) -> Void = { _ in }) async throws {
        var settings = ServerSettings()
        settings.port = 0
        settings.logLevel = "critical"  // stopping a server by cancelling its task logs errors that mean nothing here
        configure(&settings)
        let server = try NianbaoServer(settings: settings)
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        task = Task { try await server.run { url in continuation.yield(url) } }
        var iterator = stream.makeAsyncIterator()
        guard let url = await iterator.next(), let port = URL(string: url)?.port else { throw LoopbackClient.Failure(description: "no address") }
        client = LoopbackClient(port: port)
    }

    deinit { task.cancel() }
}

enum ServerFixtures {
    static let county = Fixtures.project.appendingPathComponent("Samples/demo-county/2023")
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: county.appendingPathComponent(name))) }
    static let broken = "青山镇2023年度政府信息公开工作年度报告.xlsx"
    static let clean = "城关镇2023年度政府信息公开工作年度报告.xlsx"
}

@Suite struct ServerAPITests {
    @Test func healthAndPage() async throws {
        let server = try await RunningServer()
        let health = try await server.client.get("/healthz")
        #expect(health.status == 200)
        #expect(health.text.contains("\"ok\""))
        let page = try await server.client.get("/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<input id=\"files\" type=\"file\" name=\"files\" multiple>"))
        #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        #expect(try await server.client.get("/app.js").text.contains("/api/view"))
        #expect(try await server.client.get("/app.css").status == 200)
        #expect(try await server.client.get("/nothing").status == 404)
    }

    @Test func checkAnswersAsTheCommandLineDoes() async throws {
        let server = try await RunningServer()
        let reply = try await server.client.post("/api/check", parts: [
            .file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)),
            .file("files", "损坏.xlsx", Array("not a workbook".utf8)),
        ])
        #expect(reply.status == 200)
        let array = try #require(try reply.json() as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array[0]["source"] as? String == ServerFixtures.broken)
        #expect(array[0]["agency"] as? String == "青山镇")
        #expect(array[0]["year"] as? Int == 2023)
        let findings = try #require(array[0]["findings"] as? [[String: Any]])
        let balance = try #require(findings.first { $0["code"] as? String == "identity.s3.balance" })
        #expect((balance["likely_cell"] as? [String: Any])?["cell"] as? String == "J46")
        #expect((balance["likely_cell"] as? [String: Any])?["file"] as? String == ServerFixtures.broken)
        #expect(array[1]["source"] as? String == "损坏.xlsx")
        #expect((array[1]["error"] as? String)?.isEmpty == false)

        // The same bytes through the pipeline give the same JSON, but for the file's name.
        var workbook = try FormatRegistry.read(path: ServerFixtures.county.appendingPathComponent(ServerFixtures.broken).path)
        workbook.source = ServerFixtures.broken
        let expected = JSONValue.array([ReportJSON.object(Pipeline.report(workbook: workbook))]).render()
        let single = try await server.client.post("/api/check", parts: [.file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken))])
        #expect(single.text == expected + "\n")
    }

    @Test func viewMarksTheWrongCellOnTheForm() async throws {
        let server = try await RunningServer()
        let reply = try await server.client.post("/api/view", parts: [.file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken))])
        let array = try #require(try reply.json() as? [[String: Any]])
        let form = try #require(array.first?["form"] as? String)
        #expect(form.hasPrefix("<table class=\"form\" data-layout=\"2021\">"))
        #expect(form.contains("class=\"value total cell-error cell-likely\" data-key=\"s3.total.total\" data-cell=\"J46\""))
        #expect(form.contains("最可能出错的是 J46"))
        let clean = try await server.client.post("/api/view", parts: [.file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean))])
        #expect(!clean.text.contains("cell-error"))
    }

    @Test func templateAndConvertDownloads() async throws {
        let server = try await RunningServer()
        let template = try await server.client.get("/api/template?layout=2019&agency=%E6%B5%8B%E8%AF%95%E4%B9%A1&year=2020")
        #expect(template.status == 200)
        #expect(template.headers["content-disposition"]?.contains("filename*=UTF-8''%E6%B5%8B%E8%AF%95%E4%B9%A12020") == true)
        let path = try temporaryFile("template.xlsx", template.body)
        let report = try Pipeline.report(path: path)
        #expect(report.layout.id == "2019")
        #expect(report.agency == "测试乡")
        #expect(report.year == 2020)
        #expect(try await server.client.get("/api/template?layout=2020").status == 400)

        let converted = try await server.client.post("/api/convert?to=xlsx", parts: [.file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken))])
        #expect(converted.status == 200)
        let filled = try Pipeline.report(path: try temporaryFile("filled.xlsx", converted.body))
        #expect(filled.values["s3.new.total"] == 155)
        #expect(filled.agency == "青山镇")
    }

    @Test func rollupOfUploadedTownships() async throws {
        let server = try await RunningServer()
        let files: [MultipartPart] = [
            .file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)),
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
            .field("agency", "示范县"), .field("year", "2023"),
        ]
        let json = try await server.client.post("/api/rollup?format=json", parts: files)
        #expect(json.status == 200)
        let object = try #require(try json.json() as? [String: Any])
        #expect(object["agency"] as? String == "示范县")
        #expect(object["year"] as? Int == 2023)
        #expect((object["members"] as? [[String: Any]])?.count == 2)
        let total = try #require((object["values"] as? [String: Any])?["s3.new.total"] as? Int)
        #expect(total > 155)
        let workbook = try await server.client.post("/api/rollup", parts: files)
        #expect(workbook.status == 200)
        #expect(workbook.headers["content-type"]?.contains("spreadsheetml") == true)
        let read = try FormatRegistry.read(path: try temporaryFile("county.xlsx", workbook.body))
        #expect(read.sheets.map(\.name) == ["汇总", "分单位明细", "问题清单", "说明"])
        // The page says whether the county form balances, not just 已生成: 青山镇's wrong total unbalances it.
        let status = try #require(workbook.headers["x-nianbao-rollup"]?.removingPercentEncoding)
        #expect(status == "汇总表不平衡，不能上报：3 处勾稽关系不符，来自 1 个单位（青山镇）；问题清单中另有 3 个错误。")
        #expect(workbook.headers["x-nianbao-balanced"] == "0")
        #expect(try await server.client.post("/api/rollup", parts: Array(files.prefix(2))).status == 400)
        // No member of the asked year: no county form, and the years the files are.
        let noYear = try await server.client.post("/api/rollup", parts: Array(files.prefix(2)) + [.field("agency", "示范县"), .field("year", "2024")])
        #expect(noYear.status == 400)
        #expect(String(decoding: noYear.body, as: UTF8.self).contains("这些文件的报告年度为 2023"))

        // Last year's files: compared when they are the year before, named when they are not.
        let lastYear = Fixtures.project.appendingPathComponent("Samples/demo-county/2022/城关镇2022年报.csv")
        let withPrevious = try await server.client.post("/api/rollup?format=json", parts: files + [
            .file("previous", "城关镇2022年报.csv", Array(try Data(contentsOf: lastYear))),
            .file("previous", "青山镇2023副本.xlsx", try ServerFixtures.bytes(ServerFixtures.broken)),
        ])
        let members = try #require((try withPrevious.json() as? [String: Any])?["members"] as? [[String: Any]])
        let codes = members.map { (($0["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } }
        #expect(codes[0].contains("cross_year.previous_mismatch"))
        #expect(!codes[1].contains("cross_year.previous_mismatch"))
    }
}

@Suite struct ServerSafetyTests {
    @Test func foreignHostAndOriginAreRefused() async throws {
        let server = try await RunningServer()
        #expect(try await server.client.get("/", headers: ["Host": "evil.example:\(server.client.port)"]).status == 403)
        #expect(try await server.client.get("/healthz", headers: ["Host": "localhost:\(server.client.port)"]).status == 200)
        let crossSite = try await server.client.post("/api/check", parts: [.file("files", "a.csv", Array("x".utf8))],
                                                headers: ["Origin": "http://evil.example"])
        #expect(crossSite.status == 403)
    }

    @Test func otherLocalAppsAndSandboxedFramesMayNotPost() async throws {
        let server = try await RunningServer()
        let port = server.client.port
        let part: [MultipartPart] = [.file("files", "a.csv", Array("x".utf8))]
        #expect(try await server.client.post("/api/check", parts: part, headers: ["Origin": "http://127.0.0.1:3000"]).status == 403)
        #expect(try await server.client.post("/api/check", parts: part, headers: ["Origin": "null"]).status == 403)
        #expect(try await server.client.post("/api/check", parts: part, headers: ["Origin": "http://127.0.0.1:\(port)"]).status == 200)
        #expect(try await server.client.get("/healthz", headers: ["Origin": "null"]).status == 200)
    }

    @Test func incompleteOrEmptyUploadsAreRefused() async throws {
        let server = try await RunningServer()
        let (body, type) = MultipartPart.encode([.file("files", "a.csv", Array("x,1\n".utf8)), .file("files", "b.csv", Array("y,2\n".utf8))])
        let cut = Array(body.prefix(body.count - 60))
        let head = server.client.requestHead("POST", "/api/check", headers: ["Content-Type": type, "Content-Length": "\(cut.count)"])
        let reply = try await server.client.send(head, body: cut)
        #expect(reply.status == 400)
        #expect(reply.text.contains("不完整"))
        #expect(try await server.client.post("/api/check", parts: [.field("agency", "某县")]).status == 400)
        #expect(try await server.client.post("/api/check", parts: [.file("upload", "c.csv", Array("z".utf8))]).status == 200)
        // A quoted boundary with a semicolon in it is still the boundary.
        let quoted = "multipart/form-data; boundary=\"a;b\""
        let odd = Array("--a;b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"d.csv\"\r\n\r\nq\r\n--a;b--\r\n".utf8)
        let oddHead = server.client.requestHead("POST", "/api/check", headers: ["Content-Type": quoted, "Content-Length": "\(odd.count)"])
        let oddReply = try await server.client.send(oddHead, body: odd)
        #expect(oddReply.status == 200)
        #expect(oddReply.text.contains("\"source\": \"d.csv\""))
    }

    @Test func oversizedUploadsGet413AndTheServerGoesOn() async throws {
        let server = try await RunningServer { $0.maximumUpload = 1_000_000 }
        // Declared too large: refused before a byte of the body is read.
        let declared = server.client.requestHead("POST", "/api/check", headers: [
            "Content-Type": "multipart/form-data; boundary=x", "Content-Length": "600000000"])
        #expect(try await server.client.send(declared, body: [UInt8](repeating: 0x41, count: 4096)).status == 413)
        // Not declared (chunked): refused once the bytes read pass the cap.
        var chunked: [UInt8] = []
        let chunk = [UInt8](repeating: 0x41, count: 65536)
        for _ in 0..<40 { chunked += Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8) }
        chunked += Array("0\r\n\r\n".utf8)
        let streamed = server.client.requestHead("POST", "/api/check", headers: [
            "Content-Type": "multipart/form-data; boundary=x", "Transfer-Encoding": "chunked"])
        let reply = try await server.client.send(streamed, body: chunked)
        #expect(reply.status == 413)
        #expect(reply.text.contains("上传的文件太大"))
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test func hostileFilesGetTheirOwnErrors() async throws {
        let server = try await RunningServer()
        let zipBomb = Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 0xFF, count: 2000)
        let reply = try await server.client.post("/api/check", parts: [
            .file("files", "../../etc/passwd.xlsx", zipBomb),
            .file("files", "空.csv", []),
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
        ])
        let array = try #require(try reply.json() as? [[String: Any]])
        #expect(array.count == 3)
        #expect(array[0]["source"] as? String == "../../etc/passwd.xlsx")
        #expect(array[0]["error"] != nil)
        #expect(array[2]["agency"] as? String == "城关镇")
        #expect(try await server.client.get("/healthz").status == 200)
    }

    @Test func lanNeedsAToken() async throws {
        #expect(throws: (any Error).self) { try NianbaoServer(settings: { var s = ServerSettings(); s.host = "0.0.0.0"; return s }()) }
        let server = try await RunningServer { $0.token = "s3cret-token" }
        #expect(try await server.client.get("/").status == 401)
        #expect(try await server.client.get("/healthz").status == 200)
        #expect(try await server.client.get("/?token=wrong-token").status == 401)
        let welcome = try await server.client.get("/?token=s3cret-token")
        #expect(welcome.status == 303)
        #expect(welcome.headers["set-cookie"]?.hasPrefix("nianbao_token=s3cret-token;") == true)
        #expect(try await server.client.get("/", headers: ["Cookie": "nianbao_token=s3cret-token"]).status == 200)
        #expect(try await server.client.get("/api/template", headers: ["Authorization": "Bearer s3cret-token"]).status == 200)
    }
}

@Suite struct ServerProcessTests {
    @Test func theBinaryPrintsItsAddressFirstAndStopsOnControlC() async throws {
        guard let (process, client) = try startBinary([]) else { return }
        #expect(try await client.get("/healthz").status == 200)
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(!process.isRunning)
        if process.isRunning { process.terminate() } else { #expect(process.terminationStatus == 0) }
    }

    /// In a process of its own, so that the tests' busy threads cannot delay the server's. (That others get 503 while
    /// the place is held is `WorkQueueTests`' part; timing it here would make the test depend on the machine's load.)
    @Test func aStalledUploadLosesItsPlaceInTheQueue() async throws {
        guard let (process, client) = try startBinary(["--jobs", "1", "--queue", "0", "--idle-timeout", "2"]) else { return }
        defer { process.terminate() }
        // Headers and a few bytes of a body that never comes: it holds the only place until the idle timeout.
        let socket = try client.openSocket()
        defer { close(socket) }
        let head = client.requestHead("POST", "/api/check", headers: ["Content-Type": "multipart/form-data; boundary=x", "Content-Length": "100000"])
        try client.sendAll(socket, Array((head + "\r\n\r\nabc").utf8))
        // The server cuts it off (recv sees the close) instead of waiting for ever; then the place is free again.
        let started = Date()
        // Read on this thread: the server is another process, and a busy dispatch pool could delay the read itself.
        var byte: UInt8 = 0
        let received = recv(socket, &byte, 1, 0)
        #expect(received == 0, "the server closed the stalled connection")
        #expect(Date().timeIntervalSince(started) < 20)
        // The handler gives the place back as soon as it sees the closed body; ask until it has.
        var seen: [Int] = []
        let deadline = Date().addingTimeInterval(30)
        while seen.last != 200, Date() < deadline {
            seen.append(try await client.post("/api/check", parts: [.file("files", "a.csv", Array("x".utf8))]).status)
            if seen.last != 200 { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(seen.last == 200, "statuses after the stalled upload was cut off: \(seen.count) answers, last \(seen.last ?? 0)")
    }

    /// `nianbao serve --port 0` with `arguments`, and a client for the address it printed first.
    func startBinary(_ arguments: [String]) throws -> (Process, LoopbackClient)? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = folder.appendingPathComponent("nianbao").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("nianbao binary not found beside the tests") }
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { line.append(byte) }
        let address = String(decoding: line, as: UTF8.self)
        #expect(address.hasPrefix("http://127.0.0.1:") && address.hasSuffix("/"), "the first line printed is the address")
        guard let port = URL(string: address)?.port else {
            process.terminate()
            throw LoopbackClient.Failure(description: "no address printed")
        }
        return (process, LoopbackClient(port: port))
    }

    @Test func aLanAddressNeedsAToken() throws {
        var settings = ServerSettings()
        settings.host = "0.0.0.0"
        #expect(throws: ServerStartError.self) { try NianbaoServer(settings: settings) }
        settings.token = "short"
        #expect(throws: ServerStartError.self) { try NianbaoServer(settings: settings) }
        settings.token = "long-enough-token"
        #expect(throws: Never.self) { try NianbaoServer(settings: settings) }
    }
}

@Suite struct WorkQueueTests {
    @Test func aFullQueueRefusesAtOnceAndFreesPlacesWhenWorkEnds() async throws {
        let queue = WorkQueue(slots: 1, capacity: 1)
        try await queue.admit()
        try await queue.admit()
        await #expect(throws: ServerError.busy) { try await queue.admit() }
        #expect(await queue.run { 41 + 1 } == 42)
        await queue.leave(ran: true)
        try await queue.admit()
    }
}
