// The one number lexer: every shape of a number, placeholder and non-number a cell's text takes, with exact tokens.
import Testing
@testable import Spreadsheet

@Suite struct NumberLexerTests {
    static func number(_ text: String, unit: NumberUnit? = nil, plain: Bool = false, tidy: Bool = true,
                       leadingZero: Bool = false) -> NumberToken {
        .number(LexedNumber(text: text, unit: unit, isPlain: plain, isTidy: tidy, hasLeadingZero: leadingZero))
    }

    static let cases: [(String, NumberToken)] = [
        // Plain ASCII (the fast path).
        ("12", number("12", plain: true)), ("0", number("0", plain: true)), ("-3", number("-3", plain: true)),
        ("96171.6", number("96171.6", plain: true)), ("007", number("007", plain: true, leadingZero: true)),
        // Full-width digits, separators, points and signs.
        ("３８４", number("384")), ("１，２３４．５", number("1234.5")), ("－５", number("-5")), ("１２件", number("12", unit: .piece)),
        // Thousands separators: tidy only every three digits.
        ("1,472", number("1472")), ("1,234,567", number("1234567")), ("1，234", number("1234")),
        ("1,23", number("123", tidy: false)), (",5", number("5", tidy: false)), ("1.5,000", number("1.5000", tidy: false)),
        // Units.
        ("12件", number("12", unit: .piece)), ("0.5万元", number("0.5", unit: .wanYuan)), ("251000元", number("251000", unit: .yuan)),
        ("3人次", number("3", unit: .personTimes)), ("2万", number("2", unit: .wan)), ("4个", number("4", unit: .unit)),
        // Signs, sign words, spaces.
        ("增1423", number("1423", tidy: false)), ("减8", number("-8", tidy: false)), ("减少 2", number("-2", tidy: false)),
        ("--253", number("-253", tidy: false)), ("\u{2212}7", number("-7", tidy: false)), ("+5", number("5", tidy: false)),
        (" 3 ", number("3", tidy: false)), ("1 234", number("1234", tidy: false)), ("\u{3000}１２\u{3000}", number("12", tidy: false)),
        // Placeholders.
        ("", .placeholder(.blank)), ("  ", .placeholder(.blank)), ("/", .placeholder(.slash)), ("／", .placeholder(.slash)),
        ("\\", .placeholder(.slash)), ("-", .placeholder(.dash)), ("－", .placeholder(.dash)), ("—", .placeholder(.dash)),
        ("——", .placeholder(.dash)), ("–", .placeholder(.dash)), ("---", .placeholder(.dash)), ("无", .placeholder(.none)),
        ("空", .placeholder(.none)), ("未填", .placeholder(.none)), ("N/A", .placeholder(.none)), (" / ", .placeholder(.slash)),
        // Not numbers.
        ("2024-01-15", .notNumber), ("0512-1234", .notNumber), ("1.", .notNumber), (".5", .notNumber), ("1.2.3", .notNumber),
        ("1e5", .notNumber), ("12件件", .notNumber), ("规章", .notNumber), ("见附件", .notNumber), ("增加", .notNumber),
        ("null", .notNumber), ("①", .notNumber), (String(repeating: "1", count: 41), .notNumber),
    ]

    @Test(arguments: cases)
    func lexesExactly(text: String, token: NumberToken) {
        #expect(NumberLexer.lex(text) == token, "\(text)")
    }

    @Test func tableValuesAreTidyNumbersAndMarks() {
        for text in ["12", "1,472", "３８４", "１，２３４．５", "12件", "0.5万", "3人次", "-5", "－５", "/", "—", "无", "007"] {
            #expect(NumberLexer.lex(text).isTableValue, "\(text)")
        }
        for text in ["", "增5", "+5", "1 234", "1,23", "--5", "2024-01-15", "规章", "12件件"] {
            #expect(!NumberLexer.lex(text).isTableValue, "\(text)")
        }
    }

    @Test func excelsViewKeepsCodesAndFullWidthAsText() {
        #expect(CSVReader.value(of: "12") == .number(12, source: "12"))
        #expect(CSVReader.value(of: "-0.5") == .number(-0.5, source: "-0.5"))
        #expect(CSVReader.value(of: "007") == .text("007"))
        #expect(CSVReader.value(of: "-007") == .text("-007"))
        #expect(CSVReader.value(of: "３８４") == .text("３８４"))
        #expect(CSVReader.value(of: "1,234") == .text("1,234"))
        #expect(CSVReader.value(of: "123456789012345678901") == .text("123456789012345678901"))
        #expect(CSVReader.value(of: "") == .text(""))
    }

    @Test func wholeValuesAndPlainSources() {
        #expect(NumberLexer.plainNumber("-42")?.wholeValue == -42)
        #expect(NumberLexer.plainNumber("4.2")?.wholeValue == nil)
        #expect(NumberLexer.plainNumber("1234567890123456789")?.wholeValue == nil)
        #expect(NumberLexer.isPlainWhole("123".utf8) && NumberLexer.isPlainWhole("-1".utf8))
        #expect(!NumberLexer.isPlainWhole("1.5".utf8) && !NumberLexer.isPlainWhole("".utf8) && !NumberLexer.isPlainWhole("1-2".utf8))
        #expect(NumberLexer.digitValue("３") == 3 && NumberLexer.digitValue("7") == 7 && NumberLexer.digitValue("三") == nil)
    }
}
