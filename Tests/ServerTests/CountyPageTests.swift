// The county page's API and the limits that keep one server standing for a county's January (issue 25).
import Disclosure
import Foundation
@testable import NianbaoServer
import Readers
import Spreadsheet
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

enum CountyFixtures {
    static let township = "马庄乡2023年度政府信息公开工作年度报告.csv"
    static func text() throws -> String { String(decoding: try ServerFixtures.bytes(township), as: UTF8.self) }
    /// Another version of 马庄乡's report: 行政许可 190 → 191 (outside every identity).
    static func otherVersion() throws -> [UInt8] { Array(try text().replacingOccurrences(of: "行政许可,,,190,", with: "行政许可,,,191,").utf8) }
    /// The same report with last year's number in its title.
    static func lastYearsTitle() throws -> [UInt8] {
        Array(try text().replacingOccurrences(of: "马庄乡2023年度政府信息公开工作年度报告,", with: "马庄乡2022年度政府信息公开工作年度报告,").utf8)
    }
    static func verdict(_ reply: HTTPReply) throws -> [String: Any] { try #require(try reply.json() as? [String: Any]) }
}

@Suite struct CountyPageTests {
    @Test func theVerdictNamesTheMembersThatUnbalanceTheCountyForm() async throws {
        let server = try await RunningServer()
        let reply = try await server.client.post("/api/rollup?format=page", parts: [
            .file("files", ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)),
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
            .field("agency", "示范县"), .field("year", "2023"),
        ])
        #expect(reply.status == 200)
        let verdict = try CountyFixtures.verdict(reply)
        #expect(verdict["level"] as? String == "bad")
        #expect(verdict["balanced"] as? Bool == false)
        #expect(verdict["headline"] as? String == "汇总表不平衡，不能上报：3 处勾稽关系不符，来自 1 个单位（青山镇）；问题清单中另有 3 个错误。")
        let contributors = try #require(verdict["contributors"] as? [[String: Any]])
        #expect(contributors.count == 1)
        #expect(contributors[0]["name"] as? String == "青山镇")
        #expect(contributors[0]["sources"] as? [String] == [ServerFixtures.broken])
        let toFix = try #require(verdict["members_to_fix"] as? [[String: Any]])
        #expect(toFix.map { $0["source"] as? String } == [ServerFixtures.broken])
        let encoded = try #require(verdict["workbook"] as? String)
        let workbook = try #require(Data(base64Encoded: encoded))
        #expect(Array(workbook.prefix(2)) == Array("PK".utf8))
        #expect(verdict["workbook_name"] as? String == "示范县2023年度政府信息公开工作年度报告（汇总）.xlsx")
    }

    @Test func aCleanCountyIsTheOnlyOneAnnouncedAsReady() async throws {
        let server = try await RunningServer()
        let verdict = try CountyFixtures.verdict(try await server.client.post("/api/rollup?format=page", parts: [
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
            .file("files", CountyFixtures.township, try ServerFixtures.bytes(CountyFixtures.township)),
            .field("agency", "示范县"), .field("year", "2023"),
        ]))
        #expect(verdict["level"] as? String == "ok")
        #expect(verdict["headline"] as? String == "汇总表已生成，勾稽关系平衡，可以上报：汇总 2 个单位。")
    }

