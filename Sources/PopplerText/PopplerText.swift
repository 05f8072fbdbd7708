// The text layer of a PDF through poppler's GLib API: each page's characters and their boxes.
import Documents
import CPoppler
import Spreadsheet
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Extracts positioned text with poppler (Debian's libpoppler-glib). Owner-password-only PDFs (printing or copying
/// restricted) open without a password; a PDF that needs one to open is refused with clear words.
public enum PopplerText {
    /// Why a PDF could not be read.
    public enum Failure: Error, Sendable, Equatable {
        case needsPassword
        case damaged(String)

        /// The sentence a clerk reads.
        public var message: String {
            switch self {
            case .needsPassword: return "PDF 设置了打开密码，无法读取；请提供未加密的 PDF 或 Word 文档"
            case .damaged(let detail): return "PDF 无法打开，文件可能已损坏（\(detail)）"
            }
        }
    }

    /// `extract` as a `PDFReader.TextSource` in this process (tests, library users): failures as `SpreadsheetError`s.
    public static let textSource: PDFReader.TextSource = { path in
        do {
            return try extract(path: path)
        } catch let failure as Failure {
            throw SpreadsheetError(file: path, failure == .needsPassword ? .encrypted(failure.message) : .invalid(failure.message))
        }
    }

    public static func extract(path: String) throws -> PDFText {
        try withDocument(path: path) { document in try extract(document) }
    }

    /// Opens the PDF at `path` for `body`; a PDF that needs a password or cannot be opened throws `Failure`.
    static func withDocument<Result>(path: String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        var error: UnsafeMutablePointer<GError>?
        // poppler opens URIs, which need an absolute path.
        guard let resolved = realpath(path, nil) else { throw Failure.damaged("文件不存在或无法访问") }
        defer { free(resolved) }
        guard let uri = g_filename_to_uri(resolved, nil, &error) else {
            defer { g_error_free(error) }
            throw Failure.damaged(error.map { String(cString: $0.pointee.message) } ?? "路径无效")
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            defer { if error != nil { g_error_free(error) } }
            if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw Failure.needsPassword
            }
            throw Failure.damaged(error.map { String(cString: $0.pointee.message) } ?? "未知错误")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        return try body(document)
    }

    static func extract(_ document: OpaquePointer) throws -> PDFText {
        let available = max(0, Int(poppler_document_get_n_pages(document)))
        let count = min(available, PDFText.maxPages)
        var pages: [PDFPageText] = []
        var total = 0
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var width = 0.0, height = 0.0
            poppler_page_get_size(page, &width, &height)
            var glyphs: [PDFGlyph] = []
            if let text = poppler_page_get_text(page) {
                defer { g_free(text) }
                var rectangles: UnsafeMutablePointer<PopplerRectangle>?
                var rectangleCount: guint = 0
                if poppler_page_get_text_layout(page, &rectangles, &rectangleCount) != 0, let rectangles {
                    defer { g_free(rectangles) }
                    // One box per character of the page's text, in the same order.
                    var index = 0
                    for scalar in String(cString: text).unicodeScalars {
                        guard index < Int(rectangleCount), total < PDFText.maxGlyphs else { break }
                        let box = rectangles[index]
                        index += 1
                        total += 1
                        glyphs.append(PDFGlyph(scalar: scalar, x0: Float(box.x1), y0: Float(box.y1), x1: Float(box.x2), y1: Float(box.y2)))
                    }
                }
            }
            let rules = mayHoldTable(glyphs) ? Self.rules(of: page, width: width, height: height, glyphs: glyphs) : []
            pages.append(PDFPageText(width: Float(width), height: Float(height), glyphs: glyphs, rules: rules))
        }
        return PDFText(pages: pages, droppedPageCount: available - count)
    }

    /// Only a page that may hold a table of numbers is rendered: one with at least three numbers that stand apart on
    /// their line (a blank wider than the number's own height before them, as in a cell), where prose runs its numbers
    /// into the words around them.
    static func mayHoldTable(_ glyphs: [PDFGlyph]) -> Bool {
        let visible = glyphs.filter { !($0.scalar.properties.isWhitespace || $0.scalar.value < 0x20) }
            .sorted { (($0.y0 + $0.y1).rounded(), $0.x0) < (($1.y0 + $1.y1).rounded(), $1.x0) }
        var apart = 0
        for (index, glyph) in visible.enumerated().dropFirst() where glyph.scalar.properties.numericType != nil {
            let previous = visible[index - 1], height = max(glyph.y1 - glyph.y0, 1)
            if abs((previous.y0 + previous.y1) - (glyph.y0 + glyph.y1)) < height, glyph.x0 - previous.x1 > height {
                apart += 1
                if apart >= 3 { return true }
            }
        }
        return false
    }

    /// Pixels a point when a page is rendered to find its lines: enough for a hairline to darken a pixel.
    public static let ruleScale = 1.0

    /// The ruling lines of a page: it is rendered through cairo with its characters painted out, and `RuleFinder`
    /// reads the long dark runs of the raster.
    public static func rules(of page: OpaquePointer, width: Double, height: Double, glyphs: [PDFGlyph], scale: Double = ruleScale) -> [PDFRule] {
        // A page larger than a poster (or a hostile size, or not a number) is not rendered; checked before converting.
        let wideSize = (width * scale).rounded(.up), highSize = (height * scale).rounded(.up)
        guard wideSize.isFinite, highSize.isFinite, wideSize >= 1, highSize >= 1, wideSize * highSize <= 40_000_000 else { return [] }
        let pixelsWide = Int32(wideSize), pixelsHigh = Int32(highSize)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelsWide, pixelsHigh) else { return [] }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return [] }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        poppler_page_render(page, context)
        // The characters' boxes, in pixels: a dark pixel there is a character's ink unless a rule runs through it
        // (`RuleFinder`).
        let wide = Int(pixelsWide), high = Int(pixelsHigh)
        var mask = [UInt8](repeating: 0, count: wide * high)
        mask.withUnsafeMutableBufferPointer { mask in
            for glyph in glyphs where !glyph.scalar.properties.isWhitespace {
                // Clamped before conversion: a hostile box (huge, infinite, not a number) marks nothing or the page.
                func pixel(_ value: Float, _ limit: Int, _ rule: FloatingPointRoundingRule) -> Int {
                    value.isNaN ? 0 : Int(min(max((Double(value) * scale).rounded(rule), 0), Double(limit)))
                }
                // A pixel is in a box when its centre is (cairo's rule without antialiasing).
                let x0 = pixel(glyph.x0, wide, .toNearestOrEven), x1 = pixel(glyph.x1, wide, .toNearestOrEven)
                let y0 = pixel(glyph.y0, high, .toNearestOrEven), y1 = pixel(glyph.y1, high, .toNearestOrEven)
                guard x0 < x1, y0 < y1 else { continue }
                for y in y0..<y1 {
                    UnsafeMutableRawPointer(mask.baseAddress! + y * wide + x0).initializeMemory(as: UInt8.self, repeating: 1, count: x1 - x0)
                }
            }
        }
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let buffer = UnsafeRawBufferPointer(start: data, count: stride * Int(pixelsHigh))
        let heights = glyphs.filter { !$0.scalar.properties.isWhitespace }.map { $0.y1 - $0.y0 }.sorted()
        // The small type of the page (a table's is often smaller than the prose's): the lowest tenth of the heights.
        let lineHeight = heights.isEmpty ? 0 : min(heights[heights.count / 10], 40)
        return mask.withUnsafeBufferPointer { mask in
            RuleFinder.rules(pixels: buffer, width: wide, height: high, stride: stride, scale: Float(scale), lineHeight: lineHeight, mask: mask)
        }
    }
}
