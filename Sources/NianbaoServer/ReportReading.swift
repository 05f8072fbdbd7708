// Uploaded files through the same pipeline as `nianbao check`, named as the client named them.
import Readers
import Disclosure
import Dispatch
import Foundation
import Spreadsheet

/// One uploaded file's outcome, as a batch of the command line has it.
struct UploadOutcome: Sendable {
    var name: String
    var report: Report?
    var error: String?

    /// The object `check --json` prints for this input.
    var json: JSONValue {
        report.map(ReportJSON.object) ?? .object([("source", .string(name)), ("error", .string(error ?? ""))])
    }
}

enum ReportReading {
    /// Reads every upload on up to `jobs` threads; outcomes in upload order.
    static func read(_ files: [UploadedFile], options: ReadOptions = ReadOptions(), jobs: Int) -> [UploadOutcome] {
        ParallelMap.map(files, width: jobs) { read($0, options: options) }
    }

    static func read(_ file: UploadedFile, options: ReadOptions) -> UploadOutcome {
        do {
            var workbook = try FormatRegistry.read(path: file.path, encoding: options.encoding, delimiter: options.delimiter)
            // The file's own name (not the scratch path) is what metadata and every cell reference should carry.
            workbook.source = file.name
            return UploadOutcome(name: file.name, report: Pipeline.report(workbook: workbook, options: options))
        } catch {
            let message = "\(error)".replacingOccurrences(of: file.path, with: file.name)
            return UploadOutcome(name: file.name, error: message)
        }
    }
}
