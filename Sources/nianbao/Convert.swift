// `nianbao convert`: reports to JSON (and, with the writers, official-form XLSX/CSV and tidy CSV).
import ArgumentParser
import Disclosure
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "转换报表 Convert reports to json, xlsx, csv or tidy-csv.")

    @Argument(help: "Files, folders or globs.")
    var paths: [String]

    @Option(help: "json, xlsx, csv or tidy-csv.")
    var to: String = "json"

    @Option(name: .shortAndLong, help: "输出文件或文件夹（- 为标准输出）Output file, folder for several inputs, or - for stdout.")
    var output: String = "-"

    @OptionGroup var options: ReportOptions

    @Option(help: "汇总表 Also write the batch summary (one row per input, and every finding) as .xlsx, .csv or .json.")
    var summary: String?

    func run() throws {
        let readOptions = try options.readOptions()
        let format = try OutputFormat(to)
        if let summary {
            try Summary.validate(summary)
            if output != "-", AtomicFile.canonical(summary) == AtomicFile.canonical(output) {
                throw ValidationError("--summary 与 -o 是同一个文件 \(output)")
            }
        }
        let (inputs, skipped) = Batch.expand(paths)
        guard !inputs.isEmpty else { throw ValidationError("没有找到可读取的文件") }
        let results = Batch.run(inputs, jobs: options.jobs, quiet: options.quiet || output == "-") { Batch.readReport($0, options: readOptions) }
        for path in skipped { FileHandle.standardError.write(Data("跳过 \(path)：\(Batch.skipReason(path))\n".utf8)) }
        try Outputs.writing { try Outputs.write(results, format: format, output: output, inputs: inputs) }
        if let summary { try Outputs.writing { try Summary.write(results, skipped: skipped, to: summary, inputs: inputs) } }
        throw ExitCode(BatchStatus.code(results))
    }
}
