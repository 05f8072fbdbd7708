// CSV/TSV decoding and parsing against the samples and hand-made edge cases; the CSV writer round trip.
import Foundation
import Testing
import TestSupport
@testable import Spreadsheet

@Suite struct CSVReaderTests {
    /// Compares a CSV grid to the expected values of sample `name` (cells listed in the expected JSON).
    private func assertMatches(_ grid: Grid, _ name: String) throws {
        let expected = try Expected(name)
        for (key, a1) in expected.cells {
            let cell = grid[try #require(CellRef(a1))]
            if let number = expected.values[key] ?? nil {
                guard case .number(let value, _) = cell.value else { Issue.record("\(name) \(a1): \(cell.value)"); continue }
                #expect(value == number, "\(name) \(a1) \(key)")
            } else {
                #expect(cell.isBlank, "\(name) \(a1)")
            }
        }
    }

    @Test(arguments: ["t1", "t2", "t3"])
    func libreOfficeCSVMatchesExpected(name: String) throws {
        let workbook = try CSVReader.read(path: Fixtures.path("spreadsheets/libreoffice/\(name).csv"))
        #expect(workbook.encoding == .utf8)
        try assertMatches(workbook.sheets[0].grid, name)
    }

    @Test func gb18030WithoutBOMIsDetected() throws {
        let workbook = try CSVReader.read(path: Fixtures.path("spreadsheets/encodings/t1.lo.gb18030.csv"))
        #expect(workbook.encoding == .gb18030)
        #expect(workbook.sheets[0].grid[0, 0].value == .text("后宫乡2023年度政府信息公开工作年度报告"))
        try assertMatches(workbook.sheets[0].grid, "t1")
    }

    @Test func quotedFieldWithCommaStaysOneCell() throws {
        let grid = try CSVReader.read(path: Fixtures.path("spreadsheets/libreoffice/t2.csv")).sheets[0].grid
        #expect(grid[1, 8].value == .text("联系人：王芳    电话：0391-5551234, 13800001111    填报日期：2024年1月15日"))
    }

    private func rows(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions()) throws -> [[String]] {
        var rows: [[String]] = []
        try CSVReader.forEachRow(bytes: bytes, fileName: "t.csv", options: options) { _, fields in rows.append(fields) }
        return rows
    }

    @Test func utf16WithAndWithoutBOM() throws {
        let text = "名称\t数量\r\n后宫乡\t12\r\n"
        var le: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let expected = [["名称", "数量"], ["后宫乡", "12"]]
        #expect(try rows(le) == expected)
        #expect(try rows(be) == expected)
        let asciiText = "name\tcount\r\nHougong\t12\r\n"
        var bomless: [UInt8] = []
        for unit in asciiText.utf16 { bomless += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try rows(bomless) == [["name", "count"], ["Hougong", "12"]])
    }

    @Test func gb18030FourByteSequencesAndLoneEuro() throws {
        // 䢺 (U+48BA, Ext A) and 𬇙 (U+2C1D9, Ext B) need 4-byte GB18030 sequences.
        let text = "名称,䢺𬇙乡\n"
        let encoded = try TextDecoding.encode(text, as: .gb18030, file: "t")
        #expect(encoded.count > Array(text.utf8).count - 6)
        #expect(try rows(encoded) == [["名称", "䢺𬇙乡"]])
        var euro = try TextDecoding.encode("价格,", as: .gb18030, file: "t")
        euro += [0x80, 0x0A]
        #expect(try rows(euro) == [["价格", "€"]])
    }

    @Test func invalidByteInTheLastLineIsNamed() throws {
        var bytes = Array("名称,数量\n后宫乡,1\n石桥镇,2\n龙泉乡,3\n五里镇,4\n大河乡,5\n".utf8)
        bytes += [0x61, 0x2C, 0xFF, 0x0A]
        do {
            _ = try rows(bytes)
            Issue.record("decoded")
        } catch let error as SpreadsheetError {
            #expect(error.kind == .undecodable(encoding: "UTF-8", offset: bytes.count - 2, line: 7, column: 3))
            #expect(error.description.contains("第 7 行"))
        }
    }

    @Test func gb18030CutInsideAFourByteSequence() throws {
        var bytes = try TextDecoding.encode("名称,䢺", as: .gb18030, file: "t")
        bytes.removeLast(2)
        #expect(throws: SpreadsheetError.self) { try rows(bytes) }
    }

    @Test func delimitersQuotingAndLineEnds() throws {
        #expect(try rows(Array("a;b;c\n1;2;3\n".utf8)) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try rows(Array("a|b\r1|2\r".utf8)) == [["a", "b"], ["1", "2"]])
        #expect(try rows(Array("sep=;\na;b,c\n".utf8)) == [["a", "b,c"]])
        #expect(try rows(Array("\"x \"\"q\"\"\",\"line1\r\nline2\",3\n,\n".utf8)) == [["x \"q\"", "line1\r\nline2", "3"], ["", ""]])
        #expect(try rows(Array("a,b,c\n1\n1,2,3,4\n".utf8)) == [["a", "b", "c"], ["1"], ["1", "2", "3", "4"]])
        #expect(try rows(Array("a,b".utf8)) == [["a", "b"]])
        #expect(try rows(Array("a\tb\n1\t2\n".utf8), CSVOptions(delimiter: UInt8(ascii: ","))) == [["a\tb"], ["1\t2"]])
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        do {
            _ = try rows(Array("a,b\n1,2\n3,\"open\nmore\n".utf8))
            Issue.record("parsed")
        } catch let error as SpreadsheetError {
            #expect(error.kind == .unterminatedQuote(line: 3))
        }
    }

    @Test func numbersBecomeNumberCellsButCodesStayText() {
        #expect(CSVReader.value(of: "12") == .number(12, source: "12"))
        #expect(CSVReader.value(of: "-3.50") == .number(-3.5, source: "-3.50"))
        #expect(CSVReader.value(of: "0391") == .text("0391"))
        #expect(CSVReader.value(of: "1,234") == .text("1,234"))
        #expect(CSVReader.value(of: "12件") == .text("12件"))
    }

    @Test func writerRoundTripAndInjectionGuard() throws {
        var writer = CSVWriter()
        writer.append([.text("名称"), .text("=1+2"), .text("-3 件"), .number(-3, source: "-3"), .text("a,\"b\"\nc"), .empty])
        let bytes = try writer.bytes()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "名称,'=1+2,'-3 件,-3,\"a,\"\"b\"\"\nc\",\r\n")
        #expect(try rows(bytes) == [["名称", "'=1+2", "'-3 件", "-3", "a,\"b\"\nc", ""]])
        var gb = CSVWriter(options: CSVWriterOptions(encoding: .gb18030))
        gb.append(texts: ["䢺𬇙", "后宫乡"])
        let gbBytes = try gb.bytes()
        #expect(try TextDecoding.decode(gbBytes, file: "t").encoding == .gb18030)
        #expect(try rows(gbBytes) == [["䢺𬇙", "后宫乡"]])
        let path = try temporaryFile("w.csv", bytes)
        let script = "import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding='utf-8-sig',newline=''))); print(r[0][4]==chr(97)+',\"b\"\\nc' and r[0][1]==\"'=1+2\")"
        if let result = runTool(["python3", "-c", script, path]) {
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(result.output)")
        }
    }
}

