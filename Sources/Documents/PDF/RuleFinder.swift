// A page's ruling lines from what it paints: thin dark rectangles and straight strokes, horizontal or vertical.

/// One dark paint of a page as the PDF library reports it, in points with the origin at the page's top left: a stroked
/// straight segment from (x0, y0) to (x1, y1) `width` points wide (0 for a hairline), or a filled rectangle.
public struct PDFPaint: Sendable, Equatable {
    public var x0: Float, y0: Float, x1: Float, y1: Float
    public var width: Float
    public var filled: Bool

    public init(x0: Float, y0: Float, x1: Float, y1: Float, width: Float = 0, filled: Bool = false) {
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
        self.width = width
        self.filled = filled
    }

    /// A filled rectangle.
    public static func box(x0: Float, y0: Float, x1: Float, y1: Float) -> PDFPaint {
        PDFPaint(x0: x0, y0: y0, x1: x1, y1: y1, filled: true)
    }
}

/// Finds the ruling lines (table borders) of a page from its paints: a stroked segment that runs horizontally or
/// vertically, or a filled rectangle no thicker than `maximumThickness`. Pieces of one line (a border drawn cell by
/// cell, or twice) join; a line shorter than `minimumLength` (or than a row of the page's type), a slanted stroke, a
/// thick filled box and a frame around the whole page are not a table's rules. Text never makes a line here (the
/// library reports only paths), so nothing depends on a font.
public enum RuleFinder {
    /// Shortest line kept, in points: shorter than one row of small type with its padding, longer than any mark.
    public static let minimumLength: Float = 7
    /// Thickest line kept, in points.
    public static let maximumThickness: Float = 2.5
    /// A hairline (width 0) is drawn one device pixel wide; on the page it is this thick.
    static let hairline: Float = 0.5
    /// A stroke whose ends differ by more than this across its length is slanted, not a rule.
    static let slant: Float = 0.5
    /// Pieces whose centre lines are this close across, and whose ends this close along, are one line.
    static let sameLine: Float = 0.5, gap: Float = 1
    /// A line this long against the page's width (or height) is the page's frame or edge, not a table's rule.
    static let pageWide: Float = 0.95

    /// The rules of a page `pageWidth × pageHeight` points that painted `paints`. `lineHeight` is the page's small type
    /// (a table's row is at least that tall): a line shorter than 0.8 of it is a mark, not a border.
    public static func rules(paints: [PDFPaint], pageWidth: Float, pageHeight: Float, lineHeight: Float = 0) -> [PDFRule] {
        var horizontal: [Piece] = [], vertical: [Piece] = []
        for paint in paints {
            guard paint.x0.isFinite, paint.y0.isFinite, paint.x1.isFinite, paint.y1.isFinite, paint.width.isFinite else { continue }
            let wide = abs(paint.x1 - paint.x0), high = abs(paint.y1 - paint.y0)
            let left = min(paint.x0, paint.x1), top = min(paint.y0, paint.y1)
            if paint.filled {
                if wide >= high {
                    horizontal.append(Piece(position: top + high / 2, start: left, end: left + wide, thickness: high))
                } else {
                    vertical.append(Piece(position: left + wide / 2, start: top, end: top + high, thickness: wide))
                }
            } else {
                let thickness = max(paint.width, hairline)
                if high <= slant && wide > high {
                    horizontal.append(Piece(position: top + high / 2, start: left, end: left + wide, thickness: thickness))
                } else if wide <= slant && high > wide {
                    vertical.append(Piece(position: left + wide / 2, start: top, end: top + high, thickness: thickness))
                }
            }
        }
        let shortest = max(minimumLength, 0.8 * min(max(lineHeight, 0), 40))
        var rules: [PDFRule] = []
        for piece in joined(horizontal) where piece.end - piece.start >= shortest && piece.end - piece.start < pageWide * pageWidth {
            rules.append(PDFRule(x0: piece.start, y0: piece.position - piece.thickness / 2, x1: piece.end, y1: piece.position + piece.thickness / 2))
        }
        for piece in joined(vertical) where piece.end - piece.start >= shortest && piece.end - piece.start < pageWide * pageHeight {
            rules.append(PDFRule(x0: piece.position - piece.thickness / 2, y0: piece.start, x1: piece.position + piece.thickness / 2, y1: piece.end))
        }
        return Array(rules.prefix(PDFText.maxRulesPerPage))
    }

    /// A horizontal (or vertical) piece: its centre line's y (or x), where it starts and ends along it, its thickness.
    struct Piece {
        var position: Float
        var start: Float
        var end: Float
        var thickness: Float
    }

    /// Thin pieces on one line joined where they touch along it; thick ones (a filled box, a bar) left out.
    static func joined(_ pieces: [Piece]) -> [Piece] {
        let thin = pieces.filter { $0.thickness <= maximumThickness && $0.end > $0.start }
            .sorted { ($0.position, $0.start) < ($1.position, $1.start) }
        var result: [Piece] = []
        var index = 0
        while index < thin.count {
            // One line: pieces whose centres are within `sameLine` of the first's.
            var line: [Piece] = []
            let first = thin[index].position
            while index < thin.count, thin[index].position - first <= sameLine {
                line.append(thin[index])
                index += 1
            }
            line.sort { $0.start < $1.start }
            var current: Piece?
            for piece in line {
                if var open = current, piece.start <= open.end + gap {
                    let low = min(open.position - open.thickness / 2, piece.position - piece.thickness / 2)
                    let high = max(open.position + open.thickness / 2, piece.position + piece.thickness / 2)
                    open.end = max(open.end, piece.end)
                    (open.position, open.thickness) = ((low + high) / 2, high - low)
                    current = open
                } else {
                    if let open = current { result.append(open) }
                    current = piece
                }
            }
            if let open = current { result.append(open) }
        }
        return result
    }
}
