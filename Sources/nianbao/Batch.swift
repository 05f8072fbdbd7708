// Expands PATH arguments into input files and processes them in parallel, in a stable order.
import Disclosure
import Dispatch
import Foundation
import Spreadsheet

/// One input's outcome: a report, or the error that stopped it from being read.
struct BatchResult: Sendable {
    var path: String
    var report: Report?
    var error: String?
}

enum Batch {
    /// Files named directly are taken as given; folders are walked recursively for supported extensions
    /// (hidden files and `~$` lock files ignored); an argument that names nothing is expanded as a glob. Returns
    /// inputs and the files of folders that were skipped as unsupported.
    static func expand(_ arguments: [String]) -> (inputs: [String], skipped: [String]) {
        var inputs: [String] = []
        var skipped: [String] = []
        let manager = FileManager.default
        for argument in arguments {
            var paths = [argument]
            // The shell has usually expanded globs already: `柳林镇[终稿].xlsx` is that file, not a pattern.
            if !manager.fileExists(atPath: argument), argument.contains(where: { "*?[".contains($0) }) {
                let matches = glob(argument)
                if !matches.isEmpty { paths = matches }
            }
            for path in paths {
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    inputs.append(path)  // reported as unreadable
                    continue
                }
                if !isDirectory.boolValue { inputs.append(path); continue }
                guard let walker = manager.enumerator(atPath: path) else { continue }
                var found: [String] = []
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") || name.hasPrefix("~$") {
                        if name.hasPrefix(".") { walker.skipDescendants() }
                        continue
                    }
                    let full = (path as NSString).appendingPathComponent(relative)
                    var childIsDirectory: ObjCBool = false
                    manager.fileExists(atPath: full, isDirectory: &childIsDirectory)
                    if childIsDirectory.boolValue { continue }
                    if SpreadsheetReader.extensions.contains((name as NSString).pathExtension.lowercased()) {
                        found.append(full)
                    } else {
                        skipped.append(full)
                    }
                }
                inputs += found.sorted()
            }
        }
        return (inputs, skipped)
    }

    /// Why a file found in a folder was not read, for every place that names it.
    static func skipReason(_ path: String) -> String {
        let ext = (path as NSString).pathExtension
        return ext.isEmpty ? "不支持的文件格式（无扩展名），未读取" : "不支持的文件格式（.\(ext)），未读取"
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        #if canImport(Glibc)
        let status = Glibc.glob(pattern, 0, nil, &result)
        #else
        let status = Darwin.glob(pattern, 0, nil, &result)
        #endif
        guard status == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// Runs `work` over every input on up to `jobs` threads; results come back in input order.
    static func run(_ inputs: [String], jobs: Int?, quiet: Bool, label: String = "读取",
                    _ work: @escaping @Sendable (String) -> BatchResult) -> [BatchResult] {
        let progress = Progress(total: inputs.count, quiet: quiet, label: label)
        let width = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let results = ParallelMap.map(inputs, width: width) { input in
            progress.started(input)
            defer { progress.finished() }
            return work(input)
        }
        progress.done()
        return results
    }

    static func readReport(_ path: String, options: ReadOptions, previous: Report? = nil) -> BatchResult {
        do {
            return BatchResult(path: path, report: try Pipeline.report(path: path, options: options, previous: previous))
        } catch {
            return BatchResult(path: path, error: "\(error)")
        }
    }
}
