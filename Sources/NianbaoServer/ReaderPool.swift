// The server's one pool of reader threads: every request's files are read on it, so that no more than `width` files
// are read at once however many requests run (never `workers` requests × `workers` threads each).
import Foundation

/// A fixed set of threads shared by all requests. Requests' batches take turns: each free thread takes the next file of
/// the next batch in rotation, so one county's 600 files do not hold up a clerk's single file behind them.
final class ReaderPool: @unchecked Sendable {
    let width: Int
    private let condition = NSCondition()
    /// Batches with files not yet taken, in arrival order; `turn` is the batch the next free thread serves.
    private var batches: [Batch] = []
    private var turn = 0
    /// Files being read right now (for tests: never above `width`).
    private(set) var busy = 0
    private(set) var mostBusy = 0

    /// One request's files: a job per file, and a count of those not yet finished.
    private final class Batch {
        var jobs: [() -> Void]
        var next = 0
        var remaining: Int
        let done = DispatchSemaphore(value: 0)
        init(_ jobs: [() -> Void]) {
            self.jobs = jobs
            remaining = jobs.count
        }
    }

    init(width: Int) {
        self.width = max(1, width)
        for index in 0..<self.width {
            // The threads keep the pool alive: a server's pool lasts as long as the process.
            let thread = Thread { self.serve() }
            thread.name = "nianbao-reader-\(index)"
            // Readers parse nested XML and documents; a main thread's stack, not a worker queue's smaller one.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// `work` over every input on the pool, results in input order; blocks the caller (a request's own thread) until done.
    func map<Input, Output>(_ inputs: [Input], _ work: @escaping (Input) -> Output) -> [Output] {
        guard !inputs.isEmpty else { return [] }
        let results = ResultSlots<Output>(count: inputs.count)
        let batch = Batch(inputs.indices.map { index in { results.set(index, work(inputs[index])) } })
        condition.lock()
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
        batch.done.wait()
        return results.values
    }

    private func serve() {
        while true {
            condition.lock()
            while batches.isEmpty { condition.wait() }
            turn %= batches.count
            let batch = batches[turn]
            let job = batch.jobs[batch.next]
            batch.jobs[batch.next] = {}
            batch.next += 1
            if batch.next == batch.jobs.count {
                batches.remove(at: turn)
            } else {
                turn += 1
            }
            busy += 1
            mostBusy = max(mostBusy, busy)
            condition.unlock()
            job()
            condition.lock()
            busy -= 1
            batch.remaining -= 1
            let finished = batch.remaining == 0
            condition.unlock()
            if finished { batch.done.signal() }
        }
    }

    /// The most files read at once since the pool started.
    var peak: Int { condition.lock(); defer { condition.unlock() }; return mostBusy }
}

/// Results written by several threads, each to its own index.
private final class ResultSlots<Output>: @unchecked Sendable {
    private var storage: [Output?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Output) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [Output] { lock.lock(); defer { lock.unlock() }; return storage.compactMap { $0 } }
}
