// `nianbao rollup DIR… --each-folder`: every immediate subfolder is one county, rolled up as a single `rollup` would.
import ArgumentParser
import Disclosure
import Foundation

struct EachFolderRollup {
    let command: RollupCommand

    /// One county: its folder, its agency (the folder's name) and where its rollup goes.
    struct County {
        var folder: String
        var agency: String
        var output: String
    }

    /// The options a batch of counties cannot take, and `-o` a file's name rather than a folder's.
    static func validate(_ command: RollupCommand) throws {
        guard command.agency == nil else { throw ValidationError("用 --each-folder 时不给 --agency：每个子文件夹的名称即单位") }
        guard !command.paths.isEmpty else { throw ValidationError("请给出各县文件夹所在的文件夹（每个子文件夹是一个县）") }
        if command.db != nil { throw ValidationError("--each-folder 不能与 --db 同用：请给出各县文件夹所在的文件夹") }
        if !command.prefer.isEmpty || !command.exclude.isEmpty {
            throw ValidationError("--each-folder 不能与 --prefer、--exclude 同用：请对那个县单独运行 rollup")
        }
        var isDirectory: ObjCBool = false
        for folder in command.previous where !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw ValidationError("--previous \(folder)：用 --each-folder 时应给文件夹，其中与县同名的子文件夹是该县的上一年度")
        }
        let exists = FileManager.default.fileExists(atPath: command.output, isDirectory: &isDirectory)
        if exists ? !isDirectory.boolValue : command.target != nil {
            throw ValidationError("-o \(command.output)：--each-folder 把各县的汇总分别写入一个文件夹，请给出文件夹（不是文件）")
        }
    }

    /// The counties of the given folders, by folder name (then by the order the folders were given); a name met twice
    /// would write one output over the other, so the later one is reported instead of rolled up.
    /// The output folder is never a county (it may sit among them, and holds the last run's outputs); files beside
    /// the counties belong to none and are named in `loose`.
    func counties() throws -> (counties: [County], clashes: [(folder: String, error: String)], loose: [(root: String, count: Int)]) {
        let manager = FileManager.default
        let ext = (command.to ?? .xlsx).rawValue
        let outputFolder = AtomicFile.canonical(command.output)
        var found: [(name: String, folder: String)] = []
        var loose: [(root: String, count: Int)] = []
        for root in command.paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("\(root) 不是文件夹：--each-folder 要求各县文件夹所在的文件夹")
            }
            let names: [String]
            do { names = try manager.contentsOfDirectory(atPath: root) } catch {
                throw ValidationError("无法读取文件夹 \(root)：\(SystemErrors.sentence(error))")
            }
            var files = 0
            for name in names where !name.hasPrefix(".") {
                let folder = (root as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                guard manager.fileExists(atPath: folder, isDirectory: &sub), sub.boolValue else {
                    files += 1
                    continue
                }
                if AtomicFile.canonical(folder) != outputFolder { found.append((name, folder)) }
            }
            if files > 0 { loose.append((root, files)) }
        }
        // Stable: by name, the roots' order breaking ties (a sort on the name alone is not stable).
        let ordered = found.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
        var seen: [String: String] = [:]
        var counties: [County] = []
        var clashes: [(String, String)] = []
        for (name, folder) in ordered {
            if let first = seen[name] {
                clashes.append((folder, "与 \(first) 同名，未汇总（两县的汇总会写到同一个文件）"))
                continue
            }
            seen[name] = folder
            let file = "\(name)\(command.year)年汇总.\(ext)"
            counties.append(County(folder: folder, agency: name, output: (command.output as NSString).appendingPathComponent(file)))
        }
        return (counties, clashes, loose)
    }

    func run() throws {
        let (counties, clashes, loose) = try counties()
        guard !counties.isEmpty else {
            throw ValidationError("\(command.paths.joined(separator: "、")) 中没有子文件夹：--each-folder 把每个子文件夹当作一个县")
        }
        do {
            try FileManager.default.createDirectory(atPath: command.output, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(Data("无法新建文件夹 \(command.output)：\(SystemErrors.sentence(error))\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
        let toScreen = command.json == "-"
        // With the JSON on stdout, the lines go to stderr so that stdout parses.
        let say: (String) -> Void = toScreen ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : { print($0) }
        for (root, count) in loose { say("  \(root) 中有 \(count) 个文件不在任何县的文件夹中，未汇总（--each-folder 只汇总子文件夹）") }
        var worst = ExitStatus.clean
        var entries: [JSONValue] = []
        var balanced = 0
        var written = 0
        for county in counties {
            let previous = command.previous.map { ($0 as NSString).appendingPathComponent(county.agency) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            let outcome = try command.rollUp(paths: [county.folder], agency: county.agency, output: county.output,
                                             target: command.to ?? .xlsx, previous: previous, archive: nil, json: nil, detailed: false)
            worst = max(worst, outcome.status)
            say(Self.line(county, outcome))
            entries.append(Self.json(county, outcome))
            if outcome.error == nil {
                written += 1
                if outcome.result?.balanced == true { balanced += 1 }
            }
        }
        for (folder, error) in clashes {
            worst = max(worst, ExitStatus.unreadable)
            say("✗ \((folder as NSString).lastPathComponent)：\(folder) \(error)")
            entries.append(.object([("agency", .string((folder as NSString).lastPathComponent)), ("folder", .string(folder)),
                                    ("output", .null), ("error", .string(error))]))
        }
        let total = counties.count + clashes.count
        say("共 \(total) 个县：写出 \(written) 个汇总（勾稽平衡 \(balanced) 个），未写出 \(total - written) 个；输出文件夹 \(command.output)")
        if let json = command.json {
            let text = JSONValue.array(entries).render() + "\n"
            if toScreen {
                print(text, terminator: "")
            } else {
                try Outputs.writing { try AtomicFile.write(Array(text.utf8), to: json, inputs: counties.map(\.folder)) }
            }
        }
        throw ExitCode(worst)
    }

    /// One county's line: its verdict, members summed and left out, errors, and where it went (or why it did not).
    static func line(_ county: County, _ outcome: RollupCommand.Outcome) -> String {
        guard let result = outcome.result else { return "✗ \(county.agency)：\(outcome.error ?? "")" }
        let errors = result.members.reduce(0) { $0 + $1.errorCount }
        let notSummed = result.excluded.count + result.unreadable.count + result.skipped.count
        let verdict = result.balanced ? "✓ \(county.agency)：勾稽平衡" : "✗ \(county.agency)：汇总表不平衡（\(result.unbalanced.count) 处）"
        let counts = "汇总 \(result.included.count) 个单位，未汇总 \(notSummed) 个，各单位错误 \(errors) 处"
        if let error = outcome.error { return "\(verdict)，\(counts)；\(error)" }
        return "\(verdict)，\(counts)；已写入 \(county.output)"
    }

    /// The object of `rollup --json` with the county's `folder` and `output`; a county that stopped before its rollup
    /// was written has `output` null and its `error`.
    static func json(_ county: County, _ outcome: RollupCommand.Outcome) -> JSONValue {
        let place: [(String, JSONValue)] = [("folder", .string(county.folder)),
                                           ("output", outcome.error == nil ? .string(county.output) : .null)]
        guard let result = outcome.result, outcome.error == nil, case .object(let fields) = RollupWorkbook.json(result) else {
            return .object([("agency", .string(county.agency))] + place + [("error", .string(outcome.error ?? ""))])
        }
        return .object(fields + place)
    }
}
