// The whole path for one input: read → locate → normalise → check, with the user's overrides.
import Readers
import Spreadsheet

/// Options a user gives for reading reports.
public struct ReadOptions: Sendable {
    public var layout: LayoutChoice = .auto
    public var agency: String?
    public var year: Int?
    public var strict = false
    public var encoding: TextEncoding?
    /// Forces the CSV delimiter (`,` `\t` `;` `|`) instead of sniffing it.
    public var delimiter: UInt8?

    public init(layout: LayoutChoice = .auto, agency: String? = nil, year: Int? = nil, strict: Bool = false, encoding: TextEncoding? = nil,
                delimiter: UInt8? = nil) {
        self.layout = layout
        self.agency = agency
        self.year = year
        self.strict = strict
        self.encoding = encoding
        self.delimiter = delimiter
    }
}

/// The whole path for one input: read → locate → normalise → check.
public enum Pipeline {
    /// Reads, locates, normalises and checks one file. Throws only when the file cannot be read at all.
    public static func report(path: String, options: ReadOptions = ReadOptions(), previous: Report? = nil) throws -> Report {
        let workbook = try FormatRegistry.read(path: path, encoding: options.encoding, delimiter: options.delimiter)
        return report(workbook: workbook, options: options, previous: previous)
    }

    /// Locates, normalises and checks an already-read workbook.
    public static func report(workbook: Workbook, options: ReadOptions = ReadOptions(), previous: Report? = nil) -> Report {
        // nianbao's own county workbook is a report of its own kind: 汇总 the report, 分单位明细 its members.
        if let county = CountyWorkbook.report(workbook, options: options, previous: previous) { return county }
        let located = Locator(choice: options.layout, agency: options.agency, year: options.year).locate(workbook)
        let report = Normaliser.normalise(located, strict: options.strict)
        return Checker().check(report, previous: previous)
    }
}
