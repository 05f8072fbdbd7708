// `nianbao rollup`: check every member and write the county workbook (汇总, 分单位明细, 问题清单, 说明).
import Archive
import Readers
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollup", abstract: "汇总：核对各单位的报告，写出县级汇总工作簿（汇总、分单位明细、问题清单、说明）。")

    @Argument(help: ArgumentHelp("各单位的报告文件、文件夹或通配符（县级汇总工作簿也可以，汇总成市级）；用 --db 时可不给，汇总档案中该年度的当前报告。", valueName: "文件或文件夹"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("汇总单位的名称，如 某某县（用 --each-folder 时不给：每个子文件夹的名称即单位）。", valueName: "单位"))
    var agency: String?

    @Flag(help: "逐县汇总：所给文件夹的每个子文件夹是一个县（文件夹名即单位），各写一份汇总到 -o 文件夹。")
    var eachFolder = false

    @Option(help: ArgumentHelp("用 --each-folder 时每县写出的格式：xlsx（默认）、csv 或 json。", valueName: "格式"))
    var to: Target?

    @Option(help: ArgumentHelp("汇总的报告年度（四位数字）。", valueName: "年度"))
    var year: Int

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件：.xlsx 为汇总工作簿，.csv 为汇总表（官方模板），.json 同 --json；用 --each-folder 时为文件夹（没有则新建）。", valueName: "文件"))
    var output: String

    @Option(help: ArgumentHelp("另写一份 JSON：汇总表和各单位的报告；用 --each-folder 时为各县汇总的数组，- 表示输出到屏幕。", valueName: "文件"))
    var json: String?

    @Option(help: ArgumentHelp("上一年度的报告（按单位匹配），用于跨年核对；用 --each-folder 时给文件夹，其中与县同名的子文件夹是该县的上一年度。", valueName: "文件或文件夹"))
    var previous: [String] = []

    @Flag(help: "（已是默认，保留给旧脚本）旧版格式的单位汇总其第三、四部分，第二部分不汇总。")
    var includeOutdated = false

    @Option(help: ArgumentHelp("同一单位同一年度有多份报告时采用这一份（用 --db 时：档案中某一版的文件）。", valueName: "文件"))
    var prefer: [String] = []

    @Option(help: ArgumentHelp("不汇总这个单位或文件。", valueName: "单位或文件"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("档案（SQLite）：不给文件时汇总档案中该年度的当前报告；并按单位取上一年度的当前报告做跨年核对。", valueName: "档案文件"))
    var db: String?

    @Flag(help: "报告年度与汇总年度不同的单位也汇总。")
    var includeOtherYears = false

    @Flag(help: "县级汇总工作簿按其分单位明细汇总各乡镇（而不是每县一个单位）。")
    var expand = false

    @Flag(help: "有单位的报告有错误时不写汇总表（退出码 1，列出要改正的单位）。")
    var strict = false

    @Option(help: ArgumentHelp("同时处理的文件数（默认：全部 CPU 核）。", valueName: "N"))
    var jobs: Int?

    @Flag(help: "不显示进度（进度只在终端上显示）。")
    var quiet = false

    @Flag(name: .customLong("no-bom"), help: "-o 为 .csv 时不带 BOM。")
    var noBOM = false

    /// What `-o` writes, by its extension: the county workbook, the county form as CSV, or the JSON of `--json`.
    enum Target: String, ExpressibleByArgument { case xlsx, csv, json }

    var target: Target? { Target(rawValue: (output as NSString).pathExtension.lowercased()) }

    func validate() throws {
        try Years.validate(year, option: "--year")
        if eachFolder { return try EachFolderRollup.validate(self) }
        guard agency != nil else { throw ValidationError("缺少必需的参数 --agency <单位>（用 --each-folder 时不给，子文件夹名即单位）") }
        guard to == nil else { throw ValidationError("--to 只用于 --each-folder；单个汇总按 -o 的扩展名写出") }
        guard target != nil else {
            throw ValidationError("-o \(output)：汇总结果按扩展名写出，应以 .xlsx（汇总工作簿）、.csv（汇总表）或 .json 结尾")
        }
    }

    func run() throws {
        if eachFolder { return try EachFolderRollup(command: self).run() }
        let archive = try db.map { try ArchiveAccess.open($0, create: false) }
        guard !paths.isEmpty || archive != nil else { throw ValidationError("请给出要汇总的文件或文件夹，或用 --db 从档案汇总") }
        let outcome = try rollUp(paths: paths, agency: agency ?? "", output: output, target: target ?? .xlsx, previous: previous,
                                 archive: archive, json: json, detailed: true)
        throw ExitCode(outcome.status)
    }

    /// What one county's rollup came to: the exit status a single `rollup` gives, its result when it got that far,
    /// and why it stopped when it stopped before writing.
    struct Outcome {
        var status: Int32
        var result: RollupResult?
        var error: String?
    }

    /// One county's rollup, the one code path of `rollup` and of `rollup --each-folder`: reads `paths`, writes
    /// `output` as `target`; `detailed` prints what a single rollup prints (each member's findings, the verdict).
    func rollUp(paths: [String], agency: String, output: String, target: Target, previous: [String], archive: ReportArchive?,
                json: String?, detailed: Bool) throws -> Outcome {
        let say: (String) -> Void = detailed ? { print($0) } : { _ in }
        let (inputs, skipped) = paths.isEmpty ? ([], []) : Batch.expand(paths)
        guard !inputs.isEmpty || paths.isEmpty else {
            if detailed { FindingsPrinter.summary([], skipped: skipped) }
            let line = Batch.nothingFound(paths, skipped: skipped) + "，未写入 \(output)"
            if detailed { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            return Outcome(status: ExitStatus.unreadable, result: nil, error: line)
        }
        let canonicalInputs = Dictionary(inputs.map { (AtomicFile.canonical($0), $0) }, uniquingKeysWith: { first, _ in first })
        var preferred: Set<String> = []
        for path in prefer where !paths.isEmpty {
            guard let input = canonicalInputs[AtomicFile.canonical(path)] else { throw ValidationError("--prefer \(path) 不在汇总的文件之中") }
            preferred.insert(input)
        }
        let options = ReadOptions()
        var lastYear = PreviousReports.load(previous, options: options, quiet: quiet)
        lastYear.archive = archive
        let previousReports = lastYear
        let expand = self.expand
        var results: [BatchResult]
        if let archive, paths.isEmpty {
            results = try archiveMembers(archive).map { report in
                var result = BatchResult(path: report.source, report: report)
                previousReports.check(&result)
                return result
            }
        } else {
            results = Batch.run(inputs, jobs: jobs, quiet: quiet) { path in
                if expand, let county = Self.countyMembers(path) { return county }
                var result = Batch.readReport(path, options: options)
                previousReports.check(&result)
                return result
            }
        }
        results = try excluding(results)
        let members = results.flatMap { $0.expanded ?? ($0.report.map { [$0] } ?? []) }
        let unreadable = results.filter { $0.report == nil }.map { ($0.path, $0.error ?? "") }
        let expandedCounties = results.filter { $0.expanded != nil }
        if !expandedCounties.isEmpty {
            say("按分单位明细汇总 \(expandedCounties.count) 个县级汇总工作簿的 \(expandedCounties.reduce(0) { $0 + ($1.expanded?.count ?? 0) }) 个单位")
        }
        let rollup = Disclosure.Rollup(agency: agency, year: year, includeOtherYears: includeOtherYears)
        let result = rollup.run(members, unreadable: unreadable, skipped: skipped.map { ($0, Batch.skipReason($0)) },
                                preferred: preferred, source: output)
        if detailed {
            for entry in results { FindingsPrinter.print(entry, verbose: false) }
            FindingsPrinter.summary(results, skipped: skipped)
        }
        // Nothing of that year: an all-zero county form would be worse than none.
        guard !result.included.isEmpty else {
            let years = Set(members.compactMap(\.year)).sorted().map(String.init)
            var line = "没有可汇总的 \(year) 年度报告，未写入 \(output)"
            if !years.isEmpty { line += "：这些文件的报告年度为 \(years.joined(separator: "、"))" }
            if !members.isEmpty && members.contains(where: { $0.year == year }) { line += "（\(year) 年度的文件没有找到统计表格）" }
            say(line)
            return Outcome(status: ExitStatus.unreadable, result: nil, error: line)
        }
        let toFix = result.membersToFix
        if strict, !toFix.isEmpty {
            let line = "未写入 \(output)：--strict 要求各单位的报告没有错误，请先改正以下 \(toFix.count) 个单位的报告："
            say(line)
            for member in toFix {
                let why = result.undecided.contains(member.source) ? "同一单位有多份内容不同的报告，请用 --prefer 指定" : "错误 \(member.errorCount) 处"
                say("  \(member.agency ?? "") \(member.source)：\(why)")
            }
            return Outcome(status: ExitStatus.findings, result: result, error: line)
        }
        do {
            let bytes: [UInt8]
            switch target {
            case .xlsx: bytes = try RollupWorkbook.bytes(result)
            case .csv: bytes = try CSVWriter.render(FormWriter(layout: result.aggregate.layout).grid(result.aggregate), options: CSVWriterOptions(bom: !noBOM))
            case .json: bytes = Array((RollupWorkbook.json(result).render() + "\n").utf8)
            }
            let protected = inputs + (db.map { [$0] } ?? [])
            try AtomicFile.write(bytes, to: output, inputs: protected)
            if let json {
                try AtomicFile.write(Array((RollupWorkbook.json(result).render() + "\n").utf8), to: json, inputs: protected + [output])
            }
        } catch let failure as WriteFailure {
            if detailed { FileHandle.standardError.write(Data("\(failure)\n".utf8)) }
            return Outcome(status: ExitStatus.unreadable, result: result, error: failure.description)
        }
        let notSummed = result.excluded.map { ($0.report.source, $0.reason) } + result.unreadable.map { entry in
            (entry.path, "无法读取：" + entry.error)
        }
            + result.skipped.map { ($0.path, $0.reason) }
        say("汇总 \(result.included.count) 个单位（其中 \(result.partial.count) 个部分汇总），未汇总 \(notSummed.count) 个；已写入 \(output)")
        for (path, reason) in notSummed { say("  未汇总 \(path)：\(reason)") }
        for (report, reason) in result.partial { say("  部分汇总 \(report.source)：\(reason)") }
        let own = result.aggregate.findings.filter { $0.kind.entry.stage == .rollup && $0.severity != .info && $0.kind != .rollupUnbalanced }
        for finding in own { say("    [\(finding.severity.chinese)] \(finding.code)  \(finding.message)") }
        if result.aggregate.findings.contains(where: { [.rollupDuplicateMember, .rollupDuplicateByName, .rollupDuplicateIdentical].contains($0.kind) }) {
            say("重复报告的取舍：\(Disclosure.Rollup.duplicateRule)")
        }
        // The verdict comes last, where a clerk (or a script's log) looks.
        for finding in result.unbalanced {
            say("    [\(finding.severity.chinese)] \(finding.placedCells.first?.reference ?? "")  \(finding.code)  \(finding.message)")
        }
        if let note = result.note {
            say("✗ " + note)
        } else {
            say("✓ 汇总表勾稽关系平衡")
        }
        // 0 only when the county form balances and every file was summed.
        return Outcome(status: result.complete ? ExitStatus.clean : ExitStatus.findings, result: result, error: nil)
    }

    /// The archive's current reports of the year, in the order of their files' names; `--prefer` names an archived
    /// version's file (its path or name) to take instead of its agency's current version.
    func archiveMembers(_ archive: ReportArchive) throws -> [Report] {
        try ArchiveAccess.run {
            var members = try archive.currentReports(year: year)
            let all = try archive.versions().filter { $0.year == year && !$0.removed }
            for wanted in prefer {
                guard let version = all.first(where: { $0.source == wanted || Disclosure.Rollup.fileName($0.source) == wanted }) else {
                    throw ValidationError("--prefer \(wanted) 不在档案的 \(year) 年度报告之中")
                }
                let key = Disclosure.Rollup.agencyKey(version.agency)
                guard let index = members.firstIndex(where: { Disclosure.Rollup.agencyKey($0.version.agency) == key }) else { continue }
                members[index] = (version, try archive.report(version))
            }
            return members.map(\.report)
        }
    }

    /// The results without the agencies or files `--exclude` names (each must name one), said on the terminal.
    func excluding(_ results: [BatchResult]) throws -> [BatchResult] {
        guard !exclude.isEmpty else { return results }
        var kept: [BatchResult] = []
        var used = Set<String>()
        for result in results {
            let agency = result.report?.agency.map(Disclosure.Rollup.agencyKey)
            let match = exclude.first { name in
                name == result.path || name == Disclosure.Rollup.fileName(result.path) || agency == Disclosure.Rollup.agencyKey(name)
            }
            if let match {
                used.insert(match)
                print("按 --exclude 不汇总：\(result.report?.agency ?? "") \(result.path)")
            } else {
                kept.append(result)
            }
        }
        if let unused = exclude.first(where: { !used.contains($0) }) {
            throw ValidationError("--exclude \(unused) 不是要汇总的单位或文件")
        }
        return kept
    }

    /// A county workbook's members (分单位明细), each checked as a member, named `county.xlsx › 原文件`; nil for any
    /// other file.
    static func countyMembers(_ path: String) -> BatchResult? {
        guard path.lowercased().hasSuffix(".xlsx"), let workbook = try? FormatRegistry.read(path: path), CountyWorkbook.isCounty(workbook),
              let county = Pipeline.report(workbook: workbook) as Report? else { return nil }
        let name = (path as NSString).lastPathComponent
        let members = CountyWorkbook.members(workbook, layout: county.layout, year: county.year).map { member -> Report in
            var member = member
            member.source = "\(name) › \(member.source)"
            return Checker().check(member)
        }
        return BatchResult(path: path, report: county, expanded: members)
    }
}
