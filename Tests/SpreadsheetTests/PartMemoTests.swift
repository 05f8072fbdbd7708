// The part memo: copies of one template parse their shared parts once, and a damaged copy still gets its error.
import Foundation
import Testing
import TestSupport
import ZipArchive
@testable import Spreadsheet

@Suite struct PartMemoTests {
    /// The stored bytes of `name` inside the archive at `path`, and where they start in the file.
    static func stored(_ name: String, in bytes: [UInt8]) throws -> (offset: Int, count: Int) {
        let zip = try ZipReader(bytes: bytes)
        let entry = try #require(zip.entry(named: name))
        let data = try zip.withStoredBytes(entry) { Array($0) }
        let offset = try #require((0...(bytes.count - data.count)).first { bytes[$0..<($0 + data.count)].elementsEqual(data) })
        return (offset, data.count)
    }

    @Test func copiesReadAlikeAndDamagedPartsStillFail() throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/libreoffice/t1.xlsx"))))
        let first = try XLSXReader(bytes: original, fileName: "a.xlsx").readWorkbook()
        let again = try XLSXReader(bytes: original, fileName: "b.xlsx").readWorkbook()
        #expect(first.sheets == again.sheets)

        // Styles decide which numbers are dates: a hit must hand back the same styles the parse gave.
        let styles = try Self.stored("xl/styles.xml", in: original)
        var damaged = original
        damaged[styles.offset + styles.count / 2] ^= 0x55
        #expect(throws: (any Error).self) { _ = try XLSXReader(bytes: damaged, fileName: "damaged.xlsx").readWorkbook() }
        // The memo never learnt the damaged part, and the original still reads.
        #expect(throws: (any Error).self) { _ = try XLSXReader(bytes: damaged, fileName: "damaged.xlsx").readWorkbook() }
        #expect(try XLSXReader(bytes: original, fileName: "c.xlsx").readWorkbook().sheets == first.sheets)
    }
}

@Suite struct CellRangeParsingTests {
    @Test func rangesParseOnBytes() {
        #expect(CellRange("A1:C3") == CellRange(first: CellRef(row: 0, column: 0), last: CellRef(row: 2, column: 2)))
        #expect(CellRange("$B$2:$A$1") == CellRange(first: CellRef(row: 0, column: 0), last: CellRef(row: 1, column: 1)))
        #expect(CellRange("D4") == CellRange(first: CellRef(row: 3, column: 3), last: CellRef(row: 3, column: 3)))
        for bad in ["", ":", "A1:", ":B2", "A1:B2:C3", "A1 :B2", "A0:B2", "1A:B2", "A1-B2", "XFE1:A1"] {
            #expect(CellRange(bad) == nil, "\(bad)")
        }
    }
}
