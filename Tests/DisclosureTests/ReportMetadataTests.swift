// Agency and year of report documents and pages: never a piece of a sentence; null with a finding when absent.
import Foundation
import Testing
import TestSupport
@testable import Disclosure
import Spreadsheet

@Suite struct ReportMetadataTests {
    @Test func sentenceFragmentsAreNeverAnAgency() {
        #expect(Metadata.fromTitle("根据《中华人民共和国政府信息公开条例》要求，编制本年度报告") == nil)
        #expect(Metadata.fromTitle("根据(jù)《中華人民共和国政府信息公开条例》，特发布2023年度报告") == nil)
        #expect(Metadata.fromTitle("本报告根据中华人民共和国政府信息公开条例编制年度报告") == nil)
        let paged = Metadata.fromTitle("Page8-威海市文登区信访局2023年政府信息公开工作年度报告")
        #expect(paged?.agency == "威海市文登区信访局" && paged?.year == 2023)
    }

    @Test func yearTyposAndAttachmentsInTitles() {
        let typo = Metadata.fromTitle("后宫乡202020年政府信息公开工作年度报告")
        #expect(typo?.agency == "后宫乡" && typo?.year == 2020)
        let attached = Metadata.fromTitle("附件2：石桥镇2023年度政府信息公开工作年度报告")
        #expect(attached?.agency == "石桥镇" && attached?.year == 2023)
        #expect(Metadata.fromFileName("/x/附件2：石桥镇2023年报_修改.xlsx").agency == "石桥镇")
        // The attachment's number, in any writing, is not part of the agency (it once became 「附件」 or 「二石桥镇」).
        for name in ["附件二、石桥镇年报.xlsx", "附件2-石桥镇2023年度报告.xlsx", "附件 3 石桥镇.xlsx", "附表10：石桥镇.xlsx",
                     "附件2：2023年石桥镇政府信息公开工作年度报告.xlsx", "附件十_石桥镇人民政府2023年度报告.docx"] {
            #expect(Metadata.fromFileName("/x/\(name)").agency?.hasPrefix("石桥镇") == true, "\(name)")
        }
        #expect(Metadata.periodYear("所列数据的统计期限自2021年1月1日起至2021年12月31日。") == 2021)
    }

    @Test func namesFromAFirstLineOrASentence() {
        #expect(Metadata.fromNameLine("威海市文登区信访局") == "威海市文登区信访局")
        #expect(Metadata.fromNameLine("一、总体情况") == nil)
        #expect(Metadata.fromSentence("2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《条例》") == "官洲街道办事处")
        #expect(Metadata.fromSentence("2023年，我局认真贯彻落实《条例》") == nil)
    }

    func report(_ text: String, name: String = "page.txt") throws -> Report {
        try Pipeline.report(path: try temporaryFile(name, Array(text.utf8)))
    }

    static let table = """
    信息内容\t本年制发件数\t本年废止件数\t现行有效件数
    规章\t0\t0\t0
    行政规范性文件\t1\t0\t5
    """

    @Test func aTitleBrokenOverTwoLines() throws {
        let report = try report("后宫乡\n2023年政府信息公开工作年度报告\n\n\(Self.table)\n")
        #expect(report.agency == "后宫乡" && report.year == 2023)
    }

    @Test func noAgencyIsNullWithAnInfoFinding() throws {
        let report = try report("政府信息公开工作年度报告\n\n\(Self.table)\n", name: "page-2023.txt")
        #expect(report.agency == nil)
        #expect(report.findings.contains { $0.code == "meta.agency_unknown" && $0.severity == .info })
        let named = try Pipeline.report(path: try temporaryFile("page.txt", Array("政府信息公开工作年度报告\n\n\(Self.table)\n".utf8)),
                                        options: ReadOptions(agency: "城关镇"))
        #expect(named.agency == "城关镇" && !named.findings.contains { $0.code == "meta.agency_unknown" })
    }

    @Test func statementsBrokenOverLinesAreChecked() throws {
        let text = """
        后宫乡2023年政府信息公开工作年度报告
        2023年，本机关受理政府
        信息公开申请 17 件。

        一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
        """
        let report = try report(text)
        let mismatch = try #require(report.findings.first { $0.code == "text.mismatch" })
        #expect(mismatch.actual == 17 && mismatch.expected == 1)
        #expect(mismatch.message.hasPrefix("正文第 2 行"))
    }

    @Test func everyStatementOfTheTemplateNarrativeIsChecked() throws {
        // The sentence of the official Word template, with each figure one off from the tables below it.
        let text = """
        后宫乡2023年政府信息公开工作年度报告
        2023年，后宫乡人民政府认真贯彻《中华人民共和国政府信息公开条例》。全年主动公开行政规范性文件2件，受理政府信息公开申请2件，上年结转2件，办结2件，结转下年度2件。
        \(Self.table)
        一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
        二、上年结转政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
        （七）总计\t1\t0\t0\t0\t0\t0\t1
        四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1
        """
        // 受理 2 is neither 一 (1) nor 一 + 二 (1 + 3).
        let report = try report(text)
        let mismatched = Set(report.findings.filter { $0.code == "text.mismatch" }.flatMap(\.keys))
        #expect(mismatched == ["s2.normative.issued", "s3.new.total", "s3.carried_over.total", "s3.total.total", "s3.carried_forward.total"])
    }

