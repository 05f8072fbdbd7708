// The metamorphic suite (issue 21's acceptance): one report of our own, perturbed and rendered into every format, reads
// in every format as its .xlsx twin does — the same values and the same errors on the same keys.
import Foundation
import Documents
import PopplerText
import Spreadsheet
import Testing
import TestSupport
@testable import Disclosure

/// `Tests/Fixtures/metamorphic/` (Scripts/make-metamorphic-fixtures.py): 青石镇 2024, fresh numbers that satisfy every
/// identity, perturbed (clean · blank · wrong · helper · blank-helper · fullwidth) and rendered as xlsx (openpyxl),
/// xls/ods/csv (LibreOffice from that xlsx), docx (python-docx, the filled official form), odt/pdf (LibreOffice from that
/// docx), html (rowspan/colspan) and txt (the page as a browser copies it: tabs, merged cells once).
struct MetamorphicFixtures: Sendable {
    let agency: String
    let year: Int
    let layout: String
    let clean: [String: Decimal?]
    let changes: [String: [String: Decimal?]]
    let formats: [String]

    static let shared: MetamorphicFixtures = {
        do { return try MetamorphicFixtures() } catch { fatalError("metamorphic/expected.json: \(error)") }
    }()

    static let perturbations = ["clean", "blank", "wrong", "helper", "blank-helper", "fullwidth"]
    static let formats = ["xlsx", "xls", "ods", "csv", "txt", "docx", "odt", "html", "pdf", "rtf"]

    init() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("metamorphic/expected.json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        agency = object["agency"] as? String ?? ""
        year = object["year"] as? Int ?? 0
        layout = object["layout"] as? String ?? ""
        formats = object["formats"] as? [String] ?? []
        func decimals(_ values: [String: Any]) -> [String: Decimal?] {
            // Through the JSON text, so 3.75 stays exactly 3.75; null is a blank cell.
            values.mapValues { ($0 as? NSNumber).flatMap { Decimal(string: "\($0)") } }
        }
        clean = decimals(object["values"] as? [String: Any] ?? [:])
        var changes: [String: [String: Decimal?]] = [:]
        for (name, entry) in object["perturbations"] as? [String: [String: Any]] ?? [:] {
            changes[name] = decimals(entry["changes"] as? [String: Any] ?? [:])
        }
        self.changes = changes
    }

    /// A perturbation's values: the clean ones with its changes.
    func values(_ perturbation: String) -> [String: Decimal?] {
        clean.merging(changes[perturbation] ?? [:]) { _, changed in changed }
    }

    static func report(_ perturbation: String, _ format: String) throws -> Report {
        try Pipeline.report(path: Fixtures.path("metamorphic/qingshi-\(perturbation).\(format)"))
    }

    /// The errors of a report as code and keys, in order: what must be the same in every format.
    static func errors(_ report: Report) -> [String] {
        report.findings.filter { $0.severity == .error }.map { "\($0.code) [\($0.keys.sorted().joined(separator: ","))]" }.sorted()
    }

    static func cases(_ perturbations: [String], _ formats: [String]) -> [(String, String)] {
        perturbations.flatMap { perturbation in formats.map { (perturbation, $0) } }
    }
}

@Suite struct MetamorphicTests {
    static let fixtures = MetamorphicFixtures.shared

    init() {
        // PDFs in process, as PDFReportTests reads them.
        PDFReader.textSource = PopplerText.textSource
    }

    /// Every case that reads right today.
    static let enabled: [(String, String)] =
        MetamorphicFixtures.cases(MetamorphicFixtures.perturbations.filter { $0 != "fullwidth" }, MetamorphicFixtures.formats)
        + MetamorphicFixtures.cases(["fullwidth"], ["xlsx", "xls", "ods", "csv", "docx", "odt", "html", "rtf"])

