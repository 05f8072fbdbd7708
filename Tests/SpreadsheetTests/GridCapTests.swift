// The cell cap: a grid stops storing cells at Grid.maximumCells, and the registry refuses such a file whole.
import Foundation
import Readers
import Spreadsheet
import Testing
import TestSupport

@Suite struct GridCapTests {
    @Test func aGridCountsItsCellsAndStopsAtTheCap() {
        var grid = Grid()
        grid[0, 0] = Cell(.text("a"))
        grid[0, 3] = Cell(.text("b"))
        grid[0, 0] = Cell(.text("c"))  // replaced, not added
        grid.setRow(2, [ColumnCell(column: 0, cell: Cell(.text("d"))), ColumnCell(column: 1, cell: .empty)])
        #expect(grid.cellCount == 3)
        grid[0, 3] = .empty
        #expect(grid.cellCount == 2)
        #expect(!grid.overflowed)
        let row = (0..<1_000).map { ColumnCell(column: $0, cell: Cell(.number(1, source: "1"))) }
        for index in 0..<(Grid.maximumCells / 1_000) { grid.setRow(10 + index, row) }
        #expect(grid.overflowed)
        #expect(grid.cellCount == Grid.maximumCells - 1_000 + 2)
        #expect(grid.mapped { $0 }.cellCount == grid.cellCount)
    }

    @Test func aFilePastTheCapIsRefusedWhole() throws {
        // 100,001 rows of five cells: past the cap by five cells.
        var text = ""
        text.reserveCapacity(1_100_000)
        for _ in 0..<(Grid.maximumCells / 5 + 1) { text += "1,2,3,4,5\n" }
        let path = try temporaryFile("数据.csv", Array(text.utf8))
        #expect(throws: SpreadsheetError.self) { try FormatRegistry.read(path: path) }
        do {
            _ = try FormatRegistry.read(path: path)
        } catch {
            #expect("\(error)".hasSuffix("数据.csv：内容过大（超过 1000000 个单元格；年度报告表只有几百个单元格，请确认上传的是年报表而不是其他数据）。"))
        }
        // At the cap exactly: read.
        let fits = try temporaryFile("刚好.csv", Array(String(repeating: "1,2,3,4,5\n", count: Grid.maximumCells / 5).utf8))
        #expect(try FormatRegistry.read(path: fits).sheets[0].grid.cellCount == Grid.maximumCells)
    }
}
