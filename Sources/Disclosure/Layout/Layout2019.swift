// The 2019 trial format (国办公开办函〔2019〕60号), for report years 2019 and 2020.

extension Layout {
    public static let layout2019: Layout = {
        let item = "信息内容"
        let newMade = LayoutColumn("new_made", "本年新制作数量")
        let newPublished = LayoutColumn("new_published", "本年新公开数量")
        let totalPublished = LayoutColumn("total_published", "对外公开总数量")
        let previous = LayoutColumn("prev_items", "上一年项目数量")
        let change = LayoutColumn("change", "本年增/减", aliases: ["本年增减", "本年增加/减少"], kind: .signedCount)
        let decisions = LayoutColumn("decisions", "处理决定数量", aliases: ["本年处理决定数量"])
        let projects = LayoutColumn("projects", "采购项目数量")
        let amount = LayoutColumn("amount", "采购总金额", aliases: ["采购总金额（万元）", "采购总金额（元）"], kind: .money)
        let managed = [previous, change, decisions]
        let section2: [LayoutTable] = [
            LayoutTable(id: "s2.1", section: .s2, caption: "第二十条第（一）项", columns: [newMade, newPublished, totalPublished], cornerLabel: item, rows: [
                LayoutRow("s2.rules", ["规章"], columns: [newMade, newPublished, totalPublished]),
                LayoutRow("s2.normative", ["规范性文件"], aliases: ["行政规范性文件"], columns: [newMade, newPublished, totalPublished]),
            ]),
            LayoutTable(id: "s2.5", section: .s2, caption: "第二十条第（五）项", columns: managed, cornerLabel: item, rows: [
                LayoutRow("s2.licensing", ["行政许可"], columns: managed),
                LayoutRow("s2.other_services", ["其他对外管理服务事项"], columns: managed),
            ]),
            LayoutTable(id: "s2.6", section: .s2, caption: "第二十条第（六）项", columns: managed, cornerLabel: item, rows: [
                LayoutRow("s2.penalty", ["行政处罚"], columns: managed),
                LayoutRow("s2.coercion", ["行政强制"], columns: managed),
            ]),
            LayoutTable(id: "s2.8", section: .s2, caption: "第二十条第（八）项", columns: [previous, change], cornerLabel: item, rows: [
                LayoutRow("s2.fees", ["行政事业性收费"], columns: [previous, change]),
            ]),
            LayoutTable(id: "s2.9", section: .s2, caption: "第二十条第（九）项", columns: [projects, amount], cornerLabel: item, rows: [
                LayoutRow("s2.procurement", ["政府集中采购"], columns: [projects, amount]),
            ]),
        ]
        return Layout(
            id: "2019",
            name: "2019 年试行版（国办公开办函〔2019〕60号）",
            firstYear: 2019,
            tables: section2 + [Section3.table(otherRows: Section3.other2019), Section4.table],
            identities: Section3.identities(otherRows: Section3.other2019) + Section4.identities,
            signals: ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第（九）项",
                      "政府集中采购", "其他对外管理服务事项"],
            notes: [
                "本格式适用于 2019、2020 年度报告；2021 年度起请使用 2021 年版格式。",
                "请只在白色单元格中填写数字；没有发生的事项填 0。“本年增/减”可填负数。",
                "采购总金额以万元为单位，最多保留 4 位小数。",
                "第三部分：第一项加第二项之和，等于第三项加第四项之和。",
            ],
            crossYear: SharedRules.crossYear,
            plausibility: PlausibilityKeys(localLevelZeroRow: "s2.rules", fees: nil),
            narrative: SharedRules.narrative)
    }()
}
