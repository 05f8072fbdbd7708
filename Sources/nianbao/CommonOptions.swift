// Options shared by the commands that read reports.
import ArgumentParser
import Foundation
import Disclosure
import Spreadsheet

struct ReportOptions: ParsableArguments {
    @Option(help: "格式版本：auto（自动识别）、2021 或 2019。")
    var layout: String = "auto"

    @Option(help: ArgumentHelp("单位名称，覆盖从文件中识别的单位。", valueName: "单位"))
    var agency: String?

    @Option(help: ArgumentHelp("报告年度（四位数字），覆盖从文件中识别的年度；与报告标题不符时给出警告。", valueName: "年度"))
    var year: Int?

    @Option(help: ArgumentHelp("指定 CSV、文本和网页的编码：utf-8、gb18030、utf-16le 或 utf-16be。", valueName: "编码"))
    var encoding: String?

    @Option(help: ArgumentHelp("指定 CSV 的分隔符：comma（逗号）、tab、semicolon（分号）或 pipe（竖线）。", valueName: "分隔符"))
    var delimiter: String?

    @Flag(help: "空白单元格按错误处理（默认为警告）。")
    var strict = false

    @Option(name: .customLong("jobs"), help: ArgumentHelp("同时处理的文件数（默认：全部 CPU 核）。", valueName: "N"))
    var jobs: Int?

    @Flag(help: "不显示进度（进度只在终端上显示）。")
    var quiet = false

    @Flag(name: .customLong("no-bom"), help: "写出的 CSV 不带 BOM（给 psql COPY、Python 等；Excel 需要 BOM 才认 UTF-8）。")
    var noBOM = false

    var csv: CSVWriterOptions { CSVWriterOptions(bom: !noBOM) }

    func readOptions() throws -> ReadOptions {
        try Years.validate(year, option: "--year")
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

/// The years a report can be for: four digits, from the regulation's first reports (2008) to the next year.
enum Years {
    static var plausible: ClosedRange<Int> {
        let now = Calendar(identifier: .gregorian).component(.year, from: Date())
        return 2008...(now + 1)
    }

    static func validate(_ year: Int?, option: String) throws {
        guard let year, !plausible.contains(year) else { return }
        throw ValidationError("\(option) \(year) 不是报告年度：应为四位数的年份（\(plausible.lowerBound) 至 \(plausible.upperBound)），如 \(option) \(plausible.upperBound - 1)")
    }
}
