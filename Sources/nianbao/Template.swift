// `nianbao template`: the official form of a layout, blank, as XLSX or CSV.
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成空白模板 Write the blank official template (XLSX or CSV).")

    @Option(help: "格式版本 Layout: 2021 or 2019.")
    var layout: String = "2021"

    @Option(help: "单位名称 Agency name for the title.")
    var agency: String?

    @Option(help: "报告年度 Report year for the title.")
    var year: Int?

    @Option(name: .shortAndLong, help: "输出文件 FILE.xlsx or FILE.csv.")
    var output: String

    func validate() throws {
        guard Layout.named(layout) != nil else { throw ValidationError("未知的格式版本 \(layout)（可选 2021、2019）") }
        guard output.lowercased().hasSuffix(".xlsx") || output.lowercased().hasSuffix(".csv") else {
            throw ValidationError("输出文件应以 .xlsx 或 .csv 结尾")
        }
    }

    func run() throws {
        guard let official = Layout.named(layout) else { throw ValidationError("未知的格式版本 \(layout)（可选 2021、2019）") }
        let writer = FormWriter(layout: official, agency: agency, year: year)
        let bytes: [UInt8]
        if output.lowercased().hasSuffix(".csv") {
            bytes = try CSVWriter.render(writer.grid())
        } else {
            bytes = try XLSXWriter.bytes(writer.workbook())
        }
        try Outputs.writing { try AtomicFile.write(bytes, to: output, inputs: []) }
        FileHandle.standardError.write(Data("已写入 \(output)\n".utf8))
    }
}
