// Progress on stderr: a bar on a terminal; nothing when stderr is a file or a pipe, or with --quiet.
import Foundation

final class Progress: @unchecked Sendable {
    private let total: Int
    private let quiet: Bool
    private let label: String
    private let terminal: Bool
    private let start = Date()
    private var completed = 0
    private var current = ""
    private let lock = NSLock()

    init(total: Int, quiet: Bool, label: String) {
        self.total = total
        terminal = isatty(2) != 0
        // A log or a script reading stderr gets no progress: it wants the errors only.
        self.quiet = quiet || total <= 1 || !terminal
        self.label = label
    }

    func started(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        current = path
        if !quiet { draw() }
    }

    func finished() {
        lock.lock(); defer { lock.unlock() }
        completed += 1
        if !quiet { draw() }
    }

    func done() {
        lock.lock(); defer { lock.unlock() }
        if !quiet { write("\r\u{1B}[K") }
    }

    private func draw() {
        let elapsed = Date().timeIntervalSince(start)
        let eta = completed > 0 ? elapsed / Double(completed) * Double(total - completed) : 0
        let width = 24
        let filled = total > 0 ? width * completed / total : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let name = (current as NSString).lastPathComponent
        write(String(format: "\r\u{1B}[K%@ %@ %d/%d  %.0fs  剩余约 %.0fs  %@", label, bar, completed, total, elapsed, eta, name))
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
