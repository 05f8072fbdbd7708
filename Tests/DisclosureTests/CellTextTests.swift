// Messages longer than a cell holds are cut with a note; a duplicates finding names ten files and counts the rest.
import Spreadsheet
import Testing
@testable import Disclosure

@Suite struct CellTextTests {
    /// A county inbox of a thousand copies of one township once made a 问题清单 cell of 80,000 characters, and the
    /// county workbook was not written at all.
    @Test func longTextIsCutToACell() {
        let long = String(repeating: "乡镇0000-001.xlsx、", count: 3_000)
        let fitted = WriterCell.fitted(long)
        #expect(fitted.utf16.count <= WriterCell.textLimit)
        #expect(fitted.hasSuffix("完整内容见 JSON 输出或终端）"))
        #expect(fitted.hasPrefix("乡镇0000-001.xlsx、乡镇0000-001.xlsx"))
        #expect(WriterCell.fitted("短") == "短")
    }

    @Test func duplicatesNameTenFilesAndCountTheRest() {
        let files = (1...12).map { "乡镇\($0).xlsx" }
        #expect(Rollup.listed(Array(files.prefix(3))) == "乡镇1.xlsx、乡镇2.xlsx、乡镇3.xlsx")
        #expect(Rollup.listed(files) == files.prefix(10).joined(separator: "、") + " 等 12 个文件")
    }
}

/// The note row above an unbalanced 汇总 moves the form down: its formulas must move with it, since Excel and WPS
/// recalculate them on open (the cached values alone looked right).
@Suite struct ShiftedFormulaTests {
    @Test func referencesMoveWithTheirRows() {
        #expect(PrintLayout.shiftedReferences("SUM(D23:I23)", by: 1) == "SUM(D24:I24)")
        #expect(PrintLayout.shiftedReferences("$J$46-J47+AB100", by: 2) == "$J$48-J49+AB102")
        #expect(PrintLayout.shiftedReferences("SUM(E25:E45)", by: 1) == "SUM(E26:E46)")
        #expect(PrintLayout.shiftedReferences("LOG10(A1)", by: 1) == "LOG10(A2)")
    }

    @Test func shiftedSheetKeepsEachTotalOnItsOwnRow() {
        var sheet = WorksheetDocument(name: "汇总")
        sheet.cells[CellRef("J23")!] = WriterCell(.number(6), formula: "SUM(D23:I23)")
        let moved = PrintLayout.shiftedDown(sheet, by: 1)
        #expect(moved.cells[CellRef("J24")!]?.formula == "SUM(D24:I24)")
        #expect(moved.cells[CellRef("J23")!] == nil)
    }
}
