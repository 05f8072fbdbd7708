// The zip reader against real producers' files and hostile archives built here.
import Testing
import TestSupport
@testable import ZipArchive

@Suite struct ZipReaderTests {
    @Test func everySampleWorkbookListsAndInflatesItsParts() throws {
        let files = try Fixtures.sampleXLSX()
        #expect(files.count == 9)
        for path in files {
            let reader = try ZipReader(path: path)
            #expect(reader.entry(named: "[Content_Types].xml") != nil, "\(path)")
            #expect(reader.entry(named: "XL/WORKBOOK.XML") != nil, "case-insensitive lookup in \(path)")
            #expect(reader.entry(named: "/xl\\workbook.xml") != nil, "separator-insensitive lookup in \(path)")
            for entry in reader.entries where !entry.isDirectory {
                let bytes = try reader.read(entry)
                #expect(UInt64(bytes.count) == entry.uncompressedSize)
            }
        }
    }

    @Test func libreOfficeDataDescriptorsAreRead() throws {
        let reader = try ZipReader(path: Fixtures.path("spreadsheets/libreoffice/t1.xlsx"))
        #expect(reader.entries.contains { $0.flags & 0x08 != 0 })
        let sheet = try reader.read(named: "xl/worksheets/sheet1.xml")
        #expect(String(decoding: sheet.prefix(5), as: UTF8.self) == "<?xml")
    }

    @Test func streamingDeliversBoundedChunks() throws {
        var data: [UInt8] = []
        for i in 0..<300_000 { data.append(UInt8(truncatingIfNeeded: i &* 7 &+ i / 13)) }
        let archive = try ZipWriter.archive([("big.bin", data)])
        let reader = try ZipReader(bytes: archive)
        var chunks = 0
        var collected: [UInt8] = []
        try reader.stream(reader.entries[0], chunkSize: 4096) { chunk in
            #expect(chunk.count <= 4096)
            chunks += 1
            collected.append(contentsOf: chunk)
        }
        #expect(chunks >= 70)
        #expect(collected == data)
    }

    @Test func eocdWithTrailingComment() throws {
        var archive = try ZipWriter.archive([("a.txt", Array("hello".utf8))])
        let comment = Array("a trailing archive comment".utf8)
        archive[archive.count - 2] = UInt8(comment.count)
        archive.append(contentsOf: comment)
        let reader = try ZipReader(bytes: archive)
        #expect(try reader.read(named: "a.txt") == Array("hello".utf8))
    }

    @Test func gbkEntryNameWithoutUTF8Flag() throws {
        // "数据.xml" in GBK, stored with flag bit 11 off, as Chinese zip tools write it.
        var archive = try ZipWriter.archive([("ab.xml", Array("x".utf8))])
        let gbk: [UInt8] = [0xCA, 0xFD, 0xBE, 0xDD]
        archive = replaceName(in: archive, old: Array("ab".utf8), new: gbk)
        let reader = try ZipReader(bytes: archive)
        #expect(reader.entries[0].name == "数据.xml")
    }

    @Test func zip64ExtraFieldIsHonoured() throws {
        // Rewrite a central record to carry its offset in a ZIP64 extra field.
        let plain = try ZipWriter.archive([("a.txt", Array("zip64".utf8))])
        let reader = try ZipReader(bytes: zip64Variant(of: plain))
        #expect(try reader.read(named: "a.txt") == Array("zip64".utf8))
    }

    private func replaceName(in archive: [UInt8], old: [UInt8], new: [UInt8]) -> [UInt8] {
        precondition(old.count == 2 && new.count == 4)
        // Rebuild from scratch with the raw name bytes: simplest is to patch both headers by hand.
        var out: [UInt8] = []
        var i = 0
        while i < archive.count {
            if i + 4 <= archive.count, archive[i] == 0x50, archive[i + 1] == 0x4B, archive[i + 2] == 0x03, archive[i + 3] == 0x04 {
                var header = Array(archive[i..<i + 30])
                header[26] = UInt8(new.count + 4)
                out += header + new + Array(".xml".utf8)
                i += 30 + old.count + 4
                continue
            }
            if i + 4 <= archive.count, archive[i] == 0x50, archive[i + 1] == 0x4B, archive[i + 2] == 0x01, archive[i + 3] == 0x02 {
                let centralStart = out.count
                var header = Array(archive[i..<i + 46])
                header[28] = UInt8(new.count + 4)
                header[8] = 0; header[9] = 0
                out += header + new + Array(".xml".utf8)
                i += 46 + old.count + 4
                // Patch EOCD: directory size grows by 2, offset stays.
                var tail = Array(archive[i...])
                let size = Int(tail[12]) | Int(tail[13]) << 8
                tail[12] = UInt8((size + 2) & 0xFF)
                tail[16] = UInt8(centralStart & 0xFF); tail[17] = UInt8(centralStart >> 8)
                return out + tail
            }
            out.append(archive[i])
            i += 1
        }
        return out
    }

    private func zip64Variant(of archive: [UInt8]) -> [UInt8] {
        // Layout of a one-entry archive: local header + name + data, central record, EOCD (22 bytes).
        let eocd = archive.count - 22
        let centralOffset = Int(archive[eocd + 16]) | Int(archive[eocd + 17]) << 8
        var central = Array(archive[centralOffset..<eocd])
        let nameLength = Int(central[28])
        central[30] = 12  // extra length
        central[42] = 0xFF; central[43] = 0xFF; central[44] = 0xFF; central[45] = 0xFF
        central = Array(central[0..<46 + nameLength]) + [0x01, 0x00, 0x08, 0x00] + [0, 0, 0, 0, 0, 0, 0, 0]
        var eocdBytes = Array(archive[eocd...])
        eocdBytes[12] = UInt8(central.count)
        return Array(archive[0..<centralOffset]) + central + eocdBytes
    }
}
