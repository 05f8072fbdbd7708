// The compound-file and BIFF8 readers on workbooks built here record by record, hostile ones included.
import Readers
import Testing
import TestSupport
@testable import CompoundFile
@testable import Spreadsheet

/// Builds BIFF8 records and compound files for tests.
enum BIFFBuilder {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * UInt32($0)) & 0xFF) } }
    static func record(_ type: Int, _ data: [UInt8]) -> [UInt8] { u16(type) + u16(data.count) + data }
    static func wide(_ text: String) -> [UInt8] { text.utf16.flatMap { u16(Int($0)) } }
    static func cell(_ row: Int, _ column: Int, xf: Int = 15) -> [UInt8] { u16(row) + u16(column) + u16(xf) }

    /// A workbook stream: globals (with `globals` records and the SST), one sheet holding `cells`.
    static func stream(sst: [UInt8], cells: [UInt8], globals: [UInt8] = [], sheetName: String = "年报") -> [UInt8] {
        let bof = record(0x0809, u16(0x0600) + u16(0x0005) + [UInt8](repeating: 0, count: 12))
        let sheetBOF = record(0x0809, u16(0x0600) + u16(0x0010) + [UInt8](repeating: 0, count: 12))
        let eof = record(0x000A, [])
        func boundsheet(_ position: Int) -> [UInt8] {
            record(0x0085, u32(UInt32(position)) + [0, 0, UInt8(sheetName.utf16.count), 1] + wide(sheetName))
        }
        let head = bof + globals + boundsheet(0) + sst + eof
        return head + sheetBOF + cells + eof
            .enumerated().map { $0.element }  // keeps the expression simple for the type checker
    }

    /// Fixes the BOUNDSHEET position once the globals' size is known.
    static func workbookStream(sst: [UInt8], cells: [UInt8], globals: [UInt8] = []) -> [UInt8] {
        var bytes = stream(sst: sst, cells: cells, globals: globals)
        let globalsEnd = bytes.count - (record(0x0809, [UInt8](repeating: 0, count: 16)).count + cells.count + 4)
        let position = bytes.firstIndex(of: 0x85).map { $0 + 4 } ?? 0  // BOUNDSHEET data
        bytes.replaceSubrange(position..<(position + 4), with: u32(UInt32(globalsEnd)))
        return bytes
    }

    /// A version-3 compound file (512-byte sectors) holding one stream `name`, padded past the mini-stream cutoff.
    /// `fatEdit` may rewrite the FAT and `directoryEdit` the directory, to make hostile files.
    static func compoundFile(_ streamBytes: [UInt8], name: String = "Workbook", extraStreams: [String] = [],
                             fatEdit: (inout [UInt32]) -> Void = { _ in }, directoryEdit: (inout [UInt8]) -> Void = { _ in }) -> [UInt8] {
        var data = streamBytes
        if data.count < 4096 { data += [UInt8](repeating: 0, count: 4096 - data.count) }
        let dataSectors = (data.count + 511) / 512
        data += [UInt8](repeating: 0, count: dataSectors * 512 - data.count)
        // Sector 0: FAT, sector 1: directory, sectors 2…: the stream.
        var fat = [UInt32](repeating: 0xFFFF_FFFF, count: 128)
        fat[0] = 0xFFFF_FFFD
        fat[1] = 0xFFFF_FFFE
        for sector in 0..<dataSectors { fat[2 + sector] = sector == dataSectors - 1 ? 0xFFFF_FFFE : UInt32(3 + sector) }
        fatEdit(&fat)
        func entry(_ entryName: String, type: UInt8, start: UInt32, size: UInt32) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: 128)
            let units = wide(entryName) + [0, 0]
            bytes.replaceSubrange(0..<units.count, with: units)
            bytes.replaceSubrange(0x40..<0x42, with: u16(units.count))
            bytes[0x42] = type
            bytes.replaceSubrange(0x44..<0x50, with: [UInt8](repeating: 0xFF, count: 12))
            bytes.replaceSubrange(0x74..<0x78, with: u32(start))
            bytes.replaceSubrange(0x78..<0x7C, with: u32(size))
            return bytes
        }
        var directory = entry("Root Entry", type: 5, start: 0xFFFF_FFFE, size: 0)
            + entry(name, type: 2, start: 2, size: UInt32(streamBytes.count < 4096 ? 4096 : streamBytes.count))
        for extra in extraStreams { directory += entry(extra, type: 2, start: 2, size: 4096) }
        directory += [UInt8](repeating: 0, count: 512 - directory.count)
        directoryEdit(&directory)
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: CompoundFileReader.signature)
        header.replaceSubrange(0x18..<0x20, with: u16(0x3E) + u16(3) + u16(0xFFFE) + u16(9))
        header.replaceSubrange(0x20..<0x22, with: u16(6))
        header.replaceSubrange(0x2C..<0x30, with: u32(1))
        header.replaceSubrange(0x30..<0x34, with: u32(1))
        header.replaceSubrange(0x38..<0x48, with: u32(4096) + u32(0xFFFF_FFFE) + u32(0) + u32(0xFFFF_FFFE))
        var difat = u32(0)
        for _ in 1..<109 { difat += u32(0xFFFF_FFFF) }
        header.replaceSubrange(0x4C..<(0x4C + 436), with: difat)
        return header + fat.flatMap(u32) + directory + data
    }
}

