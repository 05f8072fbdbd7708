// Brings label text to one comparable form: NFKC, simplified characters, no spaces, quotes or numbering.
import Foundation

/// A label split into its numbering (`三、`, `（二）`, `1.`) and its comparable body.
public struct NormalisedLabel: Sendable, Equatable {
    public var numbering: String
    public var body: String
}

/// Label text made comparable across producers, fonts and typing habits.
public enum LabelNormaliser {
    /// NFKC (full/half-width, Kangxi radicals), Traditional → Simplified for the characters the forms use,
    /// whitespace and line breaks removed, quotes dropped, brackets unified to ASCII.
    public static func clean(_ text: String) -> String {
        // Built as UTF-8 bytes: a String grown scalar by scalar costs several times as much (narrative paragraphs
        // pass here for every report).
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        guard nfkcMapsOnlyWidths(text) else {
            forEachCleanScalar(text) { scalar in UTF8.encode(scalar) { output.append($0) } }
            return String(decoding: output, as: UTF8.self)
        }
        var text = text
        text.withUTF8 { cleanWidthsOnly($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// `clean` of the UTF-8 of a text NFKC changes only in its full-width forms, on bytes for ASCII, ideographs and
    /// full-width forms (the bulk of every text) and through `cleanScalar` for the rest: the same scalars out.
    private static func cleanWidthsOnly(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        /// ASCII `cleanScalar` drops: white space and quotes.
        @inline(__always) func dropped(_ byte: UInt8) -> Bool {
            byte == 0x20 || (0x09...0x0D).contains(byte) || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                if !dropped(lead) { output.append(lead) }
                continue
            }
            let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + width <= bytes.count else { break }
            var value = UInt32(lead) & (width == 4 ? 0x07 : width == 3 ? 0x0F : 0x1F)
            for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            if width == 3 {
                if (0x4E00...0x9FFF).contains(value), !isTraditionalCandidate(value) {
                    output.append(lead)
                    output.append(bytes[index + 1])
                    output.append(bytes[index + 2])
                    index += 3
                    continue
                }
                if (0xFF01...0xFF5E).contains(value) {
                    let ascii = UInt8(truncatingIfNeeded: value - 0xFEE0)
                    if !dropped(ascii) { output.append(ascii) }
                    index += 3
                    continue
                }
            }
            index += width
            guard let scalar = Unicode.Scalar(value) else { continue }
            cleanScalar(widthFolded(scalar)) { UTF8.encode($0) { output.append($0) } }
        }
    }

    /// The String of cleaned scalars (what `clean` returns for the text they came from).
    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count * 3)
        for scalar in scalars { UTF8.encode(scalar) { output.append($0) } }
        return String(decoding: output, as: UTF8.self)
    }

