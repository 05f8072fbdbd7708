// libFuzzer harness: the PDF table rebuilder on synthetic positioned text (every 7 bytes one glyph: a character
// from the alphabet of real reports, its page, and its box), and the text layer's own decoder on the raw bytes.
func fuzz_pdflayout(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = PDFText(serialized: Array(bytes))
    let alphabet = Array("0123456789./-—（）()一二三四五六七八九十、本年新收申请数量总计合计其他予以公开行政复议诉讼结果维持纠正。，件万元页第 ".unicodeScalars)
    var pages = [PDFPageText](repeating: PDFPageText(width: 595, height: 842, glyphs: []), count: 3)
    var index = 0
    while index + 7 <= size {
        let scalar = alphabet[Int(bytes[index]) % alphabet.count]
        let page = Int(bytes[index + 1]) % pages.count
        let x = Float(bytes[index + 2]) * 2.3
        let y = Float(bytes[index + 3]) * 3.3
        let width = Float(bytes[index + 4] % 24) + (bytes[index + 6] == 0xFF ? -5 : 0)
        let height = Float(bytes[index + 5] % 20) + 1
        pages[page].glyphs.append(PDFGlyph(scalar: scalar, x0: x, y0: y, x1: x + width, y1: y + height))
        index += 7
    }
    _ = try? PDFReader.workbook(PDFText(pages: pages), fileName: "fuzz.pdf")
    return 0
}
