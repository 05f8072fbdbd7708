// Text gathered from document markup: cell and paragraph accumulators, whitespace rules, numbered narrative.
import Spreadsheet

/// Whitespace rules shared by the document readers.
enum DocumentText {
    /// The UTF-8 bytes as a String without the blanks at either end, trimmed on bytes (every cell of a document
    /// passes here).
    static func trimmed(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var end = buffer.count
            while start < end, let width = blankWidth(buffer, at: start) { start += width }
            while end > start, let width = blankWidthEnding(buffer, at: end) { end -= width }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// Whether the UTF-8 bytes are all blanks (what `trimmed` makes empty), without making a String.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count, let width = blankWidth(buffer, at: start) { start += width }
            return start == buffer.count
        }
    }

    /// The byte length of the blank starting at `index`, if one does: ASCII white space, U+00A0, U+3000, U+200B, U+FEFF.
    private static func blankWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: return 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0xA0 ? 2 : nil
        case 0xE3: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : nil
        case 0xE2: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x8B ? 3 : nil
        case 0xEF: return index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF ? 3 : nil
        default: return nil
        }
    }

    /// The byte length of the blank ending just before `end`, if one does.
    private static func blankWidthEnding(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int) -> Int? {
        if let width = blankWidth(bytes, at: end - 1), width == 1 { return 1 }
        if end >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 { return 2 }
        if end >= 3, let width = blankWidth(bytes, at: end - 3), width == 3 { return 3 }
        return nil
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
        let text = DocumentText.trimmed(utf8)
        guard !text.isEmpty else { return }
        paragraphs.append((paragraphs.count + 1, text))
    }
}
