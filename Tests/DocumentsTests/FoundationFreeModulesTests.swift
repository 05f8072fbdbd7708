// The readers below Disclosure import no Foundation: its ICU and libxml2's ICU clash in a module that sees both
// (PopplerText, which sees Documents and Spreadsheet), and only a clean build shows it.
import Foundation
import Testing
import TestSupport

@Suite struct FoundationFreeModulesTests {
    @Test func readersAndContainersDoNotImportFoundation() throws {
        var offenders: [String] = []
        for module in ["ZipArchive", "CompoundFile", "Spreadsheet", "Documents", "Readers", "PopplerText"] {
            let folder = Fixtures.project.appendingPathComponent("Sources/\(module)")
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import Foundation") || line.contains("import Foundation")
                    && (line.hasPrefix("@_exported") || line.hasPrefix("@preconcurrency") || line.hasPrefix("public import")) {
                    offenders.append("Sources/\(module)/\(file): \(line)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
