// Character properties of a Word 97–2003 document, read for one thing: text deleted under tracked changes.

/// The stream ranges of deleted text (`sprmCFRMarkDel`), from PlcBteChpx → ChpxFkp pages ([MS-DOC] 2.8.5, 2.9.33).
/// Word keeps a tracked deletion in the text stream; like the DOCX reader's `w:del`, it is left out.
struct WordDeletedText {
    /// Sorted, non-overlapping byte ranges of the WordDocument stream.
    private var ranges: [Range<Int>] = []

    var isEmpty: Bool { ranges.isEmpty }

    init(table: LittleEndianBytes, at range: (offset: Int, length: Int), stream: LittleEndianBytes) {
        for offset in WordParagraphTable.pageOffsets(table: table, at: range) { readPage(stream, at: offset) }
        ranges.sort { $0.lowerBound < $1.lowerBound }
    }

    /// One ChpxFkp: `crun` run ends (rgfc), then a one-byte word offset per run to its Chpx (cb, grpprl) in the page.
    private mutating func readPage(_ stream: LittleEndianBytes, at offset: Int) {
        guard stream.contains(offset, length: 512) else { return }
        let crun = Int(stream.bytes[offset + 511])
        guard crun >= 1, (crun + 1) * 4 + crun <= 511 else { return }
        for index in 0..<crun {
            let start = stream.u32(offset + index * 4)!
            let end = stream.u32(offset + index * 4 + 4)!
            let word = Int(stream.bytes[offset + (crun + 1) * 4 + index]) * 2
            guard end > start, word > 0, word < 511 else { continue }
            let size = Int(stream.bytes[offset + word])
            let grpprl = (offset + word + 1)..<min(offset + word + 1 + size, offset + 511)
            var deleted = false
            WordSprms.forEach(stream, grpprl) { sprm, operand in
                // sprmCFRMarkDel: 1, or 0x81 (the opposite of the style, which has no deletions).
                if sprm == 0x0800, let value = stream.u8(operand.lowerBound) { deleted = value == 1 || value == 0x81 }
            }
            if deleted { ranges.append(start..<end) }
        }
    }

    /// Whether the character at stream offset `fc` is deleted; `cursor` remembers the last range looked at, so that a
    /// walk through the text in stream order costs one comparison per character.
    func contains(_ fc: Int, cursor: inout Int) -> Bool {
        if cursor < ranges.count, ranges[cursor].contains(fc) { return true }
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= fc { low = middle + 1 } else { high = middle }
        }
        guard low > 0, ranges[low - 1].contains(fc) else { return false }
        cursor = low - 1
        return true
    }
}
