// Issue 26: a clerk's and an engineer's first hour, command by command — the Chinese message, the exit code and the
// output's real type (its first bytes), each defect with the test that would have caught it.
import Dispatch
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

/// Serialized: each test starts several processes of the binary, and a dozen at once would starve the server tests' own.
@Suite(.serialized) struct FirstHourTests {
    let cli = CommandLineTests()
    let t1 = Fixtures.path("spreadsheets/libreoffice/t1.xlsx")
    let t2 = Fixtures.path("spreadsheets/libreoffice/t2.csv")
    let text = Fixtures.path("reports/000_1ee85899e4f00aa5.txt")

    func folder(_ name: String) throws -> String {
        let url = scratchRoot.appendingPathComponent("nianbao-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The binary's outcome (a recorded failure when it did not run). The wait happens on a dispatch thread, not on one
    /// of the few threads Swift's concurrency runs tests on: blocked there, they starve the server tests' awaits.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let cli = self.cli
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try cli.run(arguments) }) }
        }
        return try #require(try result.get())
    }

    func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Runs the binary under a pseudo-terminal (util-linux `script`), as a clerk types it: the exit status and what the
    /// terminal showed.
    func onTerminal(_ arguments: [String]) async throws -> (status: Int32, output: String)? {
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { try Self.onTerminalBlocking(arguments) }) }
        }
        return try result.get()
    }

    static func onTerminalBlocking(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        guard let binary = CommandLineTests.binary else { return nil }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted, "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    // 1. `convert FILE --to xlsx` with no -o on a terminal dumped zip bytes onto it.
    @Test func xlsxIsNeverPouredOntoATerminal() async throws {
        guard let shown = try await onTerminal(["convert", t2, "--to", "xlsx"]) else {
            judgeMissing("the nianbao binary or script (util-linux) is missing")
            return
        }
        #expect(shown.status == 64)
        #expect(shown.output.contains("错误：xlsx 是二进制文件，不能输出到终端；请用 -o 指定输出文件（如 -o 报表.xlsx）"), "\(shown.output)")
        #expect(!shown.output.contains("PK"))
        // Into a pipe it is what a script asked for.
        let piped = try await run(["convert", t2, "--to", "xlsx"])
        #expect(piped.status == 0)
        #expect(Array(piped.output.utf8.prefix(4)) == Self.zipMagic)
    }

    // 2. `rollup … -o x.csv` and `-o x.json` wrote an XLSX under those names.
    @Test func rollupWritesWhatTheExtensionSays() async throws {
        let out = try folder("rollup-ext")
        for (name, check) in [("c.xlsx", { (bytes: [UInt8]) in Array(bytes.prefix(4)) == Self.zipMagic }),
                              ("c.csv", { Array($0.prefix(3)) == Self.bom && String(decoding: $0.dropFirst(3).prefix(60), as: UTF8.self).contains("政府信息公开") }),
                              ("c.json", { $0.first == UInt8(ascii: "{") })] {
            let result = try await run(["rollup", t2, "--agency", "示范县", "--year", "2023", "-o", "\(out)/\(name)", "--quiet"])
            #expect(result.status == 0 || result.status == 1, "\(name): \(result.errors)")
            #expect(check(try bytes("\(out)/\(name)")), "\(name)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/c.json"))) as? [String: Any])
        #expect(object["agency"] as? String == "示范县")
        let csv = try await run(["rollup", t2, "--agency", "示范县", "--year", "2023", "-o", "\(out)/plain.csv", "--no-bom", "--quiet"])
        #expect(csv.status == 0 || csv.status == 1)
        #expect(Array(try bytes("\(out)/plain.csv").prefix(3)) != Self.bom)
        let refused = try await run(["rollup", t2, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.txt"])
        #expect(refused.status == 64)
        #expect(refused.errors.hasPrefix("错误：-o \(out)/c.txt：汇总结果按扩展名写出，应以 .xlsx（汇总工作簿）、.csv（汇总表）或 .json 结尾"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/c.txt"))
    }

    // 3. A blank template sent back unfilled passed with an empty year; `--year 23`; `--year 2022` over a 2023 title;
    // `template --layout 2019 --year 2023`; an empty folder.
    @Test func anUnfilledFormIsAnError() async throws {
        let out = try folder("blank")
        let blank = "\(out)/blank-2021.xlsx"
        let made = try await run(["template", "-o", blank])
        #expect(made.status == 0 && made.errors == "已写入 \(blank)\n")
        let checked = try await run(["check", blank])
        #expect(checked.status == 1)
        #expect(checked.output.contains("✗ \(blank)  2021 版  错误 1 · 警告 0\n    [错误] —       report.blank  统计表全部空白，报告尚未填写；请填好后再报送（没有发生的请填 0）"),
                "\(checked.output)")
        let object = try #require(try json(try await run(["check", "--json", blank]).output).first)
        #expect(object["status"] as? String == "errors" && object["errors"] as? Int == 1 && object["warnings"] as? Int == 0)
        // 2021 in `blank-2021` names the layout, not the year; the blank title names no agency.
        #expect(object["year"] is NSNull && object["agency"] is NSNull)
    }

    @Test func yearsAreFourDigitsAndAContradictionIsSaid() async throws {
        let short = try await run(["check", t2, "--year", "23"])
        #expect(short.status == 64)
        #expect(short.errors.hasPrefix("错误：--year 23 不是报告年度：应为四位数的年份（2008 至 "), "\(short.errors)")
        #expect(try await run(["rollup", t2, "--agency", "县", "--year", "23", "-o", "/tmp/x.xlsx"]).status == 64)
        #expect(try await run(["template", "--year", "202", "-o", "/tmp/x.xlsx"]).status == 64)
        let overridden = try await run(["check", "--json", t2, "--year", "2022"])
        let report = try #require(try json(overridden.output).first)
        #expect(report["year"] as? Int == 2022)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let warning = try #require(findings.first { $0["code"] as? String == "meta.year_overridden" })
        #expect(warning["severity"] as? String == "warning")
        #expect(warning["message"] as? String == "报告中的年度为 2023，与指定的年度 2022 不同，按 2022 年度处理；请核对")
        let agreeing = try #require(try json(try await run(["check", "--json", t2, "--year", "2023"]).output).first)
        #expect(!((agreeing["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "meta.year_overridden" })
        let out = try folder("template-year")
        let template = try await run(["template", "--layout", "2019", "--year", "2023", "-o", "\(out)/t.xlsx"])
        #expect(template.status == 0)
        #expect(template.errors.hasPrefix("注意：2023 年度的报告应使用 2021 年版（国办公开办函〔2021〕30号），而这是 2019 年试行版"), "\(template.errors)")
        #expect(Array(try bytes("\(out)/t.xlsx").prefix(4)) == Self.zipMagic)
    }

    @Test func anEmptyFolderIsSaidAndItsJSONIsAnEmptyArray() async throws {
        let empty = try folder("empty")
        let json = try await run(["check", "--json", empty])
        #expect(json.status == 0)
        #expect(json.output == "[]\n")
        #expect(json.errors == "没有找到可读取的文件：\(empty) 其中没有表格或报告文件（可读取 Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF、文本及其 zip 压缩包）\n")
        let text = try await run(["check", empty])
        #expect(text.status == 0 && text.output.contains("共 0 个文件"))
        let rollup = try await run(["rollup", empty, "--agency", "县", "--year", "2023", "-o", "\(empty)/c.xlsx"])
        #expect(rollup.status == 2 && rollup.errors.hasSuffix("，未写入 \(empty)/c.xlsx\n"), "\(rollup.errors)")
    }

    // 4. An inserted row of one number was dropped without a word.
    @Test func anInsertedRowOfOneNumberIsUnmatched() async throws {
        let original = try String(contentsOfFile: text, encoding: .utf8)
        for inserted in ["（其中：通过网络申请） 10", "（其中：通过网络申请）\t10"] {
            let lines = original.components(separatedBy: "\n").flatMap { $0.hasPrefix("一、本年新收") ? [$0, inserted] : [$0] }
            let path = try temporaryFile("后宫乡.txt", Array(lines.joined(separator: "\n").utf8))
            let report = try Pipeline.report(path: path)
            let unmatched = report.findings.filter { $0.kind == .layoutRowUnmatched }
            #expect(unmatched.map(\.message) == ["有数字的行「（其中：通过网络申请）」未能对应到格式中的任何一行"], "\(inserted)")
            #expect(unmatched.first?.placedCells.first?.reference == "第41行第1列")
            #expect(report.value("s3.new.total") == 0)
        }
    }

    // 5. Messages: one notation per cell, a blank said to be blank, the path once, OS errors and argument errors in Chinese.
    @Test func aTextCellIsNamedOneWayEverywhere() async throws {
        let out = try folder("notation")
        // The terminal and the tidy CSV name a text's cell alike (they read `40:3` and `第40行第3列`).
        let tidy = try await run(["convert", text, "--to", "tidy-csv"])
        #expect(tidy.output.contains(",s3.new.natural_person,s3,一、本年新收政府信息公开申请数量,自然人,0,第40行第3列\r\n"), "\(tidy.output.prefix(400))")
        let broken = try String(contentsOfFile: text, encoding: .utf8).components(separatedBy: "\n").enumerated().map { index, line in
            index == 40 ? line.replacingOccurrences(of: "二、上年结转政府信息公开申请数量\t\t0", with: "二、上年结转政府信息公开申请数量\t\t1") : line
        }
        let path = "\(out)/后宫乡.txt"
        try Data(broken.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let terminal = try await run(["check", path])
        #expect(terminal.output.contains("[错误] 第41行第3列 identity.s3.row_total"), "\(terminal.output)")
        #expect(!terminal.output.contains("41:3"))
        #expect(SourceCell(file: "a.txt", sheet: nil, row: 0, column: 9, line: 52).reference == "第52行第10列")
        #expect(SourceCell(file: "a.docx", sheet: "表2", row: 10, column: 3, table: 2).reference == "表2 第11行第4列")
        #expect(SourceCell(file: "a.pdf", sheet: nil, row: 3, column: 1, page: 4, rowLabel: "（一）予以公开", numberInRow: 2).reference == "第4页「（一）予以公开」第2个数")
        #expect(SourceCell(file: "a.xlsx", sheet: "年报", row: 29, column: 3).reference == "D30")
        // A blank 总计 is said to be blank, not `= 0`.
        let csv = try String(contentsOfFile: t2, encoding: .utf8).replacingOccurrences(of: ",33,33,286,", with: ",33,33,,")
        try Data(csv.utf8).write(to: URL(fileURLWithPath: "\(out)/石桥镇.csv"))
        let checked = try await run(["check", "\(out)/石桥镇.csv"])
        #expect(checked.output.contains("：J23 为空白（按 0 计算），D23 至 I23 之和 = 286，相差 -286；最可能出错的是 J23（现为空白，应为 286）"), "\(checked.output)")
        #expect(!checked.output.contains("J23 = 0"))
    }

    @Test func unreadableFilesAreNamedOnceWithACodeAndAChineseReason() async throws {
        let dir = try folder("unreadable")
        try Data(try bytes(t1).prefix(3000)).write(to: URL(fileURLWithPath: "\(dir)/东关街道.xlsx"))
        try Data().write(to: URL(fileURLWithPath: "\(dir)/空.csv"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).write(to: URL(fileURLWithPath: "\(dir)/照片.xls"))
        let missing = "\(dir)/没有这个文件.xlsx"
        let result = try await run(["check", "--json", dir, missing])
        #expect(result.status == 2)
        let entries = try json(result.output)
        var codes: [String: (status: String, code: String)] = [:]
        for entry in entries {
            codes[((entry["source"] as? String ?? "") as NSString).lastPathComponent] = (entry["status"] as? String ?? "", entry["error_code"] as? String ?? "")
        }
        #expect(codes["东关街道.xlsx"]?.status == "unreadable" && codes["东关街道.xlsx"]?.code == "file.truncated")
        #expect(codes["空.csv"]?.code == "file.empty")
        #expect(codes["照片.xls"]?.code == "file.unsupported")
        #expect(codes["没有这个文件.xlsx"]?.code == "file.not_found")
        let notFound = try #require(entries.first { ($0["source"] as? String) == missing })
        #expect(notFound["error"] as? String == "文件或文件夹不存在，请检查路径和文件名。")
        // The terminal names the path once: `无法读取：原因` under the file's line, `无法读取 路径：原因` from convert.
        let text = try await run(["check", "\(dir)/东关街道.xlsx"])
        #expect(text.output.hasPrefix("✗ \(dir)/东关街道.xlsx\n    无法读取：文件不完整，可能被截断或仍在复制中"), "\(text.output)")
        let converted = try await run(["convert", "\(dir)/东关街道.xlsx", "--to", "json"])
        #expect(converted.errors.hasPrefix("无法读取 \(dir)/东关街道.xlsx：文件不完整"), "\(converted.errors)")
        #expect(!converted.errors.contains("东关街道.xlsx：\(dir)"))
        // Permission denied, in Chinese (root reads everything: nothing to see there).
        if getuid() != 0 {
            let locked = "\(dir)/锁定.csv"
            try FileManager.default.copyItem(atPath: t2, toPath: locked)
            chmod(locked, 0)
            let denied = try await run(["check", "--json", locked])
            let entry = try #require(try json(denied.output).first)
            #expect(entry["error_code"] as? String == "file.denied")
            #expect(entry["error"] as? String == "没有访问权限，请检查文件或文件夹的权限。")
        }
        // A write into a folder that is a file, in Chinese.
        let unwritable = try await run(["convert", t2, "--to", "json", "-o", "/proc/nianbao.json"])
        #expect(unwritable.status == 2)
        #expect(!unwritable.errors.contains("No such") && !unwritable.errors.contains("denied"), "\(unwritable.errors)")
    }

    @Test func argumentErrorsUsageAndHelpAreChinese() async throws {
        let missing = try await run(["rollup", t2])
        #expect(missing.status == 64)
        #expect(missing.errors.hasPrefix("错误：缺少必需的参数 --year <年度>\n说明：--year <年度>  汇总的报告年度（四位数字）。\n用法：nianbao rollup [<选项>] [<文件或文件夹> ...]"), "\(missing.errors)")
        #expect(missing.errors.hasSuffix("  运行「nianbao rollup --help」查看说明。\n"))
        // --agency is optional to the parser (rollup --each-folder takes it from the folders' names); rollup says it is missing.
        let agency = try await run(["rollup", t2, "--year", "2023", "-o", "county.xlsx"])
        #expect(agency.status == 64)
        #expect(agency.errors.hasPrefix("错误：缺少必需的参数 --agency <单位>（用 --each-folder 时不给，子文件夹名即单位）\n用法：nianbao rollup [<选项>] [<文件或文件夹> ...]"), "\(agency.errors)")
        let unknown = try await run(["check", "--jsn", t2])
        #expect(unknown.errors.hasPrefix("错误：未知的选项 --jsn（是不是 --json？）"), "\(unknown.errors)")
        let invalid = try await run(["check", "--year", "abc", t2])
        #expect(invalid.errors.hasPrefix("错误：--year <年度> 的取值「abc」无效"), "\(invalid.errors)")
        let format = try await run(["convert", t2, "--to", "pdf"])
        #expect(format.status == 64 && format.errors == "错误：未知的输出格式 pdf（可选 json、xlsx、csv、tidy-csv、wide-csv）\n", "\(format.errors)")
        // English stays behind --lang en.
        let english = try await run(["--lang", "en", "check", "--jsn", t2])
        #expect(english.errors.hasPrefix("Error: Unknown option '--jsn'. Did you mean '--json'?"))
        for command in [[], ["check"], ["convert"], ["rollup"], ["template"], ["inspect"], ["serve"]] {
            let help = try await run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.output.hasPrefix(command.isEmpty ? "概要：政府信息公开工作年度报告统计表" : "概要："), "\(command): \(help.output.prefix(80))")
            #expect(help.errors.isEmpty)
            for english in ["USAGE", "OVERVIEW", "OPTIONS", "ARGUMENTS", "Show help", "(default", "Files, folders", "Output", "Roll "] {
                #expect(!help.output.contains(english), "\(command) --help: \(english)")
            }
            #expect(help.output.contains("用法："), "\(command)")
        }
        // 6. Out-of-date help: check listed .xlsx .xlsm .csv .tsv .txt, inspect XLSX, CSV or TXT.
        let check = try await run(["check", "--help"])
        #expect(check.output.contains("Word") && check.output.contains("PDF") && !check.output.contains(".tsv"))
        let inspect = try await run(["inspect", "--help"])
        #expect(inspect.output.contains("Word") && !inspect.output.contains("XLSX, CSV or TXT"))
        let topic = try await run(["help", "rollup"])
        #expect(topic.status == 0 && topic.output.hasPrefix("概要：汇总：核对各单位的报告"), "\(topic.output.prefix(80))")
        let version = try await run(["--version"])
        #expect(version.status == 0 && version.output.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.output)")
    }

    // 7. Progress lines went to stderr when it was not a terminal.
    @Test func progressOnlyOnATerminal() async throws {
        let result = try await run(["check", t1, t2, Fixtures.path("spreadsheets/libreoffice/t3.csv")])
        #expect(result.errors.isEmpty, "\(result.errors)")
    }

    // 8. `convert -o FOLDER` named t1.csv/.ods/.xls/.xlsx as t1.xlsx, t1 (2).xlsx….
    @Test func folderOutputsKeepTheInputsExtension() async throws {
        let out = try folder("flat")
        let inputs = ["t1.csv", "t1.ods", "t1.xls", "t1.xlsx"].map { Fixtures.path("spreadsheets/libreoffice/\($0)") }
        let result = try await run(["convert"] + inputs + ["--to", "xlsx", "-o", out, "--quiet"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["t1.csv.xlsx", "t1.ods.xlsx", "t1.xls.xlsx", "t1.xlsx"])
        #expect(result.errors.isEmpty)
        for name in try FileManager.default.contentsOfDirectory(atPath: out) {
            #expect(Array(try bytes("\(out)/\(name)").prefix(4)) == Self.zipMagic, "\(name)")
        }
    }

    // 9. For engineers: status and counts per file, --no-bom, wide CSV.
    @Test func engineersGetStatusNoBOMAndAWideCSV() async throws {
        let entries = try json(try await run(["check", "--json", t2, Fixtures.path("spreadsheets/libreoffice/t1.csv")]).output)
        #expect(entries.map { $0["status"] as? String } == ["warnings", "warnings"])
        #expect(entries.map { $0["errors"] as? Int } == [0, 0])
        let tidy = try await run(["convert", t2, "--to", "tidy-csv", "--no-bom"])
        #expect(tidy.output.hasPrefix("source,agency,year,layout,key,"))
        let withBOM = try await run(["convert", t2, "--to", "tidy-csv"])
        #expect(Array(withBOM.output.utf8.prefix(3)) == Self.bom)
        let wide = try await run(["convert", t2, text, "--to", "wide-csv", "--no-bom"])
        #expect(wide.status == 0)
        let rows = wide.output.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3)
        let header = rows[0].components(separatedBy: ",")
        #expect(Array(header.prefix(8)) == ["source", "agency", "year", "layout", "status", "errors", "warnings", "s2.rules.issued"])
        #expect(header.count == 7 + 200)
        #expect(header.last == "s4.suit_after_review.total")
        let first = rows[1].components(separatedBy: ",")
        #expect(Array(first.prefix(7)) == [t2, "石桥镇", "2023", "2021", "warnings", "0", "1"])
        #expect(first[header.firstIndex(of: "s3.new.total") ?? 0] == "286")
    }

    // 10. `blank-2021.docx` took its year from the layout's number; page chrome and opening sentences.
    @Test func agencyAndYearComeFromWhatNamesThem() async throws {
        #expect(Metadata.fromFileName("blank-2021.docx").year == nil)
        #expect(Metadata.fromFileName("模板2019.xlsx").year == nil)
        #expect(Metadata.fromFileName("2021版.xlsx").year == nil)
        #expect(Metadata.fromFileName("石桥镇2021年报.xlsx").year == 2021)
        #expect(Metadata.fromFileName("2023-龙泉乡.csv").year == 2023)
        #expect(Metadata.fromFileName("栏目-首页.html").agency == nil)
        #expect(!Metadata.isAgencyName("栏目：年度报告"))
        #expect(Metadata.fromTitle("        年度政府信息公开工作年度报告")?.agency == nil)
        #expect(Metadata.fromSentence("本报告由后宫乡人民政府根据《中华人民共和国政府信息公开条例》编制。") == "后宫乡人民政府")
        // A page without its title: chrome lines first, the agency named by the narrative's first sentence.
        var lines = try String(contentsOfFile: text, encoding: .utf8).components(separatedBy: "\n")
        let title = try #require(lines.firstIndex { $0.contains("年度政府信息公开工作") })
        lines[title] = "首页 > 政务公开 > 栏目：年度报告"
        lines.insert("当前位置：首页", at: title)
        lines.insert("本报告由后宫乡人民政府根据《中华人民共和国政府信息公开条例》编制。", at: title + 2)
        let path = try temporaryFile("年度报告.txt", Array(lines.joined(separator: "\n").utf8))
        let report = try Pipeline.report(path: path)
        #expect(report.agency == "后宫乡人民政府")
    }

    /// Every read code of the registry is one an unreadable file can get, and each error kind has one.
    @Test func readFailuresAreClassifiedByKind() {
        #expect(ReadFailure(SpreadsheetError(file: "a.xlsx", .empty), path: "a.xlsx") == ReadFailure(code: .fileEmpty, message: "文件为空（0 字节）。"))
        #expect(ReadFailure(SpreadsheetError(file: "a.xls", .encrypted("设置了密码")), path: "a.xls").code == .fileEncrypted)
        #expect(ReadFailure(SpreadsheetError(file: "a.xlsx", .system(EACCES)), path: "a.xlsx").message == "没有访问权限，请检查文件或文件夹的权限。")
        #expect(ReadFailure(SpreadsheetError(file: "a.xlsx", .system(EISDIR)), path: "a.xlsx").code == .fileUnsupported)
        #expect(ReadFailure(SpreadsheetError(file: "a.xlsx", part: "xl/workbook.xml", .missingPart), path: "a.xlsx").message
                == "[xl/workbook.xml]：缺少必需的部件，文件不完整或不是 Excel 工作簿。")
        #expect(FindingCode.allCases.filter { $0.entry.stage == .read }.map(\.rawValue)
                == ["file.not_found", "file.denied", "file.empty", "file.truncated", "file.damaged", "file.encrypted", "file.unsupported", "file.too_large", "file.io"])
    }
}

extension FirstHourTests {
    /// The README's table of commands and each command's `--help` name the same options.
    @Test func readmeAndHelpAgree() async throws {
        let readme = try String(contentsOf: Fixtures.project.appendingPathComponent("README.md"), encoding: .utf8)
        let options = { (text: Substring) -> Set<String> in
            var found = Set<String>()
            for match in text.matches(of: /(?:^|[\s\[`(])(--[a-z][a-z0-9-]*|-o)\b/) {
                let name = String(match.output.1)
                found.insert(name == "-o" ? "--output" : name)
            }
            return found.subtracting(["--help", "--version"])
        }
        for command in ["check", "convert", "rollup", "template", "inspect", "serve"] {
            let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `nianbao \(command) ") })
            let help = try await run([command, "--help"])
            let listed = help.output.split(separator: "\n").filter { $0.hasPrefix("  -") }.joined(separator: "\n")
            // The first column (up to the last ` | `, before what the command does).
            let synopsis = row[..<(row.range(of: " | ", options: .backwards)?.lowerBound ?? row.endIndex)]
            #expect(options(synopsis) == options(listed[...]), "\(command)")
        }
    }
}

extension FirstHourTests {
    /// A blank form with a year in its title was summed as a township of zeros.
    @Test func aBlankMemberIsNotSummed() async throws {
        let out = try folder("blank-member")
        let inbox = try folder("blank-inbox")
        try FileManager.default.copyItem(atPath: t2, toPath: "\(inbox)/石桥镇.csv")
        _ = try await run(["template", "--agency", "后宫乡", "--year", "2023", "-o", "\(inbox)/后宫乡.xlsx"])
        let result = try await run(["rollup", inbox, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.json", "--quiet"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("汇总 1 个单位（其中 0 个部分汇总），未汇总 1 个"), "\(result.output)")
        #expect(result.output.contains("  未汇总 \(inbox)/后宫乡.xlsx：报告尚未填写（统计表全部空白），未汇总"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/c.json"))) as? [String: Any])
        #expect((object["values"] as? [String: Any])?["s3.new.total"] as? Int == 286)
    }
}
