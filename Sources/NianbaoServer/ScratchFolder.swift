// A private temporary folder for one request's uploads, removed when the request is done.
import Foundation

/// A folder only this process can read (mode 0700, from `mkdtemp`), for the files of one request.
/// Nothing a client sends names a path inside it: files are numbered.
final class ScratchFolder: @unchecked Sendable {
    let path: String
    private var next = 0

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("nianbao-serve-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw ServerError.internalFailure("无法创建临时文件夹") }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A new file path inside the folder, keeping only a safe extension from the client's name.
    func newFilePath(extensionOf name: String) -> String {
        next += 1
        let ext = (name as NSString).pathExtension.lowercased()
        let safe = ext.count <= 12 && !ext.isEmpty && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? ".\(ext)" : ""
        return (path as NSString).appendingPathComponent("\(next)\(safe)")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}
