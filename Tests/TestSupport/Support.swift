// Test helpers shared by every test target: fixture paths, temporary files, external tools when present.
import Foundation
import Testing

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
    let folder = scratchRoot.appendingPathComponent("nianbao-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Whether a missing judge (an external tool, the built binary) fails the test instead of skipping it: under
/// `CI=true`, where the judges are installed, a skip would let a test pass without judging anything.
public var judgesRequired: Bool { ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true" }

/// Skips with a printed reason on a laptop; records a failure under CI.
public func judgeMissing(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if judgesRequired {
        Issue.record("\(reason) (CI=true: a judge that is missing fails the run)", sourceLocation: sourceLocation)
    } else {
        print("skipped: \(reason)")
    }
}

/// Runs a tool if it exists on PATH; nil (with a printed reason, or a recorded failure under CI) when it does not.
public func runTool(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> (status: Int32, output: String)? {
    let which = Process()
    which.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    which.arguments = ["which", arguments[0]]
    which.standardOutput = Pipe()
    which.standardError = Pipe()
    guard (try? which.run()) != nil else { judgeMissing("\(arguments[0]): cannot run /usr/bin/env which", sourceLocation: sourceLocation); return nil }
    which.waitUntilExit()
    guard which.terminationStatus == 0 else {
        judgeMissing("\(arguments[0]) is not installed", sourceLocation: sourceLocation)
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

/// The nianbao executable built beside the test bundle (`swift test` builds it), run from the project root: exit status,
/// stdout and stderr; nil (skipped with a reason, or a failure under CI) when it is not there.
public enum NianbaoBinary {
    public static let path: String? = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = folder.appendingPathComponent("nianbao").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    public static func run(_ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (status: Int32, output: String, errors: String)? {
        guard let binary = path else {
            judgeMissing("nianbao binary not found beside the tests", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.project
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        // stderr to a file: two pipes read one after the other could fill and stall the child.
        let errors = scratchRoot.appendingPathComponent("nianbao-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))
    }
}

/// A new empty folder under the test process's scratch folder (removed when the process ends).
public func temporaryFolder(_ label: String = "nianbao-tests") throws -> String {
    let folder = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
}
