// The registry of finding codes: every code the program emits, with its severity, stage, Chinese title and meaning.
import Foundation

/// Every finding code nianbao emits. The raw value is the stable code string of the JSON contract; codes never
/// change once released (spec/checks.md). `entry` holds the rest; `docs/finding-codes.md` is generated from it.
public enum FindingCode: String, Sendable, CaseIterable {
    case layoutDetected = "layout.detected"
    case metaAgencyUnknown = "meta.agency_unknown"
    case layoutLabelVariant = "layout.label_variant"
    case layoutS3SingleOtherRow = "layout.s3_single_other_row"
    case layoutRowDuplicate = "layout.row_duplicate"
    case layoutRowUnmatched = "layout.row_unmatched"
    case layoutColumnsUnaligned = "layout.columns_unaligned"
    case layoutColumnsAssumed = "layout.columns_assumed"
    case layoutRowMissing = "layout.row_missing"
    case layoutTableMissing = "layout.table_missing"
    case layoutTableTruncated = "layout.table_truncated"
    case valueReformatted = "value.reformatted"
    case valueMissing = "value.missing"
    case valueHidden = "value.hidden"
    case layoutPagesNotRead = "layout.pages_not_read"
    case valueNegative = "value.negative"
    case valueNotInteger = "value.not_integer"
    case valueNotNumber = "value.not_number"
    case valueFormulaUncached = "value.formula_uncached"
    case valueFormulaTooDeep = "value.formula_too_deep"
    case valueFormulaCycle = "value.formula_cycle"
    case valueFormulaTimeout = "value.formula_timeout"
    case layoutOutdated = "layout.outdated"
    case identityS3Balance = "identity.s3.balance"
    case identityS3RowTotal = "identity.s3.row_total"
    case identityS3ResultsTotal = "identity.s3.results_total"
    case identityS4Total = "identity.s4.total"
    case plausibilityS2RulesLevel = "plausibility.s2.rules_level"
    case plausibilityS2FeesUnit = "plausibility.s2.fees_unit"
    case plausibilityEmptyReport = "plausibility.empty_report"
    case textMismatch = "text.mismatch"
    case crossYearS3Carry = "cross_year.s3.carry"
    case crossYearS2InForce = "cross_year.s2.in_force"
    case crossYearPreviousMismatch = "cross_year.previous_mismatch"
    case rollupDuplicateMember = "rollup.duplicate_member"
    case rollupYearMismatch = "rollup.year_mismatch"
    case rollupMemberOutdated = "rollup.member_outdated"
    case rollupMemberUnreadable = "rollup.member_unreadable"
    case rollupMemberSkipped = "rollup.member_skipped"
    case rollupMemberNoTables = "rollup.member_no_tables"
    case rollupTotalDerived = "rollup.total_derived"
    case rollupUnbalanced = "rollup.unbalanced"
    case rollupDuplicateIdentical = "rollup.duplicate_identical"
    case rollupDuplicateByName = "rollup.duplicate_by_name"
    case rollupDetailMismatch = "rollup.detail_mismatch"
    case reportBlank = "report.blank"
    case metaYearOverridden = "meta.year_overridden"
    case fileNotFound = "file.not_found"
    case fileDenied = "file.denied"
    case fileEmpty = "file.empty"
    case fileTruncated = "file.truncated"
    case fileDamaged = "file.damaged"
    case fileEncrypted = "file.encrypted"
    case fileUnsupported = "file.unsupported"
    case fileTooLarge = "file.too_large"
    case fileIO = "file.io"

