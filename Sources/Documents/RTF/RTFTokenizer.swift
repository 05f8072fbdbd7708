// Splits RTF bytes into groups, control words (with their numeric parameter), control symbols, hex bytes and text.

/// One token of an RTF stream. Text is a range of the input: plain bytes up to the next `\`, `{`, `}` or line end.
enum RTFToken: Equatable {
    case groupStart
    case groupEnd
    /// A control word (`\cellx1892`, `\par`): its name and its parameter when it has one.
    case word(RTFWord, parameter: Int?)
    /// A control symbol (`\~`, `\-`, `\_`, `\*`, `\\`, `\{`, `\}`) as its one byte.
    case symbol(UInt8)
    /// `\'hh`: one byte of the current code page.
    case hex(UInt8)
    case text(Range<Int>)
    /// The data of `\binN` (skipped by every destination we read).
    case binary(Range<Int>)
    case end
}

/// Reads tokens off a byte buffer. Never reads past the end; a truncated word, parameter or hex escape ends where the
/// bytes do.
struct RTFTokenizer {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Longest control-word name kept (the specification's is 32); a longer run of letters is read and dropped.
    static let maxNameLength = 32

    mutating func next() -> RTFToken {
        let count = bytes.count
        while offset < count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "{"):
                offset += 1
                return .groupStart
            case UInt8(ascii: "}"):
                offset += 1
                return .groupEnd
            case UInt8(ascii: "\\"):
                return control()
            case 0x0D, 0x0A, 0x00:
                // Line ends are not text in RTF (writers wrap long lines anywhere).
                offset += 1
            default:
                let start = offset
                offset += 1
                while offset < count {
                    let next = bytes[offset]
                    if next == UInt8(ascii: "\\") || next == UInt8(ascii: "{") || next == UInt8(ascii: "}") || next == 0x0D || next == 0x0A
                        || next == 0x00 {
                        break
                    }
                    offset += 1
                }
                return .text(start..<offset)
            }
        }
        return .end
    }

    /// After a backslash: a control word, a control symbol or a hex byte.
    private mutating func control() -> RTFToken {
        let count = bytes.count
        offset += 1
        guard offset < count else { return .end }
        let first = bytes[offset]
        guard RTFTokenizer.isLetter(first) else {
            offset += 1
            switch first {
            case UInt8(ascii: "'"):
                var value: UInt8 = 0
                for _ in 0..<2 {
                    guard offset < count, let digit = RTFTokenizer.hexDigit(bytes[offset]) else { return .symbol(UInt8(ascii: "'")) }
                    value = value << 4 | digit
                    offset += 1
                }
                return .hex(value)
            case 0x0D, 0x0A:
                // `\` at a line end is a paragraph mark.
                return .word(.par, parameter: nil)
            default:
                return .symbol(first)
            }
        }
        var name = RTFWordKey()
        var length = 0
        while offset < count, RTFTokenizer.isLetter(bytes[offset]) {
            if length < RTFTokenizer.maxNameLength { name.append(bytes[offset]) }
            length += 1
            offset += 1
        }
        var parameter: Int?
        if offset < count, bytes[offset] == UInt8(ascii: "-") || RTFTokenizer.isDigit(bytes[offset]) {
            var negative = false
            if bytes[offset] == UInt8(ascii: "-") {
                negative = true
                offset += 1
            }
            var value = 0
            var digits = 0
            while offset < count, RTFTokenizer.isDigit(bytes[offset]) {
                // Clamped: a parameter of a thousand digits is a number that fits, not an overflow.
                if digits < 10 { value = value * 10 + Int(bytes[offset] - 0x30) }
                digits += 1
                offset += 1
            }
            value = min(value, Int(Int32.max))
            parameter = negative ? -value : value
        }
        // One space after a control word is its delimiter, not text.
        if offset < count, bytes[offset] == 0x20 { offset += 1 }
        let word = length > RTFTokenizer.maxNameLength ? RTFWord.unknown : RTFWord.lookup(name)
        if word == .bin {
            let length = max(0, parameter ?? 0)
            let start = offset
            offset = start + min(length, count - start)
            return .binary(start..<offset)
        }
        return .word(word, parameter: parameter)
    }

    /// Skips to the end of the group whose `{` was just read, without interpreting it (a skipped destination: a picture's
    /// megabytes of hex, a font table). Escaped braces and `\bin` data are stepped over; returns false when the bytes end
    /// first or when groups nest deeper than `maxDepth` inside it.
    mutating func skipGroup(maxDepth: Int) -> Bool {
        var depth = 1
        let count = bytes.count
        while offset < count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "{") {
                depth += 1
                if depth > maxDepth { return false }
                offset += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                offset += 1
                if depth == 0 { return true }
            } else if byte == UInt8(ascii: "\\") {
                if offset + 1 < count, RTFTokenizer.isLetter(bytes[offset + 1]) {
                    // A word: only `\bin` matters (its data may hold braces).
                    if case .binary = control() {}
                } else {
                    offset += 2
                }
            } else {
                offset += 1
            }
        }
        offset = count
        return false
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}

