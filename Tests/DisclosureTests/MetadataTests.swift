// Agency and year from titles, 填报单位 cells and file names, as real reports write them.
import Testing
@testable import Disclosure

@Suite struct MetadataTests {
    @Test func titles() {
        #expect(Metadata.fromTitle("后宫乡2023年度政府信息公开工作年度报告")! == ("后宫乡", 2023))
        #expect(Metadata.fromTitle("后宫乡 2023 年度政府信息公开工作 年度报告")! == ("后宫乡", 2023))
        #expect(Metadata.fromTitle("2019年上海市人民政府办公厅政府信息公开工作年度报告")! == ("上海市人民政府办公厅", 2019))
        #expect(Metadata.fromTitle("石桥镇2022年政府信息公开年报")! == ("石桥镇", 2022))
        #expect(Metadata.fromTitle("龙泉乡政府信息公开工作年度报告")! == ("龙泉乡", nil))
        #expect(Metadata.fromTitle("# source: 上海市人民政府办公厅, 2019年政府信息公开工作年度报告") == nil)
        #expect(Metadata.fromTitle("关于做好政府信息公开工作的通知") == nil)
    }

    @Test func fillerCellsAndFileNames() {
        #expect(Metadata.fromFillerCell("填报单位：后宫乡人民政府") == "后宫乡人民政府")
        #expect(Metadata.fromFillerCell("填报单位：石桥镇人民政府    联系人：王芳") == "石桥镇人民政府")
        #expect(Metadata.fromFileName("/x/石桥镇2023年度政府信息公开工作年度报告.xlsx") == ("石桥镇", 2023))
        let named = Metadata.fromFileName("uploads/2023-龙泉乡.csv")
        #expect(named.agency == "龙泉乡")
        #expect(named.year == 2023)
    }
}

private func == (lhs: (agency: String?, year: Int?), rhs: (String?, Int?)) -> Bool {
    lhs.agency == rhs.0 && lhs.year == rhs.1
}
