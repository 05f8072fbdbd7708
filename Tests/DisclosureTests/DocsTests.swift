// docs/ is generated from the code and must not drift; real outputs must fit docs/report.schema.json.
import Foundation
import Testing
import TestSupport
@testable import Disclosure

@Suite struct DocsTests {
    @Test func committedDocsAreWhatTheCodeGenerates() throws {
        for document in GeneratedDocuments.all() {
            let committed = try? String(contentsOf: Fixtures.project.appendingPathComponent(document.path), encoding: .utf8)
            #expect(committed == document.text, "\(document.path) differs from what the code generates: run `swift run nianbao docs`")
        }
    }

    @Test func everyLayoutKeyIsListed() throws {
        let keys = KeysDocument.markdown()
        for layout in Layout.all {
            for key in layout.valueKeys { #expect(keys.contains("| `\(key)` |"), "\(key)") }
        }
        #expect(keys.contains("| `s3.denied.state_secret.natural_person` | 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 | 自然人 | count |"))
        #expect(keys.contains("| `s4.suit_direct.total` | 行政诉讼 › 未经复议直接起诉 | 总计 | count |"))
        #expect(keys.contains("| `s2.procurement.amount` |"))
    }

    /// `check --json` of every fixture and the demo county, and the county's rollup, judged by python jsonschema;
    /// and each code's example in the registry is a message the program printed, where a fixture gives that code.
    @Test func realOutputsFitTheSchema() throws {
        guard let judge = runTool(["python3", "-c", "import jsonschema"]) else { return }
        guard judge.status == 0 else { judgeMissing("python3 jsonschema is not installed (Scripts/install-judges.sh)"); return }
        let folder = scratchRoot.appendingPathComponent("nianbao-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cli = CommandLineTests()
        guard let check = try cli.run(["check", "--json", "--quiet", "Tests/Fixtures/", "Samples/demo-county/"]) else { return }
        #expect(check.status == 2)
        let checkPath = folder.appendingPathComponent("check.json").path
        try Data(check.output.utf8).write(to: URL(fileURLWithPath: checkPath))
        let rollupPath = folder.appendingPathComponent("rollup.json").path
        guard try cli.run(["rollup", "Samples/demo-county/2023/", "--agency", "示范县", "--year", "2023", "--previous", "Samples/demo-county/2022/",
                           "-o", folder.appendingPathComponent("rollup.xlsx").path, "--json", rollupPath, "--quiet"]) != nil else { return }
        let script = Fixtures.project.appendingPathComponent("Scripts/check-json-schema.py").path
        let schema = Fixtures.project.appendingPathComponent(ReportSchema.path).path
        let judged = try #require(runTool(["python3", script, schema, checkPath, rollupPath]))
        #expect(judged.status == 0, "\(judged.output)")
        #expect(judged.output.contains("check.json: 207 judged") && judged.output.contains("rollup.json: 1 judged"), "\(judged.output)")

        var messages: [String: Set<String>] = [:]
        let entries = try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [[String: Any]] ?? []
        let rollup = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: rollupPath))) as? [String: Any] ?? [:]
        for entry in entries + [rollup] {
            for finding in entry["findings"] as? [[String: Any]] ?? [] {
                guard let code = finding["code"] as? String, let message = finding["message"] as? String else { continue }
                messages[code, default: []].insert(message)
            }
        }
        #expect(messages.count == 26)
        for (code, printed) in messages {
            let entry = try #require(FindingCode(rawValue: code)?.entry, "\(code) is not in the registry")
            #expect(printed.contains(entry.example), "\(code): the registry's example is not a message the fixtures give")
        }
    }
}
