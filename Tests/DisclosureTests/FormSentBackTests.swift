// The form sent back to a township: the wrong cell filled red with a comment holding the message, warnings yellow,
// and a 问题清单 whose cells are this workbook's own; judged by openpyxl and the other XLSX clients.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct FormSentBackTests {
    /// 杨庄乡's web page: its wrong cell is 表2 第11行第4列 in the source and D30 in the form we write.
    static let township = Fixtures.project.appendingPathComponent("Samples/demo-county/2023/杨庄乡2023年度政府信息公开工作年度报告.html").path

    @Test func theWrongCellIsRedWithItsMessage() throws {
        let report = try Pipeline.report(path: Self.township)
        let workbook = FormWriter(layout: report.layout).workbook(report)
        let form = workbook.sheets[0]
        #expect(form["D30"]?.style.fill == PrintLayout.errorFill)
        #expect(form.cells.values.filter { $0.style.fill == PrintLayout.errorFill }.count == 1)
        let d30 = try #require(CellRef("D30"))
        let comment = try #require(form.comments[d30])
        #expect(comment.hasPrefix("【错误】第三部分行合计不符：「4.保护第三方合法权益」行不符合「总计列 = 各类申请人之和」"))
        #expect(comment.contains("\n\n【错误】第三部分办理结果合计不符：「自然人」列不符合"))
        let problems = workbook.sheets[1]
        #expect(problems.name == "问题清单")
        #expect(problems["A1"]?.value == .text("本表单元格") && problems["B1"]?.value == .text("原文件位置"))
        #expect(problems["A2"]?.value == .text("年报!D30"))
        #expect(problems["B2"]?.value == .text("表2 第11行第4列"))
        // A warning's cells are yellow: 石桥镇's 规章 row (a township cannot make rules).
        let t2 = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        let warned = FormWriter(layout: t2.layout).form(t2).sheet
        #expect(["D6", "F6", "H6"].map { warned[$0]?.style.fill } == Array(repeating: PrintLayout.warningFill, count: 3))
        let d6 = try #require(CellRef("D6"))
        #expect(warned.comments[d6]?.hasPrefix("【警告】无权制定规章：石桥镇 没有制定「规章」的权限") == true)
    }

    /// openpyxl reads the red fill and the comment on the wrong cell; every client opens the file.
    @Test func openpyxlSeesTheFillAndTheComment() throws {
        let report = try Pipeline.report(path: Self.township)
        let path = try temporaryFile("杨庄乡.xlsx", try XLSXWriter.bytes(FormWriter(layout: report.layout).workbook(report)))
        guard let probe = runTool(["python3", "-c", "import openpyxl"]) else { return }
        guard probe.status == 0 else { judgeMissing("python3 openpyxl is not installed (Scripts/install-judges.sh)"); return }
        let script = """
        import sys, warnings
        warnings.simplefilter("error")
        import openpyxl
        ws = openpyxl.load_workbook(sys.argv[1])["年报"]
        c = ws["D30"]
        print(c.value, c.fill.fgColor.rgb, c.comment.author)
        print(c.comment.text.splitlines()[0][:30])
        print(sum(1 for row in ws.iter_rows() for x in row if x.comment is not None))
        """
        let judged = try #require(runTool(["python3", "-c", script, path]))
        #expect(judged.status == 0, "\(judged.output)")
        #expect(judged.output == "3 FFFFC7CE nianbao\n【错误】第三部分行合计不符：「4.保护第三方合法权益」行不符\n1\n", "\(judged.output)")
        let xlsx = Fixtures.project.appendingPathComponent("Scripts/check-xlsx.sh").path
        guard let clients = runTool(["bash", xlsx, path]) else { return }
        #expect(clients.status == 0, "\(clients.output)")
        // Our own reader still reads the form back to the same values.
        let again = try Pipeline.report(path: path)
        #expect(again.values["s3.denied.third_party.natural_person"] == report.values["s3.denied.third_party.natural_person"])
    }

    /// Printed like the official form: 三 and 四 each start a page, wrapped labels get rows tall enough for their
    /// lines, 填报说明 fits an A4 portrait page, and the findings' rows grow with their messages.
    @Test func printedLikeTheOfficialForm() throws {
        let report = try Pipeline.report(path: Self.township)
        let writer = FormWriter(layout: report.layout)
        let form = writer.form(report).sheet
        #expect(form.rowBreaks == [18, 48])
        let long = try #require(writer.geometry.cells["s3.other.no_correction.total"])
        #expect(form.rowHeights[long.row] == 35)
        #expect(form.page.fitToWidth && form.page.landscape)
        let notes = writer.instructions()
        #expect(notes.columnWidths == [0: 80])
        #expect(notes.page.landscape == false)
        #expect(notes.rowHeights[5] == 35)
        let problems = FormWriter.returnSheet(report, cells: writer.geometry.cells, formName: "年报")
        #expect(problems.rowHeights[1] == 50)
        // The lines a CJK text takes in a column: 2 units a glyph, one unit of padding.
        #expect(PrintLayout.lines("第三部分每一行的总计", width: 11, fontSize: 11) == 2)
        #expect(PrintLayout.lines("ab\ncd", width: 11, fontSize: 11) == 2)
    }
}
