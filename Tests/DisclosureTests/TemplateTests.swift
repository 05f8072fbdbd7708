// Templates and filled forms read back through our reader and locator to exactly what was written.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct TemplateTests {
    @Test(arguments: ["2021", "2019"])
    func blankTemplateReadsBackAsItsLayoutWithTotalsZero(id: String) throws {
        let layout = try #require(Layout.named(id))
        let writer = FormWriter(layout: layout, agency: "后宫乡", year: id == "2021" ? 2024 : 2020)
        let bytes = try XLSXWriter.bytes(writer.workbook())
        let workbook = try XLSXReader(bytes: bytes, fileName: "template.xlsx").readWorkbook()
        let report = Pipeline.report(workbook: workbook)
        #expect(report.layout.id == id)
        #expect(report.agency == "后宫乡")
        #expect(report.findings.filter { $0.code.hasPrefix("layout.") && $0.code != "layout.detected" }.isEmpty,
                "\(report.findings.filter { $0.code.hasPrefix("layout.") }.map(\.message))")
        #expect(Set(report.cells.keys) == Set(layout.valueKeys))
        let totals = Set(writer.definitions.keys)
        for key in layout.valueKeys {
            #expect(report.values[key] == (totals.contains(key) ? 0 : nil), "\(key)")
        }
        // Sent back as it was, the blank form is one error (report.blank), not a pass with a warning per row.
        #expect(report.findings.filter { $0.severity != .info }.map(\.code) == ["report.blank"])
    }

    @Test(arguments: [("spreadsheets/libreoffice/t2.csv", "t2"), ("reports/shanghai-bangongting-2019.txt", "shanghai-bangongting-2019")])
    func filledFormRoundTripsExactly(path: String, name: String) throws {
        let original = try Pipeline.report(path: Fixtures.path(path))
        let writer = FormWriter(layout: original.layout)
        let xlsx = try XLSXReader(bytes: try XLSXWriter.bytes(writer.workbook(original)), fileName: "filled.xlsx").readWorkbook()
        let csv = try CSVReader.read(bytes: try CSVWriter.render(writer.grid(original)), fileName: "filled.csv")
        for workbook in [xlsx, csv] {
            let again = Pipeline.report(workbook: workbook)
            #expect(again.layout.id == original.layout.id)
            for key in original.layout.valueKeys {
                #expect(again.values[key] == original.values[key], "\(workbook.source) \(key)")
            }
            #expect(Set(again.findings.filter { $0.code.hasPrefix("identity") }.map(\.code))
                    == Set(original.findings.filter { $0.code.hasPrefix("identity") }.map(\.code)))
        }
        if name == "shanghai-bangongting-2019" {
            #expect(xlsx.sheets.map(\.name) == ["年报", "问题清单"])
        }
    }

    @Test func totalsAreFormulasWithCachedValues() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        let sheet = FormWriter(layout: report.layout).form(report).sheet
        let total = try #require(sheet["J46"])
        #expect(total.formula == "SUM(J25:J45)" || total.formula == "SUM(D46:I46)")
        #expect(total.value == .number(287, source: "287"))
        #expect(sheet["J23"]?.formula == "SUM(D23:I23)")
        #expect(sheet["D46"]?.formula == "SUM(D25:D45)")
        #expect(sheet["E53"]?.formula == "SUM(A53:D53)")
        #expect(sheet["D23"]?.style.locked == false)
        #expect(sheet["J23"]?.style.locked == true)
        #expect(sheet.merged.count == 61)
    }

    @Test func aDisagreeingTotalIsKeptAsReported() throws {
        var sample = try Sample()
        sample.set("J46", "288")
        let report = sample.report()
        let sheet = FormWriter(layout: report.layout).form(report).sheet
        #expect(sheet["J46"]?.formula == nil)
        #expect(sheet["J46"]?.value == .number(288, source: "288"))
    }

    @Test func tidyCSVHasOneRowPerValue() throws {
        let report = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t2.csv"))
        let bytes = try TidyCSV.render([report])
        let rows = try CSVReader.read(bytes: bytes, fileName: "tidy.csv", options: CSVOptions(numbers: false)).sheets[0].grid
        #expect(rows.rowCount == 201)
        #expect(rows.rowTexts(0) == TidyCSV.columns)
        let fees = try #require((1..<rows.rowCount).first { rows.rowTexts($0)[4] == "s2.fees.amount" })
        #expect(rows.rowTexts(fees)[8] == "6.13")
        #expect(rows.rowTexts(fees)[9] == "D17")
    }

    @Test func templateIsJudgedCleanByRealClients() throws {
        for layout in Layout.all {
            let path = try temporaryFile("template-\(layout.id).xlsx", try XLSXWriter.bytes(FormWriter(layout: layout).workbook()))
            let script = Fixtures.project.appendingPathComponent("Scripts/check-xlsx.sh").path
            guard let result = runTool(["bash", script, path]) else { return }
            #expect(result.status == 0, "\(result.output)")
        }
    }
}

@Suite struct LibreOfficeRoundTripTests {
    /// LibreOffice opens our filled form, recalculates, and saves it as CSV; our reader and locator read that
    /// CSV back to the same values — a real client judging what we write.
    @Test func libreOfficeRecalculatesOurFormToTheSameValues() throws {
        let original = try Pipeline.report(path: Fixtures.path("spreadsheets/libreoffice/t3.csv"))
        let path = try temporaryFile("filled.xlsx", try XLSXWriter.bytes(FormWriter(layout: original.layout).workbook(original)))
        let folder = (path as NSString).deletingLastPathComponent
        // A profile of its own, so parallel tests never share a LibreOffice instance.
        guard let result = runTool(["soffice", "-env:UserInstallation=file://\(folder)/profile", "--headless", "--norestore",
                                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", folder, path]) else { return }
        #expect(result.status == 0, "\(result.output)")
        let csv = (folder as NSString).appendingPathComponent("filled.csv")
        let again = try Pipeline.report(path: csv)
        for key in original.layout.valueKeys {
            #expect(again.values[key] == original.values[key], "\(key)")
        }
        #expect(again.errorCount == 0)
    }
}
