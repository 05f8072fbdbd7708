// Writes converted reports: to stdout, to one file, or one file per input in a folder; atomically.
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet
import ZipArchive

enum OutputFormat: String {
    case json, xlsx, csv, tidyCSV = "tidy-csv", wideCSV = "wide-csv"

    init(_ text: String) throws {
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw ValidationError("未知的输出格式 \(text)（可选 json、xlsx、csv、tidy-csv、wide-csv）")
        }
        self = format
    }

    var fileExtension: String { self == .tidyCSV || self == .wideCSV ? "csv" : rawValue }

    /// Formats that hold every input in one output (one JSON array, one table); the others are one file per input.
    var isCombined: Bool { self == .json || self == .tidyCSV || self == .wideCSV }

    /// Bytes no terminal can show.
    var isBinary: Bool { self == .xlsx }
}

enum Outputs {
    static func render(_ reports: [Report], format: OutputFormat, csv: CSVWriterOptions = CSVWriterOptions()) throws -> [UInt8] {
        switch format {
        case .json:
            let value = reports.count == 1 ? ReportJSON.object(reports[0]) : .array(reports.map(ReportJSON.object))
            return Array((value.render() + "\n").utf8)
        case .tidyCSV:
            return try TidyCSV.render(reports, options: csv)
        case .wideCSV:
            return try WideCSV.render(reports, options: csv)
        case .xlsx:
            guard reports.count == 1 else { throw ValidationError("多个输入转换为 xlsx 时，-o 应为文件夹") }
            // zlib level 1: a filled form is small and its XML repetitive, so the file grows a few kB while deflating
            // costs a third; one form per township adds up over a county.
            return try XLSXWriter.bytes(FormWriter(layout: reports[0].layout).workbook(reports[0]), level: 1)
        case .csv:
            guard reports.count == 1 else { throw ValidationError("多个输入转换为 csv 时，-o 应为文件夹") }
            return try CSVWriter.render(FormWriter(layout: reports[0].layout).grid(reports[0]), options: csv)
        }
    }

    /// Refuses, before anything is read, to pour a binary format onto a terminal.
    static func refuseTerminal(_ format: OutputFormat, output: String) throws {
        if output == "-", format.isBinary, isatty(1) != 0 {
            throw ValidationError("\(format.rawValue) 是二进制文件，不能输出到终端；请用 -o 指定输出文件（如 -o 报表.\(format.fileExtension)），或把输出重定向到文件")
        }
    }

    static func write(_ results: [BatchResult], format: OutputFormat, output: String, inputs: [String], csv: CSVWriterOptions = CSVWriterOptions()) throws {
        for failed in results where failed.report == nil {
            FileHandle.standardError.write(Data("无法读取 \(failed.path)：\(failed.error ?? "")\n".utf8))
        }
        let reports = results.compactMap(\.report)
        if output == "-" {
            FileHandle.standardOutput.write(Data(try render(reports, format: format, csv: csv)))
            return
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if (inputs.count > 1 && !format.isCombined) || (exists && isDirectory.boolValue) || output.hasSuffix("/") {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw WriteFailure(path: output, reason: "无法创建文件夹：\(WriteFailure.reason(of: error))")
            }
            let targets = OutputNames.targets(for: reports.map(\.source), in: output, fileExtension: format.fileExtension, avoiding: inputs)
            for (report, target) in zip(reports, targets) {
                if target.renamed {
                    FileHandle.standardError.write(Data("同名文件：\(report.source) 写入 \(target.path)\n".utf8))
                }
                try AtomicFile.write(try render([report], format: format, csv: csv), to: target.path, inputs: inputs)
            }
        } else {
            try AtomicFile.write(try render(reports, format: format, csv: csv), to: output, inputs: inputs)
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
        WriteFailure(path: path, reason: SystemError.sentence(code))
    }

    static func reason(of error: Error) -> String { SystemErrors.sentence(error) }
}

/// Output names for one file per input in a folder: flat (no subfolders), unique within the run and never an input's
/// path. The input's file name is kept whole, its extension included, so `t1.csv` and `t1.xlsx` do not meet
/// (`t1.csv.xlsx`, `t1.xlsx`); inputs of one name in several folders are prefixed with the folders that tell them apart
/// (`a-年报.xlsx`, `b-年报.xlsx`); a name still taken gets ` (2)`, ` (3)`….
enum OutputNames {
    /// `t1.csv` → `t1.csv.xlsx`; `t1.xlsx` → `t1.xlsx` (the extension is already the output's).
    static func name(for source: String, fileExtension: String) -> String {
        let base = (source as NSString).lastPathComponent
        return (base as NSString).pathExtension.lowercased() == fileExtension.lowercased() ? base : base + "." + fileExtension
    }

    static func targets(for sources: [String], in folder: String, fileExtension: String, avoiding inputs: [String]) -> [(path: String, renamed: Bool)] {
        var names = sources.map { name(for: $0, fileExtension: fileExtension) }
        var clashing: [String: [Int]] = [:]
        for (index, name) in names.enumerated() { clashing[name.lowercased(), default: []].append(index) }
        for indices in clashing.values where indices.count > 1 {
            let folders = indices.map { URL(fileURLWithPath: sources[$0]).standardizedFileURL.deletingLastPathComponent().pathComponents }
            var shared = folders[0]
            for other in folders.dropFirst() {
                shared = Array(zip(shared, other).prefix { $0.0 == $0.1 }.map(\.0))
            }
            for (index, components) in zip(indices, folders) where components.count > shared.count {
                names[index] = (Array(components.dropFirst(shared.count)) + [names[index]]).joined(separator: "-")
            }
        }
        let taken = Set(inputs.map(AtomicFile.canonical))
        var used: Set<String> = []
        return names.enumerated().map { index, name in
            var path = (folder as NSString).appendingPathComponent(name)
            var copy = 1
            while used.contains(path.lowercased()) || taken.contains(AtomicFile.canonical(path)) {
                copy += 1
                let stem = (name as NSString).deletingPathExtension
                path = (folder as NSString).appendingPathComponent("\(stem) (\(copy)).\(fileExtension)")
            }
            used.insert(path.lowercased())
            return (path, name != self.name(for: sources[index], fileExtension: fileExtension) || copy > 1)
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
