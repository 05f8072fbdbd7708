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
        lock.lock()
        if let cached = plans[writer.layout.id] { lock.unlock(); return cached }
        lock.unlock()
        let plan = writer.fillPlan()
        lock.lock()
        plans[writer.layout.id] = plan
        lock.unlock()
        return plan
    }

    func geometry(_ layout: Layout) -> FormGeometry {
        lock.lock()
        if let cached = geometries[layout.id] { lock.unlock(); return cached }
        lock.unlock()
        let geometry = FormGeometry(layout: layout)
        lock.lock()
        geometries[layout.id] = geometry
        lock.unlock()
        return geometry
    }

    func blank(_ writer: FormWriter) -> WorksheetDocument {
        lock.lock()
        if let cached = blanks[writer.layout.id] { lock.unlock(); return cached }
        lock.unlock()
        let sheet = writer.blankForm()
        lock.lock()
        blanks[writer.layout.id] = sheet
        lock.unlock()
        return sheet
    }
}
