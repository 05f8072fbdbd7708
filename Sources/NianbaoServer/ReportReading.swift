// Uploaded files through the same pipeline as `nianbao check`, named as the client named them.
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
        let results = OutcomeBox(count: files.count)
        let width = max(1, min(jobs, files.count))
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            while let index = next.take(below: files.count) {
                results.set(index, read(files[index], options: options))
            }
        }
        return results.values
    }

    static func read(_ file: UploadedFile, options: ReadOptions) -> UploadOutcome {
        do {
            var workbook = try SpreadsheetReader.read(path: file.path, encoding: options.encoding, delimiter: options.delimiter)
            // The file's own name (not the scratch path) is what metadata and every cell reference should carry.
            workbook.source = file.name
            return UploadOutcome(name: file.name, report: Pipeline.report(workbook: workbook, options: options))
        } catch {
            let message = "\(error)".replacingOccurrences(of: file.path, with: file.name)
            return UploadOutcome(name: file.name, error: message)
        }
    }
}

private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class OutcomeBox: @unchecked Sendable {
    private var storage: [UploadOutcome?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: UploadOutcome) { lock.lock(); storage[index] = outcome; lock.unlock() }
    var values: [UploadOutcome] { storage.compactMap { $0 } }
}
