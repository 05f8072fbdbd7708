// Finds the official tables in a workbook wherever they sit: layout detection, row matching, column mapping.
import Foundation
import Spreadsheet

/// Which layout to read a workbook with.
public enum LayoutChoice: Sendable, Equatable {
    case auto
    case fixed(Layout)

    /// Auto-detection or one of `Layout.all`: what text inertness (`TextFacts`) is judged against, so what the shape
    /// memo may serve. A layout built by a caller is located afresh every time.
    var isBuiltIn: Bool {
        switch self {
        case .auto: return true
        case .fixed(let layout): return Layout.all.contains(layout)
        }
    }
}

/// Locates the tables of a layout in a workbook. Reads only the layout description: no label or key is
/// spelled here.
public struct Locator: Sendable {
    public var choice: LayoutChoice
    /// Overrides of the agency and year read from the source.
    public var agency: String?
    public var year: Int?
    /// Whether to reuse the outcome of an earlier workbook of the same shape (`LocateShape`); off only to compare.
    var usesMemo = true

    public init(choice: LayoutChoice = .auto, agency: String? = nil, year: Int? = nil) {
        self.choice = choice
        self.agency = agency
        self.year = year
    }

    /// Detects the layout (unless fixed), matches rows and columns, and returns each official cell found
    /// with its source, plus the layout findings.
    public func locate(_ workbook: Workbook) -> LocatedTables {
        var located = locateTables(workbook)
        for note in workbook.notes {
            switch note {
            case .pagesNotRead(let read, let total):
                located.findings.append(Finding(.layoutPagesNotRead,
                                                message: "PDF 共 \(total) 页，只读取了前 \(read) 页；表格若在后面的页中，请只提交年度报告本身"))
            }
        }
        if located.agency == nil {
            located.findings.append(Finding(.metaAgencyUnknown,
                                            message: "没有从标题、填报单位、首行或文件名中找到报告单位；可用 --agency 指定"))
        }
        // A year given by the user that the report contradicts is used, and said.
        if let given = year {
            let sheets = Array(workbook.sheets.enumerated())
            var unforced = self
            unforced.year = nil
            if let own = unforced.readMetadata(workbook, leading: Self.leadingTexts(sheets)).year, own != given {
                located.findings.append(Finding(.metaYearOverridden,
                                                message: "报告中的年度为 \(own)，与指定的年度 \(given) 不同，按 \(given) 年度处理；请核对"))
            }
        }
        return located
    }

    func locateTables(_ workbook: Workbook) -> LocatedTables {
        // Hidden sheets (helper copies, last year's data) are read only when the visible ones hold no table.
        func scan(_ sheets: [(offset: Int, element: Sheet)]) -> [RowScan] {
            sheets.flatMap { index, sheet in
                sheet.grid.nonBlankRows.map { RowScan(sheet: index, row: $0, cells: sheet.grid.columnCells(inRow: $0)) }
            }
        }
        let all = Array(workbook.sheets.enumerated())
        let visible = all.filter { $0.element.visibility == .visible }
        var shape = usesMemo && choice.isBuiltIn ? LocateShape(workbook, choice: choice) : nil
        let metadata = readMetadata(workbook, leading: shape?.leadingTexts ?? Self.leadingTexts(visible.isEmpty ? all : visible))
        shape?.finish(year: metadata.year)
        if let shape, let outcome = LocateMemo.shared.value(for: shape) {
            return outcome.replayed(for: workbook, agency: metadata.agency, year: metadata.year)
        }
        var scans = scan(visible.isEmpty ? all : visible)
        var findings: [Finding] = []
        let layout: Layout
        switch choice {
        case .fixed(let fixed):
            layout = fixed
        case .auto:
            let detection = detectLayout(scans, year: metadata.year)
            layout = detection.layout
            findings.append(Finding(.layoutDetected, message: detection.reason))
        }
        var session = LocateSession(workbook: workbook, layout: layout, scans: scans)
        session.run()
        if session.values.isEmpty && visible.count < all.count {
            scans = scan(all)
            session = LocateSession(workbook: workbook, layout: layout, scans: scans)
            session.run()
        }
        findings += session.findings
        let located = LocatedTables(workbook: workbook, layout: layout, values: session.values, findings: findings,
                                    agency: metadata.agency, year: metadata.year)
        if let shape { LocateMemo.shared.store(LocateOutcome(located), for: shape) }
        return located
    }
}
