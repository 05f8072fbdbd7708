// Where tests write: one folder per test process, removed when the process ends, so a run leaves /tmp as it was.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The test process's own folder under the system's temporary folder (`nianbao-tests.<pid>`). Removed at exit; a
/// folder left by a process that died (killed, crashed) is removed by the next test process that starts.
public let scratchRoot: URL = {
    let system = FileManager.default.temporaryDirectory
    let prefix = "nianbao-tests."
    for name in (try? FileManager.default.contentsOfDirectory(atPath: system.path)) ?? [] where name.hasPrefix(prefix) {
        guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
        if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(at: system.appendingPathComponent(name)) }
    }
    let root = system.appendingPathComponent(prefix + String(getpid()))
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    scratchPathForExit = root.path
    atexit {
        if let path = scratchPathForExit { try? FileManager.default.removeItem(atPath: path) }
    }
    return root
}()

/// Read by the exit handler, which cannot capture.
nonisolated(unsafe) private var scratchPathForExit: String?
