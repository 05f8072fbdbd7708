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
            throw SpreadsheetError(file: path, .invalid(failure.message))
        }
    }

    public static func extract(path: String) throws -> PDFText {
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
        let count = max(0, min(Int(poppler_document_get_n_pages(document)), PDFText.maxPages))
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
            pages.append(PDFPageText(width: Float(width), height: Float(height), glyphs: glyphs))
        }
        return PDFText(pages: pages)
    }
}
