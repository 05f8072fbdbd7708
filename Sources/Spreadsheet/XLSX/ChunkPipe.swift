// A bounded hand-over of inflated chunks from the inflating thread to the parsing thread.
import Dispatch

/// One producer, one consumer, at most `capacity` chunks in flight (so memory stays bounded).
final class ChunkPipe: @unchecked Sendable {
    private var chunks: [[UInt8]] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let lock = DispatchSemaphore(value: 1)
    private let slots: DispatchSemaphore
    private let items = DispatchSemaphore(value: 0)

    struct Cancelled: Error {}

    init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }

    /// Producer: blocks while the pipe is full; throws once the consumer has given up.
    func put(_ chunk: [UInt8]) throws {
        slots.wait()
        lock.wait()
        defer { lock.signal() }
        if cancelled { throw Cancelled() }
        chunks.append(chunk)
        items.signal()
    }

    /// Producer: no more chunks (with the error that stopped it, if any).
    func finish(_ error: Error?) {
        lock.wait()
        finished = true
        failure = error
        lock.signal()
        items.signal()
    }

    /// Consumer: the next chunk, nil at the end; rethrows the producer's error.
    func take() throws -> [UInt8]? {
        items.wait()
        lock.wait()
        defer { lock.signal() }
        if !chunks.isEmpty {
            slots.signal()
            return chunks.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stop the producer (it sees `Cancelled` at its next put).
    func cancel() {
        lock.wait()
        cancelled = true
        chunks.removeAll()
        lock.signal()
        slots.signal()
    }
}
