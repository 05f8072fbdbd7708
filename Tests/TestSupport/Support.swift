// Test helpers shared by every test target: fixture paths, temporary files, external tools when present.
import Foundation

public enum Fixtures {
    /// Tests/Fixtures, found from this file so tests run from any working directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The project root (for Samples/ and Scripts/).
    public static let project = root.deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    public static func sampleXLSX() throws -> [String] {
        let base = root.appendingPathComponent("spreadsheets")
        var found: [String] = []
        for producer in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
            let folder = base.appendingPathComponent(producer)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".xlsx") {
                found.append(folder.appendingPathComponent(name).path)
            }
        }
        return found
    }
}

public func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nianbao-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Runs a tool if it exists on PATH; nil (with a printed reason) when it does not.
public func runTool(_ arguments: [String]) -> (status: Int32, output: String)? {
    let which = Process()
    which.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    which.arguments = ["which", arguments[0]]
    which.standardOutput = Pipe()
    which.standardError = Pipe()
    guard (try? which.run()) != nil else { return nil }
    which.waitUntilExit()
    guard which.terminationStatus == 0 else {
        print("skipped: \(arguments[0]) is not installed")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