@Suite struct XLSReaderTests {
    static let sst: [UInt8] = {
        // Two strings; the second's characters are split by a CONTINUE whose flag switches to two-byte characters.
        let first = BIFFBuilder.u16(2) + [1] + BIFFBuilder.wide("规章")
        let secondHead = BIFFBuilder.u16(4) + [0] + Array("ab".utf8)
        let sst = BIFFBuilder.record(0x00FC, BIFFBuilder.u32(2) + BIFFBuilder.u32(2) + first + secondHead)
        let continuation = BIFFBuilder.record(0x003C, [1] + BIFFBuilder.wide("年报"))
        return sst + continuation
    }()

    static func cells() -> [UInt8] {
        var cells = BIFFBuilder.record(0x00FD, BIFFBuilder.cell(0, 0) + BIFFBuilder.u32(0))
        cells += BIFFBuilder.record(0x00FD, BIFFBuilder.cell(0, 1) + BIFFBuilder.u32(1))
        cells += BIFFBuilder.record(0x027E, BIFFBuilder.cell(1, 0) + BIFFBuilder.u32(UInt32(384 << 2 | 2)))  // RK integer
        cells += BIFFBuilder.record(0x027E, BIFFBuilder.cell(1, 1) + BIFFBuilder.u32(UInt32(2917 << 2 | 3)))  // RK ×100
        cells += BIFFBuilder.record(0x00BD, BIFFBuilder.u16(2) + BIFFBuilder.u16(0)
                                    + BIFFBuilder.u16(15) + BIFFBuilder.u32(UInt32(7 << 2 | 2)) + BIFFBuilder.u16(15) + BIFFBuilder.u32(UInt32(9 << 2 | 2))
                                    + BIFFBuilder.u16(1))
        cells += BIFFBuilder.record(0x0203, BIFFBuilder.cell(3, 0) + withUnsafeBytes(of: (12.5).bitPattern.littleEndian) { Array($0) })
        cells += BIFFBuilder.record(0x0006, BIFFBuilder.cell(3, 1) + [0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 8))
        cells += BIFFBuilder.record(0x0207, BIFFBuilder.u16(2) + [1] + BIFFBuilder.wide("合计"))
        cells += BIFFBuilder.record(0x0205, BIFFBuilder.cell(3, 2) + [0x07, 1])
        cells += BIFFBuilder.record(0x00E5, BIFFBuilder.u16(1) + BIFFBuilder.u16(4) + BIFFBuilder.u16(5) + BIFFBuilder.u16(0) + BIFFBuilder.u16(2))
        return cells
    }

