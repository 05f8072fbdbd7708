// Where a report says who made it and for which year: titles, 填报单位, first lines, file names.
import Foundation
import Spreadsheet

extension Locator {
    /// The facts of the texts of the first 40 non-blank rows (what `LocateShape` gathers when there is a shape).
    static func leadingTexts(_ sheets: [(offset: Int, element: Sheet)]) -> [TextFacts] {
        var facts: [TextFacts] = []
        var rowsSeen = 0
        rows: for (_, sheet) in sheets {
            for row in sheet.grid.nonBlankRows {
                guard rowsSeen < 40 else { break rows }
                rowsSeen += 1
                for cell in sheet.grid.columnCells(inRow: row) {
                    if case .text(_, let text) = RowScan.classify(cell.cell) { facts.append(text) }
                }
            }
        }
        return facts
    }

    /// Agency from the title, a 填报单位 line, a first line that is a name, the narrative's opening sentences, then the
    /// file name; year from the title, the statistics period, then the file name. The user's overrides win.
    func readMetadata(_ workbook: Workbook, leading facts: [TextFacts]) -> (agency: String?, year: Int?) {
        var agency = self.agency
        var year = self.year
        let opening = Array(workbook.narrative.prefix(12))
        var titles = opening.map { Metadata.fromTitle($0.text) }
        // A title broken over two lines: 「后宫乡」 / 「2023年政府信息公开工作年度报告」.
        for index in opening.indices.dropLast() where titles[index] == nil && !Metadata.hasMoreCharacters(opening[index].text, than: 30) {
            titles.append(Metadata.fromTitle(opening[index].text + opening[index + 1].text))
        }
        titles += facts.map(\.title)
        for case let parsed? in titles {
            if agency == nil { agency = parsed.agency }
            if year == nil { year = parsed.year }
            if agency != nil && year != nil { break }
        }
        if agency == nil {
            agency = facts.lazy.compactMap(\.filler).first
        }
        if agency == nil {
            agency = opening.prefix(3).lazy.compactMap { Metadata.fromNameLine($0.text) }.first
        }
        if agency == nil {
            agency = workbook.narrative.prefix(20).lazy.compactMap { Metadata.fromSentence($0.text) }.first
        }
        if year == nil {
            year = workbook.narrative.prefix(40).lazy.compactMap { Metadata.periodYear($0.text) }.first
        }
        if agency == nil || year == nil {
            let fromName = Metadata.fromFileName(workbook.source)
            agency = agency ?? fromName.agency
            year = year ?? fromName.year
        }
        return (agency, year)
    }

}
