// The GB18030 decoder's table against glibc iconv, pair by pair, over every two-byte sequence.
import Testing
import ZipArchive
@testable import Spreadsheet

@Suite struct GB18030Tests {
    /// The table is built a row of 190 pairs per iconv call; each pair must decode as iconv decodes it alone.
    @Test func everyTwoBytePairDecodesAsIconvDoesAlone() throws {
        let iconv = try #require(Iconv(from: "GB18030", to: "UTF-8"))
        var checked = 0, characters = 0
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                let pair: [UInt8] = [UInt8(lead), UInt8(trail)]
                var expected: [UInt8] = []
                let known = (try? pair.withUnsafeBytes { try iconv.convert($0, into: &expected, final: true) }) != nil
                let decoded = try? GB18030.decode(pair[...])
                if known {
                    #expect(decoded == expected, "\(String(lead, radix: 16)) \(String(trail, radix: 16))")
                    characters += 1
                } else {
                    #expect(decoded == nil, "\(String(lead, radix: 16)) \(String(trail, radix: 16))")
                }
                checked += 1
            }
        }
        #expect(checked == 126 * 190)
        #expect(characters > 23_000)
    }

    @Test func commonTextAndFourByteSequences() throws {
        // 年报 in GB18030, then U+20000 (𠀀, a four-byte sequence 95 32 82 36), then ASCII and the CP936 euro.
        let bytes: [UInt8] = [0xC4, 0xEA, 0xB1, 0xA8, 0x95, 0x32, 0x82, 0x36, 0x41, 0x80]
        #expect(try GB18030.decode(bytes[...]) == Array("年报\u{20000}A€".utf8))
    }

    /// Found by the pair-by-pair test: six two-byte codes decode outside the BMP (FE51 is U+20087 𠂇); they were
    /// written as three bytes of another character.
    @Test func twoByteCodesOutsideTheBasicPlane() throws {
        #expect(try GB18030.decode([0xFE, 0x51, 0x41][...]) == Array("\u{20087}A".utf8))
    }
}
