// A bounded hand-over of byte chunks between two threads (inflate beside parse, serialise beside deflate).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a producer sees once the consumer has given up.
public struct QueueCancelled: Error {}

/// Byte chunks between two threads.
public typealias ChunkPipe = BoundedQueue<[UInt8]>

/// One producer, one consumer, at most `capacity` items in flight (so memory stays bounded).
/// Either side may stop early: the consumer with `cancel`, the producer with `finish(error)`.
public final class BoundedQueue<Element>: @unchecked Sendable {
    private var chunks: [Element] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)


    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Producer: blocks while the pipe is full; throws once the consumer has given up.
    public func put(_ chunk: Element) throws {
        try locked {
            while chunks.count >= capacity && !cancelled { pthread_cond_wait(changed, mutex) }
            if cancelled { throw QueueCancelled() }
            chunks.append(chunk)
            pthread_cond_broadcast(changed)
        }
    }

    /// Producer: no more chunks (with the error that stopped it, if any).
    public func finish(_ error: Error?) {
        locked {
            finished = true
            failure = error
            pthread_cond_broadcast(changed)
        }
    }

    /// Consumer: the next chunk, nil at the end; rethrows the producer's error.
    public func take() throws -> Element? {
        try locked {
            while chunks.isEmpty && !finished { pthread_cond_wait(changed, mutex) }
            if !chunks.isEmpty {
                pthread_cond_broadcast(changed)
                return chunks.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }
    }

    /// Consumer: stop the producer (it sees `QueueCancelled` at its next put).
    public func cancel() {
        locked {
            cancelled = true
            chunks.removeAll()
            pthread_cond_broadcast(changed)
        }
    }
}
