// The form as a plain grid of labels and values, for CSV.
import Spreadsheet

extension FormWriter {
    /// The form as a CSV grid (labels and values in their cells).
    public func grid(_ report: Report? = nil) -> Grid {
        var grid = Grid()
        for (ref, cell) in form(report).sheet.cells where !cell.value.isEmpty {
            grid[ref] = Cell(cell.value)
        }
        return grid
    }
}
