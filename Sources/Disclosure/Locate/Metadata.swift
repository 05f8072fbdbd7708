// Agency and year from a report's title, a 填报单位 cell, or the file name.
import Foundation

/// Where a report says which agency and year it is for.
public enum Metadata {
    /// `后宫乡2023年度政府信息公开工作年度报告` → (后宫乡, 2023); `2019年上海市人民政府办公厅政府信息公开工作年度报告`
    /// → (上海市人民政府办公厅, 2019).
    public static func fromTitle(_ text: String) -> (agency: String?, year: Int?)? {
        fromTitle(cleaned: LabelNormaliser.clean(text))
    }

    /// `fromTitle` of a text already through `LabelNormaliser.clean`.
    static func fromTitle(cleaned raw: String) -> (agency: String?, year: Int?)? {
        guard let range = raw.firstByteRange(of: "政府信息公开") else { return nil }
        let tail = raw[range.upperBound...]
        guard String(tail).containsBytes("年度报告") || String(tail).containsBytes("年报") else { return nil }
        // What is taken off the head below (a year with 年度, ≤ 10 characters) leaves a head over 50 characters over
        // the 40 a name may have: a paragraph that mentions 政府信息公开 is dismissed before its characters are split.
        let rawHead = raw[..<range.lowerBound]
        guard !Metadata.hasMoreCharacters(rawHead, than: 50) else { return nil }
        var head = Array(asciiYears(String(rawHead)))
        var year: Int?
        // A year right before 政府信息公开 (「后宫乡2023年度」, 「后宫乡202020年」 typed twice) or at the start (「2019年上海市…」).
        var end = head.count
        if head.last == "度" { end -= 1 }
        if end > 0, head[end - 1] == "年" {
            var start = end - 1
            while start > 0, head[start - 1].isASCII, head[start - 1].isNumber { start -= 1 }
            if let value = Metadata.yearInDigits(head[start..<(end - 1)]) {
                year = value
                head = Array(head[..<start])
            }
        }
        if year == nil {
            var digits = 0
            while digits < head.count, head[digits].isASCII, head[digits].isNumber { digits += 1 }
            if digits >= 4, digits < head.count, head[digits] == "年", let value = Metadata.yearInDigits(head[0..<digits]) {
                year = value
                head = Array(head[(digits + 1)...])
                if head.first == "度" { head.removeFirst() }
            }
        }
        // 「____年度政府信息公开…」, a blank template's title: the year's place is no part of a name.
        if year == nil {
            for blank in ["年度", "年"] where head.count >= blank.count && String(head.suffix(blank.count)) == blank {
                head.removeLast(blank.count)
                break
            }
        }
        let agency = cleanAgency(String(head))
        // A title is a name, not a sentence: anything with separators or a sentence's opening is prose or a note
        // (what pages put before the name — 「附件2：」, 「Page8-」 — is dropped first).
        guard head.count <= 40, !head.contains(where: { ",，;；#。".contains($0) }) else { return nil }
        if let agency, !isAgencyName(agency) { return nil }
        return (agency, year)
    }

