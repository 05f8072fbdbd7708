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

/// A ruling line drawn on the page (a table's border), as a thin box in points, origin at the page's top left:
/// horizontal when it is wider than tall.
public struct PDFRule: Sendable, Equatable {
    public var x0: Float, y0: Float, x1: Float, y1: Float

    public init(x0: Float, y0: Float, x1: Float, y1: Float) {
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
    }

    public var isHorizontal: Bool { x1 - x0 >= y1 - y0 }
}

/// One page: its size in points, its characters and the ruling lines drawn on it.
public struct PDFPageText: Sendable, Equatable {
    public var width: Float
    public var height: Float
    public var glyphs: [PDFGlyph]
    public var rules: [PDFRule]

    public init(width: Float, height: Float, glyphs: [PDFGlyph], rules: [PDFRule] = []) {
        self.width = width
        self.height = height
        self.glyphs = glyphs
        self.rules = rules
    }
}

/// The text layer of a whole PDF.
public struct PDFText: Sendable, Equatable {
    public var pages: [PDFPageText]
    /// Pages of the PDF past `maxPages`, not read (0 when every page was): a reader must say so, never cut silently.
    public var droppedPageCount: Int

    public init(pages: [PDFPageText], droppedPageCount: Int = 0) {
        self.pages = pages
        self.droppedPageCount = max(droppedPageCount, 0)
    }

    /// Caps on what is read from one PDF: a hostile file's millions of pages, characters or lines stop here.
    public static let maxPages = 500
    public static let maxGlyphs = 4_000_000
    public static let maxRulesPerPage = 20_000

    // MARK: the form passed from the reading process to nianbao: little-endian, fixed-size records

    private static let magic: [UInt8] = Array("NBPDF2".utf8)

    /// `NBPDF2`, page count, dropped page count, then per page: width, height, glyph count, per glyph: scalar, x0, y0,
    /// x1, y1; rule count, per rule: x0, y0, x1, y1.
    public func serialized() -> [UInt8] {
        var bytes = PDFText.magic
        bytes.reserveCapacity(16 + pages.reduce(0) { $0 + 16 + $1.glyphs.count * 20 + $1.rules.count * 16 })
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func put(_ value: Float) { put(value.bitPattern) }
        put(UInt32(pages.count))
        put(UInt32(clamping: droppedPageCount))
        for page in pages {
            put(page.width)
            put(page.height)
            put(UInt32(page.glyphs.count))
            for glyph in page.glyphs {
                put(glyph.scalar.value)
                put(glyph.x0); put(glyph.y0); put(glyph.x1); put(glyph.y1)
            }
            put(UInt32(page.rules.count))
            for rule in page.rules {
                put(rule.x0); put(rule.y0); put(rule.x1); put(rule.y1)
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
        guard let pageCount = take(), pageCount <= PDFText.maxPages, let dropped = take() else { return nil }
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
            guard let ruleCount = take(), ruleCount <= PDFText.maxRulesPerPage, offset + Int(ruleCount) * 16 <= bytes.count else { return nil }
            var rules: [PDFRule] = []
            rules.reserveCapacity(Int(ruleCount))
            for _ in 0..<ruleCount {
                guard let x0 = takeFloat(), let y0 = takeFloat(), let x1 = takeFloat(), let y1 = takeFloat() else { return nil }
                guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite, x1 >= x0, y1 >= y0 else { continue }
                rules.append(PDFRule(x0: x0, y0: y0, x1: x1, y1: y1))
            }
            pages.append(PDFPageText(width: width, height: height, glyphs: glyphs, rules: rules))
        }
        self.pages = pages
        self.droppedPageCount = Int(dropped)
    }
}
