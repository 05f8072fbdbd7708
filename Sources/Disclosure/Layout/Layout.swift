// The types that describe an official table layout as data: sections, tables, rows, columns, identities.

/// How a value is read and checked.
public enum ValueKind: String, Sendable, Equatable {
    /// A non-negative whole number (件数, 申请数).
    case count
    /// A whole number that may be negative (2019 本年增/减).
    case signedCount
    /// Money in 万元, a decimal with up to 4 places.
    case money
}

/// The three sections that hold tables.
public enum Section: String, Sendable, Equatable, CaseIterable {
    case s2, s3, s4

    /// The heading as the official form prints it.
    public var heading: String {
        switch self {
        case .s2: return "二、主动公开政府信息情况"
        case .s3: return "三、收到和处理政府信息公开申请情况"
        case .s4: return "四、政府信息公开行政复议、行政诉讼情况"
        }
    }
}

/// A column of a table: the key suffix, the official label and accepted variants.
public struct LayoutColumn: Sendable, Equatable {
    public var key: String
    public var label: String
    public var aliases: [String]
    public var kind: ValueKind
    /// For grouped headers (section 四): the group label above this column.
    public var group: String?

    public init(_ key: String, _ label: String, aliases: [String] = [], kind: ValueKind = .count, group: String? = nil) {
        self.key = key
        self.label = label
        self.aliases = aliases
        self.kind = kind
        self.group = group
    }
}

/// A data row: the row key, its official label path (parents first) and accepted variants of its own label.
public struct LayoutRow: Sendable, Equatable {
    /// e.g. `s3.denied.state_secret`
    public let key: String
    /// Parent labels then the row's own label, as the form prints them.
    public let path: [String]
    public let aliases: [String]
    /// The columns this row fills (section 二 rows differ; section 三 rows share the table's).
    public let columns: [LayoutColumn]

    public init(_ key: String, _ path: [String], aliases: [String] = [], columns: [LayoutColumn]) {
        self.key = key
        self.path = path
        self.aliases = aliases
        self.columns = columns
        valueKeys = columns.map { "\(key).\($0.key)" }
    }

    public var label: String { path.last ?? key }

    /// Canonical value keys of this row: `<row key>.<column key>`.
    public let valueKeys: [String]
}

/// A table (or a captioned sub-table of section 二).
public struct LayoutTable: Sendable, Equatable {
    public var id: String
    public var section: Section
    /// The caption row printed above the sub-table (`第二十条第（一）项`), if any.
    public var caption: String?
    /// Header rows as the form prints them, top to bottom; the template writer lays them out.
    public var columns: [LayoutColumn]
    public var rows: [LayoutRow]
    /// Section 四: one unlabeled row of values under a grouped header.
    public var isSingleRow: Bool
    /// The header's top-left cell (section 三's 勾稽 note), or the label-column heading (`信息内容`).
    public var cornerLabel: String?
    /// A heading over every grouped and ungrouped column except the last (section 三's `申请人情况`).
    public var spanningHeader: String?
    /// Parents of column groups (`未经复议直接起诉` → `行政诉讼`).
    public var groupParents: [String: String]

    public init(id: String, section: Section, caption: String? = nil, columns: [LayoutColumn], cornerLabel: String? = nil,
                rows: [LayoutRow], isSingleRow: Bool = false, spanningHeader: String? = nil, groupParents: [String: String] = [:]) {
        self.id = id
        self.section = section
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.isSingleRow = isSingleRow
        self.cornerLabel = cornerLabel
        self.spanningHeader = spanningHeader
        self.groupParents = groupParents
    }
}

/// An equation between sums of canonical keys, e.g. `s3.new.total + s3.carried_over.total == s3.total.total + …`.
public struct IdentityInstance: Sendable, Equatable {
    public var lhs: [String]
    public var rhs: [String]
    /// What this instance is about, for messages (`自然人列`, `（一）予以公开行`).
    public var scope: String
}

/// A family of equations sharing a finding code.
public struct Identity: Sendable, Equatable {
    public var code: FindingCode
    /// The rule in Chinese, as the checks document states it.
    public var rule: String
    public var instances: [IdentityInstance]
}

/// One official format version.
public struct Layout: Sendable, Equatable {
    /// `2021` or `2019`.
    public let id: String
    public let name: String
    /// Report years the format applies to.
    public let firstYear: Int
    public let tables: [LayoutTable]
    public let identities: [Identity]
    /// Labels that only this layout prints (layout detection).
    public let signals: [String]
    /// Fill-in notes for the template's instruction sheet.
    public let notes: [String]
    /// Rules against last year's report.
    public let crossYear: [CrossYearRule]
    public let plausibility: PlausibilityKeys
    /// Numbers a report's narrative states, checked against the tables.
    public let narrative: [NarrativeStatement]
    /// Rows of older layouts that feed rows of this one in a rollup.
    public let rollupMappings: [KeyMapping]

    /// Every canonical value key, in form order.
    public let valueKeys: [String]

    /// The position of every key: what reports index their values and cells by.
    public let keys: LayoutKeys

    /// The kind of each value key.
    public let kinds: [String: ValueKind]

    /// The keys of each identity instance as positions in `keys`, nested like `identities` (nil for a key the
    /// layout does not have).
    let identityPositions: [[InstancePositions]]

    struct InstancePositions: Sendable, Equatable {
        var lhs: [Int?]
        var rhs: [Int?]
    }

    public init(id: String, name: String, firstYear: Int, tables: [LayoutTable], identities: [Identity], signals: [String], notes: [String],
                crossYear: [CrossYearRule] = [], plausibility: PlausibilityKeys = PlausibilityKeys(localLevelZeroRow: nil, fees: nil),
                narrative: [NarrativeStatement] = [], rollupMappings: [KeyMapping] = []) {
        self.id = id
        self.name = name
        self.firstYear = firstYear
        self.tables = tables
        self.identities = identities
        self.signals = signals
        self.notes = notes
        self.crossYear = crossYear
        self.plausibility = plausibility
        self.narrative = narrative
        self.rollupMappings = rollupMappings
        valueKeys = tables.flatMap { $0.rows.flatMap(\.valueKeys) }
        var kinds: [String: ValueKind] = [:]
        for table in tables { for row in table.rows { for (key, column) in zip(row.valueKeys, row.columns) { kinds[key] = column.kind } } }
        self.kinds = kinds
        let keys = LayoutKeys(valueKeys)
        self.keys = keys
        identityPositions = identities.map { identity in
            identity.instances.map { InstancePositions(lhs: $0.lhs.map(keys.position), rhs: $0.rhs.map(keys.position)) }
        }
    }

    public static let all: [Layout] = [.layout2021, .layout2019]

    /// The layout a report of `year` must use: the newest whose first year is not after it (nil before the oldest).
    /// The one rule for "which layout applies to a year", read by detection, the outdated check and the rollup.
    public static func inForce(in year: Int) -> Layout? {
        all.filter { $0.firstYear <= year }.max { $0.firstYear < $1.firstYear }
    }

    /// The newest layout, for a report whose year is unknown.
    public static var newest: Layout { all.max { $0.firstYear < $1.firstYear } ?? .layout2021 }

    public static func named(_ id: String) -> Layout? { all.first { $0.id == id } }
}
