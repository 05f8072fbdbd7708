// What a cell's text reads as, through the one number lexer: exact values, the original text when reformatted, units.
import Foundation
import Testing
import Spreadsheet
@testable import Disclosure

@Suite struct ValueParserTests {
    static let cases: [(String, ValueKind, ParsedValue)] = [
        ("12", .count, .number(12, original: nil)),
        ("007", .count, .number(7, original: nil)),
        ("-3", .signedCount, .number(-3, original: nil)),
        ("29.5", .money, .number(Decimal(string: "29.5")!, original: nil)),
        ("１２", .count, .number(12, original: "１２")),
        ("１，２３４．５", .money, .number(Decimal(string: "1234.5")!, original: "１，２３４．５")),
        ("1,234", .count, .number(1234, original: "1,234")),
        (" 3 ", .count, .number(3, original: " 3 ")),
        ("12件", .count, .number(12, original: "12件")),
        ("3人次", .count, .number(3, original: "3人次")),
        ("23600万元", .money, .number(23600, original: "23600万元")),
        ("251000元", .money, .number(Decimal(string: "25.1")!, original: "251000元")),
        ("增1423", .signedCount, .number(1423, original: "增1423")),
        ("减8", .signedCount, .number(-8, original: "减8")),
        ("--253", .signedCount, .number(-253, original: "--253")),
        ("①", .count, .number(1, original: "①")),
        ("", .count, .missing(original: "")),
        ("／", .count, .missing(original: "／")),
        ("—", .count, .missing(original: "—")),
        ("无", .count, .missing(original: "无")),
        ("2万", .count, .notNumber("2万")),
        ("2024-01-15", .count, .notNumber("2024-01-15")),
        ("见附件", .count, .notNumber("见附件")),
        ("null", .count, .notNumber("null")),
    ]

    @Test(arguments: cases)
    func readsExactly(text: String, kind: ValueKind, expected: ParsedValue) {
        #expect(ValueParser.parse(text: text, kind: kind) == expected, "\(text)")
    }

    @Test func moneyInYuanByTheColumnHint() {
        #expect(ValueParser.parse(text: "50000", kind: .money, unitHint: .yuan) == .number(5, original: "50000"))
        #expect(ValueParser.parse(Cell(.number(50000, source: "50000")), kind: .money, unitHint: .yuan) == .number(5, original: "50000（元）"))
        #expect(ValueParser.parse(text: "3万元", kind: .money, unitHint: .yuan) == .number(3, original: "3万元"))
    }
}
