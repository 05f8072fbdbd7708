// Overlapping merged ranges are refused with the same pair named whether or not the sheet lists them in order.
import Testing
@testable import Spreadsheet

@Suite struct MergeOverlapTests {
    private func ranges(_ texts: [String]) -> [CellRange] { texts.compactMap { CellRange($0) } }

    private func refusal(_ merged: [CellRange]) -> String? {
        do {
            try XLSXReader.rejectOverlaps(merged, file: "f.xlsx", sheet: "表1")
            return nil
        } catch let error as SpreadsheetError {
            return "\(error.location ?? "") \(error.kind)"
        } catch {
            return "\(error)"
        }
    }

    @Test func inOrderAndShuffledGiveTheSameAnswer() {
        let fine = ranges(["A1:O1", "A2:H2", "I2:O2", "A5:C5", "D5:E5", "A6:C7"])
        #expect(refusal(fine) == nil)
        #expect(refusal(fine.reversed()) == nil)
        let overlapping = ranges(["A1:O1", "A2:H3", "I2:O2", "C3:D4", "F5:G5"])
        let expected = "C3:D4 invalid(\"合并区域 C3:D4 与 A2:H3 重叠，文件已损坏\")"
        #expect(refusal(overlapping) == expected)
        #expect(refusal([overlapping[3], overlapping[0], overlapping[4], overlapping[1], overlapping[2]]) == expected)
    }

    @Test func reservedGridEqualsAPlainOne() {
        var plain = Grid()
        var reserved = Grid(reservingRows: 64)
        for row in [3, 0, 70, 5] {
            plain.setRow(row, [ColumnCell(column: 1, cell: Cell(.text("\(row)")))])
            reserved.setRow(row, [ColumnCell(column: 1, cell: Cell(.text("\(row)")))])
        }
        #expect(plain == reserved)
        #expect(reserved.rowCount == 71)
        #expect(reserved[70, 1] == Cell(.text("70")))
    }
}
