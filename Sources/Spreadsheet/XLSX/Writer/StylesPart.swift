// Collects the styles cells use and writes xl/styles.xml (fills 0/1 none/gray125, a Normal cell style).

final class StyleRegistry {
    private(set) var styles: [CellStyle] = [CellStyle(verticalCenter: false)]
    private var index: [CellStyle: Int] = [CellStyle(verticalCenter: false): 0]

    func id(_ style: CellStyle) -> Int {
        if let id = index[style] { return id }
        styles.append(style)
        index[style] = styles.count - 1
        return styles.count - 1
    }

    func xml() -> [UInt8] {
        var fonts: [Font] = []
        var fills: [String?] = [nil, nil]  // none, gray125
        var formats: [String] = []
        func position<T: Equatable>(_ item: T, in list: inout [T]) -> Int {
            if let found = list.firstIndex(of: item) { return found }
            list.append(item)
            return list.count - 1
        }
        let defaultFont = Font()
        _ = position(defaultFont, in: &fonts)
        var records: [(font: Int, fill: Int, border: Int, format: Int, style: CellStyle)] = []
        for style in styles {
            let font = position(style.font, in: &fonts)
            var fill = 0
            if let colour = style.fill {
                if let found = fills.dropFirst(2).firstIndex(of: colour) { fill = found } else { fills.append(colour); fill = fills.count - 1 }
            }
            var format = 0
            if let code = style.numberFormat {
                switch code {
                case "0": format = 1
                case "0.00": format = 2
                case "#,##0": format = 3
                case "@": format = 49
                default: format = 164 + position(code, in: &formats)
                }
            }
            records.append((font, fill, style.border ? 1 : 0, format, style))
        }
        var xml = XMLWriter()
        xml.open("styleSheet", [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")])
        if !formats.isEmpty {
            xml.open("numFmts", [("count", "\(formats.count)")])
            for (offset, code) in formats.enumerated() {
                xml.open("numFmt", [("numFmtId", "\(164 + offset)"), ("formatCode", code)], close: true)
            }
            xml.close("numFmts")
        }
        xml.open("fonts", [("count", "\(fonts.count)")])
        for font in fonts {
            xml.open("font")
            if font.bold { xml.open("b", close: true) }
            xml.open("sz", [("val", format(font.size))], close: true)
            xml.open("name", [("val", font.name)], close: true)
            if let charset = font.charset { xml.open("charset", [("val", "\(charset)")], close: true) }
            xml.close("font")
        }
        xml.close("fonts")
        xml.open("fills", [("count", "\(fills.count)")])
        xml.raw("<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
        for colour in fills.dropFirst(2) {
            xml.raw("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(colour ?? "FFFFFFFF")\"/><bgColor indexed=\"64\"/></patternFill></fill>")
        }
        xml.close("fills")
        xml.raw("<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>")
        xml.raw("<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right><top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>")
        xml.raw("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        xml.open("cellXfs", [("count", "\(records.count)")])
        for record in records {
            var attributes = [("numFmtId", "\(record.format)"), ("fontId", "\(record.font)"), ("fillId", "\(record.fill)"),
                              ("borderId", "\(record.border)"), ("xfId", "0")]
            if record.format != 0 { attributes.append(("applyNumberFormat", "1")) }
            if record.font != 0 { attributes.append(("applyFont", "1")) }
            if record.fill != 0 { attributes.append(("applyFill", "1")) }
            if record.border != 0 { attributes.append(("applyBorder", "1")) }
            let style = record.style
            let aligned = style.horizontal != nil || style.verticalCenter || style.wrap
            if aligned { attributes.append(("applyAlignment", "1")) }
            if !style.locked { attributes.append(("applyProtection", "1")) }
            xml.open("xf", attributes)
            if aligned {
                var alignment: [(String, String)] = []
                if let horizontal = style.horizontal { alignment.append(("horizontal", horizontal.rawValue)) }
                if style.verticalCenter { alignment.append(("vertical", "center")) }
                if style.wrap { alignment.append(("wrapText", "1")) }
                xml.open("alignment", alignment, close: true)
            }
            if !style.locked { xml.open("protection", [("locked", "0")], close: true) }
            xml.close("xf")
        }
        xml.close("cellXfs")
        xml.raw("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        xml.raw("<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>")
        xml.close("styleSheet")
        return xml.bytes
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
