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

    /// The renderer paints the boxes of the page's characters in pure magenta with cairo's LIGHTEN operator: a light
    /// pixel under a box stays light, a dark one turns magenta-like (red and blue full, green as dark as it was). Such a
    /// pixel neither starts nor lengthens a line, but carries one on: a rule that runs under a character's box (tight
    /// cells) stays one rule, while a character's own strokes never make one.
    /// The lines of a raster of `width × height` pixels of 32-bit xRGB (cairo's RGB24), `stride` bytes a row, drawn at
    /// `scale` pixels a point; the result is in points.
    /// `lineHeight` is the page's usual line of text (its characters' median box height): a table's row is at least
    /// that tall, and a mark shorter than it (a stroke of a letter drawn past its box) is not a line.
    /// `mask`, when given, holds `width × height` bytes, non-zero where a character's box is: a dark pixel there
    /// carries a run on (as a magenta-marked one does) without starting or lengthening it.
    public static func rules(pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, scale: Float,
                             lineHeight: Float = 0, mask: UnsafeBufferPointer<UInt8>? = nil) -> [PDFRule] {
        guard width > 0, height > 0, stride >= width * 4, pixels.count >= stride * height, scale > 0 else { return [] }
        if let mask, mask.count < width * height { return [] }
        let minimumRun = max(Int((max(minimumLength, 0.8 * lineHeight) * scale).rounded(.up)), 3)
        // Per pixel: dark when its grey is below 200 of 255 (black and grey lines, not light shading). A run of dark
        // pixels goes on across masked pixels (a character's box over the line) when the dark stretch on each side is
        // at least `anchor` long: a line crossing a box continues, the stub of a crossing line does not.
        let anchor = max(Int((2 * scale).rounded()), 2)
        var horizontal: [Run] = []
        var vertical: [Run] = []
        var across = RunState(), down = [RunState](repeating: RunState(), count: width)
        // Which columns have a vertical run open: a light pixel with no run open across or down is skipped at once.
        var openColumns = [Bool](repeating: false, count: width)
        openColumns.withUnsafeMutableBufferPointer { open in
            down.withUnsafeMutableBufferPointer { down in
                for y in 0..<height {
                    let row = pixels.baseAddress!.advanced(by: y * stride).assumingMemoryBound(to: UInt32.self)
                    let rowStart = y * width
                    across = RunState()
                    for x in 0..<width {
                        let pixel = row[x]
                        let idle = across.start < 0 && !open[x]
                        if pixel & 0xFFFFFF == 0xFFFFFF && idle { continue }  // most of a page
                        let red = (pixel >> 16) & 0xFF, green = (pixel >> 8) & 0xFF, blue = pixel & 0xFF
                        var kind: UInt8
                        if red == 0xFF && blue == 0xFF {
                            kind = green < 200 ? RunState.masked : RunState.light
                        } else {
                            kind = red + 2 * green + blue < 800 ? RunState.dark : RunState.light
                        }
                        if kind == RunState.dark, let mask, mask[rowStart + x] != 0 { kind = RunState.masked }
                        // Only a dark pixel starts a run.
                        if kind != RunState.dark && idle { continue }
                        if let run = across.step(kind, at: x, anchor: anchor), run.dark >= minimumRun {
                            horizontal.append(Run(line: y, start: run.start, end: run.end))
                        }
                        if let run = down[x].step(kind, at: y, anchor: anchor), run.dark >= minimumRun {
                            vertical.append(Run(line: x, start: run.start, end: run.end))
                        }
                        open[x] = down[x].start >= 0
                    }
                    if let run = across.step(RunState.light, at: width, anchor: anchor), run.dark >= minimumRun {
                        horizontal.append(Run(line: y, start: run.start, end: run.end))
                    }
                }
            }
        }
        for x in 0..<width {
            if let run = down[x].step(RunState.light, at: height, anchor: anchor), run.dark >= minimumRun {
                vertical.append(Run(line: x, start: run.start, end: run.end))
            }
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

    /// The run being followed along one pixel row or column.
    struct RunState {
        static let light: UInt8 = 0, dark: UInt8 = 1, masked: UInt8 = 2
        var start = -1
        /// The end (exclusive) and dark count of the run up to its last stretch that carried it across a mask.
        var confirmedEnd = -1
        var confirmedDark = 0
        var stretch = 0
        var lastDark = -1
        var afterMask = false
        var previous: UInt8 = 0

        /// Takes the next pixel; returns a run when one ends here.
        mutating func step(_ kind: UInt8, at position: Int, anchor: Int) -> (start: Int, end: Int, dark: Int)? {
            defer { previous = kind }
            switch kind {
            case RunState.dark:
                if start < 0 {
                    start = position
                    confirmedEnd = -1
                    confirmedDark = 0
                    stretch = 0
                    afterMask = false
                } else if previous == RunState.masked {
                    stretch = 0
                    afterMask = true
                }
                stretch += 1
                lastDark = position
                return nil
            case RunState.masked:
                guard start >= 0, previous == RunState.dark else { return nil }
                if stretch >= anchor {
                    confirmedEnd = lastDark + 1
                    confirmedDark += stretch
                    stretch = 0
                    return nil
                }
                // Too short a stretch to carry the run across: it ends where it was last confirmed.
                defer { start = -1 }
                return confirmedEnd > start ? (start, confirmedEnd, confirmedDark) : nil
            default:
                guard start >= 0 else { return nil }
                defer { start = -1 }
                if previous == RunState.masked || (afterMask && stretch < anchor) {
                    return confirmedEnd > start ? (start, confirmedEnd, confirmedDark) : nil
                }
                return (start, lastDark + 1, confirmedDark + stretch)
            }
        }
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