    @Test func recordsBecomeTypedCellsAndMerges() throws {
        let file = BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: Self.sst, cells: Self.cells()))
        let workbook = try XLSReader.read(bytes: file, fileName: "t.xls")
        #expect(workbook.format == .xls)
        #expect(workbook.sheets.map(\.name) == ["年报"])
        let grid = try #require(workbook.sheets.first?.grid)
        #expect(grid.rowTexts(0) == ["规章", "ab年报"])
        #expect(grid.rowTexts(1) == ["384", "29.17"])
        #expect(grid.rowTexts(2) == ["7", "9"])
        #expect(grid.rowTexts(3) == ["12.5", "合计", "#DIV/0!"])
        #expect(grid[3, 1].formula != nil)
        #expect(grid.merged == [CellRange("A5:C6")!])
    }

    @Test func hostileContainersAndStreamsEndInClearErrors() throws {
        let stream = BIFFBuilder.workbookStream(sst: Self.sst, cells: Self.cells())
        let cases: [(String, [UInt8])] = [
            ("循环", BIFFBuilder.compoundFile(stream, fatEdit: { $0[3] = 2 })),                       // a FAT loop
            ("无效扇区", BIFFBuilder.compoundFile(stream, fatEdit: { $0[2] = 9_999 })),              // a link past the end
            ("超过文件大小", BIFFBuilder.compoundFile(stream, directoryEdit: { $0[128 + 0x7B] = 0x7F })),  // a stream bigger than the file
            ("超出文件范围", BIFFBuilder.compoundFile(stream, directoryEdit: { $0.replaceSubrange((128 + 0x74)..<(128 + 0x78), with: BIFFBuilder.u32(60)) })),
            ("不完整", Array(BIFFBuilder.compoundFile(stream).prefix(300))),
            ("密码", BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: Self.sst, cells: Self.cells(), globals: BIFFBuilder.record(0x002F, [0, 0])))),
            ("密码", BIFFBuilder.compoundFile([UInt8](repeating: 0, count: 64), name: "EncryptedPackage", extraStreams: ["EncryptionInfo"])),
        ]
        for (words, bytes) in cases {
            #expect {
                try XLSReader.read(bytes: bytes, fileName: "bad.xls")
            } throws: { error in
                "\(error)".contains(words)
            }
        }
    }

    @Test func lyingCountsAndEndlessContinuesStayBounded() throws {
        // An SST that claims a million strings but holds two; a string followed by thousands of CONTINUE records.
        var sst = BIFFBuilder.record(0x00FC, BIFFBuilder.u32(1_000_000) + BIFFBuilder.u32(1_000_000) + BIFFBuilder.u16(2) + [1] + BIFFBuilder.wide("规章"))
        for _ in 0..<5_000 { sst += BIFFBuilder.record(0x003C, [0]) }
        let cells = BIFFBuilder.record(0x00FD, BIFFBuilder.cell(0, 0) + BIFFBuilder.u32(0))
        let workbook = try XLSReader.read(bytes: BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: sst, cells: cells)), fileName: "lie.xls")
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["规章"])
        // A LABELSST past the table is an error naming the cell.
        let beyond = BIFFBuilder.record(0x00FD, BIFFBuilder.cell(2, 3) + BIFFBuilder.u32(7))
        #expect {
            try XLSReader.read(bytes: BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: Self.sst, cells: beyond)), fileName: "sst.xls")
        } throws: { error in
            "\(error)".contains("D3") && "\(error)".contains("超出范围")
        }
    }

    @Test func aPasswordProtectedXLSXSaysSo() throws {
        let path = try temporaryFile("加密.xlsx", BIFFBuilder.compoundFile([UInt8](repeating: 0, count: 64), name: "EncryptedPackage", extraStreams: ["EncryptionInfo"]))
        #expect {
            try FormatRegistry.read(path: path)
        } throws: { error in
            "\(error)".contains("密码")
        }
    }

    // MARK: found in review

    @Test func charactersStartingAtAContinueReadTheirWidthFlag() throws {
        // The header of "XYZ" ends one record; its characters open the CONTINUE, after a fresh flags byte.
        let sst = BIFFBuilder.record(0x00FC, BIFFBuilder.u32(1) + BIFFBuilder.u32(1) + BIFFBuilder.u16(3) + [0])
            + BIFFBuilder.record(0x003C, [0] + Array("XYZ".utf8))
        let cells = BIFFBuilder.record(0x00FD, BIFFBuilder.cell(0, 0) + BIFFBuilder.u32(0))
        let workbook = try XLSReader.read(bytes: BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: sst, cells: cells)), fileName: "x.xls")
        #expect(workbook.sheets.first?.grid.rowTexts(0) == ["XYZ"])
    }

    @Test func chineseBuiltInDateFormatsAreDates() throws {
        // XF 0 uses built-in format 31 (yyyy"年"m"月"d"日"), which Chinese Excel writes without a FORMAT record.
        let xf = BIFFBuilder.record(0x00E0, BIFFBuilder.u16(0) + BIFFBuilder.u16(31) + [UInt8](repeating: 0, count: 16))
        let cells = BIFFBuilder.record(0x027E, BIFFBuilder.cell(0, 0, xf: 0) + BIFFBuilder.u32(UInt32(45_306 << 2 | 2)))
        let workbook = try XLSReader.read(bytes: BIFFBuilder.compoundFile(BIFFBuilder.workbookStream(sst: Self.sst, cells: cells, globals: xf)),
                                          fileName: "d.xls")
        #expect(workbook.sheets.first?.grid[0, 0].value == .date(SheetDate(year: 2024, month: 1, day: 15)))
    }

    @Test func forgedSheetPositionsReadEachSheetOnce() throws {
        var stream = BIFFBuilder.workbookStream(sst: Self.sst, cells: Self.cells())
        // Copy the BOUNDSHEET record 200 times: every copy names the same sheet data.
        guard let start = stream.firstIndex(of: 0x85), stream[start + 1] == 0 else { Issue.record("no BOUNDSHEET"); return }
        let length = Int(stream[start + 2]) | Int(stream[start + 3]) << 8
        let record = Array(stream[start..<(start + 4 + length)])
        stream.insert(contentsOf: Array([[UInt8]](repeating: record, count: 200).joined()), at: start)
        let shift = UInt32(200 * record.count)
        for copy in 0...200 {
            let offset = start + copy * record.count + 4
            let position = UInt32(stream[offset]) | UInt32(stream[offset + 1]) << 8 | UInt32(stream[offset + 2]) << 16 | UInt32(stream[offset + 3]) << 24
            stream.replaceSubrange(offset..<(offset + 4), with: BIFFBuilder.u32(position + shift))
        }
        let workbook = try XLSReader.read(bytes: BIFFBuilder.compoundFile(stream), fileName: "dup.xls")
        #expect(workbook.sheets.count == 1)
    }
}
