// Positioned text of a PDF (what a PDF library hands over), and its compact form between processes.
import Spreadsheet

/// One character as the PDF places it: its scalar and its box in points, origin at the page's top left.
public struct PDFGlyph: Sendable, Equatable {
    public var scalar: Unicode.Scalar
    public var x0: Float, y0: Float, x1: Float, y1: Float

    public init(scalar: Unicode.Scalar, x0: Float, y0: Float, x1: Float, y1: Float) {
        self.scalar = scalar
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
    }
}

/// One page: its size in points and its characters.
public struct PDFPageText: Sendable, Equatable {
    public var width: Float
    public var height: Float
    public var glyphs: [PDFGlyph]

    public init(width: Float, height: Float, glyphs: [PDFGlyph]) {
        self.width = width
        self.height = height
        self.glyphs = glyphs
    }
}

/// The text layer of a whole PDF.
public struct PDFText: Sendable, Equatable {
    public var pages: [PDFPageText]

    public init(pages: [PDFPageText]) { self.pages = pages }

    /// Caps on what is read from one PDF: a hostile file's millions of pages or characters stop here.
    public static let maxPages = 500
    public static let maxGlyphs = 4_000_000

    // MARK: the form passed from the reading process to nianbao: little-endian, fixed-size records

    private static let magic: [UInt8] = Array("NBPDF1".utf8)

    /// `NBPDF1`, page count, then per page: width, height, glyph count, and per glyph: scalar, x0, y0, x1, y1.
    public func serialized() -> [UInt8] {
        var bytes = PDFText.magic
        bytes.reserveCapacity(16 + pages.reduce(0) { $0 + 12 + $1.glyphs.count * 20 })
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func put(_ value: Float) { put(value.bitPattern) }
        put(UInt32(pages.count))
        for page in pages {
            put(page.width)
            put(page.height)
            put(UInt32(page.glyphs.count))
            for glyph in page.glyphs {
                put(glyph.scalar.value)
                put(glyph.x0); put(glyph.y0); put(glyph.x1); put(glyph.y1)
            }
        }
        return bytes
    }

    /// Reads what `serialized()` wrote; nil when the bytes are not that (a reading process that died half-way).
    public init?(serialized bytes: [UInt8]) {
        guard bytes.starts(with: PDFText.magic) else { return nil }
        var offset = PDFText.magic.count
        func take() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        func takeFloat() -> Float? { take().map { Float(bitPattern: $0) } }
        guard let pageCount = take(), pageCount <= PDFText.maxPages else { return nil }
        var pages: [PDFPageText] = []
        var total = 0
        for _ in 0..<pageCount {
            guard let width = takeFloat(), let height = takeFloat(), let count = take() else { return nil }
            total += Int(count)
            guard total <= PDFText.maxGlyphs, offset + Int(count) * 20 <= bytes.count else { return nil }
            var glyphs: [PDFGlyph] = []
            glyphs.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let value = take(), let x0 = takeFloat(), let y0 = takeFloat(), let x1 = takeFloat(), let y1 = takeFloat() else { return nil }
                guard let scalar = Unicode.Scalar(value), x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { continue }
                glyphs.append(PDFGlyph(scalar: scalar, x0: x0, y0: y0, x1: x1, y1: y1))
            }
            pages.append(PDFPageText(width: width, height: height, glyphs: glyphs))
        }
        self.pages = pages
    }
}