/// A control word's name packed into two integers (names we know are at most 16 letters), for an exact lookup without
/// building a String per word.
struct RTFWordKey: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var length = 0

    init() {}

    init(_ name: String) {
        for byte in name.utf8 { append(byte) }
    }

    mutating func append(_ byte: UInt8) {
        if length < 8 {
            low |= UInt64(byte) << (8 * UInt64(length))
        } else if length < 16 {
            high |= UInt64(byte) << (8 * UInt64(length - 8))
        } else {
            // Longer than any word we act on: made unequal to all of them.
            high |= 1 << 63
        }
        length += 1
    }
}

/// The control words the reader acts on; every other word is `.unknown` and ignored (as the specification asks).
enum RTFWord: String, CaseIterable {
    case unknown
    // Document and character set.
    case rtf, ansi, mac, pc, pca, ansicpg, deff, uc, u, f, fcharset, cpg, plain, af, dbch, hich, loch, bin, deleted
    // Destinations read for what they define, or skipped.
    case fonttbl, info, title
    case colortbl, stylesheet, pict, header, headerl, headerr, headerf, footer, footerl, footerr, footerf, footnote, annotation,
         xe, tc, txe, pntext, pntxta, pntxtb, listtext, nonesttables, fldinst, datafield, template, revtbl, rsidtbl, filetbl,
         listtable, listoverridetable, atnid, atnauthor, shpinst, nonshppict, shppict, object, objdata, themedata, latentstyles,
         datastore, xmlnstbl, colorschememapping, generator, userprops, ftnsep, ftnsepc, aftnsep, aftnsepc, pgdsctbl, mmathPr
    // Paragraphs, special characters.
    case par, line, tab, sect, page, pard, emdash, endash, lquote, rquote, ldblquote, rdblquote, bullet, emspace, enspace, qmspace
    // Tables.
    case trowd, cellx, cell, row, intbl, itap, nestcell, nestrow, clmgf, clmrg, clvmgf, clvmrg, nesttableprops

    private static let table: [RTFWordKey: RTFWord] = {
        var table: [RTFWordKey: RTFWord] = [:]
        for word in allCases where word != .unknown { table[RTFWordKey(word.rawValue)] = word }
        return table
    }()

    static func lookup(_ key: RTFWordKey) -> RTFWord { table[key] ?? .unknown }

    /// Destinations whose content is never the document's text (headers and footers included: DOCX reads the body
    /// only), skipped whole.
    var isSkippedDestination: Bool {
        switch self {
        case .colortbl, .stylesheet, .pict, .header, .headerl, .headerr, .headerf, .footer, .footerl, .footerr, .footerf, .footnote,
             .annotation, .xe, .tc, .txe, .pntext, .pntxta, .pntxtb, .listtext, .nonesttables, .fldinst, .datafield, .template, .revtbl,
             .rsidtbl, .filetbl, .listtable, .listoverridetable, .atnid, .atnauthor, .shpinst, .nonshppict, .shppict, .objdata, .themedata,
             .latentstyles, .datastore, .xmlnstbl, .colorschememapping, .generator, .userprops, .ftnsep, .ftnsepc, .aftnsep, .aftnsepc,
             .pgdsctbl, .mmathPr:
            return true
        default:
            return false
        }
    }
}