    /// The registry's row for this code. A switch, not a dictionary: the compiler sees that every code has one.
    public var entry: FindingCodeEntry {
        switch self {
        case .layoutDetected:
            return .init(.locate, .always(.info), "识别格式", "说明选用了哪一版表格格式（2021 或 2019）及其依据。",
                         example: "按 2021 年版（国办公开办函〔2021〕30号） 读取（识别到：本年制发件数、本年废止件数、现行有效件数、本年处理决定数量、本年收费金额）")
        case .metaAgencyUnknown:
            return .init(.locate, .always(.info), "单位名称不明", "标题、填报单位、文件名和正文开头都没有认出单位名称，JSON 中 agency 为 null（可用 --agency 指定）。",
                         example: "没有从标题、填报单位、首行或文件名中找到报告单位；可用 --agency 指定")
        case .layoutLabelVariant:
            return .init(.locate, .always(.info), "行标签变体", "某一行通过别名、去掉括号说明或近似匹配对应到格式中的行，并说明按什么对应。",
                         example: "「规范性文件」按别名「规范性文件」对应到「行政规范性文件」")
        case .layoutS3SingleOtherRow:
            return .init(.locate, .always(.warning), "（六）其他处理只有一行", "2021 年版的报告只有一行「（六）其他处理」（2019 年版的写法），其数值记入「3.其他」。",
                         example: "本表只有一行「(六) 其他处理」（2019 年版的写法），其数值记入「三、本年度办理结果 › （六）其他处理 › 3.其他」；请按 2021 年版分三行填报")
        case .layoutRowDuplicate:
            return .init(.locate, .always(.warning), "重复的行", "两行对应到格式中的同一行，保留匹配更好的一行，另一行被忽略。",
                         example: "「3. 要求提供公开出版物」与另一行重复对应到「三、本年度办理结果 › （五）不予处理 › 3.要求提供公开出版物」，已忽略此行")
        case .layoutRowUnmatched:
            return .init(.locate, .always(.warning), "多出的行", "有数字的行不能对应到格式中的任何一行，其数值未被读取。",
                         example: "有数字的行「新收申请（件）」未能对应到格式中的任何一行")
        case .layoutColumnsUnaligned:
            return .init(.locate, .always(.error), "数值列无法对齐", "找到了这一行，但它的数值列无法与表头的列对齐，整行未读取。",
                         example: "「规章」行的数值列无法对齐")
        case .layoutColumnsAssumed:
            return .init(.locate, .always(.warning), "数值列按位置假定",
                         "一张表没有找到表头，它的数值列是按位置假定的（整张表一个决定，不逐行移动）：读数可能错列，请核对。",
                         example: "「四、政府信息公开行政复议、行政诉讼情况」没有找到完整的表头（找到 10 列，应有 15 列），这一行的数值按从左到右的顺序依次读作各列；请核对")
        case .layoutRowMissing:
            return .init(.locate, .always(.error), "缺少一行", "格式中的某一行在表格里没有找到（该表的其他行找到了），其数值为空。",
                         example: "没有找到「三、本年度办理结果 › （五）不予处理 › 2.重复申请」这一行")
        case .layoutTableMissing:
            return .init(.locate, .always(.error), "缺少表格", "第二、三或四部分的表格整张没有找到，其数值为空。",
                         example: "没有找到「四、政府信息公开行政复议、行政诉讼情况」的表格")
        case .layoutTableTruncated:
            return .init(.locate, .always(.error), "表格不完整", "文本在表格中间结束，其后各行按空白处理（不按 0 计），也不据此核对勾稽关系。",
                         example: "文本在「三、本年度办理结果 › （三）不予公开 › 6.属于四类过程性信息」一行之后结束，表格不完整：其后 18 行没有数值，「四、政府信息公开行政复议、行政诉讼情况」整张表没有读到（按空白处理，不按 0 计）")
        case .valueReformatted:
            return .init(.normalise, .always(.info), "数值已换算", "单元格带单位、“增/减”等文字或以元填写，按换算后的数值读取，并给出原文。",
                         example: "第47行第4列「251000元」按 25.1 万元 读取")
        case .valueHidden:
            return .init(.normalise, .always(.warning), "隐藏的数值", "数值所在的行或列在工作表中被隐藏：照常读取，但屏幕上和打印出来都看不到，请确认应当计入。",
                         example: "「三、本年度办理结果 › （三）不予公开 › 7.属于行政执法案卷」有 7 个数值在隐藏的行或列中（D33、E33、F33、G33、H33、I33、J33），屏幕上和打印出来都看不到，已照常读取；请确认这些数值应当计入")
        case .layoutPagesNotRead:
            return .init(.locate, .always(.warning), "页数超过上限", "文档的页数超过读取上限，后面的页没有读取，其中的表格和文字不在结果中。",
                         example: "PDF 共 620 页，只读取了前 500 页；表格若在后面的页中，请只提交年度报告本身")
        case .valueMissing:
            return .init(.normalise, .either(.warning, or: .error, when: "使用 --strict 时"), "空白单元格",
                         "一行中有单元格为空或填“/”“—”等，按 0 计算。",
                         example: "「规章」有 3 个单元格为空或填“/”“—”（第18行第1列、第19行第1列、第20行第1列），按 0 计算；没有发生请填 0")
        case .valueNegative:
            return .init(.normalise, .always(.error), "负数", "件数单元格为负数。",
                         example: "D23 为负数 -66，件数不能为负")
        case .valueNotInteger:
            return .init(.normalise, .always(.error), "不是整数", "件数单元格不是整数。",
                         example: "E23 为 2.5，件数应为整数")
        case .valueNotNumber:
            return .init(.normalise, .always(.error), "不是数字", "单元格的内容不是数字（如「见附件」「#REF!」），按缺失处理。",
                         example: "F23「见附件」不是数字，按缺失处理")
        case .valueFormulaUncached:
            return .init(.normalise, .always(.warning), "公式没有计算结果", "公式单元格没有保存计算结果且不是能计算的简单算术，按缺失处理。",
                         example: "J23 的公式「=VLOOKUP(A23,数据!A:B,2,0)」没有计算结果且无法计算，按缺失处理；请在 Excel/WPS 中打开并保存一次")
        case .valueFormulaTooDeep:
            return .init(.normalise, .always(.error), "公式嵌套过深", "公式的括号、正负号或引用的单元格嵌套超过 100 层，未计算，按缺失处理。",
                         example: "J23 的公式「=((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((…」嵌套超过 100 层（括号、正负号或引用的单元格），未计算，按缺失处理")
        case .valueFormulaCycle:
            return .init(.normalise, .always(.error), "公式循环引用", "公式循环引用了自身，无法计算，按缺失处理，并列出循环路径。",
                         example: "J23 的公式「=Z200+1」循环引用（J23 → Z200 → J23），无法计算，按缺失处理")
        case .valueFormulaTimeout:
            return .init(.normalise, .always(.error), "公式计算超时", "本文件的公式在计算时限内未能算完，按缺失处理。",
                         example: "J23 的公式「=SUM(D23:I23)」在本文件的公式计算时限（2 秒）内未能算完，按缺失处理")
        case .layoutOutdated:
            return .init(.check, .always(.error), "使用了已废止的格式", "报告年度应使用更新的格式（如 2021 年起的报告使用了 2019 年版）。",
                         example: "2023 年度报告使用了已废止的 2019 年试行版（国办公开办函〔2019〕60号），应使用 2021 年版（国办公开办函〔2021〕30号）")
        case .identityS3Balance:
            return .init(.check, .always(.error), "第三部分收支不平衡", "某一列不符合「本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理」。",
                         example: "「总计」列不符合「本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理」：J23 + J24 = 18，J46 + J47 = 267，相差 -249；最可能出错的是 J23（现为空白，应为 249）")
        case .identityS3RowTotal:
            return .init(.check, .always(.error), "第三部分行合计不符", "某一行的「总计」列不等于各类申请人之和。",
                         example: "「一、本年新收政府信息公开申请数量」行不符合「总计列 = 各类申请人之和」：J23 为空白（按 0 计算），D23 至 I23 之和 = 249，相差 -249；最可能出错的是 J23（现为空白，应为 249）")
        case .identityS3ResultsTotal:
            return .init(.check, .always(.error), "第三部分办理结果合计不符", "某一列的「（七）总计」不等于（一）至（六）各项办理结果之和。",
                         example: "「自然人」列不符合「（七）总计 = （一）至（六）各项之和」：表2 第27行第4列 = 108，表2 第6行第4列 至 表2 第26行第4列 之和 = 109，相差 -1；最可能出错的是 表2 第6行第4列（现为 6，应为 5）")
        case .identityS4Total:
            return .init(.check, .always(.error), "第四部分合计不符", "行政复议或行政诉讼的「总计」不等于结果维持、结果纠正、其他结果与尚未审结之和。",
                         example: "「行政复议」不符合「总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结」：E51 = 8，A51 至 D51 之和 = 7，相差 1")
        case .plausibilityS2RulesLevel:
            return .init(.check, .always(.warning), "无权制定规章", "乡镇、街道或县级单位填报的「规章」不为 0，可能应填入「行政规范性文件」。",
                         example: "后宫乡 没有制定「规章」的权限，但这一行不为 0；请核实是否应填入「行政规范性文件」")
        case .plausibilityS2FeesUnit:
            return .init(.check, .always(.warning), "收费金额单位可疑", "乡镇的收费金额过大，可能误按“元”而不是“万元”填写。",
                         example: "收费金额 25100 万元对乡镇明显过大，可能误按“元”填写（单位应为万元）")
        case .plausibilityEmptyReport:
            return .init(.check, .always(.warning), "表格为空而正文有数", "第三、四部分全部为 0 或空白，但正文提到了申请或复议诉讼。",
                         example: "表格三、四全部为 0 或空白，但正文第 6 段提到了申请或复议诉讼：「（二）依申请公开。本年度共受理政府信息公开申请286件，上年结转11件，办结287件，结转下年度继续办理10件。」")
        case .textMismatch:
            return .init(.check, .always(.warning), "正文与表格不符", "正文中本年新收、上年结转、办结、结转、行政复议或行政诉讼的数字与表格不一致（「收到申请 N 件」与本年新收或本年新收与上年结转之和相等即可）。",
                         example: "正文第 6 段称本年新收政府信息公开申请 219 件，表格中为 291 件，本年新收与上年结转合计为 303 件")
        case .crossYearS3Carry:
            return .init(.crossYear, .always(.warning), "上年结转与上年报告不符", "本年「上年结转」与上一年度报告的「结转下年度继续办理」不一致。",
                         example: "「总计」列上年结转 5 件，与上一年度报告的结转下年度继续办理 14 件不一致（J24）")
        case .crossYearS2InForce:
            return .init(.crossYear, .always(.warning), "现行有效件数不连续", "现行有效件数不等于上年现行有效件数加本年制发减本年废止。",
                         example: "「行政规范性文件」现行有效件数 31，按上年 29 + 本年制发 3 − 本年废止 2 应为 30")
        case .crossYearPreviousMismatch:
            return .init(.crossYear, .always(.warning), "上年报告年度不符", "--previous 给出的同一单位的报告不是上一年度的，未做跨年核对。",
                         example: "--previous 给出的「五里镇」报告 2022/五里镇2021年报.csv（2021 年度） 不是 2022 年度的，未做跨年核对")
        case .rollupDuplicateMember:
            return .init(.rollup, .either(.error, or: .warning, when: "用 --prefer 指定了采用哪一份时"), "同一单位有两份报告",
                         "同一单位同一年度有两份内容不同的报告，文件名也不能说明哪一份是定稿：暂按输入顺序汇总第一份，请用 --prefer 指定（不按修改时间取舍）。",
                         example: "「五里镇」2023 年度有两份内容不同的报告：2023/五里镇2023年报.csv 与 2023/五里镇2023年报（二）.csv，文件名不能说明哪一份是定稿；暂按输入顺序汇总 2023/五里镇2023年报.csv，未汇总 2023/五里镇2023年报（二）.csv；请用 --prefer 指定采用哪一份")
        case .rollupYearMismatch:
            return .init(.rollup, .always(.warning), "报告年度与汇总年度不同", "成员报告的年度不是汇总年度，未汇总（--include-other-years 时仍汇总）。",
                         example: "「石桥镇」的报告年度为 2022，与汇总年度 2023 不同，未汇总")
        case .rollupMemberOutdated:
            return .init(.rollup, .always(.error), "成员使用旧版格式", "成员报告使用 2019 年版格式，其第二部分不能汇入，第三、四部分已汇总。",
                         example: "「柳林镇」使用 2019 年试行版（国办公开办函〔2019〕60号），其第二部分不能汇入 2021 年版（国办公开办函〔2021〕30号） 的第二部分，未汇总；第三、四部分已汇总")
        case .rollupMemberUnreadable:
            return .init(.rollup, .always(.error), "成员文件无法读取", "成员文件无法读取，未汇总。",
                         example: "无法读取 Samples/demo-county/2023/东关街道2023年度政府信息公开工作年度报告.xlsx：文件不完整，可能被截断或仍在复制中（找不到中央目录结尾记录）。")
        case .rollupMemberSkipped:
            return .init(.rollup, .always(.warning), "成员文件已跳过", "不支持的文件格式，未读取也未汇总。",
                         example: "跳过 Samples/demo-county/2023/盖章页.jpg：不支持的文件格式（.jpg），未读取")
        case .rollupMemberNoTables:
            return .init(.rollup, .always(.error), "成员文件没有统计表格", "成员文件读到了，但没有找到第二、三、四部分的任何统计表格（如只有正文的 Word 文件），未汇总，不按 0 计入。",
                         example: "「河口镇」（河口镇2023年报.docx）没有找到任何统计表格，未汇总；请报送含统计表的报告或填好的模板")
        case .rollupTotalDerived:
            return .init(.rollup, .always(.warning), "空白单元格按勾稽关系推算", "成员报告的合计（或唯一空白的分项）为空白，汇总时按勾稽关系由另一边推算，并列出单位和单元格。",
                         example: "「柳林镇」（柳林镇2023年度政府信息公开工作年度报告.txt）有 11 个空白单元格按勾稽关系推算后汇总：第52行第10列 = 272（「（一）予以公开」行，按「总计列 = 各类申请人之和」）、第53行第10列 = 3（「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」行，按「总计列 = 各类申请人之和」）、第54行第10列 = 14（「1.属于国家秘密」行，按「总计列 = 各类申请人之和」）、第58行第10列 = 5（「5.属于三类内部事务信息」行，按「总计列 = 各类申请人之和」） 等；请单位补填")
        case .rollupUnbalanced:
            return .init(.rollup, .always(.error), "汇总表不平衡", "汇总后的表格不符合某一勾稽关系，并列出带入差额的单位及各自的差额（各单位差额之和即汇总表的差额）。",
                         example: "汇总表「4.保护第三方合法权益」行不符合「总计列 = 各类申请人之和」：J31 = 97，D31 至 I31 之和 = 99，相差 -2；最可能出错的是 J31（现为 97，应为 99）；来自 2 个单位：杨庄乡 相差 -1（杨庄乡2023年度政府信息公开工作年度报告.html）、白水乡 相差 -1（白水乡2023年度政府信息公开工作年度报告.csv）")
        case .rollupDuplicateIdentical:
            return .init(.rollup, .always(.info), "两份内容相同的报告", "同一单位同一年度的两份报告数值完全相同，只汇总一份。",
                         example: "「五里镇」2023 年度的 2023/五里镇2023年报 - 副本.csv 与 2023/五里镇2023年报.csv 数值完全相同，只汇总 2023/五里镇2023年报.csv")
        case .rollupDuplicateByName:
            return .init(.rollup, .always(.warning), "按文件名采用定稿", "同一单位同一年度有两份内容不同的报告，采用文件名含“终稿、正式、定稿、修改”的一份，不汇总含“初稿、草稿、征求意见、备份”的一份。",
                         example: "「后宫乡」2023 年度有两份内容不同的报告：按文件名采用 后宫乡年报-终稿.xlsx，未汇总 后宫乡年报-初稿.xlsx；如应采用另一份，请用 --prefer 指定")
        case .rollupDetailMismatch:
            return .init(.rollup, .always(.error), "汇总表与分单位明细不符", "县级汇总工作簿中「汇总」表的数值不等于「分单位明细」各单位之和（汇总表被改动过）。",
                         example: "汇总表 J23 为 3157，分单位明细各单位之和为 3156，相差 1")
        case .reportBlank:
            return .init(.check, .always(.error), "报告未填写", "第二、三、四部分的统计表全部空白（空白模板原样报来），不能当作全部为 0 的报告通过。",
                         example: "统计表全部空白，报告尚未填写；请填好后再报送（没有发生的请填 0）")
        case .metaYearOverridden:
            return .init(.locate, .always(.warning), "指定的年度与报告不符", "用 --year（或网页上的年度）指定的报告年度与报告标题中的年度不同，按指定的年度处理。",
                         example: "报告标题中的年度为 2023，与指定的 --year 2022 不同，按 2022 年度处理；请核对")
        case .fileNotFound:
            return .init(.read, .always(.error), "文件不存在", "给出的路径没有这个文件或文件夹。",
                         example: "无法读取 乡镇/后宫乡.xlsx：文件或文件夹不存在，请检查路径和文件名。")
        case .fileDenied:
            return .init(.read, .always(.error), "没有读取权限", "文件存在，但当前用户没有读取它的权限。",
                         example: "无法读取 乡镇/后宫乡.xlsx：没有访问权限，请检查文件或文件夹的权限。")
        case .fileEmpty:
            return .init(.read, .always(.error), "空文件", "文件为 0 字节，没有内容可读。",
                         example: "无法读取 乡镇/后宫乡.xlsx：文件为空（0 字节）。")
        case .fileTruncated:
            return .init(.read, .always(.error), "文件不完整", "文件在结尾处被截断（复制或下载没有完成），无法读取。",
                         example: "无法读取 东关街道.xlsx：文件不完整，可能被截断或仍在复制中（找不到中央目录结尾记录）。")
        case .fileDamaged:
            return .init(.read, .always(.error), "文件已损坏", "文件的内部结构有错（XML、压缩数据、Word 或 PDF 的结构），无法读取。",
                         example: "无法读取 后宫乡.xlsx：数据校验失败，文件已损坏（CRC-32 应为 0x1A2B3C4D，实为 0x00000000）。")
        case .fileEncrypted:
            return .init(.read, .always(.error), "文件设置了密码", "文件设置了打开密码（加密），去掉密码另存后才能读取。",
                         example: "无法读取 后宫乡.xls：工作簿设置了密码（加密），无法读取；请在 Excel/WPS 中去掉密码后另存")
        case .fileUnsupported:
            return .init(.read, .always(.error), "不支持的文件格式", "文件的内容不是可读取的表格、Word、网页、PDF 或文本（如图片、旧版格式、文件夹）。",
                         example: "无法读取 盖章页.xls：不支持的文件格式（无法识别文件内容（文件头 FF D8 FF E0），不是表格、Word、网页、PDF 或文本文件）。")
        case .fileTooLarge:
            return .init(.read, .always(.error), "文件超出上限", "文件或其中的部件超出安全上限（疑似压缩炸弹或异常大的表格），已拒绝读取。",
                         example: "无法读取 炸弹.xlsx：超出安全上限，疑似压缩炸弹（解压比超过 500:1）。")
        case .fileIO:
            return .init(.read, .always(.error), "读取文件出错", "读取文件时操作系统报错（磁盘故障、文件在读取时变化等）。",
                         example: "无法读取 后宫乡.xlsx：磁盘读写出错，文件所在的磁盘或 U 盘可能有故障。")
        }
    }
}

