// Relationship targets resolved to part names, and relationship types to their last segment, on bytes.
import Testing
@testable import Spreadsheet

@Suite struct PackageRelationshipsTests {
    @Test func targetsResolveAgainstTheirFolder() {
        #expect(PackageRelationships.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(PackageRelationships.resolve("../media/图1.png", from: "xl/worksheets") == "xl/media/图1.png")
        #expect(PackageRelationships.resolve("/xl/workbook.xml", from: "") == "xl/workbook.xml")
        #expect(PackageRelationships.resolve("/xl/workbook.xml", from: "word") == "xl/workbook.xml")
        #expect(PackageRelationships.resolve("./styles.xml", from: "xl") == "xl/styles.xml")
        #expect(PackageRelationships.resolve("..\\..\\..\\x.xml", from: "xl/a") == "x.xml")  // cannot climb above the root
        #expect(PackageRelationships.resolve("sheets//表一.xml", from: "xl/") == "xl/sheets/表一.xml")
        #expect(PackageRelationships.resolve("", from: "xl") == "xl")
    }

    @Test func typesKeepTheirLastSegment() {
        #expect(PackageRelationships.lastSegment("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet") == "worksheet")
        #expect(PackageRelationships.lastSegment("http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings/") == "sharedStrings")
        #expect(PackageRelationships.lastSegment("styles") == "styles")
        #expect(PackageRelationships.lastSegment("") == "")
        #expect(PackageRelationships.lastSegment("///") == "")
    }
}
