// A bounded hand-over of byte chunks between two threads (inflate beside parse, serialise beside deflate).
import Dispatch

/// One producer, one consumer, at most `capacity` chunks in flight (so memory stays bounded).
public final class ChunkPipe: @unchecked Sendable {
    private var chunks: [[UInt8]] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let lock = DispatchSemaphore(value: 1)
    private let slots: DispatchSemaphore
    private let items = DispatchSemaphore(value: 0)

    public struct Cancelled: Error {}

    public init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }

    /// Producer: blocks while the pipe is full; throws once the consumer has given up.
    public func put(_ chunk: [UInt8]) throws {
        slots.wait()
        lock.wait()
        defer { lock.signal() }
        if cancelled { throw Cancelled() }
        chunks.append(chunk)
        items.signal()
    }

    /// Producer: no more chunks (with the error that stopped it, if any).
    public func finish(_ error: Error?) {
        lock.wait()
        finished = true
        failure = error
        lock.signal()
        items.signal()
    }

    /// Consumer: the next chunk, nil at the end; rethrows the producer's error.
    public func take() throws -> [UInt8]? {
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
    public func cancel() {
        lock.wait()
        cancelled = true
        chunks.removeAll()
        lock.signal()
        slots.signal()
    }
}
