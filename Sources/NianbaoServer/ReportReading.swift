// Uploaded files through the same pipeline as `nianbao check`, named as the client named them.
import Readers
import Disclosure
import Dispatch
import Foundation
import Spreadsheet

/// One uploaded file's outcome (or one member's of an uploaded archive), as a batch of the command line has it.
struct UploadOutcome: Sendable {
    var name: String
    var report: Report?
    var error: String?
    var errorCode: FindingCode = .fileDamaged
    /// Why a member of an archive was not read (an unsupported file, a zip nested too deep).
    var skipped: String?

    /// The object `check --json` prints for this input.
    var json: JSONValue {
        if let skipped { return ReportJSON.skipped(name, reason: skipped) }
        return report.map(ReportJSON.object) ?? ReportJSON.unreadable(name, ReadFailure(code: errorCode, message: error ?? ""))
    }
}

enum ReportReading {
    /// One thing to read: an uploaded file, or a member of an uploaded zip archive (read from the archive in the
    /// scratch folder, named `上传名.zip/乡镇/后宫乡.xlsx`), or a member left out.
    enum Item: Sendable {
        case file(UploadedFile, archive: UploadedFile?)
        case skipped(name: String, reason: String)
    }

    /// The uploads with every zip archive opened as a folder (`ZipFolder`), in upload order and the archive's name order.
    static func items(_ files: [UploadedFile]) -> [Item] {
        var items: [Item] = []
        for file in files {
            guard ZipFolder.isArchive(path: file.path), let listing = try? ZipFolder.list(path: file.path) else {
                items.append(.file(file, archive: nil))
                continue
            }
            let named = { (path: String) in file.name + path.dropFirst(file.path.count) }
            for member in listing.members {
                items.append(.file(UploadedFile(name: named(member), path: member, size: 0), archive: file))
            }
            for skipped in listing.skipped { items.append(.skipped(name: named(skipped.path), reason: skipped.reason)) }
        }
        return items
    }

    /// Reads every upload (every member of an uploaded archive) on the server's reader pool, each with the clerk's
    /// overrides for its name (agency, year); outcomes in upload order.
    static func read(_ files: [UploadedFile], overrides: FileOverrides = FileOverrides(), pool: ReaderPool) -> [UploadOutcome] {
        pool.map(items(files)) { item in
            switch item {
            case .file(let file, let archive): return read(file, archive: archive, options: overrides.options(for: file.name))
            case .skipped(let name, let reason): return UploadOutcome(name: name, skipped: reason)
            }
        }
    }

    static func read(_ file: UploadedFile, archive: UploadedFile? = nil, options: ReadOptions) -> UploadOutcome {
        do {
            var workbook = try FormatRegistry.read(path: file.path, encoding: options.encoding, delimiter: options.delimiter)
            // The file's own name (not the scratch path) is what metadata and every cell reference should carry.
            workbook.source = file.name
            return UploadOutcome(name: file.name, report: Pipeline.report(workbook: workbook, options: options))
        } catch {
            // The scratch path of the file, or of the archive it is in, is the name the client gave.
            let scratch = archive ?? file
            let failure = ReadFailure(error, path: file.path)
            let message = failure.message.replacingOccurrences(of: scratch.path, with: scratch.name)
            return UploadOutcome(name: file.name, error: message, errorCode: failure.code)
        }
    }
}
