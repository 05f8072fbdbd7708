// A private temporary folder for one request's uploads, removed when the request is done.
import Foundation

/// A folder only this process can read (mode 0700, from `mkdtemp`), for the files of one request.
/// Nothing a client sends names a path inside it: files are numbered.
final class ScratchFolder: @unchecked Sendable {
    let path: String
    private var next = 0

    init() throws {
        // The process id in the name: `sweep` tells a folder of a server still running from one left by a crash.
        let name = "\(Self.prefix)\(getpid())-XXXXXX"
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent(name).utf8CString)
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

    static let prefix = "nianbao-serve-"

    /// Removes the scratch folders of servers no longer running (a crash, a kill -9, a power cut leave them with uploads
    /// in them); folders of this process and of live ones stay. Returns how many were removed.
    @discardableResult
    static func sweep(in directory: String = NSTemporaryDirectory()) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists (EPERM: it exists, someone else's).
            guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            // Only our own folders: another user's are not ours to remove (and the sticky /tmp would refuse anyway).
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid() else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}