/// Which stage of the pipeline emits a code. A file that cannot be read at all gives no finding but an
/// `{"source", "status": "unreadable", "error_code", "error"}` entry: the `read` codes are its `error_code`.
public enum FindingStage: String, Sendable, CaseIterable {
    case read
    case locate, normalise, check
    case crossYear = "cross-year"
    case rollup
}

/// The severity a code has: one, or two where the situation decides (`--strict`, `--prefer`).
public enum SeverityRule: Sendable, Equatable {
    case always(Severity)
    /// `usual`, or `other` in the situation `when` describes.
    case either(Severity, or: Severity, when: String)

    /// The usual severity, or the other one when `alternative` is set and the code has one.
    public func severity(alternative: Bool) -> Severity {
        switch self {
        case .always(let severity): return severity
        case .either(let usual, let other, _): return alternative ? other : usual
        }
    }

    /// Every severity the code can have.
    public var all: [Severity] {
        switch self {
        case .always(let severity): return [severity]
        case .either(let usual, let other, _): return [usual, other]
        }
    }
}

/// One row of the registry: what a code means and who emits it.
public struct FindingCodeEntry: Sendable, Equatable {
    public var stage: FindingStage
    public var severity: SeverityRule
    /// A short Chinese name (a column heading, a list entry).
    public var title: String
    /// One Chinese sentence: when the code is emitted.
    public var meaning: String
    /// A message the program printed for it (docs/finding-codes.md).
    public var example: String

    init(_ stage: FindingStage, _ severity: SeverityRule, _ title: String, _ meaning: String, example: String) {
        self.stage = stage
        self.severity = severity
        self.title = title
        self.meaning = meaning
        self.example = example
    }
}
