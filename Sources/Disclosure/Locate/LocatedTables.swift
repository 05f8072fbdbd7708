// What the locator hands to the normaliser: each canonical key's source cell, plus layout findings.
import Spreadsheet

/// One official cell found in the source.
public struct LocatedValue: Sendable {
    public var key: String
    public var cell: Cell
    public var source: SourceCell
    /// The sheet the cell sits in (formulas are evaluated within it).
    public var sheetIndex: Int
    /// 元 or 万元, from the column header, for money columns.
    public var unit: ValueParser.MoneyUnit
}

/// The located tables of one workbook under one layout.
public struct LocatedTables: Sendable {
    public var workbook: Workbook
    public var layout: Layout
    /// By key position in the layout.
    public var values: KeyedSlots<LocatedValue>
    public var findings: [Finding]
    public var agency: String?
    public var year: Int?
}
