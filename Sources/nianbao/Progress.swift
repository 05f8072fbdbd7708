// Progress on stderr: a bar on a terminal, plain lines otherwise, nothing with --quiet.
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
        self.quiet = quiet || total <= 1
        self.label = label
        terminal = isatty(2) != 0
    }

    func started(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        current = path
        if !quiet && !terminal { write("\(label) \(path)\n") }
        if !quiet && terminal { draw() }
    }

    func finished() {
        lock.lock(); defer { lock.unlock() }
        completed += 1
        if !quiet && terminal { draw() }
    }

    func done() {
        lock.lock(); defer { lock.unlock() }
        if !quiet && terminal { write("\r\u{1B}[K") }
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
