// `nianbao rollup`: check every member and write the county workbook (汇总, 分单位明细, 问题清单, 说明).
import Archive
import Readers
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollup", abstract: "汇总 Roll members up into the county's tables and workbook.")

    @Argument(help: "Member files, folders or globs (none with --db: the archive's current reports of the year).")
    var paths: [String] = []

    @Option(help: "汇总单位 The county (or other aggregate) name.")
    var agency: String

    @Option(help: "汇总年度 The report year.")
    var year: Int

    @Option(name: .shortAndLong, help: "输出的汇总工作簿 Output county.xlsx.")
    var output: String

    @Option(help: "另写 JSON Also write the aggregate and members as JSON.")
    var json: String?

    @Option(help: "上一年度的报告 Last year's files (matched by agency) for cross-year checks.")
    var previous: [String] = []

    @Flag(help: "（已是默认）旧版格式的单位汇总其第三、四部分，第二部分不汇总 (now the default; kept for old scripts).")
    var includeOutdated = false

    @Option(help: "同一单位同一年度有多份报告时采用这一份 When one agency has several reports for the year, take this file (with --db: an archived version's file).")
    var prefer: [String] = []

    @Option(help: "不汇总这个单位或文件 Leave this agency (or file) out.")
    var exclude: [String] = []

    @Option(help: "档案（SQLite）：不给文件时汇总档案中该年度的当前报告；并按单位取上一年度的当前报告做跨年核对 The archive: without files, its current reports of the year are the members; always last year's reports for the cross-year checks.")
    var db: String?

    @Flag(help: "汇总报告年度不同的单位 Include members whose year differs.")
    var includeOtherYears = false

    @Flag(help: "县级汇总工作簿按其分单位明细汇总各乡镇（而不是每县一个单位） Roll up the townships of county workbooks instead of each county as one member.")
    var expand = false

    @Flag(help: "有单位报告有错误时不写汇总表（退出码 1，列出要改正的单位） Refuse to write while any member has an error.")
    var strict = false

    @Option(help: "并行处理的文件数 Files in parallel.")
    var jobs: Int?

    @Flag(help: "不显示进度 No progress.")
    var quiet = false

    func run() throws {
        let archive = try db.map { try ArchiveAccess.open($0, create: false) }
        guard !paths.isEmpty || archive != nil else { throw ValidationError("请给出要汇总的文件或文件夹，或用 --db 从档案汇总") }
        let (inputs, skipped) = paths.isEmpty ? ([], []) : Batch.expand(paths)
        guard !inputs.isEmpty || paths.isEmpty else { throw ValidationError("没有找到可读取的文件") }
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
            print("按分单位明细汇总 \(expandedCounties.count) 个县级汇总工作簿的 \(expandedCounties.reduce(0) { $0 + ($1.expanded?.count ?? 0) }) 个单位")
        }
        let rollup = Disclosure.Rollup(agency: agency, year: year, includeOtherYears: includeOtherYears)
        let result = rollup.run(members, unreadable: unreadable, skipped: skipped.map { ($0, Batch.skipReason($0)) },
                                preferred: preferred, source: output)
        for entry in results { FindingsPrinter.print(entry, verbose: false) }
        FindingsPrinter.summary(results, skipped: skipped)
        // Nothing of that year: an all-zero county form would be worse than none.
        guard !result.included.isEmpty else {
            let years = Set(members.compactMap(\.year)).sorted().map(String.init)
            var line = "没有可汇总的 \(year) 年度报告，未写入 \(output)"
            if !years.isEmpty { line += "：这些文件的报告年度为 \(years.joined(separator: "、"))" }
            if !members.isEmpty && members.contains(where: { $0.year == year }) { line += "（\(year) 年度的文件没有找到统计表格）" }
            print(line)
            throw ExitCode(ExitStatus.unreadable)
        }
        let toFix = result.membersToFix
        if strict, !toFix.isEmpty {
            print("未写入 \(output)：--strict 要求各单位的报告没有错误，请先改正以下 \(toFix.count) 个单位的报告：")
            for member in toFix {
                let why = result.undecided.contains(member.source) ? "同一单位有多份内容不同的报告，请用 --prefer 指定" : "错误 \(member.errorCount) 处"
                print("  \(member.agency ?? "") \(member.source)：\(why)")
            }
            throw ExitCode(ExitStatus.findings)
        }
        try Outputs.writing {
            let protected = inputs + (db.map { [$0] } ?? [])
            try AtomicFile.write(try RollupWorkbook.bytes(result), to: output, inputs: protected)
            if let json {
                try AtomicFile.write(Array((RollupWorkbook.json(result).render() + "\n").utf8), to: json, inputs: protected + [output])
            }
        }
        let notSummed = result.excluded.map { ($0.report.source, $0.reason) } + result.unreadable.map { entry in
            // Reader errors usually begin with the path already.
            (entry.path, "无法读取：" + (entry.error.hasPrefix(entry.path + "：") ? String(entry.error.dropFirst(entry.path.count + 1)) : entry.error))
        }
            + result.skipped.map { ($0.path, $0.reason) }
        print("汇总 \(result.included.count) 个单位（其中 \(result.partial.count) 个部分汇总），未汇总 \(notSummed.count) 个；已写入 \(output)")
        for (path, reason) in notSummed { print("  未汇总 \(path)：\(reason)") }
        for (report, reason) in result.partial { print("  部分汇总 \(report.source)：\(reason)") }
        let own = result.aggregate.findings.filter { $0.kind.entry.stage == .rollup && $0.severity != .info && $0.kind != .rollupUnbalanced }
        for finding in own { print("    [\(finding.severity.chinese)] \(finding.code)  \(finding.message)") }
        if result.aggregate.findings.contains(where: { [.rollupDuplicateMember, .rollupDuplicateByName, .rollupDuplicateIdentical].contains($0.kind) }) {
            print("重复报告的取舍：\(Disclosure.Rollup.duplicateRule)")
        }
        // The verdict comes last, where a clerk (or a script's log) looks.
        for finding in result.unbalanced {
            print("    [\(finding.severity.chinese)] \(finding.placedCells.first?.reference ?? "")  \(finding.code)  \(finding.message)")
        }
        if let note = result.note {
            print("✗ " + note)
        } else {
            print("✓ 汇总表勾稽关系平衡")
        }
        // 0 only when the county form balances and every file was summed.
        throw ExitCode(result.complete ? ExitStatus.clean : ExitStatus.findings)
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
