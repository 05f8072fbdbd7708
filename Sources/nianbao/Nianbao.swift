// The nianbao command line: check, convert, rollup, template, inspect.
import Documents
import ArgumentParser
import Spreadsheet

@main
struct Nianbao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nianbao",
        abstract: "政府信息公开工作年度报告统计表：读取、核对、汇总、输出。",
        discussion: """
        Reads the tables of annual reports on government information disclosure (XLSX, CSV, Word, OpenDocument,
        web pages, PDF, report text), checks every identity, rolls a county up and writes the official templates.
        Exit codes: 0 no errors; 1 findings of severity error; 2 an input could not be read; 64 usage.
        """,
        subcommands: [Check.self, Convert.self, RollupCommand.self, ArchiveCommand.self, Template.self, Inspect.self, Serve.self, PDFTextCommand.self, DocsCommand.self])

    /// PDFs are read by a child process of nianbao itself (`pdf-text`), so that the PDF library cannot take a batch down.
    static func main() {
        PDFReader.textSource = PDFChildProcess.extract
        Self.main(Array(CommandLine.arguments.dropFirst()))
    }
}

/// Exit codes of DESIGN.md.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let unreadable: Int32 = 2
    static let usage: Int32 = 64
}
