// Reads just enough of styles.xml to tell dates from numbers: each cell format's number format.
import CLibXML2

struct Styles {
    /// For each `cellXfs` index: whether its number format shows a date or time.
    var isDate: [Bool] = []

    static let builtInDateFormats: Set<Int> = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                                                45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]

    static func parse(_ bytes: [UInt8], file: String, part: String) throws -> Styles {
        final class Handler: SAXHandler {
            var customDates: [Int: Bool] = [:]
            var formats: [Int] = []
            var inCellXfs = false
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                if SAXParser.equal(name, "numFmt") {
                    if let id = attributes.string("numFmtId").flatMap({ Int($0) }) {
                        customDates[id] = Styles.formatShowsDate(attributes.string("formatCode") ?? "")
                    }
                } else if SAXParser.equal(name, "cellXfs") {
                    inCellXfs = true
                } else if inCellXfs, SAXParser.equal(name, "xf") {
                    formats.append(attributes.value("numFmtId").flatMap(SheetParser.parseInt) ?? 0)
                }
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {
                if SAXParser.equal(name, "cellXfs") { inCellXfs = false }
            }
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
        }
        let handler = Handler()
        try SAXParser.parse(bytes, handler: handler, file: file, part: part)
        return Styles(isDate: handler.formats.map { handler.customDates[$0] ?? builtInDateFormats.contains($0) })
    }

    /// A custom format shows a date when it has y/m/d/h/s tokens outside quotes, brackets and escapes
    /// (`[Red]`, `"元"`, `\-` do not count; `[h]` elapsed hours does).
    static func formatShowsDate(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var escaped = false
        var bracket = ""
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
                } else { bracket.append(character) }
                continue
            }
            switch character {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true; bracket = ""
            case "y", "d", "h", "s": return true
            case "m": return true
            case ";": return false  // only the first section decides
            default: break
            }
        }
        return false
    }
}
