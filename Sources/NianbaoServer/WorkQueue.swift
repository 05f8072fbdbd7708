// Bounds the server's work: a few requests read files at once, a limited number wait, the rest get 503 at once.
import Foundation

/// Admission for requests that carry uploads. `slots` of them run their CPU work at a time; up to `capacity` more
/// may be uploading or waiting; beyond that a request is refused (`ServerError.busy`) before its body is read.
actor WorkQueue {
    let slots: Int
    let capacity: Int
    private var admitted = 0
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int, capacity: Int) {
        self.slots = max(1, slots)
        self.capacity = max(0, capacity)
    }

    /// Takes a place in the queue, or throws `busy` when the queue is full.
    func admit() throws {
        guard admitted < slots + capacity else { throw ServerError.busy }
        admitted += 1
    }

    /// Gives back a place taken by `admit` (and the slot, if it ran).
    func leave(ran: Bool) {
        admitted -= 1
        guard ran else { return }
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    private func acquire() async {
        if running < slots {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Runs blocking work on a thread of its own once a slot is free, off the server's event loops. A new thread, not a
    /// GCD worker: the work waits for the reader pool, and at most `slots` such threads exist at once.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await acquire()
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