    @Test func theClerksChoiceOfDuplicateIsSummed() async throws {
        let server = try await RunningServer()
        let final = "马庄乡2023年度政府信息公开工作年度报告（终稿）.csv"
        let files: [MultipartPart] = [
            .file("files", CountyFixtures.township, try ServerFixtures.bytes(CountyFixtures.township)),
            .file("files", final, try CountyFixtures.otherVersion()),
            .field("agency", "示范县"), .field("year", "2023"),
        ]
        // The rollup's own rule: the file named 终稿.
        let byName = try CountyFixtures.verdict(try await server.client.post("/api/rollup?format=page", parts: files))
        let group = try #require((byName["duplicates"] as? [[String: Any]])?.first)
        #expect(group["kept"] as? String == final)
        #expect(group["others"] as? [String] == [CountyFixtures.township])
        #expect(group["rule"] as? String == "name")
        // The clerk's choice on the page overrides it, and the county values follow.
        let chosen = try await server.client.post("/api/rollup?format=page", parts: files + [.field("prefer", "[\"\(CountyFixtures.township)\"]")])
        let preferred = try #require((try CountyFixtures.verdict(chosen)["duplicates"] as? [[String: Any]])?.first)
        #expect(preferred["kept"] as? String == CountyFixtures.township)
        #expect(preferred["rule"] as? String == "prefer")
        let values = { (reply: HTTPReply) throws -> Int? in ((try reply.json() as? [String: Any])?["values"] as? [String: Any])?["s2.licensing.decisions"] as? Int }
        #expect(try values(try await server.client.post("/api/rollup?format=json", parts: files)) == 191)
        #expect(try values(try await server.client.post("/api/rollup?format=json", parts: files + [.field("prefer", "[\"\(CountyFixtures.township)\"]")])) == 190)
        #expect(try await server.client.post("/api/rollup?format=page", parts: files + [.field("prefer", "not json")]).status == 400)
    }

    @Test func aYearCorrectedOnThePageMovesTheFileIntoTheRollup() async throws {
        let server = try await RunningServer()
        let name = "马庄乡2022年报.csv"
        let files: [MultipartPart] = [
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
            .file("files", name, try CountyFixtures.lastYearsTitle()),
            .field("agency", "示范县"), .field("year", "2023"),
        ]
        let before = try CountyFixtures.verdict(try await server.client.post("/api/rollup?format=page", parts: files))
        #expect(before["included"] as? Int == 1)
        #expect((before["not_summed"] as? [[String: Any]])?.map { $0["file"] as? String } == [name])
        let overrides = MultipartPart.field("overrides", "{\"\(name)\": {\"year\": 2023, \"agency\": \"马庄乡\"}}")
        let after = try CountyFixtures.verdict(try await server.client.post("/api/rollup?format=page", parts: files + [overrides]))
        #expect(after["included"] as? Int == 2)
        #expect((after["not_summed"] as? [[String: Any]])?.isEmpty == true)
        // The same override on the page's own check of the file.
        let viewed = try #require(try await server.client.post("/api/view", parts: [.file("files", name, try CountyFixtures.lastYearsTitle()), overrides]).json() as? [[String: Any]])
        #expect((viewed[0]["report"] as? [String: Any])?["year"] as? Int == 2023)
        #expect(viewed[0]["duplicate_key"] as? String == "马庄乡|2023")
        let bad = try await server.client.post("/api/view", parts: [.file("files", name, try CountyFixtures.lastYearsTitle()),
                                                                     .field("overrides", "{\"\(name)\": {\"year\": 23}}")])
        #expect(bad.status == 400)
        #expect(bad.text.contains("年度应为四位数字"))
    }

    @Test func problemListDownloadsAsXLSXAndCSV() async throws {
        let server = try await RunningServer()
        let rows = [["文件", "单位", "说明"], ["青山镇.xlsx", "青山镇", "=1+1 不是公式"]]
        let body = Array(try JSONSerialization.data(withJSONObject: ["rows": rows]))
        let head = { (format: String) in
            server.client.requestHead("POST", "/api/problems?format=\(format)", headers: ["Content-Type": "application/json", "Content-Length": "\(body.count)"])
        }
        let xlsx = try await server.client.send(head("xlsx"), body: body)
        #expect(xlsx.status == 200)
        #expect(xlsx.headers["content-disposition"]?.contains("filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx") == true)
        let sheet = try #require(try FormatRegistry.read(path: try temporaryFile("问题清单.xlsx", xlsx.body)).sheets.first)
        #expect(sheet.name == "问题清单")
        #expect(sheet.grid.rowTexts(1) == ["青山镇.xlsx", "青山镇", "=1+1 不是公式"])
        let csv = try await server.client.send(head("csv"), body: body)
        #expect(csv.status == 200)
        #expect(csv.text == "\u{FEFF}文件,单位,说明\r\n青山镇.xlsx,青山镇,'=1+1 不是公式\r\n")
        let malformed = try await server.client.send(server.client.requestHead("POST", "/api/problems", headers: ["Content-Length": "2"]), body: Array("[]".utf8))
        #expect(malformed.status == 400)
    }

