// Draws what the PDF layout saw over each page (rules, cells, column bands, rows), as pdfplumber's debug_tablefinder.
import CPoppler
import Documents

public enum PopplerDebugImage {
    /// Writes `<name>-p<N>.png` for each page of the PDF at `path` into `directory` (which must exist): the page rendered at `scale`, with the
    /// ruling lines found (red), the cells of the tables built from them (blue), and for tables read from text alone the
    /// column bands (green) and rows (orange). Returns the files written.
    public static func write(path: String, directory: String, scale: Double = 2) throws -> [String] {
        let text = try PopplerText.extract(path: path)
        let traces = PDFLayout.trace(text)
        // The file's name without folder and extension. No Foundation here: its ICU module and libxml2's (through
        // Documents) define the same C types, and a clean build refuses the two in one module.
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let name = base.lastIndex(of: ".").map { String(base[..<$0]) }.flatMap { $0.isEmpty ? nil : $0 } ?? base
        var written: [String] = []
        try PopplerText.withDocument(path: path) { document, _ in
            for (index, trace) in traces.enumerated() {
                guard let page = poppler_document_get_page(document, Int32(index)) else { continue }
                defer { g_object_unref(UnsafeMutableRawPointer(page)) }
                var width = 0.0, height = 0.0
                poppler_page_get_size(page, &width, &height)
                // A cap on the raster: a hostile page size draws nothing.
                let wideSize = (width * scale).rounded(.up), highSize = (height * scale).rounded(.up)
                guard wideSize.isFinite, highSize.isFinite, wideSize >= 1, highSize >= 1, wideSize * highSize <= 40_000_000,
                      let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(wideSize), Int32(highSize)) else { continue }
                defer { cairo_surface_destroy(surface) }
                guard let context = cairo_create(surface) else { continue }
                cairo_set_source_rgb(context, 1, 1, 1)
                cairo_paint(context)
                cairo_scale(context, scale, scale)
                poppler_page_render(page, context)
                func boxes(_ boxes: [PDFBox], red: Double, green: Double, blue: Double, fill: Double, line: Double) {
                    for box in boxes {
                        cairo_rectangle(context, Double(box.x0), Double(box.y0), Double(box.x1 - box.x0), Double(box.y1 - box.y0))
                        if fill > 0 {
                            cairo_set_source_rgba(context, red, green, blue, fill)
                            cairo_fill_preserve(context)
                        }
                        cairo_set_source_rgba(context, red, green, blue, 0.9)
                        cairo_set_line_width(context, line)
                        cairo_stroke(context)
                    }
                }
                boxes(trace.bands, red: 0, green: 0.7, blue: 0, fill: 0.12, line: 0.3)
                boxes(trace.rows, red: 1, green: 0.5, blue: 0, fill: 0, line: 0.6)
                boxes(trace.cells.map { PDFBox(x0: $0.x0 + 1, y0: $0.y0 + 1, x1: $0.x1 - 1, y1: $0.y1 - 1) },
                      red: 0, green: 0.3, blue: 1, fill: 0.06, line: 0.5)
                cairo_set_source_rgba(context, 1, 0, 0, 0.8)
                cairo_set_line_width(context, 0.8)
                for rule in trace.rules {
                    if rule.isHorizontal {
                        let y = Double(rule.y0 + rule.y1) / 2
                        cairo_move_to(context, Double(rule.x0), y); cairo_line_to(context, Double(rule.x1), y)
                    } else {
                        let x = Double(rule.x0 + rule.x1) / 2
                        cairo_move_to(context, x, Double(rule.y0)); cairo_line_to(context, x, Double(rule.y1))
                    }
                    cairo_stroke(context)
                }
                cairo_destroy(context)
                let file = (directory.hasSuffix("/") ? directory : directory + "/") + "\(name)-p\(index + 1).png"
                guard cairo_surface_write_to_png(surface, file) == CAIRO_STATUS_SUCCESS else {
                    throw PopplerText.Failure.damaged("无法写入 \(file)")
                }
                written.append(file)
            }
        }
        return written
    }
}
