// `rollup --each-folder` through the real binary: one county per subfolder, each the single rollup's bytes.
import Foundation
import Testing
import TestSupport

@Suite struct EachFolderRollupTests {
    let cli = CommandLineTests()

    /// A province in a temp folder: 甲县 (城关镇, 龙泉乡 and 青山镇, whose errors unbalance the county form; last year's
    /// 城关镇 under PREV/甲县), 乙县 (后宫乡 and 新集镇 twice, the same bytes under a 终稿 name; last year's 新集镇, whose
    /// carry-over differs, under PREV/乙县) and 丙县 (only a scanned page, nothing readable).
    func province() throws -> URL {
        let root = scratchRoot.appendingPathComponent("nianbao-province-\(UUID().uuidString)")
        let demo = CommandLineTests.root.appendingPathComponent("Samples/demo-county")
        let copies: [(String, String, String)] = [
            ("2023/城关镇2023年度政府信息公开工作年度报告.xlsx", "P/甲县", "城关镇2023年度政府信息公开工作年度报告.xlsx"),
            ("2023/龙泉乡2023年度政府信息公开工作年度报告.csv", "P/甲县", "龙泉乡2023年度政府信息公开工作年度报告.csv"),
            ("2023/青山镇2023年度政府信息公开工作年度报告.xlsx", "P/甲县", "青山镇2023年度政府信息公开工作年度报告.xlsx"),
            ("2023/后宫乡2023年度政府信息公开工作年度报告.xlsx", "P/乙县", "后宫乡2023年度政府信息公开工作年度报告.xlsx"),
            ("2023/新集镇2023年度政府信息公开工作年度报告.xlsx", "P/乙县", "新集镇2023年度政府信息公开工作年度报告.xlsx"),
            ("2023/新集镇2023年度政府信息公开工作年度报告.xlsx", "P/乙县", "新集镇2023年度报告（终稿）.xlsx"),
            ("2023/盖章页.jpg", "P/丙县", "盖章页.jpg"),
            ("2022/城关镇2022年报.csv", "PREV/甲县", "城关镇2022年报.csv"),
            ("2022/新集镇2022年报.csv", "PREV/乙县", "新集镇2022年报.csv"),
        ]
        for (source, folder, name) in copies {
            let target = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: demo.appendingPathComponent(source), to: target.appendingPathComponent(name))
        }
        return root
    }

    @Test func eachSubfolderIsOneCountyWrittenAsItsSingleRollup() throws {
        let root = try province()
        defer { try? FileManager.default.removeItem(at: root) }
        let province = root.appendingPathComponent("P").path
        let out = root.appendingPathComponent("out/2023").path  // two levels missing: made
        guard let batch = try cli.run(["rollup", province, "--each-folder", "--year", "2023", "--previous", root.appendingPathComponent("PREV").path,
                                       "-o", out, "--quiet"]) else { return }
        // 丙县 wrote nothing: the worst county's exit code.
        #expect(batch.status == 2, "\(batch.output)\(batch.errors)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(written == ["乙县2023年汇总.xlsx", "甲县2023年汇总.xlsx"])
        let lines = batch.output.split(separator: "\n").map(String.init)
        #expect(lines == [
            "✗ 丙县：没有找到可读取的文件：\(province)/丙县 其中只有 1 个不支持的文件（可读取 Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF、文本及其 zip 压缩包），未写入 \(out)/丙县2023年汇总.xlsx",
            "✓ 乙县：勾稽平衡，汇总 2 个单位，未汇总 1 个，各单位错误 0 处；已写入 \(out)/乙县2023年汇总.xlsx",
            "✗ 甲县：汇总表不平衡（3 处），汇总 3 个单位，未汇总 0 个，各单位错误 3 处；已写入 \(out)/甲县2023年汇总.xlsx",
            "共 3 个县：写出 2 个汇总（勾稽平衡 1 个），未写出 1 个；输出文件夹 \(out)",
        ], "\(batch.output)")

        // Each workbook is the single rollup's, byte for byte, with last year's folder of the same name.
        let single = root.appendingPathComponent("single").path
        try FileManager.default.createDirectory(atPath: single, withIntermediateDirectories: true)
        for (county, status) in [("甲县", Int32(1)), ("乙县", Int32(0))] {
            let previous = ["--previous", root.appendingPathComponent("PREV/\(county)").path]
            let path = "\(single)/\(county).xlsx"
            let run = try #require(try cli.run(["rollup", "\(province)/\(county)", "--agency", county, "--year", "2023", "-o", path, "--quiet"] + previous))
            #expect(run.status == status, "\(county): \(run.output)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == (try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(county)2023年汇总.xlsx"))), "\(county)")
        }
        // Last year's folder was used: without it 乙县's workbook differs (新集镇's cross_year.s3.carry is gone).
        let bare = try #require(try cli.run(["rollup", "\(province)/乙县", "--agency", "乙县", "--year", "2023", "-o", "\(single)/bare.xlsx", "--quiet"]))
        #expect(bare.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(single)/bare.xlsx")) != (try Data(contentsOf: URL(fileURLWithPath: "\(out)/乙县2023年汇总.xlsx"))))

        // --json -: one array on stdout, each county's rollup object with its agency, folder and output; lines on stderr.
        let json = try #require(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", out, "--json", "-", "--quiet"]))
        #expect(json.status == 2)
        #expect(json.errors.contains("共 3 个县：写出 2 个汇总（勾稽平衡 1 个），未写出 1 个"))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["agency"] as? String } == ["丙县", "乙县", "甲县"])
        #expect(entries.map { $0["balanced"] as? Bool } == [nil, true, false])
        #expect(entries.map { $0["output"] as? String } == [nil, "\(out)/乙县2023年汇总.xlsx", "\(out)/甲县2023年汇总.xlsx"])
        #expect(entries.map { ($0["members"] as? [[String: Any]])?.count } == [nil, 3, 3])
        #expect(entries.map { ($0["not_summed"] as? [[String: Any]])?.compactMap { $0["file"] as? String } }
            == [nil, ["\(province)/乙县/新集镇2023年度政府信息公开工作年度报告.xlsx"], []])
        #expect(entries[0]["error"] as? String == "没有找到可读取的文件：\(province)/丙县 其中只有 1 个不支持的文件（可读取 Excel、WPS、ODS、CSV、Word、RTF、ODT、网页、PDF、文本及其 zip 压缩包），未写入 \(out)/丙县2023年汇总.xlsx")
        #expect(entries.map { $0["folder"] as? String } == ["丙县", "乙县", "甲县"].map { "\(province)/\($0)" })
        // The array fits docs/report.schema.json ($defs/rollup and $defs/rollup_failed).
        if let judge = runTool(["python3", "-c", "import jsonschema"]), judge.status == 0 {
            let file = root.appendingPathComponent("each.json").path
            try Data(json.output.utf8).write(to: URL(fileURLWithPath: file))
            let judged = try #require(runTool(["python3", CommandLineTests.root.appendingPathComponent("Scripts/check-json-schema.py").path,
                                                CommandLineTests.root.appendingPathComponent("docs/report.schema.json").path, file]))
            #expect(judged.status == 0, "\(judged.output)")
            #expect(judged.output.contains("each.json: 3 judged"), "\(judged.output)")
        } else {
            judgeMissing("python3 jsonschema is not installed (Scripts/install-judges.sh)")
        }
    }

    @Test func aCountyThatCannotBeWrittenIsReportedAndTheOthersAreStillWritten() throws {
        let root = try province()
        defer { try? FileManager.default.removeItem(at: root) }
        let province = root.appendingPathComponent("P").path
        let out = root.appendingPathComponent("out").path
        // 甲县's output is taken by a folder: its write fails, 乙县's does not.
        try FileManager.default.createDirectory(atPath: "\(out)/甲县2023年汇总.csv", withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: "\(province)/丙县")
        let run = try #require(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", out, "--to", "csv", "--quiet"]))
        #expect(run.status == 2)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.output)")
        #expect(lines.first == "✓ 乙县：勾稽平衡，汇总 2 个单位，未汇总 1 个，各单位错误 0 处；已写入 \(out)/乙县2023年汇总.csv")
        #expect(lines.dropFirst().first?.hasPrefix("✗ 甲县：汇总表不平衡（3 处），汇总 3 个单位，未汇总 0 个，各单位错误 3 处；无法写入 \(out)/甲县2023年汇总.csv：") == true,
                "\(run.output)")
        #expect(lines.last == "共 2 个县：写出 1 个汇总（勾稽平衡 1 个），未写出 1 个；输出文件夹 \(out)")
        // The CSV is the single rollup's county form.
        let single = root.appendingPathComponent("single.csv").path
        #expect(try cli.run(["rollup", "\(province)/乙县", "--agency", "乙县", "--year", "2023", "-o", single, "--quiet"])?.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: single)) == (try Data(contentsOf: URL(fileURLWithPath: "\(out)/乙县2023年汇总.csv"))))
    }

    @Test func theOutputFolderAmongTheCountiesIsNoCountyAndLooseFilesAreNamed() throws {
        let root = try province()
        defer { try? FileManager.default.removeItem(at: root) }
        let province = root.appendingPathComponent("P").path
        try FileManager.default.removeItem(atPath: "\(province)/丙县")
        try FileManager.default.removeItem(atPath: "\(province)/甲县")
        try Data("说明".utf8).write(to: URL(fileURLWithPath: "\(province)/说明.txt"))
        let out = "\(province)/汇总"
        for _ in 0..<2 {  // the second run finds 汇总/ among the counties, and leaves it out
            let run = try #require(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", out, "--quiet"]))
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.split(separator: "\n").map(String.init) == [
                "  \(province) 中有 1 个文件不在任何县的文件夹中，未汇总（--each-folder 只汇总子文件夹）",
                "✓ 乙县：勾稽平衡，汇总 2 个单位，未汇总 1 个，各单位错误 0 处；已写入 \(out)/乙县2023年汇总.xlsx",
                "共 1 个县：写出 1 个汇总（勾稽平衡 1 个），未写出 0 个；输出文件夹 \(out)",
            ], "\(run.output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["乙县2023年汇总.xlsx"])
    }

    @Test func oneCountyNameInTwoFoldersIsRolledUpOnce() throws {
        let root = try province()
        defer { try? FileManager.default.removeItem(at: root) }
        let province = root.appendingPathComponent("P").path
        let other = root.appendingPathComponent("PREV").path  // its 甲县 and 乙县 are names met again
        let out = root.appendingPathComponent("out").path
        let run = try #require(try cli.run(["rollup", province, other, "--each-folder", "--year", "2023", "-o", out, "--json", "-", "--quiet"]))
        #expect(run.status == 2)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["folder"] as? String } == ["\(province)/丙县", "\(province)/乙县", "\(province)/甲县", "\(other)/乙县", "\(other)/甲县"])
        #expect(entries.suffix(2).map { $0["error"] as? String } == ["乙县", "甲县"].map { "与 \(province)/\($0) 同名，未汇总（两县的汇总会写到同一个文件）" })
        #expect(run.errors.contains("共 5 个县：写出 2 个汇总（勾稽平衡 1 个），未写出 3 个"), "\(run.errors)")
    }

    @Test func outputMustBeAFolderAndAgencyComesFromTheFolders() throws {
        let root = try province()
        defer { try? FileManager.default.removeItem(at: root) }
        let province = root.appendingPathComponent("P").path
        let file = root.appendingPathComponent("province.xlsx").path
        let refused = try #require(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", file]))
        #expect(refused.status == 64)
        #expect(refused.errors.hasPrefix("错误：-o \(file)：--each-folder 把各县的汇总分别写入一个文件夹，请给出文件夹（不是文件）"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: file))
        // An existing file without an extension is no folder either.
        let plain = root.appendingPathComponent("P/甲县/城关镇2023年度政府信息公开工作年度报告.xlsx").path
        #expect(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", plain])?.status == 64)
        let agency = try #require(try cli.run(["rollup", province, "--each-folder", "--agency", "某省", "--year", "2023", "-o", root.path]))
        #expect(agency.errors.hasPrefix("错误：用 --each-folder 时不给 --agency：每个子文件夹的名称即单位"), "\(agency.errors)")
        let previous = try #require(try cli.run(["rollup", province, "--each-folder", "--year", "2023", "-o", root.path,
                                                 "--previous", root.appendingPathComponent("PREV/甲县/城关镇2022年报.csv").path]))
        #expect(previous.status == 64)
        #expect(previous.errors.contains("用 --each-folder 时应给文件夹，其中与县同名的子文件夹是该县的上一年度"), "\(previous.errors)")
        let to = try #require(try cli.run(["rollup", "\(province)/甲县", "--agency", "甲县", "--year", "2023", "-o", file, "--to", "csv"]))
        #expect(to.errors.hasPrefix("错误：--to 只用于 --each-folder；单个汇总按 -o 的扩展名写出"), "\(to.errors)")
    }
}
