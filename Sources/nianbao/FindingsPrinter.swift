// Prints findings for people: per file, grouped by severity, the cell first.
import Disclosure
import Foundation

enum FindingsPrinter {
    static func print(_ result: BatchResult, verbose: Bool) {
        guard let report = result.report else {
            Swift.print("✗ \(result.path)\n    无法读取：\(result.error ?? "")\n")
            return
        }
        let status = report.errorCount > 0 ? "✗" : report.warningCount > 0 ? "!" : "✓"
        let title = [report.agency, report.year.map { "\($0) 年度" }, "\(report.layout.id) 版"].compactMap { $0 }.joined(separator: " · ")
        Swift.print("\(status) \(report.source)  \(title)  错误 \(report.errorCount) · 警告 \(report.warningCount)")
        let shown = report.findings.filter { verbose || $0.severity != .info }.sorted { $0.severity > $1.severity }
        for finding in shown {
            let place = finding.likelyCell?.reference ?? finding.placedCells.first?.reference ?? "—"
            Swift.print("    [\(finding.severity.chinese)] \(place.padding(toLength: max(place.count, 7), withPad: " ", startingAt: 0)) \(finding.code)  \(finding.message)")
        }
        Swift.print("")
    }

    static func summary(_ results: [BatchResult], skipped: [String]) {
        let unreadable = results.filter { $0.report == nil }.count
        let withErrors = results.filter { ($0.report?.errorCount ?? 0) > 0 }.count
        let withWarnings = results.filter { ($0.report?.errorCount ?? 1) == 0 && ($0.report?.warningCount ?? 0) > 0 }.count
        var line = "共 \(results.count) 个文件：\(results.count - unreadable - withErrors - withWarnings) 个无问题，\(withErrors) 个有错误，\(withWarnings) 个仅有警告，\(unreadable) 个无法读取"
        if !skipped.isEmpty { line += "；跳过 \(skipped.count) 个不支持的文件" }
        for path in skipped { Swift.print("- \(path)\n    跳过：\(Batch.skipReason(path))\n") }
        Swift.print(line)
    }
}
