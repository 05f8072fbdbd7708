// The archive under a kill -9 in the middle of adding 1,000 files, and under two processes adding at once: the file
// opens, holds whole reports only, and the next add completes it.
@testable import Archive
import Disclosure
import Foundation
import GRDB
import Synchronization
import Testing
import TestSupport

@Suite struct ArchiveCrashTests {
    /// `count` township CSVs, each 城关镇's 2022 report under another name (甲甲甲镇, 甲甲乙镇, …).
    static func townships(_ count: Int, in folder: String) throws -> [String] {
        let template = try String(contentsOfFile: Fixtures.project.appendingPathComponent("Samples/demo-county/2022/城关镇2022年报.csv").path,
                                  encoding: .utf8)
        let digits = Array("甲乙丙丁戊己庚辛壬癸")
        return try (0..<count).map { index in
            let name = String([digits[index / 100 % 10], digits[index / 10 % 10], digits[index % 10]]) + "镇"
            let path = folder + "/\(name)2022年报.csv"
            try template.replacingOccurrences(of: "城关镇", with: name).write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
    }

    /// Every stored version is the whole report its file gives (values, cells, findings), and every source has its report.
    static func expectWhole(_ db: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let archive = try ReportArchive(path: db)
        let (sources, reports, integrity) = try archive.queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? -1, try Int.fetchOne(db, sql: "SELECT count(*) FROM reports") ?? -1,
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(integrity == "ok", sourceLocation: sourceLocation)
        #expect(sources == reports, sourceLocation: sourceLocation)
        for version in try archive.versions() {
            let stored = try archive.report(version)
            let fresh = try Pipeline.report(path: version.source)
            #expect(ReportJSON.object(stored).render() == ReportJSON.object(fresh).render(), "\(version.source)", sourceLocation: sourceLocation)
        }
        return reports
    }

    @Test func aKillMidAddLeavesWholeReports() throws {
        guard let binary = NianbaoBinary.path else { judgeMissing("nianbao binary not found beside the tests"); return }
        let folder = try temporaryFolder("nianbao-archive")
        try FileManager.default.createDirectory(atPath: folder + "/inbox", withIntermediateDirectories: true)
        _ = try Self.townships(1000, in: folder + "/inbox")
        let db = folder + "/县档案.db"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["archive", "add", folder + "/inbox", "--db", db, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed once some reports are in and (almost surely) one is being written.
        var held = 0
        for _ in 0..<6000 where process.isRunning {
            if FileManager.default.fileExists(atPath: db) {
                held = (try? DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reports") ?? 0 }) ?? 0
                if held >= 100 { break }
            }
            usleep(10_000)
        }
        let killedRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedRunning, "the add finished before it could be killed")
        let survived = try Self.expectWhole(db)
        #expect(survived >= held && survived < 1000, "\(survived)")

        // The next add keeps what is there and adds the rest.
        guard let rest = try NianbaoBinary.run(["archive", "add", folder + "/inbox", "--db", db, "--quiet"]) else { return }
        #expect(rest.status == 0)
        #expect(rest.output.contains("共 1000 个文件：收入 \(1000 - survived) 份，已在档案中 \(survived) 份，未收入 0 个"), "\(rest.output)")
        #expect(try ReportArchive(path: db).versions().count == 1000)
    }

    /// Two openers creating one archive at the same moment both open it: switching to WAL answers SQLITE_BUSY at once
    /// (no busy wait) and is asked again, and the check for a foreign database reads one state of the file, not a
    /// user_version from before the other's schema and a table count from after it.
    @Test func twoOpenersCreatingOneArchiveBothOpenIt() throws {
        let folder = try temporaryFolder("nianbao-archive")
        for round in 0..<30 {
            let db = folder + "/\(round).db"
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do { _ = try ReportArchive(path: db) } catch { failures.withLock { $0.append("\(error)") } }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
            #expect(try ReportArchive(path: db).versions().isEmpty)
        }
    }

    /// Two processes add overlapping sets at once: one waits for the other's transaction; each file is stored once.
    @Test func twoAddersAtOnceStoreEachFileOnce() throws {
        guard let binary = NianbaoBinary.path else { judgeMissing("nianbao binary not found beside the tests"); return }
        let folder = try temporaryFolder("nianbao-archive")
        let paths = try Self.townships(240, in: folder)
        let db = folder + "/县档案.db"
        let processes = [Array(paths[0..<160]), Array(paths[80..<240])].map { part -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["archive", "add"] + part + ["--db", db, "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        #expect(try Self.expectWhole(db) == 240)
    }
}
