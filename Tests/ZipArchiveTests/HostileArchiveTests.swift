// Broken and hostile archives: each must end in its own typed error, fast, never a crash or a hang.
import Foundation
import Testing
import TestSupport
@testable import ZipArchive

@Suite struct HostileArchiveTests {
    let sample: [UInt8] = {
        var text = ""
        for i in 0..<2_000 { text += "<row r=\"\(i)\"><c><v>\(i * 37)</v></c></row>\n" }
        return (try? ZipWriter.archive([("xl/worksheets/sheet1.xml", Array(text.utf8)), ("b.txt", Array("bee".utf8))])) ?? []
    }()

    private func kind(_ body: () throws -> Void) -> ZipError.Kind? {
        do { try body() } catch let error as ZipError { return error.kind } catch { return nil }
        return nil
    }

    private func readAll(_ bytes: [UInt8], limits: ZipLimits = .default) throws {
        let reader = try ZipReader(bytes: bytes, fileName: "hostile.xlsx", limits: limits)
        for entry in reader.entries { _ = try reader.read(entry) }
    }

    @Test func truncatedAtSeveralPoints() {
        for fraction in [0.1, 0.5, 0.99] {
            let cut = Array(sample.prefix(Int(Double(sample.count) * fraction)))
            let result = kind { try readAll(cut) }
            guard case .truncated = result else { Issue.record("cut at \(fraction): \(String(describing: result))"); continue }
        }
    }

    @Test func flippedCRCIsDetected() {
        var bytes = sample
        let eocd = bytes.count - 22
        let central = Int(bytes[eocd + 16]) | Int(bytes[eocd + 17]) << 8
        bytes[central + 16] ^= 0xFF
        guard case .crcMismatch = kind({ try readAll(bytes) }) else { Issue.record("no CRC error"); return }
    }

    @Test func lyingDeclaredSizeIsDetected() {
        var bytes = sample
        let eocd = bytes.count - 22
        let central = Int(bytes[eocd + 16]) | Int(bytes[eocd + 17]) << 8
        bytes[central + 24] = 10; bytes[central + 25] = 0; bytes[central + 26] = 0; bytes[central + 27] = 0
        guard case .sizeMismatch(declared: 10, _) = kind({ try readAll(bytes) }) else { Issue.record("no size error"); return }
    }

    @Test func zipBombStopsAtTheEntryCap() throws {
        // 64 MiB of zeros deflates to ~64 KiB; a 16 MiB cap must stop it long before the end.
        let sink = MemorySink()
        let writer = ZipWriter(sink: sink)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        try writer.addStreaming("bomb.xml", level: 9) { entry in for _ in 0..<64 { try entry.write(zeros) } }
        try writer.finish()
        #expect(sink.bytes.count < 200_000)
        let limits = ZipLimits(maxEntryBytes: 16 << 20)
        guard case .limitExceeded = kind({ try readAll(sink.bytes, limits: limits) }) else { Issue.record("bomb not stopped"); return }
        let ratioLimits = ZipLimits(ratioGraceBytes: 4 << 20)
        guard case .limitExceeded = kind({ try readAll(sink.bytes, limits: ratioLimits) }) else { Issue.record("ratio not checked"); return }
    }

    @Test func tooManyEntries() throws {
        let entries = (0..<20).map { ("f\($0).txt", [UInt8]("x".utf8)) }
        let bytes = try ZipWriter.archive(entries)
        guard case .limitExceeded = kind({ try readAll(bytes, limits: ZipLimits(maxEntries: 10)) }) else { Issue.record("count not capped"); return }
    }

    @Test func zipSlipNameIsJustAName() throws {
        let bytes = try ZipWriter.archive([("../../etc/passwd", Array("not really".utf8))])
        let reader = try ZipReader(bytes: bytes)
        #expect(reader.entries[0].name == "../../etc/passwd")
        #expect(try reader.read(reader.entries[0]) == Array("not really".utf8))
    }

    @Test func encryptedEntryIsRefused() {
        var bytes = sample
        let eocd = bytes.count - 22
        let central = Int(bytes[eocd + 16]) | Int(bytes[eocd + 17]) << 8
        bytes[central + 8] |= 1
        guard case .encrypted = kind({ try readAll(bytes) }) else { Issue.record("encryption not refused"); return }
    }

    @Test func unsupportedMethodIsNamed() {
        var bytes = sample
        let eocd = bytes.count - 22
        let central = Int(bytes[eocd + 16]) | Int(bytes[eocd + 17]) << 8
        bytes[central + 10] = 14  // LZMA
        guard case .unsupportedMethod(14) = kind({ try readAll(bytes) }) else { Issue.record("method not refused"); return }
    }

    @Test func foreignFilesAreRecognised() {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        #expect(kind { try readAll(ole) } == .notZip(.compoundFile))
        #expect(kind { try readAll(Array("<html><body><table></table></body></html>".utf8)) } == .notZip(.html))
        #expect(kind { try readAll([]) } == .notZip(.empty))
        #expect(kind { try readAll(Array("a,b,c\n1,2,3\n".utf8)) } == .notZip(.text))
        #expect(kind { try readAll(Array("PK".utf8)) } != nil)
    }

    @Test func overlappingEntriesAreRefused() {
        // Point the second central record at the first entry's local header.
        var bytes = sample
        let eocd = bytes.count - 22
        let central = Int(bytes[eocd + 16]) | Int(bytes[eocd + 17]) << 8
        let firstNameLength = Int(bytes[central + 28])
        let second = central + 46 + firstNameLength
        for k in 0..<4 { bytes[second + 42 + k] = 0 }
        #expect(kind { try readAll(bytes) } != nil)
    }

    @Test func directoryAndErrorMessagesNameTheFile() throws {
        do {
            _ = try ZipReader(path: "/tmp")
            Issue.record("a directory opened")
        } catch let error as ZipError {
            #expect(error.description.contains("/tmp"))
            #expect(error.description.contains("文件夹"))
        }
    }
}

@Suite struct FuzzRegressionTests {
    /// Found by Scripts/fuzz.sh zip: an EOCD64 locator in a file shorter than the EOCD64 record trapped on a
    /// negative size. Every such file must end in a ZipError.
    @Test func zip64LocatorInATinyFile() throws {
        for name in ["zip-eocd64-in-a-48-byte-file.bin", "xlsx-eocd64-short-file.bin"] {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/\(name)"))))
            #expect(throws: ZipError.self) { _ = try ZipReader(bytes: bytes) }
        }
    }

    @Test func offsetsNearTheTopOfUInt64DoNotOverflow() throws {
        // A ZIP64 extra field claiming an offset of 2^64 − 1 for the local header.
        var archive = try ZipWriter.archive([("a.txt", Array("x".utf8))])
        let eocd = archive.count - 22
        let central = Int(archive[eocd + 16]) | Int(archive[eocd + 17]) << 8
        let nameLength = Int(archive[central + 28])
        var record = Array(archive[central..<central + 46 + nameLength])
        record[30] = 12
        for k in 42..<46 { record[k] = 0xFF }
        record += [0x01, 0x00, 0x08, 0x00] + [UInt8](repeating: 0xFF, count: 8)
        var tail = Array(archive[eocd...])
        tail[12] = UInt8(record.count)
        archive = Array(archive[..<central]) + record + tail
        #expect(throws: ZipError.self) { _ = try ZipReader(bytes: archive) }
    }
}