    /// Years written in Chinese numerals as ASCII digits: 「二〇二三年」 → 「2023年」.
    static func asciiYears(_ text: String) -> String {
        // Most texts have no Chinese digit or no 年, and most are made of scalars that are each one Character (ASCII,
        // CJK ideographs and punctuation, full-width forms): those are answered on scalars, the rest on Characters.
        var simple = true
        var digit = false
        var year = false
        for scalar in text.unicodeScalars {
            if isOwnCharacter(scalar) {
                if chineseDigits[scalar] != nil { digit = true } else if scalar == "年" { year = true }
            } else {
                simple = false
            }
        }
        if simple && !(digit && year) { return text }
        guard simple else { return asciiYears(characters: text) }
        var scalars = Array(text.unicodeScalars)
        guard scalars.count >= 5 else { return text }
        var index = 0
        while index + 4 < scalars.count {
            let mapped = scalars[index..<(index + 4)].compactMap { chineseDigits[$0] }
            if scalars[index + 4] == "年", mapped.count == 4, mapped[0] == "1" || mapped[0] == "2" {
                scalars.replaceSubrange(index..<(index + 4), with: mapped)
                index += 5
            } else {
                index += 1
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `asciiYears` on Characters, for texts with combining marks or other scalars that join into one Character.
    static func asciiYears(characters text: String) -> String {
        var characters = Array(text)
        guard characters.count >= 5 else { return text }
        var index = 0
        while index + 4 < characters.count {
            let mapped = characters[index..<(index + 4)].compactMap { chineseDigitCharacters[$0] }
            if characters[index + 4] == "年", mapped.count == 4, mapped[0] == "1" || mapped[0] == "2" {
                characters.replaceSubrange(index..<(index + 4), with: mapped)
                index += 5
            } else {
                index += 1
            }
        }
        return String(characters)
    }

    /// Chinese digits of years, and the ASCII digit of each.
    static let chineseDigits: [Unicode.Scalar: Unicode.Scalar] = ["〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3",
                                                                 "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"]
    private static let chineseDigitCharacters = Dictionary(uniqueKeysWithValues: chineseDigits.map { (Character($0.key), Character($0.value)) })

    /// Whether `text` has more than `limit` Characters, counting no further than that. A run of scalars that are each
    /// their own Character (ASCII without CR, CJK ideographs and punctuation, full-width forms) is counted on scalars;
    /// anything else on Characters.
    static func hasMoreCharacters<Text: StringProtocol>(_ text: Text, than limit: Int) -> Bool {
        var scalars = 0
        for scalar in text.unicodeScalars {
            guard isOwnCharacter(scalar) else { return hasMoreCharacters(counting: text, than: limit) }
            scalars += 1
            if scalars > limit { return true }
        }
        return false
    }

    private static func hasMoreCharacters<Text: StringProtocol>(counting text: Text, than limit: Int) -> Bool {
        var count = 0
        for _ in text {
            count += 1
            if count > limit { return true }
        }
        return false
    }

    /// Scalars that never join the scalar before them into one Character: a text of only these has a Character per
    /// scalar.
    @inline(__always)
    static func isOwnCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x2018...0x201F, 0x3000...0x3029, 0x4E00...0x9FFF, 0xFF01...0xFF5E, 0x25CB: true
        default: false
        }
    }

    /// A year from a run of digits: four of them, or a typo such as `202020` whose first or last four are a year.
    static func yearInDigits(_ digits: ArraySlice<Character>) -> Int? {
        guard digits.count >= 4, digits.count <= 8 else { return nil }
        if let value = year(digits.prefix(4)) { return value }
        return year(digits.suffix(4))
    }

    /// The year of a statistics period: 「统计期限自2021年1月1日起至2021年12月31日」 → 2021.
    static func periodYear(_ text: String) -> Int? {
        let cleaned = asciiYears(LabelNormaliser.clean(text))
        guard cleaned.containsBytes("12月31日"), cleaned.containsBytes("统计") || cleaned.containsBytes("1月1日") else { return nil }
        guard let match = cleaned.range(of: #"(19|20)\d{2}年1月1日"#, options: .regularExpression) else { return nil }
        return Int(cleaned[match].prefix(4))
    }

    /// Drops what pages put before a name: `Page8-`, `附件1：`, numbering, stray punctuation.
    static func cleanAgency(_ text: String) -> String? {
        var characters = Substring(text)
        while let first = characters.first, !isCJK(first) { characters.removeFirst() }
        for prefix in ["附件", "附表"] where characters.hasPrefix(prefix) {
            characters = characters.dropFirst(prefix.count)
            while let first = characters.first, !isCJK(first) { characters.removeFirst() }
        }
        while let last = characters.last, ":：，,。-_ ".contains(last) { characters.removeLast() }
        return characters.isEmpty ? nil : String(characters)
    }

    /// Openings of a sentence, and words of the regulation's title, that a name never holds.
    static let sentenceOpenings = ["根据", "按照", "依据", "依照", "为了", "为", "本", "现将", "特", "关于", "在", "经", "对", "我", "今年", "全年", "通过", "由"]

    /// Whether a text can be an agency's name rather than a piece of a sentence.
    static func isAgencyName(_ text: String) -> Bool {
        guard text.count >= 2, text.count <= 40 else { return false }
        if sentenceOpenings.contains(where: { text.hasPrefix($0) }) { return false }
        for word in ["中华人民共和国", "条例", "以下简称", "公开工作", "年度报告"] where text.containsBytes(word) { return false }
        // A web page's chrome (「栏目：…」「首页 > 信息公开」「当前位置」) names the site, not the agency.
        for word in chromeWords where text.containsBytes(word) { return false }
        // Brackets belong to some names (中国(山东)自由贸易试验区…) when they pair up inside the name.
        guard !text.contains(where: { ",，:：;；#。".contains($0) }), !text.hasPrefix("("), !text.hasPrefix("（") else { return false }
        var depth = 0
        for character in text {
            if character == "(" || character == "（" { depth += 1 }
            if character == ")" || character == "）" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    /// Words of a web page's navigation and headers, never of an agency's name.
    static let chromeWords = ["栏目", "首页", "当前位置", "您的位置", "网站地图", "主办单位", "发布时间", "来源", "浏览次数", "字号"]

    /// Endings of agencies' names.
    static let agencySuffixes = ["街道办事处", "办事处", "人民政府", "人民政府办公室", "人民政府办公厅", "办公室", "办公厅", "委员会", "管理委员会",
                                 "局", "委", "厅", "院", "署", "中心", "街道", "镇", "乡", "所", "队", "站", "会", "处", "社区"]

    /// A first line that is nothing but an agency's name: `威海市文登区信访局`.
    static func fromNameLine(_ text: String) -> String? {
        guard let name = cleanAgency(LabelNormaliser.clean(text)), name.count <= 30, isAgencyName(name),
              name.allSatisfy(isCJK), agencySuffixes.contains(where: { name.hasSuffix($0) }) else { return nil }
        return name
    }

    /// The subject of a narrative sentence that names the agency: `…领导下，官洲街道办事处认真贯彻落实…`.
    static func fromSentence(_ text: String) -> String? {
        let cleaned = Array(LabelNormaliser.clean(text))
        // 「本报告由X根据…编制」 names the agency as the maker of the report.
        let sentence = String(cleaned)
        if let by = sentence.firstByteRange(of: "本报告由") {
            let rest = String(sentence[by.upperBound...])
            for verb in ["根据", "依据", "按照", "依照", "编制", "制作"] {
                guard let end = rest.firstByteRange(of: verb) else { continue }
                let name = String(rest[..<end.lowerBound])
                if name.count >= 2, name.count <= 30, name.allSatisfy(isCJK), isAgencyName(name) { return name }
            }
        }
        let verbs = ["认真", "坚持", "深入", "严格", "全面", "始终", "持续", "紧紧", "积极", "高度", "进一步", "不断", "扎实", "切实", "依法", "紧扣", "围绕",
                     "在县委", "在区委", "在市委", "在党委", "在上级"]
        var index = 0
        while index < cleaned.count {
            guard isCJK(cleaned[index]) else { index += 1; continue }
            var end = index
            while end < cleaned.count, isCJK(cleaned[end]) { end += 1 }
            // Within one run of CJK between punctuation: the name ends where a verb begins.
            let run = String(cleaned[index..<end])
            for verb in verbs {
                guard let verbRange = run.firstByteRange(of: verb) else { continue }
                let name = String(run[..<verbRange.lowerBound])
                if name.count >= 3, name.count <= 20, isAgencyName(name), agencySuffixes.contains(where: { name.hasSuffix($0) }) {
                    return name
                }
            }
            index = end
        }
        return nil
    }

    /// Four ASCII digits from 1900 to 2099.
    static func year(_ characters: ArraySlice<Character>) -> Int? {
        guard characters.count == 4, characters.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(String(characters)),
              (1900...2099).contains(value) else { return nil }
        return value
    }

    /// `填报单位：后宫乡人民政府` → 后宫乡人民政府.
    public static func fromFillerCell(_ text: String) -> String? {
        fromFillerCell(cleaned: LabelNormaliser.clean(text))
    }

    /// `fromFillerCell` of a text already through `LabelNormaliser.clean`.
    static func fromFillerCell(cleaned: String) -> String? {
        for marker in ["填报单位:", "填报单位：", "单位名称:", "单位名称：", "填报机关:"] {
            guard let range = cleaned.firstByteRange(of: marker) else { continue }
            var rest = String(cleaned[range.upperBound...])
            if let stop = rest.firstIndex(where: { $0 == "," || $0 == "，" || $0 == "(" }) { rest = String(rest[..<stop]) }
            for next in ["联系人", "填报日期", "电话"] {
                if let r = rest.firstByteRange(of: next) { rest = String(rest[..<r.lowerBound]) }
            }
            return rest.isEmpty ? nil : rest
        }
        return nil
    }

    /// From a file name such as `石桥镇2023年报.xlsx` or `2023-龙泉乡.csv`; words that name the file rather than the
    /// agency (`附件`, `终稿`) are passed over.
    public static func fromFileName(_ path: String) -> (agency: String?, year: Int?) {
        var name = String(path.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        // 「附件2：」「附件二、」「附表3-」 name the attachment, not the agency (a Chinese numeral would join the name).
        name = name.replacingOccurrences(of: #"^\s*(附件|附表)\s*[0-9０-９一二三四五六七八九十]*\s*[：:、．.\-—_（）()\s]*"#, with: "",
                                         options: .regularExpression)
        if let parsed = fromTitle(name), parsed.agency != nil { return parsed }
        var year: Int?
        if let match = name.range(of: #"(19|20)\d{2}"#, options: .regularExpression), let value = Int(name[match]),
           !namesLayout(value, in: name, after: match.upperBound) {
            year = value
        }
        let noise = ["附件", "附表", "年度报告", "政府信息公开", "工作", "年报", "年度", "报告", "终稿", "定稿", "修改", "最终版", "模板", "样表", "汇总", "统计表", "表格", "副本", "新建"]
        var agency: String?
        for run in name.split(whereSeparator: { !Metadata.isCJK($0) }).map(String.init) {
            var candidate = run
            for word in noise { candidate = candidate.replacingOccurrences(of: word, with: "") }
            if candidate.count >= 2, !chromeWords.contains(where: { candidate.containsBytes($0) }) { agency = candidate; break }
        }
        return (agency, year)
    }

    /// Whether `2021` in `blank-2021`, `模板2019`, `2021版` names a layout of the form rather than the report's year.
    static func namesLayout(_ value: Int, in name: String, after end: String.Index) -> Bool {
        guard Layout.all.contains(where: { $0.id == String(value) }) else { return false }
        if name[end...].hasPrefix("版") { return true }
        let lower = name.lowercased()
        return ["blank", "template", "layout", "模板", "样表", "空白", "格式"].contains { lower.contains($0) }
    }

    static func isCJK(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) || (0x20000...0x2FFFF).contains($0.value) }
    }

    /// Whether an agency is a township, street office or county-level body (they make no 规章).
    public static func isLocalLevel(_ agency: String) -> Bool {
        let clean = LabelNormaliser.clean(agency)
        if clean.hasSuffix("乡") || clean.hasSuffix("镇") || clean.hasSuffix("街道") || clean.hasSuffix("办事处") { return true }
        for marker in ["乡人民政府", "镇人民政府", "街道办事处", "县人民政府", "县", "旗"] where clean.contains(marker) { return true }
        return false
    }

    /// Whether an agency is a township or street office (for the 万元 plausibility rule).
    public static func isTownship(_ agency: String) -> Bool {
        let clean = LabelNormaliser.clean(agency)
        return clean.hasSuffix("乡") || clean.hasSuffix("镇") || clean.hasSuffix("街道") || clean.containsBytes("乡人民政府")
            || clean.containsBytes("镇人民政府") || clean.containsBytes("街道办事处")
    }
}
