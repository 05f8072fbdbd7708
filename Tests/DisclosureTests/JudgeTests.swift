// The judges themselves: under CI=true a missing judge fails, so no test can pass without being judged.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct JudgeTests {
    /// Runs Scripts/check-xlsx.sh with a PATH that holds bash and coreutils but none of the judges.
    func checkWithoutJudges(ci: Bool) throws -> Int32 {
        let path = try temporaryFile("template.xlsx", try XLSXWriter.bytes(FormWriter(layout: .layout2021).workbook()))
        let bin = (path as NSString).deletingLastPathComponent + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for tool in ["bash", "mktemp", "rm", "cat", "ls", "wc", "timeout"] {
            for folder in ["/usr/bin", "/bin"] where FileManager.default.fileExists(atPath: "\(folder)/\(tool)") {
                try? FileManager.default.createSymbolicLink(atPath: "\(bin)/\(tool)", withDestinationPath: "\(folder)/\(tool)")
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Fixtures.project.appendingPathComponent("Scripts/check-xlsx.sh").path, path]
        process.environment = ["PATH": bin] .merging(ci ? ["CI": "true"] : [:]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// check-xlsx.sh once exited 0 when no judge ran, so template tests passed on machines without any.
    @Test func checkXLSXFailsUnderCIWhenNoJudgeRan() throws {
        #expect(try checkWithoutJudges(ci: true) == 1)
        #expect(try checkWithoutJudges(ci: false) == 0)
    }
}
