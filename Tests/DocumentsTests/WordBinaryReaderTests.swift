// The Word 97 binary reader: LibreOffice's .doc of our .docx gives the same tables and narrative; compressed and
// Unicode pieces, fields and special characters on hand-made streams; hostile files refused quickly with clear words.
import CompoundFile
@testable import Documents
import Foundation
import Readers
@testable import Spreadsheet
import Testing
import TestSupport

@Suite struct WordBinaryReaderTests {
    private func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
    }

    /// Each .doc made by LibreOffice from one of our .docx reads to the same sheets, merges and narrative.
    @Test(arguments: ["documents/t2", "documents/t3", "documents/t2-error", "documents/t3-narrative-mismatch", "documents/quirks",
                      "metamorphic/qingshi-clean", "metamorphic/qingshi-helper", "metamorphic/qingshi-fullwidth"])
    func theSameWorkbookAsTheDocx(base: String) throws {
        let doc = try FormatRegistry.read(path: Fixtures.path(base + ".doc"))
        let docx = try FormatRegistry.read(path: Fixtures.path(base + ".docx"))
        #expect(doc.format == .doc && doc.format.isDocument)
        #expect(doc.sheets.map(\.name) == docx.sheets.map(\.name), "\(base)")
        #expect(doc.sheets.map(\.tableNumber) == docx.sheets.map(\.tableNumber), "\(base)")
        for (mine, theirs) in zip(doc.sheets, docx.sheets) {
            #expect(mine.grid == theirs.grid, "\(base) \(mine.name)")
        }
        #expect(doc.narrative.map(\.line) == docx.narrative.map(\.line) && doc.narrative.map(\.text) == docx.narrative.map(\.text), "\(base)")
    }

    @Test func mergesAreKept() throws {
        let doc = try FormatRegistry.read(path: Fixtures.path("documents/t2.doc"))
        #expect(doc.sheets.count == 3)
        let section3 = doc.sheets[1].grid
        // 三、本年度办理结果 spans 22 rows (a vertical merge), （三）不予公开 eight; 申请人情况 seven columns.
        #expect(section3.merged.contains(CellRange(first: CellRef(row: 5, column: 0), last: CellRef(row: 26, column: 0))))
        #expect(section3.merged.contains(CellRange(first: CellRef(row: 7, column: 1), last: CellRef(row: 14, column: 1))))
        #expect(section3.merged.contains(CellRange(first: CellRef(row: 0, column: 3), last: CellRef(row: 0, column: 9))))
        #expect(section3[6, 0].value.text.isEmpty && section3[5, 0].value.text == "三、本年度办理结果")
        #expect(section3[3, 9].value == .number(286))
        // The nested table of quirks.docx is a table of its own, numbered where it starts.
        let quirks = try FormatRegistry.read(path: Fixtures.path("documents/quirks.doc"))
        #expect(quirks.sheets.map(\.name) == ["表1", "表2", "表3", "表4", "表5"])
    }

    /// The registry reads a .doc by content under any name; .wps is the same format.
    @Test(arguments: ["wps", "docx", "xls", "bin", "doc"])
    func readByContentWhateverTheName(ext: String) throws {
        let renamed = try temporaryFile("报告.\(ext)", try bytes("documents/t3.doc"))
        let workbook = try FormatRegistry.read(path: renamed)
        #expect(workbook.format == .doc)
        #expect(workbook.sheets.count == 3 && workbook.narrative.first?.text == "龙泉乡2023年政府信息公开工作年度报告")
    }

    // MARK: Hand-made streams

    /// A WordDocument stream of a FIB and the given pieces' bytes, and a table stream holding only the Clx.
    static func streams(_ pieces: [(text: String, compressed: Bool)], flags: Int = 0) -> (document: [UInt8], table: [UInt8]) {
        var document = [UInt8](repeating: 0, count: 1024)
        func put16(_ value: Int, _ at: Int, in bytes: inout [UInt8]) {
            bytes[at] = UInt8(value & 0xFF)
            bytes[at + 1] = UInt8((value >> 8) & 0xFF)
        }
        func put32(_ value: Int, _ at: Int, in bytes: inout [UInt8]) {
            put16(value & 0xFFFF, at, in: &bytes)
            put16(value >> 16, at + 2, in: &bytes)
        }
        put16(0xA5EC, 0, in: &document)
        put16(0x00C1, 2, in: &document)
        put16(flags, 0x0A, in: &document)
        put16(14, 32, in: &document)  // csw
        put16(22, 62, in: &document)  // cslw
        put16(0x5D, 152, in: &document)  // cbRgFcLcb: FibRgFcLcb97
        var cps = [0]
        var descriptors: [(fc: Int, compressed: Bool)] = []
        for piece in pieces {
            let units = Array(piece.text.utf16)
            if piece.compressed {
                descriptors.append((document.count * 2 | 0x4000_0000, true))
                document += units.map { unit in
                    UInt8(WordPieceTable.cp1252High.firstIndex(of: unit).map { 0x80 + $0 } ?? Int(unit))
                }
            } else {
                descriptors.append((document.count, false))
                document += units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            }
            cps.append(cps.last! + units.count)
        }
        put32(cps.last!, 76, in: &document)  // ccpText
        var plc = [UInt8](repeating: 0, count: cps.count * 4 + descriptors.count * 8)
        for (index, cp) in cps.enumerated() { put32(cp, index * 4, in: &plc) }
        for (index, descriptor) in descriptors.enumerated() { put32(descriptor.fc, cps.count * 4 + index * 8 + 2, in: &plc) }
        var table: [UInt8] = [0x01, 0x02, 0x00, 0xAA, 0xBB]  // a Prc of two bytes, skipped
        table += [0x02] + [UInt8](repeating: 0, count: 4) + plc
        put32(plc.count, 6, in: &table)
        put32(0, 154 + 33 * 8, in: &document)  // fcClx
        put32(table.count, 154 + 33 * 8 + 4, in: &document)  // lcbClx
        return (document, table)
    }

    static func read(_ streams: (document: [UInt8], table: [UInt8])) throws -> Workbook {
        try WordBinaryReader.read(document: streams.document, table: streams.table, data: [], fileName: "手工.doc")
    }

    @Test func compressedAndUnicodePiecesFieldsAndSpecialCharacters() throws {
        let workbook = try Self.read(Self.streams([
            ("Price \u{20AC}5 \u{201C}ok\u{201D}\u{1E}x\u{1F}y\u{0B}next\r", true),
            ("龙泉乡\u{13} PAGE \u{14}3\u{15}年\u{13} HYPERLINK \"http://x\" \u{14}报告\u{15}\u{01}\u{08}\r", false),
            ("a\u{07}b\u{07}\u{07}c\u{07}\u{07}", false),
            ("tail\tend\u{A0}\r", true),
        ]))
        #expect(workbook.narrative.map(\.text) == ["Price €5 “ok”-xy\nnext", "龙泉乡3年报告", "tail end"])
        #expect(workbook.narrative.map(\.line) == [1, 2, 3])
        // Without paragraph properties, a cell mark right after a cell end ends the row.
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(workbook.sheets.count == 1 && grid.rowCount == 2)
        #expect(grid[0, 0].value.text == "a" && grid[0, 1].value.text == "b" && grid[1, 0].value.text == "c")
    }

    // MARK: Hostile and refused files

    /// Refused with a sentence a clerk can act on; the 30 s bound guards against hangs only (speed targets live in
    /// Scripts/limits.sh and Scripts/bench, never in unit tests on a shared machine).
    private func refused(_ body: () throws -> Workbook, saying words: [String]) {
        let start = Date()
        do {
            _ = try body()
            Issue.record("read without an error")
        } catch {
            let text = "\(error)"
            for word in words { #expect(text.contains(word), "\(text)") }
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func aPieceTableOutsideTheStreamIsAnError() throws {
        var streams = Self.streams([("报告\r", false)])
        // The first piece's fc, far past the end of the stream.
        let descriptor = 5 + 5 + 2 * 4 + 2
        streams.table.replaceSubrange(descriptor..<(descriptor + 4), with: [0x00, 0x00, 0x00, 0x30])
        refused({ try Self.read(streams) }, saying: ["已损坏", "片段表指向 WordDocument 流之外"])
        var reversed = Self.streams([("一\r", false), ("二\r", false)])
        reversed.table.replaceSubrange(10..<14, with: [0x09, 0, 0, 0])  // cp 9 before cp 2
        refused({ try Self.read(reversed) }, saying: ["递增"])
    }

    @Test func cellMarksWithoutRowsAndFieldsWithoutEnds() throws {
        let marks = String(repeating: "\u{07}", count: 100_000) + String(repeating: "\u{13}", count: 10_000) + "x\r"
        let start = Date()
        let workbook = try Self.read(Self.streams([(marks, true)]))
        #expect(Date().timeIntervalSince(start) < 30, "hang guard: a quadratic walk of 100,000 marks never ends")
        #expect(workbook.sheets.count <= 1)
    }

    @Test func encryptedDocumentsAreRefusedByName() throws {
        refused({ try Self.read(Self.streams([("x\r", true)], flags: 0x0100)) }, saying: ["打开密码", "另存为 .docx"])
        refused({ try Self.read(Self.streams([("x\r", true)], flags: 0x8100)) }, saying: ["XOR"])
        // The flag set in LibreOffice's file, its FIB found by its first bytes (EC A5) at a sector's start: refused
        // through the registry.
        var file = try bytes("documents/t2.doc")
        let fib = try #require(stride(from: 512, to: file.count - 512, by: 512).first { file[$0] == 0xEC && file[$0 + 1] == 0xA5 })
        file[fib + 0x0B] |= 0x01
        let path = try temporaryFile("加密.doc", file)
        refused({ try FormatRegistry.read(path: path) }, saying: ["加密.doc", "设置了打开密码", "另存为 .docx"])
    }

    @Test func truncatedAndOlderFilesGetClearWords() throws {
        let file = try bytes("documents/t2.doc")
        let truncated = try temporaryFile("截断.doc", Array(file.prefix(file.count / 3)))
        refused({ try FormatRegistry.read(path: truncated) }, saying: ["截断.doc", "另存为 .docx"])
        var word95 = Self.streams([("x\r", true)])
        word95.document[0] = 0xDC
        refused({ try Self.read(word95) }, saying: ["Word 6.0/95"])
        // A WPS file of the older, non-Word kind: a compound file without a WordDocument stream.
        var wps = file
        let name = Array("WordDocument".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let other = Array("WpsDocument0".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        for index in 0..<(wps.count - name.count) where Array(wps[index..<(index + name.count)]) == name {
            wps.replaceSubrange(index..<(index + name.count), with: other)
        }
        refused({ try FormatRegistry.read(path: try temporaryFile("旧版.wps", wps)) }, saying: ["旧版 WPS 文字", "另存为 .docx"])
    }

    /// Every stored fuzz finding for this reader is replayed: an error or a workbook, never a crash or a hang.
    @Test func fuzzFindingsReplay() throws {
        let folder = Fixtures.path("fuzz")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasPrefix("worddoc-") {
            let input = try bytes("fuzz/" + name)
            let start = Date()
            if CompoundFileReader.isCompoundFile(input[...]) {
                _ = try? WordBinaryReader.read(bytes: input, fileName: name)
            } else {
                let workbook = try? WordBinaryReader.read(streams: input, fileName: name)
                if name == "worddoc-t2-streams.bin" {
                    // The harness's seed shape is a real document: t2's three tables and its narrative.
                    #expect(workbook?.sheets.count == 3 && workbook?.narrative.first?.text == "石桥镇2023年政府信息公开工作年度报告")
                }
            }
            #expect(Date().timeIntervalSince(start) < 30, "hang guard: \(name)")
        }
    }
}
