// The RTF reader on hand-written documents: code pages, Unicode fallbacks, destinations, tables, merges, nesting, caps.
@testable import Documents
import Readers
import Foundation
import Testing
import TestSupport
@testable import Spreadsheet

@Suite struct RTFReaderTests {
    /// Reads RTF written here with Chinese in the Swift string: every non-ASCII character becomes `\uN?`, as writers do.
    static func read(_ text: String) throws -> Workbook {
        let escaped = text.unicodeScalars.map { $0.value < 0x80 ? String($0) : "\\u\(Int16(truncatingIfNeeded: $0.value))?" }.joined()
        return try RTFReader.read(bytes: Array(escaped.utf8), fileName: "a.rtf")
    }

    /// `\'hh` bytes of a GBK string (what Word writes under `\ansicpg936`).
    static func gbk(_ text: String) throws -> String {
        try TextDecoding.encode(text, as: .gb18030, file: "").map { $0 < 0x80 ? String(UnicodeScalar($0)) : String(format: "\\'%02x", $0) }.joined()
    }

    @Test func gbkBytesUnicodeAndTheirFallbacks() throws {
        let title = try Self.gbk("后宫乡2023年政府信息公开工作年度报告")
        let rtf = #"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fswiss\fcharset0 Arial;}}"#
            + #"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\*\generator Hand;}"#
            + #"{\info{\title \'b1\'ea\'cc\'e2}{\author \'d5\'c5\'c8\'fd}}"#
            + "\\pard\\plain\\f0 \(title)\\par\n"
            // \uN with one fallback byte, with \uc2 and two `\'hh` fallback bytes, a negative \u, a surrogate pair.
            + #"\pard \u21463?\u29702?{\uc2\u20844\'b9\'ab\u24320\'bf\'aa}\u-257?\u-10179?\u-8702?\par"#
            // A lead byte in hex with a plain ASCII trail byte (GBK trail 0x40–0x7E): 丂 is 0x81 0x40.
            + #"\pard\f0 \'81@\tab x\~y\_z\emdash\ldblquote q\rdblquote\par"#
            // Destinations that are not text: a picture, a field instruction, a footnote, a header, list numbers.
            + #"\pard {\pict\pngblip 89504e47\bin3 }}}}{\field{\*\fldinst HYPERLINK "x"}{\fldrslt \'c1\'b4\'bd\'d3}}"#
            + #"{\footnote \'d7\'a2}{\header \'d2\'b3\'c3\'bc}{\pntext 1.\tab}{\*\unknowndest zz}{\unknownword kept}\par"#
            // Tracked changes: deleted text is left out, inserted text kept.
            + #"\pard {\deleted 12}{\revised 34}\par}"#
        let workbook = try Self.read(rtf)
        #expect(workbook.format == .rtf && workbook.sheets.isEmpty)
        #expect(workbook.narrative.map(\.text) == [
            "后宫乡2023年政府信息公开工作年度报告",
            "受理公开\u{FEFF}😂",
            "丂 x\u{A0}y-z—“q”",
            "链接kept",
            "34",
        ])
        #expect(workbook.narrative.map(\.line) == [1, 2, 3, 4, 5])
    }

    @Test func theTitleOfTheInfoGroupWhenTheBodyHasNoParagraph() throws {
        let workbook = try Self.read(#"{\rtf1\ansi\ansicpg936{\info{\title \'d6\'d8\'c7\'ec\'ca\'d0 2023}}\pard\par}"#)
        #expect(workbook.narrative.map(\.text) == ["重庆市 2023"])
    }

    @Test func aFontsCharsetDecidesItsBytes() throws {
        // A Western document whose Chinese text is in a GBK font (\fcharset134), and Big5 in a \fcharset136 font.
        let rtf = #"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\froman\fcharset0 Times;}{\f1\fnil\fcharset134 SimSun;}{\f2\fnil\fcharset136 MingLiU;}}"#
            + #"\pard\f0 caf\'e9 {\f1 \'d6\'d0\'ce\'c4}{\f2 \'a4\'a4\'a4\'e5}\par"#
            + #"\pard\f0\dbch\af1 \'d6\'d0\par}"#
        let workbook = try Self.read(rtf)
        #expect(workbook.narrative.map(\.text) == ["café 中文中文", "中"])
    }

    @Test func tablesFromCellBoundariesWithMerges() throws {
        // Row 1: one cell across the table; rows 2–3: a vertical merge in column 1 and a horizontal one in 2–3.
        let row1 = #"\trowd\trleft-108\cellx6000\pard\intbl 申请人情况\cell\row"#
        let row2 = #"\trowd\trleft-108\clvmgf\cellx2000\clmgf\cellx4000\clmrg\cellx6000\pard\intbl 三、本年度办理结果\cell （一）予以公开\cell\cell\row"#
        let row3 = #"\trowd\trleft-108\clvmrg\cellx2000\cellx4010\cellx6000\pard\intbl\cell （二）部分公开\cell 2\cell\row"#
        // A second table after a paragraph; its second row has cells past its definitions.
        let table2 = #"\trowd\cellx1000\cellx2000\pard\intbl a\cell 1\cell\row\trowd\cellx1000\pard\intbl b\cell 2\cell 3\cell\row"#
        let rtf = "{\\rtf1\\ansi " + row1 + row2 + row3 + "\\pard 正文\\par " + table2 + "\\pard\\par}"
        let workbook = try Self.read(rtf)
        #expect(workbook.sheets.map(\.name) == ["表1", "表2"])
        #expect(workbook.sheets.map(\.tableNumber) == [1, 2])
        let grid = workbook.sheets[0].grid
        #expect(grid.rowTexts(0) == ["申请人情况"])
        #expect(grid.rowTexts(1) == ["三、本年度办理结果", "（一）予以公开"])
        #expect(grid.rowTexts(2) == ["", "（二）部分公开", "2"])
        #expect(grid.merged.map(\.description) == ["A1:C1", "B2:C2", "A2:A3"])
        #expect(workbook.narrative.map(\.text) == ["正文"])
        let second = workbook.sheets[1].grid
        #expect(second.rowTexts(0) == ["a", "1"] && second.rowTexts(1) == ["b", "2", "3"])
    }

    @Test func nestedTablesAreTablesOfTheirOwnNumberedWhereTheyStart() throws {
        let nested = #"\pard\intbl\itap2 新收\nestcell 249\nestcell{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}{\nonesttables\par}"#
            + #"\pard\intbl\itap2 办结\nestcell 261\nestcell{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}{\nonesttables\par}"#
        let rtf = #"{\rtf1\ansi \trowd\cellx5000\pard\intbl 【数据速览】\par "# + nested + #"\pard\intbl\cell\row\pard\par"#
            + #"\trowd\cellx1000\pard\intbl 表\cell\row\pard\par}"#
        let workbook = try Self.read(rtf)
        #expect(workbook.sheets.map(\.name) == ["表1", "表2", "表3"])
        #expect(workbook.sheets[0].grid.rowTexts(0) == ["【数据速览】"])
        #expect(workbook.sheets[1].grid.rowTexts(0) == ["新收", "249"] && workbook.sheets[1].grid.rowTexts(1) == ["办结", "261"])
        #expect(workbook.sheets[2].grid.rowTexts(0) == ["表"])
    }

    @Test func cellMarksWithoutRowsAndATruncatedDocumentKeepWhatTheyHold() throws {
        let workbook = try Self.read(#"{\rtf1\ansi \pard\intbl a\cell b\cell\pard 尾巴"#)
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["a", "b"])
        #expect(workbook.narrative.map(\.text) == ["尾巴"])
        // Text after the document's closing brace is not the document's.
        #expect(try Self.read(#"{\rtf1 正文}垃圾"#).narrative.map(\.text) == ["正文"])
    }

    @Test func aNestingBombIsRefusedWithinASecond() throws {
        var bytes = Array(#"{\rtf1 "#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "{"), count: 100 << 20)
        let start = Date()
        #expect(throws: SpreadsheetError.self) { try RTFReader.read(bytes: bytes, fileName: "bomb.rtf") }
        // Inside a skipped destination too.
        var skipped = Array(#"{\rtf1 {\*\x "#.utf8)
        skipped += [UInt8](repeating: UInt8(ascii: "{"), count: 10 << 20)
        #expect(throws: SpreadsheetError.self) { try RTFReader.read(bytes: skipped, fileName: "bomb.rtf") }
        #expect(Date().timeIntervalSince(start) < 30, "hang guard; refused in \(Date().timeIntervalSince(start)) s")
        do {
            _ = try RTFReader.read(bytes: bytes, fileName: "bomb.rtf")
        } catch {
            #expect("\(error)".contains("嵌套超过 1000 层"), "\(error)")
        }
    }

    @Test func theRegistryReadsRTFByContentWhateverItsName() throws {
        let path = try temporaryFile("报告.doc", Array(#"{\rtf1\ansi\ansicpg936 \'d5\'fd\'ce\'c4\par}"#.utf8))
        let workbook = try FormatRegistry.read(path: path)
        #expect(workbook.format == .rtf && workbook.format.isDocument)
        #expect(workbook.narrative.map(\.text) == ["正文"])
    }
}
