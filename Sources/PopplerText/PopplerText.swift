// The text layer of a PDF through poppler's GLib API: each page's characters and their boxes.
import Documents
import CPoppler
import CPopplerPaths
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
        try withDocument(path: path) { document, resolved in try extract(document, path: resolved) }
    }

    /// Opens the PDF at `path` for `body` (with its absolute path); a PDF that needs a password or cannot be opened
    /// throws `Failure`.
    static func withDocument<Result>(path: String, _ body: (OpaquePointer, String) throws -> Result) throws -> Result {
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
        return try body(document, String(cString: resolved))
    }

    /// The text of `document`, and the ruling lines of its pages that may hold a table, read by poppler's core from the
    /// same file at `path`.
    static func extract(_ document: OpaquePointer, path: String) throws -> PDFText {
        let available = max(0, Int(poppler_document_get_n_pages(document)))
        let count = min(available, PDFText.maxPages)
        var pages: [PDFPageText] = []
        var total = 0
        var paths: OpaquePointer?, pathsOpened = false
        defer { if let paths { nb_paths_close(paths) } }
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
            var rules: [PDFRule] = []
            if mayHoldTable(glyphs) {
                // Opened once, for the first page that may hold a table.
                if !pathsOpened { (paths, pathsOpened) = (nb_paths_open(path), true) }
                if let paths { rules = Self.rules(of: paths, page: index, width: width, height: height, glyphs: glyphs) }
            }
            pages.append(PDFPageText(width: Float(width), height: Float(height), glyphs: glyphs, rules: rules))
        }
        return PDFText(pages: pages, droppedPageCount: available - count)
    }

    /// Only a page that may hold a table of numbers has its rules read: one with at least three numbers that stand apart on
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

    /// Most paints read from one page: a hostile page of millions of paths stops here.
    static let maxPaintsPerPage = 200_000

    /// The ruling lines of a page from its vector paint (`RuleFinder`): poppler's core interprets the page without
    /// drawing it (no glyph or pixel is rendered), and `paths` hands over its dark straight strokes and rectangles.
    static func rules(of paths: OpaquePointer, page index: Int, width: Double, height: Double, glyphs: [PDFGlyph]) -> [PDFRule] {
        var paints: UnsafePointer<nb_paint>?
        let count = nb_paths_page(paths, Int32(index), maxPaintsPerPage, &paints)
        guard count > 0, let paints else { return [] }
        let painted = UnsafeBufferPointer(start: paints, count: count).map {
            PDFPaint(x0: $0.x0, y0: $0.y0, x1: $0.x1, y1: $0.y1, width: $0.width, filled: $0.filled != 0)
        }
        let heights = glyphs.filter { !$0.scalar.properties.isWhitespace }.map { $0.y1 - $0.y0 }.sorted()
        // The small type of the page (a table's is often smaller than the prose's): the lowest tenth of the heights.
        let lineHeight = heights.isEmpty ? 0 : min(heights[heights.count / 10], 40)
        return RuleFinder.rules(paints: painted, pageWidth: Float(width), pageHeight: Float(height), lineHeight: lineHeight)
    }
}
