// Reads a zip archive: central directory (ZIP64 too), stored and deflated entries, streaming, limits.

/// A read-only zip archive. Reading never writes to the file system; entries are only ever delivered
/// as bytes, so an entry name such as `../../etc/passwd` is just a string.
public final class ZipReader {
    /// How the archive is named in errors (its path, or a label for in-memory bytes).
    public let fileName: String
    /// Entries in central-directory order.
    public let entries: [ZipEntry]
    public let limits: ZipLimits
    private let source: ByteSource
    /// Each entry's `lookupKey`, in entry order: archives hold a handful of entries, so a linear scan beats
    /// building and freeing a hash table per file.
    private let keys: [String]
    private var totalInflated: UInt64 = 0

    /// Opens the archive at `path` (memory-mapped).
    public convenience init(path: String, limits: ZipLimits = .default) throws {
        try self.init(source: ByteSource(path: path), fileName: path, limits: limits)
    }

    /// Opens an archive held in memory.
    public convenience init(bytes: [UInt8], fileName: String = "<memory>", limits: ZipLimits = .default) throws {
        try self.init(source: ByteSource(bytes: bytes), fileName: fileName, limits: limits)
    }

    /// Opens an archive already read or mapped.
    public init(source: ByteSource, fileName: String, limits: ZipLimits = .default) throws {
        self.source = source
        self.fileName = fileName
        self.limits = limits
        let entries = try CentralDirectory.read(source, fileName: fileName, limits: limits)
        self.entries = entries
        keys = entries.map(\.lookupKey)
    }

    /// Each entry's `lookupKey`, in entry order.
    public var entryKeys: [String] { keys }

    /// The same archive and directory, named `fileName` in errors: a directory read once (by the format probe) serves
    /// the reader too. The new reader counts its inflated bytes afresh.
    public func named(_ fileName: String) -> ZipReader {
        ZipReader(source: source, fileName: fileName, limits: limits, entries: entries, keys: keys)
    }

    private init(source: ByteSource, fileName: String, limits: ZipLimits, entries: [ZipEntry], keys: [String]) {
        self.source = source
        self.fileName = fileName
        self.limits = limits
        self.entries = entries
        self.keys = keys
    }

    /// The entry whose name equals `name` ignoring case, `\` versus `/` and a leading `/`.
    public func entry(named name: String) -> ZipEntry? {
        // The first entry with the key wins, as with duplicate names in the central directory.
        let key = ZipEntry.lookupKey(name)
        return keys.firstIndex(of: key).map { entries[$0] }
    }

    /// The whole inflated content of `entry`. For small parts; use `stream` for sheets.
    public func read(_ entry: ZipEntry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 16 << 20)))
        try stream(entry) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// The entry's bytes as stored in the archive (compressed, unverified): equal stored bytes and method mean equal
    /// content, which lets a reader recognise a part it has already parsed without inflating it.
    public func withStoredBytes<Result>(_ entry: ZipEntry, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let data = try CentralDirectory.dataRange(of: entry, in: source, fileName: fileName)
        return try withExtendedLifetime(source) { try body(UnsafeRawBufferPointer(rebasing: source.buffer[data])) }
    }

    /// The whole content of the entry named `name` (see `entry(named:)`).
    public func read(named name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else { throw ZipError(file: fileName, entry: name, .entryNotFound) }
        return try read(entry)
    }

    /// Inflates `entry` chunk by chunk (at most `chunkSize` bytes each) into `body`, verifying size and CRC-32
    /// at the end and the limits on the way.
    public func stream(_ entry: ZipEntry, chunkSize: Int = 64 << 10,
                       _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        func fail(_ kind: ZipError.Kind) -> ZipError { ZipError(file: fileName, entry: entry.name, kind) }
        if entry.isEncrypted { throw fail(.encrypted) }
        guard entry.method == 0 || entry.method == 8 else { throw fail(.unsupportedMethod(entry.method)) }
        let data = try CentralDirectory.dataRange(of: entry, in: source, fileName: fileName)
        let compressed = UnsafeRawBufferPointer(rebasing: source.buffer[data])
        var produced: UInt64 = 0
        var crc = CRC32()
        let limits = self.limits
        let startTotal = totalInflated
        let compressedSize = max(UInt64(compressed.count), 1)
        func consume(_ chunk: UnsafeRawBufferPointer) throws {
            produced += UInt64(chunk.count)
            if produced > entry.uncompressedSize {
                throw fail(.sizeMismatch(declared: entry.uncompressedSize, actual: produced))
            }
            if produced > limits.maxEntryBytes {
                throw fail(.limitExceeded("单个部件解压超过 \(limits.maxEntryBytes) 字节"))
            }
            if startTotal + produced > limits.maxTotalBytes {
                throw fail(.limitExceeded("解压总量超过 \(limits.maxTotalBytes) 字节"))
            }
            if produced > limits.ratioGraceBytes, produced / compressedSize > limits.maxRatio {
                throw fail(.limitExceeded("压缩比超过 \(limits.maxRatio):1"))
            }
            crc.update(chunk)
            try body(chunk)
        }
        defer { totalInflated = startTotal + produced }
        var released = data.lowerBound
        let source = self.source
        func release(_ consumed: Int) {
            let upTo = data.lowerBound + consumed
            if upTo - released >= 4 << 20 {
                source.release(released..<upTo)
                released = upTo
            }
        }
        if entry.method == 0 {
            var offset = 0
            while offset < compressed.count {
                let end = min(compressed.count, offset + chunkSize)
                try consume(UnsafeRawBufferPointer(rebasing: compressed[offset..<end]))
                offset = end
                release(offset)
            }
        } else {
            // Small parts get a buffer their size (a lying size only costs more rounds).
            let buffer = min(chunkSize, max(4096, Int(clamping: entry.uncompressedSize) + 1))
            switch try Inflater.inflate(compressed, chunkSize: buffer, consumed: release, sink: consume) {
            case .finished: break
            case .truncated: throw fail(.truncated("deflate 数据提前结束"))
            case .failed(let message): throw fail(.corrupt("deflate: \(message)"))
            }
        }
        if produced != entry.uncompressedSize {
            throw fail(.sizeMismatch(declared: entry.uncompressedSize, actual: produced))
        }
        if crc.value != entry.crc32 { throw fail(.crcMismatch(expected: entry.crc32, actual: crc.value)) }
    }
}
