// Text gathered from document markup: cell and paragraph accumulators, whitespace rules, numbered narrative.

/// Whitespace rules shared by the document readers.
enum DocumentText {
    /// Trims spaces, tabs, line breaks, no-break and ideographic spaces from both ends.
    static func trim(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, isBlank(first) { scalars.removeFirst() }
        while let last = scalars.last, isBlank(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0x200B, 0xFEFF: return true
        default: return false
        }
    }

    /// A line break the markup asked for (`<br>`, a paragraph inside a cell), kept through whitespace collapsing.
    static let hardBreak: UInt8 = 0x0B

    /// HTML's rule: runs of ASCII whitespace collapse to one space (no-break spaces stay); hard breaks become line
    /// breaks with the spaces around them dropped.
    static func collapsingWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
                continue
            }
            if byte == hardBreak {
                pendingSpace = false
                if output.last != 0x0A { output.append(0x0A) }
                continue
            }
            if pendingSpace && !output.isEmpty && output.last != 0x0A { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        return output
    }
}

/// The paragraphs of a document outside its tables, numbered from 1 in reading order (blank ones not counted).
struct NarrativeCollector {
    private(set) var paragraphs: [(line: Int, text: String)] = []
    /// Caps the narrative of a hostile document.
    static let maxParagraphs = 100_000

    mutating func add(_ utf8: [UInt8]) {
        guard paragraphs.count < NarrativeCollector.maxParagraphs else { return }
        let text = DocumentText.trim(String(decoding: utf8, as: UTF8.self))
        guard !text.isEmpty else { return }
        paragraphs.append((paragraphs.count + 1, text))
    }
}
