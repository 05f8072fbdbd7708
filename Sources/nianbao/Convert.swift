// `nianbao convert`: reports to JSON (and, with the writers, official-form XLSX/CSV and tidy CSV).
import ArgumentParser
import Disclosure
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "转换报表：JSON、填好的官方模板（xlsx、csv）、长表 CSV（tidy-csv）或宽表 CSV（wide-csv）。")

    @Argument(help: ArgumentHelp("要转换的文件、文件夹或通配符。", valueName: "文件或文件夹"))
    var paths: [String]

    @Option(help: ArgumentHelp("输出格式：json、xlsx（填好的官方模板）、csv（官方模板的 CSV）、tidy-csv（每个数值一行）或 wide-csv（每份报告一行）。", valueName: "格式"))
    var to: String = "json"

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件；多个文件转换为 xlsx 或 csv 时为文件夹；- 为标准输出（xlsx 不能输出到终端）。", valueName: "文件或文件夹"))
    var output: String = "-"

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("另写一份清单（每个文件一行，以及每个问题），扩展名 .xlsx、.csv 或 .json。", valueName: "文件"))
    var summary: String?

    func run() throws {
        let readOptions = try options.readOptions()
        let format = try OutputFormat(to)
        try Outputs.refuseTerminal(format, output: output)
        if let summary {
            try Summary.validate(summary)
            if output != "-", AtomicFile.canonical(summary) == AtomicFile.canonical(output) {
                throw ValidationError("--summary 与 -o 是同一个文件 \(output)")
            }
        }
        let (inputs, skipped) = Batch.expand(paths)
        guard !inputs.isEmpty else {
            for path in skipped { FileHandle.standardError.write(Data("跳过 \(path)：\(Batch.skipReason(path))\n".utf8)) }
            FileHandle.standardError.write(Data((Batch.nothingFound(paths, skipped: skipped) + "\n").utf8))
            if format == .json && output == "-" { print("[]") }
            return
        }
        let results = Batch.run(inputs, jobs: options.jobs, quiet: options.quiet || output == "-") { Batch.readReport($0, options: readOptions) }
        for path in skipped { FileHandle.standardError.write(Data("跳过 \(path)：\(Batch.skipReason(path))\n".utf8)) }
        try Outputs.writing { try Outputs.write(results, format: format, output: output, inputs: inputs, csv: options.csv) }
        if let summary { try Outputs.writing { try Summary.write(results, skipped: skipped, to: summary, inputs: inputs, csv: options.csv) } }
        throw ExitCode(BatchStatus.code(results))
    }
}