    @Test func everyMarkedFormInOneZip() async throws {
        let server = try await RunningServer()
        let reply = try await server.client.post("/api/marked", parts: [
            .file("files", "乡镇/" + ServerFixtures.broken, try ServerFixtures.bytes(ServerFixtures.broken)),
            .file("files", ServerFixtures.clean, try ServerFixtures.bytes(ServerFixtures.clean)),
            .file("files", "坏.xlsx", Array("not a workbook".utf8)),
        ])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/zip")
        let path = try temporaryFile("marked.zip", reply.body)
        let listing = try ZipFolder.list(path: path)
        #expect(listing.members.map { String($0.dropFirst(path.count + 1)) } == [
            "乡镇/青山镇2023年度政府信息公开工作年度报告.xlsx", "城关镇2023年度政府信息公开工作年度报告.xlsx"])
        // The marked form of 青山镇 carries its 问题清单 sheet (the wrong cells filled red).
        let marked = try FormatRegistry.read(path: listing.members[0])
        #expect(marked.sheets.map(\.name) == ["年报", "问题清单"])
    }

    @Test func thePageAsksForTheTokenInAFormNotAURL() async throws {
        let server = try await RunningServer { $0.token = "s3cret-token" }
        let page = try await server.client.get("/")
        #expect(page.status == 401)
        #expect(page.text.contains("<form class=\"group login\" method=\"post\" action=\"/login\">"))
        #expect(try await server.client.get("/app.css").status == 200)
        let form = { (text: String) in
            server.client.requestHead("POST", "/login", headers: ["Content-Type": "application/x-www-form-urlencoded", "Content-Length": "\(text.utf8.count)"])
        }
        let wrong = try await server.client.send(form("token=wrong-token"), body: Array("token=wrong-token".utf8))
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("口令不正确"))
        let right = try await server.client.send(form("token=s3cret-token"), body: Array("token=s3cret-token".utf8))
        #expect(right.status == 303)
        #expect(right.headers["set-cookie"] == "nianbao_token=s3cret-token; Path=/; HttpOnly; SameSite=Lax")
        #expect(try await server.client.get("/api/template").status == 401)
    }

    @Test func thePagePolicyAllowsNoEval() async throws {
        let server = try await RunningServer()
        let policy = try #require(try await server.client.get("/").headers["content-security-policy"])
        #expect(policy == "default-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    }
}

@Suite struct ServerLimitTests {
    /// A 59 MB export is refused by the cell cap after its first rows; here a CSV of 1,100,000 cells.
    @Test func aFileOverTheCellCapIsRefusedInChinese() async throws {
        let server = try await RunningServer()
        let row = Array("1,2,3,4,5,6,7,8,9,10\n".utf8)
        var csv: [UInt8] = []
        csv.reserveCapacity(row.count * 110_000)
        for _ in 0..<110_000 { csv += row }
        let reply = try await server.client.post("/api/check", parts: [.file("files", "数据.csv", csv)])
        let array = try #require(try reply.json() as? [[String: Any]])
        // The path is named once, in `source` (issue 26); the reason and its code beside it.
        #expect(array[0]["source"] as? String == "数据.csv")
        #expect(array[0]["status"] as? String == "unreadable")
        #expect(array[0]["error_code"] as? String == "file.too_large")
        #expect(array[0]["error"] as? String == "内容过大（超过 1000000 个单元格；年度报告表只有几百个单元格，请确认上传的是年报表而不是其他数据）。")
    }

