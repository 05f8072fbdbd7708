// The NFKC fast path and the byte-level search agree with Foundation on the texts forms hold.
import Foundation
import Testing
@testable import Disclosure
import Spreadsheet

@Suite struct TextFoldTests {
    @Test func nfkcFastPathMatchesFoundation() {
        let texts = ["填报单位：后宫乡人民政府", "１２３", "（一）予以公开", "Ａｂｃ　ｘｙｚ", "收费金额（万元）", "plain ASCII", "",
                     "⼀、主动公开", "①", "ｶﾀｶﾅ", "Ａ\u{0301}", "２０２３年度", "“三安全一稳定”", "～－＋"]
        for text in texts {
            #expect(LabelNormaliser.nfkc(text) == text.precomposedStringWithCompatibilityMapping, "\(text)")
            #expect(Array(LabelNormaliser.nfkc(text).unicodeScalars) == Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars), "\(text)")
        }
    }

    @Test func byteSearchFindsWhatFoundationFinds() {
        let text = "乡镇00002023年度政府信息公开工作年度报告"
        let range = text.firstByteRange(of: "政府信息公开")
        #expect(range == text.range(of: "政府信息公开"))
        #expect(text[range!] == "政府信息公开")
        #expect(text.firstByteRange(of: "年报") == nil)
        #expect(text.firstByteRange(of: "") == nil)
        #expect("元".firstByteRange(of: "万元") == nil)
        #expect("收费金额（万元）".containsBytes("万元"))
    }
}
