// `nianbao check`: read and check reports; a readable list of findings per file, or JSON.
import Archive
import ArgumentParser
import Disclosure
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "核对报表：逐项核对勾稽关系、数值和表格格式，指出出错的单元格。")

    @Argument(help: ArgumentHelp("要核对的文件、文件夹或通配符：Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF、文本及其 zip 压缩包。", valueName: "文件或文件夹"))
    var paths: [String]

    @OptionGroup var options: ReportOptions

    @Flag(help: "输出 JSON 数组（每个文件一项，见 docs/report.schema.json）。")
    var json = false

    @Option(help: ArgumentHelp("上一年度的报告（按单位匹配），用于跨年核对。", valueName: "文件或文件夹"))
    var previous: [String] = []

    @Option(help: ArgumentHelp("档案（SQLite）：按单位取档案中上一年度的当前报告做跨年核对。", valueName: "档案文件"))
    var db: String?

    @Flag(help: "也列出“提示”级别的问题。")
    var verbose = false

    @Option(help: ArgumentHelp("另写一份清单（每个文件一行，以及每个问题），扩展名 .xlsx、.csv 或 .json。", valueName: "文件"))
    var summary: String?

    func run() throws {
        let readOptions = try options.readOptions()
        if let summary { try Summary.validate(summary) }
        let (inputs, skipped) = Batch.expand(paths)
        guard !inputs.isEmpty else {
            // Nothing to check is no error: a script gets an empty array, a person the reason.
            if json {
                print(JSONValue.array(skipped.map { ReportJSON.skipped($0, reason: Batch.skipReason($0)) }).render())
            } else {
                FindingsPrinter.summary([], skipped: skipped)
            }
            FileHandle.standardError.write(Data((Batch.nothingFound(paths, skipped: skipped) + "\n").utf8))
            return
        }
        var lastYear = PreviousReports.load(previous, options: readOptions, quiet: options.quiet)
        if let db { lastYear.archive = try ArchiveAccess.open(db, create: false) }
        let previousReports = lastYear
        let results = Batch.run(inputs, jobs: options.jobs, quiet: options.quiet || json) { path in
            var result = Batch.readReport(path, options: readOptions)
            previousReports.check(&result)
            return result
        }
        if json {
            let array = JSONValue.array(results.map(\.json) + skipped.map { ReportJSON.skipped($0, reason: Batch.skipReason($0)) })
            print(array.render())
        } else {
            for result in results { FindingsPrinter.print(result, verbose: verbose) }
            FindingsPrinter.summary(results, skipped: skipped)
            if results.count > 1 { Summary.byAgency(results).forEach { print($0) } }
        }
        if let summary { try Outputs.writing { try Summary.write(results, skipped: skipped, to: summary, inputs: inputs, csv: options.csv) } }
        throw ExitCode(BatchStatus.code(results))
    }
}

enum BatchStatus {
    static func code(_ results: [BatchResult]) -> Int32 {
        if results.contains(where: { $0.report == nil }) { return ExitStatus.unreadable }
        if results.contains(where: { ($0.report?.errorCount ?? 0) > 0 }) { return ExitStatus.findings }
        return ExitStatus.clean
    }
}

/// Last year's reports, looked up by agency; only a report of year − 1 is compared. The files given (`--previous`)
/// come first, then the archive's current report of the agency for year − 1 (`--db`).
struct PreviousReports: Sendable {
    var reports = PreviousYearReports([])
    var archive: ReportArchive?

    /// Reads the files; those that cannot be read, or were skipped, are named on stderr (never dropped silently).
    static func load(_ paths: [String], options: ReadOptions, quiet: Bool) -> PreviousReports {
        guard !paths.isEmpty else { return PreviousReports() }
        var lastYear = options
        lastYear.year = nil
        lastYear.agency = nil
        let options = lastYear
        let (inputs, skipped) = Batch.expand(paths)
        let results = Batch.run(inputs, jobs: nil, quiet: quiet, label: "读取上年") { Batch.readReport($0, options: options) }
        var found: [Report] = []
        for result in results {
            guard let report = result.report else {
                FileHandle.standardError.write(Data("上一年度的文件无法读取，未用于跨年核对：\(result.path)：\(result.error ?? "")\n".utf8))
                continue
            }
            guard report.agency != nil else {
                FileHandle.standardError.write(Data("上一年度的文件认不出单位，未用于跨年核对：\(result.path)\n".utf8))
                continue
            }
            found.append(report)
        }
        for path in skipped {
            FileHandle.standardError.write(Data("上一年度的文件已跳过：\(path)：\(Batch.skipReason(path))\n".utf8))
        }
        return PreviousReports(reports: PreviousYearReports(found))
    }

    /// Adds the cross-year findings (or the mismatch) to a batch result.
    func check(_ result: inout BatchResult) {
        guard let report = result.report else { return }
        var reports = self.reports
        if let archive {
            do {
                if let last = try archive.previousYear(of: report) { reports = reports.adding([last]) }
            } catch {
                FileHandle.standardError.write(Data("档案中上一年度的报告无法读取，未用于跨年核对 \(result.path)：\(error)\n".utf8))
            }
        }
        result.report = reports.checked(report)
    }
}
