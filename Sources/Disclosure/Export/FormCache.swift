// What every form of a layout shares, built once per layout and process: its geometry and its blank sheet.
import Foundation
import Spreadsheet

/// Per-layout memo of `FormGeometry` and the blank form sheet (labels, merges, styles, validation, print setup, row
/// heights): a batch of filled forms copies them instead of laying the form out again for every file.
final class FormCache: @unchecked Sendable {
    static let shared = FormCache()
    private let lock = NSLock()
    private var geometries: [String: FormGeometry] = [:]
    private var blanks: [String: WorksheetDocument] = [:]
    private var plans: [String: FormWriter.FillPlan] = [:]

    func plan(_ writer: FormWriter) -> FormWriter.FillPlan {
        memo(\.plans, writer.layout.id) { writer.fillPlan() }
    }

    func geometry(_ layout: Layout) -> FormGeometry {
        memo(\.geometries, layout.id) { FormGeometry(layout: layout) }
    }

    func blank(_ writer: FormWriter) -> WorksheetDocument {
        memo(\.blanks, writer.layout.id) { writer.blankForm() }
    }

    /// The value kept under `id`, or `make()`'s, kept; built outside the lock (two threads may both build the first one,
    /// which is the same value either way).
    private func memo<Value>(_ store: ReferenceWritableKeyPath<FormCache, [String: Value]>, _ id: String, _ make: () -> Value) -> Value {
        lock.lock()
        if let cached = self[keyPath: store][id] { lock.unlock(); return cached }
        lock.unlock()
        let value = make()
        lock.lock()
        self[keyPath: store][id] = value
        lock.unlock()
        return value
    }
}
