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
    static func fromTitle(cleaned: String) -> (agency: String?, year: Int?)? {
        guard let range = cleaned.firstByteRange(of: "政府信息公开") else { return nil }
        var head = String(cleaned[..<range.lowerBound])
        let tail = cleaned[range.upperBound...]
        guard String(tail).containsBytes("年度报告") || String(tail).containsBytes("年报") else { return nil }
        var year: Int?
        // A year right before 政府信息公开 (「后宫乡2023年度」) or at the start (「2019年上海市…」).
        var characters = Array(head)
        if characters.last == "度" { characters.removeLast() }
        if characters.last == "年", characters.count >= 5, let value = Metadata.year(characters[(characters.count - 5)..<(characters.count - 1)]) {
            year = value
            head = String(characters[..<(characters.count - 5)])
        } else if characters.count >= 5, characters[4] == "年", let value = Metadata.year(characters[0..<4]) {
            year = value
            let rest = characters.dropFirst(5)
            head = String(rest.first == "度" ? rest.dropFirst() : rest)
        }
        head = head.trimmingCharacters(in: CharacterSet(charactersIn: "：:，,。 -_"))
        // A title is a name, not a sentence: anything with separators is prose or a note.
        guard head.count <= 40, !head.contains(where: { ",，:：;；#。".contains($0) }) else { return nil }
        return (head.isEmpty ? nil : head, year)
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

    /// From a file name such as `石桥镇2023年报.xlsx` or `2023-龙泉乡.csv`.
    public static func fromFileName(_ path: String) -> (agency: String?, year: Int?) {
        var name = String(path.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        if let parsed = fromTitle(name) { return parsed }
        var year: Int?
        if let match = name.range(of: #"(19|20)\d{2}"#, options: .regularExpression) { year = Int(name[match]) }
        let runs = name.split(whereSeparator: { !Metadata.isCJK($0) }).map(String.init)
        var agency = runs.first { $0.count >= 2 }
        for suffix in ["年度报告", "政府信息公开", "年报", "年度"] { agency = agency.map { $0.replacingOccurrences(of: suffix, with: "") } }
        if agency?.isEmpty == true { agency = nil }
        return (agency, year)
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
