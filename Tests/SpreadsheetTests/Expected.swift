// Loads the transcribed expected values of the samples (Tests/Fixtures/expected).
import Foundation
import TestSupport

struct Expected {
    var values: [String: Double?]
    var cells: [String: String]

    init(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("expected/\(name).json")))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var values: [String: Double?] = [:]
        for (key, value) in object["values"] as? [String: Any] ?? [:] {
            values[key] = (value as? NSNumber)?.doubleValue
        }
        self.values = values
        cells = object["cells"] as? [String: String] ?? [:]
    }
}
