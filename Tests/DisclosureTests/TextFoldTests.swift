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

    @Test func cleanBuildsTheSameTextAsItsScalars() {
        #expect(LabelNormaliser.clean(" 開 放\t數據「x」【1】é𠀀\u{200B}") == "开放数据x(1)é𠀀")
        #expect(LabelNormaliser.clean("（二）　处理决定“予以公开”\r\n") == "(二)处理决定予以公开")
        #expect(LabelNormaliser.clean("＂引号＂＇ｘ＇［１］　開\u{0B}") == "引号x[1]开")
        for text in ["填报单位：后宫乡人民政府", "Ａｂｃ　ｘｙｚ", "", "  ", "后宫乡 2023 年度政府信息公开工作 年度报告", "〔2023〕1号", "ü\u{0301}", "🙂年报",
                     "＂引号＂＇ｘ＇［１］　開\u{0B}\u{0C}", "“中華人民共和國”〔2023〕", "é開據𠀀「」『』《》【】", "收费金额（万元）：１２．５"] {
            let scalars = LabelNormaliser.cleanScalars(text)
            #expect(LabelNormaliser.clean(text) == LabelNormaliser.string(scalars), "\(text)")
            #expect(Array(LabelNormaliser.clean(text).unicodeScalars) == scalars, "\(text)")
        }
        // Cleaning maps only ideographs through the traditional table: other scalars never need the lookup.
        #expect(LabelNormaliser.traditional.keys.allSatisfy { (0x4E00...0x9FFF).contains($0.value) })
    }
}
