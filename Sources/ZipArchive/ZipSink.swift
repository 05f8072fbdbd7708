// Where a zip writer puts its bytes: memory or a file, with patching of already-written headers.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte destination that can overwrite bytes it has already received (to fill in local headers).
public protocol ZipSink: AnyObject {
    var position: UInt64 { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func patch(at offset: UInt64, _ bytes: [UInt8]) throws
}

/// Collects the archive in memory.
public final class MemorySink: ZipSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public var position: UInt64 { UInt64(bytes.count) }
    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes.append(contentsOf: bytes) }
    public func patch(at offset: UInt64, _ patch: [UInt8]) throws {
        bytes.replaceSubrange(Int(offset)..<Int(offset) + patch.count, with: patch)
    }
}

/// Writes the archive to a file descriptor through a buffer.
public final class FileSink: ZipSink {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var flushed: UInt64 = 0

    /// Creates (truncating) the file at `path`.
    public init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        self.path = path
        guard descriptor >= 0 else { throw ZipError(file: path, .system(errno)) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    public var position: UInt64 { flushed + UInt64(buffer.count) }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func patch(at offset: UInt64, _ bytes: [UInt8]) throws {
        if offset >= flushed {
            let start = Int(offset - flushed)
            buffer.replaceSubrange(start..<start + bytes.count, with: bytes)
            return
        }
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else { throw ZipError(file: path, .system(errno)) }
    }

    /// Writes out everything buffered and syncs it to disk.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + offset, $0.count - offset, off_t(flushed) + off_t(offset)) }
            guard written > 0 else { throw ZipError(file: path, .system(errno)) }
            offset += written
        }
        flushed += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }
}
