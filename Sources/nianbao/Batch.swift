// Expands PATH arguments into input files and processes them in parallel, in a stable order.
import Readers
import Disclosure
import Dispatch
import Foundation
import Spreadsheet
import Synchronization

/// One input's outcome: a report, or the error that stopped it from being read.
struct BatchResult: Sendable {
    var path: String
    var report: Report?
    /// Why the input could not be read: its code (`file.*`) and the reason without the path.
    var failure: ReadFailure?
    /// `rollup --expand`: the members of a county workbook, rolled up in its place.
    var expanded: [Report]?

    var error: String? { failure?.message }

    /// The object `check --json` prints for this input (a report, or why it could not be read).
    var json: JSONValue {
        if let report { return ReportJSON.object(report) }
        return ReportJSON.unreadable(path, failure ?? ReadFailure(code: .fileDamaged, message: ""))
    }
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
                if !isDirectory.boolValue {
                    openArchive(path, inputs: &inputs, skipped: &skipped)
                    continue
                }
                var found: [String] = []
                walk(path, under: path.hasSuffix("/") ? path : path + "/", found: &found, skipped: &skipped)
                for file in found.sorted() { openArchive(file, inputs: &inputs, skipped: &skipped) }
            }
        }
        return (inputs, skipped)
    }

    /// A zip archive of files is a folder named after it: its members are inputs (`报表.zip/乡镇/后宫乡.xlsx`), read
    /// from the archive; what it leaves out is skipped with its reason. Any other file (an .xlsx too) is itself an input,
    /// and so is an archive that cannot be listed (its error names it).
    private static func openArchive(_ path: String, inputs: inout [String], skipped: inout [String]) {
        guard ZipFolder.isArchive(path: path), let listing = try? ZipFolder.list(path: path) else {
            inputs.append(path)
            return
        }
        inputs += listing.members
        for entry in listing.skipped {
            skipped.append(entry.path)
            skipReasons.withLock { $0[entry.path] = entry.reason }
        }
    }

    /// Why a member of an archive was skipped, when the extension alone does not say (a zip nested too deep).
    private static let skipReasons = Mutex<[String: String]>([:])

    /// Walks `folder` (its paths start with `prefix`) with readdir, as FileManager's enumerator did at a fraction of
    /// the cost: hidden entries skipped with what they hold, `~$` names skipped (a `~$` folder's files are still
    /// seen), folders descended unless they are symbolic links, and a link to a folder not taken as a file.
    private static func walk(_ folder: String, under prefix: String, found: inout [String], skipped: inout [String]) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            let full = prefix + name
            var isDirectory = false
            var descends = false
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): break
            case Int32(DT_DIR): isDirectory = true; descends = true
            default:
                // A link or an unknown type: descend into real folders only, but skip whatever is a folder.
                var status = stat()
                if lstat(full, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { descends = true }
                if stat(full, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { isDirectory = true }
            }
            if descends { walk(full, under: full + "/", found: &found, skipped: &skipped) }
            if isDirectory || name.hasPrefix("~$") { continue }
            if FormatRegistry.extensions.contains(pathExtension(name).lowercased()) {
                found.append(full)
            } else {
                skipped.append(full)
            }
        }
    }

    /// What follows the last dot of a file name (none for a name without one, or only a leading one).
    private static func pathExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// What to say when the arguments hold no file to read (folders with none, or only unsupported files).
    static func nothingFound(_ arguments: [String], skipped: [String]) -> String {
        let named = arguments.prefix(3).joined(separator: "、") + (arguments.count > 3 ? " 等" : "")
        let why = skipped.isEmpty ? "其中没有表格或报告文件" : "其中只有 \(skipped.count) 个不支持的文件"
        return "没有找到可读取的文件：\(named) \(why)（可读取 Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF、文本及其 zip 压缩包）"
    }

    /// Why a file found in a folder was not read, for every place that names it.
    static func skipReason(_ path: String) -> String {
        if let reason = skipReasons.withLock({ $0[path] }) { return reason }
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
            return BatchResult(path: path, failure: ReadFailure(error, path: path))
        }
    }
}