    /// `clean` as scalars, so `normalise` builds its strings once. This runs for every text cell of every file.
    static func cleanScalars(_ text: String) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(text.utf8.count / 2 + 4)
        forEachCleanScalar(text) { output.append($0) }
        return output
    }

    /// The scalars `clean` keeps of `text`, folded (NFKC) and mapped, in order: the one definition of the cleaning
    /// that `clean` and `cleanScalars` share. A text whose only scalars NFKC changes are full-width forms is folded
    /// here, scalar by scalar, as `nfkc` would; others through `nfkc`.
    @inline(__always)
    private static func forEachCleanScalar(_ text: String, _ emit: (Unicode.Scalar) -> Void) {
        guard nfkcMapsOnlyWidths(text) else {
            for scalar in nfkc(text).unicodeScalars { cleanScalar(scalar, emit) }
            return
        }
        for scalar in text.unicodeScalars { cleanScalar(widthFolded(scalar), emit) }
    }

    /// What `clean` makes of one scalar of a folded text: nothing, itself, or its replacement.
    @inline(__always)
    private static func cleanScalar(_ scalar: Unicode.Scalar, _ emit: (Unicode.Scalar) -> Void) {
        // CJK ideographs are the bulk of every label: no property lookups for them.
        if (0x4E00...0x9FFF).contains(scalar.value) {
            emit(isTraditionalCandidate(scalar) ? traditional[scalar] ?? scalar : scalar)
            return
        }
        if scalar.value < 0x80 {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.value == 0x0B || scalar.value == 0x0C { return }
        } else if scalar.properties.isWhitespace || scalar == "\u{200B}" || scalar == "\u{FEFF}" {
            return
        }
        switch scalar {
        case "\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』", "《", "》": return
        case "【", "〔", "［": emit("(")
        case "】", "〕", "］": emit(")")
        default: emit(scalar)  // `traditional` maps ideographs only (a test holds it to that)
        }
    }

    /// A bitmap over U+4E00…U+9FFF of the characters `traditional` maps, to skip the dictionary for the rest.
    private static let traditionalBitmap: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0x9FFF - 0x4E00) / 64 + 1)
        for key in traditional.keys where (0x4E00...0x9FFF).contains(key.value) {
            let offset = Int(key.value - 0x4E00)
            bits[offset / 64] |= 1 << UInt64(offset % 64)
        }
        return bits
    }()

    @inline(__always)
    private static func isTraditionalCandidate(_ scalar: Unicode.Scalar) -> Bool {
        isTraditionalCandidate(scalar.value)
    }

    @inline(__always)
    private static func isTraditionalCandidate(_ value: UInt32) -> Bool {
        let offset = Int(value - 0x4E00)
        return traditionalBitmap[offset / 64] & (1 << UInt64(offset % 64)) != 0
    }

    /// Splits off leading numbering and drops punctuation from the body; a year in brackets
    /// (`本年(2023)制发件数`) is dropped too.
    public static func normalise(_ text: String) -> NormalisedLabel {
        normalise(cleaned: cleanScalars(text))
    }

    /// `normalise` of a text already through `cleanScalars`.
    static func normalise(cleaned scalars: [Unicode.Scalar]) -> NormalisedLabel {
        var start = 0
        while let length = numberingLength(scalars[start...]) { start += length }
        var body = String.UnicodeScalarView()
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            // (2023) or 2023年 inside a column label
            if scalar == "(", index + 5 < scalars.count, scalars[(index + 1)...(index + 4)].allSatisfy({ $0.properties.numericType != nil && $0.isASCII }), scalars[index + 5] == ")" {
                index += 6
                continue
            }
            if !isPunctuation(scalar) { body.append(scalar) }
            index += 1
        }
        return NormalisedLabel(numbering: String(String.UnicodeScalarView(scalars[..<start])), body: String(body))
    }

    @inline(__always)
    /// NFKC of `text`. Labels and values are ASCII, CJK and their punctuation, which NFKC leaves alone, plus full-width
    /// ASCII (`：`, `１２`, `（`) and the ideographic space, which it maps one to one: those are mapped here, and only
    /// other texts pay for Foundation's normaliser.
    static func nfkc(_ text: String) -> String {
        guard nfkcMapsOnlyWidths(text) else { return text.precomposedStringWithCompatibilityMapping }
        guard text.unicodeScalars.contains(where: { !isNFKCStable($0) }) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { UTF8.encode(widthFolded(scalar)) { output.append($0) } }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the only scalars of `text` that NFKC changes are full-width ASCII and the ideographic space.
    @inline(__always)
    static func nfkcMapsOnlyWidths(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where !isNFKCStable(scalar) {
            guard (0xFF01...0xFF5E).contains(scalar.value) || scalar.value == 0x3000 else { return false }
        }
        return true
    }

    /// NFKC of a scalar that is NFKC-stable, full-width ASCII or the ideographic space.
    @inline(__always)
    private static func widthFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 0xFEE0))
        case 0x3000: " "
        default: scalar
        }
    }

    static func isNFKCStable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x7F, 0x2018...0x201F, 0x3001...0x3003, 0x3008...0x3011, 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if (0x4E00...0x9FFF).contains(scalar.value) { return false }
        if scalar.value < 0x80 {
            // ASCII punctuation and math symbols: everything printable but letters, digits, $ ^ `.
            let value = scalar.value
            let alphanumeric = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return value > 0x20 && value < 0x7F && !alphanumeric && value != 0x24 && value != 0x5E && value != 0x60
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol:
            return true
        default:
            return false
        }
    }

    private static let chineseDigits: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// Length of a numbering token at the start: `一、` `(一)` `1.` `1、` `(1)` `①`.
    private static func numberingLength(_ slice: ArraySlice<Unicode.Scalar>) -> Int? {
        let base = slice.startIndex
        let count = slice.count
        func at(_ offset: Int) -> Unicode.Scalar { slice[base + offset] }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        guard count > 0 else { return nil }
        let first = at(0)
        if ("①"..."⑳").contains(first) { return 1 }
        if first == "(" {
            var index = 1
            while index < count, chineseDigits.contains(at(index)) || isDigit(at(index)) { index += 1 }
            if index > 1, index < count, at(index) == ")" { return index + 1 }
            return nil
        }
        var index = 0
        if chineseDigits.contains(first) {
            while index < count, chineseDigits.contains(at(index)) { index += 1 }
            if index < count, at(index) == "、" || at(index) == "." { return index + 1 }
            return nil
        }
        while index < count, isDigit(at(index)) { index += 1 }
        if index > 0, index < count, at(index) == "." || at(index) == "、" || at(index) == ")" {
            // Not a decimal number such as 1.5
            if index + 1 < count, isDigit(at(index + 1)) { return nil }
            return index + 1
        }
        return nil
    }

    /// Traditional characters seen on mirror sites, for the words the forms use.
    static let traditional: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs = "開开請请數数據据處处結结轉转與与機机關关資资訊讯國国護护權权務务過过執执詢询項项無无現现製制補补確确訪访舉举報报訴诉類类複复覆复認认獲获費费總总計计辦办維维糾纠審审議议訟讼規规範范廢废發发許许罰罚強强徵征採采購购額额單单萬万內内條条業业構构組组織织會会況况險险穩稳應应區区這这種种屬属於于沒没後后繳缴納纳統统體体門门對对實实際际責责負负產产權权聯联絡络電电話话填填檔档案案屆届歲岁領领導导為为從从們们個个來来時时間间東东車车長长問问題题進进處处"
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        let scalars = Array(pairs.unicodeScalars)
        var index = 0
        while index + 1 < scalars.count {
            map[scalars[index]] = scalars[index + 1]
            index += 2
        }
        return map
    }()
}
