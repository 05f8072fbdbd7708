// A page's ruling lines from its raster: long horizontal and vertical runs of dark pixels.

/// Finds the ruling lines (table borders) of a rendered page: runs of dark pixels at least `minimumLength` points long,
/// horizontal and vertical, merged over the adjacent pixel rows (or columns) a line's thickness covers. Thick dark
/// areas (a filled box, a picture) are not lines and are left out. The caller renders the page with its text painted
/// out, so letters never make lines; nothing here depends on a font.
public enum RuleFinder {
    /// Shortest line kept, in points: shorter than one row of small type with its padding, longer than any mark.
    public static let minimumLength: Float = 7
    /// Thickest line kept, in points.
    public static let maximumThickness: Float = 2.5

    /// The lines of a raster of `width × height` pixels of 32-bit xRGB (cairo's RGB24), `stride` bytes a row, drawn at
    /// `scale` pixels a point; the result is in points.
    public static func rules(pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, scale: Float) -> [PDFRule] {
        guard width > 0, height > 0, stride >= width * 4, pixels.count >= stride * height, scale > 0 else { return [] }
        let minimumRun = max(Int((minimumLength * scale).rounded(.up)), 3)
        // Per pixel: dark when its grey is below 200 of 255 (black and grey lines, not light shading).
        var horizontal: [Run] = []
        var vertical: [Run] = []
        var columnStart = [Int32](repeating: -1, count: width)
        for y in 0..<height {
            let row = pixels.baseAddress!.advanced(by: y * stride).assumingMemoryBound(to: UInt32.self)
            var runStart = -1
            for x in 0..<width {
                let pixel = row[x]
                let grey = ((pixel >> 16) & 0xFF) + 2 * ((pixel >> 8) & 0xFF) + (pixel & 0xFF)
                let dark = grey < 800
                if dark {
                    if runStart < 0 { runStart = x }
                    if columnStart[x] < 0 { columnStart[x] = Int32(y) }
                } else {
                    if runStart >= 0 {
                        if x - runStart >= minimumRun { horizontal.append(Run(line: y, start: runStart, end: x)) }
                        runStart = -1
                    }
                    let start = Int(columnStart[x])
                    if start >= 0 {
                        if y - start >= minimumRun { vertical.append(Run(line: x, start: start, end: y)) }
                        columnStart[x] = -1
                    }
                }
            }
            if runStart >= 0, width - runStart >= minimumRun { horizontal.append(Run(line: y, start: runStart, end: width)) }
        }
        for x in 0..<width where columnStart[x] >= 0 && height - Int(columnStart[x]) >= minimumRun {
            vertical.append(Run(line: x, start: Int(columnStart[x]), end: height))
        }
        vertical.sort { ($0.line, $0.start) < ($1.line, $1.start) }
        let thickest = max(Int((maximumThickness * scale).rounded(.up)), 2)
        var rules: [PDFRule] = []
        for segment in merged(horizontal) where segment.lastLine - segment.firstLine + 1 <= thickest {
            rules.append(PDFRule(x0: Float(segment.start) / scale, y0: Float(segment.firstLine) / scale,
                                 x1: Float(segment.end) / scale, y1: Float(segment.lastLine + 1) / scale))
        }
        for segment in merged(vertical) where segment.lastLine - segment.firstLine + 1 <= thickest {
            rules.append(PDFRule(x0: Float(segment.firstLine) / scale, y0: Float(segment.start) / scale,
                                 x1: Float(segment.lastLine + 1) / scale, y1: Float(segment.end) / scale))
        }
        return Array(rules.prefix(PDFText.maxRulesPerPage))
    }

    /// A run of dark pixels on one pixel row (`line` = y, horizontal) or column (`line` = x, vertical): [start, end).
    struct Run {
        var line: Int
        var start: Int
        var end: Int
    }

    struct Segment {
        var firstLine: Int, lastLine: Int
        var start: Int, end: Int
    }

    /// Runs on adjacent lines that overlap along the line are one segment (a line drawn more than a pixel thick, or
    /// antialiased over two).
    static func merged(_ runs: [Run]) -> [Segment] {
        var done: [Segment] = []
        var open: [Segment] = []
        var index = 0
        while index < runs.count {
            let line = runs[index].line
            var next: [Segment] = []
            var used = [Bool](repeating: false, count: open.count)
            while index < runs.count, runs[index].line == line {
                let run = runs[index]
                index += 1
                if let match = open.indices.first(where: { !used[$0] && open[$0].lastLine == line - 1
                    && min(open[$0].end, run.end) - max(open[$0].start, run.start) >= (min(open[$0].end - open[$0].start, run.end - run.start) + 1) / 2 }) {
                    used[match] = true
                    var segment = open[match]
                    segment.lastLine = line
                    segment.start = min(segment.start, run.start)
                    segment.end = max(segment.end, run.end)
                    next.append(segment)
                } else {
                    next.append(Segment(firstLine: line, lastLine: line, start: run.start, end: run.end))
                }
            }
            for (position, segment) in open.enumerated() where !used[position] { done.append(segment) }
            open = next
        }
        done += open
        return done
    }
}
