// Read-only bytes of an archive: a memory-mapped file or an owned buffer.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Immutable bytes with a stable address for the life of the object: a read-only memory map of a file, or an
/// owned copy. Errors name the file (a folder, a missing file, an unreadable one).
public final class ByteSource: @unchecked Sendable {
    let base: UnsafeRawPointer?
    let count: Int
    private let unmap: Bool
    private let owned: UnsafeMutableRawPointer?

    /// Files up to this size are read into memory: mapping and unmapping a small file costs more than reading it,
    /// and every unmap in a busy process interrupts the other cores to flush their TLBs.
    static let readLimit = 4 << 20

    /// Maps `path` read-only (small files are read). Errors name the file.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZipError(file: path, .system(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ZipError(file: path, .system(errno)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw ZipError(file: path, .system(EISDIR)) }
        let size = Int(info.st_size)
        if size == 0 {
            base = nil; count = 0; unmap = false; owned = nil
            return
        }
        if size <= ByteSource.readLimit {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            var done = 0
            while done < size {
                let got = pread(fd, buffer + done, size - done, off_t(done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    let code = errno
                    buffer.deallocate()
                    throw ZipError(file: path, got < 0 ? .system(code) : .io("文件在读取时变短了"))
                }
                done += got
            }
            base = UnsafeRawPointer(buffer); count = size; unmap = false; owned = buffer
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw ZipError(file: path, .system(errno))
        }
        base = UnsafeRawPointer(mapped)
        count = size
        unmap = true
        owned = nil
    }

    public init(bytes: [UInt8]) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let address = source.baseAddress { buffer.copyMemory(from: address, byteCount: source.count) }
        }
        base = UnsafeRawPointer(buffer)
        count = bytes.count
        unmap = false
        owned = buffer
    }

    deinit {
        if unmap, let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
        owned?.deallocate()
    }

    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Lets the kernel drop mapped pages in `range` (they are re-read from the file if touched again), so
    /// streaming a large entry keeps resident memory flat.
    public func release(_ range: Range<Int>) {
        guard unmap, let base, range.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(buffer[offset]) | UInt16(buffer[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16
    }

    func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
    }
}
