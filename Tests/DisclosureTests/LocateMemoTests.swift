// The locate memo: township files of one template share a shape, and a replayed outcome equals a fresh locate.
import Readers
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct LocateMemoTests {
    static func fresh(_ workbook: Workbook) -> LocatedTables {
        var locator = Locator()
        locator.usesMemo = false
        return locator.locate(workbook)
    }

    /// Every observable part of two locate results, compared.
    static func expectSame(_ a: LocatedTables, _ b: LocatedTables, _ context: String) {
        #expect(a.layout.id == b.layout.id, "\(context)")
        #expect(a.agency == b.agency && a.year == b.year, "\(context)")
        #expect(a.findings == b.findings, "\(context)")
        #expect(Set(a.values.keys) == Set(b.values.keys), "\(context)")
        for (key, value) in a.values {
            guard let other = b.values[key] else { continue }
            #expect(value.cell == other.cell && value.source == other.source && value.sheetIndex == other.sheetIndex
                    && value.unit == other.unit, "\(context) \(key)")
        }
    }

    static func shape(_ workbook: Workbook, year: Int?) -> LocateShape? {
        var shape = LocateShape(workbook, choice: .auto)
        shape?.finish(year: year)
        return shape
    }

    static func workbook(_ relative: String) throws -> Workbook {
        try FormatRegistry.read(path: Fixtures.path(relative))
    }

    @Test func townshipFilesOfOneTemplateShareAShape() throws {
        let original = try Self.workbook("spreadsheets/libreoffice/t1.xlsx")
        var other = original
        other.source = "/elsewhere/青山镇.xlsx"
        other.sheets[0].grid[0, 0] = Cell(.text("青山镇2023年度政府信息公开工作年度报告"))
        other.sheets[0].grid[1, 0] = Cell(.text("填报单位：青山镇人民政府"))
        // New numbers in every numeric cell.
        for row in other.sheets[0].grid.nonBlankRows {
            for (column, cell) in other.sheets[0].grid.cells(inRow: row) {
                if case .number(let value, _) = cell.value { other.sheets[0].grid[row, column] = Cell(.number(value + 7)) }
            }
        }
        let shape = Self.shape(original, year: 2023)
        #expect(shape != nil)
        #expect(shape == Self.shape(other, year: 2023))

        // What locating reads changes the shape: a row label, a value turned blank, a sheet name, the year.
        var relabelled = original
        let labelRow = try #require(original.sheets[0].grid.nonBlankRows.first { row in
            original.sheets[0].grid.cells(inRow: row).contains { $0.cell.value.text.contains("本年新收") }
        })
        let labelColumn = try #require(original.sheets[0].grid.cells(inRow: labelRow).first { $0.cell.value.text.contains("本年新收") }?.column)
        relabelled.sheets[0].grid[labelRow, labelColumn] = Cell(.text("本年新收申请"))
        #expect(Self.shape(relabelled, year: 2023) != shape)
        var blanked = original
        let numberCell = try #require(original.sheets[0].grid.nonBlankRows.lazy.flatMap { row in
            original.sheets[0].grid.cells(inRow: row).filter { if case .number = $0.cell.value { return true } else { return false } }.map { (row, $0.column) }
        }.first)
        blanked.sheets[0].grid[numberCell.0, numberCell.1] = .empty
        #expect(Self.shape(blanked, year: 2023) != shape)
        var renamed = original
        renamed.sheets[0].name = "表一"
        #expect(Self.shape(renamed, year: 2023) != shape)
        #expect(Self.shape(original, year: 2022) != shape)

        // The second file replays the first's outcome, with its own cells, file name and title.
        _ = Locator().locate(original)
        let replayed = Locator().locate(other)
        #expect(LocateMemo.shared.value(for: try #require(shape)) != nil)
        Self.expectSame(replayed, Self.fresh(other), "replayed")
        #expect(replayed.agency == "青山镇")
        #expect(replayed.values.values.allSatisfy { $0.source.file == "/elsewhere/青山镇.xlsx" })
    }

    /// A CSV's sheet is named after its file and its sources name no sheet: two townships' CSVs of one template share
    /// a shape, and the second's replayed outcome names its own file (a mixed county's CSVs were each located afresh).
    @Test func csvFilesNamedForTheirTownshipsShareAShape() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/libreoffice/t1.csv"))))
        let first = try CSVReader.read(bytes: bytes, fileName: "/county/东山镇2023年度报告.csv")
        let second = try CSVReader.read(bytes: bytes, fileName: "/county/西山乡2023年度报告.csv")
        #expect(first.sheets[0].name != second.sheets[0].name)
        let shape = try #require(Self.shape(first, year: 2023))
        #expect(shape == Self.shape(second, year: 2023))
        _ = Locator().locate(first)
        #expect(LocateMemo.shared.value(for: shape) != nil)
        let replayed = Locator().locate(second)
        Self.expectSame(replayed, Self.fresh(second), "second csv")
        #expect(!replayed.values.isEmpty)
        #expect(replayed.values.values.allSatisfy { $0.source.file == "/county/西山乡2023年度报告.csv" && $0.source.sheet == nil })
        // An xlsx's sheet names still matter (its sources name them).
        var renamed = try Self.workbook("spreadsheets/libreoffice/t1.xlsx")
        let xlsxShape = Self.shape(renamed, year: 2023)
        renamed.sheets[0].name = "表一"
        #expect(Self.shape(renamed, year: 2023) != xlsxShape)
    }

    @Test func textReportsAreNeverMemoised() throws {
        let report = try FormatRegistry.read(path: Fixtures.path("reports/000_1ee85899e4f00aa5.txt"))
        #expect(LocateShape(report, choice: .auto) == nil)
    }

    /// Every sample, and variants of each that keep or change its shape, located after a look-alike primed the
    /// memo: the result is what a fresh locate finds.
    @Test func replayEqualsFreshLocateForSamplesAndVariants() throws {
        var paths = try Fixtures.sampleXLSX().map { String($0.dropFirst(Fixtures.root.path.count + 1)) }
        paths += ["spreadsheets/libreoffice/t1.csv", "spreadsheets/libreoffice/t2.csv", "spreadsheets/encodings/t1.lo.gb18030.csv"]
        var checked = 0
        for path in paths {
            let original = try Self.workbook(path)
            var variants: [(String, Workbook)] = [("itself", original)]
            let grid = original.sheets[0].grid
            for (index, row) in grid.nonBlankRows.enumerated() {
                let cells = grid.cells(inRow: row)
                guard let first = cells.first else { continue }
                var changed = original
                switch index % 4 {
                case 0:  // a new text in the row's first cell
                    changed.sheets[0].grid[row, first.column] = Cell(.text("\(first.cell.value.text)（注）"))
                case 1:  // the row's last cell blank
                    changed.sheets[0].grid[row, cells[cells.count - 1].column] = .empty
                case 2:  // a number where a text was, or the other way round
                    changed.sheets[0].grid[row, first.column] = { if case .number = first.cell.value { return Cell(.text("合计")) } else { return Cell(.number(5)) } }()
                default:  // a whole row moved down by one
                    changed.sheets[0].grid[row, first.column] = .empty
                    changed.sheets[0].grid[row + 1, first.column] = first.cell
                }
                variants.append(("\(path) row \(row + 1) change \(index % 4)", changed))
            }
            for (name, variant) in variants {
                _ = Locator().locate(original)  // primes the memo with the original's shape
                Self.expectSame(Locator().locate(variant), Self.fresh(variant), name)
                Self.expectSame(Locator().locate(variant), Self.fresh(variant), name + " (second time)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    /// Found by the differential fuzzer: label-variant findings came out in a dictionary's order, which differs from
    /// one dictionary instance to the next, so two locates of one file could list them differently.
    @Test func findingsComeOutInTheSameOrderEveryTime() throws {
        var workbook = try Self.workbook("spreadsheets/libreoffice/t1.csv")
        // Many rows matched through aliases and abbreviations: many label-variant findings to order.
        for row in workbook.sheets[0].grid.nonBlankRows {
            for (column, cell) in workbook.sheets[0].grid.cells(inRow: row) {
                if case .text(let text) = cell.value, let first = text.first, "1234567".contains(first), text.count > 8 {
                    workbook.sheets[0].grid[row, column] = Cell(.text(String(text.dropLast())))
                }
            }
        }
        let first = Self.fresh(workbook)
        #expect(first.findings.filter { $0.code == "layout.label_variant" }.count >= 3)
        for _ in 0..<20 { #expect(Self.fresh(workbook).findings == first.findings) }
    }

    /// Inertness is judged against the built-in layouts, so a caller's own layout is never served from the memo:
    /// here a title that is inert for the official layouts is a row label of the custom one.
    @Test func customLayoutsAreLocatedAfresh() throws {
        let official = Layout.layout2021
        var tables = official.tables
        let first = tables[0].rows[0]
        tables[0].rows[0] = LayoutRow(first.key, first.path, aliases: first.aliases + ["自定义的规章行"], columns: first.columns)
        let custom = Layout(id: official.id, name: official.name, firstYear: official.firstYear, tables: tables,
                            identities: official.identities, signals: official.signals, notes: official.notes,
                            crossYear: official.crossYear, plausibility: official.plausibility, narrative: official.narrative,
                            rollupMappings: official.rollupMappings)
        #expect(LayoutChoice.auto.isBuiltIn && LayoutChoice.fixed(.layout2019).isBuiltIn)
        #expect(!LayoutChoice.fixed(custom).isBuiltIn)
        #expect(LabelIndex.of(custom).candidates.contains { $0.bodies.contains { $0.alias == "自定义的规章行" } })
        #expect(!LabelIndex.of(official).candidates.contains { $0.bodies.contains { $0.alias == "自定义的规章行" } })

        let workbook = try Self.workbook("spreadsheets/libreoffice/t1.xlsx")
        var locator = Locator(choice: .fixed(custom))
        let once = locator.locate(workbook)
        locator.usesMemo = false
        Self.expectSame(Locator(choice: .fixed(custom)).locate(workbook), locator.locate(workbook), "custom")
        Self.expectSame(once, locator.locate(workbook), "custom, first")
    }
}
