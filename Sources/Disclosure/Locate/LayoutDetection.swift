// Which official layout a workbook's tables follow, from the signals their labels carry.
import Spreadsheet

extension Locator {
    func detectLayout(_ scans: [RowScan], year: Int?) -> (layout: Layout, reason: String) {
        // Every label body in one haystack (NUL-separated), searched once per signal.
        var haystack: [UInt8] = []
        for body in Set(scans.flatMap { $0.texts.map(\.label.body) }) {
            haystack.append(contentsOf: body.utf8)
            haystack.append(0)
        }
        let signals = LabelIndex.of(.layout2021).signals
        var found: [String: [String]] = [:]
        for signal in signals where ByteSearch.contains(haystack, signal.utf8) {
            found[signal.layout, default: []].append(signal.text)
        }
        let ranked = Layout.all.map { ($0, found[$0.id] ?? []) }.sorted { $0.1.count > $1.1.count }
        let best = ranked[0]
        if best.1.isEmpty || (ranked.count > 1 && ranked[1].1.count == best.1.count) {
            let byYear = year.flatMap(Layout.inForce(in:)) ?? .newest
            return (byYear, "未能从表格文字判断格式，按\(year.map { "报告年度 \($0)" } ?? "默认")采用 \(byYear.name)")
        }
        return (best.0, "按 \(best.0.name) 读取（识别到：\(best.1.prefix(5).joined(separator: "、"))）")
    }
}