@Suite struct StreamedCSVTests {
    static let text: String = {
        var lines = ["名称,数量,备注"]
        for index in 0..<3_000 {
            let note = index % 7 == 0 ? "\"第一行\r\n第二行，含\"\"引号\"\"\"" : "䢺𬇙乡镇\(index)"
            lines.append("后宫乡\(index),\(index * 3),\(note)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }()

    private func streamed(_ bytes: [UInt8], blockSize: Int) throws -> ([[String]], TextEncoding) {
        let path = try temporaryFile("s.csv", bytes)
        var rows: [[String]] = []
        let encoding = try CSVReader.forEachRecord(path: path, blockSize: blockSize) { _, record in rows.append(record.strings) }
        return (rows, encoding)
    }

    private func whole(_ bytes: [UInt8]) throws -> [[String]] {
        var rows: [[String]] = []
        try CSVReader.forEachRow(bytes: bytes, fileName: "w.csv") { _, fields in rows.append(fields) }
        return rows
    }

    @Test(arguments: [TextEncoding.utf8, .gb18030, .utf16LE, .utf16BE])
    func blocksGiveTheSameRecordsAsTheWholeFile(encoding: TextEncoding) throws {
        var bytes = try TextDecoding.encode(Self.text, as: encoding, file: "t")
        if encoding == .utf16LE { bytes = [0xFF, 0xFE] + bytes }
        if encoding == .utf16BE { bytes = [0xFE, 0xFF] + bytes }
        let expected = try whole(bytes)
        #expect(expected.count == 3_001)
        #expect(expected[1] == ["后宫乡0", "0", "第一行\r\n第二行，含\"引号\""])
        for blockSize in [7, 1_000, 65_536, 1 << 20] {
            let (rows, detected) = try streamed(bytes, blockSize: blockSize)
            #expect(detected == encoding)
            #expect(rows == expected, "block size \(blockSize)")
        }
    }

    @Test func streamedErrorsNameTheirLine() throws {
        var bytes = try TextDecoding.encode("名称,数量\n后宫乡,1\n石桥镇,2\n", as: .gb18030, file: "t")
        bytes += [0x81, 0x0A]
        do {
            _ = try streamed(bytes, blockSize: 5)
            Issue.record("decoded")
        } catch let error as SpreadsheetError {
            guard case .undecodable(encoding: "GB18030", _, line: 4, column: 1) = error.kind else { Issue.record("\(error.kind)"); return }
        }
        let open = Array("a,b\n1,\"open\nmore\n".utf8)
        do {
            _ = try streamed(open, blockSize: 3)
            Issue.record("parsed")
        } catch let error as SpreadsheetError {
            #expect(error.kind == .unterminatedQuote(line: 2))
        }
    }
}

@Suite struct UTF16ErrorPositionTests {
    /// 上 is U+4E0A: in UTF-16LE one of its bytes is 0x0A. Lines are counted on decoded text, never on raw bytes.
    @Test func brokenUTF16NamesTheRightLine() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "上海,1\n上海,2\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        bytes += [0x00, 0xDC, 0x0A, 0x00]  // a lone low surrogate on line 3
        let path = try temporaryFile("u16.csv", bytes)
        for read in [{ try CSVReader.read(bytes: bytes, fileName: "u16.csv") }, { try CSVReader.read(path: path) }] {
            do {
                _ = try read()
                Issue.record("decoded")
            } catch let error as SpreadsheetError {
                guard case .undecodable(encoding: "UTF-16LE", offset: 22, line: 3, column: 1) = error.kind else {
                    Issue.record("\(error.kind)"); continue
                }
            }
        }
    }

    /// Whole numbers are summed from their digits, the rest parsed by `Double`: both give what `Double(text)` gives,
    /// the sign of zero and 16-digit rounding included.
    @Test func fieldValuesEqualDoubleParsing() {
        for text in ["0", "7", "-12", "307", "11.72", "-0.5", "123456789012345", "-123456789012345", "1234567890123456",
                     "99999999999999999999", "-0", "0.0"] {
            guard case .number(let value, let source) = CSVReader.value(of: text) else {
                Issue.record("\(text) is not a number")
                continue
            }
            let expected = Double(text)
            #expect(value == expected && value.sign == expected?.sign && source == text, "\(text)")
        }
        #expect(CSVReader.value(of: "007") == .text("007"))
        #expect(CSVReader.value(of: "1-2") == .text("1-2"))
        #expect(CSVReader.value(of: "--1") == .text("--1"))
        #expect(CSVReader.value(of: "-") == .text("-"))
    }
}
