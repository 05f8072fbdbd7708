// Reads OPC relationship parts and resolves their targets to part names (relative, absolute, `..`).
import CLibXML2

/// One `<Relationship>`; `target` is already resolved to a part name (no leading `/`).
package struct PackageRelationship: Equatable {
    package var id: String
    /// The relationship type's last path segment (`officeDocument`, `worksheet`, `sharedStrings`, `styles`),
    /// which is the same for transitional and strict OOXML.
    package var kind: String
    package var target: String
    package var external: Bool
}

package enum PackageRelationships {
    /// Parses the relationships part `relsPart` whose source part lives in `baseFolder` (e.g. `xl`).
    package static func parse(_ bytes: [UInt8], baseFolder: String, file: String, part: String) throws -> [PackageRelationship] {
        final class Handler: SAXHandler {
            var found: [PackageRelationship] = []
            let baseFolder: String
            init(baseFolder: String) { self.baseFolder = baseFolder }
            func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: SAXAttributes) {
                guard SAXParser.equal(name, "Relationship") else { return }
                let type = attributes.string("Type") ?? ""
                let external = attributes.string("TargetMode")?.lowercased() == "external"
                let target = attributes.string("Target") ?? ""
                found.append(PackageRelationship(
                    id: attributes.string("Id") ?? "",
                    kind: PackageRelationships.lastSegment(type),
                    target: external ? target : PackageRelationships.resolve(target, from: baseFolder),
                    external: external))
            }
            func endElement(_ name: UnsafePointer<xmlChar>) {}
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
        }
        let handler = Handler(baseFolder: baseFolder)
        try SAXParser.parse(bytes, handler: handler, file: file, part: part)
        return handler.found
    }

    /// Resolves `target` against `folder`: absolute targets start at the package root; `..` climbs. Split on bytes
    /// (a Character split cost ~30 K instructions a relationship, and would not split a `/` a combining mark follows).
    package static func resolve(_ target: String, from folder: String) -> String {
        let slash: UInt8 = 0x2F
        var cleaned = Array(target.utf8)
        for index in cleaned.indices where cleaned[index] == 0x5C { cleaned[index] = slash }
        var segments: [ArraySlice<UInt8>] = cleaned.first == slash ? [] : Array(folder.utf8).split(separator: slash)
        for segment in cleaned.split(separator: slash) {
            if segment.elementsEqual([0x2E]) { continue }
            if segment.elementsEqual([0x2E, 0x2E]) { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(segment)
        }
        return String(decoding: Array(segments.joined(separator: [slash])), as: UTF8.self)
    }

    /// A relationship type's last non-empty `/` segment (`…/relationships/worksheet` → `worksheet`), found on bytes.
    package static func lastSegment(_ type: String) -> String {
        let bytes = type.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == 0x2F { end = bytes.index(before: end) }
        var start = end
        while start > bytes.startIndex, bytes[bytes.index(before: start)] != 0x2F { start = bytes.index(before: start) }
        return String(decoding: type.utf8[start..<end], as: UTF8.self)
    }

    /// The `_rels/X.rels` part name for part `name` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`).
    // Both search bytes and append: a Character search and interpolation cost thousands of instructions per file.
    package static func relsPart(for name: String) -> String {
        guard let slash = name.utf8.lastIndex(of: 0x2F) else { return "_rels/" + name + ".rels" }
        var part = String(name[..<slash])
        part += "/_rels/"
        part += name[name.utf8.index(after: slash)...]
        part += ".rels"
        return part
    }

    package static func folder(of name: String) -> String {
        guard let slash = name.utf8.lastIndex(of: 0x2F) else { return "" }
        return String(name[..<slash])
    }
}
