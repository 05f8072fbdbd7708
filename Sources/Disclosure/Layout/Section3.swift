// Section 三 (applications received and handled), shared by both layouts except for row （六）.

enum Section3 {
    static let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    static let applicantGroup = "申请人情况"
    static let organisationGroup = "法人或其他组织"

    static let columns: [LayoutColumn] = [
        LayoutColumn("natural_person", "自然人"),
        LayoutColumn("business", "商业企业", group: organisationGroup),
        LayoutColumn("research", "科研机构", group: organisationGroup),
        LayoutColumn("public_interest", "社会公益组织", group: organisationGroup),
        LayoutColumn("legal_service", "法律服务机构", group: organisationGroup),
        LayoutColumn("other_org", "其他", group: organisationGroup),
        LayoutColumn("total", "总计"),
    ]

    static let results = "三、本年度办理结果"
    static let denied = "（三）不予公开"
    static let unable = "（四）无法提供"
    static let notProcessed = "（五）不予处理"
    static let other = "（六）其他处理"

    static func row(_ key: String, _ path: [String], aliases: [String] = []) -> LayoutRow {
        LayoutRow(key, path, aliases: aliases, columns: columns)
    }

    static let head: [LayoutRow] = [
        row("s3.new", ["一、本年新收政府信息公开申请数量"], aliases: ["本年新收政府信息公开申请数"]),
        row("s3.carried_over", ["二、上年结转政府信息公开申请数量"], aliases: ["上年结转政府信息公开申请数"]),
        row("s3.granted", [results, "（一）予以公开"]),
        row("s3.partial", [results, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
            aliases: ["（二）部分公开（区分处理）", "（二）部分公开"]),
        row("s3.denied.state_secret", [results, denied, "1.属于国家秘密"]),
        row("s3.denied.prohibited", [results, denied, "2.其他法律行政法规禁止公开"]),
        row("s3.denied.security_stability", [results, denied, "3.危及“三安全一稳定”"], aliases: ["3.危及三安全一稳定"]),
        row("s3.denied.third_party", [results, denied, "4.保护第三方合法权益"]),
        row("s3.denied.internal_affairs", [results, denied, "5.属于三类内部事务信息"]),
        row("s3.denied.process_info", [results, denied, "6.属于四类过程性信息"]),
        row("s3.denied.enforcement_file", [results, denied, "7.属于行政执法案卷"]),
        row("s3.denied.inquiry", [results, denied, "8.属于行政查询事项"]),
        row("s3.unable.not_held", [results, unable, "1.本机关不掌握相关政府信息"]),
        row("s3.unable.needs_creation", [results, unable, "2.没有现成信息需要另行制作"]),
        row("s3.unable.unclear", [results, unable, "3.补正后申请内容仍不明确"]),
        row("s3.not_processed.petition", [results, notProcessed, "1.信访举报投诉类申请"]),
        row("s3.not_processed.repeat", [results, notProcessed, "2.重复申请"]),
        row("s3.not_processed.publication", [results, notProcessed, "3.要求提供公开出版物"]),
        row("s3.not_processed.excessive", [results, notProcessed, "4.无正当理由大量反复申请"]),
        row("s3.not_processed.confirmation", [results, notProcessed, "5.要求行政机关确认或重新出具已获取信息"]),
    ]

    static let other2021: [LayoutRow] = [
        row("s3.other.no_correction", [results, other, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
        row("s3.other.unpaid_fee", [results, other, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
        row("s3.other.other", [results, other, "3.其他"]),
    ]

    static let other2019: [LayoutRow] = [row("s3.other", [results, other])]

    static let tail: [LayoutRow] = [
        row("s3.total", [results, "（七）总计"]),
        row("s3.carried_forward", ["四、结转下年度继续办理"], aliases: ["四、结转下一年度继续办理"]),
    ]

    static func table(otherRows: [LayoutRow]) -> LayoutTable {
        LayoutTable(id: "s3", section: .s3, columns: columns, cornerLabel: note, rows: head + otherRows + tail, spanningHeader: applicantGroup)
    }

    /// I1–I3 of spec/checks.md, expanded over the rows and columns of this table.
    static func identities(otherRows: [LayoutRow]) -> [Identity] {
        let rows = head + otherRows + tail
        let applicantColumns = columns.filter { $0.key != "total" }
        let resultRows = rows.filter { $0.path.first == results && $0.key != "s3.total" }
        return [
            Identity(code: .identityS3Balance, rule: "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
                     instances: columns.map { column in
                         IdentityInstance(lhs: ["s3.new.\(column.key)", "s3.carried_over.\(column.key)"],
                                          rhs: ["s3.total.\(column.key)", "s3.carried_forward.\(column.key)"],
                                          scope: "「\(column.label)」列")
                     }),
            Identity(code: .identityS3RowTotal, rule: "总计列 = 各类申请人之和",
                     instances: rows.map { row in
                         IdentityInstance(lhs: ["\(row.key).total"], rhs: applicantColumns.map { "\(row.key).\($0.key)" },
                                          scope: "「\(row.label)」行")
                     }),
            Identity(code: .identityS3ResultsTotal, rule: "（七）总计 = （一）至（六）各项之和",
                     instances: columns.map { column in
                         IdentityInstance(lhs: ["s3.total.\(column.key)"], rhs: resultRows.map { "\($0.key).\(column.key)" },
                                          scope: "「\(column.label)」列")
                     }),
        ]
    }
}

/// Section 四 (administrative review and litigation), the same in both layouts.
enum Section4 {
    static let review = "行政复议"
    static let litigation = "行政诉讼"
    static let direct = "未经复议直接起诉"
    static let afterReview = "复议后起诉"

    static let results: [(String, String, [String])] = [
        ("upheld", "结果维持", []), ("corrected", "结果纠正", []), ("other", "其他结果", []),
        ("pending", "尚未审结", []), ("total", "总计", ["合计"]),
    ]

    static let groups: [(key: String, label: String)] = [("s4.review", review), ("s4.suit_direct", direct), ("s4.suit_after_review", afterReview)]

    static let table: LayoutTable = {
        let rows = groups.map { group in
            LayoutRow(group.key, [group.label], columns: results.map { LayoutColumn($0.0, $0.1, aliases: $0.2, group: group.label) })
        }
        return LayoutTable(id: "s4", section: .s4, columns: rows.flatMap(\.columns), rows: rows, isSingleRow: true,
                           groupParents: [direct: litigation, afterReview: litigation])
    }()

    static let identities: [Identity] = [
        Identity(code: .identityS4Total, rule: "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                 instances: groups.map { group in
                     IdentityInstance(lhs: ["\(group.key).total"],
                                      rhs: ["upheld", "corrected", "other", "pending"].map { "\(group.key).\($0)" },
                                      scope: "「\(group.label)」")
                 }),
    ]
}
