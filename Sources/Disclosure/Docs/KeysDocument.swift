// docs/keys.md, generated from the layouts: every canonical key of each layout with its row, column and kind.

/// The Markdown list of every canonical key (`nianbao docs` writes it; a test compares it with the committed file).
public enum KeysDocument {
    public static let path = "docs/keys.md"

    public static func markdown(layouts: [Layout] = Layout.all) -> String {
        var lines = [
            "# 规范键 / Canonical keys",
            "",
            GeneratedDocuments.notice(source: "Sources/Disclosure/Layout/"),
            "",
            "A value's key is `<row key>.<column key>` (`s3.denied.state_secret.natural_person`). Keys are the contract of",
            "the JSON (`values` holds every key of the report's layout), the tidy CSV and the tests, and never change once",
            "released; labels may gain aliases. Kinds: `count` 件数, a whole number ≥ 0; `signedCount` a whole number that",
            "may be negative (2019 本年增/减); `money` 万元, a decimal with up to 4 places.",
        ]
        for layout in layouts {
            lines += ["", "## `\(layout.id)`: \(layout.name), \(years(layout, among: layouts))", ""]
            lines.append("\(layout.valueKeys.count) keys.")
            for table in layout.tables {
                lines += ["", "### \(table.section.heading)" + (table.caption.map { " · \($0)" } ?? ""), ""]
                lines += ["| key | 行 row | 列 column | kind |", "|---|---|---|---|"]
                for row in table.rows {
                    let rowLabel = (table.groupParents[row.label].map { [$0] } ?? []) + row.path
                    for (key, column) in zip(row.valueKeys, row.columns) {
                        let columnLabel = column.group.flatMap { $0 == row.label ? nil : "\($0) › " } ?? ""
                        lines.append("| `\(key)` | \(rowLabel.joined(separator: " › ")) | \(columnLabel)\(column.label) | \(column.kind.rawValue) |")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `report years 2021 onward`, or `report years 2019–2020` for a layout a later one replaced.
    static func years(_ layout: Layout, among layouts: [Layout]) -> String {
        let next = layouts.map(\.firstYear).filter { $0 > layout.firstYear }.min()
        return next.map { "report years \(layout.firstYear)–\($0 - 1)" } ?? "report years \(layout.firstYear) onward"
    }
}