    /// Apache mod_reqtimeout's MinRate: a client that sends a byte at a time never leaves a gap, and is cut all the same.
    @Test func aTricklingUploadIsCutByTheMinimumRate() async throws {
        let server = try await RunningServer { $0.uploadGraceSeconds = 1; $0.minimumUploadRate = 500 }
        let socket = try server.client.openSocket()
        defer { close(socket) }
        let head = server.client.requestHead("POST", "/api/check", headers: ["Content-Type": "multipart/form-data; boundary=x", "Content-Length": "100000"])
        try server.client.sendAll(socket, Array((head + "\r\n\r\n").utf8))
        let reply: HTTPReply = try await withCheckedThrowingContinuation { continuation in
            Thread {
                // A byte every 100 ms (the idle timer of 30 s never fires) until the server answers.
                let trickle = Thread {
                    for _ in 0..<300 {
                        var byte: UInt8 = 0x2D
                        if send(socket, &byte, 1, Int32(MSG_NOSIGNAL)) <= 0 { return }
                        Thread.sleep(forTimeInterval: 0.1)
                    }
                }
                trickle.start()
                continuation.resume(with: Result { try server.client.read(socket) })
            }.start()
        }
        #expect(reply.status == 408)
        #expect(reply.text.contains("上传太慢"))
    }

    @Test func oneReaderPoolBoundsTheFilesReadAtOnce() async throws {
        let pool = ReaderPool(width: 2)
        // Four requests of ten files each, at once: never more than two files in reading.
        let results = await withTaskGroup(of: [Int].self) { group in
            for request in 0..<4 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        Thread {
                            continuation.resume(returning: pool.map(Array(0..<10)) { index in
                                Thread.sleep(forTimeInterval: 0.005)
                                return request * 100 + index
                            })
                        }.start()
                    }
                }
            }
            var all: [[Int]] = []
            for await result in group { all.append(result) }
            return all.sorted { $0[0] < $1[0] }
        }
        #expect(results == (0..<4).map { request in (0..<10).map { request * 100 + $0 } })
        #expect(pool.peak == 2)
    }

    @Test func scratchFoldersOfServersNoLongerRunningAreSwept() throws {
        let directory = scratchRoot.appendingPathComponent("nianbao-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A process that has ended: its folder is left over.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let stale = "\(ScratchFolder.prefix)\(ended.processIdentifier)-AbC123"
        let mine = "\(ScratchFolder.prefix)\(getpid())-XyZ789"
        let other = "unrelated-\(ended.processIdentifier)-folder"
        for name in [stale, mine, other] {
            try FileManager.default.createDirectory(atPath: (directory as NSString).appendingPathComponent(name), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: (directory as NSString).appendingPathComponent(name + "/1.xlsx"), contents: Data("x".utf8))
        }
        #expect(ScratchFolder.sweep(in: directory) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [mine, other].sorted())
    }

    @Test func aPortInUseIsSaidInChinese() async throws {
        let first = try await RunningServer()
        var settings = ServerSettings()
        settings.port = first.client.port
        settings.logLevel = "critical"
        let second = try NianbaoServer(settings: settings)
        do {
            try await second.run { _ in }
            Issue.record("a second server started on a port in use")
        } catch {
            #expect("\(error)" == "端口 \(first.client.port) 已被占用（可能已有一个 nianbao serve 在运行），请换一个端口（--port）")
        }
    }
}

@Suite struct ServiceUnitTests {
    /// The unit file `Scripts/install-service.sh` installs, as systemd itself reads it (with the built binary in place of
    /// /usr/local/bin/nianbao): no error and no warning.
    @Test func theServiceUnitVerifies() async throws {
        guard let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            judgeMissing("systemd-analyze is not installed (Scripts/install-browser.sh)")
            return
        }
        let unit = try String(contentsOf: Fixtures.project.appendingPathComponent("Scripts/service/nianbao.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/nianbao serve --host 0.0.0.0 --port ${NIANBAO_PORT}\n"))
        #expect(unit.contains("User=nianbao\n") && unit.contains("Restart=on-failure\n") && unit.contains("EnvironmentFile=/etc/nianbao/nianbao.env\n"))
        #expect(!unit.contains("--token"), "the token comes from the environment file, never the command line (ps)")
        let path = try temporaryFile("nianbao.service", Array(unit.replacingOccurrences(of: "/usr/local/bin/nianbao", with: "/bin/true").utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze)
        process.arguments = ["verify", path]
        let output = try await ProcessRun.output(process)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.isEmpty, "\(output)")
    }
}
