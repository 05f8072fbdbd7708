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
            return try XLSXWriter.bytes(FormWriter(layout: reports[0].layout).workbook(reports[0]))
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
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for report in reports {
                let base = ((report.source as NSString).lastPathComponent as NSString).deletingPathExtension
                let target = (output as NSString).appendingPathComponent("\(base).\(format.fileExtension)")
                try AtomicFile.write(try render([report], format: format), to: target, inputs: inputs)
            }
        } else {
            try AtomicFile.write(try render(reports, format: format), to: output, inputs: inputs)
        }
    }
}

/// Writes to a temporary file in the target folder, then renames it into place; never over an input.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, inputs: [String]) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw ValidationError("输出文件 \(path) 与输入文件相同，已拒绝覆盖")
        }
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ValidationError("无法写入 \(path)：\(error.localizedDescription)")
        }
    }
}
