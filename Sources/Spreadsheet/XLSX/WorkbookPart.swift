// Reads xl/workbook.xml: the sheets in tab order, their visibility and relationship ids, the date system.
import CLibXML2

struct SheetEntry: Equatable {
    var name: String
    var relationshipID: String
    var visibility: SheetVisibility
}

struct WorkbookPart {
    var sheets: [SheetEntry] = []
    var date1904 = false

    static func parse(_ bytes: [UInt8], file: String, part: String) throws -> WorkbookPart {
        final class Handler: SAXHandler {
            var result = WorkbookPart()
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                if SAXParser.equal(name, "sheet") {
                    let state: SheetVisibility
                    switch attributes.string("state") {
                    case "hidden": state = .hidden
                    case "veryHidden": state = .veryHidden
                    default: state = .visible
                    }
                    let id = attributes.string("id", namespaceSuffix: "relationships") ?? attributes.string("id") ?? ""
                    result.sheets.append(SheetEntry(name: attributes.string("name") ?? "Sheet\(result.sheets.count + 1)",
                                                    relationshipID: id, visibility: state))
                } else if SAXParser.equal(name, "workbookPr") {
                    let flag = attributes.string("date1904")?.lowercased()
                    result.date1904 = flag == "1" || flag == "true"
                }
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {}
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
        }
        let handler = Handler()
        try SAXParser.parse(bytes, handler: handler, file: file, part: part)
        return handler.result
    }
}

/// `[Content_Types].xml` overrides: part name → content type, for finding parts when relationships fail.
enum ContentTypes {
    static func parse(_ bytes: [UInt8], file: String) throws -> [(part: String, type: String)] {
        final class Handler: SAXHandler {
            var overrides: [(String, String)] = []
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                guard SAXParser.equal(name, "Override"), let part = attributes.string("PartName"),
                      let type = attributes.string("ContentType") else { return }
                overrides.append((PackageRelationships.resolve(part, from: ""), type))
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {}
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
        }
        let handler = Handler()
        try SAXParser.parse(bytes, handler: handler, file: file, part: "[Content_Types].xml")
        return handler.overrides
    }
}
