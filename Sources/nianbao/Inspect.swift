// `nianbao inspect`: what the reader saw — sheets, sizes, merged ranges and cells.
import Readers
import ArgumentParser
import Disclosure
import Foundation
import PopplerText
import Spreadsheet

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "显示读取结果：工作表（文档中的表格）、合并单元格、单元格和编号的正文段落。")

    @Argument(help: ArgumentHelp("任一可读取的文件：Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF 或文本。", valueName: "文件"))
    var file: String

    @Option(help: ArgumentHelp("只显示这一张工作表：名称或序号（从 1 开始）。", valueName: "工作表"))
    var sheet: String?

    @Option(help: ArgumentHelp("输出格式：text、csv 或 json。", valueName: "格式"))
    var format: String = "text"

    @Option(help: ArgumentHelp("指定 CSV 和文本的编码：utf-8、gb18030、utf-16le 或 utf-16be。", valueName: "编码"))
    var encoding: String?

    @Option(name: .customLong("debug-png"), help: ArgumentHelp("PDF：把每页画成 PNG 写入此文件夹，标出找到的表格线（红）、单元格（蓝）、列（绿）和行（橙）。", valueName: "文件夹"))
    var debugPNG: String?

    func run() throws {
        if let debugPNG {
            do {
                try FileManager.default.createDirectory(atPath: debugPNG, withIntermediateDirectories: true)
                for file in try PopplerDebugImage.write(path: file, directory: debugPNG) { print(file) }
            } catch let failure as PopplerText.Failure {
                FileHandle.standardError.write(Data("无法读取 \(file)：\(failure.message)\n".utf8))
                throw ExitCode(ExitStatus.unreadable)
            }
        }
        let workbook: Workbook
        do {
            workbook = try FormatRegistry.read(path: file, encoding: encoding.flatMap(TextEncoding.init(name:)))
        } catch {
            FileHandle.standardError.write(Data("无法读取 \(file)：\(ReadFailure(error, path: file).message)\n".utf8))
            throw ExitCode(ExitStatus.unreadable)
        }
        // Numbers as spreadsheet programs show them: the shortest text that reads back to the same double
        // (gnumeric's 12.3100000000000000004 is 12.31).
        var sheets = workbook.sheets.enumerated().map { index, sheet in
            var shown = sheet
            shown.grid = sheet.grid.mapped(Inspect.shortestNumbers)
            return (offset: index, element: shown)
        }
        if let sheet {
            if let index = Int(sheet), workbook.sheets.indices.contains(index - 1) {
                sheets = [sheets[index - 1]]
            } else if let found = workbook.sheets.firstIndex(where: { $0.name == sheet }) {
                sheets = [sheets[found]]
            } else {
                throw ValidationError("没有工作表「\(sheet)」；共有：\(workbook.sheets.map(\.name).joined(separator: "、"))")
            }
        }
        switch format {
        case "csv":
            let grid = sheets.first?.1.grid ?? Grid()
            var options = CSVWriterOptions()
            options.guardFormulas = false
            options.bom = false  // for piping
            FileHandle.standardOutput.write(Data(try CSVWriter.render(grid, options: options)))
        case "json":
            print(json(workbook, sheets: sheets.map(\.1)).render())
        case "text":
            print("\(workbook.source)  [\(workbook.format.rawValue)\(workbook.encoding.map { ", \($0.rawValue)" } ?? "")]  \(workbook.sheets.count) 个工作表")
            for (index, sheet) in sheets {
                text(sheet, index: index)
            }
            if !workbook.narrative.isEmpty {
                let unit = workbook.format.isDocument ? "段" : "行"
                print("\n正文（\(workbook.narrative.count) \(unit)，表格以外的文字）")
                for paragraph in workbook.narrative {
                    let flat = paragraph.text.replacingOccurrences(of: "\n", with: "↵")
                    print("  [\(paragraph.line)] " + (flat.count > 70 ? flat.prefix(70) + "…" : flat))
                }
            }
        default:
            throw ValidationError("未知的输出格式 \(format)（可选 text、csv、json）")
        }
    }

    private func text(_ sheet: Sheet, index: Int) {
        let grid = sheet.grid
        print("\n#\(index + 1) \(sheet.name)\(sheet.visibility == .visible ? "" : " (\(sheet.visibility.rawValue))")  \(grid.rowCount) 行 × \(grid.columnCount) 列")
        if !grid.merged.isEmpty {
            print("合并单元格: " + grid.merged.map(\.description).joined(separator: " "))
        }
        // A grid: column letters across, row numbers down, each cell cut to a readable width.
        let rows = grid.nonBlankRows
        guard !rows.isEmpty else { return }
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 2 : 1) } }
        func fit(_ text: String, _ limit: Int) -> String {
            let flat = text.replacingOccurrences(of: "\n", with: "↵")
            let room = width(flat) > limit ? limit - 1 : limit  // one column for "…" when cut
            var output = ""
            var used = 0
            for character in flat {
                let next = width(String(character))
                if used + next > room { break }
                output.append(character)
                used += next
            }
            if room < limit { output += "…"; used += 1 }
            return output + String(repeating: " ", count: max(0, limit - used))
        }
        var widths = [Int](repeating: 1, count: grid.columnCount)
        for row in rows {
            for (column, cell) in grid.cells(inRow: row) {
                let text = cell.formula.map { "=\($0)" } ?? cell.value.text
                widths[column] = min(max(widths[column], width(text)), 18)
            }
        }
        let gutter = String(grid.rowCount).count + 1
        print(String(repeating: " ", count: gutter) + "│" + widths.indices.map { fit(CellRef.columnName($0), widths[$0]) }.joined(separator: "│"))
        for row in rows {
            var texts = widths.map { String(repeating: " ", count: $0) }
            for (column, cell) in grid.cells(inRow: row) {
                let shown = cell.isUncachedFormula ? "=\(cell.formula ?? "")" : cell.value.text
                texts[column] = fit(shown, widths[column])
            }
            let number = String(row + 1)
            let origin = grid.origin(ofRow: row)
            let line = origin?.line.map { "  (第\($0)行)" } ?? origin?.page.map { "  (第\($0)页)" } ?? ""
            print(String(repeating: " ", count: gutter - number.count) + number + "│" + texts.joined(separator: "│") + line)
        }
    }

    private func json(_ workbook: Workbook, sheets: [Sheet]) -> JSONValue {
        .object([
            ("source", .string(workbook.source)),
            ("format", .string(workbook.format.rawValue)),
            ("encoding", workbook.encoding.map { .string($0.rawValue) } ?? .null),
            ("narrative", .array(workbook.narrative.map { .object([(workbook.format.isDocument ? "paragraph" : "line", .number(Decimal($0.line))),
                                                                     ("text", .string($0.text))]) })),
            ("sheets", .array(sheets.map { sheet in
                .object([
                    ("name", .string(sheet.name)),
                    ("visibility", .string(sheet.visibility.rawValue)),
                    ("rows", .number(Decimal(sheet.grid.rowCount))),
                    ("columns", .number(Decimal(sheet.grid.columnCount))),
                    ("merged", .array(sheet.grid.merged.map { .string($0.description) })),
                    ("cells", .array(sheet.grid.nonBlankRows.flatMap { row in
                        sheet.grid.cells(inRow: row).map { column, cell in
                            var fields: [(String, JSONValue)] = [("ref", .string(CellRef(row: row, column: column).a1))]
                            fields += Inspect.typed(cell.value)
                            if let formula = cell.formula { fields.append(("formula", .string(formula))) }
                            let origin = sheet.grid.origin(ofRow: row)
                            if let line = origin?.line { fields.append(("line", .number(Decimal(line)))) }
                            if let page = origin?.page { fields.append(("page", .number(Decimal(page)))) }
                            return JSONValue.object(fields)
                        }
                    })),
                ])
            })),
        ])
    }

    static func shortestNumbers(_ cell: Cell) -> Cell {
        guard case .number(let value, _) = cell.value, value.isFinite else { return cell }
        return Cell(.number(value), formula: cell.formula)
    }

    static func typed(_ value: CellValue) -> [(String, JSONValue)] {
        switch value {
        case .empty: return [("type", .string("empty"))]
        case .text(let text): return [("type", .string("text")), ("value", .string(text))]
        case .number(_, let source): return [("type", .string("number")), ("value", Decimal(string: source).map { .number($0) } ?? .string(source)), ("source", .string(source))]
        case .bool(let flag): return [("type", .string("bool")), ("value", .bool(flag))]
        case .error(let code): return [("type", .string("error")), ("value", .string(code))]
        case .date(let date): return [("type", .string("date")), ("value", .string(date.description))]
        }
    }
}
