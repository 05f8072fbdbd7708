// 问题清单 of everything on the page, as XLSX or CSV: the page sends the rows it shows (no file is read again).
import Disclosure
import Foundation
import Hummingbird
import NIOCore
import Spreadsheet

enum ProblemList {
    /// A request body of rows: `{"rows": [["文件", "单位", …], […], …]}`, the first row the header.
    static let maximumBody = 32_000_000
    static let maximumRows = 200_000
    static let maximumColumns = 20

    static func response(_ request: Request, format: String) async -> Response {
        guard format == "xlsx" || format == "csv" else { return ServerResponses.error(.badRequest("未知的格式 \(format)（可选 xlsx、csv）")) }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBody)
        } catch {
            return ServerResponses.error(.tooLarge(limit: maximumBody))
        }
        let body = Data(buffer.readableBytesView)
        // Writing a few thousand rows is CPU work: on a thread of its own, off the event loop.
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Self.render(body, format: format))
            }
        }
    }

    static func render(_ body: Data, format: String) -> Response {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let raw = object["rows"] as? [[Any]],
              !raw.isEmpty else {
            return ServerResponses.error(.badRequest("问题清单应为 {\"rows\": [[…], …]} 形式的 JSON"))
        }
        guard raw.count <= maximumRows, raw.allSatisfy({ $0.count <= maximumColumns }) else {
            return ServerResponses.error(.badRequest("问题清单太长：最多 \(maximumRows) 行、\(maximumColumns) 列"))
        }
        let rows = raw.map { row in row.map { value -> String in
            if let text = value as? String { return text }
            if value is NSNull { return "" }
            return "\(value)"
        } }
        do {
            if format == "csv" {
                return ServerResponses.attachment(try CSVWriter.render(Grid(text: rows)), name: "问题清单.csv", type: ServerResponses.csvType)
            }
            return ServerResponses.attachment(try XLSXWriter.bytes(WorkbookDocument(sheets: [sheet(rows)], properties: DocumentProperties(title: "问题清单")), level: 1),
                                              name: "问题清单.xlsx", type: ServerResponses.xlsxType)
        } catch {
            return ServerResponses.error(.internalFailure("无法生成问题清单：\(error)"))
        }
    }

    /// The header row bold and frozen, every cell bordered and wrapped, printed landscape one page wide.
    static func sheet(_ rows: [[String]]) -> WorksheetDocument {
        var sheet = WorksheetDocument(name: "问题清单")
        for (row, texts) in rows.enumerated() {
            for (column, text) in texts.enumerated() {
                // A cell holds 32,767 characters at most.
                let fitted = text.utf16.count > 32_000 ? String(text.prefix(30_000)) + "……（已截断）" : text
                sheet.cells[CellRef(row: row, column: column)] = WriterCell(.text(fitted), style: row == 0 ? FormWriter.header : FormWriter.label)
            }
        }
        let header = rows[0]
        for (column, title) in header.enumerated() {
            sheet.columnWidths[column] = ["说明": 70, "文件": 30, "单元格": 14, "代码": 24][title] ?? 12
        }
        sheet.frozen = CellRef(row: 1, column: 0)
        sheet.page = PageSetup(landscape: true, fitToWidth: true, repeatRows: 0...0)
        return sheet
    }
}