    /// 「收到…申请 N 件」 counts 一 (本年新收) alone in some reports and 一 + 二 (with 上年结转) in others: either agrees.
    @Test(arguments: [(5, false), (3, false), (4, true), (2, true)])
    func receivedApplicationsMayIncludeTheCarriedOver(stated: Int, mismatch: Bool) throws {
        let text = """
        后宫乡2023年政府信息公开工作年度报告
        2023年，本机关共收到政府信息公开申请\(stated)件，均已按时答复。
        \(Self.table)
        一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
        二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2
        """
        let report = try report(text)
        let found = report.findings.filter { $0.code == "text.mismatch" }
        if mismatch {
            let finding = try #require(found.first)
            #expect(found.count == 1)
            #expect(finding.keys == ["s3.new.total"])
            #expect(finding.expected == 3 && finding.actual == Decimal(stated))
            #expect(finding.message == "正文第 2 行称本年新收政府信息公开申请 \(stated) 件，表格中为 3 件，本年新收与上年结转合计为 5 件")
        } else {
            #expect(found.isEmpty, "\(found.map(\.message))")
        }
    }

    @Test func bracketedNamesAndChineseNumeralYears() {
        let zone = Metadata.fromTitle("中国（山东）自由贸易试验区济南片区管理委员会2023年政府信息公开工作年度报告")
        #expect(zone?.agency == "中国(山东)自由贸易试验区济南片区管理委员会" && zone?.year == 2023)
        let numerals = Metadata.fromTitle("二〇二三年后宫乡政府信息公开工作年度报告")
        #expect(numerals?.agency == "后宫乡" && numerals?.year == 2023)
        #expect(Metadata.fromTitle("（一）政府信息公开工作年度报告") == nil)
    }

    /// A name has at most 40 characters and a year with 年度 at most 10 more: a 50-character head is still read, a
    /// longer one is a sentence (dismissed before its characters are split).
    @Test func theLongestTitleHeadIsRead() {
        let name = String(repeating: "山", count: 39) + "镇"
        let longest = Metadata.fromTitle(name + "20232023年度政府信息公开工作年度报告")
        #expect(longest?.agency == name && longest?.year == 2023)
        #expect(Metadata.fromTitle("山" + name + "20232023年度政府信息公开工作年度报告") == nil)
        #expect(Metadata.fromTitle(name + "政府信息公开工作年度报告")! == (name, nil))
        #expect(Metadata.fromTitle("山" + name + "政府信息公开工作年度报告") == nil)
        let paragraph = "2023年，" + String(repeating: "后宫乡人民政府认真贯彻落实，", count: 8) + "做好政府信息公开工作，现将年度报告公布如下。"
        #expect(Metadata.fromTitle(paragraph) == nil)
    }

    @Test func characterCountsStopAtTheLimit() {
        #expect(!Metadata.hasMoreCharacters("后宫乡", than: 3))
        #expect(Metadata.hasMoreCharacters("后宫乡", than: 2))
        #expect(!Metadata.hasMoreCharacters("", than: 0))
        // Marks and CR LF join scalars into one Character: counted as Characters.
        #expect(!Metadata.hasMoreCharacters(String(repeating: "e\u{301}", count: 30), than: 30))
        #expect(Metadata.hasMoreCharacters(String(repeating: "e\u{301}", count: 31), than: 30))
        #expect(!Metadata.hasMoreCharacters(String(repeating: "\r\n", count: 20) + String(repeating: "a", count: 10), than: 30))
        #expect(Metadata.hasMoreCharacters(String(repeating: "\r\n", count: 20) + String(repeating: "a", count: 11), than: 30))
        #expect(!Metadata.hasMoreCharacters(String(repeating: "乡", count: 30) + "\u{301}", than: 30))
        #expect(Metadata.hasMoreCharacters(String(repeating: "乡，", count: 15) + "“", than: 30))
        #expect(Metadata.hasMoreCharacters("后宫乡"[...], than: 2))
    }

    @Test func chineseNumeralYearsOnScalarsAndOnCharacters() {
        #expect(Metadata.asciiYears("后宫乡二〇二三年度") == "后宫乡2023年度")
        #expect(Metadata.asciiYears("二〇二三年二○二四年一九九九年") == "2023年2024年1999年")
        #expect(Metadata.asciiYears("二ＯＯ三年") == "2003年")
        #expect(Metadata.asciiYears("三〇二三年") == "三〇二三年")
        #expect(Metadata.asciiYears("一二三年") == "一二三年")
        #expect(Metadata.asciiYears("二〇二三") == "二〇二三")
        // A mark that joins a digit or 年 into another Character keeps the year as written; other scalars do not.
        #expect(Metadata.asciiYears("二〇二三年\u{0301}") == "二〇二三年\u{0301}")
        #expect(Metadata.asciiYears("二\u{0301}〇二三年") == "二\u{0301}〇二三年")
        #expect(Metadata.asciiYears("é二〇二三年") == "é2023年")
        #expect(Metadata.asciiYears("Ａ二〇二三年") == "Ａ2023年")
    }

    @Test func aSiteFooterAfterACutOffTableStillReadsAsTruncated() throws {
        let page = try String(contentsOfFile: Fixtures.path("web-reports/015_guanzhou_jiedao_haizhu_2023.txt"), encoding: .utf8)
        let cut = try report(page + "\n主办：广州市海珠区人民政府 技术支持：海珠区政务服务数据管理局\n粤ICP备12345678号\n", name: "cut.txt")
        #expect(cut.findings.contains { $0.code == "layout.table_truncated" })
        #expect(!cut.findings.contains { $0.code == "layout.row_missing" || $0.code == "layout.table_missing" })
        // The report's own text after the tables means they ended there: missing rows are reported row by row.
        let complete = try report(page + "\n五、存在的主要问题及改进情况\n一是公开内容还需拓展。\n", name: "whole.txt")
        #expect(!complete.findings.contains { $0.code == "layout.table_truncated" })
        #expect(complete.findings.contains { $0.code == "layout.row_missing" && $0.severity == .error })
    }
}
