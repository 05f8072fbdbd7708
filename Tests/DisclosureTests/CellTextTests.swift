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
