// Reads or maps a whole file, with an error that names it.
import ZipArchive

package enum FileBytes {
    package static func read(_ path: String) throws -> [UInt8] {
        let source = try map(path)
        // The map lives as long as `source`: keep it alive until the copy is made.
        return withExtendedLifetime(source) { Array(source.buffer) }
    }

    /// The file memory-mapped, with an I/O error that names it.
    package static func map(_ path: String) throws -> ByteSource {
        do {
            return try ByteSource(path: path)
        } catch let error as ZipError {
            switch error.kind {
            case .io(let detail): throw SpreadsheetError(file: path, .io(detail))
            case .system(let code): throw SpreadsheetError(file: path, .system(code))
            default: throw SpreadsheetError(error)
            }
        }
    }
}
