// The web-page and MHT sniffers' byte search: what a file's head holds is found wherever it lies, and nothing else.
import Testing
import ZipArchive
import Spreadsheet
@testable import Documents

@Suite struct MarkupHeadTests {
    @Test func findsTextAtEveryPlaceAndLowercasesASCIIOnly() {
        let head = MarkupHead(Array("<HTML xmlns:W=\"x\">内容<TABLE>".utf8))
        #expect(head.starts(with: "<html"))
        #expect(head.contains("<html"))
        #expect(head.contains("<table>"))  // at the very end
        #expect(head.contains("内容"))
        #expect(!head.contains("<body"))
        #expect(!head.contains("<table><tr>"))  // longer than what is left
        #expect(!MarkupHead([]).contains("<"))
        #expect(MarkupHead(Array("<<<<a".utf8)).contains("<<a"))  // a false start before the match
    }

    static func probe(_ text: [UInt8], _ fileExtension: String) -> FormatProbe {
        FormatProbe(source: ByteSource(bytes: text), fileExtension: fileExtension)
    }

    @Test func sniffersDecideAsBefore() {
        let mht = Array("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n".utf8)
        #expect(MHTReader.sniff(Self.probe(mht, "doc")))
        #expect(MHTReader.sniff(Self.probe(Array("From: <由 Word 保存>\r\nContent-Type: Multipart/Related; boundary=x\r\n".utf8), "mht")))
        #expect(MHTReader.sniff(Self.probe(Array("X-Header: 1\nMIME-Version: 1.0\nContent-Type: multipart/related\n".utf8), "mht")))
        #expect(!MHTReader.sniff(Self.probe(Array("单位,数量\nMIME-Version,1\n".utf8), "csv")))
        // GB18030 bytes before the markup word: still a page; a CSV is not.
        #expect(HTMLReader.sniff(Self.probe([0x3C, 0x64, 0x69, 0x76, 0x3E, 0xC4, 0xEA, 0xB1, 0xA8] + Array("<table>".utf8), "xls")))
        #expect(!HTMLReader.sniff(Self.probe([0xC4, 0xEA, 0xB1, 0xA8, 0x2C] + Array("<table>".utf8), "csv")))
        #expect(HTMLReader.sniff(Self.probe([0xEF, 0xBB, 0xBF, 0x0A, 0x20] + Array("<!DOCTYPE HTML><p>".utf8), "txt")))
        #expect(HTMLReader.sniff(Self.probe([0xFF, 0xFE] + Array("<html>".utf8).flatMap { [$0, 0] }, "doc")))
        #expect(!HTMLReader.sniff(Self.probe(Array("<div>片段</div>".utf8), "csv")))
        #expect(HTMLReader.sniff(Self.probe(Array("<div>片段</div>".utf8), "html")))
    }
}
