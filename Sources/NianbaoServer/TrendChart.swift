// A small line chart of one key across the years, as inline SVG: no script, no external file, the same bytes for the
// same numbers.
import Disclosure
import Foundation

enum TrendChart {
    static let width = 560
    static let height = 220
    /// Room for the title above, the year labels below and the value axis on the left.
    static let left = 56, right = 20, top = 48, bottom = 32

    /// The chart of `points` (years in order; a blank value leaves a gap in the line and says 空白 under its year).
    static func svg(_ points: [(year: Int, value: Decimal?)], title: String) -> String {
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\">",
            "<title>\(escape(title))</title>",
            "<text x=\"\(left)\" y=\"20\" font-size=\"14\" fill=\"#1f2937\">\(escape(title))</text>",
        ]
        guard !points.isEmpty else {
            parts.append("<text x=\"\(left)\" y=\"\(height / 2)\" font-size=\"13\" fill=\"#6b7280\">档案中没有这个单位的当前报告</text>")
            return (parts + ["</svg>"]).joined(separator: "\n")
        }
        let values = points.compactMap { $0.value.map { NSDecimalNumber(decimal: $0).doubleValue } }
        let highest = max(values.max() ?? 0, 0)
        let lowest = min(values.min() ?? 0, 0)
        let span = highest - lowest > 0 ? highest - lowest : 1
        let plotWidth = Double(width - left - right)
        let plotHeight = Double(height - top - bottom)
        func x(_ index: Int) -> Double {
            points.count == 1 ? Double(left) + plotWidth / 2 : Double(left) + plotWidth * Double(index) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { Double(top) + plotHeight * (highest - value) / span }
        // Axes: the zero line and the left edge, with the highest value marked.
        parts.append("<line x1=\"\(left)\" y1=\"\(format(y(0)))\" x2=\"\(width - right)\" y2=\"\(format(y(0)))\" stroke=\"#9ca3af\"/>")
        parts.append("<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#9ca3af\"/>")
        parts.append("<text x=\"\(left - 6)\" y=\"\(format(y(highest)) )\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7280\">\(format(highest))</text>")
        parts.append("<text x=\"\(left - 6)\" y=\"\(format(y(0)))\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7280\">0</text>")
        // The line, broken where a year is blank.
        var run: [String] = []
        func flush() {
            if run.count > 1 { parts.append("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>") }
            run = []
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { flush(); continue }
            run.append("\(format(x(index))),\(format(y(NSDecimalNumber(decimal: value).doubleValue)))")
        }
        flush()
        for (index, point) in points.enumerated() {
            let cx = format(x(index))
            parts.append("<text x=\"\(cx)\" y=\"\(height - 10)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#374151\">\(point.year)</text>")
            guard let value = point.value else {
                parts.append("<text x=\"\(cx)\" y=\"\(height - bottom - 4)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#9ca3af\">空白</text>")
                continue
            }
            let cy = y(NSDecimalNumber(decimal: value).doubleValue)
            parts.append("<circle cx=\"\(cx)\" cy=\"\(format(cy))\" r=\"4\" fill=\"#2563eb\"><title>\(point.year) 年度：\(Normaliser.format(value))</title></circle>")
            parts.append("<text x=\"\(cx)\" y=\"\(format(cy - 8))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1f2937\">\(Normaliser.format(value))</text>")
        }
        return (parts + ["</svg>"]).joined(separator: "\n")
    }

    /// One decimal place at most: coordinates that print the same everywhere.
    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
