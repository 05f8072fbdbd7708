// Two reports' values compared for the rollup's duplicates: as numbers, blanks apart from zeros, exact where a value
// has no 4-place integer form.
import Foundation
import Testing
@testable import Disclosure

@Suite struct ValueStoreSameValuesTests {
    static func store(_ values: [String: Decimal?]) -> ValueStore {
        var store = ValueStore(Layout.layout2021.keys)
        for (key, value) in values { store[key] = value }
        return store
    }

    static func same(_ a: ValueStore, _ b: ValueStore) -> Bool {
        let key = { (values: ValueStore) in Rollup.ContentKey(layout: "2021", values: values) }
        let equal = key(a) == key(b)
        if equal { #expect(key(a).hashValue == key(b).hashValue) }
        return equal
    }

    @Test func numbersBlanksAndInexactValues() throws {
        let keys = Layout.layout2021.keys
        let first = try #require(keys.keys.first), second = keys.keys[1]
        #expect(Self.same(Self.store([first: 12, second: 0]), Self.store([first: Decimal(string: "12.000"), second: 0])))
        #expect(!Self.same(Self.store([first: 12, second: 0]), Self.store([first: 12])))  // 0 is not a blank
        #expect(!Self.same(Self.store([first: 12]), Self.store([first: 13])))
        #expect(Self.same(Self.store([:]), Self.store([:])))
        // Past four places there is no scaled integer: compared as decimals, equal or not.
        let tiny = try #require(Decimal(string: "0.000001"))
        #expect(Self.same(Self.store([first: tiny]), Self.store([first: Decimal(string: "0.0000010")])))
        #expect(!Self.same(Self.store([first: tiny]), Self.store([first: Decimal(string: "0.000002")])))
        #expect(!Self.same(Self.store([first: tiny]), Self.store([first: 0])))
        #expect(!Self.same(Self.store([first: 12.5]), Self.store([first: Decimal(string: "12.50001")])))
    }
}
