// Maps a batch of inputs on a few threads, results in input order: what the command line and the server share.
import Dispatch
import Foundation

/// Work over many inputs on up to `width` threads. Each thread takes the next input as it finishes one, so a slow
/// file does not hold up the others; results come back in the order of the inputs.
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], width: Int,
                                                               _ work: @Sendable (Input) -> Output) -> [Output] {
        guard !inputs.isEmpty else { return [] }
        let results = Slots<Output>(count: inputs.count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: max(1, min(width, inputs.count))) { _ in
            while let index = next.take(below: inputs.count) {
                results.set(index, work(inputs[index]))
            }
        }
        return results.values
    }
}

private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class Slots<Output>: @unchecked Sendable {
    private var storage: [Output?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Output) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [Output] { storage.compactMap { $0 } }
}
