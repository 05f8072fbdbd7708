// Options shared by the commands that read reports.
import ArgumentParser
import Disclosure
import Spreadsheet

struct ReportOptions: ParsableArguments {
    @Option(help: "格式版本 Layout: auto, 2021 or 2019.")
    var layout: String = "auto"

    @Option(help: "单位名称，覆盖从文件中识别的 Agency name (overrides what the file says).")
    var agency: String?

    @Option(help: "报告年度，覆盖从文件中识别的 Report year (overrides what the file says).")
    var year: Int?

    @Option(help: "强制文本编码 Force the text encoding of CSV/TXT inputs (utf-8, gb18030, utf-16le, utf-16be).")
    var encoding: String?

    @Option(help: "强制 CSV 分隔符 Force the CSV delimiter: comma, tab, semicolon or pipe.")
    var delimiter: String?

    @Flag(help: "空白单元格按错误处理 Treat blank cells as errors.")
    var strict = false

    @Option(name: .customLong("jobs"), help: "并行处理的文件数 Files processed in parallel (default: all cores).")
    var jobs: Int?

    @Flag(help: "不显示进度 No progress output.")
    var quiet = false

    func readOptions() throws -> ReadOptions {
        let choice: LayoutChoice
        switch layout {
        case "auto": choice = .auto
        default:
            guard let fixed = Layout.named(layout) else { throw ValidationError("未知的格式版本 \(layout)（可选 auto、2021、2019）") }
            choice = .fixed(fixed)
        }
        var forced: TextEncoding?
        if let encoding {
            guard let parsed = TextEncoding(name: encoding) else { throw ValidationError("未知的编码 \(encoding)") }
            forced = parsed
        }
        return ReadOptions(layout: choice, agency: agency, year: year, strict: strict, encoding: forced,
                           delimiter: try delimiter.map(ReportOptions.delimiterByte))
    }

    static func delimiterByte(_ name: String) throws -> UInt8 {
        switch name.lowercased() {
        case ",", "comma": return UInt8(ascii: ",")
        case "\\t", "\t", "tab": return 0x09
        case ";", "semicolon": return UInt8(ascii: ";")
        case "|", "pipe": return UInt8(ascii: "|")
        default: throw ValidationError("未知的分隔符 \(name)（可选 comma、tab、semicolon、pipe）")
        }
    }
}
