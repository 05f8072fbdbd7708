// Our own county inboxes, written from the clean township t2.csv: clean members, a member whose 总计 column is blank,
// one with no tables, last year's file, two drafts of one township, a member with a wrong cell.
import Foundation
import TestSupport

enum CountyInbox {
    static let t2 = Fixtures.path("spreadsheets/libreoffice/t2.csv")

    /// Line numbers (1-based) of section 三's rows in t2.csv, and the column of 总计.
    static let section3 = 23...47
    static let totalColumn = 9

    /// t2.csv as `agency`'s report of `year`, with `edit` applied to its lines split at commas (section 三 and below
    /// hold no quoted fields).
    static func member(_ agency: String, year: Int = 2023, edit: (inout [[String]]) -> Void = { _ in }) throws -> String {
        let text = try String(contentsOfFile: t2, encoding: .utf8)
            .replacingOccurrences(of: "石桥镇", with: agency)
            .replacingOccurrences(of: "2023年度", with: "\(year)年度")
        var lines = text.components(separatedBy: "\n").map { $0.components(separatedBy: ",") }
        edit(&lines)
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\n")
    }

    /// The 总计 column of section 三 left blank (a township that fills only the applicant columns).
    static func blankTotals(_ lines: inout [[String]]) {
        for line in section3 { lines[line - 1][totalColumn] = "" }
    }

    /// Writes the inbox into a new folder; `withError` adds 白水乡, whose 「4.保护第三方合法权益」 total is 12 (should be 11).
    static func make(_ name: String, withError: Bool) throws -> String {
        let folder = scratchRoot.appendingPathComponent("nianbao-inbox-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ file: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(file)"))
        }
        try write("城关镇2023年报.csv", try member("城关镇"))
        try write("新集镇2023年报.csv", try member("新集镇"))
        try write("大河乡2023年报.csv", try member("大河乡", edit: blankTotals))
        try write("河口镇2023年报.txt", "河口镇2023年度政府信息公开工作年度报告\n一、总体情况\n2023年，河口镇认真贯彻《中华人民共和国政府信息公开条例》，持续推进政务公开。\n二、存在的主要问题及改进情况\n公开内容还不够全面。\n")
        try write("龙泉乡2022年报.csv", try member("龙泉乡", year: 2022))
        try write("后宫乡年报-初稿.csv", try member("后宫乡"))
        try write("后宫乡年报-终稿.csv", try member("后宫乡") { $0[9][3] = "390" })
        if withError {
            try write("白水乡2023年报.csv", try member("白水乡") { $0[29][totalColumn] = "12" })
        }
        return folder
    }
}
