// Writes converted reports: to stdout, to one file, or one file per input in a folder; atomically.
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

enum OutputFormat: String {
    case json, xlsx, csv, tidyCSV = "tidy-csv"

    init(_ text: String) throws {
        guard let format = OutputFormat(rawValue: text) else { throw ValidationError("未知的输出格式 \(text)（可选 json、xlsx、csv、tidy-csv）") }
        self = format
    }

    var fileExtension: String { self == .tidyCSV ? "csv" : rawValue }
}

enum Outputs {
    static func render(_ reports: [Report], format: OutputFormat) throws -> [UInt8] {
        switch format {
        case .json:
            let value = reports.count == 1 ? ReportJSON.object(reports[0]) : .array(reports.map(ReportJSON.object))
            return Array((value.render() + "\n").utf8)
        case .tidyCSV:
            return try TidyCSV.render(reports)
        case .xlsx:
            guard reports.count == 1 else { throw ValidationError("多个输入转换为 xlsx 时，-o 应为文件夹") }
            // zlib level 1: a filled form is small and its XML repetitive, so the file grows a few kB while deflating
            // costs a third; one form per township adds up over a county.
            return try XLSXWriter.bytes(FormWriter(layout: reports[0].layout).workbook(reports[0]), level: 1)
        case .csv:
            guard reports.count == 1 else { throw ValidationError("多个输入转换为 csv 时，-o 应为文件夹") }
            return try CSVWriter.render(FormWriter(layout: reports[0].layout).grid(reports[0]))
        }
    }

    static func write(_ results: [BatchResult], format: OutputFormat, output: String, inputs: [String]) throws {
        for failed in results where failed.report == nil {
            FileHandle.standardError.write(Data("无法读取 \(failed.path)：\(failed.error ?? "")\n".utf8))
        }
        let reports = results.compactMap(\.report)
        if output == "-" {
            FileHandle.standardOutput.write(Data(try render(reports, format: format)))
            return
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        let combined = format == .json || format == .tidyCSV
        if (inputs.count > 1 && !combined) || (exists && isDirectory.boolValue) || output.hasSuffix("/") {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw WriteFailure(path: output, reason: "无法创建文件夹（\(WriteFailure.reason(of: error))）")
            }
            let targets = OutputNames.targets(for: reports.map(\.source), in: output, fileExtension: format.fileExtension, avoiding: inputs)
            for (report, target) in zip(reports, targets) {
                let folder = (target.path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw WriteFailure(path: target.path, reason: "无法创建文件夹（\(WriteFailure.reason(of: error))）")
                }
                if target.renamed {
                    FileHandle.standardError.write(Data("同名文件：\(report.source) 写入 \(target.path)\n".utf8))
                }
                try AtomicFile.write(try render([report], format: format), to: target.path, inputs: inputs)
            }
        } else {
            try AtomicFile.write(try render(reports, format: format), to: output, inputs: inputs)
        }
    }

    /// Runs a command's writing; a write that fails ends the command with exit 2 and the path and reason on stderr
    /// (not a usage error: the arguments were fine, the disk or the folder was not).
    static func writing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as WriteFailure {
            FileHandle.standardError.write(Data("\(failure)\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
    }
}

/// A file that could not be written: where, and why.
struct WriteFailure: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "无法写入 \(path)：\(reason)" }

    static func errno(_ path: String, _ code: Int32) -> WriteFailure {
        WriteFailure(path: path, reason: String(cString: strerror(code)))
    }

    static func reason(of error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}

/// Output names for one file per input in a folder: unique within the run and never an input's path. Inputs whose
/// base names clash keep their folders relative to what the clashing inputs share (`a/年报.xlsx`, `b/年报.xlsx`); a
/// name still taken gets ` (2)`, ` (3)`….
enum OutputNames {
    static func targets(for sources: [String], in folder: String, fileExtension: String, avoiding inputs: [String]) -> [(path: String, renamed: Bool)] {
        let base = { (source: String) in ((source as NSString).lastPathComponent as NSString).deletingPathExtension + "." + fileExtension }
        var clashing: [String: [Int]] = [:]
        for (index, source) in sources.enumerated() { clashing[base(source).lowercased(), default: []].append(index) }
        var relative = sources.map(base)
        for indices in clashing.values where indices.count > 1 {
            let folders = indices.map { URL(fileURLWithPath: sources[$0]).standardizedFileURL.deletingLastPathComponent().pathComponents }
            var shared = folders[0]
            for other in folders.dropFirst() {
                shared = Array(zip(shared, other).prefix { $0.0 == $0.1 }.map(\.0))
            }
            for (index, components) in zip(indices, folders) {
                relative[index] = (Array(components.dropFirst(shared.count)) + [base(sources[index])]).joined(separator: "/")
            }
        }
        let taken = Set(inputs.map(AtomicFile.canonical))
        var used: Set<String> = []
        return relative.enumerated().map { index, name in
            var path = (folder as NSString).appendingPathComponent(name)
            var copy = 1
            while used.contains(path.lowercased()) || taken.contains(AtomicFile.canonical(path)) {
                copy += 1
                let stem = (name as NSString).deletingPathExtension
                path = (folder as NSString).appendingPathComponent("\(stem) (\(copy)).\(fileExtension)")
            }
            used.insert(path.lowercased())
            return (path, name != base(sources[index]) || copy > 1)
        }
    }
}

/// Writes to a temporary file in the target folder, then renames it into place; never over an input.
enum AtomicFile {
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func write(_ bytes: [UInt8], to path: String, inputs: [String]) throws {
        let target = canonical(path)
        // Never over an input: compared by device and inode (links and other spellings of a path included), and only
        // when the target exists at all, so that a batch of N outputs does not canonicalise N × N paths.
        var existing = stat()
        if stat(path, &existing) == 0 {
            for input in inputs {
                var status = stat()
                if stat(input, &status) == 0, status.st_dev == existing.st_dev, status.st_ino == existing.st_ino {
                    throw WriteFailure(path: path, reason: "与输入文件相同，已拒绝覆盖")
                }
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw WriteFailure(path: path, reason: "文件夹 \(folder) 不存在")
        }
        guard isDirectory.boolValue else { throw WriteFailure(path: path, reason: "\(folder) 不是文件夹") }
        let temporary = (folder as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteFailure.errno(path, errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw WriteFailure.errno(path, code)
            }
            written += count
        }
        if close(descriptor) != 0 || rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw WriteFailure.errno(path, code)
        }
    }
}

/// The C library's `write`, named apart from Swift's own `write` methods on either platform.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
