// The 2021 format (国办公开办函〔2021〕30号), for report years 2021 onward.

extension Layout {
    public static let layout2021: Layout = {
        let item = "信息内容"
        let issued = LayoutColumn("issued", "本年制发件数", aliases: ["本年新制发件数"])
        let repealed = LayoutColumn("repealed", "本年废止件数")
        let inForce = LayoutColumn("in_force", "现行有效件数")
        let decisions = LayoutColumn("decisions", "本年处理决定数量", aliases: ["处理决定数量"])
        let amount = LayoutColumn("amount", "本年收费金额（单位：万元）", aliases: ["本年收费金额", "收费金额（万元）", "收费金额"], kind: .money)
        let section2: [LayoutTable] = [
            LayoutTable(id: "s2.1", section: .s2, caption: "第二十条第（一）项", columns: [issued, repealed, inForce], cornerLabel: item, rows: [
                LayoutRow("s2.rules", ["规章"], aliases: ["规章（县级无此项）"], columns: [issued, repealed, inForce]),
                LayoutRow("s2.normative", ["行政规范性文件"], aliases: ["规范性文件"], columns: [issued, repealed, inForce]),
            ]),
            LayoutTable(id: "s2.5", section: .s2, caption: "第二十条第（五）项", columns: [decisions], cornerLabel: item, rows: [
                LayoutRow("s2.licensing", ["行政许可"], columns: [decisions]),
            ]),
            LayoutTable(id: "s2.6", section: .s2, caption: "第二十条第（六）项", columns: [decisions], cornerLabel: item, rows: [
                LayoutRow("s2.penalty", ["行政处罚"], columns: [decisions]),
                LayoutRow("s2.coercion", ["行政强制"], columns: [decisions]),
            ]),
            LayoutTable(id: "s2.8", section: .s2, caption: "第二十条第（八）项", columns: [amount], cornerLabel: item, rows: [
                LayoutRow("s2.fees", ["行政事业性收费"], columns: [amount]),
            ]),
        ]
        return Layout(
            id: "2021",
            name: "2021 年版（国办公开办函〔2021〕30号）",
            firstYear: 2021,
            tables: section2 + [Section3.table(otherRows: Section3.other2021), Section4.table],
            identities: Section3.identities(otherRows: Section3.other2021) + Section4.identities,
            signals: ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"],
            notes: [
                "请只在白色单元格中填写数字；没有发生的事项填 0，不要留空，也不要填“无”或“/”。",
                "件数填整数；收费金额以万元为单位，最多保留 4 位小数。",
                "第三部分每一行的“总计”等于各类申请人之和；（七）总计等于（一）至（六）各项之和。",
                "第三部分：第一项加第二项之和，等于第三项加第四项之和（本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理）。",
                "第四部分各组的“总计”等于结果维持、结果纠正、其他结果、尚未审结之和。",
                "灰色单元格为自动计算的公式，请勿修改。",
            ],
            crossYear: SharedRules.crossYear + [
                .stock(stock: "s2.rules.in_force", inflow: "s2.rules.issued", outflow: "s2.rules.repealed", label: "规章"),
                .stock(stock: "s2.normative.in_force", inflow: "s2.normative.issued", outflow: "s2.normative.repealed", label: "行政规范性文件"),
            ],
            plausibility: PlausibilityKeys(localLevelZeroRow: "s2.rules", fees: "s2.fees.amount"),
            narrative: SharedRules.narrative,
            rollupMappings: [KeyMapping(fromRowPrefix: "s3.other.", toRowPrefix: "s3.other.other.")])
    }()
}
