// Reads a whole file's bytes with an error that names it.
import ZipArchive

enum FileBytes {
    static func read(_ path: String) throws -> [UInt8] {
        do {
            let source = try ByteSource(path: path)
            // The map lives as long as `source`: keep it alive until the copy is made.
            return withExtendedLifetime(source) { Array(source.buffer) }
        } catch let error as ZipError {
            guard case .io(let detail) = error.kind else { throw SpreadsheetError(error) }
            throw SpreadsheetError(file: path, .io(detail))
        }
    }
}
