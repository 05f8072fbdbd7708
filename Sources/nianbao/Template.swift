// `nianbao template`: the official form of a layout, blank, as XLSX or CSV.
import ArgumentParser
import Disclosure
import Foundation
import Spreadsheet

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "生成空白的官方模板（XLSX 或 CSV）：填报单元格不锁定并带数据校验，合计为公式，A4 打印。")

    @Option(help: "格式版本：2021 或 2019。")
    var layout: String = "2021"

    @Option(help: ArgumentHelp("写入标题的单位名称。", valueName: "单位"))
    var agency: String?

    @Option(help: ArgumentHelp("写入标题的报告年度（四位数字）。", valueName: "年度"))
    var year: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件，扩展名 .xlsx 或 .csv。", valueName: "文件"))
    var output: String

    @Flag(name: .customLong("no-bom"), help: "-o 为 .csv 时不带 BOM。")
    var noBOM = false

    func validate() throws {
        try Years.validate(year, option: "--year")
        guard Layout.named(layout) != nil else { throw ValidationError("未知的格式版本 \(layout)（可选 2021、2019）") }
        guard output.lowercased().hasSuffix(".xlsx") || output.lowercased().hasSuffix(".csv") else {
            throw ValidationError("输出文件应以 .xlsx 或 .csv 结尾")
        }
    }

    func run() throws {
        guard let official = Layout.named(layout) else { throw ValidationError("未知的格式版本 \(layout)（可选 2021、2019）") }
        // A year whose reports use another layout: the form is written as asked, and the clerk told.
        if let year, let current = Layout.inForce(in: year), current.id != official.id {
            FileHandle.standardError.write(Data("注意：\(year) 年度的报告应使用 \(current.name)，而这是 \(official.name) 的模板（--layout \(current.id) 可生成应使用的模板）\n".utf8))
        }
        let writer = FormWriter(layout: official, agency: agency, year: year)
        let bytes: [UInt8]
        if output.lowercased().hasSuffix(".csv") {
            bytes = try CSVWriter.render(writer.grid(), options: CSVWriterOptions(bom: !noBOM))
        } else {
            bytes = try XLSXWriter.bytes(writer.workbook())
        }
        try Outputs.writing { try AtomicFile.write(bytes, to: output, inputs: []) }
        FileHandle.standardError.write(Data("已写入 \(output)\n".utf8))
    }
}
