// Zip archives of township files for the tests: UTF-8 or GBK member names, nesting, a bomb.
import Foundation
import ZipArchive

public enum TestArchives {
    /// A zip of the entries. With `gbkNames`, every name is written as GBK bytes without the UTF-8 flag, as Chinese
    /// Windows zip tools write them.
    public static func zip(_ entries: [(String, [UInt8])], gbkNames: Bool = false) throws -> [UInt8] {
        guard gbkNames else { return try ZipWriter.archive(entries) }
        // Written under ASCII stand-ins of the same byte length (no flag), then the stand-ins replaced by the GBK bytes.
        var named: [(String, [UInt8])] = []
        var replacements: [([UInt8], [UInt8])] = []
        for (index, (name, bytes)) in entries.enumerated() {
            let gbk = try gbkBytes(name)
            let tag = Array("@@NAME\(index)@".utf8)
            precondition(gbk.count >= tag.count, "names of at least \(tag.count) GBK bytes")
            let standIn = tag + [UInt8](repeating: UInt8(ascii: "@"), count: gbk.count - tag.count)
            named.append((String(decoding: standIn, as: UTF8.self), bytes))
            replacements.append((standIn, gbk))
        }
        var archive = try ZipWriter.archive(named)
        for (standIn, gbk) in replacements {
            var start = 0
            while let found = find(standIn, in: archive, from: start) {
                archive.replaceSubrange(found..<found + standIn.count, with: gbk)
                start = found + gbk.count
            }
        }
        return archive
    }

    public static func gbkBytes(_ text: String) throws -> [UInt8] {
        guard let converter = Iconv(from: "UTF-8", to: "GBK") else { throw CocoaError(.featureUnsupported) }
        var output: [UInt8] = []
        _ = try Array(text.utf8).withUnsafeBytes { try converter.convert($0, into: &output, final: true) }
        return output
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }

    /// Three township workbooks (our own spreadsheets) in a folder `乡镇/`, a picture, and a macOS resource folder.
    public static func threeTownships(gbkNames: Bool = false) throws -> [UInt8] {
        func workbook(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("spreadsheets/openpyxl/\(name).xlsx"))))
        }
        var entries = [("乡镇/后宫乡.xlsx", try workbook("t1")), ("乡镇/石桥镇.xlsx", try workbook("t2")), ("乡镇/龙泉乡.xlsx", try workbook("t3")),
                       ("乡镇/照片说明.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])]
        if !gbkNames { entries.append(("__MACOSX/乡镇/._后宫乡.xlsx", [0, 5, 22, 7])) }
        return try zip(entries, gbkNames: gbkNames)
    }

    /// Township → agency and a value of its workbook (`s3.new.total`), for the three above.
    public static let townships: [(member: String, agency: String)] = [("乡镇/后宫乡.xlsx", "后宫乡"), ("乡镇/石桥镇.xlsx", "石桥镇"), ("乡镇/龙泉乡.xlsx", "龙泉乡")]
}
