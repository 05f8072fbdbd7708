// A process-wide, thread-safe memo with a bound: what a batch computes once and shares between its files.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembered values by key, shared by the threads of a batch. Past `capacity` entries it starts over, so a long
/// batch of unlike files stays bounded. A pthread mutex, not Foundation's lock: Foundation in this module would
/// clash with libxml2's ICU headers. Inlinable, so callers in other modules get code specialised for their key
/// and value types (unspecialised generic dictionary lookups cost a locate hit about 7 %).
package final class BoundedMemo<Key: Hashable, Value>: @unchecked Sendable {
    @usableFromInline var values: [Key: Value] = [:]
    @usableFromInline let capacity: Int
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init(capacity: Int) {
        self.capacity = capacity
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inlinable package func value(for key: Key) -> Value? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return values[key]
    }

    @inlinable package func store(_ value: Value, for key: Key) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if values.count >= capacity { values.removeAll(keepingCapacity: true) }
        values[key] = value
    }

    /// The remembered value, or `make`'s (computed outside the lock, so other threads are not held up; two threads
    /// may both compute a new key, and either result is the same).
    @inlinable package func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let known = value(for: key) { return known }
        let made = try make()
        store(made, for: key)
        return made
    }

    package func removeAll() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        values.removeAll()
    }
}
