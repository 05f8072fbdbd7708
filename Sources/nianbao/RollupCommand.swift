// `nianbao rollup`: check every member and write the county workbook (汇总, 分单位明细, 问题清单, 说明).
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

struct Rollup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "汇总 Roll members up into the county's tables and workbook.")

    @Argument(help: "Member files, folders or globs.")
    var paths: [String]

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

    @Flag(help: "汇总旧版格式的单位（第三、四部分）Include members in an older layout (sections 三 and 四).")
    var includeOutdated = false

    @Flag(help: "汇总报告年度不同的单位 Include members whose year differs.")
    var includeOtherYears = false

    @Option(help: "并行处理的文件数 Files in parallel.")
    var jobs: Int?

    @Flag(help: "不显示进度 No progress.")
    var quiet = false

    func run() throws {
        let (inputs, skipped) = Batch.expand(paths)
        guard !inputs.isEmpty else { throw ValidationError("没有找到可读取的文件") }
        let options = ReadOptions()
        let previousReports = PreviousReports.load(previous, options: options, quiet: quiet)
        let results = Batch.run(inputs, jobs: jobs, quiet: quiet) { path in
            var result = Batch.readReport(path, options: options)
            if let report = result.report, let last = previousReports.match(report) {
                result.report?.findings += Checker().crossYearFindings(report, previous: last)
            }
            return result
        }
        let members = results.compactMap(\.report)
        let unreadable = results.filter { $0.report == nil }.map { ($0.path, $0.error ?? "") }
        let rollup = Disclosure.Rollup(agency: agency, year: year, includeOutdated: includeOutdated, includeOtherYears: includeOtherYears)
        let result = rollup.run(members, unreadable: unreadable, source: output)
        try AtomicFile.write(try RollupWorkbook.bytes(result), to: output, inputs: inputs)
        if let json {
            try AtomicFile.write(Array((RollupWorkbook.json(result).render() + "\n").utf8), to: json, inputs: inputs)
        }
        for entry in results { FindingsPrinter.print(entry, verbose: false) }
        FindingsPrinter.summary(results, skipped: skipped)
        print("汇总 \(result.included.count) 个单位，未汇总 \(result.excluded.count + result.unreadable.count) 个；已写入 \(output)")
        for finding in result.aggregate.findings where finding.code.hasPrefix("rollup.") {
            print("    [\(finding.severity.chinese)] \(finding.code)  \(finding.message)")
        }
        throw ExitCode(BatchStatus.code(results))
    }
}
