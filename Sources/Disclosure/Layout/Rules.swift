// The checks beyond identities, as data of a layout: cross-year rules, plausibility keys, narrative statements.

/// A rule tying one report to last year's report of the same agency.
public enum CrossYearRule: Sendable, Equatable {
    /// `current` row this year equals `previous` row last year, column by column (上年结转 = 去年的结转下年度).
    case carry(current: String, previous: String)
    /// `stock` this year = `stock` last year + `inflow` − `outflow` (现行有效 = 去年现行有效 + 制发 − 废止); `label` names it.
    case stock(stock: String, inflow: String, outflow: String, label: String)
}

/// What the plausibility checks look at in a layout.
public struct PlausibilityKeys: Sendable, Equatable {
    /// A row that townships and county-level bodies must leave at 0 (规章).
    public var localLevelZeroRow: String?
    /// A money value in 万元 that is implausibly large at a township when ≥ `feesLimit`.
    public var fees: String?
    public var feesLimit: Int

    public init(localLevelZeroRow: String?, fees: String?, feesLimit: Int = 10_000) {
        self.localLevelZeroRow = localLevelZeroRow
        self.fees = fees
        self.feesLimit = feesLimit
    }
}

/// A number the report's narrative states, and the key (or the sum of keys) it must agree with.
public struct NarrativeStatement: Sendable, Equatable {
    /// A regular expression whose first group is the number.
    public var pattern: String
    /// The keys whose sum the statement gives; the first is the one a finding points at.
    public var keys: [String]
    public var label: String
    /// Other sums of keys the stated number may give instead (「收到申请 N 件」 counts 一 alone in some reports and
    /// 一 + 二, the carried-over applications with them, in others), each with how the finding names it.
    public var alternatives: [(keys: [String], label: String)]

    public var key: String { keys[0] }

    public init(_ pattern: String, key: String, label: String, alternatives: [(keys: [String], label: String)] = []) {
        self.init(pattern, keys: [key], label: label, alternatives: alternatives)
    }

    public init(_ pattern: String, keys: [String], label: String, alternatives: [(keys: [String], label: String)] = []) {
        self.pattern = pattern
        self.keys = keys
        self.label = label
        self.alternatives = alternatives
    }

    public static func == (lhs: NarrativeStatement, rhs: NarrativeStatement) -> Bool {
        lhs.pattern == rhs.pattern && lhs.keys == rhs.keys && lhs.label == rhs.label
            && lhs.alternatives.map(\.keys) == rhs.alternatives.map(\.keys) && lhs.alternatives.map(\.label) == rhs.alternatives.map(\.label)
    }
}

/// A key of an older layout that feeds a key of this one in a rollup (2019's single （六） row → （六）3. 其他).
public struct KeyMapping: Sendable, Equatable {
    public var fromRowPrefix: String
    public var toRowPrefix: String
}

enum SharedRules {
    static let crossYear: [CrossYearRule] = [.carry(current: "s3.carried_over", previous: "s3.carried_forward")]

    static let narrative: [NarrativeStatement] = [
        NarrativeStatement(#"主动公开(?:行政)?规范性文件(?:共计|共)?(\d+)件"#, key: "s2.normative.issued", label: "主动公开行政规范性文件（本年制发）"),
        NarrativeStatement(#"(?:新收|收到|受理)(?:各类|各类型)?(?:政府)?信息公开申请(?:共计|共|合计)?(\d+)件"#, key: "s3.new.total", label: "本年新收政府信息公开申请",
                           alternatives: [(["s3.new.total", "s3.carried_over.total"], "本年新收与上年结转合计")]),
        NarrativeStatement(#"上年结转(?:政府信息公开申请|申请)?(?:共计|共)?(\d+)件"#, key: "s3.carried_over.total", label: "上年结转"),
        NarrativeStatement(#"结转下(?:一)?年度(?:继续办理)?(?:的申请)?(?:共计|共)?(\d+)件"#, key: "s3.carried_forward.total", label: "结转下年度继续办理"),
        NarrativeStatement(#"(?:已|共|全部)?办结(?:政府信息公开申请|申请)?(?:共计|共)?(\d+)件"#, key: "s3.total.total", label: "办结"),
        NarrativeStatement(#"行政复议(?:案件|申请)?(?:共计|共)?(\d+)件"#, key: "s4.review.total", label: "行政复议"),
        NarrativeStatement(#"行政诉讼(?:案件)?(?:共计|共)?(\d+)件"#, keys: ["s4.suit_direct.total", "s4.suit_after_review.total"], label: "行政诉讼"),
    ]
}
