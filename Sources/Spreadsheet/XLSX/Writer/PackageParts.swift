// The package parts around the sheets: content types, relationships, workbook, document properties.

enum PackageParts {
    static func contentTypes(sheetCount: Int, extra: String = "") -> [UInt8] {
        var xml = XMLWriter()
        xml.open("Types", [("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")])
        xml.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        xml.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        xml.raw(extra)
        xml.raw("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
        for index in 1...max(sheetCount, 1) where index <= sheetCount {
            xml.raw("<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
        }
        xml.raw("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        xml.raw("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
        xml.raw("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
        xml.raw("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
        xml.close("Types")
        return xml.bytes
    }

    static func rootRelationships() -> [UInt8] {
        var xml = XMLWriter()
        xml.open("Relationships", [("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")])
        xml.raw("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>")
        xml.raw("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>")
        xml.raw("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>")
        xml.close("Relationships")
        return xml.bytes
    }

    static func workbookRelationships(sheetCount: Int) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("Relationships", [("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")])
        for index in 0..<sheetCount {
            xml.raw("<Relationship Id=\"rId\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>")
        }
        xml.raw("<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
        xml.raw("<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        xml.close("Relationships")
        return xml.bytes
    }

    static func workbook(_ sheets: [SheetOptions]) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("workbook", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
                              ("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")])
        xml.raw("<workbookPr/><bookViews><workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\"/></bookViews>")
        xml.raw("<sheets>")
        for (index, sheet) in sheets.enumerated() {
            xml.open("sheet", [("name", sheet.name), ("sheetId", "\(index + 1)"), ("r:id", "rId\(index + 1)")], close: true)
        }
        xml.raw("</sheets>")
        let titles = sheets.enumerated().compactMap { index, sheet in sheet.page.repeatRows.map { (index, sheet.name, $0) } }
        if !titles.isEmpty {
            xml.raw("<definedNames>")
            for (index, name, rows) in titles {
                let quoted = "'" + name.replacing("'", with: "''") + "'"
                xml.element("definedName", [("name", "_xlnm.Print_Titles"), ("localSheetId", "\(index)")],
                            text: "\(quoted)!$\(rows.lowerBound + 1):$\(rows.upperBound + 1)")
            }
            xml.raw("</definedNames>")
        }
        xml.raw("<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/>")
        xml.close("workbook")
        return xml.bytes
    }

    static func core(_ properties: DocumentProperties) -> [UInt8] {
        var xml = XMLWriter()
        xml.open("cp:coreProperties", [
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"), ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")])
        if let title = properties.title { xml.element("dc:title", text: title) }
        xml.element("dc:creator", text: properties.creator)
        xml.element("dcterms:created", [("xsi:type", "dcterms:W3CDTF")], text: properties.created)
        xml.element("dcterms:modified", [("xsi:type", "dcterms:W3CDTF")], text: properties.created)
        xml.close("cp:coreProperties")
        return xml.bytes
    }

    static func app() -> [UInt8] {
        var xml = XMLWriter()
        xml.open("Properties", [("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
                                ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes")])
        xml.element("Application", text: "nianbao")
        xml.close("Properties")
        return xml.bytes
    }
}
