// The binary against issue 13's traps: bracketed names, skipped files, clashing outputs, formula bombs, write
// failures, duplicate members, last year's files.
import Foundation
import Testing
import TestSupport

@Suite struct CommandLineTrapTests {
    let cli = CommandLineTests()
    let t1 = Fixtures.path("spreadsheets/libreoffice/t1.xlsx")
    let t2 = Fixtures.path("spreadsheets/libreoffice/t2.csv")

    func folder(_ name: String) throws -> String {
        let url = scratchRoot.appendingPathComponent("nianbao-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    func copy(_ source: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    func sources(_ json: String) throws -> [String] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return array.compactMap { $0["source"] as? String }
    }

    /// `柳林镇[终稿].xlsx` was globbed again (matching nothing, or 柳林镇终.xlsx) and dropped without a word.
    @Test func anExistingNameWithGlobCharactersIsThatFile() throws {
        let dir = try folder("brackets")
        try copy(t1, to: "\(dir)/柳林镇[终稿].xlsx")
        try copy(t2, to: "\(dir)/柳林镇终.csv")
        let exact = try #require(try cli.run(["check", "--json", "\(dir)/柳林镇[终稿].xlsx"]))
        #expect(try sources(exact.output) == ["\(dir)/柳林镇[终稿].xlsx"])
        #expect(exact.status == 0)
        // An argument that names nothing is still a glob; a glob that matches nothing is named as unreadable.
        let globbed = try #require(try cli.run(["check", "--json", "\(dir)/柳林镇*"]))
        #expect(try sources(globbed.output) == ["\(dir)/柳林镇[终稿].xlsx", "\(dir)/柳林镇终.csv"])
        let nothing = try #require(try cli.run(["check", "--json", "\(dir)/*.nothing"]))
        #expect(nothing.status == 2)
        #expect(try sources(nothing.output) == ["\(dir)/*.nothing"])
    }

    /// Skipped files were only counted.
    @Test func skippedFilesAreNamedEverywhere() throws {
        let dir = try folder("skipped")
        try copy(t2, to: "\(dir)/石桥镇.csv")
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/盖章页.jpg"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/报表.numbers"))
        let text = try #require(try cli.run(["check", "--quiet", dir]))
        #expect(text.output.contains("- \(dir)/盖章页.jpg\n    跳过：不支持的文件格式（.jpg），未读取"))
        #expect(text.output.contains("- \(dir)/报表.numbers\n    跳过：不支持的文件格式（.numbers），未读取"))
        #expect(text.output.contains("跳过 2 个不支持的文件"))
        let json = try #require(try cli.run(["check", "--json", dir]))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["skipped"] as? String } == ["不支持的文件格式（.numbers），未读取", "不支持的文件格式（.jpg），未读取"])
        let summary = "\(try folder("summary"))/summary.json"
        #expect(try cli.run(["check", "--quiet", dir, "--summary", summary])?.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["status"] as? String } == ["有警告", "跳过", "跳过"])
        #expect(files.map { (($0["file"] as? String) ?? "").replacingOccurrences(of: dir + "/", with: "") } == ["石桥镇.csv", "报表.numbers", "盖章页.jpg"])
    }

    /// `convert a/年报.xlsx b/年报.xlsx --to xlsx -o out/` wrote one file, the second over the first; then folders of
    /// varying depth and `t1 (2).xlsx` for t1.csv beside t1.xlsx. Now flat: the input's extension stays in the name
    /// and one name in two folders is prefixed with the folder that tells them apart.
    @Test func outputsWithTheSameBaseNameStayFlatAndApart() throws {
        let dir = try folder("clash")
        try copy(t2, to: "\(dir)/a/年报.csv")
        try copy(t1, to: "\(dir)/b/年报.xlsx")
        try copy(t1, to: "\(dir)/c/年报.xlsx")
        let result = try #require(try cli.run(["convert", "\(dir)/a/年报.csv", "\(dir)/b/年报.xlsx", "\(dir)/c/年报.xlsx", "\(dir)/b/年报.xlsx",
                                               "--to", "xlsx", "-o", "\(dir)/out/", "--quiet"]))
        #expect(result.status == 0, "\(result.errors)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: "\(dir)/out").sorted()
        #expect(written == ["b-年报 (2).xlsx", "b-年报.xlsx", "c-年报.xlsx", "年报.csv.xlsx"])
        #expect(result.errors.contains("同名文件：\(dir)/c/年报.xlsx 写入 \(dir)/out/c-年报.xlsx"), "\(result.errors)")
        // Converted into the inputs' own folder, a name that is an input gets a suffix instead of overwriting it.
        let same = try #require(try cli.run(["convert", "\(dir)/b/年报.xlsx", "\(t2)", "--to", "xlsx", "-o", "\(dir)/b", "--quiet"]))
        #expect(same.status == 0, "\(same.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/b").sorted() == ["t2.csv.xlsx", "年报 (2).xlsx", "年报.xlsx"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/b/年报.xlsx")) == Data(contentsOf: URL(fileURLWithPath: t1)))
    }

    /// A formula nested 20,000 deep crashed the process; an exponential chain or a cycle must not hang it.
    @Test(arguments: ["deep-nesting", "exponential-chain", "cycle"])
    func formulaBombsEndInSeconds(name: String) throws {
        let start = ContinuousClock.now
        let result = try #require(try cli.run(["check", "--quiet", Fixtures.path("bombs/\(name).xlsx")]))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(result.status == 1)
        let codes = ["deep-nesting": "value.formula_too_deep", "exponential-chain": "identity.s3.row_total", "cycle": "value.formula_cycle"]
        #expect(result.output.contains("J23     \(codes[name] ?? "")"), "\(result.output)")
    }

    /// Write failures came back as usage errors (64 and the usage text).
    @Test func writeFailuresExit2WithPathAndReason() throws {
        let dir = try folder("unwritable")
        let target = "\(t2)/out.json"  // a file's path used as a folder
        let result = try #require(try cli.run(["convert", t2, "--to", "json", "-o", target, "--quiet"]))
        #expect(result.status == 2)
        #expect(result.errors.contains("无法写入 \(target)：\(t2) 不是文件夹"), "\(result.errors)")
        #expect(!result.errors.contains("USAGE"))
        let missing = "\(dir)/nowhere/summary.csv"
        let summary = try #require(try cli.run(["check", t2, "--quiet", "--summary", missing]))
        #expect(summary.status == 2)
        #expect(summary.errors.contains("无法写入 \(missing)：文件夹 \(dir)/nowhere 不存在"), "\(summary.errors)")
        let refused = try #require(try cli.run(["convert", t2, "--to", "csv", "-o", t2]))
        #expect(refused.status == 2)
        #expect(refused.errors.contains("无法写入 \(t2)：与输入文件相同，已拒绝覆盖"))
    }

    /// Two files of one township were settled by modification time. Now: identical copies are one member (exit 0);
    /// differing ones with names that do not decide are an error naming both (exit 1); `--prefer` chooses.
    @Test func duplicateMembersAreNamedAndPreferChooses() throws {
        let dir = try folder("duplicates")
        try copy(t2, to: "\(dir)/石桥镇.csv")
        try copy(t2, to: "\(dir)/石桥镇 - 副本.csv")
        let out = try folder("county")
        let identical = try #require(try cli.run(["rollup", dir, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.xlsx", "--quiet"]))
        #expect(identical.status == 0, "\(identical.output)")
        #expect(identical.output.contains("汇总 1 个单位（其中 0 个部分汇总），未汇总 1 个；已写入 \(out)/c.xlsx"))
        #expect(identical.output.contains("重复报告的取舍：同一单位同一年度有多份报告时：数值完全相同的只汇总一份"))
        #expect(identical.output.hasSuffix("✓ 汇总表勾稽关系平衡\n"))
        try FileManager.default.removeItem(atPath: "\(dir)/石桥镇 - 副本.csv")
        let text = try String(contentsOfFile: t2, encoding: .utf8).replacingOccurrences(of: "行政许可,,,389", with: "行政许可,,,390")
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(dir)/石桥镇（二）.csv"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: "\(dir)/石桥镇.csv")
        let result = try #require(try cli.run(["rollup", dir, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.xlsx", "--json", "\(out)/c.json", "--quiet"]))
        #expect(result.status == 1)
        #expect(result.output.contains("[错误] rollup.duplicate_member  「石桥镇」2023 年度有两份内容不同的报告：\(dir)/石桥镇.csv 与 \(dir)/石桥镇（二）.csv，文件名不能说明哪一份是定稿"), "\(result.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/c.json"))) as? [String: Any])
        #expect((json["not_summed"] as? [[String: Any]])?.compactMap { $0["file"] as? String } == ["\(dir)/石桥镇（二）.csv"])
        #expect(json["balanced"] as? Bool == true)
        let strict = try #require(try cli.run(["rollup", dir, "--agency", "示范县", "--year", "2023", "-o", "\(out)/strict.xlsx", "--quiet", "--strict"]))
        #expect(strict.status == 1)
        #expect(strict.output.contains("未写入 \(out)/strict.xlsx：--strict 要求各单位的报告没有错误，请先改正以下 2 个单位的报告："))
        #expect(strict.output.contains("  石桥镇 \(dir)/石桥镇（二）.csv：同一单位有多份内容不同的报告，请用 --prefer 指定"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/strict.xlsx"))
        let preferred = try #require(try cli.run(["rollup", dir, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.xlsx", "--quiet",
                                                  "--prefer", "\(dir)/石桥镇（二）.csv"]))
        #expect(preferred.status == 0, "\(preferred.output)")
        #expect(preferred.output.contains("未汇总 \(dir)/石桥镇.csv：按 --prefer 采用 \(dir)/石桥镇（二）.csv"))
        #expect(try cli.run(["rollup", dir, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.xlsx", "--prefer", "\(dir)/其他.csv"])?.status == 64)
    }

    /// `--year 2024` over 2023 files wrote an all-zero workbook and exited 0; a county form that did not balance
    /// exited 0 with one line that said nothing of it.
    @Test func rollupExitCodesSayWhetherTheCountyFormCanGoUpward() throws {
        let out = try folder("county-exit")
        let inbox = try CountyInbox.make("cli", withError: true)
        let none = try #require(try cli.run(["rollup", inbox, "--agency", "示范县", "--year", "2024", "-o", "\(out)/c.xlsx", "--quiet"]))
        #expect(none.status == 2)
        #expect(none.output.hasSuffix("没有可汇总的 2024 年度报告，未写入 \(out)/c.xlsx：这些文件的报告年度为 2022、2023\n"), "\(none.output)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/c.xlsx"))
        let unbalanced = try #require(try cli.run(["rollup", inbox, "--agency", "示范县", "--year", "2023", "-o", "\(out)/c.xlsx", "--quiet"]))
        #expect(unbalanced.status == 1)
        let last = unbalanced.output.split(separator: "\n").last.map(String.init)
        #expect(last == "✗ 汇总表不平衡：2 处勾稽关系不符（J31、J47），来自 白水乡；请先改正这些单位的报告（见「问题清单」）")
        #expect(unbalanced.output.contains("[错误] J31  rollup.unbalanced  汇总表「4.保护第三方合法权益」行不符合「总计列 = 各类申请人之和」"))
        #expect(unbalanced.output.contains("未汇总 \(inbox)/河口镇2023年报.txt：没有找到统计表格，未汇总"))
        // Clean members only: balanced and every file summed.
        let clean = try folder("clean-inbox")
        try copy("\(inbox)/城关镇2023年报.csv", to: "\(clean)/城关镇2023年报.csv")
        try copy("\(inbox)/大河乡2023年报.csv", to: "\(clean)/大河乡2023年报.csv")
        let balanced = try #require(try cli.run(["rollup", clean, "--agency", "示范县", "--year", "2023", "-o", "\(out)/ok.xlsx", "--quiet"]))
        // 大河乡's own report fails its identities (its 总计 column is blank), so the rollup says so by exit 1.
        #expect(balanced.status == 1, "\(balanced.output)")
        try FileManager.default.removeItem(atPath: "\(clean)/大河乡2023年报.csv")
        #expect(try cli.run(["rollup", clean, "--agency", "示范县", "--year", "2023", "-o", "\(out)/ok.xlsx", "--quiet"])?.status == 0)
    }

    /// A city rolls up its counties' workbooks: each county one member, or (`--expand`) their townships, duplicates then
    /// found across counties (both inboxes hold the same 城关镇, 新集镇, 大河乡 and 后宫乡: summed once); `check` of a
    /// county workbook warns about none of its 分单位明细 rows.
    @Test func cityRollsUpCountyWorkbooks() throws {
        let out = try folder("city")
        for (name, withError) in [("东县", false), ("西县", true)] {
            let inbox = try CountyInbox.make("city-\(name)", withError: withError)
            _ = try #require(try cli.run(["rollup", inbox, "--agency", name, "--year", "2023", "-o", "\(out)/\(name)2023.xlsx", "--quiet"]))
        }
        let check = try #require(try cli.run(["check", "\(out)/东县2023.xlsx", "--quiet"]))
        #expect(!check.output.contains("layout.row_unmatched"), "\(check.output)")
        #expect(check.output.contains("东县 · 2023 年度 · 2021 版  错误 0 · 警告 1"), "\(check.output)")
        #expect(check.output.contains("plausibility.s2.rules_level"))
        var totals: [Int] = []
        for expand in [false, true] {
            let json = "\(out)/city\(expand).json"
            let city = try #require(try cli.run(["rollup", "\(out)/东县2023.xlsx", "\(out)/西县2023.xlsx", "--agency", "示范市", "--year", "2023",
                                                 "-o", "\(out)/city\(expand).xlsx", "--json", json, "--quiet"] + (expand ? ["--expand"] : [])))
            #expect(city.status == 1)
            #expect(city.output.contains(expand ? "按分单位明细汇总 2 个县级汇总工作簿的 9 个单位" : "汇总 2 个单位（其中 0 个部分汇总）"), "\(city.output)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
            #expect((object["members"] as? [Any])?.count == (expand ? 9 : 2))
            #expect(object["unbalanced_members"] as? [String] == [expand ? "白水乡" : "西县"])
            #expect(city.output.contains("重复报告的取舍") == expand)
            totals.append(try #require((object["values"] as? [String: Any])?["s3.new.total"] as? Int))
        }
        #expect(totals == [9 * 286, 5 * 286])
    }

    /// `--previous` matched by agency alone, any year, and dropped unreadable files silently.
    @Test func previousFilesMustBeLastYearsAndAreNamedWhenUnreadable() throws {
        let dir = try folder("previous")
        try copy(t2, to: "\(dir)/石桥镇2023.csv")
        try Data("PK".utf8).write(to: URL(fileURLWithPath: "\(dir)/坏.xlsx"))
        let result = try #require(try cli.run(["check", "--json", t2, "--previous", dir]))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        let codes = (array.first?["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.contains("cross_year.previous_mismatch"))
        #expect(!codes.contains("cross_year.s3.carry"))
        #expect(result.errors.contains("上一年度的文件无法读取，未用于跨年核对：\(dir)/坏.xlsx"), "\(result.errors)")
    }
}
