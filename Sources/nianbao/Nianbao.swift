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
        读取年度报告的统计表（Excel .xlsx/.xls/.et、WPS、.ods、Excel 2003 XML、CSV、Word .docx/.doc/.wps、RTF、.odt、\
        网页 .html/.mht、PDF、网页复制的文本，以及装着这些文件的 zip 压缩包），逐项核对勾稽关系并指出出错的单元格，\
        汇总成县级报表，输出空白或已填的官方模板。

        退出码：0 没有错误；1 有“错误”级别的问题；2 有文件无法读取或输出无法写入；64 参数用法有误。
        """,
        version: NianbaoVersion.current,
        subcommands: [Check.self, Convert.self, RollupCommand.self, ArchiveCommand.self, Template.self, Inspect.self, Serve.self, PDFTextCommand.self, DocsCommand.self])

    /// PDFs are read by child processes of nianbao itself (`pdf-text`, a pool of them), so that the PDF library cannot
    /// take a batch down.
    static func main() {
        PDFReader.textSource = PDFWorkerPool.extract
        ChineseFront.main(Self.self, Array(CommandLine.arguments.dropFirst()))
    }
}

/// The version `nianbao --version` prints.
enum NianbaoVersion {
    static let current = "0.9.0"
}

/// Exit codes of DESIGN.md.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let unreadable: Int32 = 2
    static let usage: Int32 = 64
}
