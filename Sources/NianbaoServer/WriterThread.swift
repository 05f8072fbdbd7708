// One thread that writes every upload to disk, in the order the writes were handed over (never a GCD worker: those
// can all be blocked by other work, and a write waiting for one would hold its request, and the server's shutdown).
import Foundation

final class WriterThread: @unchecked Sendable {
    /// The server's upload writer: writes land in the page cache, so one thread keeps up with any LAN.
    static let uploads = WriterThread(name: "nianbao-upload-writer")

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var next = 0

    init(name: String) {
        let thread = Thread { self.serve() }
        thread.name = name
        thread.start()
    }

    /// Runs `job` on the writer thread after every job handed over before it.
    func async(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            // Done jobs are dropped in one go once the queue has run dry, so the array never grows without bound.
            if next == jobs.count { jobs.removeAll(keepingCapacity: true); next = 0 }
            condition.unlock()
            job()
        }
    }
}
