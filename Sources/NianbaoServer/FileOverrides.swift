// What the clerk set on the page for single files (agency, year when a title is wrong), and which duplicate to sum.
import Disclosure
import Foundation

/// The clerk's choices that travel with the files: per file name an agency or year that replaces what the title says,
/// used by check, view, convert and rollup alike (and kept with the file by the page, which sends them every time).
struct FileOverrides: Sendable {
    var agency: [String: String] = [:]
    var year: [String: Int] = [:]
    /// Sources to sum over the other reports of their agency and year (`rollup --prefer`).
    var preferred: Set<String> = []

    init() {}

    /// Reads the `overrides` field (`{"名称": {"agency": "某某乡", "year": 2023}}`) and the `prefer` field (a JSON
    /// array of names); a malformed value is a request error, never ignored.
    init(fields: [String: String]) throws {
        if let text = fields["overrides"], !text.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw ServerError.badRequest("overrides 字段应为 JSON 对象")
            }
            for (name, value) in object {
                guard let entry = value as? [String: Any] else { throw ServerError.badRequest("overrides 中 \(name) 的值应为对象") }
                if let agency = entry["agency"] as? String {
                    let trimmed = agency.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !trimmed.isEmpty, trimmed.count <= 100 else { throw ServerError.badRequest("\(name) 的单位名称应为 1 到 100 个字") }
                    self.agency[name] = trimmed
                }
                if let number = entry["year"] {
                    guard let year = (number as? Int) ?? (number as? String).flatMap({ Int($0) }), (1990...2200).contains(year) else {
                        throw ServerError.badRequest("\(name) 的年度应为四位数字")
                    }
                    self.year[name] = year
                }
            }
        }
        if let text = fields["prefer"], !text.isEmpty {
            guard let names = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
                throw ServerError.badRequest("prefer 字段应为文件名的 JSON 数组")
            }
            preferred = Set(names)
        }
    }

    /// How the file of that name is read: the overrides in place of what its title says.
    func options(for name: String) -> ReadOptions {
        ReadOptions(agency: agency[name], year: year[name])
    }
}
