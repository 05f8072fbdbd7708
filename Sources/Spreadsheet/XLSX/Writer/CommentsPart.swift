// Cell comments: the comments part, the VML drawing that shows them (Excel's legacy shapes) and the sheet's
// relationships to both, as Excel, WPS and LibreOffice write and read them.

enum CommentsPart {
    /// The relationship id of the sheet's VML drawing (`<legacyDrawing r:id>`); the comments part is rId1.
    static let drawingRelationship = "rId2"

    /// `xl/commentsN.xml`: one author, one comment per cell in row-major order.
    static func comments(_ comments: [CellRef: String]) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("comments", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")])
        xml.raw("<authors><author>nianbao</author></authors><commentList>")
        for (ref, text) in sorted(comments) {
            xml.open("comment", [("ref", ref.a1), ("authorId", "0")])
            xml.raw("<text><r><rPr><sz val=\"9\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr>")
            xml.element("t", [("xml:space", "preserve")], text: text)
            xml.raw("</r></text>")
            xml.close("comment")
        }
        xml.raw("</commentList>")
        xml.close("comments")
        return xml.bytes
    }

    /// `xl/drawings/vmlDrawingN.vml`: a hidden note shape anchored beside each commented cell.
    static func vml(_ comments: [CellRef: String], sheetNumber: Int) -> [UInt8] {
        var xml = XMLWriter(declaration: false)
        xml.raw("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">")
        xml.raw("<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"\(sheetNumber)\"/></o:shapelayout>")
        xml.raw("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">")
        xml.raw("<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        for (index, (ref, _)) in sorted(comments).enumerated() {
            let id = sheetNumber * 1024 + index + 1
            xml.raw("<v:shape id=\"_x0000_s\(id)\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:60pt;margin-top:2pt;width:180pt;height:80pt;z-index:\(index + 1);visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">")
            xml.raw("<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>")
            xml.raw("<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>")
            xml.raw("<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>")
            xml.raw("<x:Anchor>\(ref.column + 1), 15, \(ref.row), 2, \(ref.column + 4), 15, \(ref.row + 5), 2</x:Anchor>")
            xml.raw("<x:AutoFill>False</x:AutoFill><x:Row>\(ref.row)</x:Row><x:Column>\(ref.column)</x:Column></x:ClientData></v:shape>")
        }
        xml.raw("</xml>")
        return xml.bytes
    }

    /// `xl/worksheets/_rels/sheetN.xml.rels`: the sheet's comments and VML drawing.
    static func sheetRelationships(sheetNumber: Int) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("Relationships", [("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")])
        xml.raw("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"../comments\(sheetNumber).xml\"/>")
        xml.raw("<Relationship Id=\"\(drawingRelationship)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/vmlDrawing\(sheetNumber).vml\"/>")
        xml.close("Relationships")
        return xml.bytes
    }

    /// The content types the comment parts of `sheets` (1-based numbers) add.
    static func contentTypes(_ sheets: [Int]) -> String {
        guard !sheets.isEmpty else { return "" }
        return "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
            + sheets.map { "<Override PartName=\"/xl/comments\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>" }.joined()
    }

    /// Writes every comment part of the sheets that have comments.
    static func write(_ sheets: [SheetOptions], to add: (String, [UInt8]) throws -> Void) throws {
        for (index, sheet) in sheets.enumerated() where !sheet.comments.isEmpty {
            let number = index + 1
            try add("xl/comments\(number).xml", comments(sheet.comments))
            try add("xl/drawings/vmlDrawing\(number).vml", vml(sheet.comments, sheetNumber: number))
            try add("xl/worksheets/_rels/sheet\(number).xml.rels", sheetRelationships(sheetNumber: number))
        }
    }

    /// The sheet-tail elements after `<pageSetup>`: manual page breaks before the given rows, then the comments' drawing.
    static func tail(_ options: SheetOptions) -> String {
        var text = ""
        let breaks = options.rowBreaks.filter { $0 > 0 }.sorted()
        if !breaks.isEmpty {
            text += "<rowBreaks count=\"\(breaks.count)\" manualBreakCount=\"\(breaks.count)\">"
            text += breaks.map { "<brk id=\"\($0)\" max=\"16383\" man=\"1\"/>" }.joined()
            text += "</rowBreaks>"
        }
        if !options.comments.isEmpty { text += "<legacyDrawing r:id=\"\(drawingRelationship)\"/>" }
        return text
    }

    private static func sorted(_ comments: [CellRef: String]) -> [(CellRef, String)] {
        comments.sorted { ($0.key.row, $0.key.column) < ($1.key.row, $1.key.column) }.map { ($0.key, $0.value) }
    }
}