    @Test func theFixturesAreComplete() {
        #expect(Self.fixtures.formats == MetamorphicFixtures.formats)
        #expect(Set(Self.fixtures.changes.keys) == Set(MetamorphicFixtures.perturbations))
        #expect(Set(Self.fixtures.clean.keys) == Set(Layout.layout2021.valueKeys))
        for perturbation in MetamorphicFixtures.perturbations {
            for format in MetamorphicFixtures.formats {
                #expect(FileManager.default.fileExists(atPath: Fixtures.path("metamorphic/qingshi-\(perturbation).\(format)")), "\(perturbation).\(format)")
            }
        }
    }

    /// The .xlsx twins read to exactly the values written, with exactly the errors each perturbation deserves.
    @Test(arguments: MetamorphicFixtures.perturbations)
    func theXLSXTwinReadsExactly(perturbation: String) throws {
        let report = try MetamorphicFixtures.report(perturbation, "xlsx")
        #expect(report.agency == Self.fixtures.agency && report.year == Self.fixtures.year && report.layout.id == Self.fixtures.layout)
        for (key, value) in Self.fixtures.values(perturbation) {
            #expect(report.values[key] == value, "\(perturbation) \(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        let errors = MetamorphicFixtures.errors(report)
        switch perturbation {
        case "blank", "blank-helper":
            // One blank 自然人 cell of （一）予以公开: its row and its column do not add up, and the cell is named.
            #expect(errors.count == 2 && errors.allSatisfy { $0.contains("s3.granted.natural_person") }, "\(errors)")
            #expect(errors.contains { $0.hasPrefix("identity.s3.row_total") } && errors.contains { $0.hasPrefix("identity.s3.results_total") })
            #expect(report.findings.contains { $0.code == "value.missing" && $0.keys == ["s3.granted.natural_person"] })
        case "wrong":
            #expect(errors.count == 2 && errors.allSatisfy { $0.contains("s3.denied.third_party.business") }, "\(errors)")
        default:
            #expect(errors.isEmpty, "\(perturbation): \(errors)")
        }
        // A sheet's header is found: nothing is assumed.
        #expect(!report.findings.contains { $0.code == "layout.columns_assumed" })
    }

    @Test(arguments: enabled)
    func everyFormatReadsAsItsTwin(perturbation: String, format: String) throws {
        try Self.compare(perturbation, format)
    }

    /// Report text finds its tables by the values in them: ３８４ must count as a value (NumberLexer).
    @Test func fullWidthDigitsInTextReadAsTheirTwin() throws {
        try Self.compare("fullwidth", "txt")
    }

    // Full-width digits are twice as wide: three-digit numbers wrap inside the narrow cells (２ over ２６), one cell's
    // text on two lines; the cells from the PDF's ruling lines join them.
    @Test
    func fullWidthDigitsInPDFReadAsTheirTwin() throws {
        try Self.compare("fullwidth", "pdf")
    }

    /// The same values as the twin (and as written), the same errors on the same keys, the same agency and year.
    static func compare(_ perturbation: String, _ format: String) throws {
        let twin = try MetamorphicFixtures.report(perturbation, "xlsx")
        let report = try MetamorphicFixtures.report(perturbation, format)
        let name = "\(perturbation).\(format)"
        #expect(report.agency == fixtures.agency && report.year == fixtures.year && report.layout.id == fixtures.layout,
                "\(name): \(String(describing: report.agency)) \(String(describing: report.year)) \(report.layout.id)")
        var wrong: [String] = []
        for (key, value) in fixtures.values(perturbation) where report.values[key] != value || report.values[key] != twin.values[key] {
            wrong.append("\(key): \(String(describing: report.values[key])) ≠ \(String(describing: value))")
        }
        #expect(wrong.isEmpty, "\(name): \(wrong.count) values wrong: \(wrong.sorted().prefix(8))")
        #expect(MetamorphicFixtures.errors(report) == MetamorphicFixtures.errors(twin), "\(name): \(MetamorphicFixtures.errors(report))")
    }
}
