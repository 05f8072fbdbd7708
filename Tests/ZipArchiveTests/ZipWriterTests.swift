// The zip writer: round trips through our reader, unzip and Python's zipfile; determinism.
import Foundation
import Testing
import TestSupport
@testable import ZipArchive

@Suite struct ZipWriterTests {
    let entries: [(String, [UInt8])] = [
        ("[Content_Types].xml", Array("<Types/>".utf8)),
        ("xl/worksheets/sheet1.xml", Array(String(repeating: "<row><c><v>1</v></c></row>", count: 5_000).utf8)),
        ("中文/名称.txt", Array("你好".utf8)),
        ("empty.txt", []),
    ]

    @Test func roundTripThroughOurReader() throws {
        let bytes = try ZipWriter.archive(entries)
        let reader = try ZipReader(bytes: bytes)
        #expect(reader.entries.map(\.name) == entries.map(\.0))
        for (name, data) in entries { #expect(try reader.read(named: name) == data) }
        #expect(reader.entries[1].method == 8)
        #expect(reader.entries[0].method == 0, "tiny entries are stored")
    }

    /// Files up to `ByteSource.readLimit` are read into memory, larger ones mapped: both paths give the same entries.
    @Test func smallFilesAreReadAndLargeOnesMapped() throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        let noise = (0..<(ByteSource.readLimit + 1_000)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        for payload in [Array(noise.prefix(1_000)), noise] {
            let bytes = try ZipWriter.archive([("a.bin", payload), ("b.txt", Array("乡镇".utf8))])
            let path = try temporaryFile("size-\(bytes.count).zip", bytes)
            let reader = try ZipReader(path: path)
            #expect(try reader.read(named: "a.bin") == payload)
            #expect(try reader.read(named: "b.txt") == Array("乡镇".utf8))
            #expect((bytes.count > ByteSource.readLimit) == (payload.count == noise.count))
        }
    }

    @Test func sameInputGivesSameBytes() throws {
        #expect(try ZipWriter.archive(entries) == ZipWriter.archive(entries))
    }

    @Test func streamingEntryMatchesWholeEntry() throws {
        let sink = MemorySink()
        let writer = ZipWriter(sink: sink)
        try writer.addStreaming("s.xml") { entry in
            for i in 0..<10_000 { try entry.write(Array("<r>\(i)</r>".utf8)) }
        }
        try writer.finish()
        let expected = (0..<10_000).map { "<r>\($0)</r>" }.joined()
        #expect(try ZipReader(bytes: sink.bytes).read(named: "s.xml") == Array(expected.utf8))
    }

    @Test func fileSinkWritesAReadableArchive() throws {
        let path = try temporaryFile("out.zip", [])
        let writer = ZipWriter(sink: try FileSink(path: path))
        for (name, data) in entries { try writer.add(name, data) }
        try writer.finish()
        let reader = try ZipReader(path: path)
        #expect(try reader.read(named: "中文/名称.txt") == Array("你好".utf8))
    }

    @Test func externalToolsAcceptOurArchives() throws {
        let path = try temporaryFile("ours.zip", try ZipWriter.archive(entries))
        if let result = runTool(["unzip", "-t", path]) {
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("No errors detected"))
        }
        let script = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(sorted(z.namelist()))"
        if let result = runTool(["python3", "-c", script, path]) {
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("中文/名称.txt"))
        }
    }

    @Test func duplicateNamesAreRejected() throws {
        let writer = ZipWriter(sink: MemorySink())
        try writer.add("a.xml", [1])
        #expect(throws: ZipError.self) { try writer.add("A.XML", [2]) }
    }
}
