// The hidden `docs` subcommand: writes the documents generated from the code (finding codes, keys, JSON Schema).
import ArgumentParser
import Disclosure
import Foundation

/// Regenerates docs/finding-codes.md, docs/keys.md and docs/report.schema.json under a project folder.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "（内部使用）重新生成 docs/ 下的代码、键和 JSON Schema 文档。",
                                                    shouldDisplay: false)

    @Argument(help: "项目文件夹（在其中的 docs/ 写入文档）。")
    var project: String = "."

    func run() throws {
        for document in GeneratedDocuments.all() {
            let path = (project as NSString).appendingPathComponent(document.path)
            try Outputs.writing {
                let folder = (path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw WriteFailure(path: folder, reason: "无法创建文件夹（\(WriteFailure.reason(of: error))）")
                }
                try AtomicFile.write(Array(document.text.utf8), to: path, inputs: [])
            }
            FileHandle.standardError.write(Data("已写入 \(path)\n".utf8))
        }
    }
}
